"""Intake forms: written for every unit, filled by a person (here openpyxl), read back exactly."""

import json
import random
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import DEMO
from dm05.cli import app
from dm05.forms import build_form, form_rows
from dm05.period import parse_period
from dm05.workspace import load_workspace


@pytest.fixture
def blank(tmp_path) -> Path:
    """The demo workspace with an empty 2026 inbox and no year-on-year check."""
    ws = tmp_path / "ws"
    shutil.copytree(DEMO, ws, ignore=shutil.ignore_patterns("reports"))
    shutil.rmtree(ws / "inbox" / "2026")
    (ws / "inbox" / "2026").mkdir()
    (ws / "receipts.csv").unlink()  # no file of the demo's 2026 inbox was received here
    cfg = ws / "dm05.toml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "\n[validation]\njump_factor = 0\n\n[forms]\n"
                   "deadlines = { \"2026\" = 2026-12-05 }\n", encoding="utf-8")
    return ws


def _key_row(sheet) -> int:
    return next(r for r in range(1, 20) if sheet.cell(r, 2).value == "code")


def fill(path: Path, target: Path, rng: random.Random, totals: dict[str, int]) -> None:
    """Type plausible figures into every input cell, as a unit would, and add up what was typed (the demo's
    money raised by models in triệu đồng, as its label says, and its total in đồng)."""
    wb = openpyxl.load_workbook(path)
    sheet = wb["Biểu số liệu"]
    key_row = _key_row(sheet)
    keys = {c: sheet.cell(key_row, c).value for c in range(4, sheet.max_column + 1) if sheet.cell(key_row, c).value}
    for r in range(key_row + 2, sheet.max_row + 1):  # below the totals row
        members = rng.randint(5, 60)
        values = {}
        for c, key in keys.items():
            if key == "so_dang_vien":
                v = members
            elif key in ("dang_vien_dang_ky", "dang_vien_hoc_tap"):
                v = members - rng.randint(0, 3)
            elif key == "can_bo_chu_chot":
                v = 4
            elif key == "can_bo_chu_chot_dang_ky":
                v = rng.randint(3, 4)
            elif key.startswith("chi_bo_") or key.startswith("xep_loai"):
                v = rng.randint(0, 1)
            elif key.startswith("so_ky_"):
                v = rng.randint(2, 12)
            elif key == "tien_mo_hinh":
                v = rng.choice([0, 12.5, 150, 0.3, 47.25])
            else:
                v = rng.randint(0, 40)
            values[key] = v
            sheet.cell(r, c).value = v
        ratings = [k for k in keys.values() if k.startswith("xep_loai")]
        if sum(values[k] for k in ratings) > 1:  # a cell gets one rating
            for k in ratings[1:]:
                values[k] = 0
                sheet.cell(r, [c for c, key in keys.items() if key == k][0]).value = 0
        values["chi_bo_sinh_hoat_du_12_ky"] = int(values.get("so_ky_sinh_hoat_dinh_ky", 0) >= 12)
        values["chi_bo_sinh_hoat_chuyen_de"] = int(values.get("so_ky_sinh_hoat_chuyen_de", 0) >= 4)
        values["so_chi_bo"] = 1
        for k, v in values.items():
            if k == "tien_mo_hinh":
                totals[k] = totals.get(k, 0) + round(v * 1_000_000)
            elif not k.startswith("so_ky_"):
                totals[k] = totals.get(k, 0) + v
    wb.save(target)


def test_round_trip_demo_forms_filled_validated_and_aggregated(blank, tmp_path) -> None:
    out = tmp_path / "outbox"
    r = CliRunner().invoke(app, ["form", str(blank), "--period", "2026", "--all", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    forms = sorted(out.glob("*.xlsx"))
    assert len(forms) == 44 and forms[0].name == "01 - Đảng bộ xã Tân Lập.xlsx"
    rng, totals = random.Random(6), {}
    for path in forms:
        fill(path, blank / "inbox" / "2026" / path.name, rng, totals)
    r = CliRunner().invoke(app, ["validate", str(blank), "--period", "2026", "-f", "json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["findings"] == [], r.stdout[:2000]
    r = CliRunner().invoke(app, ["aggregate", str(blank), "--period", "2026", "-f", "json"])
    root = json.loads(r.stdout)["units"][0]
    assert root["reported"] == root["expected"] == 575
    for key, total in totals.items():
        assert root["values"][key] == total, key


def test_validations_protection_print_setup_and_hidden_sheet(blank, tmp_path) -> None:
    path = tmp_path / "f.xlsx"
    path.write_bytes(build_form(load_workspace(blank), parse_period("2026"), "01"))
    wb = openpyxl.load_workbook(path)
    sheet = wb["Biểu số liệu"]
    assert wb[ "_dm05"].sheet_state == "hidden" and wb["_dm05"]["A1"].value == "dm05-form"
    assert wb["_dm05"]["B2"].value == "2026" and wb["_dm05"]["B3"].value == "01"
    key_row = _key_row(sheet)
    cols = {sheet.cell(key_row, c).value: c for c in range(1, sheet.max_column + 1)}
    rules = {}
    for dv in sheet.data_validations.dataValidation:
        first = str(dv.sqref).split(":")[0]
        col = openpyxl.utils.column_index_from_string(re.match(r"[A-Z]+", first).group())
        rules[col] = dv
    members = rules[cols["so_dang_vien"]]
    assert (members.type, members.operator, members.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert "Số đảng viên" in members.prompt and members.error and members.showErrorMessage
    meetings = rules[cols["so_ky_sinh_hoat_dinh_ky"]]
    assert (meetings.type, meetings.formula1, meetings.formula2) == ("whole", "0", "12")
    pledged = rules[cols["dang_vien_dang_ky"]]
    assert pledged.type == "custom" and "$D" in pledged.formula1
    assert str(pledged.sqref) == f"F{key_row + 2}:F{key_row + 1 + len(form_rows(load_workspace(blank).tree(parse_period('2026')), '01'))}"
    assert sheet.protection.sheet and not sheet.protection.password
    assert sheet.cell(key_row + 2, cols["so_dang_vien"]).protection.locked is False
    assert sheet.cell(key_row - 2, cols["so_dang_vien"]).protection.locked is not False  # the label
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth in (None, 1)  # 1 is the default
    assert sheet.page_setup.fitToHeight == 0 and sheet.print_title_rows
    assert sheet.row_dimensions[key_row].hidden
    assert "Thời hạn gửi: ngày 05 tháng 12 năm 2026" in sheet["A4"].value


def test_every_formula_has_a_cached_value_and_output_is_deterministic(blank) -> None:
    ws, period = load_workspace(blank), parse_period("2026")
    data = build_form(ws, period, "42")
    assert data == build_form(ws, period, "42")
    xml = zipfile.ZipFile(__import__("io").BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    cells = re.findall(r"<c [^>]*>(.*?)</c>", xml)
    with_formula = [c for c in cells if "<f>" in c]
    assert with_formula and all("<v>" in c for c in with_formula)


def _form_for(blank: Path, unit: str, tmp_path: Path, period: str = "2026") -> tuple[Path, dict]:
    path = tmp_path / f"form_{unit}.xlsx"
    path.write_bytes(build_form(load_workspace(blank), parse_period(period), unit))
    totals: dict = {}
    fill(path, path, random.Random(1), totals)
    return path, totals


def test_resorted_rows_added_note_column_and_renamed_label_still_read(blank, tmp_path) -> None:
    path, totals = _form_for(blank, "02", tmp_path)
    wb = openpyxl.load_workbook(path)
    sheet = wb["Biểu số liệu"]
    sheet.protection.sheet = False
    key_row = _key_row(sheet)
    first, last = key_row + 2, sheet.max_row
    rows = [[sheet.cell(r, c).value for c in range(1, sheet.max_column + 1)] for r in range(first, last + 1)]
    for i, values in enumerate(reversed(rows)):  # re-sorted
        for c, v in enumerate(values, start=1):
            sheet.cell(first + i, c).value = v
    sheet.insert_cols(4)  # a note column
    sheet.cell(key_row - 2, 4).value = "Ghi chú"
    sheet.cell(first, 4).value = "đã kiểm tra"
    sheet.cell(key_row - 2, 5).value = "Đảng viên (đã đổi tên cột)"  # renamed label
    wb.save(blank / "inbox" / "2026" / "02.xlsx")
    r = CliRunner().invoke(app, ["aggregate", str(blank), "--period", "2026", "-f", "json"])
    unit = {u["code"]: u for u in json.loads(r.stdout)["units"]}["02"]
    assert unit["values"]["so_dang_vien"] == totals["so_dang_vien"] and unit["reported"] == unit["expected"]


def test_deleted_rows_are_missing_units_not_errors(blank, tmp_path) -> None:
    path, _ = _form_for(blank, "03", tmp_path)
    wb = openpyxl.load_workbook(path)
    sheet = wb["Biểu số liệu"]
    sheet.delete_rows(_key_row(sheet) + 3)  # the second sub-unit
    wb.save(blank / "inbox" / "2026" / "03.xlsx")
    r = CliRunner().invoke(app, ["status", str(blank), "--period", "2026", "-f", "json"])
    kids = {c["code"]: c["status"] for p in json.loads(r.stdout)["parents"] if p["code"] == "03" for c in p["children"]}
    assert list(kids.values()).count("missing") == 1 and kids["03.002"] == "missing"


def test_form_of_another_period_is_refused_precisely(blank, tmp_path) -> None:
    path, _ = _form_for(blank, "04", tmp_path, period="2025")
    shutil.copy(path, blank / "inbox" / "2026" / "04.xlsx")
    r = CliRunner().invoke(app, ["validate", str(blank), "--period", "2026", "-f", "json"])
    assert r.exit_code == 1
    rules = [(f["rule"], f["sheet"], f["cell"]) for f in json.loads(r.stdout)["findings"]]
    assert ("file.period_mismatch", "_dm05", "B2") in rules


def test_vertical_form_for_a_unit_reporting_for_itself(blank, tmp_path) -> None:
    path = tmp_path / "cell.xlsx"
    path.write_bytes(build_form(load_workspace(blank), parse_period("2026"), "41.001"))
    wb = openpyxl.load_workbook(path)
    sheet = wb["Biểu số liệu"]
    typed = {"so_dang_vien": 25, "dang_vien_dang_ky": 24, "so_ky_sinh_hoat_dinh_ky": 12, "mo_hinh_moi": 2}
    rows = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
    for key, value in typed.items():
        sheet.cell(rows[key], 4).value = value
    wb.save(blank / "inbox" / "2026" / "cell.xlsx")
    r = CliRunner().invoke(app, ["validate", str(blank), "--period", "2026", "-f", "json"])
    assert json.loads(r.stdout)["findings"] == []
    r = CliRunner().invoke(app, ["aggregate", str(blank), "--period", "2026", "-f", "json"])
    unit = {u["code"]: u for u in json.loads(r.stdout)["units"]}["41.001"]
    assert unit["values"]["so_dang_vien"] == 25 and unit["values"]["mo_hinh_moi"] == 2
    assert unit["values"]["chi_bo_sinh_hoat_du_12_ky"] == 1 and unit["values"]["so_chi_bo"] == 1


def test_existing_forms_are_kept_without_force(blank, tmp_path) -> None:
    out = tmp_path / "o"
    assert CliRunner().invoke(app, ["form", str(blank), "--period", "2026", "--all", "-o", str(out)]).exit_code == 0
    r = CliRunner().invoke(app, ["form", str(blank), "--period", "2026", "--all", "-o", str(out)])
    assert r.exit_code == 2 and "--force" in r.stderr


def _to_csv(path: Path, tmp_path: Path) -> str:
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(path)],
                   capture_output=True, text=True, timeout=180)
    out = path.with_suffix(".csv")
    return out.read_text(encoding="utf-8") if out.exists() else ""


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed here")
def test_libreoffice_opens_the_form(blank, tmp_path) -> None:
    from conftest import write_xlsx
    path = tmp_path / "f.xlsx"
    path.write_bytes(build_form(load_workspace(blank), parse_period("2026"), "01"))
    csv_text = _to_csv(path, tmp_path)
    # Nothing read back: a one-cell workbook tells a form LibreOffice cannot open from a LibreOffice without Calc.
    if not csv_text and "ok" not in _to_csv(write_xlsx(tmp_path / "probe.xlsx", [["ok"]]), tmp_path):
        pytest.skip("LibreOffice here cannot open spreadsheets (libreoffice-calc is not installed)")
    assert "Tổng số" in csv_text and "Chi bộ thôn" in csv_text and "so_dang_vien" in csv_text
