"""The unit hierarchy (units.csv): any depth, node type = level, codes kept as text."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dm05.errors import WorkspaceError
from dm05.textnorm import clean, match_key

REQUIRED_COLUMNS = ("code", "name", "parent", "level")


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    parent: str | None
    level: str
    line: int
    valid_from: date | None = None
    valid_to: date | None = None

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def overlaps(self, other: Unit) -> bool:
        lo = max(self.valid_from or date.min, other.valid_from or date.min)
        hi = min(self.valid_to or date.max, other.valid_to or date.max)
        return lo <= hi


@dataclass
class UnitTree:
    """Units in file order with parent/child links; ``order`` lists parents before children."""

    units: dict[str, Unit]
    source: str = "units.csv"
    children: dict[str, list[str]] = field(init=False)
    order: list[str] = field(init=False)
    depth: dict[str, int] = field(init=False)
    root: str = field(init=False)
    _by_name: dict[str, list[str]] = field(init=False)
    _sizes: dict[str, int] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.children = defaultdict(list)
        roots = []
        for u in self.units.values():
            if u.parent is None:
                roots.append(u.code)
            elif u.parent not in self.units:
                raise WorkspaceError("units.invalid", file=self.source, line=u.line,
                                     detail=f"đơn vị cấp trên «{u.parent}» của {u.code} không có trong danh sách "
                                            f"(parent {u.parent!r} of {u.code} is not listed)")
            else:
                self.children[u.parent].append(u.code)
        if len(roots) != 1:
            detail = ("không có đơn vị gốc (cột parent trống) — no root unit (empty parent)" if not roots else
                      f"có {len(roots)} đơn vị gốc: {', '.join(roots)} — several root units")
            raise WorkspaceError("units.structure", file=self.source, detail=detail)
        self.root = roots[0]
        self.order, self.depth = [], {}
        stack = [(self.root, 0)]
        while stack:
            code, d = stack.pop()
            self.order.append(code)
            self.depth[code] = d
            stack.extend((c, d + 1) for c in reversed(self.children.get(code, [])))
        if len(self.order) != len(self.units):
            cyclic = sorted(set(self.units) - set(self.order))
            raise WorkspaceError("units.structure", file=self.source,
                                 detail=f"vòng lặp cấp trên/cấp dưới (a parent cycle) giữa: {', '.join(cyclic[:10])}")
        self._by_name = defaultdict(list)
        for code in self.order:
            self._by_name[match_key(self.units[code].name)].append(code)

    def __contains__(self, code: object) -> bool:
        return code in self.units

    def __getitem__(self, code: str) -> Unit:
        return self.units[code]

    def is_leaf(self, code: str) -> bool:
        return not self.children.get(code)

    def ancestors(self, code: str) -> list[str]:
        """Parent, grandparent … up to the root."""
        out = []
        parent = self.units[code].parent
        while parent is not None:
            out.append(parent)
            parent = self.units[parent].parent
        return out

    def within(self, code: str, top: str) -> bool:
        """Whether ``code`` is ``top`` or lies under it."""
        return code == top or top in self.ancestors(code)

    def subtree_size(self, code: str) -> int:
        """Units in the subtree of ``code``, itself included (party organisations that can be rated)."""
        if self._sizes is None:
            sizes: dict[str, int] = {}
            for c in reversed(self.order):
                sizes[c] = 1 + sum(sizes[k] for k in self.children.get(c, []))
            self._sizes = sizes
        return self._sizes[code]

    def by_name(self, name: object) -> list[str]:
        return list(self._by_name.get(match_key(name), []))

    def names(self) -> dict[str, list[str]]:
        return self._by_name


class UnitHistory:
    """Every row of units.csv. A code may recur in rows whose validity intervals do not overlap (a unit
    that moved under another parent, was renamed…); the structure on a day is a :class:`UnitTree`."""

    def __init__(self, rows: list[Unit], source: str) -> None:
        self.rows = rows
        self.source = source
        self.dated = any(u.valid_from or u.valid_to for u in rows)
        self._trees: dict[date | None, UnitTree] = {}
        self._codes = {u.code for u in rows}
        self._names: dict[str, dict[str, None]] = {}  # name key → codes, in order, without repeats
        for u in rows:
            self._names.setdefault(match_key(u.name), {})[u.code] = None

    def on(self, day: date) -> UnitTree:
        """The structure on ``day`` (the only structure, when no row is dated)."""
        key = day if self.dated else None
        if key not in self._trees:
            units = {u.code: u for u in self.rows if u.valid_on(day)}
            if not units:
                raise WorkspaceError("units.structure", file=self.source,
                                     detail=f"không có đơn vị nào còn hiệu lực ngày {day} (no unit valid on {day})")
            self._trees[key] = UnitTree(units, f"{self.source} ({day})" if self.dated else self.source)
        return self._trees[key]

    def latest(self) -> UnitTree:
        """The structure after the last change recorded in the file."""
        dates = [d for u in self.rows for d in (u.valid_from,) if d] or [date.min]
        return self.on(max(dates))

    def boundaries(self) -> list[date]:
        """Days on which the structure may change: each one is checked when the file is loaded."""
        days = {date.min}
        for u in self.rows:
            if u.valid_from:
                days.add(u.valid_from)
            if u.valid_to and u.valid_to < date.max:
                days.add(date.fromordinal(u.valid_to.toordinal() + 1))
        return sorted(days)

    def knows(self, code: str) -> bool:
        return code in self._codes

    def by_name(self, name: object) -> list[str]:
        return list(self._names.get(match_key(name), {}))


def _parse_date(text: str, source: str, line: int, column: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise WorkspaceError("units.invalid", file=source, line=line,
                             detail=f"{column} «{text}» không phải ngày dạng YYYY-MM-DD (not a YYYY-MM-DD date)") from None


def read_csv_table(path: Path, required: tuple[str, ...], optional: tuple[str, ...] = ()
                   ) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a workspace CSV file (UTF-8 with or without BOM, comma or semicolon) as (line, cleaned
    values of the known columns); blank rows are skipped, a missing column or another encoding is an error."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise WorkspaceError("units.structure", file=source, detail="tệp phải lưu dạng UTF-8 (must be UTF-8)") from None
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";" if first_line.count(";") > first_line.count(",") else ",")
    try:
        header = [clean(h or "").lower() for h in next(reader, [])]
    except csv.Error as e:
        raise _csv_error(source, reader.line_num, e) from None
    missing = [c for c in required if c not in header]
    if missing:
        raise WorkspaceError("units.structure", file=source,
                             detail=f"thiếu cột {', '.join(missing)}; cần các cột {','.join(required)} "
                                    f"(missing columns; {','.join(required)} required)")
    columns = [(i, h) for i, h in enumerate(header) if h in (*required, *optional)]
    line = 1
    while True:
        try:
            row = next(reader, None)
        except csv.Error as e:
            raise _csv_error(source, reader.line_num, e) from None
        if row is None:
            return
        line += 1
        values = {h: clean(row[i]) if i < len(row) else "" for i, h in columns}
        if any(values.values()):
            yield line, values


def _csv_error(source: str, line: int, e: csv.Error) -> WorkspaceError:
    """A CSV line the reader refuses (a field over 128 KB, a stray NUL): the file and line, one sentence."""
    if "field larger" in str(e):
        detail = "một ô dài quá 128 KB (a field over 128 KB)"
    else:
        detail = f"dòng CSV không đọc được (an unreadable CSV line: {e})"
    return WorkspaceError("units.invalid", file=source, line=line, detail=detail)


def load_units(path: Path) -> UnitHistory:
    """Read units.csv (UTF-8, with or without BOM) and check the structure on every day it changes."""
    if not path.is_file():
        raise WorkspaceError("units.missing", file=str(path))
    source = str(path)
    units: dict[str, list[Unit]] = {}
    rows: list[Unit] = []
    for line, values in read_csv_table(path, REQUIRED_COLUMNS, ("valid_from", "valid_to")):
        code = values.get("code", "")
        if not code:
            raise WorkspaceError("units.invalid", file=source, line=line, detail="thiếu mã đơn vị (code is empty)")
        if not values.get("name"):
            raise WorkspaceError("units.invalid", file=source, line=line, detail=f"đơn vị {code} thiếu tên (name is empty)")
        parent = values.get("parent") or None
        if parent == code:
            raise WorkspaceError("units.invalid", file=source, line=line, detail=f"{code} là cấp trên của chính nó (its own parent)")
        unit = Unit(code, values["name"], parent, values.get("level", ""), line,
                    _parse_date(values.get("valid_from", ""), source, line, "valid_from"),
                    _parse_date(values.get("valid_to", ""), source, line, "valid_to"))
        if unit.valid_from and unit.valid_to and unit.valid_to < unit.valid_from:
            raise WorkspaceError("units.invalid", file=source, line=line,
                                 detail="valid_to trước valid_from (valid_to before valid_from)")
        for other in units.get(code, []):
            if other.overlaps(unit):
                raise WorkspaceError("units.invalid", file=source, line=line,
                                     detail=f"mã {code} trùng với dòng {other.line} trong cùng thời gian hiệu lực "
                                            f"(duplicate code with overlapping validity)")
        units.setdefault(code, []).append(unit)
        rows.append(unit)
    if not units:
        raise WorkspaceError("units.structure", file=source, detail="danh sách đơn vị trống (no units)")
    history = UnitHistory(rows, source)
    for day in history.boundaries():
        if any(u.valid_on(day) for u in history.rows):
            history.on(day)
    return history
