"""A vertical form: one row per indicator ("STT | Chỉ tiêu | ĐVT | Số liệu") for one unit, named in the
title block ("Đơn vị: Chi bộ thôn Đông", "Mã đơn vị: 01.01"), the file's context or the file name."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from dm05.findings import column_letter
from dm05.indicators import Indicator
from dm05.ingest.amounts import catalogue_unit, header_unit, unit_of
from dm05.ingest.context import ReadContext
from dm05.ingest.header import HEADER_SCAN_ROWS, MEASURE_HEADERS, STT_HEADERS, VALUE_HEADERS, is_index_row
from dm05.ingest.ledger import LAYOUT, READ, SheetLedger
from dm05.ingest.model import FileResult, SheetData
from dm05.ingest.table import did_you_mean
from dm05.ingest.values import code_text, is_blank, is_numeric, parse_figure
from dm05.messages import both
from dm05.readers import Grid
from dm05.textnorm import clean, match_key

# Labels of the unit in a vertical form's title block: "Đơn vị: Chi bộ thôn Đông".
UNIT_LABELS = tuple(match_key(s) for s in ("Mã đơn vị", "Tên đơn vị", "Đơn vị báo cáo", "Đơn vị", "Chi bộ"))


def read_vertical(grid: Grid, ctx: ReadContext, result: FileResult, path: Path, ledger: SheetLedger,
                  scope: str | None) -> SheetData | None:
    """None when the sheet is no such form; a form whose unit cannot be told gives an empty SheetData
    and a finding."""
    matcher = ctx.matcher
    best_col = -1
    best_rows: list[int] = []
    width = max((len(r) for r in grid.rows), default=0)
    for c in range(width):
        hits = []
        for r in range(len(grid.rows)):
            v = grid.value(r, c)
            if isinstance(v, str) and not is_blank(v):
                m = matcher.match((clean(v),))
                if m.kind == "indicator":
                    hits.append(r)
        if len(hits) > len(best_rows):
            best_col, best_rows = c, hits
    if len(best_rows) < 2:
        return None

    def heading(c: int) -> str:
        return next((match_key(grid.value(r, c)) for r in range(best_rows[0] - 1, -1, -1)
                     if isinstance(grid.value(r, c), str) and not is_blank(grid.value(r, c))), "")

    measure = [c for c in range(width) if heading(c) in MEASURE_HEADERS]
    value_col = _value_column(grid, best_col, best_rows, width, measure, heading, ctx)
    if value_col is None:
        return None
    f, name, sheet = result.findings, result.display, grid.sheet
    for c in range(width):
        if heading(c) in STT_HEADERS or c in measure or c == best_col or ctx.vocabulary.is_rate(heading(c)):
            ledger.mark_rows(best_rows, LAYOUT, [c])
    for r in range(max(0, best_rows[0] - 2), best_rows[0]):  # the column-number row under the heading
        if is_index_row(grid.rows[r], 0, width):
            ledger.mark_rows([r], LAYOUT)
    heading_row = next((r for r in range(best_rows[0] - 1, -1, -1) if not is_blank(grid.value(r, best_col))
                        or not is_blank(grid.value(r, value_col))), best_rows[0])
    found, (r, c, text) = vertical_unit(grid, heading_row, ctx, path, scope)
    letter = column_letter(grid.col0 + value_col)
    if len(found) != 1:
        where = dict(sheet=sheet, row=grid.row0 + r + 1 if r >= 0 else None,
                     column=column_letter(grid.col0 + c) if r >= 0 else None)
        if found:
            rule = "unit.ambiguous"
            f.add(rule, name, value=text, candidates=", ".join(found[:5]), **where)
        else:
            rule = "unit.unknown"
            f.add(rule, name, value=text or both("value.form_names_no_unit"),
                  hint=did_you_mean(text, ctx, scope) if text else "", **where)
        ledger.name_rows(best_rows, rule)
        return SheetData(name, sheet)
    unit = found[0]
    data = SheetData(name, sheet, rows=[grid.row0 + best_rows[0] + 1], units=[unit],
                     unit_column=column_letter(grid.col0 + best_col))
    for r in best_rows:
        m = matcher.match((clean(grid.value(r, best_col)),))
        ind = m.indicator
        assert ind is not None
        if ind.key in data.columns:
            ledger.name(r, value_col, "column.duplicate")
            f.add("column.duplicate", name, sheet=sheet, row=grid.row0 + r + 1, column=letter, indicator=ind.key,
                  value=f"{data.vertical_rows[ind.key]}, {grid.row0 + r + 1}")
            continue
        if not m.exact:
            f.add("column.read_as", name, sheet=sheet, row=grid.row0 + r + 1,
                  column=column_letter(grid.col0 + best_col), indicator=ind.key,
                  value=clean(grid.value(r, best_col)), label=ind.label)
        scale = _row_unit(grid, r, best_col, measure, ind, ctx) if ind.kind == "amount" else 1
        value, ok = parse_figure(grid.value(r, value_col), ind, ctx.period.year_fraction, f, name, sheet,
                                 grid.row0 + r + 1, letter, unit, scale, ctx.vocabulary.amount_units)
        data.columns[ind.key] = (letter, [value])
        data.vertical_rows[ind.key] = grid.row0 + r + 1
        if ok:
            ledger.mark(r, value_col, READ)
        else:
            data.errors.add((ind.key, 0))
            ledger.name(r, value_col, f.items[-1].rule)
    # rate rows ("Tỷ lệ đảng viên học tập") are recomputed: layout
    for r in range(best_rows[0], len(grid.rows)):
        v = grid.value(r, best_col)
        rate = matcher.match((clean(v),)) if isinstance(v, str) and not is_blank(v) else None
        if rate is not None and rate.kind == "rate" and rate.indicator is not None:
            ledger.mark(r, value_col, LAYOUT)
            f.add("column.derived", name, sheet=sheet, row=grid.row0 + r + 1, column=letter,
                  value=clean(v), indicator=None)
    return data


def _row_unit(grid: Grid, r: int, label_col: int, measure: list[int], ind: Indicator, ctx: ReadContext) -> int:
    """The đồng of one unit of an amount's row: its "ĐVT" cell ("triệu đồng"), its label's "(triệu đồng)",
    else the catalogue's ``input_unit``."""
    units = ctx.vocabulary.amount_units
    for c in measure:
        v = grid.value(r, c)
        if isinstance(v, str) and (found := unit_of(v, units)) is not None:
            return found
    label = grid.value(r, label_col)
    found = header_unit((clean(label),), units) if isinstance(label, str) else None
    return found if found is not None else catalogue_unit(ind, units)


_THIS_PERIOD = ("năm nay", "kỳ này", "thực hiện", "kết quả thực hiện", "số liệu", "kết quả", "số lượng", "số")


def _value_column(grid: Grid, best_col: int, best_rows: list[int], width: int, measure: list[int],
                  heading: Callable[[int], str], ctx: ReadContext) -> int | None:
    """The column of this period's figures: the one headed "Số liệu", "Năm 2026" (the period's year),
    "Năm nay", "Thực hiện"…; else the only numeric column. Two numeric columns that nothing tells apart
    ("Năm trước | Năm nay" in other words) are not guessed between: the sheet is then left unread,
    and said."""
    voc = ctx.vocabulary
    def years(c: int) -> set[int]:
        return {int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", heading(c))}

    def this_period(c: int) -> bool:
        return bool(years(c) & set(ctx.period.years)) or (
            not years(c) and not voc.blocking(heading(c)) and (heading(c) in _THIS_PERIOD or heading(c) in VALUE_HEADERS))

    columns = [c for c in range(best_col + 1, width) if heading(c) not in STT_HEADERS and c not in measure
               and not voc.is_rate(heading(c))]
    numeric = [c for c in columns if sum(1 for r in best_rows if is_numeric(grid.value(r, c))) * 2 >= len(best_rows)]
    own = [c for c in columns if this_period(c)]
    if own:
        return own[0]
    others = [c for c in numeric if not years(c) and not voc.blocking(heading(c))]
    return others[0] if len(numeric) == 1 and others else None


def vertical_unit(grid: Grid, first_row: int, ctx: ReadContext, path: Path,
                  scope: str | None) -> tuple[list[str], tuple[int, int, str]]:
    """Candidate units named by the title block above the form's heading row ``first_row`` — a code
    label first ("Mã đơn vị: 01.001"), then a name label ("Đơn vị: …") — or by the file name; and where
    that was read. (The heading row's own "Đơn vị" heads a unit-of-measure column.)"""
    labels: list[tuple[bool, int, int, str]] = []  # (is a code, row, column, text given)
    for r in range(min(first_row, HEADER_SCAN_ROWS)):
        for c, v in enumerate(grid.rows[r]):
            if not isinstance(v, str):
                continue
            text = clean(v)
            key = match_key(text.split(":", 1)[0]) if ":" in text else match_key(text)
            if key not in UNIT_LABELS:
                continue
            given = clean(text.split(":", 1)[1]) if ":" in text else ""
            if not given:  # "Đơn vị:" | "Chi bộ thôn Đông" in the next cell
                given = next((code_text(x) for x in grid.rows[r][c + 1:] if not is_blank(x)), "")
            labels.append((key.startswith("mã"), r, c, given))
    tree = ctx.tree
    for is_code, r, c, given in sorted(labels, key=lambda x: not x[0]):
        found = ctx.lookup(given, None) if is_code else ctx.lookup(None, given)
        if scope is not None and len(found) > 1:
            found = [u for u in found if tree.within(u, scope)] or found
        return found, (r, c, given)
    stem = clean(path.stem)
    found = ctx.lookup(None, stem) or [u for u in tree.units if stem.startswith(u + " ")][:1]
    return found, (-1, -1, stem if not found else "")
