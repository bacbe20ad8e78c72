"""Reading sheets: header and unit matching, and each basic finding at its cell."""

import unicodedata
from pathlib import Path

import pytest

from dm05.period import parse_period
from dm05.validate import run
from dm05.workspace import load_workspace

HEAD = ["STT", "Mã đơn vị", "Tên chi bộ", "Số đảng viên", "Số cán bộ, đảng viên đăng ký học tập và làm theo"]
CLEAN = [HEAD, [1, "01.01", "Chi bộ thôn Đông", 30, 29], [2, "01.02", "Chi bộ thôn Tây", 20, 20]]


def _run(ws: Path, period: str = "2026"):
    return run(load_workspace(ws), parse_period(period))


def _errors(report):
    return [(f.rule, f.cell, f.unit) for f in report.findings if f.severity != "note"]


def test_clean_sheet_has_no_finding_at_all(tiny) -> None:
    tiny("xa1.xlsx", CLEAN)
    report = _run(tiny.root)
    assert report.findings == []
    sheet = report.files[0].sheets[0]
    assert sheet.units == ["01.01", "01.02"] and sheet.rows == [2, 3]
    assert sheet.columns["so_dang_vien"] == ("D", [30.0, 20.0])


def test_title_rows_above_header_and_offset_table_are_read_with_true_cells(tiny) -> None:
    rows = [["ĐẢNG ỦY XÃ MỘT"], ["BIỂU TỔNG HỢP NĂM 2026"], [], [None, *HEAD], [None, 1, "01.01", "Chi bộ thôn Đông", 30, 31]]
    tiny("xa1.xlsx", rows, start_row=2)
    report = _run(tiny.root)
    assert _errors(report) == [("value.above_denominator", "F7", "01.01")]


def test_headers_match_across_unicode_form_case_spacing_and_line_breaks(tiny) -> None:
    nfd = unicodedata.normalize("NFD", "SỐ  ĐẢNG\nVIÊN")
    tiny("xa1.xlsx", [["stt", "mã đơn vị", "TÊN CHI BỘ", nfd], [1, "01.01", "Chi bộ thôn Đông", 30]])
    report = _run(tiny.root)
    assert report.findings == []
    assert report.files[0].sheets[0].columns["so_dang_vien"][1] == [30.0]


def test_units_by_name_in_any_spelling(tiny) -> None:
    nfd = unicodedata.normalize("NFD", "chi bộ trường tiểu học")
    tiny("xa1.xlsx", [["Tên chi bộ", "Số đảng viên"], ["CHI  BỘ THÔN TÂY", 20], [nfd, 15], ["Thôn Đông", 30]])
    report = _run(tiny.root)
    assert report.findings == []
    # "Chi bộ thôn Đông" exists in both communes; the file's other rows place it in commune 01.
    assert report.files[0].sheets[0].units == ["01.02", "01.03", "01.01"]


def test_name_that_fits_two_units_with_no_context_is_ambiguous(tiny) -> None:
    tiny("x.xlsx", [["Tên chi bộ", "Số đảng viên"], ["Chi bộ thôn Đông", 30], ["Chi bộ thôn Tây", 20],
                    ["Chi bộ thôn Đông", 12]])
    # rows place the file in commune 01, so both "thôn Đông" rows are 01.01: one is a duplicate
    report = _run(tiny.root)
    assert ("unit.duplicate", "A4", "01.01") in [(f.rule, f.cell, f.unit) for f in report.findings]


def test_ambiguous_name_is_an_error_not_a_guess(tiny) -> None:
    tiny("x.xlsx", [["Tên chi bộ", "Số đảng viên"], ["Chi bộ thôn Đông", 30]])
    report = _run(tiny.root)
    assert _errors(report) == [("unit.ambiguous", "A2", None)]


def test_unknown_unit_with_did_you_mean(tiny) -> None:
    tiny("x.xlsx", [["Mã đơn vị", "Tên chi bộ", "Số đảng viên"], ["01.09", "Chi bộ thôn Đôngg", 30]])
    report = _run(tiny.root)
    (f,) = [f for f in report.findings if f.rule == "unit.unknown"]
    assert f.cell == "A2"
    assert "Chi bộ thôn Đông" in f.message("vi")


@pytest.mark.parametrize("value,rule", [
    ("ba mươi", "value.not_number"),
    (-3, "value.negative"),
    (12.5, "value.fractional"),
])
def test_bad_count_is_reported_at_its_cell(tiny, value, rule) -> None:
    tiny("x.xlsx", [["Mã đơn vị", "Số đảng viên", "Số mô hình được nhân rộng"], ["01.01", 30, value]])
    report = _run(tiny.root)
    assert _errors(report) == [(rule, "C2", "01.01")]
    assert report.files[0].sheets[0].columns["mo_hinh_nhan_rong"][1] == [None]  # bad cell left out


@pytest.mark.parametrize("text,expected", [("1.234", 1234.0), ("1 234", 1234.0), ("12", 12.0), (12.0, 12.0)])
def test_vietnamese_number_text_is_read(tiny, text, expected) -> None:
    tiny("x.xlsx", [["Mã đơn vị", "Số lượt quần chúng tham gia học tập chuyên đề"], ["01.01", text], ["01.02", 5]])
    report = _run(tiny.root)
    assert _errors(report) == []
    assert report.files[0].sheets[0].columns["luot_quan_chung_hoc_tap"][1][0] == expected


def test_a_blank_cell_beside_a_figure_reads_as_no_figure(tiny) -> None:
    tiny("x.xlsx", [["Mã đơn vị", "Số đảng viên", "Số mô hình mới"], ["01.01", 30, ""], ["01.02", 5, 2]])
    report = _run(tiny.root)
    assert _errors(report) == []
    assert report.files[0].sheets[0].columns["mo_hinh_moi"][1] == [None, 2.0]


def test_a_units_row_with_no_figure_is_not_a_report_and_is_named(tiny) -> None:
    """A form returned with a cell's row left empty: that cell has not reported (no derived 1 chi bộ, no
    coverage), and one warning names the empty rows; the commune's heading row above its cells is no error."""
    tiny("x.xlsx", [["STT", "Mã đơn vị", "Tên đơn vị", "Số đảng viên", "Số mô hình mới"],
                    ["I", "01", "Đảng bộ xã Một", None, None],
                    [1, "01.01", "Chi bộ thôn Đông", 30, 2],
                    [2, "01.02", "Chi bộ thôn Tây", None, None],
                    [3, "01.03", "Chi bộ Trường Tiểu học", "", None]])
    report = _run(tiny.root)
    assert _errors(report) == [("row.no_figures", "B4", None)]
    finding = next(f for f in report.findings if f.rule == "row.no_figures")
    assert "01.02, 01.03" in finding.message("vi") and finding.message("en").startswith("2 units")
    assert report.files[0].sheets[0].units == ["01.01"]


def test_unknown_column_is_a_note_and_rate_column_is_recomputed(tiny) -> None:
    tiny("x.xlsx", [["Mã đơn vị", "Số đảng viên", "Tỷ lệ đảng viên đăng ký", "Ghi chú"], ["01.01", 30, "90%", "abc"]])
    report = _run(tiny.root)
    assert [(f.rule, f.cell, f.severity) for f in report.findings] == [
        ("column.derived", "C1", "note"), ("column.unknown", "D1", "note")]


def test_numerator_above_denominator_and_threshold_out_of_range(tiny) -> None:
    tiny("x.xlsx", [["Mã đơn vị", "Số cán bộ chủ chốt", "Số cán bộ chủ chốt đăng ký làm theo", "Số kỳ sinh hoạt định kỳ"],
                    ["01.01", 3, 4, 12], ["01.02", 3, 3, 13]])
    report = _run(tiny.root)
    assert _errors(report) == [("value.above_denominator", "C2", "01.01"), ("value.out_of_range", "D3", "01.02")]



def test_half_year_scales_meeting_limits(tiny) -> None:
    (tiny.root / "inbox" / "2026-H1").mkdir()
    from conftest import write_xlsx
    write_xlsx(tiny.root / "inbox" / "2026-H1" / "x.xlsx",
               [["Mã đơn vị", "Số kỳ sinh hoạt định kỳ"], ["01.01", 6], ["01.02", 7]])
    report = _run(tiny.root, "2026-H1")
    assert _errors(report) == [("value.out_of_range", "B3", "01.02")]
    assert report.files[0].sheets[0].columns["chi_bo_sinh_hoat_du_12_ky"][1] == [1.0, None]


def test_cell_counts_as_one_cell_when_column_absent_and_threshold_becomes_count(tiny) -> None:
    tiny("x.xlsx", [["Mã đơn vị", "Số kỳ sinh hoạt định kỳ", "Số kỳ sinh hoạt chuyên đề"], ["01.01", 12, 3], ["01.02", 11, 4]])
    sheet = _run(tiny.root).files[0].sheets[0]
    assert sheet.columns["so_chi_bo"][1] == [1.0, 1.0]
    assert sheet.columns["chi_bo_sinh_hoat_du_12_ky"][1] == [1.0, 0.0]
    assert sheet.columns["chi_bo_sinh_hoat_chuyen_de"][1] == [0.0, 1.0]


def test_same_unit_in_two_files_is_an_error_on_the_second(tiny) -> None:
    tiny("a.xlsx", CLEAN)
    tiny("b.xlsx", [HEAD, [1, "01.02", "Chi bộ thôn Tây", 20, 20]])
    report = _run(tiny.root)
    assert [(f.rule, f.file, f.cell, f.unit) for f in report.findings] == [
        ("unit.duplicate", "inbox/2026/b.xlsx", "B2", "01.02")]
    assert "inbox/2026/a.xlsx Sheet1!B3" in report.findings[0].message("vi")


def test_a_resent_file_is_one_finding_not_one_per_row(tiny) -> None:
    tiny("a.xlsx", CLEAN)
    tiny("b - gửi lại.xlsx", CLEAN)
    report = _run(tiny.root)
    assert [(f.rule, f.file) for f in report.findings] == [("file.resent", "inbox/2026/b - gửi lại.xlsx")]
    assert "inbox/2026/a.xlsx" in report.findings[0].message("vi")


def test_unreadable_and_empty_files_are_findings(tiny) -> None:
    (tiny.root / "inbox" / "2026" / "hong.xlsx").write_bytes(b"this is not a zip")
    tiny("trong.xlsx", [[]])
    tiny("ok.xlsx", CLEAN)
    report = _run(tiny.root)
    statuses = {f.display.split("/")[-1]: report.status(f) for f in report.files}
    assert statuses == {"hong.xlsx": "unreadable", "trong.xlsx": "errors", "ok.xlsx": "ok"}
    assert {f.rule for f in report.findings} == {"file.unreadable", "file.empty"}


def test_csv_in_windows_1258_with_semicolons(tiny) -> None:
    text = "Mã đơn vị;Tên chi bộ;Số đảng viên\n01.01;Chi bộ thôn Đông;30\n"
    (tiny.root / "inbox" / "2026" / "x.csv").write_bytes(_cp1258(text))
    report = _run(tiny.root)
    assert report.findings == [] and report.files[0].sheets[0].columns["so_dang_vien"][1] == [30.0]


def _cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed where the code page has it, else base + tone mark."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            out += unicodedata.normalize("NFC", base + "".join(m for m in marks if m == "\u031b" or m == "\u0302"
                                                               or m == "\u0306")).encode("cp1258")
            out += "".join(m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323").encode("cp1258")
    return out


def test_sheet_without_header_is_skipped_with_a_note_and_file_without_data_is_an_error(tiny) -> None:
    tiny("x.xlsx", [["Danh sách"], ["abc", "def"]])
    report = _run(tiny.root)
    assert [(f.rule, f.sheet) for f in report.findings] == [("file.no_data_sheet", None), ("sheet.skipped", "Sheet1")]


def test_input_files_are_not_modified(tiny) -> None:
    p = tiny("x.xlsx", CLEAN)
    before = p.read_bytes(), p.stat().st_mtime_ns
    _run(tiny.root)
    assert (p.read_bytes(), p.stat().st_mtime_ns) == before


def test_an_unfilled_intake_form_reports_no_unit(tiny) -> None:
    """A form dm05 made, sent back untouched: every unit it lists is still missing, and the warning says
    which rows were empty (not an error about an unreadable sheet)."""
    import json

    from typer.testing import CliRunner

    from dm05.cli import app

    inbox = tiny.root / "inbox" / "2026"
    r = CliRunner().invoke(app, ["form", str(tiny.root), "-p", "2026", "--unit", "01", "-o", str(inbox / "f.xlsx")])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["status", str(tiny.root), "-p", "2026", "-f", "json"])
    commune = next(p for p in json.loads(r.stdout)["parents"] if p["code"] == "01")
    assert commune["reported"] == 0 and commune["status"] == "missing"
    r = CliRunner().invoke(app, ["validate", str(tiny.root), "-p", "2026", "-f", "json"])
    assert [f["rule"] for f in json.loads(r.stdout)["findings"]] == ["row.no_figures"]


@pytest.mark.parametrize("prefix", ["- ", "+ ", "– ", "• ", "-"])
def test_a_unit_name_written_as_a_sub_row_is_resolved(tiny, prefix) -> None:
    """Party statistical forms list sub-units as "- Chi bộ …" under their commune's row."""
    tiny("x.xlsx", [["Tên đơn vị", "Số đảng viên"], ["Đảng bộ xã Hai", None], [f"{prefix}Chi bộ thôn Đông", 9]])
    report = _run(tiny.root)
    assert _errors(report) == []
    assert report.files[0].sheets[0].units == ["02.01"]


def test_money_typed_in_a_column_no_indicator_claims_is_named_not_left_in_a_note(tiny) -> None:
    """"1,5 tỷ" is a number to the person who typed it: a column of it that dm05 cannot place is a warning
    naming the unread figures, as for any other numbers, not a note about an unknown column."""
    tiny("x.xlsx", [["Mã đơn vị", "Số đảng viên", "Tiền ủng hộ quỹ"], ["01.01", 30, "1,5 tỷ"], ["01.02", 12, "600 triệu"]])
    report = _run(tiny.root)
    assert [(f.rule, f.severity) for f in report.findings if f.column == "C"] == [("column.unread", "warning")]
    assert report.files[0].ledger.unread == 2
