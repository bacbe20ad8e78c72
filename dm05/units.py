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
from dm05.messages import both
from dm05.readers import decode_text
from dm05.textnorm import clean, match_key
from dm05.vnformat import parse_date

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
                                     detail=both("units.parent_unknown", parent=u.parent, code=u.code))
            else:
                self.children[u.parent].append(u.code)
        if len(roots) != 1:
            detail = (both("units.no_root") if not roots else
                      both("units.roots", n=len(roots), codes=", ".join(roots[:10])))
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
                                 detail=both("units.cycle", codes=", ".join(cyclic[:10])))
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
                raise WorkspaceError("units.structure", file=self.source, detail=both("units.none_valid", day=day))
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
    day = parse_date(text)
    if day is None:
        raise WorkspaceError("units.invalid", file=source, line=line,
                             detail=both("units.bad_date", column=column, value=text))
    return day


def read_csv_table(path: Path, required: tuple[str, ...], optional: tuple[str, ...] = ()
                   ) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a workspace CSV file as (line, cleaned values of the known columns); blank rows are skipped,
    a missing column is an error. Encodings as in the inbox (dm05.readers.decode_text): UTF-8 with or without
    BOM, UTF-16, or Windows-1258 as Vietnamese Excel saves "CSV"; comma or semicolon. Bytes no Vietnamese
    encoding explains are refused with how to save the file as CSV UTF-8, never read with changed letters."""
    source = str(path)
    text = decode_text(path.read_bytes())
    if "\ufffd" in text:
        raise WorkspaceError("units.structure", file=source, detail=both("csv.encoding"))
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";" if first_line.count(";") > first_line.count(",") else ",")
    try:
        header = [clean(h or "").lower() for h in next(reader, [])]
    except csv.Error as e:
        raise _csv_error(source, reader.line_num, e) from None
    missing = [c for c in required if c not in header]
    if missing:
        raise WorkspaceError("units.structure", file=source,
                             detail=both("csv.missing_columns", missing=", ".join(missing), required=",".join(required)))
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
    detail = both("csv.field_too_long") if "field larger" in str(e) else both("csv.bad_line", detail=e)
    return WorkspaceError("units.invalid", file=source, line=line, detail=detail)


def load_units(path: Path) -> UnitHistory:
    """Read units.csv (see read_csv_table for its encodings) and check the structure on every day it changes."""
    if not path.is_file():
        raise WorkspaceError("units.missing", file=str(path))
    source = str(path)
    units: dict[str, list[Unit]] = {}
    rows: list[Unit] = []
    for line, values in read_csv_table(path, REQUIRED_COLUMNS, ("valid_from", "valid_to")):
        code = values.get("code", "")
        if not code:
            raise WorkspaceError("units.invalid", file=source, line=line, detail=both("units.no_code"))
        if not values.get("name"):
            raise WorkspaceError("units.invalid", file=source, line=line, detail=both("units.no_name", code=code))
        parent = values.get("parent") or None
        if parent == code:
            raise WorkspaceError("units.invalid", file=source, line=line, detail=both("units.own_parent", code=code))
        unit = Unit(code, values["name"], parent, values.get("level", ""), line,
                    _parse_date(values.get("valid_from", ""), source, line, "valid_from"),
                    _parse_date(values.get("valid_to", ""), source, line, "valid_to"))
        if unit.valid_from and unit.valid_to and unit.valid_to < unit.valid_from:
            raise WorkspaceError("units.invalid", file=source, line=line, detail=both("units.dates_reversed"))
        for other in units.get(code, []):
            if other.overlaps(unit):
                raise WorkspaceError("units.invalid", file=source, line=line,
                                     detail=both("units.duplicate", code=code, other=other.line))
        units.setdefault(code, []).append(unit)
        rows.append(unit)
    if not units:
        raise WorkspaceError("units.structure", file=source, detail=both("units.empty"))
    history = UnitHistory(rows, source)
    for day in history.boundaries():
        if any(u.valid_on(day) for u in history.rows):
            history.on(day)
    return history
