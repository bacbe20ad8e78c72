"""unit_changes.csv: how units of an earlier structure map onto today's (merge, rename, split).

A merge or rename moves all of an old unit's figures to the new unit. A split divides them, so it needs
stated shares per indicator (``shares`` column: ``so_dang_vien=0.6;*=0.5``, ``*`` for the rest); the
shares of one old unit add up to 1 for every indicator, or the file is refused.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dm05.errors import WorkspaceError
from dm05.messages import both
from dm05.units import UnitTree, read_csv_table
from dm05.vnformat import parse_date

CHANGES_FILE = "unit_changes.csv"
KINDS = ("merge", "rename", "split")
Shares = dict[str, float]  # indicator key (or "*") → fraction


def share_of(shares: Shares, key: str) -> float:
    return shares.get(key, shares.get("*", 1.0))


def _combine(a: Shares, b: Shares) -> Shares:
    if not a:
        return dict(b)
    if not b:
        return dict(a)
    keys = set(a) | set(b) | {"*"}
    return {k: share_of(a, k) * share_of(b, k) for k in keys}


@dataclass(frozen=True)
class Change:
    old: str
    new: str
    day: date
    kind: str
    shares: tuple[tuple[str, float], ...]
    line: int


class UnitChanges:
    def __init__(self, changes: list[Change], source: str) -> None:
        self.source = source
        self.by_old: dict[str, list[Change]] = {}
        for ch in changes:
            self.by_old.setdefault(ch.old, []).append(ch)

    def __bool__(self) -> bool:
        return bool(self.by_old)

    def targets(self, code: str, tree: UnitTree, _seen: frozenset[str] = frozenset()) -> list[tuple[str, Shares]] | None:
        """Where the figures of ``code`` go in ``tree``: (unit, shares) pairs, or None if nowhere."""
        if code in tree:
            return [(code, {})]
        if code in _seen or code not in self.by_old:
            return None
        out: list[tuple[str, Shares]] = []
        for ch in self.by_old[code]:
            further = self.targets(ch.new, tree, _seen | {code})
            if further is None:
                return None
            out.extend((unit, _combine(dict(ch.shares), shares)) for unit, shares in further)
        return out


def _parse_shares(text: str, source: str, line: int, keys: set[str]) -> tuple[tuple[str, float], ...]:
    out = []
    for part in filter(None, (p.strip() for p in text.replace(",", ";").split(";"))):
        key, _, value = part.partition("=")
        key = key.strip()
        try:
            fraction = float(value.strip().rstrip("%")) / (100 if value.strip().endswith("%") else 1)
        except ValueError:
            fraction = -1.0
        if key != "*" and key not in keys:
            raise WorkspaceError("units.invalid", file=source, line=line, detail=both("changes.unknown_indicator", key=key))
        if not 0 <= fraction <= 1:
            raise WorkspaceError("units.invalid", file=source, line=line, detail=both("changes.share_range", part=part))
        out.append((key, fraction))
    return tuple(out)


def load_changes(path: Path, indicator_keys: set[str]) -> UnitChanges:
    if not path.is_file():
        return UnitChanges([], str(path))
    source = str(path)
    changes: list[Change] = []
    for line, v in read_csv_table(path, ("old_code", "new_code", "date", "kind"), ("shares",)):
        kind = v.get("kind", "").lower()
        if kind not in KINDS:
            raise WorkspaceError("units.invalid", file=source, line=line, detail=both("changes.kind", kind=v.get("kind")))
        if not v.get("old_code") or not v.get("new_code"):
            raise WorkspaceError("units.invalid", file=source, line=line, detail=both("changes.missing_code"))
        day = parse_date(v.get("date", ""))
        if day is None:
            raise WorkspaceError("units.invalid", file=source, line=line,
                                 detail=both("changes.bad_date", value=v.get("date", "")))
        shares = _parse_shares(v.get("shares", ""), source, line, indicator_keys) if kind == "split" else ()
        if kind == "split" and not shares:
            raise WorkspaceError("units.invalid", file=source, line=line,
                                 detail=both("changes.split_shares", old=v["old_code"], new=v["new_code"]))
        changes.append(Change(v["old_code"], v["new_code"], day, kind, shares, line))
    _check(changes, source, indicator_keys)
    return UnitChanges(changes, source)


def _check(changes: list[Change], source: str, keys: set[str]) -> None:
    by_old: dict[str, list[Change]] = {}
    for ch in changes:
        by_old.setdefault(ch.old, []).append(ch)
    for old, group in by_old.items():
        kinds = {c.kind for c in group}
        if "split" in kinds and kinds != {"split"} or "split" not in kinds and len(group) > 1:
            raise WorkspaceError("units.invalid", file=source, line=group[-1].line, detail=both("changes.several", old=old))
        if kinds == {"split"}:
            for key in sorted(keys | {"*"}):
                total = sum(share_of(dict(c.shares), key) for c in group)
                if not math.isclose(total, 1.0, abs_tol=1e-6):
                    raise WorkspaceError("units.invalid", file=source, line=group[-1].line,
                                         detail=both("changes.shares_sum", old=old, key=key, total=f"{total:g}"))
