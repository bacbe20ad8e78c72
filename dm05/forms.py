"""``dm05 form``: the intake sheet a board sends each unit, hard to fill wrongly and read back exactly.

One .xlsx per reporting unit, written with XlsxWriter: a title block, the indicator labels with a short
hint, a hidden row of indicator keys (the reader's header, so a renamed label or an inserted note column
changes nothing), a totals row, one row per sub-unit (or a vertical form when the unit reports for
itself), rates computed by formulas for the unit's own check, Excel data validation with Vietnamese
messages on every input cell, labels locked under a password-less protection, print set-up for A4
landscape, and a hidden sheet ``_dm05`` that says which form, period and units this is.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from dm05.errors import OutputError, WorkspaceError
from dm05.indicators import Indicator
from dm05.ingest import FORM_META_SHEET as META_SHEET
from dm05.output import safe_filename, write_batch
from dm05.period import Period, period_phrase
from dm05.progress import Progress, no_progress
from dm05.units import UnitTree
from dm05.vnformat import date_phrase
from dm05.workspace import Workspace

FORM_SHEET_MARK = "dm05-form"
KEY_HEAD, VALUE_HEAD = "Khóa", "Số liệu"  # a vertical form's hidden key column and its figures (read by submit)
FORM_VERSION = 1
FIXED_CREATED = datetime(2026, 1, 1)


@dataclass(frozen=True)
class Column:
    indicator: Indicator
    hint: str
    low: int
    high: int | None  # a fixed upper bound (meetings, a cell's own 0/1), or None
    at_most: str | None  # the key of the column it may not exceed


def _columns(ws: Workspace, period: Period, cells: bool) -> list[Column]:
    """Indicators asked on the form. A party cell gives its meeting counts (dm05 derives the 12-meeting
    and thematic-meeting counts) and counts as one cell; a committee gives its counts directly."""
    cat = ws.catalogue
    derived = {i.target for i in cat.thresholds}
    out: list[Column] = []
    for ind in cat.indicators:
        if ind.kind == "ratio":
            continue
        if cells and (ind.key in derived or ind.cell_default is not None):
            continue
        if not cells and ind.kind == "threshold":
            continue
        if ind.kind == "threshold":
            assert ind.max_per_year is not None
            high = int(ind.max_per_year * period.year_fraction + 1e-9)
            out.append(Column(ind, f"Số kỳ, từ 0 đến {high}", 0, high, None))
            continue
        if ind.kind == "amount":  # typed in its input unit, which its label says, decimals allowed
            out.append(Column(ind, f"Số tiền ({ind.input_unit}), số thập phân được ≥ 0", 0, None, None))
            continue
        denominator = cat.by_key[ind.at_most] if ind.at_most else None
        if cells and denominator is not None and denominator.cell_default is not None:
            out.append(Column(ind, "1 nếu chi bộ đạt, 0 nếu không", 0, int(denominator.cell_default), None))
            continue
        hint = f"Số nguyên ≥ 0 ({ind.measure})" if ind.measure else "Số nguyên ≥ 0"
        if denominator is not None:
            hint = f"Không vượt «{denominator.label}»"
        out.append(Column(ind, hint, 0, None, ind.at_most))
    return out


def reporting_units(tree: UnitTree) -> list[str]:
    """The units that send this committee a file: its direct sub-units."""
    return list(tree.children.get(tree.root, []))


def form_rows(tree: UnitTree, unit: str) -> list[str]:
    """Units that report through ``unit``: the base units of its subtree (itself when it has none)."""
    if tree.is_leaf(unit):
        return [unit]
    out, stack = [], [unit]
    while stack:
        code = stack.pop()
        kids = tree.children.get(code, [])
        if not kids:
            out.append(code)
        stack.extend(reversed(kids))
    return out


def build_form(ws: Workspace, period: Period, unit: str) -> bytes:
    tree = ws.tree(period)
    if unit not in tree:
        raise WorkspaceError("unit.not_found", unit=unit)
    rows = form_rows(tree, unit)
    cells = all(tree[c].level == ws.config.cell_level for c in rows)
    columns = _columns(ws, period, cells)
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
                                   "strings_to_urls": False})
    wb.set_properties({"created": FIXED_CREATED, "author": ws.config.issuer.name, "title": f"dm05 {period.id} {unit}"})
    f = _formats(wb)
    sheet = wb.add_worksheet("Biểu số liệu")
    if tree.is_leaf(unit):
        _vertical(ws, sheet, f, tree, period, unit, columns)
    else:
        _table(ws, sheet, f, tree, period, unit, rows, columns)
    meta = wb.add_worksheet(META_SHEET)
    meta.write_row(0, 0, [FORM_SHEET_MARK, FORM_VERSION])
    meta.write_row(1, 0, ["period", period.id])
    meta.write_row(2, 0, ["unit", unit])
    meta.write_row(3, 0, ["units", len(rows)])
    for i, code in enumerate(rows):  # the expected rows: longer than Excel's 255-character list limit
        meta.write_string(4 + i, 1, code)
    meta.hide()
    sheet.activate()
    wb.close()
    return out.getvalue()


def _formats(wb: xlsxwriter.Workbook) -> dict[str, Format]:
    base = {"font_name": "Times New Roman", "font_size": 11, "valign": "vcenter"}
    return {
        "title": wb.add_format({**base, "bold": True, "align": "center", "font_size": 13}),
        "text": wb.add_format({**base}),
        "italic": wb.add_format({**base, "italic": True}),
        "head": wb.add_format({**base, "bold": True, "text_wrap": True, "align": "center", "border": 1, "font_size": 9}),
        "hint": wb.add_format({**base, "italic": True, "font_size": 9, "text_wrap": True, "align": "center",
                               "border": 1, "font_color": "#444444"}),
        "key": wb.add_format({**base, "font_size": 8, "font_color": "#888888", "border": 1}),
        "cell": wb.add_format({**base, "border": 1}),
        "input": wb.add_format({**base, "border": 1, "locked": False, "bg_color": "#FFFFF0", "num_format": "#,##0"}),
        "money": wb.add_format({**base, "border": 1, "locked": False, "bg_color": "#FFFFF0", "num_format": "#,##0.###"}),
        "total": wb.add_format({**base, "border": 1, "bold": True, "num_format": "#,##0"}),
        "rate": wb.add_format({**base, "border": 1, "num_format": "0.0%", "font_color": "#444444"}),
    }


def _title(ws: Workspace, sheet: Worksheet, f: dict[str, Format], tree: UnitTree, period: Period, unit: str,
           width: int) -> int:

    parent = tree[unit].parent
    sheet.merge_range(0, 0, 0, width, ws.config.issuer.superior.upper(), f["title"])
    sheet.merge_range(1, 0, 1, width, f"BIỂU SỐ LIỆU KẾT QUẢ HỌC TẬP VÀ LÀM THEO TƯ TƯỞNG, ĐẠO ĐỨC, PHONG CÁCH "
                                      f"HỒ CHÍ MINH {period_phrase(period).upper()}", f["title"])
    sheet.write_string(2, 0, f"Đơn vị: {tree[unit].name} (mã {unit})"
                             + (f" — trực thuộc {tree[parent].name}" if parent else ""), f["text"])
    deadline = ws.config.forms.deadlines.get(period.id)
    note = "Chỉ nhập vào các ô nền vàng; các cột tỷ lệ tự tính để đơn vị tự kiểm tra."
    if deadline:
        note = f"Thời hạn gửi: {date_phrase(deadline)}. " + note
    sheet.write_string(3, 0, note, f["italic"])
    return 5


def _validation(sheet: Worksheet, first: int, last: int, col: int, column: Column, other: str | None) -> None:
    """Excel's own check on input cells, with the hint as the input message. ``other``: the cell (for the
    first row, relative rows follow) that this figure may not exceed."""
    label = column.indicator.label
    message = {"input_title": "Nhập số liệu", "input_message": f"{label}: {column.hint}."[:255],
               "error_title": "Số liệu không hợp lệ", "error_type": "stop", "ignore_blank": True}
    top = xl_rowcol_to_cell(first, col)
    rule: dict[str, str | int]
    if other is not None:
        rule = {"validate": "custom", "value": f'=AND(INT({top})={top},{top}>=0,OR({other}="",{top}<={other}))',
                "error_message": "Phải là số nguyên từ 0, không vượt chỉ tiêu tương ứng."}
    elif column.indicator.kind == "amount":
        rule = {"validate": "decimal", "criteria": ">=", "value": 0,
                "error_message": f"Phải là số tiền từ 0 trở lên, tính bằng {column.indicator.input_unit}."}
    elif column.high is not None:
        rule = {"validate": "integer", "criteria": "between", "minimum": column.low, "maximum": column.high,
                "error_message": f"Phải là số nguyên từ {column.low} đến {column.high}."}
    else:
        rule = {"validate": "integer", "criteria": ">=", "value": 0,
                "error_message": "Phải là số nguyên từ 0 trở lên."}
    sheet.data_validation(first, col, last, col, {**rule, **message})


def _table(ws: Workspace, sheet: Worksheet, f: dict[str, Format], tree: UnitTree, period: Period, unit: str,
           rows: list[str], columns: list[Column]) -> None:
    ratios = [r for r in ws.catalogue.ratios
              if all(k in {c.indicator.key for c in columns} for k in (*r.numerator, *r.denominator))]
    first_ind = 3
    width = first_ind + len(columns) + len(ratios) - 1
    top = _title(ws, sheet, f, tree, period, unit, width)
    label_row, hint_row, key_row = top, top + 1, top + 2
    total_row, data_first = top + 3, top + 4
    data_last = data_first + len(rows) - 1
    for c, text in enumerate(["STT", "Mã đơn vị", "Tên đơn vị"]):
        sheet.write_string(label_row, c, text, f["head"])
        sheet.write_blank(hint_row, c, None, f["hint"])
    sheet.write_row(key_row, 0, ["stt", "code", "name"], f["key"])
    refs = {c.indicator.key: first_ind + i for i, c in enumerate(columns)}
    for i, column in enumerate(columns):
        col = first_ind + i
        sheet.write_string(label_row, col, _label(column), f["head"])
        sheet.write_string(hint_row, col, column.hint, f["hint"])
        sheet.write_string(key_row, col, column.indicator.key, f["key"])
        letter = xl_col_to_name(col)
        sheet.write_formula(total_row, col, f"=SUM({letter}{data_first + 1}:{letter}{data_last + 1})", f["total"], 0)
        for r in range(data_first, data_last + 1):
            sheet.write_blank(r, col, None, f["money" if column.indicator.kind == "amount" else "input"])
        other = (xl_rowcol_to_cell(data_first, refs[column.at_most], col_abs=True)
                 if column.at_most in refs else None)
        _validation(sheet, data_first, data_last, col, column, other)
    for j, ratio in enumerate(ratios):
        col = first_ind + len(columns) + j
        sheet.write_string(label_row, col, f"{ratio.label} (tự tính)", f["head"])
        sheet.write_string(hint_row, col, "Công thức, không nhập", f["hint"])
        sheet.write_blank(key_row, col, None, f["key"])
        for r in range(total_row, data_last + 1):
            num = "+".join(f"{xl_col_to_name(refs[k])}{r + 1}" for k in ratio.numerator)
            den = "+".join(f"{xl_col_to_name(refs[k])}{r + 1}" for k in ratio.denominator)
            sheet.write_formula(r, col, f'=IF(N({den})>0,({num})/({den}),"")', f["rate"], "")
    sheet.write_string(total_row, 0, "", f["total"])
    sheet.write_string(total_row, 1, "", f["total"])
    sheet.write_string(total_row, 2, "Tổng số", f["total"])
    for i, code in enumerate(rows):
        r = data_first + i
        sheet.write_number(r, 0, i + 1, f["cell"])
        sheet.write_string(r, 1, code, f["cell"])
        sheet.write_string(r, 2, tree[code].name, f["cell"])
    sheet.set_row(label_row, 96)
    sheet.set_row(hint_row, 30)
    sheet.set_row(key_row, None, None, {"hidden": True})
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 11)
    sheet.set_column(2, 2, 34)
    sheet.set_column(first_ind, first_ind + len(columns) - 1, 10)  # one A4 page wide: narrow, wrapped labels
    sheet.set_column(first_ind + len(columns), width, 8)
    sheet.freeze_panes(data_first, first_ind)
    _print_setup(sheet, label_row, key_row)


def _vertical(ws: Workspace, sheet: Worksheet, f: dict[str, Format], tree: UnitTree, period: Period, unit: str,
              columns: list[Column]) -> None:
    """A unit that reports for itself: one row per indicator; the key column (A) is hidden."""
    top = _title(ws, sheet, f, tree, period, unit, 4)
    sheet.write_string(top - 1, 1, "Mã đơn vị:", f["text"])
    sheet.write_string(top - 1, 2, unit, f["text"])
    sheet.write_row(top, 0, [KEY_HEAD, "STT", "Chỉ tiêu", VALUE_HEAD, "Hướng dẫn"], f["head"])
    refs = {c.indicator.key: top + 1 + i for i, c in enumerate(columns)}
    for i, column in enumerate(columns):
        r = top + 1 + i
        sheet.write_string(r, 0, column.indicator.key, f["key"])
        sheet.write_number(r, 1, i + 1, f["cell"])
        sheet.write_string(r, 2, _label(column), f["cell"])
        sheet.write_blank(r, 3, None, f["money" if column.indicator.kind == "amount" else "input"])
        sheet.write_string(r, 4, column.hint, f["hint"])
        other = (xl_rowcol_to_cell(refs[column.at_most], 3, row_abs=True, col_abs=True)
                 if column.at_most in refs else None)
        _validation(sheet, r, r, 3, column, other)
    sheet.set_column(0, 0, 14, None, {"hidden": True})
    sheet.set_column(1, 1, 5)
    sheet.set_column(2, 2, 60)
    sheet.set_column(3, 3, 14)
    sheet.set_column(4, 4, 30)
    _print_setup(sheet, top, top)


def _label(column: Column) -> str:
    """A column's label; an amount's says its unit ("… (triệu đồng)"), which the reader takes back."""
    ind = column.indicator
    return f"{ind.label} ({ind.input_unit})" if ind.kind == "amount" else ind.label


def _print_setup(sheet: Worksheet, first: int, last: int) -> None:
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(first, last)
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.protect("", {"format_columns": True, "format_rows": True, "sort": True, "autofilter": True})


def form_path(ws: Workspace, period: Period, unit: str, folder: Path | None = None) -> Path:
    tree = ws.tree(period)
    name = safe_filename(f"{unit} - {tree[unit].name}") + ".xlsx"
    return (folder or ws.root / "outbox" / period.id) / name


def write_forms(ws: Workspace, period: Period, units: list[str], folder: Path | None = None, force: bool = False,
                progress: Progress = no_progress) -> list[Path]:
    """One form per unit; every target is checked before anything is written."""
    targets = [(u, form_path(ws, period, u, folder)) for u in units]
    existing = [p for _, p in targets if p.exists()]
    if existing and not force:
        raise OutputError("output.exists", path=f"{existing[0]}" + (f" (+{len(existing) - 1})" if len(existing) > 1 else ""))
    built = []
    for i, (unit, path) in enumerate(targets):
        progress(i, len(targets), path.name)
        built.append((path, build_form(ws, period, unit)))
    written = write_batch(built, force)  # the whole batch replaces the previous one, or none of it does
    progress(len(targets), len(targets), "")
    return written
