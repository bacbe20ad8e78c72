"""Reading one table under its header: which rows are data, totals, groups, text or the block under
the table; which unit each data row names; its figures; and the check of every totals row."""

from __future__ import annotations

import difflib
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dm05.findings import column_letter
from dm05.ingest.amounts import catalogue_unit, header_unit, parse_amount, unit_of
from dm05.ingest.context import ReadContext, Resolution
from dm05.ingest.header import MEASURE_HEADERS, MEASURE_WORDS, UNIT_WORDS, Header, HeaderMatcher, is_index_row
from dm05.ingest.layout import GROUP_STT, is_block_text, is_date_line, is_total_label
from dm05.ingest.ledger import CHECKED, LAYOUT, READ, SheetLedger
from dm05.ingest.model import FileResult, SheetData
from dm05.ingest.values import (
    code_text,
    fast_column,
    fast_columns,
    figure_limit,
    is_blank,
    is_numeric,
    parse_figure,
)
from dm05.ingest.values import parse_number as _parse_number
from dm05.messages import both
from dm05.readers import Grid, uncached_formulas
from dm05.textnorm import clean, match_key
from dm05.units import UnitTree
from dm05.vnformat import plain, short_date


@dataclass
class Row:
    r: int  # grid row index
    code_v: Any
    name_v: Any
    kind: str  # data | total | group | text
    label: str = ""
    unit: str | None = None
    figures: bool = True  # any cell of an indicator column filled


def table_end(grid: Grid, header: Header, seen: dict[str, int], matcher: HeaderMatcher) -> int:
    """The first row after the table: a row that opens another table's header, or the block under it."""
    for r in range(header.row + 1, len(grid.rows)):
        row = grid.rows[r]
        cells = row[header.lo:min(header.hi, len(row))]
        strings = [v for v in cells if isinstance(v, str) and v.strip()]
        if not strings:
            continue
        unit_cells = [row[c] for c in (header.code_col, header.name_col, header.stt_col) if c is not None and c < len(row)]
        if any(isinstance(v, str) and match_key(v) in UNIT_WORDS for v in unit_cells) or (
                any(match_key(v) in UNIT_WORDS for v in strings) and _labels(strings, matcher)):
            return r  # the next table's header
        figures = any(is_numeric(row[c]) for c in seen.values() if c < len(row))
        if any(is_date_line(v) for v in unit_cells) or (not figures and any(is_block_text(v) for v in unit_cells)):
            return r  # the block under the table
        if not figures and not any(not is_blank(v) for v in unit_cells) and (
                any(is_date_line(v) for v in strings) or _labels(strings, matcher) >= 2):
            return r  # a date line across the row, or the header of a table with no unit column
    return len(grid.rows)


def _labels(strings: list[str], matcher: HeaderMatcher) -> int:
    """How many of a row's texts are indicator labels (asked only of rows that may be a header, so that
    unit names are not matched against the catalogue row after row)."""
    return sum(1 for v in strings if matcher.match((clean(v),)).kind in ("indicator", "rate"))


def read_table(grid: Grid, header: Header, end: int, ctx: ReadContext, result: FileResult, path: Path,
               ledger: SheetLedger, scope: str | None) -> SheetData:
    f, name, sheet = result.findings, result.display, grid.sheet
    data = SheetData(name, sheet)

    def letter(c: int) -> str:
        return column_letter(grid.col0 + c)

    def rownum(r: int) -> int:
        return grid.row0 + r + 1

    hrow = rownum(header.first_row)
    ledger.mark_rows(slice(header.first_row, header.row + 1), LAYOUT, slice(header.lo, header.hi))
    seen: dict[str, int] = {}
    for c, ind in sorted(header.indicators.items()):
        if ind.key in seen:
            f.add("column.duplicate", name, sheet=sheet, row=hrow, column=letter(c), indicator=ind.key,
                  value=f"{letter(seen[ind.key])}, {letter(c)}")
        else:
            seen[ind.key] = c
            if c in header.inexact:
                f.add("column.read_as", name, sheet=sheet, row=hrow, column=letter(c), indicator=ind.key,
                      value=header.texts.get(c, ""), label=ind.label)
    for c, ratio in sorted(header.rates.items()):
        f.add("column.derived", name, sheet=sheet, row=hrow, column=letter(c),
              indicator=ratio.key if ratio else None, value=header.texts.get(c, ""))

    first = first_filled_row(grid, header, end)
    index_row = first if first is not None and is_index_row(grid.rows[first], header.lo, header.hi,
                                                            header.name_col) else None
    if index_row is not None:
        ledger.mark_rows([index_row], LAYOUT, slice(header.lo, header.hi))
    rows = classify_rows(grid, header, seen, end, first, index_row)
    body = [x.r for x in rows]
    layout_cols = [c for c in (header.code_col, header.stt_col, header.name_col, *header.measure_cols, *header.rates)
                   if c is not None]
    if body and layout_cols:
        ledger.mark_rows(body, LAYOUT, layout_cols)

    # a column the catalogue does not know: a warning when it holds numbers (they are not read)
    for c in sorted(header.unknown):
        numbers = ledger.numbers_in(body, c)
        if numbers:
            hint = "; ".join(f"«{h}»" for h in ctx.matcher.hints(header.paths.get(c, (header.texts.get(c, ""),))))
            f.add("column.unread", name, sheet=sheet, row=hrow, column=letter(c), value=header.texts.get(c, ""),
                  count=len(numbers), hint=both("hint.did_you_mean", choices=hint) if hint else "")
            for r in numbers:
                ledger.name(r, c, "column.unread")
        else:
            f.add("column.unknown", name, sheet=sheet, row=hrow, column=letter(c), value=header.texts.get(c, ""))
    for c, ind in header.indicators.items():
        if seen[ind.key] != c:  # the second column of one indicator is not read
            for r in ledger.numbers_in(body, c):
                ledger.name(r, c, "column.duplicate")

    resolve_units(rows, header, grid, ctx, result, ledger, scope)
    kept = [row for row in rows if row.kind == "data" and row.unit is not None]
    data.unit_column = letter(header.unit_col if header.unit_col is not None else header.lo)
    data.rows = [rownum(row.r) for row in kept]
    data.units = [row.unit for row in kept if row.unit is not None]  # all of them: the filter above, for mypy
    uncached: set[tuple[int, int]] | None = None
    units = ctx.vocabulary.amount_units
    scales = {key: column_unit(grid, header, c, first, ctx) for key, c in seen.items()
              if ctx.catalogue.by_key[key].kind == "amount"}
    kept_rows = [row.r for row in kept]
    raws = {key: [grid.rows[r][c] if c < len(grid.rows[r]) else None for r in kept_rows] for key, c in seen.items()}
    limits = {key: figure_limit(ctx.catalogue.by_key[key], ctx.period.year_fraction) for key in seen}
    # amounts are read cell by cell (their decimals and units exactly): never in the one-array check
    fast_all = fast_columns({k: v for k, v in raws.items() if k not in scales}, limits)
    fast_cols: list[int] = []
    for key, c in seen.items():
        ind = ctx.catalogue.by_key[key]
        raw = raws[key]
        fast = (None if key in scales else fast_all[key] if fast_all is not None
                else fast_column(raw, ind, limits[key]))
        if fast is not None:
            data.columns[key] = (letter(c), fast)
            fast_cols.append(c)
            continue
        col = letter(c)
        out: list[float | None] = []
        for i, (row, cell) in enumerate(zip(kept, raw)):
            if is_blank(cell) and path.suffix.lower() in (".xlsx", ".xlsm"):
                if uncached is None:
                    uncached = uncached_formulas(path, sheet)
                if (grid.row0 + row.r, grid.col0 + c) in uncached:
                    f.add("formula.no_cached_value", name, sheet=sheet, row=rownum(row.r), column=col,
                          unit=row.unit, indicator=key)
                    data.errors.add((key, i))
                    out.append(None)
                    continue
            value, ok = parse_figure(cell, ind, ctx.period.year_fraction, f, name, sheet, rownum(row.r), col,
                                     row.unit or "", scales.get(key, 1), units)
            if ok:
                ledger.mark(row.r, c, READ)
            else:
                data.errors.add((key, i))
                ledger.name(row.r, c, f.items[-1].rule)
            out.append(value)
        data.columns[key] = (letter(c), out)
    ledger.mark_block(kept_rows, fast_cols, READ)
    check_totals(rows, seen, grid, result, ledger, scales, units)
    return data


def column_unit(grid: Grid, header: Header, c: int, first: int | None, ctx: ReadContext) -> int:
    """The đồng of one unit of an amount column: its header's ("Số tiền (triệu đồng)"), a unit-of-measure
    row's under the header ("triệu đồng"), else the catalogue's ``input_unit``."""
    units = ctx.vocabulary.amount_units
    found = header_unit(header.paths.get(c, (header.texts.get(c, ""),)), units)
    if found is None and first is not None:
        for r in (first, first + 1):
            v = grid.value(r, c) if r < len(grid.rows) else None
            if isinstance(v, str) and (found := unit_of(v, units)) is not None:
                break
    return found if found is not None else catalogue_unit(ctx.catalogue.by_key[header.indicators[c].key], units)


def first_filled_row(grid: Grid, header: Header, end: int) -> int | None:
    """The first row under the header with anything in the table's columns (a merged header's second
    row is empty to the reader)."""
    for r in range(header.row + 1, end):
        row = grid.rows[r]
        if any(not is_blank(v) for v in row[header.lo:header.hi]):
            return r
    return None


def classify_rows(grid: Grid, header: Header, seen: dict[str, int], end: int, first: int | None,
                  index_row: int | None) -> list[Row]:
    """The rows of the table's body (``first``: its first filled row; ``index_row``: the column-number
    row, left out): data, totals, group (I, II, a) …) and text rows (no unit, no figure)."""
    out: list[Row] = []
    for r in range(header.row + 1, end):
        row = grid.rows[r]
        code_v = row[header.code_col] if header.code_col is not None and header.code_col < len(row) else None
        name_v = row[header.name_col] if header.name_col is not None and header.name_col < len(row) else None
        stt_v = row[header.stt_col] if header.stt_col is not None and header.stt_col < len(row) else None
        figures = any(not is_blank(row[c]) for c in seen.values() if c < len(row))
        if is_blank(code_v) and is_blank(name_v) and not figures:
            continue
        if r == index_row:
            continue
        if first is not None and r <= first + 1 and _is_measure_row(row, code_v, name_v, seen):
            continue
        label = next((clean(str(v)) for v in (name_v, code_v, stt_v) if not is_blank(v)), "")
        if any(is_total_label(v) for v in (name_v, code_v, stt_v)):
            out.append(Row(r, code_v, name_v, "total", label, figures=figures))
        elif isinstance(stt_v, str) and GROUP_STT.match(clean(stt_v)):
            out.append(Row(r, code_v, name_v, "group", label, figures=figures))
        elif not figures:
            out.append(Row(r, code_v, name_v, "text", label, figures=False))
        else:
            out.append(Row(r, code_v, name_v, "data", label))
    return out


def _is_measure_row(row: list[Any], code_v: Any, name_v: Any, seen: dict[str, int]) -> bool:
    """The unit-of-measure row some forms put under the header ("ĐVT | người | lượt | chi bộ")."""
    if any(isinstance(v, str) and match_key(v) in MEASURE_HEADERS for v in (code_v, name_v)):
        return True
    cells = [row[c] for c in seen.values() if c < len(row) and not is_blank(row[c])]
    return bool(cells) and all(isinstance(v, str) and match_key(v) in MEASURE_WORDS for v in cells)


def resolve_units(rows: list[Row], header: Header, grid: Grid, ctx: ReadContext, result: FileResult,
                  ledger: SheetLedger, scope: str | None) -> None:
    """Tie each row to a unit: by code, else by name, within the part of the tree the file is about.
    A group row ("I", "a)") or a text row that names no unit is no error; a data row is."""
    tree, f, name, sheet = ctx.tree, result.findings, result.display, grid.sheet
    found = [ctx.resolve(x.code_v, x.name_v) if x.kind != "total" else Resolution([]) for x in rows]
    said = scope  # the unit the file's title, sheet or name says it is about
    if scope is None:
        scope = _covering_scope([o.units for o in found if o.units], tree)
    excel: list[tuple[Row, Resolution]] = []
    section: str | None = None  # the last row naming a unit with sub-units ("I | Đảng bộ xã Một")
    empty: list[tuple[Row, str]] = []  # rows naming a unit of the lowest level with no figure

    for row, res in zip(rows, found):
        if row.kind == "total":
            continue
        code_v, name_v = row.code_v, row.name_v
        col = header.code_col if header.code_col is not None and not is_blank(code_v) else header.name_col
        where = dict(sheet=sheet, row=grid.row0 + row.r + 1, column=column_letter(grid.col0 + (col or 0)))
        opts = res.units
        for top in (section, scope):
            if top is not None and len(opts) > 1:
                opts = [c for c in opts if tree.within(c, top)] or opts
        if len(opts) == 1:
            code = opts[0]
            if not tree.is_leaf(code):
                section = code
            if not row.figures:  # a unit's row with no figure: a section heading, or a unit that sent nothing
                if tree.is_leaf(code):
                    empty.append((row, code))
                continue
            row.unit = code
            row.kind = "data"
            if said is not None and not tree.within(code, said) and not tree.within(said, code):
                f.add("unit.outside_scope", name, unit=code, value=clean(str(name_v if not is_blank(name_v) else code_v)),
                      scope=tree[said].name, **where)
            if res.via == "excel_code":
                excel.append((row, res))
            elif res.via == "name_after_code":
                f.add("unit.code_unknown", name, unit=code, value=res.code, name=clean(str(name_v)), **where)
            elif not is_blank(code_v) and not is_blank(name_v):
                known = match_key(tree[code].name)
                if not any(k in known or known in k for k in ctx.name_keys(name_v)):
                    f.add("unit.code_name_mismatch", name, unit=code, value=clean(str(name_v)),
                          expected=tree[code].name, **where)
            continue
        if row.kind in ("group", "text") and not opts:
            continue
        shown = " — ".join(clean(str(v)) for v in (code_v, name_v) if not is_blank(v))
        if len(opts) > 1:
            rule = "unit.ambiguous"
            f.add(rule, name, value=shown, candidates=", ".join(opts[:5]), **where)
        elif is_blank(code_v) and is_blank(name_v):
            rule = "unit.unknown"
            f.add(rule, name, value=both("value.blank"), hint="", **where)
        elif (old := _outside(code_v, name_v, ctx)) is not None:
            rule = "unit.outside_tree"
            f.add(rule, name, unit=old, value=shown, date=short_date(ctx.period.end), **where)
        else:
            rule = "unit.unknown"
            f.add(rule, name, value=shown,
                  hint=did_you_mean(name_v if not is_blank(name_v) else code_v, ctx, scope), **where)
        ledger.name_rows([row.r], rule)
    if empty:
        row = empty[0][0]
        shown = ", ".join(code for _, code in empty[:8]) + (", …" if len(empty) > 8 else "")
        f.add("row.no_figures", name, sheet=sheet, row=grid.row0 + row.r + 1,
              column=column_letter(grid.col0 + (header.unit_col if header.unit_col is not None else header.lo)),
              count=len(empty), units=shown)
    if excel:
        row, res = excel[0]
        f.add("unit.code_reformatted", name, sheet=sheet, row=grid.row0 + row.r + 1,
              column=column_letter(grid.col0 + (header.code_col or 0)),
              value=res.code, unit=row.unit, count=len(excel))


def _covering_scope(matched: list[list[str]], tree: UnitTree) -> str | None:
    """The deepest unit that covers every row the sheet names (names such as "Chi bộ thôn 1" recur
    across communes: a row that names one unit, or the commune's own row, tells which commune)."""
    if not any(len(o) > 1 for o in matched):
        return None
    covering: Counter[str] = Counter()
    for opts in matched:
        covering.update({a for c in opts for a in ([c] if len(opts) == 1 else []) + tree.ancestors(c)})
    full = [a for a, n in covering.items() if n == len(matched)]
    if not full:
        return None
    deepest = max(tree.depth[a] for a in full)
    at_depth = [a for a in full if tree.depth[a] == deepest]
    return at_depth[0] if len(at_depth) == 1 else None


def _outside(code_v: Any, name_v: Any, ctx: ReadContext) -> str | None:
    """The code of a unit listed in units.csv but not part of the period's structure."""
    history = ctx.all_units
    if history is None or not history.dated:
        return None
    if not is_blank(code_v):
        code = code_text(code_v)
        return code if history.knows(code) else None
    found = history.by_name(name_v)
    return found[0] if len(found) == 1 else None


def did_you_mean(text: Any, ctx: ReadContext, scope: str | None) -> dict[str, str] | str:
    """The closest unit's name, within the file's scope when the file names one."""
    tree = ctx.tree
    code = code_text(text)
    if code not in tree:
        names = tree.names()
        if scope is not None:
            names = {k: [c for c in v if tree.within(c, scope)] for k, v in names.items()}
            names = {k: v for k, v in names.items() if v}
        keys = ctx.name_keys(text)
        close = next(([k] for k in keys if k in names), None) or difflib.get_close_matches(
            keys[-1], list(names), n=1, cutoff=0.8)
        if not close:
            return ""
        code = names[close[0]][0]
    return both("hint.unit", name=tree[code].name, code=code)


def check_totals(rows: list[Row], seen: dict[str, int], grid: Grid, result: FileResult, ledger: SheetLedger,
                 scales: dict[str, int] | None = None, units: dict[str, int] | None = None) -> None:
    """A totals row must equal the sum of the rows it totals — the data rows above it (since the previous
    total), or, for a total placed first, all the rows below; a group row totals the rows under it.
    Rows whose unit is unknown are summed too: one unknown row must not make a right total look wrong.
    Amounts (``scales``: key → đồng of its column's unit) are compared in đồng, as they are read."""
    scales, units = scales or {}, units or {}

    def parse_number(v: Any, key: str) -> tuple[float | None, bool]:
        if key not in scales:
            return _parse_number(v)
        amount, why = parse_amount(None if is_blank(v) else v, scales[key], units)
        return (None, True) if why == "blank" else (None if amount is None else float(amount), not why)

    sums = [x for x in rows if x.kind in ("total", "group") and x.unit is None]
    if not sums:
        return
    data_rows = [x.r for x in rows if x.kind == "data"]
    values: dict[tuple[int, str], float | None] = {}
    invalid: set[tuple[int, str]] = set()
    for r in data_rows:
        cells = grid.rows[r]
        for key, c in seen.items():
            v, ok = parse_number(cells[c] if c < len(cells) else None, key)
            if not ok or (v is not None and v < 0):
                invalid.add((r, key))
            values[(r, key)] = v
    for i, row in enumerate(rows):
        if row.kind == "group" and row.unit is None:
            nxt = next((x.r for x in rows[i + 1:] if x.kind in ("group", "total") and x.unit is None), len(grid.rows))
            covered = [r for r in data_rows if row.r < r < nxt]
        elif row.kind == "total":
            prev = max((x.r for x in rows[:i] if x.kind == "total"), default=-1)
            covered = [r for r in data_rows if prev < r < row.r] or [r for r in data_rows if r > row.r]
        else:
            continue
        cells = grid.rows[row.r]
        for key, c in seen.items():
            ledger.mark(row.r, c, CHECKED)
            given, ok = parse_number(cells[c] if c < len(cells) else None, key)
            if not covered or given is None or not ok or any((r, key) in invalid for r in covered):
                continue
            parts = [part for r in covered if (part := values.get((r, key))) is not None]
            if not parts:
                continue
            total = sum(parts)
            if not math.isclose(total, given):
                result.findings.add("total.mismatch", result.display, sheet=grid.sheet, row=grid.row0 + row.r + 1,
                                    column=column_letter(grid.col0 + c), indicator=key, value=plain(given),
                                    expected=plain(total), row_label=row.label)
