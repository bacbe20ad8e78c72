"""``submit.toml``: where each figure goes in a superior's form that dm05 did not make, and the proposal of
one (``dm05 submit --map``).

A mapping names cells by sheet and cell (``D9``), or by sheet, column header and row label as written on
the form. Headers are found by the reader's own header finder (:func:`dm05.ingest.header.find_headers`,
merged groups, abbreviations, the column-number row), so a column is named by its whole path ("Đăng ký làm
theo › Tập thể") exactly as ``dm05 validate`` would name it, and the proposal matches headers and rows
with the vocabulary and the unit resolution of reading. Every text the proposal writes is resolved back
through the same finder before it is proposed: what it proposes, ``dm05 submit`` finds.

::

    [[table]]                      # one row per unit
    sheet = "Biểu 01"
    [table.columns]                # indicator key = column header (or a column letter)
    so_dang_vien = "Tổng số đảng viên"
    [table.rows]                   # unit code = row label (or a row number)
    "01" = "Tổng số"
    "01.001" = "Chi bộ thôn Đông"

    [[cell]]                       # one figure: sheet and cell, or sheet, header and row label
    sheet = "Biểu 02"
    key = "so_dang_vien"
    header = "Số liệu"
    row = "Tổng số đảng viên"      # unit = "01.001" for another unit than the one submitting
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from dm05 import tomlfile
from dm05.config_errors import Problem
from dm05.errors import WorkspaceError
from dm05.findings import column_index, column_letter
from dm05.indicators import Catalogue
from dm05.ingest import ReadContext, is_blank
from dm05.ingest.header import MEASURE_HEADERS, Header, find_headers, is_index_row
from dm05.ingest.layout import is_total_label
from dm05.ingest.table import table_end
from dm05.ingest.values import code_text
from dm05.ingest.vertical import _value_column
from dm05.messages import Lang, both, joined, same, text
from dm05.readers import Grid
from dm05.textnorm import clean, match_key

MAPPING_FILE = "submit.toml"
_LETTERS = re.compile(r"^[A-Z]{1,3}$")
_CELL = re.compile(r"^([A-Z]{1,3})([1-9]\d{0,6})$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TableMap(_Model):
    """A table with one row per unit: its columns by header, its rows by label."""

    sheet: str
    columns: dict[str, str] = Field(min_length=1, description="khóa chỉ tiêu = tiêu đề cột hoặc chữ cột (D)")
    rows: dict[str, str | int] = Field(min_length=1, description="mã đơn vị = nhãn dòng hoặc số dòng")


class CellMap(_Model):
    """One figure: by cell, or by column header and row label."""

    sheet: str
    key: str
    cell: str | None = None
    header: str | None = None
    row: str | int | None = None
    unit: str | None = None  # default: the unit submitting

    @field_validator("cell")
    @classmethod
    def _cell_ref(cls, value: str | None) -> str | None:
        if value is not None and not _CELL.match(value.upper()):
            raise Problem(both("submit.map_cell_ref", value=value))
        return value.upper() if value is not None else None

    @model_validator(mode="after")
    def _one_way(self) -> CellMap:
        if (self.cell is None) == (self.header is None or self.row is None) or (
                self.cell is not None and (self.header is not None or self.row is not None)):
            raise Problem(both("submit.map_one_way"))
        return self


class Mapping(_Model):
    schema_version: int = Field(1, alias="schema")
    form: str | None = None  # the form it was made for (a reminder for people)
    note: str | None = None  # "Sheet!A3": where a draft says so (default: above the first figure)
    table: list[TableMap] = []
    cell: list[CellMap] = []

    @field_validator("note")
    @classmethod
    def _note_ref(cls, value: str | None) -> str | None:
        if value is not None and ("!" not in value or not _CELL.match(value.rsplit("!", 1)[1].upper())):
            raise Problem(both("submit.map_note_ref", value=value))
        return value

    @model_validator(mode="after")
    def _something(self) -> Mapping:
        if not self.table and not self.cell:
            raise Problem(both("submit.map_empty"))
        return self


def load_mapping(path: Path, catalogue: Catalogue) -> Mapping:
    """Read and check a mapping; a wrong field, an unknown indicator key: one line naming file and entry."""
    try:
        data = tomlfile.loads(path.read_text(encoding="utf-8-sig"), str(path))
    except UnicodeDecodeError:
        raise WorkspaceError("config.invalid", file=str(path), detail=both("submit.map_utf8")) from None
    from dm05.workspace import config_problems

    try:
        mapping = Mapping.model_validate(data)
    except ValidationError as e:
        raise WorkspaceError("config.invalid", file=str(path), detail=config_problems(e, Mapping)) from None
    keys = [(f"table[{i}].columns.{k}", k) for i, t in enumerate(mapping.table) for k in t.columns]
    keys += [(f"cell[{i}].key", c.key) for i, c in enumerate(mapping.cell)]
    for where, key in keys:
        if key not in catalogue.by_key:
            raise WorkspaceError("config.invalid", file=str(path),
                                 detail=joined([same(where), both("submit.map_key", key=key)], ": "))
    return mapping


@dataclass(frozen=True)
class Target:
    """A cell of the form that takes one figure of one unit; ``entry`` says which mapping line asked."""

    sheet: str
    row: int  # 1-based
    col: int  # 1-based
    unit: str
    key: str
    entry: str = ""

    @property
    def cell(self) -> str:
        return f"{column_letter(self.col - 1)}{self.row}"


class MappingError(Exception):
    """A mapping entry that cannot be placed on the form: a text of the catalogue, in both languages."""

    def __init__(self, entry: str, code: str, **params: object) -> None:
        self.entry, self.detail = entry, both(code, **params)
        super().__init__(self.detail["en"])


@dataclass
class FormIndex:
    """The superior's form as the reader sees it: grids of its visible sheets and their tables' headers."""

    grids: dict[str, Grid]
    ctx: ReadContext
    _tables: dict[str, list[tuple[Header, int]]] = field(default_factory=dict)

    def grid(self, sheet: str, entry: str) -> Grid:
        if sheet not in self.grids:
            raise MappingError(entry, "submit.map_no_sheet", sheet=sheet, sheets=", ".join(self.grids))
        return self.grids[sheet]

    def headers(self, sheet: str) -> list[tuple[Header, int]]:
        """Every header of the sheet with the row its table ends at, found as the reader finds them."""
        if sheet not in self._tables:
            grid, matcher = self.grids[sheet], self.ctx.matcher
            out: list[tuple[Header, int]] = []
            start = 0
            while start < len(grid.rows):
                found = find_headers(grid, matcher, start)
                tables = [h for h in found if h.is_table()]
                if not tables:
                    break
                ends = []
                for h in found:
                    seen = {ind.key: c for c, ind in sorted(h.indicators.items(), reverse=True)}
                    end = table_end(grid, h, seen, matcher)
                    out.append((h, end))
                    if h.is_table():
                        ends.append(end)
                start = max(ends)
            self._tables[sheet] = out
        return self._tables[sheet]

    def column(self, sheet: str, header: str, entry: str) -> tuple[int, int, Header | None]:
        """(grid column, grid row of the header's last row, its table's header) of the column headed
        ``header``: its whole path ("Nhóm › Cột") or its own label, or a column letter."""
        grid = self.grid(sheet, entry)
        if _LETTERS.match(header):
            return column_index(header) - grid.col0, -1, None
        key = match_key(header)
        for level in ("path", "label"):
            hits = {(c, h.row): h for h, _ in self.headers(sheet) for c, path in h.paths.items()
                    if match_key(" › ".join(path) if level == "path" else path[-1]) == key}
            if len(hits) == 1:
                (c, r), h = next(iter(hits.items()))
                return c, r, h
            if len(hits) > 1:
                raise _ambiguous(entry, header, [c for c, _ in hits], grid)
        cells = {(r, c) for r, row in enumerate(grid.rows) for c, v in enumerate(row)
                 if isinstance(v, str) and match_key(v) == key}
        columns = {c for _, c in cells}
        if len(columns) == 1:
            return columns.pop(), max(r for r, _ in cells), None
        if len(columns) > 1:
            raise _ambiguous(entry, header, sorted(columns), grid)
        raise MappingError(entry, "submit.map_no_column", sheet=sheet, header=header)

    def row(self, sheet: str, label: str | int, below: int, columns: list[int] | None, entry: str) -> int:
        """The grid row labelled ``label`` (a unit's name or code, "Tổng số", an indicator's label) under
        grid row ``below``, looked for in ``columns`` (all when None); or a row number."""
        grid = self.grid(sheet, entry)
        if isinstance(label, int):
            return label - grid.row0 - 1
        key = match_key(label)
        rows = sorted({r for r in range(below + 1, len(grid.rows)) for c, v in enumerate(grid.rows[r])
                       if (columns is None or c in columns) and not is_blank(v) and match_key(code_text(v)) == key})
        if len(rows) == 1:
            return rows[0]
        if rows:
            raise MappingError(entry, "submit.map_rows", label=label, rows=", ".join(str(grid.row0 + r + 1) for r in rows))
        raise MappingError(entry, "submit.map_no_row", sheet=sheet, label=label)


def _ambiguous(entry: str, header: str, columns: list[int], grid: Grid) -> MappingError:
    return MappingError(entry, "submit.map_columns", header=header,
                        columns=", ".join(column_letter(grid.col0 + c) for c in columns))


def unit_columns(header: Header | None) -> list[int] | None:
    if header is None:
        return None
    cols = [c for c in (header.code_col, header.name_col, header.stt_col) if c is not None]
    return cols or None


def targets(mapping: Mapping, index: FormIndex, unit: str, formulas: dict[str, set[tuple[int, int]]]) -> list[Target]:
    """Every cell the mapping fills, in mapping order (sheet coordinates). A table's cells that hold the
    superior's formulas (a totals row of SUMs, a rate computed in the row) are left to them."""
    out: list[Target] = []
    tree = index.ctx.tree
    for i, t in enumerate(mapping.table):
        grid = index.grid(t.sheet, f"table[{i}]")
        found = {key: index.column(t.sheet, text, f"table[{i}].columns.{key}") for key, text in t.columns.items()}
        computed = formulas.get(t.sheet, set())
        for code, label in t.rows.items():
            entry = f"table[{i}].rows.{code}"
            if code not in tree:
                raise MappingError(entry, "submit.map_unit", unit=code)
            for key, (c, hrow, header) in found.items():
                r = index.row(t.sheet, label, hrow, unit_columns(header), entry)
                target = Target(t.sheet, grid.row0 + r + 1, grid.col0 + c + 1, code, key, entry)
                if (target.row, target.col) not in computed:
                    out.append(target)
    for i, m in enumerate(mapping.cell):
        entry = f"cell[{i}]"
        grid = index.grid(m.sheet, entry)
        code = m.unit or unit
        if code not in tree:
            raise MappingError(entry, "submit.map_unit", unit=code)
        if m.cell is not None:
            letters, number = _CELL.match(m.cell).groups()  # type: ignore[union-attr]  # checked by the model
            out.append(Target(m.sheet, int(number), column_index(letters) + 1, code, m.key, entry))
            continue
        assert m.header is not None and m.row is not None
        c, hrow, _ = index.column(m.sheet, m.header, entry)
        others = [x for x in range(max((len(r) for r in grid.rows), default=0)) if x != c]
        r = index.row(m.sheet, m.row, hrow, others, entry)
        out.append(Target(m.sheet, grid.row0 + r + 1, grid.col0 + c + 1, code, m.key, entry))
    return out


# ---------------------------------------------------------------- the proposal (dm05 submit --map)


@dataclass
class ProposedTable:
    sheet: str
    columns: list[tuple[str, str, str]] = field(default_factory=list)  # (key, header text, letter)
    rows: list[tuple[str, str | int, int]] = field(default_factory=list)  # (unit, label or row number, row)
    skipped: list[dict[str, str]] = field(default_factory=list)  # {"vi", "en"} lines said as comments


@dataclass
class ProposedCell:
    sheet: str
    key: str
    header: str
    row: str | int
    cell: str


@dataclass
class Proposal:
    form: str
    unit: str
    tables: list[ProposedTable] = field(default_factory=list)
    cells: list[ProposedCell] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)

    def to_json(self, lang: Lang = "vi") -> dict[str, Any]:
        return {"form": self.form, "unit": self.unit,
                "tables": [{"sheet": t.sheet, "columns": {k: h for k, h, _ in t.columns},
                            "column_letters": {k: letter for k, _, letter in t.columns},
                            "rows": {u: label for u, label, _ in t.rows}, "skipped": [s[lang] for s in t.skipped]}
                           for t in self.tables],
                "cells": [{"sheet": c.sheet, "key": c.key, "header": c.header, "row": c.row, "cell": c.cell}
                          for c in self.cells],
                "skipped": [s[lang] for s in self.skipped]}

    def to_toml(self, catalogue: Catalogue, lang: Lang = "vi") -> str:
        """The mapping as a clerk reads and checks it: every line says which column or row it matched."""
        q = _toml_string
        lines = [f"# {text('submit.map_title', lang, form=self.form, unit=self.unit)}",
                 f"# {text('submit.map_check', lang)}", "schema = 1", f"form = {q(self.form)}", ""]
        for s in self.skipped:
            lines.append(f"# {s[lang]}")
        for t in self.tables:
            lines += ["", "[[table]]", f"sheet = {q(t.sheet)}"]
            lines += [f"# {s[lang]}" for s in t.skipped]
            lines.append("[table.columns]")
            for key, header, letter in t.columns:
                name = catalogue.by_key[key].label
                lines.append(f"{key} = {q(header)}  # {text('submit.map_column', lang, letter=letter, label=name)}")
            lines.append("[table.rows]")
            for unit, label, row in t.rows:
                lines.append(f"{q(unit)} = {label if isinstance(label, int) else q(label)}  # "
                             f"{text('submit.map_row', lang, row=row)}")
        for c in self.cells:
            lines += ["", "[[cell]]", f"sheet = {q(c.sheet)}", f"key = {q(c.key)}  # {catalogue.by_key[c.key].label}",
                      f"header = {q(c.header)}",
                      f"row = {c.row if isinstance(c.row, int) else q(c.row)}  # {text('submit.map_cell', lang, cell=c.cell)}"]
        return "\n".join(lines) + "\n"


def _toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def propose(index: FormIndex, unit: str, form_name: str, formulas: dict[str, set[tuple[int, int]]]) -> Proposal:
    """A mapping for the form: each table's indicator columns and the rows naming this unit or its
    sub-units (and a totals row, when every unit the table names is this one's); a vertical form's
    figure rows. ``formulas``: the form's formula cells per sheet, (row, col) 1-based, never proposed."""
    out = Proposal(form_name, unit)
    for sheet, grid in index.grids.items():
        tables = [(h, end) for h, end in index.headers(sheet) if h.is_table()]
        if tables:
            for h, end in tables:
                out.tables.append(_propose_table(index, sheet, grid, h, end, unit, formulas.get(sheet, set())))
            continue
        cells = _propose_vertical(index, sheet, grid, unit, formulas.get(sheet, set()))
        if cells:
            out.cells.extend(cells)
        elif any(not is_blank(v) for row in grid.rows for v in row):
            out.skipped.append(both("submit.map_skip_sheet", sheet=sheet))
    out.tables = [t for t in out.tables if t.columns and t.rows]
    return out


def _propose_table(index: FormIndex, sheet: str, grid: Grid, h: Header, end: int, unit: str,
                   formulas: set[tuple[int, int]]) -> ProposedTable:
    tree, ctx = index.ctx.tree, index.ctx
    t = ProposedTable(sheet)
    rows: list[tuple[str, int]] = []  # (unit, grid row)
    totals: list[int] = []
    outside = False
    for r in range(h.row + 1, end):
        row = grid.rows[r]
        code_v = row[h.code_col] if h.code_col is not None and h.code_col < len(row) else None
        name_v = row[h.name_col] if h.name_col is not None and h.name_col < len(row) else None
        stt_v = row[h.stt_col] if h.stt_col is not None and h.stt_col < len(row) else None
        if (is_blank(code_v) and is_blank(name_v)) or is_index_row(row, h.lo, h.hi, h.name_col):
            continue
        shown = clean(code_text(name_v if not is_blank(name_v) else code_v))
        if any(is_total_label(v) for v in (code_v, name_v, stt_v)):
            totals.append(r)
            continue
        found = [u for u in ctx.lookup(code_v, name_v) if tree.within(u, unit)] if unit in tree else []
        if len(found) == 1:
            rows.append((found[0], r))
            continue
        outside = outside or not found
        t.skipped.append(both("submit.map_skip_outside" if not found else "submit.map_skip_ambiguous",
                              row=grid.row0 + r + 1, label=shown))
    columns = {**h.indicators, **{c: ind for c, ind in h.rates.items() if ind is not None}}
    for c in sorted(columns):
        ind = columns[c]
        letter = column_letter(grid.col0 + c)
        path = h.texts.get(c, "")
        if any((grid.row0 + r + 1, grid.col0 + c + 1) in formulas for _, r in rows):
            t.skipped.append(both("submit.map_skip_formula", letter=letter, header=path))
            continue
        if ind.key in {k for k, _, _ in t.columns}:
            continue
        header = _resolvable(index, sheet, [path, h.paths[c][-1]], c, h.row) or letter
        t.columns.append((ind.key, header, letter))
    # a totals row takes this unit's figures when the table is this unit's, where it computes nothing itself
    open_cells = [c for _, _, letter in t.columns
                  if totals and (grid.row0 + totals[0] + 1, column_index(letter) + 1) not in formulas]
    if len(totals) == 1 and not outside and unit not in {u for u, _ in rows} and open_cells:
        rows.insert(0, (unit, totals[0]))
    elif totals:
        t.skipped.append(both("submit.map_skip_totals" if not open_cells else "submit.map_skip_totals_others"))
    for c in sorted(set(h.unknown) | {c for c, ind in h.rates.items() if ind is None}):
        letter = column_letter(grid.col0 + c)
        if c in (h.code_col, h.name_col, h.stt_col):
            continue
        t.skipped.append(both("submit.map_skip_column", letter=letter, header=h.texts.get(c, "")))
    cols = unit_columns(h)
    for code, r in rows:
        label = _row_label(grid, r, h)
        try:
            ok = label is not None and index.row(sheet, label, h.row, cols, "") == r
        except MappingError:
            ok = False
        t.rows.append((code, label if ok and label is not None else grid.row0 + r + 1, grid.row0 + r + 1))
    return t


def _row_label(grid: Grid, r: int, h: Header) -> str | None:
    for c in (h.name_col, h.code_col, h.stt_col):
        if c is not None and c < len(grid.rows[r]) and not is_blank(grid.rows[r][c]):
            return clean(code_text(grid.rows[r][c]))
    return None


def _resolvable(index: FormIndex, sheet: str, texts: list[str], col: int, row: int) -> str | None:
    """The first of ``texts`` that names exactly this column (so that dm05 submit finds it again)."""
    for t in texts:
        try:
            if t and index.column(sheet, t, "")[:2] == (col, row):
                return t
        except MappingError:
            continue
    return None


def _propose_vertical(index: FormIndex, sheet: str, grid: Grid, unit: str,
                      formulas: set[tuple[int, int]]) -> list[ProposedCell]:
    """A form with one row per indicator: the label column the reader would read, and its value column."""
    matcher, ctx = index.ctx.matcher, index.ctx
    width = max((len(r) for r in grid.rows), default=0)
    best_col = -1
    best_rows: list[int] = []
    for c in range(width):
        hits = [r for r in range(len(grid.rows)) if isinstance(v := grid.value(r, c), str) and not is_blank(v)
                and matcher.match((clean(v),)).kind == "indicator"]
        if len(hits) > len(best_rows):
            best_col, best_rows = c, hits
    if len(best_rows) < 2:
        return []

    def heading(c: int) -> str:
        return next((match_key(grid.value(r, c)) for r in range(best_rows[0] - 1, -1, -1)
                     if isinstance(grid.value(r, c), str) and not is_blank(grid.value(r, c))), "")

    measure = [c for c in range(width) if heading(c) in MEASURE_HEADERS]
    value_col = _value_column(grid, best_col, best_rows, width, measure, heading, ctx)
    if value_col is None:
        return []
    head_row = next(r for r in range(best_rows[0] - 1, -1, -1) if match_key(grid.value(r, value_col)) == heading(value_col))
    header_text = clean(str(grid.value(head_row, value_col)))
    header = _resolvable(index, sheet, [header_text], value_col, head_row) or column_letter(grid.col0 + value_col)
    hrow = head_row if header == header_text else -1
    out: list[ProposedCell] = []
    others = [x for x in range(width) if x != value_col]
    for r in best_rows:
        ind = matcher.match((clean(grid.value(r, best_col)),)).indicator
        if ind is None or (grid.row0 + r + 1, grid.col0 + value_col + 1) in formulas or ind.key in {c.key for c in out}:
            continue
        label = clean(grid.value(r, best_col))
        try:
            ok = index.row(sheet, label, hrow, others, "") == r
        except MappingError:
            ok = False
        out.append(ProposedCell(sheet, ind.key, header, label if ok else grid.row0 + r + 1,
                                f"{column_letter(grid.col0 + value_col)}{grid.row0 + r + 1}"))
    return out
