"""Reading unit spreadsheets into figures with their cell positions, and the findings met on the way.

A file is read into grids (one per sheet, :mod:`dm05.readers`). In each grid the header is found by
matching cells against the indicator catalogue and the unit-column names — one row, or two rows with
merged group cells — or, failing that, a vertical form (one row per indicator). Each data row is tied
to a unit of the tree and its figures are parsed; totals and group rows are recognised and checked.
Nothing here changes the input file.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from dm05.findings import FindingList, column_letter
from dm05.indicators import Catalogue, Indicator
from dm05.legacy import looks_tcvn3, tcvn3_to_unicode
from dm05.period import Period
from dm05.readers import Grid, UnreadableFile, read_grids, uncached_formulas
from dm05.safety import Limits, check_file
from dm05.textnorm import clean, match_key
from dm05.units import UnitHistory, UnitTree
from dm05.vnformat import plain, short_date

HEADER_SCAN_ROWS = 30
MAX_FIGURE = 1_000_000_000  # no figure of a party organisation comes near; 1e308 is a typing accident
CODE_HEADERS = frozenset(match_key(s) for s in (
    "Mã đơn vị", "Mã", "Mã số", "Mã chi bộ", "Mã tổ chức đảng", "Mã ĐV", "Mã đảng bộ", "code"))
NAME_HEADERS = frozenset(match_key(s) for s in (
    "Tên đơn vị", "Đơn vị", "Tên chi bộ", "Chi bộ", "Tên", "Tên tổ chức đảng", "Tổ chức đảng",
    "Tên tổ chức cơ sở đảng", "Đơn vị báo cáo", "Tên đảng bộ, chi bộ", "Đảng bộ, chi bộ", "name"))
STT_HEADERS = frozenset(match_key(s) for s in ("STT", "TT", "Số TT", "Số thứ tự"))
VALUE_HEADERS = frozenset(match_key(s) for s in ("Số liệu", "Số lượng", "Kết quả", "Giá trị", "Số", "value"))
TOTAL_LABELS = frozenset(match_key(s) for s in (
    "Tổng cộng", "Cộng", "Tổng số", "Tổng", "Toàn tỉnh", "Toàn huyện", "Toàn xã", "Toàn phường",
    "Toàn đảng bộ", "Tổng cộng toàn đảng bộ", "Total"))
# Prefixes a sheet may leave out of a unit's name ("Thôn Đông" for "Chi bộ thôn Đông").
NAME_PREFIXES = tuple(match_key(s) + " " for s in (
    "Chi bộ cơ sở", "Đảng bộ cơ sở", "Chi bộ", "Đảng bộ", "Đảng ủy"))
# Labels of the unit in a vertical form's title block: "Đơn vị: Chi bộ thôn Đông".
UNIT_LABELS = tuple(match_key(s) for s in ("Mã đơn vị", "Tên đơn vị", "Đơn vị báo cáo", "Đơn vị", "Chi bộ"))
_THOUSANDS = re.compile(r"^-?\d{1,3}([.\s]\d{3})+$")
_NUMBER = re.compile(r"^-?\d+(,\d+)?$|^-?\d*\.\d+$|^-?\d+\.?$")
_GROUP_STT = re.compile(r"^(?=[IVXLC]+\.?$)[IVXLC]+\.?$|^[a-zđA-ZĐ][.)]?$")
_INDEX_CELL = re.compile(r"^\(?\d+\)?(\s*\(?\s*=.*\)?)?$")
_YEAR_IN_TITLE = re.compile(r"\bnăm\s+(20\d\d)\b")
_YEAR_IN_NAME = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


@dataclass
class SheetData:
    """Figures of one sheet: one entry per data row, one value list per indicator column."""

    file: str
    sheet: str
    rows: list[int] = field(default_factory=list)  # spreadsheet row numbers, 1-based
    units: list[str] = field(default_factory=list)
    columns: dict[str, tuple[str, list[float | None]]] = field(default_factory=dict)  # key → (letter, values)
    derived: dict[str, str] = field(default_factory=dict)  # key → how it was derived
    unit_column: str = ""  # letter of the column that names the unit (code, else name)
    vertical_rows: dict[str, int] = field(default_factory=dict)  # vertical form: key → its row
    # (key, row index) of cells with an error finding: their value is None and they count nowhere, and
    # the unit's pair is left out of every ratio that uses the key
    errors: set[tuple[str, int]] = field(default_factory=set)

    def cell(self, key: str, i: int) -> str:
        """``Sheet!D7`` of a figure (derived figures point at their source cell)."""
        letter = self.columns[key][0]
        row = self.vertical_rows.get(key, self.rows[i])
        return f"{self.sheet}!{letter}{row}" if letter else f"{self.sheet}!{self.unit_column}{row}"


@dataclass
class Ledger:
    """What became of every non-empty numeric cell of a file's visible sheets: read as a figure, checked
    as part of a totals or group row, recognised as layout (column numbers, dates, STT, a rate column
    dm05 recomputes, …), or left unread — and every unread one is named by a warning or error finding."""

    read: int = 0
    checked: int = 0
    layout: int = 0
    unread: int = 0

    def to_json(self) -> dict[str, int]:
        return {"read": self.read, "checked": self.checked, "layout": self.layout, "unread": self.unread}


@dataclass
class FileResult:
    path: Path
    display: str
    sheets: list[SheetData] = field(default_factory=list)
    findings: FindingList = field(default_factory=FindingList)
    unreadable: bool = False
    ledger: Ledger = field(default_factory=Ledger)

    @property
    def units(self) -> int:
        return len({u for s in self.sheets for u in s.units})


@dataclass
class ReadContext:
    tree: UnitTree  # the structure of the period
    catalogue: Catalogue
    period: Period
    cell_level: str = "chi_bo"
    all_units: UnitHistory | None = None  # every unit ever listed, to tell "abolished" from "unknown"
    limits: Limits = field(default_factory=Limits)
    root: Path | None = None  # the workspace: an inbox link leading outside it is not followed
    _short_names: dict[str, list[str]] | None = None

    def short_names(self) -> dict[str, list[str]]:
        """Unit names with a standard prefix removed, for sheets that leave it out."""
        if self._short_names is None:
            index: dict[str, list[str]] = {}
            for key, codes in self.tree.names().items():
                for prefix in NAME_PREFIXES:
                    if key.startswith(prefix):
                        index.setdefault(key[len(prefix):], []).extend(codes)
                        break
            self._short_names = index
        return self._short_names

    def lookup(self, code_v: Any, name_v: Any) -> list[str]:
        """Candidate units for a row: by code, else by name (full, then without its prefix)."""
        if not is_blank(code_v):
            code = code_text(code_v)
            return [code] if code in self.tree else []
        if not is_blank(name_v):
            return self.tree.by_name(name_v) or self.short_names().get(match_key(name_v), [])
        return []


# --- values ------------------------------------------------------------------------------------

def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not clean(value))


def parse_number(value: Any) -> tuple[float | None, bool]:
    """A cell's number: (value, ok). Blank → (None, True); text that is no number → (None, False).

    Accepts Vietnamese thousands ("1.234", "1 234") and decimal commas ("98,5").
    """
    if is_blank(value):
        return None, True
    if isinstance(value, bool):
        return None, False
    if isinstance(value, (int, float)):
        f = float(value)
        return (f, True) if math.isfinite(f) else (None, False)
    text = clean(str(value))
    if _THOUSANDS.match(text):
        return float(re.sub(r"[.\s]", "", text)), True
    text = text.replace(" ", "")
    if _NUMBER.match(text):
        return float(text.replace(",", ".")), True
    return None, False


def code_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(str(value))


# --- header ------------------------------------------------------------------------------------

@dataclass
class Header:
    row: int  # index into grid.rows of the (last) header row
    first_row: int  # first header row (== row for a one-row header)
    code_col: int | None
    name_col: int | None
    stt_col: int | None
    indicators: dict[int, Indicator]
    unknown: dict[int, str]
    texts: dict[int, str]

    @property
    def unit_col(self) -> int | None:
        return self.code_col if self.code_col is not None else self.name_col


def _merged_fill(grid: Grid, limit: int) -> dict[tuple[int, int], Any]:
    """Header cells covered by a merged range take the range's top-left value."""
    fill: dict[tuple[int, int], Any] = {}
    for (r1, c1), (r2, c2) in grid.merged:
        if r1 > limit or (r2 - r1 + 1) * (c2 - c1 + 1) > 400:
            continue
        v = grid.value(r1, c1)
        for r in range(r1, min(r2, limit) + 1):
            for c in range(c1, c2 + 1):
                fill[(r, c)] = v
    return fill


def _classify(texts: list[str], catalogue: Catalogue) -> tuple[str, Any]:
    for text in texts:
        key = match_key(text)
        if key in CODE_HEADERS:
            return "code", None
        if key in NAME_HEADERS:
            return "name", None
        if key in STT_HEADERS:
            return "stt", None
        if (ind := catalogue.lookup_header(text)) is not None:
            return "indicator", ind
    return "", None


def find_header(grid: Grid, catalogue: Catalogue) -> Header | None:
    """The header with the most indicator columns, one row or two (group cells over sub-columns)."""
    limit = min(len(grid.rows), HEADER_SCAN_ROWS)
    fill = _merged_fill(grid, limit + 1)

    texts: dict[tuple[int, int], str | None] = {}

    def cell(r: int, c: int) -> str | None:
        if (r, c) not in texts:
            v = fill.get((r, c), grid.value(r, c))
            texts[(r, c)] = v if isinstance(v, str) and not is_blank(v) else None
        return texts[(r, c)]

    best: Header | None = None
    for r in range(limit):
        width = max(len(grid.rows[r]), len(grid.rows[r + 1]) if r + 1 < len(grid.rows) else 0)
        for rows_used in (1, 2):
            if rows_used == 2 and r + 1 >= len(grid.rows):
                continue
            h = Header(r + rows_used - 1, r, None, None, None, {}, {}, {})
            for c in range(width):
                up = cell(r, c)
                low = cell(r + 1, c) if rows_used == 2 else None
                if rows_used == 2 and low is not None and low == up:
                    low = None  # vertically merged: one text over two rows
                options = [t for t in ((low, f"{up} {low}" if up and low else None, up) if rows_used == 2 else (up,)) if t]
                if not options:
                    continue
                kind, ind = _classify(options, catalogue)
                text = " ".join(clean(t) for t in (up, low) if t)
                h.texts[c] = text
                if kind == "code" and h.code_col is None:
                    h.code_col = c
                elif kind == "name" and h.name_col is None:
                    h.name_col = c
                elif kind == "stt" and h.stt_col is None:
                    h.stt_col = c
                elif kind == "indicator":
                    h.indicators[c] = ind
                else:
                    h.unknown[c] = text
            # more indicator columns wins; on a tie a row of catalogue keys (dm05's own forms: labels may
            # be renamed), then the one-row reading (a title row above is no header)
            if h.unit_col is not None and h.indicators and (
                    best is None or _rank(h, grid) > _rank(best, grid)):
                best = h
    return best


# --- rows --------------------------------------------------------------------------------------

def _rank(h: Header, grid: Grid) -> tuple[int, int, int]:
    exact = sum(1 for c, ind in h.indicators.items() if grid.value(h.row, c) == ind.key)
    return len(h.indicators), exact, -(h.row - h.first_row)


def _is_total_label(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    key = match_key(value)
    return key in TOTAL_LABELS or key.startswith(("tổng cộng", "toàn "))


def _is_index_row(row: list[Any]) -> bool:
    """The column-number row under a header ("1 | 2 | 3 (=4+5) | 4"): at least three filled cells, each
    the number of its own column counted from the first (so a data row such as "01 | 60" is not one)."""
    filled = [(c, v) for c, v in enumerate(row) if not is_blank(v)]
    if len(filled) < 3:
        return False
    first_col, first_number = None, None
    for c, v in filled:
        text = code_text(v)
        m = re.match(r"\(?(\d+)", text)
        if not _INDEX_CELL.match(text) or m is None:
            return False
        number = int(m.group(1))
        if first_col is None:
            first_col, first_number = c, number
        elif number - first_number != c - first_col:  # type: ignore[operator]
            return False
    return first_number is not None and first_number <= 2


@dataclass
class _Row:
    r: int  # grid row index
    code_v: Any
    name_v: Any
    kind: str  # "data", "total", "group"
    label: str = ""


def read_file(path: Path, ctx: ReadContext, display: str | None = None) -> FileResult:
    """Read every sheet of ``path``; problems become findings, never exceptions."""
    result = FileResult(path, display or path.name)
    f = result.findings
    name = result.display
    refusal = check_file(path, ctx.limits)
    if refusal is not None:
        result.unreadable = refusal.rule != "file.empty"
        f.add(refusal.rule, name, **refusal.params)
        return result
    try:
        grids = list(read_grids(path, ctx.limits.max_rows))
    except UnreadableFile as e:
        result.unreadable = True
        f.add("file.unreadable", name, reason=str(e))
        return result
    if all(all(is_blank(v) for row in g.rows for v in row) for g in grids):
        f.add("file.empty", name)
        return result
    _check_file_name_period(path, ctx, result)
    meta = next((g for g in grids if g.sheet == FORM_META_SHEET), None)
    if meta is not None:
        grids = [g for g in grids if g is not meta]
        _check_form_meta(meta, ctx, result)
    for grid in grids:
        width = max((len(r) for r in grid.rows), default=0)
        if len(grid.rows) > ctx.limits.max_rows or width > ctx.limits.max_columns:
            f.add("sheet.too_large", name, sheet=grid.sheet, rows=len(grid.rows), columns=width,
                  max_rows=ctx.limits.max_rows, max_columns=ctx.limits.max_columns)
            continue
        if all(is_blank(v) for row in grid.rows for v in row):
            continue
        _convert_legacy_text(grid, result, range(min(len(grid.rows), HEADER_SCAN_ROWS)))
        header = find_header(grid, ctx.catalogue)
        if header is not None:
            _check_title_period(grid, header.first_row, ctx, result)
            data = _read_table(grid, header, ctx, result, path)
        else:
            form = _read_vertical(grid, ctx, result, path)
            if form is None:
                f.add("sheet.skipped", name, sheet=grid.sheet,
                      reason={"vi": "không có dòng tiêu đề nhận ra được", "en": "no recognisable header row"})
                continue
            data = form
        if data.rows:
            _add_derived(data, ctx)
            _check_rows(data, ctx, f)
            result.sheets.append(data)
    if not result.sheets and not f.count("error"):
        f.add("file.no_data_sheet", name)
    order = {g.sheet: i for i, g in enumerate(grids)}
    f.items.sort(key=lambda x: (order.get(x.sheet or "", -1), x.row or 0, len(x.column or ""), x.column or ""))
    present = {k for s in result.sheets for k in s.columns}
    for ind in ctx.catalogue.indicators:
        if ind.required and ind.key not in present:
            f.add("column.required_missing", name, indicator=ind.key, value=ind.label)
    return result


def _convert_legacy_text(grid: Grid, result: FileResult, rows: range, columns: list[int] | None = None) -> None:
    """Convert TCVN3 text in ``rows`` (only ``columns`` of them, when given); one warning per sheet."""
    first: tuple[int, int, str] | None = None
    for r in rows:
        row = grid.rows[r]
        for c in (columns if columns is not None else range(len(row))):
            v = row[c] if c < len(row) else None
            if type(v) is str and looks_tcvn3(v):
                row[c] = tcvn3_to_unicode(v)
                if first is None:
                    first = (r, c, clean(row[c]))
    already = any(f.rule == "text.legacy_encoding" and f.sheet == grid.sheet for f in result.findings.items)
    if first is not None and not already:
        r, c, text = first
        result.findings.add("text.legacy_encoding", result.display, sheet=grid.sheet, row=grid.row0 + r + 1,
                            column=column_letter(grid.col0 + c), value=text[:60])


def _period_years(period: Period) -> set[int]:
    return set(period.years)


def _check_title_period(grid: Grid, header_row: int, ctx: ReadContext, result: FileResult) -> None:
    """A title above the header that names another year ("… NĂM 2025") contradicts the period."""
    for r in range(header_row):
        for c, v in enumerate(grid.rows[r]):
            if not isinstance(v, str):
                continue
            years = {int(y) for y in _YEAR_IN_TITLE.findall(clean(v).lower())}
            if years and not years & _period_years(ctx.period):
                result.findings.add("file.period_mismatch", result.display, sheet=grid.sheet, row=grid.row0 + r + 1,
                                    column=column_letter(grid.col0 + c), value=clean(v)[:80], period=ctx.period.id,
                                    where_vi="Tiêu đề", where_en="title")
                return


FORM_META_SHEET = "_dm05"  # the hidden sheet of the forms dm05 writes (dm05.forms)


def _check_form_meta(meta: Grid, ctx: ReadContext, result: FileResult) -> None:
    """A dm05 form says which period it is for; another period's form is refused, not guessed."""
    values = {str(row[0]): row[1] for row in meta.rows if len(row) >= 2 and isinstance(row[0], str)}
    period = values.get("period")
    if period is not None and str(period) != ctx.period.id:
        result.findings.add("file.period_mismatch", result.display, sheet=meta.sheet, row=meta.row0 + 2, column="B",
                            value=str(period), period=ctx.period.id, where_vi="Biểu dm05", where_en="dm05 form")


def _check_file_name_period(path: Path, ctx: ReadContext, result: FileResult) -> None:
    years = {int(y) for y in _YEAR_IN_NAME.findall(path.stem)}
    if years and not years & _period_years(ctx.period):
        result.findings.add("file.period_mismatch", result.display, value=path.name, period=ctx.period.id,
                            where_vi="Tên tệp", where_en="file name")


def _read_table(grid: Grid, header: Header, ctx: ReadContext, result: FileResult, path: Path) -> SheetData:
    f, name, sheet = result.findings, result.display, grid.sheet
    data = SheetData(name, sheet)

    def letter(c: int) -> str:
        return column_letter(grid.col0 + c)

    def rownum(r: int) -> int:
        return grid.row0 + r + 1

    hrow = rownum(header.first_row)
    seen: dict[str, int] = {}
    for c, ind in sorted(header.indicators.items()):
        if ind.kind == "ratio":
            f.add("column.derived", name, sheet=sheet, row=hrow, column=letter(c), indicator=ind.key,
                  value=header.texts.get(c, ""))
        elif ind.key in seen:
            f.add("column.duplicate", name, sheet=sheet, row=hrow, column=letter(c), indicator=ind.key,
                  value=f"{letter(seen[ind.key])}, {letter(c)}")
        else:
            seen[ind.key] = c
    for c, text in sorted(header.unknown.items()):
        f.add("column.unknown", name, sheet=sheet, row=hrow, column=letter(c), value=text)

    unit_columns = [c for c in (header.code_col, header.name_col, header.stt_col) if c is not None]
    _convert_legacy_text(grid, result, range(min(len(grid.rows), HEADER_SCAN_ROWS), len(grid.rows)), unit_columns)
    rows = _classify_rows(grid, header, seen)
    unit_col = header.unit_col
    data.unit_column = letter(unit_col or 0)
    codes = _resolve_units(rows, header, grid, ctx, result)
    kept = [(row, code) for row, code in zip(rows, codes) if row.kind == "data" and code is not None]
    data.rows = [rownum(row.r) for row, _ in kept]
    data.units = [code for _, code in kept]
    values: dict[str, list[float | None]] = {}
    invalid: set[tuple[int, str]] = set()
    for key, c in seen.items():
        ind = ctx.catalogue.by_key[key]
        raw = [grid.rows[row.r][c] if c < len(grid.rows[row.r]) else None for row, _ in kept]
        fast = _fast_column(raw, ind, ctx)
        if fast is not None:
            values[key] = fast
            continue
        col, out = letter(c), []
        uncached: set[tuple[int, int]] | None = None
        for (row, code), cell in zip(kept, raw):
            if is_blank(cell) and path.suffix.lower() in (".xlsx", ".xlsm"):
                if uncached is None:
                    uncached = uncached_formulas(path, sheet)
                if (grid.row0 + row.r, grid.col0 + c) in uncached:
                    f.add("formula.no_cached_value", name, sheet=sheet, row=rownum(row.r), column=col,
                          unit=code, indicator=key)
                    invalid.add((row.r, key))
                    out.append(None)
                    continue
            value, ok = _parse_cell(cell, ind, ctx, f, name, sheet, rownum(row.r), col, code)
            if not ok:
                invalid.add((row.r, key))
            out.append(value)
        values[key] = out
    by_row = {row.r: {k: values[k][i] for k in seen} for i, (row, _) in enumerate(kept)} if any(
        x.kind != "data" for x in rows) else {}
    for key, c in seen.items():
        data.columns[key] = (letter(c), values[key])
    _check_totals(rows, by_row, invalid, seen, grid, header, ctx, result)
    return data


def _classify_rows(grid: Grid, header: Header, seen: dict[str, int]) -> list[_Row]:
    out: list[_Row] = []
    for r in range(header.row + 1, len(grid.rows)):
        row = grid.rows[r]
        code_v = row[header.code_col] if header.code_col is not None and header.code_col < len(row) else None
        name_v = row[header.name_col] if header.name_col is not None and header.name_col < len(row) else None
        stt_v = row[header.stt_col] if header.stt_col is not None and header.stt_col < len(row) else None
        if is_blank(code_v) and is_blank(name_v) and all(is_blank(row[c]) for c in seen.values() if c < len(row)):
            continue
        if r == header.row + 1 and _is_index_row(row):
            continue
        label = next((clean(str(v)) for v in (name_v, code_v, stt_v) if not is_blank(v)), "")
        if any(_is_total_label(v) for v in (name_v, code_v, stt_v)):
            out.append(_Row(r, code_v, name_v, "total", label))
        elif isinstance(stt_v, str) and _GROUP_STT.match(clean(stt_v)):
            out.append(_Row(r, code_v, name_v, "group", label))
        else:
            out.append(_Row(r, code_v, name_v, "data", label))
    return out


def _check_totals(rows: list[_Row], by_row: dict[int, dict[str, float | None]], invalid: set[tuple[int, str]],
                  seen: dict[str, int], grid: Grid, header: Header, ctx: ReadContext, result: FileResult) -> None:
    """A totals row must equal the sum of the rows it totals: the data rows above it (since the previous
    total), or, for a total placed first, all the rows below; a group row totals the rows under it."""
    data_rows = [x.r for x in rows if x.kind == "data" and x.r in by_row]
    for i, row in enumerate(rows):
        if row.kind == "group" and row.r not in by_row:
            nxt = next((x.r for x in rows[i + 1:] if x.kind != "data"), len(grid.rows))
            covered = [r for r in data_rows if row.r < r < nxt]
        elif row.kind == "total":
            prev = max((x.r for x in rows[:i] if x.kind == "total"), default=-1)
            covered = [r for r in data_rows if prev < r < row.r] or [r for r in data_rows if r > row.r]
        else:
            continue
        if not covered:
            continue
        cells = grid.rows[row.r]
        for key, c in seen.items():
            given, ok = parse_number(cells[c] if c < len(cells) else None)
            if given is None or not ok or any((r, key) in invalid for r in covered):
                continue
            parts = [by_row[r][key] for r in covered if by_row[r].get(key) is not None]
            if not parts:
                continue
            total = sum(parts)  # type: ignore[arg-type]
            if not math.isclose(total, given):
                result.findings.add("total.mismatch", result.display, sheet=grid.sheet, row=grid.row0 + row.r + 1,
                                    column=column_letter(grid.col0 + c), indicator=key, value=plain(given),
                                    expected=plain(total), row_label=row.label)


def _read_vertical(grid: Grid, ctx: ReadContext, result: FileResult, path: Path) -> SheetData | None:
    """A form with one row per indicator and a value column; the unit is named in the title block
    ("Đơn vị: …", "Mã đơn vị: …") or by the file name. None when the sheet is no such form; a form
    whose unit cannot be told gives an empty SheetData and a finding."""
    cat = ctx.catalogue
    best_col, best_rows = -1, []
    width = max((len(r) for r in grid.rows), default=0)
    for c in range(width):
        hits = [r for r in range(len(grid.rows)) if isinstance(grid.value(r, c), str) and cat.lookup_header(grid.value(r, c))]
        if len(hits) > len(best_rows):
            best_col, best_rows = c, hits
    if len(best_rows) < 2:
        return None
    def heading(c: int) -> str:
        return next((match_key(grid.value(r, c)) for r in range(best_rows[0] - 1, -1, -1)
                     if isinstance(grid.value(r, c), str) and not is_blank(grid.value(r, c))), "")

    # the column headed "Số liệu" (or the like), else the first numeric column that is no STT
    value_col = next((c for c in range(best_col + 1, width) if heading(c) in VALUE_HEADERS), None)
    if value_col is None:
        value_col = next((c for c in range(best_col + 1, width) if heading(c) not in STT_HEADERS and
                          sum(1 for r in best_rows if not is_blank(grid.value(r, c)) and parse_number(grid.value(r, c))[1])
                          * 2 >= len(best_rows)), None)
    if value_col is None:
        return None
    f, name, sheet = result.findings, result.display, grid.sheet
    found, (r, c, text) = _vertical_unit(grid, best_rows[0], ctx, path)
    letter = column_letter(grid.col0 + value_col)
    if len(found) != 1:
        where = dict(sheet=sheet, row=grid.row0 + r + 1 if r >= 0 else None,
                     column=column_letter(grid.col0 + c) if r >= 0 else None)
        if found:
            f.add("unit.ambiguous", name, value=text, candidates=", ".join(found[:5]), **where)
        else:
            f.add("unit.unknown", name, value=text or {"vi": "(biểu không ghi đơn vị)", "en": "(the form names no unit)"},
                  hint=_did_you_mean(text, ctx.tree) if text else "", **where)
        return SheetData(name, sheet)
    unit = found[0]
    _check_title_period(grid, best_rows[0], ctx, result)
    data = SheetData(name, sheet, rows=[grid.row0 + best_rows[0] + 1], units=[unit],
                     unit_column=column_letter(grid.col0 + best_col))
    for r in best_rows:
        ind = cat.lookup_header(grid.value(r, best_col))
        assert ind is not None
        if ind.kind == "ratio" or ind.key in data.columns:
            continue
        value, _ = _parse_cell(grid.value(r, value_col), ind, ctx, f, name, sheet, grid.row0 + r + 1, letter, unit)
        data.columns[ind.key] = (letter, [value])
        data.vertical_rows[ind.key] = grid.row0 + r + 1
    return data


def _vertical_unit(grid: Grid, first_row: int, ctx: ReadContext, path: Path) -> tuple[list[str], tuple[int, int, str]]:
    """Candidate units named by the title block — a code label first ("Mã đơn vị: 01.001"), then a
    name label ("Đơn vị: …") — or by the file name; and where that was read."""
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
    for is_code, r, c, given in sorted(labels, key=lambda x: not x[0]):
        return (ctx.lookup(given, None) if is_code else ctx.lookup(None, given)), (r, c, given)
    stem = clean(path.stem)
    found = ctx.lookup(None, stem) or [u for u in ctx.tree.units if stem.startswith(u + " ")][:1]
    return found, (-1, -1, stem if not found else "")


def _fast_column(raw: list[Any], ind: Indicator, ctx: ReadContext) -> list[float | None] | None:
    """A column of plain numbers that are all valid, checked at once; None sends it cell by cell."""
    if not raw or not all(type(v) is float or type(v) is int for v in raw):
        return None
    arr = np.asarray(raw, dtype="float64")
    limit = MAX_FIGURE
    if ind.kind == "threshold" and ind.max_per_year is not None:
        limit = math.floor(ind.max_per_year * ctx.period.year_fraction + 1e-9)
    if not (np.isfinite(arr).all() and (arr >= 0).all() and (arr <= limit).all() and (arr == np.floor(arr)).all()):
        return None
    return arr.tolist()


def _parse_cell(raw: Any, ind: Indicator, ctx: ReadContext, f: FindingList, name: str, sheet: str,
                row: int, col: str, unit: str) -> tuple[float | None, bool]:
    """A figure, or None; ``ok`` is False when the cell was reported as wrong."""
    where = dict(sheet=sheet, row=row, column=col, unit=unit, indicator=ind.key)
    if isinstance(raw, str) and clean(raw) in ("-", "–", "—"):
        return (0.0 if ind.dash_is_zero else None), True
    if isinstance(raw, str) and clean(raw).endswith("%"):
        f.add("value.rate_in_count", name, value=clean(raw), label=ind.label, **where)
        return None, False
    value, ok = parse_number(raw)
    if not ok:
        f.add("value.not_number", name, value=clean(str(raw))[:80], **where)
        return None, False
    if value is None:
        return (0.0 if ind.empty_is_zero else None), True
    if value < 0:
        f.add("value.negative", name, value=plain(value), label=ind.label, **where)
        return None, False
    if value > MAX_FIGURE:
        f.add("value.implausible", name, value=clean(str(raw))[:40], label=ind.label, limit="1.000.000.000", **where)
        return None, False
    if not value.is_integer():
        f.add("value.fractional", name, value=plain(value), label=ind.label, **where)
        return None, False
    if ind.kind == "threshold" and ind.max_per_year is not None:
        limit = math.floor(ind.max_per_year * ctx.period.year_fraction + 1e-9)
        if value > limit:
            f.add("value.out_of_range", name, value=plain(value), label=ind.label, limit=limit, **where)
            return None, False
    return value, True


def _add_derived(data: SheetData, ctx: ReadContext) -> None:
    """Threshold raw values become their 0/1 counts; a party cell counts as one cell."""
    cat = ctx.catalogue
    for ind in cat.thresholds:
        if ind.key in data.columns and ind.target and ind.target not in data.columns:
            assert ind.min_per_year is not None
            need = ind.min_per_year * ctx.period.year_fraction
            letter, raw = data.columns[ind.key]
            data.columns[ind.target] = (letter, [None if v is None else float(v >= need - 1e-9) for v in raw])
            data.derived[ind.target] = f"{ind.key} ≥ {need:g}"
            if ind.key in data.vertical_rows:
                data.vertical_rows[ind.target] = data.vertical_rows[ind.key]
    for ind in cat.counts:
        if ind.cell_default is not None and ind.key not in data.columns:
            levels = [ctx.tree[u].level == ctx.cell_level for u in data.units]
            if any(levels):
                data.columns[ind.key] = ("", [float(ind.cell_default) if is_cell else None for is_cell in levels])
                data.derived[ind.key] = f"= {ind.cell_default} (chi bộ)"


def _check_rows(data: SheetData, ctx: ReadContext, f: FindingList) -> None:
    cat = ctx.catalogue

    def where(key: str, i: int) -> dict[str, Any]:
        letter = data.columns[key][0] or None
        return dict(sheet=data.sheet, row=data.vertical_rows.get(key, data.rows[i]), column=letter,
                    unit=data.units[i], indicator=key)

    for ind in cat.counts:
        if ind.at_most is None or ind.key not in data.columns or ind.at_most not in data.columns:
            continue
        nums = data.columns[ind.key][1]
        dens = data.columns[ind.at_most][1]
        other = cat.by_key[ind.at_most]
        for i, (n, d) in enumerate(zip(nums, dens)):
            if n is not None and d is not None and n > d:
                f.add("value.above_denominator", data.file, value=plain(n), label=ind.label,
                      other_label=other.label, limit=plain(d), **where(ind.key, i))
    ratings = [i.key for i in cat.counts if i.rating and i.key in data.columns]
    if ratings:
        for i, unit in enumerate(data.units):
            given = [data.columns[k][1][i] for k in ratings]
            total = sum(v for v in given if v is not None)
            limit = ctx.tree.subtree_size(unit)
            if total > limit:
                f.add("value.ratings_exceed", data.file, value=plain(total), limit=limit, **where(ratings[0], i))


def _resolve_units(rows: list[_Row], header: Header, grid: Grid, ctx: ReadContext,
                   result: FileResult) -> list[str | None]:
    """Tie each row to a unit: by code, else by name, scoped to the part of the tree the file covers.
    Totals rows get None; a group row ("I", "a)") that names no unit is a subtotal, not an error."""
    tree, f, name, sheet = ctx.tree, result.findings, result.display, grid.sheet
    options = [ctx.lookup(x.code_v, x.name_v) if x.kind != "total" else [] for x in rows]
    # Names such as "Chi bộ thôn 1" recur across communes: keep candidates under the deepest unit
    # that covers every row the sheet names.
    scope: str | None = None
    matched = [o for o in options if o]
    if any(len(o) > 1 for o in matched):
        covering: Counter[str] = Counter()
        for opts in matched:
            # a row that names one unit may name the scope itself (the commune's own row)
            covering.update({a for c in opts for a in ([c] if len(opts) == 1 else []) + tree.ancestors(c)})
        full = [a for a, n in covering.items() if n == len(matched)]
        if full:
            deepest = max(tree.depth[a] for a in full)
            at_depth = [a for a in full if tree.depth[a] == deepest]
            scope = at_depth[0] if len(at_depth) == 1 else None
    out: list[str | None] = []
    for row, opts in zip(rows, options):
        if row.kind == "total":
            out.append(None)
            continue
        code_v, name_v = row.code_v, row.name_v
        col = header.code_col if header.code_col is not None and not is_blank(code_v) else header.name_col
        where = dict(sheet=sheet, row=grid.row0 + row.r + 1, column=column_letter(grid.col0 + (col or 0)))
        if scope is not None and len(opts) > 1:
            opts = [c for c in opts if c == scope or scope in tree.ancestors(c)]
        if len(opts) == 1:
            code = opts[0]
            if not is_blank(code_v) and not is_blank(name_v):
                given, known = match_key(name_v), match_key(tree[code].name)
                if given not in known and known not in given:
                    f.add("unit.code_name_mismatch", name, unit=code, value=clean(str(name_v)),
                          expected=tree[code].name, **where)
            row.kind = "data"
            out.append(code)
            continue
        out.append(None)
        if row.kind == "group" and not opts:
            continue
        shown = " — ".join(clean(str(v)) for v in (code_v, name_v) if not is_blank(v))
        if len(opts) > 1:
            f.add("unit.ambiguous", name, value=shown, candidates=", ".join(opts[:5]), **where)
        elif is_blank(code_v) and is_blank(name_v):
            f.add("unit.unknown", name, value={"vi": "(trống)", "en": "(blank)"}, hint="", **where)
        elif (old := _outside(code_v, name_v, ctx)) is not None:
            f.add("unit.outside_tree", name, unit=old, value=shown, date=short_date(ctx.period.end), **where)
        else:
            f.add("unit.unknown", name, value=shown,
                  hint=_did_you_mean(name_v if not is_blank(name_v) else code_v, tree), **where)
    return out


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


def _did_you_mean(text: Any, tree: UnitTree) -> dict[str, str] | str:
    names = tree.names()
    key = match_key(text)
    if code_text(text) in tree:
        code = code_text(text)
    else:
        close = [key] if key in names else difflib.get_close_matches(key, list(names), n=1, cutoff=0.8)
        if not close:
            return ""
        code = names[close[0]][0]
    return {"vi": f" Có phải «{tree[code].name}» (mã {code})?", "en": f" Did you mean “{tree[code].name}” ({code})?"}
