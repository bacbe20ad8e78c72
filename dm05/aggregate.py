"""Roll the figures up the unit tree.

Counts are summed from the lowest level that reported; a unit's own figure is used only where none of
its children gave that indicator (or, with ``prefer = "own"``, wherever it gave one). Ratios are then
recomputed at every level from the summed numerators and denominators — never averaged. A value with
no data under it stays missing (NaN/null), it is never shown as zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from dm05.indicators import Catalogue
from dm05.ingest import SheetData
from dm05.period import Period
from dm05.units import UnitTree

if TYPE_CHECKING:
    from dm05.validate import Progress, ValidationReport
    from dm05.workspace import Workspace


@dataclass(frozen=True)
class Difference:
    """A unit's own total that differs from the sum of its children."""

    unit: str
    indicator: str
    own: float
    children: float


@dataclass
class Aggregate:
    period: Period
    tree: UnitTree
    catalogue: Catalogue
    values: pd.DataFrame  # index: unit codes in tree order; columns: count then ratio keys
    reported: pd.Series
    expected: pd.Series
    differences: list[Difference] = field(default_factory=list)

    def value(self, unit: str, key: str) -> float | None:
        v = self.values.at[unit, key]
        return None if pd.isna(v) else float(v)

    def row(self, unit: str) -> dict[str, float | None]:
        return {k: self.value(unit, k) for k in self.values.columns}

    def to_json(self) -> dict[str, Any]:
        """The stable contract of ``dm05 aggregate --format json`` (see README)."""
        kinds = {i.key: i.kind for i in self.catalogue.indicators}
        units = []
        records = self.values.to_dict(orient="index")
        for code in self.tree.order:
            u = self.tree[code]
            vals: dict[str, int | float | None] = {}
            for key, v in records[code].items():
                if v is None or pd.isna(v):
                    vals[key] = None
                else:
                    vals[key] = int(round(v)) if kinds[key] == "count" else float(v)
            units.append({"code": code, "name": u.name, "level": u.level, "parent": u.parent,
                          "reported": int(self.reported[code]), "expected": int(self.expected[code]),
                          "values": vals})
        return {"period": self.period.id, "units": units}


def own_values(sheets: list[SheetData], tree: UnitTree, keys: list[str]) -> tuple[pd.DataFrame, set[str]]:
    """Wide table of the figures each unit gave itself (first report of a unit wins; later ones are
    duplicates that validation reports)."""
    seen: set[str] = set()
    frames = []
    for s in sheets:
        take = [i for i, u in enumerate(s.units) if u not in seen and u in tree]
        if not take:
            continue
        seen.update(s.units[i] for i in take)
        cols = {k: [s.columns[k][1][i] for i in take] for k in keys if k in s.columns}
        frames.append(pd.DataFrame(cols, index=[s.units[i] for i in take], dtype="float64"))
    own = pd.concat(frames) if frames else pd.DataFrame(index=pd.Index([], dtype=object))
    own = own.reindex(index=tree.order, columns=keys).astype("float64")
    return own, seen


def roll_up(tree: UnitTree, catalogue: Catalogue, period: Period, sheets: list[SheetData],
            prefer: Literal["children", "own"] = "children") -> Aggregate:
    count_keys = [i.key for i in catalogue.counts]
    own, reporters = own_values(sheets, tree, count_keys)
    values = own.copy()
    order = tree.order
    parent = pd.Series([tree[c].parent for c in order], index=order, dtype=object)
    depth = pd.Series([tree.depth[c] for c in order], index=order)
    leaf = pd.Series([tree.is_leaf(c) for c in order], index=order)
    expected = leaf.astype("int64")
    reported = pd.Series([1 if (c in reporters and tree.is_leaf(c)) else 0 for c in order], index=order, dtype="int64")
    own_reported = pd.Series([c in reporters for c in order], index=order)
    differences: list[Difference] = []
    for d in range(int(depth.max()), 0, -1):
        level = depth.index[depth == d]
        parents = parent[level]
        sums = values.loc[level].groupby(parents.values, sort=False).sum(min_count=1)
        expected_sum = expected[level].groupby(parents.values, sort=False).sum()
        reported_sum = reported[level].groupby(parents.values, sort=False).sum()
        idx = sums.index
        expected[idx] = expected_sum[idx]
        # A unit that sent its own totals and has no reporting child covers all its leaves.
        covered = (reported_sum[idx] == 0) & own_reported[idx]
        reported[idx] = np.where(covered, expected_sum[idx], reported_sum[idx])
        mine = own.loc[idx]
        both = sums.notna() & mine.notna() & ~np.isclose(sums.fillna(0), mine.fillna(0))
        for unit, key in zip(*np.nonzero(both.to_numpy())):
            differences.append(Difference(idx[unit], count_keys[key], float(mine.iat[unit, key]),
                                          float(sums.iat[unit, key])))
        values.loc[idx] = sums.where(sums.notna(), mine) if prefer == "children" else mine.where(mine.notna(), sums)
    for ratio in catalogue.ratios:
        num = values[list(ratio.numerator)].sum(axis=1, min_count=1)
        den = values[list(ratio.denominator)].sum(axis=1, min_count=1)
        values[ratio.key] = (num / den).where(den > 0)
    position = {c: i for i, c in enumerate(order)}
    differences.sort(key=lambda x: (position[x.unit], x.indicator))
    return Aggregate(period, tree, catalogue, values, reported, expected, differences)


def aggregate_period(ws: "Workspace", period: Period, progress: "Progress | None" = None
                     ) -> tuple["ValidationReport", Aggregate]:
    """Validate the period's inbox and roll its figures up the period's tree (cells with errors left out)."""
    from dm05.validate import run

    report = run(ws, period, progress=progress) if progress else run(ws, period)
    sheets = [s for f in report.files for s in f.sheets]
    return report, roll_up(ws.tree(period), ws.catalogue, period, sheets, ws.config.prefer)
