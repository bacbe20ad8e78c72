"""Every reading case and every rule, each next to its clean twin, which gives no finding at all."""

import shutil
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter

from conftest import ROOT, write_xlsx
from dm05.period import parse_period
from dm05.validate import run
from dm05.workspace import load_workspace

DATA = ROOT / "tests" / "data"
HEAD = ["STT", "Mã đơn vị", "Tên chi bộ", "Số đảng viên", "Số cán bộ, đảng viên đăng ký học tập và làm theo"]
CLEAN = [HEAD, [1, "01.01", "Chi bộ thôn Đông", 30, 29], [2, "01.02", "Chi bộ thôn Tây", 20, 20]]


def found(ws: Path, period: str = "2026", notes: bool = True) -> list[tuple[str, str | None, str | None]]:
    report = run(load_workspace(ws), parse_period(period))
    return [(f.rule, f.cell, f.unit) for f in report.findings if notes or f.severity != "note"]


def twin(tiny, broken: list[list[Any]], clean: list[list[Any]], expected: list[tuple], name: str = "x.xlsx",
         **kw: Any) -> None:
    path = tiny(name, broken, **kw)
    assert found(tiny.root) == expected
    path.unlink()
    tiny(name, clean, **kw)
    assert found(tiny.root) == []


def _with(rows: list[list[Any]], r: int, c: int, value: Any) -> list[list[Any]]:
    out = [list(x) for x in rows]
    out[r][c] = value
    return out


# --- formats ------------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_xls_and_ods(tiny, suffix) -> None:
    inbox = tiny.root / "inbox" / "2026"
    shutil.copy(DATA / f"negative.{suffix}", inbox / f"x.{suffix}")
    assert found(tiny.root) == [("value.negative", "D3", "01.02")]
    (inbox / f"x.{suffix}").unlink()
    shutil.copy(DATA / f"clean.{suffix}", inbox / f"x.{suffix}")
    assert found(tiny.root) == []


def test_xlsm(tiny) -> None:
    twin(tiny, _with(CLEAN, 2, 3, "hai mươi"), CLEAN, [("value.not_number", "D3", "01.02")], name="x.xlsm")


@pytest.mark.parametrize("encoding,delimiter", [("utf-8-sig", ","), ("utf-8", ";"), ("utf-16", "\t"),
                                                ("utf-8", "\t")])
def test_csv_encodings_and_delimiters(tiny, encoding, delimiter) -> None:
    path = tiny.root / "inbox" / "2026" / "x.csv"

    def write(rows: list[list[Any]]) -> None:
        text = "\n".join(delimiter.join(f'"{v}"' if delimiter in str(v) or "," in str(v) else str(v) for v in r)
                         for r in rows) + "\n"
        path.write_bytes(text.encode(encoding))

    write(_with(CLEAN, 1, 3, "-4"))
    assert found(tiny.root) == [("value.negative", "D2", "01.01")]
    write(CLEAN)
    assert found(tiny.root) == []


# --- layouts ------------------------------------------------------------------------------------

def _two_row_header(path: Path, pledges_by_people: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Biểu")
    ws.write(0, 0, "ĐẢNG ỦY XÃ MỘT")
    for c, text in enumerate(["STT", "Mã đơn vị", "Số đảng viên"]):
        ws.merge_range(2, c, 3, c, text)
    ws.merge_range(2, 3, 2, 4, "Đăng ký làm theo")
    ws.write(3, 3, "Tập thể")
    ws.write(3, 4, "Cá nhân")
    ws.write_row(4, 0, [1, "01.01", 30, 1, pledges_by_people])
    wb.close()
    return path


def test_two_row_header_with_merged_group_cells(tiny) -> None:
    path = tiny.root / "inbox" / "2026" / "x.xlsx"
    _two_row_header(path, "mười")
    assert found(tiny.root) == [("value.not_number", "E5", "01.01")]
    _two_row_header(path, 12)
    report = run(load_workspace(tiny.root), parse_period("2026"))
    assert report.findings == []
    cols = report.files[0].sheets[0].columns
    assert cols["tap_the_dang_ky_mo_hinh"] == ("D", [1.0]) and cols["ca_nhan_dang_ky_mo_hinh"] == ("E", [12.0])


GROUPED = [["STT", "Tên chi bộ", "Số đảng viên"],
           ["I", "Khối thôn", 50], [1, "Chi bộ thôn Đông", 30], [2, "Chi bộ thôn Tây", 20],
           ["II", "Khối trường học", 15], ["a", "Chi bộ Trường Tiểu học", 15],
           [None, "Tổng cộng", 65]]


def test_group_rows_with_roman_and_letter_numbers_are_subtotals(tiny) -> None:
    twin(tiny, _with(GROUPED, 1, 2, 51), GROUPED, [("total.mismatch", "C2", None)])


def test_totals_row_is_left_out_and_checked(tiny) -> None:
    twin(tiny, _with(GROUPED, 6, 2, 66), GROUPED, [("total.mismatch", "C7", None)])
    report = run(load_workspace(tiny.root), parse_period("2026"))
    assert report.files[0].sheets[0].units == ["01.01", "01.02", "01.03"]


def test_totals_row_placed_first_as_in_party_forms(tiny) -> None:
    rows = [["TT", "Đơn vị", "Số đảng viên"], ["1", "2", "3"], [None, "Tổng số", 50],
            [1, "Chi bộ thôn Đông", 30], [2, "Chi bộ thôn Tây", 20]]
    twin(tiny, _with(rows, 2, 2, 49), rows, [("total.mismatch", "C3", None)])


def test_columns_in_any_order_blank_rows_and_extra_column(tiny) -> None:
    rows = [["Số đảng viên", "Tên chi bộ", None, "STT"], [], [30, "Chi bộ thôn Đông", None, 1], [], [20, "Chi bộ thôn Tây", None, 2]]
    extra = [["Số đảng viên", "Ghi chú", "Tên chi bộ", "STT"], [30, "mới thành lập", "Chi bộ thôn Đông", 1],
             [20, None, "Chi bộ thôn Tây", 2]]
    twin(tiny, extra, rows, [("column.unknown", "B1", None)])


def _sheets(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is not None:
                    ws.write(r, c, v)
    wb.close()
    return path


def test_several_sheets_read_and_skipped_sheet_noted(tiny) -> None:
    path = tiny.root / "inbox" / "2026" / "x.xlsx"
    _sheets(path, {"Hướng dẫn": [["Điền số liệu vào trang sau"]], "Xã Một": CLEAN[:2],
                   "Xã Hai": [["Mã đơn vị", "Số đảng viên"], ["02.01", 7]]})
    report = run(load_workspace(tiny.root), parse_period("2026"))
    assert [(f.rule, f.sheet) for f in report.findings] == [("sheet.skipped", "Hướng dẫn")]
    assert [s.units for s in report.files[0].sheets] == [["01.01"], ["02.01"]]
    _sheets(path, {"Xã Một": CLEAN[:2], "Xã Hai": [["Mã đơn vị", "Số đảng viên"], ["02.01", 7]]})
    assert found(tiny.root) == []


VERTICAL = [["ĐẢNG ỦY XÃ MỘT"], ["Đơn vị: Chi bộ thôn Tây"], [], ["STT", "Chỉ tiêu", "Số liệu"],
            [1, "Số đảng viên", 30], [2, "Số cán bộ, đảng viên đăng ký học tập và làm theo", 29],
            [3, "Số kỳ sinh hoạt định kỳ trong năm", 12]]


def test_vertical_form(tiny) -> None:
    twin(tiny, _with(VERTICAL, 5, 2, 31), VERTICAL, [("value.above_denominator", "C6", "01.02")])
    sheet = run(load_workspace(tiny.root), parse_period("2026")).files[0].sheets[0]
    assert sheet.units == ["01.02"]
    assert sheet.columns["so_dang_vien"] == ("C", [30.0]) and sheet.cell("so_dang_vien", 0) == "Sheet1!C5"
    assert sheet.columns["chi_bo_sinh_hoat_du_12_ky"][1] == [1.0]


def test_vertical_form_unit_by_code_label_or_file_name(tiny) -> None:
    by_code = [["Mã đơn vị:", "01.02"]] + VERTICAL[3:]
    twin(tiny, [["Mã đơn vị:", "01.09"]] + VERTICAL[3:], by_code, [("unit.unknown", "A1", None)])
    (tiny.root / "inbox" / "2026" / "x.xlsx").unlink()
    tiny("x.xlsx", [["Đơn vị: Chi bộ thôn Đông"]] + VERTICAL[3:])  # in two communes: not a guess
    assert found(tiny.root) == [("unit.ambiguous", "A1", None)]
    (tiny.root / "inbox" / "2026" / "x.xlsx").unlink()
    tiny("Chi bộ thôn Tây.xlsx", VERTICAL[3:])
    report = run(load_workspace(tiny.root), parse_period("2026"))
    assert report.findings == [] and report.files[0].sheets[0].units == ["01.02"]


# --- units --------------------------------------------------------------------------------------

def test_unit_names_in_other_unicode_forms_case_and_spacing(tiny) -> None:
    rows = [["Tên chi bộ", "Số đảng viên"], [unicodedata.normalize("NFD", "CHI BỘ  THÔN TÂY"), 30]]
    twin(tiny, [["Tên chi bộ", "Số đảng viên"], ["Chi bộ thôn Tâq", 30]], rows, [("unit.unknown", "A2", None)])


def test_unit_outside_the_periods_structure(tiny) -> None:
    units = (tiny.root / "units.csv").read_text(encoding="utf-8").splitlines()
    units = [units[0] + ",valid_from,valid_to"] + [u + ",," for u in units[1:]] + ["01.04,Chi bộ thôn Bắc,01,chi_bo,,2025-06-30"]
    (tiny.root / "units.csv").write_text("\n".join(units) + "\n", encoding="utf-8")
    twin(tiny, [["Mã đơn vị", "Số đảng viên"], ["01.04", 12]], [["Mã đơn vị", "Số đảng viên"], ["01.03", 12]],
         [("unit.outside_tree", "A2", "01.04")])


# --- values -------------------------------------------------------------------------------------

def test_rate_in_a_count_column(tiny) -> None:
    twin(tiny, _with(CLEAN, 1, 4, "98,5%"), CLEAN, [("value.rate_in_count", "E2", "01.01")])


def test_dash_means_zero_unless_the_workspace_says_otherwise_and_empty_only_where_it_says(tiny) -> None:
    (tiny.root / "indicators.toml").write_text('[[indicator]]\nkey = "mo_hinh_nhan_rong"\ndash_is_zero = false\n\n'
                                                '[[indicator]]\nkey = "sang_kien"\nempty_is_zero = true\n', encoding="utf-8")
    tiny("x.xlsx", [["Mã đơn vị", "Số mô hình xây dựng mới", "Số sáng kiến", "Số tin bài", "Số mô hình nhân rộng"],
                    ["01.01", "-", None, "–", "-"], ["01.02", 2, 1, None, 3]])
    report = run(load_workspace(tiny.root), parse_period("2026"))
    cols = report.files[0].sheets[0].columns
    assert report.findings == []
    assert cols["mo_hinh_moi"][1] == [0.0, 2.0] and cols["sang_kien"][1] == [0.0, 1.0]
    assert cols["tin_bai_tuyen_truyen"][1] == [0.0, None]
    assert cols["mo_hinh_nhan_rong"][1] == [None, 3.0]


def test_formula_without_cached_value_is_an_error(tiny) -> None:
    path = tiny.root / "inbox" / "2026" / "x.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [["Mã đơn vị", "Số đảng viên", "Số cán bộ chủ chốt"], ["01.01", 30, 3], ["01.02", "=B2-10", 2]]:
        ws.append(row)
    wb.save(path)
    assert found(tiny.root) == [("formula.no_cached_value", "B3", "01.02")]
    wb = xlsxwriter.Workbook(str(path))  # the same formula saved with its computed value
    ws2 = wb.add_worksheet()
    ws2.write_row(0, 0, ["Mã đơn vị", "Số đảng viên", "Số cán bộ chủ chốt"])
    ws2.write_row(1, 0, ["01.01", 30, 3])
    ws2.write(2, 0, "01.02")
    ws2.write_formula(2, 1, "=B2-10", None, 20)
    ws2.write(2, 2, 2)
    wb.close()
    report = run(load_workspace(tiny.root), parse_period("2026"))
    assert report.findings == [] and report.files[0].sheets[0].columns["so_dang_vien"][1] == [30.0, 20.0]


def test_tcvn3_text_is_converted_with_a_warning(tiny) -> None:
    legacy = [["STT", "M· ®¬n vÞ", "Tªn chi bé", "Sè ®¶ng viªn"], [1, None, "Chi bé th«n T©y", 30]]
    unicode = [["STT", "Mã đơn vị", "Tên chi bộ", "Số đảng viên"], [1, None, "Chi bộ thôn Tây", 30]]
    twin(tiny, legacy, unicode, [("text.legacy_encoding", "B1", None)])
    tiny("x.xlsx", legacy)
    report = run(load_workspace(tiny.root), parse_period("2026"))
    assert report.files[0].sheets[0].units == ["01.02"]
    assert "Mã đơn vị" in report.findings[0].message("vi")


# --- rules --------------------------------------------------------------------------------------

def test_key_cadres_pledged_above_key_cadres(tiny) -> None:
    rows = [["Mã đơn vị", "Số cán bộ chủ chốt", "Số cán bộ chủ chốt đăng ký làm theo"], ["01.01", 4, 4]]
    twin(tiny, _with(rows, 1, 2, 5), rows, [("value.above_denominator", "C2", "01.01")])


def test_cells_meeting_above_cells_in_a_committees_own_totals(tiny) -> None:
    rows = [["Mã đơn vị", "Số chi bộ", "Số chi bộ sinh hoạt định kỳ đủ 12 kỳ/năm"], ["02", 1, 1]]
    twin(tiny, _with(rows, 1, 2, 2), rows, [("value.above_denominator", "C2", "02")])


def test_a_cell_cannot_meet_more_than_the_period_allows(tiny) -> None:
    rows = [["Mã đơn vị", "Số kỳ sinh hoạt định kỳ trong năm", "Số kỳ sinh hoạt chuyên đề trong năm"], ["01.01", 12, 4]]
    twin(tiny, _with(rows, 1, 2, 13), rows, [("value.out_of_range", "C2", "01.01")])


def test_ratings_add_up_to_at_most_the_organisations_rated(tiny) -> None:
    # a cell rates one organisation; commune 02 with its one cell rates two (its own committee too)
    rows = [["Mã đơn vị", "Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ"], ["01.01", 1, 0], ["02", 1, 1]]
    twin(tiny, _with(rows, 1, 2, 1), rows, [("value.ratings_exceed", "B2", "01.01")])
    twin(tiny, _with(rows, 2, 1, 2), rows, [("value.ratings_exceed", "B3", "02")])


def test_title_naming_another_year(tiny) -> None:
    title = [["BIỂU TỔNG HỢP NĂM 2026"], *CLEAN]
    twin(tiny, _with(title, 0, 0, "BIỂU TỔNG HỢP NĂM 2025"), title, [("file.period_mismatch", "A1", None)])


def test_file_name_naming_another_year(tiny) -> None:
    path = tiny("so_lieu_2025.xlsx", CLEAN)
    assert found(tiny.root) == [("file.period_mismatch", None, None)]
    path.rename(path.with_name("so_lieu_2026.xlsx"))
    assert found(tiny.root) == []


def test_empty_file_and_sheet_without_header(tiny) -> None:
    twin(tiny, [[]], CLEAN, [("file.empty", None, None)])
    twin(tiny, [["Kính gửi Ban Tuyên giáo"], ["Số liệu gửi sau"]], CLEAN,
         [("file.no_data_sheet", None, None), ("sheet.skipped", None, None)])


def test_year_on_year_jump_is_a_warning(tiny) -> None:
    write_xlsx(tiny.root / "inbox" / "2025" / "x.xlsx", CLEAN)
    twin(tiny, _with(CLEAN, 1, 3, 300), _with(CLEAN, 1, 3, 31), [("value.jump", "D2", "01.01")])


def test_jump_check_can_be_turned_off(tiny) -> None:
    cfg = tiny.root / "dm05.toml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "\n[validation]\njump_factor = 0\n", encoding="utf-8")
    write_xlsx(tiny.root / "inbox" / "2025" / "x.xlsx", CLEAN)
    tiny("x.xlsx", _with(CLEAN, 1, 3, 300))
    assert found(tiny.root) == []


# --- the demo -----------------------------------------------------------------------------------

def test_each_demo_file_with_one_cell_broken_gives_exactly_that_error(demo_copy: Path) -> None:
    ws = load_workspace(demo_copy)
    ws.config.validation.jump_factor = 0  # only this file changes; the year-on-year check has its own test
    inbox = demo_copy / "inbox" / "2026"
    files = sorted(inbox.glob("*.xlsx"))
    breaks = [("ba", "value.not_number"), (-1, "value.negative"), (2.5, "value.fractional")]
    for i, path in enumerate(files):
        wb = openpyxl.load_workbook(path)
        sheet = wb.worksheets[0]
        header_row = next(r for r in range(1, 12) if sheet.cell(r, 1).value == "STT")
        n_rows = sheet.max_row - header_row
        row = header_row + 1 + (i * 7) % n_rows
        col = sheet.max_column - (i * 5) % 25
        value, rule = breaks[i % 3]
        sheet.cell(row, col).value = value
        broken = path.with_name("broken_" + path.name)
        wb.save(broken)
        report = run(ws, parse_period("2026"), files=[broken])
        errors = [(f.rule, f.file, f.cell) for f in report.findings if f.severity == "error"]
        letter = openpyxl.utils.get_column_letter(col)
        assert errors == [(rule, f"inbox/2026/{broken.name}", f"{letter}{row}")], path.name
        assert report.count("warning") == 0
        broken.unlink()


def test_same_unit_twice_in_one_sheet(tiny) -> None:
    twin(tiny, [*CLEAN, [3, "01.01", "Chi bộ thôn Đông", 30, 29]], CLEAN, [("unit.duplicate", "B4", "01.01")])


def test_fractional_count(tiny) -> None:
    twin(tiny, _with(CLEAN, 2, 4, 19.5), CLEAN, [("value.fractional", "E3", "01.02")])


def test_name_that_fits_two_units_is_an_error_not_a_guess(tiny) -> None:
    one = [["Tên chi bộ", "Số đảng viên"], ["Chi bộ thôn Đông", 30]]
    twin(tiny, one, [["Mã đơn vị", "Số đảng viên"], ["01.01", 30]], [("unit.ambiguous", "A2", None)])


def test_required_indicator_missing(tiny) -> None:
    (tiny.root / "indicators.toml").write_text('[[indicator]]\nkey = "can_bo_chu_chot"\nrequired = true\n', encoding="utf-8")
    with_cadres = [[*CLEAN[0], "Số cán bộ chủ chốt"], [*CLEAN[1], 3], [*CLEAN[2], 2]]
    twin(tiny, CLEAN, with_cadres, [("column.required_missing", None, None)])
