"""Layouts that tempt a reader into a wrong figure: a group that changes what a column counts, a code
column of list numbers, a place named "Cộng Hòa", last year's column of a vertical form, a note under a
table. Each must be read right or named — never read into the wrong unit or indicator in silence."""

from __future__ import annotations

from typing import Any

import pytest
import xlsxwriter

from conftest import TINY_UNITS

from dm05.ingest import FileResult, read_file
from dm05.period import parse_period
from dm05.pipeline import read_context
from dm05.workspace import load_workspace

UNITS = TINY_UNITS.replace("02,Đảng bộ xã Hai", "01.04,Chi bộ Ký túc xá,01,chi_bo\n01.05,Chi bộ Cộng Hòa,01,chi_bo\n"
                                                "02,Đảng bộ xã Hai")


def _read(tiny, rows: list[list[Any]], merges: list[tuple[int, int, int, int, str]] = (),
          name: str = "xa_mot.xlsx") -> FileResult:
    (tiny.root / "units.csv").write_text(UNITS, encoding="utf-8")
    path = tiny.root / "inbox" / "2026" / name
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v is not None:
                ws.write(r, c, v)
    for r1, c1, r2, c2, v in merges:
        ws.merge_range(r1, c1, r2, c2, v)
    wb.close()
    ws_ = load_workspace(tiny.root)
    return read_file(path, read_context(ws_, parse_period("2026")))


def _figures(result: FileResult) -> dict[tuple[str, str], float]:
    return {(u, k): v for s in result.sheets for k, (_, vals) in s.columns.items() if k not in s.derived
            for u, v in zip(s.units, vals) if v is not None}


def _loud(result: FileResult) -> set[str]:
    return {f.rule for f in result.findings.items if f.severity != "note"}


@pytest.mark.parametrize("group,sub", [
    ("Kết nạp đảng viên mới", "Số đảng viên"),  # the newly admitted are not the members
    ("Cùng kỳ năm trước", "Số đảng viên"),  # last year's members are not this year's
    ("Chưa xây dựng kế hoạch", "Số chi bộ"),  # cells without a plan are not cells with one
    ("Xếp loại đảng viên", "HTXS"),  # members' ratings are not the organisations'
    ("Năm 2025", "Số đảng viên"),  # another year
])
def test_a_group_that_changes_what_its_column_counts_is_never_read_as_the_sub_label(tiny, group, sub) -> None:
    rows = [["Tên đơn vị", "Số chi bộ", group], [None, None, sub],
            ["Chi bộ thôn Đông", 1, 7], ["Chi bộ thôn Tây", 1, 3]]
    result = _read(tiny, rows)
    assert _figures(result) == {("01.01", "so_chi_bo"): 1, ("01.02", "so_chi_bo"): 1}  # column B only
    assert "column.unread" in _loud(result) and result.ledger.unread == 2


def test_list_numbers_in_a_code_column_never_outweigh_the_names_beside_them(tiny) -> None:
    rows = [["Mã số", "Tên đơn vị", "Số đảng viên"], [1, "Chi bộ thôn Đông", 30], [2, "Chi bộ thôn Tây", 20],
            [1.02, "Chi bộ Trường Tiểu học", 15]]
    result = _read(tiny, rows)
    assert _figures(result) == {("01.01", "so_dang_vien"): 30, ("01.02", "so_dang_vien"): 20,
                                ("01.03", "so_dang_vien"): 15}
    assert {f.rule for f in result.findings.items} == {"unit.code_unknown"}


@pytest.mark.parametrize("place", ["Chi bộ Cộng Hòa", "Chi bộ Ký túc xá"])
def test_a_unit_whose_name_looks_like_a_total_or_a_signature_is_read(tiny, place) -> None:
    rows = [["Tên đơn vị", "Số đảng viên"], ["Chi bộ thôn Đông", 30], [place, 12], ["Chi bộ thôn Tây", 20]]
    result = _read(tiny, rows)
    assert len(_figures(result)) == 3 and result.ledger.unread == 0


def test_a_note_under_the_table_with_numbers_is_never_layout(tiny) -> None:
    rows = [["Tên đơn vị", "Số đảng viên"], ["Chi bộ thôn Đông", 30], [],
            ["Ghi chú: Chi bộ Trường Tiểu học báo cáo bổ sung", 15], [None, "Nơi nhận:"]]
    result = _read(tiny, rows)
    assert result.ledger.unread == 1 and result.ledger.layout == 0
    assert _loud(result)


def test_a_labelled_figure_above_the_table_is_named_not_layout(tiny) -> None:
    rows = [["ĐẢNG ỦY XÃ MỘT"], ["Số đảng viên toàn xã:", 50], ["Số:", 12],
            ["Tên đơn vị", "Số đảng viên"], ["Chi bộ thôn Đông", 30]]
    result = _read(tiny, rows)
    assert result.ledger.unread == 1 and result.ledger.layout == 1
    (cell,) = result.ledger.cells
    assert (cell.row, cell.column, cell.rule) == (2, "B", "cell.unread")


@pytest.mark.parametrize("last,this", [("Năm 2025", "Năm 2026"), ("Kỳ trước", "Năm nay"), ("Năm 2025", "Thực hiện")])
def test_a_vertical_form_reads_this_periods_column(tiny, last, this) -> None:
    rows = [["Đơn vị: Chi bộ thôn Tây"], ["STT", "Chỉ tiêu", "ĐVT", last, this],
            [1, "Số đảng viên", "người", 18, 20], [2, "Số cán bộ, đảng viên đăng ký học tập và làm theo", "người", 15, 19]]
    result = _read(tiny, rows)
    assert _figures(result) == {("01.02", "so_dang_vien"): 20, ("01.02", "dang_vien_dang_ky"): 19}
    assert result.ledger.unread == 2 and "cell.unread" in _loud(result)


def test_a_vertical_form_with_two_columns_nothing_tells_apart_is_not_guessed(tiny) -> None:
    rows = [["Đơn vị: Chi bộ thôn Tây"], ["STT", "Chỉ tiêu", "Cột 1", "Cột 2"],
            [1, "Số đảng viên", 18, 20], [2, "Số cán bộ, đảng viên đăng ký học tập và làm theo", 15, 19]]
    result = _read(tiny, rows)
    assert _figures(result) == {} and "sheet.unread" in _loud(result)


def test_a_second_table_without_a_unit_header_is_not_read_into_the_first(tiny) -> None:
    rows = [["Tên đơn vị", "Số đảng viên", "Số chi bộ"], ["Chi bộ thôn Đông", 30, 1], ["Chi bộ thôn Tây", 20, 1],
            [], ["BIỂU 2"], [None, "Số mô hình mới", "Số sáng kiến"], ["Chi bộ thôn Đông", 2, 3],
            ["Chi bộ thôn Tây", 1, 0]]
    result = _read(tiny, rows)
    figures = _figures(result)
    assert figures[("01.01", "so_dang_vien")] == 30 and ("01.01", "mo_hinh_moi") not in figures
    assert result.ledger.unread == 4 and "cell.unread" in _loud(result)
    assert not any(f.rule.startswith("unit.") for f in result.findings.items)


def test_group_rows_place_the_cells_under_them(tiny) -> None:
    rows = [["STT", "Tên đơn vị", "Số đảng viên"], ["I", "Đảng bộ xã Hai", 12], [1, "Chi bộ thôn Đông", 12],
            ["II", "Đảng bộ xã Một", 30], [1, "Chi bộ thôn Đông", 30]]
    result = _read(tiny, rows, name="huyen.xlsx")
    assert _figures(result) == {("02", "so_dang_vien"): 12, ("02.01", "so_dang_vien"): 12,
                                ("01", "so_dang_vien"): 30, ("01.01", "so_dang_vien"): 30}


def test_a_row_of_another_commune_than_the_title_says_is_said(tiny) -> None:
    rows = [["ĐẢNG ỦY XÃ MỘT"], ["Mã đơn vị", "Số đảng viên"], ["01.01", 30], ["02.01", 12]]
    result = _read(tiny, rows, name="bao_cao.xlsx")
    assert [(f.rule, f.unit) for f in result.findings.items] == [("unit.outside_scope", "02.01")]


def test_a_date_line_of_next_year_is_no_period_mismatch(tiny) -> None:
    rows = [["ĐẢNG ỦY XÃ MỘT", None, "Một, ngày 10 tháng 01 năm 2027"], ["BÁO CÁO KẾT QUẢ NĂM 2026"],
            ["Tên đơn vị", "Số đảng viên"], ["Chi bộ thôn Đông", 30]]
    result = _read(tiny, rows)
    assert result.findings.items == [] and result.ledger.unread == 0


def test_cells_a_row_rule_voids_leave_the_ledgers_read(tiny) -> None:
    rows = [["Tên đơn vị", "Số đảng viên", "Số cán bộ, đảng viên đăng ký học tập và làm theo"],
            ["Chi bộ thôn Đông", 10, 20], ["Chi bộ thôn Tây", 20, 15]]
    result = _read(tiny, rows)
    assert result.ledger.read == 3
    assert [(c.row, c.column, c.rule) for c in result.ledger.cells] == [(2, "C", "value.above_denominator")]


def test_another_periods_file_counts_nowhere(tiny) -> None:
    from dm05.pipeline import aggregate_period

    rows = [["BÁO CÁO NĂM 2025"], ["Tên đơn vị", "Số đảng viên"], ["Chi bộ thôn Đông", 30]]
    _read(tiny, rows)
    report, agg = aggregate_period(load_workspace(tiny.root), parse_period("2026"))
    assert "file.period_mismatch" in {f.rule for f in report.findings}
    assert agg.value("01", "so_dang_vien") is None



def test_a_header_its_words_leave_between_two_indicators_is_unread_not_guessed(tiny) -> None:
    """"Tham gia học tập" alone fits members who studied and the attendance count nearly as well: named,
    not read; under its merged group "Đảng viên" it is the members who studied."""
    rows = [["Tên đơn vị", "Số đảng viên", "Tham gia học tập"], ["Chi bộ thôn Đông", 40, 38]]
    result = _read(tiny, rows)
    assert ("01.01", "luot_tham_gia_hoc_tap") not in _figures(result)
    assert "column.unread" in _loud(result) and result.ledger.unread == 1
    grouped = [["Tên đơn vị", "Đảng viên", None], [None, "Tổng số", "Tham gia học tập"], ["Chi bộ thôn Đông", 40, 38]]
    result = _read(tiny, grouped, [(0, 1, 0, 2, "Đảng viên")])
    assert _figures(result) == {("01.01", "so_dang_vien"): 40, ("01.01", "dang_vien_hoc_tap"): 38}
