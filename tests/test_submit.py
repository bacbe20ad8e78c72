"""Reporting up (``dm05 submit``): the superior's form filled with this committee's figures, read back by the
superior's dm05 exactly, the form otherwise as it was.

The workspaces are the 2025 map: a province (Tỉnh ủy) over communes and wards, each over its party cells
(and a school's party committee with cells of its own). The province lists commune 01 with its cells (so
its form has one row per cell) and ward 02 without them (so its form is vertical, for the ward's totals);
each commune keeps its own workspace with its cells' files in its inbox."""

from __future__ import annotations

import io
import json
import random
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import python_calamine
import xlsxwriter
from conftest import TINY_TOML, write_xlsx
from typer.testing import CliRunner

from dm05.cli import app
from dm05.indicators import load_catalogue
from dm05.xlsxedit import feature_counts, signature

CAT = load_catalogue()
PROVINCE_UNITS = """\
code,name,parent,level
00,Đảng bộ tỉnh Thử,,tinh
01,Đảng bộ xã Một,00,xa
01.01,Chi bộ thôn Đông,01,chi_bo
01.02,Chi bộ thôn Tây,01,chi_bo
01.03,Chi bộ Trường Tiểu học,01,chi_bo
01.04,Đảng bộ Trường Trung học phổ thông,01,co_so
01.04.01,Chi bộ Tổ Toán,01.04,chi_bo
01.04.02,Chi bộ Tổ Văn,01.04,chi_bo
02,Đảng bộ phường Hai,00,phuong
03,Đảng bộ xã Ba,00,xa
03.01,Chi bộ thôn Bắc,03,chi_bo
"""
COMMUNE_UNITS = "code,name,parent,level\n01,Đảng bộ xã Một,,xa\n" + "".join(
    line + "\n" for line in PROVINCE_UNITS.splitlines() if line.startswith("01."))
WARD_UNITS = """\
code,name,parent,level
02,Đảng bộ phường Hai,,phuong
02.01,Chi bộ khu phố 1,02,chi_bo
02.02,Chi bộ khu phố 2,02,chi_bo
02.03,Chi bộ Trường Mầm non,02,chi_bo
"""
# What a party cell reports: every count a cell gives, its meetings, one rating.
CELL_KEYS = ["so_dang_vien", "dang_vien_dang_ky", "dang_vien_hoc_tap", "luot_quan_chung_hoc_tap", "can_bo_chu_chot",
             "can_bo_chu_chot_dang_ky", "tap_the_dang_ky_mo_hinh", "ca_nhan_dang_ky_mo_hinh", "mo_hinh_moi",
             "mo_hinh_nhan_rong", "hoi_nghi_hoc_tap", "luot_tham_gia_hoc_tap", "tap_the_khen_thuong",
             "ca_nhan_khen_thuong", "chi_bo_xay_dung_ke_hoach", "chi_bo_dua_vao_sinh_hoat", "so_ky_sinh_hoat_dinh_ky",
             "so_ky_sinh_hoat_chuyen_de", "cuoc_kiem_tra_giam_sat", "sang_kien", "tin_bai_tuyen_truyen",
             "xep_loai_htxs", "xep_loai_htt", "xep_loai_ht", "xep_loai_kht"]
runner = CliRunner()


def run(*args: Any) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def cell_rows(units: list[tuple[str, str]], rng: random.Random, keys: list[str] = CELL_KEYS) -> list[list[Any]]:
    """A commune's sheet of its cells' figures, headed by the catalogue's labels."""
    out: list[list[Any]] = [["Mã đơn vị", "Tên đơn vị", *(CAT.by_key[k].label for k in keys)]]
    for code, name in units:
        members = rng.randint(8, 60)
        rating = rng.choice(["xep_loai_htxs", "xep_loai_htt", "xep_loai_htt", "xep_loai_ht"])
        v = {"so_dang_vien": members, "dang_vien_dang_ky": members - rng.randint(0, 2),
             "dang_vien_hoc_tap": members - rng.randint(0, 3), "can_bo_chu_chot": 3,
             "can_bo_chu_chot_dang_ky": rng.randint(2, 3), "chi_bo_xay_dung_ke_hoach": 1,
             "chi_bo_dua_vao_sinh_hoat": rng.randint(0, 1), "so_ky_sinh_hoat_dinh_ky": rng.choice([10, 12, 12]),
             "so_ky_sinh_hoat_chuyen_de": rng.randint(2, 6), rating: 1}
        out.append([code, name, *(v.get(k, 0 if k.startswith("xep_loai") else rng.randint(0, 90)) for k in keys)])
    return out


def make_workspace(path: Path, units: str) -> Path:
    (path / "inbox" / "2026").mkdir(parents=True)
    (path / "dm05.toml").write_text(TINY_TOML + "\n[validation]\njump_factor = 0\n", encoding="utf-8")
    (path / "units.csv").write_text(units, encoding="utf-8")
    return path


@dataclass
class Up:
    """A province, its commune 01 and its ward 02, and the forms the province sent them."""

    province: Path
    commune: Path
    ward: Path

    def form(self, unit: str) -> Path:
        return next((self.province / "outbox" / "2026").glob(f"{unit} - *.xlsx"))


@pytest.fixture
def up(tmp_path: Path) -> Up:
    rng = random.Random(16)
    province = make_workspace(tmp_path / "tinh", PROVINCE_UNITS)
    commune = make_workspace(tmp_path / "xa01", COMMUNE_UNITS)
    ward = make_workspace(tmp_path / "phuong02", WARD_UNITS)
    write_xlsx(commune / "inbox" / "2026" / "chi_bo.xlsx", cell_rows(
        [("01.01", "Chi bộ thôn Đông"), ("01.02", "Chi bộ thôn Tây"), ("01.03", "Chi bộ Trường Tiểu học"),
         ("01.04.01", "Chi bộ Tổ Toán"), ("01.04.02", "Chi bộ Tổ Văn")], rng))
    # no ratings from the ward's cells: the province lists the ward as one organisation, and its reader refuses
    # more ratings than that (see test_ratings_above_what_the_superiors_structure_holds_are_said)
    write_xlsx(ward / "inbox" / "2026" / "chi_bo.xlsx", cell_rows(
        [("02.01", "Chi bộ khu phố 1"), ("02.02", "Chi bộ khu phố 2"), ("02.03", "Chi bộ Trường Mầm non")], rng,
        [k for k in CELL_KEYS if not k.startswith("xep_loai")]))
    r = run("form", province, "--period", "2026", "--all", "-q")
    assert r.exit_code == 0, r.stderr
    return Up(province, commune, ward)


def units_json(ws: Path) -> dict[str, dict[str, Any]]:
    r = run("aggregate", ws, "--period", "2026", "-f", "json", "-q")
    assert r.exit_code in (0, 1) and r.stdout, r.stderr  # 1: figures with an error cell left out
    return {u["code"]: u for u in json.loads(r.stdout)["units"]}


def findings(ws: Path) -> list[dict[str, Any]]:
    r = run("validate", ws, "--period", "2026", "-f", "json", "-q")
    return json.loads(r.stdout)["findings"]


def submit(ws: Path, form: Path, out: Path, *more: Any) -> Any:
    return run("submit", ws, "--period", "2026", "--form", form, "-o", out, "-q", *more)


def soffice(files: list[Path], outdir: Path, tmp_path: Path, fmt: str = "xlsx") -> list[Path]:
    """LibreOffice opens and saves (or converts) the files; skips the test where it cannot."""
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed here")
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                    "--convert-to", fmt, "--outdir", str(outdir), *map(str, files)], capture_output=True, timeout=300)
    out = [outdir / f"{f.stem}.{fmt}" for f in files]
    if not all(p.exists() for p in out):
        pytest.skip("LibreOffice here cannot convert spreadsheets (libreoffice-calc is not installed)")
    return out


def sheet_values(data: bytes, sheet: str) -> list[list[Any]]:
    """A sheet's cached values as calamine reads them, indexed from A1."""
    wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    s = wb.get_sheet_by_name(sheet)
    r0, c0 = s.start or (0, 0)
    return [[None] * c0 + list(row) for row in [[]] * r0 + s.to_python()]


# ---------------------------------------------------------------- the round trip


def assert_commune_read_back(up: Up) -> None:
    assert findings(up.province) == []
    province, commune = units_json(up.province), units_json(up.commune)
    for code, unit in commune.items():  # the commune and every unit under it, figure by figure
        mine = province[code]
        assert (mine["values"], mine["coverage"]) == (unit["values"], unit["coverage"]), code
        assert (mine["reported"], mine["expected"]) == (unit["reported"], unit["expected"]), code


def test_round_trip_horizontal_form_gives_the_province_the_communes_exact_figures(up: Up) -> None:
    r = submit(up.commune, up.form("01"), up.province / "inbox" / "2026" / "01.xlsx")
    assert r.exit_code == 0, r.stderr
    assert "Đã điền" in r.stderr
    assert_commune_read_back(up)
    assert units_json(up.province)["01"]["values"]["so_dang_vien"] > 0


def test_round_trip_vertical_form_gives_the_province_the_wards_totals(up: Up) -> None:
    r = submit(up.ward, up.form("02"), up.province / "inbox" / "2026" / "02.xlsx")
    assert r.exit_code == 0, r.stderr
    assert findings(up.province) == []
    ward, province = units_json(up.ward)["02"], units_json(up.province)["02"]
    assert province["values"] == ward["values"]
    assert ward["reported"] == ward["expected"] == 3 and province["reported"] == province["expected"] == 1


def test_round_trip_survives_libreoffice_saving_the_forms(up: Up, tmp_path: Path) -> None:
    saved = soffice([up.form("01"), up.form("02")], tmp_path / "lo_saved", tmp_path)
    assert submit(up.commune, saved[0], up.province / "inbox" / "2026" / "01.xlsx").exit_code == 0
    assert submit(up.ward, saved[1], up.province / "inbox" / "2026" / "02.xlsx").exit_code == 0
    assert_commune_read_back(up)
    assert units_json(up.province)["02"]["values"] == units_json(up.ward)["02"]["values"]


def test_json_names_every_cell_written_with_its_unit_indicator_and_coverage(up: Up) -> None:
    r = run("submit", up.commune, "--period", "2026", "--form", up.form("01"), "-q", "-f", "json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["output"] == str(up.commune / "reports" / up.form("01").name)  # the default: WS/reports/<form>
    assert Path(data["output"]).is_file()
    assert data["kind"] == "dm05_table" and data["complete"] and data["written"] == len(data["cells"]) == 5 * 25
    commune = units_json(up.commune)
    for c in data["cells"]:
        expected = commune[c["unit"]]["values"].get(c["indicator"])
        if c["indicator"].startswith("so_ky_"):  # a cell's own meeting count: the commune's input, not a roll-up
            expected = c["value"]
        assert c["value"] == expected and c["status"] == "ok" and (c["covered"], c["expected"]) == (1, 1)


# ---------------------------------------------------------------- the form stays the superior's


def test_filled_form_keeps_formulas_validation_protection_print_setup_and_hidden_rows(up: Up, tmp_path: Path) -> None:
    form = up.form("01")
    before = form.read_bytes()
    out = tmp_path / "out.xlsx"
    assert submit(up.commune, form, out).exit_code == 0
    assert form.read_bytes() == before  # the input is only read
    original, filled = openpyxl.load_workbook(form), openpyxl.load_workbook(out)
    assert signature(filled) == signature(original)
    sheet = filled["Biểu số liệu"]
    assert sheet.protection.sheet and sheet.data_validations.dataValidation
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$6:$8"
    assert filled["_dm05"].sheet_state == "hidden" and sheet.row_dimensions[8].hidden
    assert any(c.data_type == "f" and str(c.value).startswith("=SUM(") for c in sheet[9])
    members = next(c for c in sheet[8] if c.value == "so_dang_vien").column
    cell = sheet.cell(10, members)
    assert type(cell.value) is int and cell.data_type == "n" and cell.number_format == "#,##0"
    assert cell.number_format == openpyxl.load_workbook(form)["Biểu số liệu"].cell(10, members).number_format
    assert +feature_counts(out.read_bytes()) == +feature_counts(before)  # every feature, as many as before


def test_superior_formulas_compute_after_libreoffice_recalculation(up: Up, tmp_path: Path) -> None:
    out = tmp_path / "filled.xlsx"
    assert submit(up.commune, up.form("01"), out).exit_code == 0
    (recalculated,) = soffice([out], tmp_path / "recalc", tmp_path)
    rows = sheet_values(recalculated.read_bytes(), "Biểu số liệu")
    keys = rows[7]
    total, data = rows[8], rows[9:14]
    members, pledged = keys.index("so_dang_vien"), keys.index("dang_vien_dang_ky")
    for key in ("so_dang_vien", "dang_vien_hoc_tap", "mo_hinh_moi"):
        c = keys.index(key)
        assert total[c] == sum(r[c] for r in data) > 0, key
    rate = next(c for c, v in enumerate(rows[5]) if str(v).startswith("Tỷ lệ cán bộ, đảng viên đăng ký"))
    assert total[rate] == pytest.approx(total[pledged] / total[members])
    assert all(r[rate] == pytest.approx(r[pledged] / r[members]) for r in data)


def test_same_inputs_give_byte_identical_output(up: Up, tmp_path: Path) -> None:
    assert submit(up.commune, up.form("01"), tmp_path / "a.xlsx").exit_code == 0
    assert submit(up.commune, up.form("01"), tmp_path / "b.xlsx").exit_code == 0
    a, b = (tmp_path / "a.xlsx").read_bytes(), (tmp_path / "b.xlsx").read_bytes()
    assert a == b
    assert b"<dcterms:modified" in zipfile.ZipFile(io.BytesIO(a)).read("docProps/core.xml")


def test_existing_output_needs_force_and_the_form_is_never_overwritten(up: Up, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    assert submit(up.commune, up.form("01"), out).exit_code == 0
    r = submit(up.commune, up.form("01"), out)
    assert r.exit_code == 2 and "--force" in r.stderr and "Traceback" not in r.stderr
    assert submit(up.commune, up.form("01"), out, "--force").exit_code == 0
    form = up.form("01")
    before = form.read_bytes()
    r = submit(up.commune, form, form, "--force")
    assert r.exit_code == 2 and "không ghi đè biểu gốc" in r.stderr and form.read_bytes() == before


def test_form_of_another_period_or_unit_is_refused_naming_the_cell(up: Up, tmp_path: Path) -> None:
    r = run("submit", up.commune, "--period", "2026-H1", "--form", up.form("01"), "-o", tmp_path / "x.xlsx")
    assert r.exit_code == 2 and "_dm05!B2" in r.stderr and "2026-H1" in r.stderr and r.stdout == ""
    r = submit(up.commune, up.form("02"), tmp_path / "x.xlsx", "--lang", "en")
    assert r.exit_code == 2 and "_dm05!B3" in r.stderr and "for unit 02" in r.stderr
    r = submit(up.commune, up.form("01"), tmp_path / "x.xlsx", "--unit", "01.04")
    assert r.exit_code == 2 and "không phải 01.04" in r.stderr and "--unit 01" in r.stderr
    assert not (tmp_path / "x.xlsx").exists()


# ---------------------------------------------------------------- what is missing is said


def test_partial_or_error_figures_are_refused_unless_draft_and_a_draft_says_so(up: Up, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(up.commune / "inbox" / "2026" / "chi_bo.xlsx")
    sheet = wb.active
    sheet.delete_rows(4)  # 01.03 sends nothing
    sheet["D2"] = 999  # 01.01 pledges more members than it has: an error cell
    wb.save(up.commune / "inbox" / "2026" / "chi_bo.xlsx")
    out = up.province / "inbox" / "2026" / "01.xlsx"
    r = submit(up.commune, up.form("01"), out)
    assert r.exit_code == 1 and not out.exists()
    assert "01.03 Chi bộ Trường Tiểu học" in r.stderr and "01.01: ô lỗi" in r.stderr
    assert "value.above_denominator" in r.stderr and "--draft" in r.stderr
    r = submit(up.commune, up.form("01"), out, "-f", "json")
    data = json.loads(r.stdout)
    assert r.exit_code == 1 and data["complete"] is False and data["output"] is None and not out.exists()
    assert {(c["unit"], c["indicator"], c["status"]) for c in data["cells"] if c["status"] != "ok"} >= {
        ("01.01", "dang_vien_dang_ky", "error"), ("01.03", "so_dang_vien", "missing")}
    assert data["errors"][0]["rule"] == "value.above_denominator" and data["errors"][0]["cell"] == "D2"

    r = submit(up.commune, up.form("01"), out, "--draft")
    assert r.exit_code == 0 and "DỰ THẢO" in r.stderr and "Biểu số liệu!A5" in r.stderr
    sheet = openpyxl.load_workbook(out)["Biểu số liệu"]
    note = sheet["A5"]
    assert note.value.startswith("DỰ THẢO") and "01.03" in note.value and note.font.bold
    assert any(str(m).startswith("A5:") for m in sheet.merged_cells.ranges)  # across the table, not past it
    # the note is no figure and no title the superior's reader trips on; the row left empty for 01.03 is said
    assert [(f["rule"], "01.03" in f["message"]) for f in findings(up.province)] == [("row.no_figures", True)]
    province = units_json(up.province)
    assert province["01.03"]["values"]["so_dang_vien"] is None and province["01.01"]["values"]["dang_vien_dang_ky"] is None
    assert province["01.02"]["values"] == units_json(up.commune)["01.02"]["values"]


def test_a_vertical_drafts_note_stands_above_the_table_in_the_forms_language(up: Up) -> None:
    wb = openpyxl.load_workbook(up.ward / "inbox" / "2026" / "chi_bo.xlsx")
    wb.active.delete_rows(3)  # 02.02 sends nothing
    wb.save(up.ward / "inbox" / "2026" / "chi_bo.xlsx")
    out = up.province / "inbox" / "2026" / "02.xlsx"
    r = submit(up.ward, up.form("02"), out, "--draft", "--lang", "en")
    assert r.exit_code == 0 and "A DRAFT" in r.stderr and "2/3 base units (missing 02.02)" in r.stderr
    sheet = openpyxl.load_workbook(out)["Biểu số liệu"]
    heading = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "Khóa")
    (note,) = [c for row in sheet.iter_rows(max_row=heading) for c in row if str(c.value).startswith("DỰ THẢO")]
    assert note.row < heading and note.column == 2  # column A is the form's hidden key column
    assert "2/3 đơn vị cơ sở (thiếu 02.02)" in note.value and "9 chỉ tiêu khác" in note.value
    assert findings(up.province) == []
    assert units_json(up.province)["02"]["values"]["so_dang_vien"] == units_json(up.ward)["02"]["values"]["so_dang_vien"]


def test_indicators_the_form_asks_and_the_workspace_lacks_are_listed(up: Up, tmp_path: Path) -> None:
    keys = [k for k in CELL_KEYS if k not in ("sang_kien", "tin_bai_tuyen_truyen")]
    write_xlsx(up.ward / "inbox" / "2026" / "chi_bo.xlsx", cell_rows(
        [("02.01", "Chi bộ khu phố 1"), ("02.02", "Chi bộ khu phố 2"), ("02.03", "Chi bộ Trường Mầm non")],
        random.Random(1), keys))
    r = submit(up.ward, up.form("02"), tmp_path / "out.xlsx", "-f", "json")
    assert r.exit_code == 0, r.stderr
    assert [x["indicator"] for x in json.loads(r.stdout)["lacking"]] == ["sang_kien", "tin_bai_tuyen_truyen"]
    assert "Số sáng kiến, cách làm hay được ghi nhận (sang_kien)" in r.stderr and "để trống" in r.stderr


def test_ratings_above_what_the_superiors_structure_holds_are_said(up: Up, tmp_path: Path) -> None:
    write_xlsx(up.ward / "inbox" / "2026" / "chi_bo.xlsx", cell_rows(
        [("02.01", "Chi bộ khu phố 1"), ("02.02", "Chi bộ khu phố 2"), ("02.03", "Chi bộ Trường Mầm non")],
        random.Random(4)))
    r = submit(up.ward, up.form("02"), up.province / "inbox" / "2026" / "02.xlsx", "-f", "json")
    assert r.exit_code == 0, r.stderr
    (warning,) = [w for w in json.loads(r.stdout)["warnings"] if "ratings_exceed" in w]
    assert "02 (3)" in warning and "value.ratings_exceed" in r.stderr
    assert [f["rule"] for f in findings(up.province)] == ["value.ratings_exceed"]  # as said


def test_a_communes_own_figure_the_form_asks_of_each_cell_is_said_not_sent(up: Up, tmp_path: Path) -> None:
    keys = [k for k in CELL_KEYS if k != "hoi_nghi_hoc_tap"]
    write_xlsx(up.commune / "inbox" / "2026" / "chi_bo.xlsx", cell_rows(
        [("01.01", "Chi bộ thôn Đông"), ("01.02", "Chi bộ thôn Tây"), ("01.03", "Chi bộ Trường Tiểu học"),
         ("01.04.01", "Chi bộ Tổ Toán"), ("01.04.02", "Chi bộ Tổ Văn")], random.Random(6), keys))
    write_xlsx(up.commune / "inbox" / "2026" / "xa.xlsx", [["Mã đơn vị", "Số hội nghị học tập, quán triệt chuyên đề"],
                                                          ["01", 4]])
    r = submit(up.commune, up.form("01"), tmp_path / "out.xlsx", "-f", "json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert [x["indicator"] for x in data["uncarried"]] == ["hoi_nghi_hoc_tap"] and data["lacking"] == []
    assert "chỉ có số chung của 01" in r.stderr and "hoi_nghi_hoc_tap" in r.stderr


def test_units_with_figures_the_form_has_no_row_for_stop_the_submission(up: Up, tmp_path: Path) -> None:
    units = up.commune / "units.csv"
    units.write_text(units.read_text(encoding="utf-8") + "01.05,Chi bộ thôn Mới,01,chi_bo\n", encoding="utf-8")
    write_xlsx(up.commune / "inbox" / "2026" / "moi.xlsx", cell_rows([("01.05", "Chi bộ thôn Mới")], random.Random(2)))
    r = submit(up.commune, up.form("01"), tmp_path / "out.xlsx")
    assert r.exit_code == 1 and "01.05 Chi bộ thôn Mới" in r.stderr and "không có dòng" in r.stderr


def test_meetings_asked_from_a_cell_that_gave_only_the_norm_are_not_lost_silently(up: Up, tmp_path: Path) -> None:
    keys = [k if k != "so_ky_sinh_hoat_dinh_ky" else "chi_bo_sinh_hoat_du_12_ky" for k in CELL_KEYS]
    rows = cell_rows([("01.01", "Chi bộ thôn Đông")], random.Random(3), keys)
    rows[1][2 + keys.index("chi_bo_sinh_hoat_du_12_ky")] = 1
    write_xlsx(up.commune / "inbox" / "2026" / "chi_bo.xlsx", rows)
    units = up.commune / "units.csv"
    units.write_text("code,name,parent,level\n01,Đảng bộ xã Một,,xa\n01.01,Chi bộ thôn Đông,01,chi_bo\n", encoding="utf-8")
    form = tmp_path / "form.xlsx"
    r = run("form", up.province, "--period", "2026", "--unit", "01", "-o", form)
    assert r.exit_code == 0
    r = submit(up.commune, form, tmp_path / "out.xlsx", "-f", "json")
    data = json.loads(r.stdout)
    assert r.exit_code == 1 and not data["complete"]
    lost = [c for c in data["cells"] if c["status"] == "lost"]
    assert [(c["unit"], c["indicator"]) for c in lost] == [("01.01", "so_ky_sinh_hoat_dinh_ky")]


# ---------------------------------------------------------------- a form dm05 did not make


TEMPLATE_COLUMNS = {  # column → (group, label as the template writes it, the key it names)
    2: (None, "Tổng số đảng viên", "so_dang_vien"),
    3: ("Học tập chuyên đề", "Số ĐV tham gia học tập chuyên đề", "dang_vien_hoc_tap"),
    4: ("Học tập chuyên đề", "Tỷ lệ (%)", None),  # the superior's own formula
    5: ("Đăng ký làm theo", "Tập thể", "tap_the_dang_ky_mo_hinh"),
    6: ("Đăng ký làm theo", "Cá nhân", "ca_nhan_dang_ky_mo_hinh"),
    7: (None, "Cán bộ chủ chốt", "can_bo_chu_chot"),
    8: (None, "Cán bộ chủ chốt, người đứng đầu đăng ký nêu gương", "can_bo_chu_chot_dang_ky"),
    9: (None, "Mô hình xây dựng mới", "mo_hinh_moi"),
    10: (None, "Tỷ lệ đảng viên đăng ký (%)", "ti_le_dang_vien_dang_ky"),  # a rate the clerk types
    11: (None, "Số tiền vận động ủng hộ (triệu đồng)", None),  # no indicator: left empty, said
    12: (None, "Ghi chú", None),
}
TEMPLATE_ROWS = [("01.01", "Chi bộ thôn Đông"), ("01.02", "CB thôn Tây"), ("01.03", "3. Chi bộ Trường Tiểu học"),
                 ("01.04", "Đảng bộ Trường Trung học phổ thông"), ("01.04.01", "Chi bộ Tổ Toán"),
                 ("01.04.02", "Chi bộ Tổ Văn")]


def make_template(path: Path, extra: str = "") -> Path:
    """The province's own sheet: title, two header rows with merged groups, a column-number row, a totals
    row of SUMs, the commune's cells by name (as a clerk types them), a rate computed by formula."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Biểu 01")
    head = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "border": 1, "text_wrap": True})
    box, pct = wb.add_format({"border": 1, "num_format": "#,##0"}), wb.add_format({"border": 1, "num_format": "0.00"})
    ws.merge_range("A1:E1", "ĐẢNG BỘ TỈNH THỬ", wb.add_format({"bold": True}))
    ws.merge_range("A2:M2", "BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN KẾT LUẬN 01-KL/TW NĂM 2026", head)
    ws.merge_range("A5:A6", "STT", head)
    ws.merge_range("B5:B6", "Tên chi bộ", head)
    groups: dict[str, list[int]] = {}
    for c, (group, label, _) in TEMPLATE_COLUMNS.items():
        if group is None:
            ws.merge_range(4, c, 5, c, label, head)
        else:
            groups.setdefault(group, []).append(c)
            ws.write_string(5, c, label, head)
    for group, cols in groups.items():
        ws.merge_range(4, min(cols), 4, max(cols), group, head)
    for c in range(13):
        ws.write_string(6, c, {4: "5 = 4/3"}.get(c, str(c + 1)), head)
    first, last = 8, 7 + len(TEMPLATE_ROWS)
    ws.write_string(7, 1, "Tổng cộng", head)
    for c, (_, _, key) in TEMPLATE_COLUMNS.items():
        letter = xlsxwriter.utility.xl_col_to_name(c)
        if c == 4:
            for r in range(7, last + 1):
                ws.write_formula(r, c, f'=IF(N(C{r + 1})>0,D{r + 1}/C{r + 1}*100,"")', pct, "")
        elif key is not None and c != 10:
            ws.write_formula(7, c, f"=SUM({letter}{first + 1}:{letter}{last + 1})", box, 0)
    for i, (_, name) in enumerate(TEMPLATE_ROWS):
        ws.write_number(first + i, 0, i + 1, box)
        ws.write_string(first + i, 1, name, box)
        for c in (2, 3, 5, 6, 7, 8, 9, 11, 12):
            ws.write_blank(first + i, c, None, box)
        ws.write_blank(first + i, 10, None, pct)
    ws.data_validation(first, 2, last, 9, {"validate": "integer", "criteria": ">=", "value": 0})
    ws.write_string(last + 2, 1, "Nơi nhận:")
    ws.write_string(last + 2, 8, "T/M ĐẢNG ỦY")
    ws.protect()
    ws.set_landscape()
    ws.set_paper(9)
    ws.repeat_rows(4, 6)
    if extra == "textbox":
        ws.insert_textbox("O2", "Hạn nộp: 05/12")
    if extra == "picture":
        png = path.with_suffix(".png")
        from PIL import Image

        Image.new("RGB", (24, 24), "red").save(png)
        ws.insert_image("O2", str(png))
        chart = wb.add_chart({"type": "column"})
        chart.add_series({"values": "='Biểu 01'!$C$9:$C$14"})
        ws.insert_chart("O6", chart)
    wb.close()
    return path


def test_template_with_merged_headers_is_filled_through_the_proposed_mapping(up: Up, tmp_path: Path) -> None:
    template = make_template(tmp_path / "bieu_tinh.xlsx")
    mapping = up.commune / "submit.toml"
    r = run("submit", up.commune, "--period", "2026", "--map", template, "-o", mapping)
    assert r.exit_code == 0, r.stderr
    text = mapping.read_text(encoding="utf-8")
    import tomllib

    proposed = tomllib.loads(text)
    (table,) = proposed["table"]
    labelled = {key for _, _, key in TEMPLATE_COLUMNS.values() if key is not None}
    assert set(table["columns"]) == labelled  # every column the template names with a label or alias
    assert table["columns"]["tap_the_dang_ky_mo_hinh"] == "Đăng ký làm theo › Tập thể"
    # the totals row is the commune's where it computes nothing itself (the typed rate), its SUMs stay
    assert dict(table["rows"]) == {"01": "Tổng cộng", **dict(TEMPLATE_ROWS)}
    assert "Số tiền vận động ủng hộ" in text and "công thức" in text  # what it left alone, said

    out = tmp_path / "gui_tinh.xlsx"
    r = run("submit", up.commune, "--period", "2026", "--form", template, "-o", out, "-q", "-f", "json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["kind"] == "mapping" and data["complete"]
    commune = units_json(up.commune)
    rows = sheet_values(out.read_bytes(), "Biểu 01")
    for i, (code, _) in enumerate(TEMPLATE_ROWS):
        for c, (_, _, key) in TEMPLATE_COLUMNS.items():
            if key is None:
                continue
            want = commune[code]["values"][key]
            if key.startswith("ti_le"):
                assert rows[8 + i][c] == round(want * 100, 2)  # a "0.00" cell under "(%)": in percent
            else:
                assert rows[8 + i][c] == want and isinstance(rows[8 + i][c], float), (code, key)
    assert rows[7][10] == round(commune["01"]["values"]["ti_le_dang_vien_dang_ky"] * 100, 2)
    assert [c["cell"] for c in data["cells"] if c["unit"] == "01"] == ["K8"]  # not over the SUMs
    # the superior's dm05 reads the filled sheet back: the same figures, no error
    shutil.copy(out, up.province / "inbox" / "2026" / "01.xlsx")
    assert [f for f in findings(up.province) if f["severity"] == "error"] == []
    province = units_json(up.province)
    for code, _ in TEMPLATE_ROWS:
        for key in labelled - {"ti_le_dang_vien_dang_ky"}:
            assert province[code]["values"][key] == commune[code]["values"][key], (code, key)


def test_template_formulas_compute_after_libreoffice_recalculation(up: Up, tmp_path: Path) -> None:
    template = make_template(tmp_path / "bieu_tinh.xlsx")
    assert run("submit", up.commune, "--period", "2026", "--map", template, "-o", up.commune / "submit.toml").exit_code == 0
    out = tmp_path / "gui_tinh.xlsx"
    assert run("submit", up.commune, "--period", "2026", "--form", template, "-o", out, "-q").exit_code == 0
    (recalculated,) = soffice([out], tmp_path / "recalc", tmp_path)
    rows = sheet_values(recalculated.read_bytes(), "Biểu 01")
    cells = rows[8:8 + len(TEMPLATE_ROWS)]
    leaves = [r for (code, _), r in zip(TEMPLATE_ROWS, cells) if code != "01.04"]
    assert rows[7][2] == sum(r[2] for r in cells) > 0  # the superior's SUM over its rows (01.04 counted with its cells)
    assert all(r[4] == pytest.approx(r[3] / r[2] * 100) for r in leaves)


@pytest.mark.parametrize("alias", [None, *range(max(len(i.aliases) for i in CAT.indicators if i.kind != "ratio"))])
def test_proposal_finds_every_column_headed_by_a_catalogue_label_or_alias(up: Up, tmp_path: Path, alias: int | None) -> None:
    """Each catalogue indicator a clerk can type (counts, meeting counts) headed by its label, or by its
    alias number ``alias`` where it has one: every one of them is proposed, and nothing else."""
    texts = {i.key: i.label if alias is None else i.aliases[alias] for i in CAT.indicators
             if i.kind != "ratio" and (alias is None or alias < len(i.aliases))}
    path = write_xlsx(tmp_path / "bieu.xlsx", [["STT", "Tên chi bộ", *texts.values()], [1, "Chi bộ thôn Đông"],
                                               [2, "Chi bộ thôn Tây"]])
    r = run("submit", up.commune, "--period", "2026", "--map", path, "-f", "json")
    assert r.exit_code == 0, r.stderr
    (table,) = json.loads(r.stdout)["tables"]
    assert table["columns"] == texts and table["rows"] == {"01.01": "Chi bộ thôn Đông", "01.02": "Chi bộ thôn Tây"}


def test_mapping_by_cell_and_by_header_and_row_label(up: Up, tmp_path: Path) -> None:
    path = tmp_path / "doc.xlsx"
    write_xlsx(path, [["BÁO CÁO SỐ LIỆU NĂM 2026"], [], ["STT", "Chỉ tiêu", "ĐVT", "Kết quả"],
                      [1, "Tổng số đảng viên", "người", None], [2, "Số mô hình mới", "mô hình", None],
                      [3, "Tỷ lệ đảng viên đăng ký", "%", None]], sheet="Số liệu")
    wb = openpyxl.load_workbook(path)
    wb["Số liệu"]["D6"].number_format = "0.0%"
    wb["Số liệu"]["F1"] = "Chi bộ Tổ Toán:"
    wb.save(path)
    (up.commune / "submit.toml").write_text(
        '[[cell]]\nsheet = "Số liệu"\nkey = "so_dang_vien"\nheader = "Kết quả"\nrow = "Tổng số đảng viên"\n\n'
        '[[cell]]\nsheet = "Số liệu"\nkey = "mo_hinh_moi"\ncell = "d5"\n\n'
        '[[cell]]\nsheet = "Số liệu"\nkey = "ti_le_dang_vien_dang_ky"\ncell = "D6"\n\n'
        '[[cell]]\nsheet = "Số liệu"\nkey = "so_dang_vien"\ncell = "G1"\nunit = "01.04.01"\n', encoding="utf-8")
    out = tmp_path / "out.xlsx"
    r = run("submit", up.commune, "--period", "2026", "--form", path, "-o", out, "-q")
    assert r.exit_code == 0, r.stderr
    commune = units_json(up.commune)
    sheet = openpyxl.load_workbook(out)["Số liệu"]
    assert sheet["D4"].value == commune["01"]["values"]["so_dang_vien"]
    assert sheet["D5"].value == commune["01"]["values"]["mo_hinh_moi"]
    assert sheet["D6"].value == pytest.approx(commune["01"]["values"]["ti_le_dang_vien_dang_ky"])  # a fraction under %
    assert sheet["G1"].value == commune["01.04.01"]["values"]["so_dang_vien"]


def test_a_draft_through_a_mapping_says_so_in_the_cell_the_mapping_names(up: Up, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "doc.xlsx", [["Chỉ tiêu", "Kết quả"], ["Tổng số đảng viên", None]], sheet="Số liệu")
    (up.commune / "submit.toml").write_text('note = "Số liệu!D1"\n[[cell]]\nsheet = "Số liệu"\nkey = "so_dang_vien"\n'
                                            'cell = "B2"\n', encoding="utf-8")
    (up.commune / "inbox" / "2026" / "chi_bo.xlsx").unlink()
    write_xlsx(up.commune / "inbox" / "2026" / "mot.xlsx", cell_rows([("01.01", "Chi bộ thôn Đông")], random.Random(7)))
    out = tmp_path / "out.xlsx"
    r = run("submit", up.commune, "--period", "2026", "--form", path, "-o", out, "-q")
    assert r.exit_code == 1 and "1/5" in r.stderr and not out.exists()
    r = run("submit", up.commune, "--period", "2026", "--form", path, "-o", out, "-q", "--draft")
    assert r.exit_code == 0 and "Số liệu!D1" in r.stderr
    sheet = openpyxl.load_workbook(out)["Số liệu"]
    assert sheet["D1"].value.startswith("DỰ THẢO") and "1/5" in sheet["D1"].value and not sheet.merged_cells.ranges
    assert sheet["B2"].value == units_json(up.commune)["01"]["values"]["so_dang_vien"]


def test_proposal_for_a_vertical_sheet_maps_each_indicator_row(up: Up, tmp_path: Path) -> None:
    path = tmp_path / "doc.xlsx"
    write_xlsx(path, [["Đơn vị: ..........."], ["STT", "Chỉ tiêu", "ĐVT", "Số liệu"],
                      [1, "Số đảng viên", "người", None], [2, "Số mô hình mới", "mô hình", None],
                      [3, "Số lượt quần chúng tham gia học tập", "lượt", None]], sheet="Báo cáo")
    r = run("submit", up.commune, "--period", "2026", "--map", path, "-f", "json")
    assert r.exit_code == 0, r.stderr
    cells = json.loads(r.stdout)["cells"]
    assert [(c["key"], c["header"], c["row"], c["cell"]) for c in cells] == [
        ("so_dang_vien", "Số liệu", "Số đảng viên", "D3"), ("mo_hinh_moi", "Số liệu", "Số mô hình mới", "D4"),
        ("luot_quan_chung_hoc_tap", "Số liệu", "Số lượt quần chúng tham gia học tập", "D5")]


@pytest.mark.parametrize("mapping,fragment", [
    ('[[cell]]\nsheet = "Biểu 01"\nkey = "so_dang_vienn"\ncell = "C9"\n', "cell[0].key"),
    ('[[cell]]\nsheet = "Biểu 9"\nkey = "so_dang_vien"\ncell = "C9"\n', "Biểu 9"),
    ('[[cell]]\nsheet = "Biểu 01"\nkey = "so_dang_vien"\ncell = "C8"\n', "C8"),  # the superior's SUM
    ('[[cell]]\nsheet = "Biểu 01"\nkey = "so_dang_vien"\ncell = "B9"\n', "Chi bộ thôn Đông"),  # a label
    ('[[cell]]\nsheet = "Biểu 01"\nkey = "so_dang_vien"\nheader = "Không có cột này"\nrow = "Tổng cộng"\n', "Không có cột này"),
    ('[[cell]]\nsheet = "Biểu 01"\nkey = "so_dang_vien"\ncell = "C9"\nheader = "x"\n', "cell.0"),
    ('[[table]]\nsheet = "Biểu 01"\n[table.columns]\nso_dang_vien = "Tổng số đảng viên"\n[table.rows]\n"09" = 9\n', "09"),
    ('schema = 1\n', "[[table]]"),
])
def test_mapping_errors_name_the_file_and_entry_and_exit_2(up: Up, tmp_path: Path, mapping: str, fragment: str) -> None:
    template = make_template(tmp_path / "bieu_tinh.xlsx")
    (up.commune / "submit.toml").write_text(mapping, encoding="utf-8")
    r = run("submit", up.commune, "--period", "2026", "--form", template, "-o", tmp_path / "out.xlsx", "-q")
    assert r.exit_code == 2 and fragment in r.stderr and "submit.toml" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) <= 2 and not (tmp_path / "out.xlsx").exists()


def test_no_mapping_is_proposed_for_a_form_dm05_made(up: Up) -> None:
    r = run("submit", up.commune, "--period", "2026", "--map", up.form("01"))
    assert r.exit_code == 2 and "không cần submit.toml" in r.stderr and r.stdout == ""


def test_form_without_mapping_says_how_to_propose_one(up: Up, tmp_path: Path) -> None:
    template = make_template(tmp_path / "bieu_tinh.xlsx")
    r = run("submit", up.commune, "--period", "2026", "--form", template, "-o", tmp_path / "out.xlsx")
    assert r.exit_code == 2 and "--map" in r.stderr and "submit.toml" in r.stderr


def test_form_openpyxl_would_damage_is_refused_naming_what_would_be_lost(up: Up, tmp_path: Path) -> None:
    template = make_template(tmp_path / "bieu_tinh.xlsx", extra="textbox")
    assert run("submit", up.commune, "--period", "2026", "--map", template, "-o", up.commune / "submit.toml").exit_code == 0
    r = run("submit", up.commune, "--period", "2026", "--form", template, "-o", tmp_path / "out.xlsx", "-q")
    assert r.exit_code == 2 and "hộp chữ" in r.stderr and not (tmp_path / "out.xlsx").exists()


def test_pictures_and_charts_of_the_form_are_kept_and_the_redrawn_chart_is_said(up: Up, tmp_path: Path) -> None:
    template = make_template(tmp_path / "bieu_tinh.xlsx", extra="picture")
    assert run("submit", up.commune, "--period", "2026", "--map", template, "-o", up.commune / "submit.toml").exit_code == 0
    out = tmp_path / "out.xlsx"
    r = run("submit", up.commune, "--period", "2026", "--form", template, "-o", out, "-q")
    assert r.exit_code == 0, r.stderr
    assert "biểu đồ" in r.stderr and "vẽ lại" in r.stderr
    before, after = feature_counts(template.read_bytes()), feature_counts(out.read_bytes())
    assert after["images"] == before["images"] == 1 and after["charts"] == before["charts"] == 1


@pytest.mark.parametrize("suffix", [".xls", ".ods", ".csv"])
def test_only_xlsx_forms_are_filled(up: Up, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"bieu{suffix}"
    path.write_bytes(b"x")
    r = run("submit", up.commune, "--period", "2026", "--form", path, "-o", tmp_path / "out.xlsx")
    assert r.exit_code == 2 and ".xlsx" in r.stderr and "Traceback" not in r.stderr


def test_a_bomb_as_form_is_refused_before_openpyxl_opens_it(up: Up, tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
    r = run("submit", up.commune, "--period", "2026", "--form", path, "-o", tmp_path / "out.xlsx")
    assert r.exit_code == 2 and "bomb.xlsx" in r.stderr and "Traceback" not in r.stderr


def test_every_text_of_reporting_up_is_in_the_catalogue_in_both_languages() -> None:
    import re
    import typing

    from conftest import ROOT

    from dm05.messages import ERRORS, TEXTS
    from dm05.submit import Status
    from dm05.xlsxedit import FEATURES

    used = set()
    for name in ("submit.py", "submitmap.py", "xlsxedit.py", "cli.py"):
        used |= set(re.findall(r'"(submit\.[a-z_]+)"', (ROOT / "dm05" / name).read_text(encoding="utf-8")))
    used |= {f"submit.feature.{f}" for f in FEATURES} | {f"submit.status_{s}" for s in typing.get_args(Status) if s != "ok"}
    missing = [code for code in sorted(used - {"submit.toml"}) if code not in ERRORS and code not in TEXTS]
    assert missing == []
    assert all(vi and en and (vi != en or vi.startswith("{")) for code, (vi, en) in {**ERRORS, **TEXTS}.items()
               if code.startswith("submit."))


def test_readmes_submit_toml_example_is_a_valid_mapping(tmp_path: Path) -> None:
    import re

    from conftest import ROOT

    from dm05.submitmap import load_mapping

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (example,) = [block for block in re.findall(r"```toml\n(.*?)```", readme, re.S) if "[[table]]" in block]
    (tmp_path / "submit.toml").write_text(example, encoding="utf-8")
    mapping = load_mapping(tmp_path / "submit.toml", CAT)
    assert mapping.table[0].columns["tap_the_dang_ky_mo_hinh"] == "Đăng ký làm theo › Tập thể"
    assert mapping.cell[0].header == "Số liệu"


# ---------------------------------------------------------------- money


def test_amounts_go_up_in_the_forms_unit_and_come_back_to_the_dong(tmp_path: Path) -> None:
    """A money indicator the province asks for in triệu đồng: the commune's sum (exact in đồng) is written
    in triệu, with its decimals, and the province reads the same đồng back."""
    money = ('[[indicator]]\nkey = "so_tien_mo_hinh"\nlabel = "Số tiền các mô hình huy động được"\n'
             'kind = "amount"\ntemporal = "flow"\ninput_unit = "triệu đồng"\n')
    province = make_workspace(tmp_path / "tinh", PROVINCE_UNITS)
    commune = make_workspace(tmp_path / "xa01", COMMUNE_UNITS)
    for ws in (province, commune):
        (ws / "indicators.toml").write_text(money, encoding="utf-8")
    write_xlsx(commune / "inbox" / "2026" / "chi_bo.xlsx", [
        ["Mã đơn vị", "Số đảng viên", "Số tiền các mô hình huy động được (đồng)"],
        ["01.01", 20, "1.250.000"], ["01.02", 30, "600.500.000"], ["01.03", 9, 0],
        ["01.04.01", 7, "12.345.678"], ["01.04.02", 8, 1]])
    assert run("form", province, "--period", "2026", "--all", "-q").exit_code == 0
    form = next((province / "outbox" / "2026").glob("01 - *.xlsx"))
    out = province / "inbox" / "2026" / "01.xlsx"
    r = submit(commune, form, out, "--draft", "-f", "json")
    assert r.exit_code == 0, r.stderr
    written = {c["unit"]: c["value"] for c in json.loads(r.stdout)["cells"] if c["indicator"] == "so_tien_mo_hinh"}
    assert written["01.04.01"] == pytest.approx(12.345678) and written["01.02"] == pytest.approx(600.5)
    province_units, commune_units = units_json(province), units_json(commune)
    assert commune_units["01"]["values"]["so_tien_mo_hinh"] == 614_095_679
    for code in ("01", "01.01", "01.02", "01.04", "01.04.01", "01.04.02"):
        assert province_units[code]["values"]["so_tien_mo_hinh"] == commune_units[code]["values"]["so_tien_mo_hinh"]
