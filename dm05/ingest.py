"""Reading unit spreadsheets into figures with their cell positions, and the findings met on the way.

A file is read into *grids* (one per sheet: rows of raw cell values and the sheet position of the
first cell). In each grid the header row is found by matching cells against the indicator catalogue
and the unit-column names; each data row is tied to a unit of the tree and its figures are parsed.
Nothing here changes the input file.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import python_calamine

from dm05.findings import FindingList, column_letter
from dm05.indicators import Catalogue, Indicator
from dm05.period import Period
from dm05.textnorm import clean, match_key
from dm05.units import UnitTree

HEADER_SCAN_ROWS = 30
CODE_HEADERS = frozenset(match_key(s) for s in (
    "Mã đơn vị", "Mã", "Mã số", "Mã chi bộ", "Mã tổ chức đảng", "Mã ĐV", "Mã đảng bộ", "code"))
NAME_HEADERS = frozenset(match_key(s) for s in (
    "Tên đơn vị", "Đơn vị", "Tên chi bộ", "Chi bộ", "Tên", "Tên tổ chức đảng", "Tổ chức đảng",
    "Tên tổ chức cơ sở đảng", "Đơn vị báo cáo", "Tên đảng bộ, chi bộ", "Đảng bộ, chi bộ", "name"))
STT_HEADERS = frozenset(match_key(s) for s in ("STT", "TT", "Số TT", "Số thứ tự"))
TOTAL_LABELS = frozenset(match_key(s) for s in (
    "Tổng cộng", "Cộng", "Tổng số", "Tổng", "Toàn tỉnh", "Toàn huyện", "Toàn xã", "Toàn phường",
    "Toàn đảng bộ", "Tổng cộng toàn đảng bộ", "Total"))
# Prefixes a sheet may leave out of a unit's name ("Thôn Đông" for "Chi bộ thôn Đông").
NAME_PREFIXES = tuple(match_key(s) + " " for s in (
    "Chi bộ cơ sở", "Đảng bộ cơ sở", "Chi bộ", "Đảng bộ", "Đảng ủy"))
_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_NUMBER = re.compile(r"^-?\d+(,\d+)?$|^-?\d*\.\d+$|^-?\d+\.?$")


@dataclass
class Grid:
    sheet: str
    rows: list[list[Any]]
    row0: int = 0  # 0-based sheet row of rows[0]
    col0: int = 0


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

    def cell(self, key: str, i: int) -> str:
        letter = self.columns[key][0]
        return f"{self.sheet}!{letter}{self.rows[i]}" if letter else f"{self.sheet}!{self.rows[i]}"


@dataclass
class FileResult:
    path: Path
    display: str
    sheets: list[SheetData] = field(default_factory=list)
    findings: FindingList = field(default_factory=FindingList)
    unreadable: bool = False

    @property
    def units(self) -> int:
        return len({u for s in self.sheets for u in s.units})

    @property
    def status(self) -> str:
        if self.unreadable:
            return "unreadable"
        if self.findings.count("error"):
            return "errors"
        return "warnings" if self.findings.count("warning") else "ok"


@dataclass
class ReadContext:
    tree: UnitTree
    catalogue: Catalogue
    period: Period
    cell_level: str = "chi_bo"
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


class UnreadableFile(Exception):
    """Raised inside this module when a file cannot be opened as a spreadsheet."""


# --- reading raw grids -------------------------------------------------------------------------

def read_grids(path: Path) -> Iterator[Grid]:
    if path.suffix.lower() == ".csv":
        yield _read_csv(path)
        return
    try:
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as e:  # calamine raises several types for bad input; every one means "unreadable"
        raise UnreadableFile(_reason(e)) from None
    try:
        for meta in wb.sheets_metadata:
            if str(meta.typ).endswith("WorkSheet") is False:
                continue
            try:
                sheet = wb.get_sheet_by_name(meta.name)
                rows = sheet.to_python()
                start = sheet.start or (0, 0)
            except Exception as e:  # a broken sheet makes the file unreadable, not the run
                raise UnreadableFile(_reason(e)) from None
            yield Grid(meta.name, rows, start[0], start[1])
    finally:
        wb.close()


def _reason(e: Exception) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return text[:200]


def decode_text(data: bytes) -> str:
    """CSV bytes → text: BOMs first, then UTF-8, then Windows-1258 (Vietnamese Windows)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


def _read_csv(path: Path) -> Grid:
    try:
        text = decode_text(path.read_bytes())
    except OSError as e:
        raise UnreadableFile(_reason(e)) from None
    sample = text[:4096]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    return Grid(path.stem, rows)


# --- parsing values ----------------------------------------------------------------------------

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
    text = clean(str(value)).replace(" ", "")
    if text.endswith("%"):
        text = text[:-1]
    if _THOUSANDS.match(text):
        return float(text.replace(".", "")), True
    if _NUMBER.match(text):
        return float(text.replace(",", ".")), True
    return None, False


# --- header and unit columns -------------------------------------------------------------------

@dataclass
class Header:
    row: int  # index into grid.rows
    code_col: int | None
    name_col: int | None
    stt_col: int | None
    indicators: dict[int, Indicator]
    unknown: dict[int, str]


def find_header(grid: Grid, catalogue: Catalogue) -> Header | None:
    best: Header | None = None
    for r, row in enumerate(grid.rows[:HEADER_SCAN_ROWS]):
        code_col = name_col = stt_col = None
        indicators: dict[int, Indicator] = {}
        unknown: dict[int, str] = {}
        for c, cell in enumerate(row):
            if is_blank(cell) or not isinstance(cell, str):
                continue
            key = match_key(cell)
            if key in CODE_HEADERS and code_col is None:
                code_col = c
            elif key in NAME_HEADERS and name_col is None:
                name_col = c
            elif key in STT_HEADERS and stt_col is None:
                stt_col = c
            elif (ind := catalogue.lookup_header(cell)) is not None:
                indicators[c] = ind
            else:
                unknown[c] = clean(cell)
        if (code_col is not None or name_col is not None) and indicators:
            if best is None or len(indicators) > len(best.indicators):
                best = Header(r, code_col, name_col, stt_col, indicators, unknown)
    return best


def _is_total_label(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    key = match_key(value)
    return key in TOTAL_LABELS or key.startswith(("tổng cộng", "toàn "))


def _is_index_row(row: list[Any], header: Header) -> bool:
    """The column-number row under a header ("1 | 2 | 3 (=4+5)"): every filled cell is a column number."""
    filled = [v for v in row if not is_blank(v)]
    if len(filled) < 2:
        return False
    for v in filled:
        text = clean(str(v)).strip("()")
        if not re.match(r"^\d+(\.0)?(\s*\(?=.*\)?)?$", text):
            return False
    return True


def _code_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(str(value))


# --- reading one file --------------------------------------------------------------------------

def read_file(path: Path, ctx: ReadContext, display: str | None = None) -> FileResult:
    """Read every sheet of ``path``; problems become findings, never exceptions."""
    result = FileResult(path, display or path.name)
    f = result.findings
    name = result.display
    try:
        grids = list(read_grids(path))
    except UnreadableFile as e:
        result.unreadable = True
        f.add("file.unreadable", name, reason=str(e))
        return result
    if all(all(is_blank(v) for row in g.rows for v in row) for g in grids):
        f.add("file.empty", name)
        return result
    for grid in grids:
        if all(is_blank(v) for row in grid.rows for v in row):
            continue
        header = find_header(grid, ctx.catalogue)
        if header is None:
            f.add("sheet.skipped", name, sheet=grid.sheet,
                  reason="không có dòng tiêu đề nhận ra được (no recognisable header row)")
            continue
        data = _read_sheet(grid, header, ctx, result)
        if data.rows:
            result.sheets.append(data)
    if not result.sheets and not result.findings.count("error"):
        f.add("file.no_data_sheet", name)
    order = {g.sheet: i for i, g in enumerate(grids)}
    result.findings.items.sort(key=lambda x: (order.get(x.sheet or "", -1), x.row or 0, len(x.column or ""), x.column or ""))
    present = {k for s in result.sheets for k in s.columns}
    for ind in ctx.catalogue.indicators:
        if ind.required and ind.key not in present:
            f.add("column.required_missing", name, indicator=ind.key, value=ind.label)
    return result


def _read_sheet(grid: Grid, header: Header, ctx: ReadContext, result: FileResult) -> SheetData:
    f, name, sheet = result.findings, result.display, grid.sheet
    data = SheetData(name, sheet)

    def letter(c: int) -> str:
        return column_letter(grid.col0 + c)

    def rownum(r: int) -> int:
        return grid.row0 + r + 1

    hrow = rownum(header.row)
    seen: dict[str, int] = {}
    for c, ind in sorted(header.indicators.items()):
        if ind.kind == "ratio":
            f.add("column.derived", name, sheet=sheet, row=hrow, column=letter(c), indicator=ind.key,
                  value=clean(str(grid.rows[header.row][c])))
        elif ind.key in seen:
            f.add("column.duplicate", name, sheet=sheet, row=hrow, column=letter(c), indicator=ind.key,
                  value=f"{letter(seen[ind.key])}, {letter(c)}")
        else:
            seen[ind.key] = c
    for c, text in sorted(header.unknown.items()):
        f.add("column.unknown", name, sheet=sheet, row=hrow, column=letter(c), value=text)

    # Data rows: everything under the header that names a unit or holds a figure.
    candidates: list[tuple[int, Any, Any]] = []  # (grid row, code cell, name cell)
    for r in range(header.row + 1, len(grid.rows)):
        row = grid.rows[r]
        code_v = row[header.code_col] if header.code_col is not None and header.code_col < len(row) else None
        name_v = row[header.name_col] if header.name_col is not None and header.name_col < len(row) else None
        figures = [row[c] for c in seen.values() if c < len(row)]
        if is_blank(code_v) and is_blank(name_v) and all(is_blank(v) for v in figures):
            continue
        if _is_total_label(name_v) or _is_total_label(code_v) or (
                header.stt_col is not None and header.stt_col < len(row) and _is_total_label(row[header.stt_col])):
            continue
        if r == header.row + 1 and _is_index_row(row, header):
            continue
        candidates.append((r, code_v, name_v))

    unit_col = header.code_col if header.code_col is not None else header.name_col
    data.unit_column = letter(unit_col or 0)
    codes = _resolve_units(candidates, header, grid, ctx, result)
    values: dict[str, list[float | None]] = {k: [] for k in seen}
    for (r, _, _), code in zip(candidates, codes):
        if code is None:
            continue
        row = grid.rows[r]
        data.rows.append(rownum(r))
        data.units.append(code)
        for key, c in seen.items():
            ind = ctx.catalogue.by_key[key]
            raw = row[c] if c < len(row) else None
            values[key].append(_parse_cell(raw, ind, ctx, f, name, sheet, rownum(r), letter(c), code))
    for key, c in seen.items():
        data.columns[key] = (letter(c), values[key])
    _add_derived(data, ctx)
    _check_rows(data, ctx, f)
    return data


def _parse_cell(raw: Any, ind: Indicator, ctx: ReadContext, f: FindingList, name: str, sheet: str,
                row: int, col: str, unit: str) -> float | None:
    where = dict(sheet=sheet, row=row, column=col, unit=unit, indicator=ind.key)
    if isinstance(raw, str) and clean(raw) in ("-", "–", "—"):
        return 0.0 if ind.dash_is_zero else None
    value, ok = parse_number(raw)
    if not ok:
        f.add("value.not_number", name, value=clean(str(raw)), **where)
        return None
    if value is None:
        return 0.0 if ind.empty_is_zero else None
    if value < 0:
        f.add("value.negative", name, value=_show(value), label=ind.label, **where)
        return None
    if not value.is_integer():
        f.add("value.fractional", name, value=_show(value), label=ind.label, **where)
        return None
    if ind.kind == "threshold" and ind.max_per_year is not None:
        limit = math.floor(ind.max_per_year * ctx.period.year_fraction + 1e-9)
        if value > limit:
            f.add("value.out_of_range", name, value=_show(value), label=ind.label, limit=limit, **where)
            return None
    return value


def _show(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value).replace(".", ",")


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
    for ind in cat.counts:
        if ind.cell_default is not None and ind.key not in data.columns:
            levels = [ctx.tree[u].level == ctx.cell_level for u in data.units]
            if any(levels):
                data.columns[ind.key] = ("", [float(ind.cell_default) if is_cell else None for is_cell in levels])
                data.derived[ind.key] = f"= {ind.cell_default} (chi bộ)"


def _check_rows(data: SheetData, ctx: ReadContext, f: FindingList) -> None:
    for ind in ctx.catalogue.counts:
        if ind.at_most is None or ind.key not in data.columns or ind.at_most not in data.columns:
            continue
        letter, nums = data.columns[ind.key]
        dens = data.columns[ind.at_most][1]
        other = ctx.catalogue.by_key[ind.at_most]
        for i, (n, d) in enumerate(zip(nums, dens)):
            if n is not None and d is not None and n > d:
                f.add("value.above_denominator", data.file, sheet=data.sheet, row=data.rows[i], column=letter or None,
                      unit=data.units[i], indicator=ind.key, value=_show(n), label=ind.label,
                      other_label=other.label, limit=_show(d))


def _resolve_units(candidates: list[tuple[int, Any, Any]], header: Header, grid: Grid, ctx: ReadContext,
                   result: FileResult) -> list[str | None]:
    """Tie each data row to a unit: by code, else by name, scoped to the part of the tree the file covers."""
    tree, f, name, sheet = ctx.tree, result.findings, result.display, grid.sheet
    options: list[list[str]] = []
    for r, code_v, name_v in candidates:
        opts: list[str] = []
        if not is_blank(code_v) and _code_text(code_v) in tree:
            opts = [_code_text(code_v)]
        elif not is_blank(name_v):
            opts = tree.by_name(name_v) or ctx.short_names().get(match_key(name_v), [])
        options.append(opts)
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
    for (r, code_v, name_v), opts in zip(candidates, options):
        row = grid.row0 + r + 1
        col = header.code_col if header.code_col is not None and not is_blank(code_v) else header.name_col
        where = dict(sheet=sheet, row=row, column=column_letter(grid.col0 + (col or 0)))
        if scope is not None and len(opts) > 1:
            opts = [c for c in opts if c == scope or scope in tree.ancestors(c)]
        if len(opts) == 1:
            code = opts[0]
            if not is_blank(code_v) and not is_blank(name_v) and _code_text(code_v) == code:
                given, known = match_key(name_v), match_key(tree[code].name)
                if given not in known and known not in given:
                    f.add("unit.code_name_mismatch", name, unit=code, value=clean(str(name_v)),
                          expected=tree[code].name, **where)
            out.append(code)
            continue
        shown = " — ".join(clean(str(v)) for v in (code_v, name_v) if not is_blank(v))
        if len(opts) > 1:
            f.add("unit.ambiguous", name, value=shown, candidates=", ".join(opts[:5]), **where)
        elif is_blank(code_v) and is_blank(name_v):
            f.add("unit.unknown", name, value={"vi": "(trống)", "en": "(blank)"}, hint="", **where)
        else:
            f.add("unit.unknown", name, value=shown, hint=_did_you_mean(name_v if not is_blank(name_v) else code_v, tree), **where)
        out.append(None)
    return out


def _did_you_mean(text: Any, tree: UnitTree) -> dict[str, str] | str:
    names = tree.names()
    key = match_key(text)
    if _code_text(text) in tree:
        code = _code_text(text)
    else:
        close = [key] if key in names else difflib.get_close_matches(key, list(names), n=1, cutoff=0.8)
        if not close:
            return ""
        code = names[close[0]][0]
    return {"vi": f" Có phải «{tree[code].name}» (mã {code})?", "en": f" Did you mean “{tree[code].name}” ({code})?"}
