"""Roll the figures up the unit tree.

Counts are summed from the lowest level that reported: a unit's own figure is used only where none of
its children gave that indicator (or, with ``prefer = "own"``, wherever it gave one), and every unit
whose own total differs from its children's sum is recorded. Ratios are then recomputed at every level
from the summed numerators and denominators — never averaged. A value with no data under it stays
missing (NaN/null), it is never shown as zero.

Every figure carries its **coverage**: how many of the leaf units under it contributed. A ratio is
computed only over the sources (a leaf's own row, or a parent's own totals where its children gave
nothing) that gave both its numerator and its denominator, so a unit that sent members but no pledges
is in neither side. A cell with an error finding counts nowhere: not in its count, and the unit's pair
is left out of every ratio that uses it (:func:`exclude_error_cells`).

Figures of an earlier structure are first placed on the target tree through unit_changes.csv; a range
of years (2021-2025) sums ``flow`` indicators over the years and takes ``stock`` ones from the last year.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from dm05.changes import UnitChanges, share_of
from dm05.errors import DataError
from dm05.indicators import SUMMED, Catalogue, Kind
from dm05.ingest import SheetData
from dm05.messages import both
from dm05.period import Period
from dm05.units import UnitTree
from dm05.vnformat import plain

if TYPE_CHECKING:
    from dm05.findings import Finding
    from dm05.validate import ValidationReport


@dataclass(frozen=True)
class Difference:
    """A unit's own total that differs from the sum of its children."""

    unit: str
    indicator: str
    own: float
    children: float


@dataclass(frozen=True)
class Source:
    """One input row behind a unit's own figures (after mapping: with the share it contributes)."""

    sheet: SheetData
    index: int
    unit: str  # the unit the row named (an old unit when mapped)
    shares: tuple[tuple[str, float], ...] = ()

    def share(self, key: str) -> float:
        return share_of(dict(self.shares), key) if self.shares else 1.0


@dataclass
class Aggregate:
    period: Period
    tree: UnitTree
    catalogue: Catalogue
    values: pd.DataFrame  # index: unit codes in tree order; columns: count then ratio keys
    reported: pd.Series
    expected: pd.Series
    own: pd.DataFrame = field(default_factory=pd.DataFrame)  # each unit's own figures (after mapping)
    source_index: SourceIndex = field(default_factory=dict)
    sheets: list[SheetData] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    unplaced: list[Source] = field(default_factory=list)  # rows of units the target tree cannot hold
    prefer: str = "children"
    years: list[Aggregate] = field(default_factory=list)  # a range: one aggregate per year
    # leaves included in each figure: same index and columns as values, integers
    coverage: pd.DataFrame = field(default_factory=pd.DataFrame)
    # each ratio's rolled numerator and denominator over the sources that gave both: "<key>:num", "<key>:den"
    pairs: pd.DataFrame = field(default_factory=pd.DataFrame)
    own_errors: pd.DataFrame = field(default_factory=pd.DataFrame)  # each unit's own cells with an error

    @property
    def sources(self) -> dict[str, list[Source]]:
        """The input rows behind each unit's own figures (built when first asked: explain, warnings)."""
        if not hasattr(self, "_sources"):
            self._sources = {u: [Source(self.sheets[si], i, named, shares) for si, i, named, shares in rows]
                             for u, rows in self.source_index.items()}
        return self._sources

    def value(self, unit: str, key: str) -> float | None:
        return self.row(unit)[key]

    def covered(self, unit: str, key: str) -> int:
        """How many leaves under ``unit`` contributed to its figure for ``key`` (a ratio: gave both parts)."""
        if not hasattr(self, "_coverage_rows"):
            self._coverage_rows: dict[str, dict[str, int]] = {}
            self._coverage_array = (self.coverage.to_numpy(dtype="int64"), list(self.coverage.columns),
                                    {c: i for i, c in enumerate(self.coverage.index)})
        rec = self._coverage_rows.get(unit)
        if rec is None:
            array, columns, position = self._coverage_array
            rec = self._coverage_rows[unit] = dict(zip(columns, array[position[unit]].tolist()))
        return rec[key]

    def partial(self, unit: str, key: str) -> bool:
        """Whether the figure leaves out some of the leaves under ``unit``."""
        return self.covered(unit, key) < int(self.expected[unit])

    def row(self, unit: str) -> dict[str, float | None]:
        """A unit's values, None where missing (Python values, built once per unit asked for: pandas'
        per-cell access costs microseconds, and a report asks for every cell of 1,500 units)."""
        if not hasattr(self, "_rows"):
            self._rows: dict[str, dict[str, float | None]] = {}
            self._row_array = (self.values.to_numpy(dtype="float64"), list(self.values.columns),
                               {c: i for i, c in enumerate(self.values.index)})
        rec = self._rows.get(unit)
        if rec is None:
            array, columns, position = self._row_array
            rec = self._rows[unit] = {k: (None if v != v else v) for k, v in zip(columns, array[position[unit]].tolist())}
        return rec

    def to_json(self, compare: Aggregate | None = None) -> dict[str, Any]:
        """The stable contract of ``dm05 aggregate --format json`` (see README)."""
        return {"period": self.period.id, "units": list(self.json_units(compare))}

    def json_units(self, compare: Aggregate | None = None) -> Iterator[dict[str, Any]]:
        """The ``units`` of :meth:`to_json` one at a time, in tree order (a national tree has 270,000):
        the values are converted a column at a time, not a cell at a time."""
        kinds = {i.key: i.kind for i in self.catalogue.indicators}
        columns = list(self.values.columns)
        values = self.values.to_numpy(dtype="float64")
        own = list(zip(*(_json_column(values[:, j], kinds[c]) for j, c in enumerate(columns)))) if columns else []
        cover = self.coverage.reindex(columns=columns).fillna(0).astype("int64").to_numpy().tolist()
        prev_rows: list[tuple[Any, ...]] = []
        change_rows: list[tuple[Any, ...]] = []
        if compare is not None and columns:
            before = compare.values.reindex(index=self.values.index, columns=columns).to_numpy(dtype="float64")
            prev_cols = [_json_column(before[:, j], kinds[c]) for j, c in enumerate(columns)]
            now_cols = list(zip(*own)) if own else [() for _ in columns]
            prev_rows = list(zip(*prev_cols))
            change_rows = list(zip(*(_change_column(now, prev, kinds[c])
                                     for now, prev, c in zip(now_cols, prev_cols, columns))))
        position = {c: i for i, c in enumerate(self.values.index)}
        reported, expected = self.reported.to_dict(), self.expected.to_dict()
        for code in self.tree.order:
            i = position[code]
            u = self.tree[code]
            entry: dict[str, Any] = {"code": code, "name": u.name, "level": u.level, "parent": u.parent,
                                     "reported": int(reported[code]), "expected": int(expected[code]),
                                     "values": dict(zip(columns, own[i])) if columns else {},
                                     "coverage": dict(zip(columns, cover[i]))}
            if compare is not None:
                entry["compare"] = {"period": compare.period.id,
                                    "values": dict(zip(columns, prev_rows[i])) if columns else {},
                                    "change": dict(zip(columns, change_rows[i])) if columns else {}}
            yield entry


def _json_column(column: np.ndarray, kind: Kind) -> list[int | float | None]:
    """A column's values as JSON gives them: counts and amounts (whole đồng) as whole numbers, None
    where there is no figure."""
    missing = np.isnan(column)
    out: list[int | float | None] = (np.rint(np.where(missing, 0, column)).astype("int64").tolist() if kind in SUMMED
                                     else column.tolist())
    for i in np.flatnonzero(missing).tolist():
        out[i] = None
    return out


def _change_column(now: tuple[Any, ...], before: list[int | float | None], kind: Kind) -> list[int | float | None]:
    return [_change(a, b, kind) for a, b in zip(now, before)]


def _change(now: float | None, before: float | None, kind: Kind) -> int | float | None:
    """Counts and amounts: the difference; ratios: the difference in percentage points."""
    if now is None or before is None:
        return None
    return int(now - before) if kind in SUMMED else (now - before) * 100


SourceIndex = dict[str, list[tuple[int, int, str, tuple[tuple[str, float], ...]]]]  # unit → (sheet, row, named unit, shares)


def own_table(sheets: list[SheetData], tree: UnitTree, keys: list[str], changes: UnitChanges | None = None,
              amounts: frozenset[str] = frozenset()) -> tuple[pd.DataFrame, SourceIndex, list[Source], pd.DataFrame]:
    """Each unit's own figures on ``tree``, and which of its own cells carry an error. A unit reported
    twice counts once (validation reports the repeat); rows of units from an earlier structure are placed
    through ``changes`` and summed (a split amount, a key of ``amounts``, is rounded to the đồng)."""
    seen: set[str] = set()
    index: SourceIndex = {}
    unplaced: list[Source] = []
    bad: list[tuple[str, str]] = []  # (unit, key) of error cells
    # one table for the whole period, built column by column (a DataFrame per sheet costs a millisecond
    # each, and an inbox has thousands of sheets)
    units: list[str] = []
    cols: dict[str, list[float | None]] = {k: [] for k in keys}
    for si, s in enumerate(sheets):
        take: list[int] = []
        for i, u in enumerate(s.units):
            if u in seen:
                continue
            seen.add(u)
            if u in tree:
                take.append(i)
                index.setdefault(u, []).append((si, i, u, ()))
                if s.errors:
                    bad.extend((u, k) for k in keys if (k, i) in s.errors)
                continue
            targets = changes.targets(u, tree) if changes else None
            if targets is None:
                unplaced.append(Source(s, i, u))
                continue
            for target, shares in targets:
                src = Source(s, i, u, tuple(sorted(shares.items())))
                index.setdefault(target, []).append((si, i, u, src.shares))
                bad.extend((target, k) for k in keys if (k, i) in s.errors)
                units.append(target)
                for k in keys:
                    figure = s.columns[k][1][i] if k in s.columns else None
                    cols[k].append(None if figure is None else _shared(figure, src.share(k), k in amounts))
        if take:
            whole = len(take) == len(s.units)
            units.extend(s.units if whole else [s.units[i] for i in take])
            for k in keys:
                if k in s.columns:
                    column = s.columns[k][1]
                    cols[k].extend(column if whole else [column[i] for i in take])
                else:
                    cols[k].extend([None] * len(take))
    if units:
        frame = pd.DataFrame({k: np.array(v, dtype="float64") for k, v in cols.items()}, index=pd.Index(units))
        own = frame.groupby(level=0, sort=False).sum(min_count=1)
    else:
        own = pd.DataFrame(index=pd.Index([], dtype=object))
    own = own.reindex(index=tree.order, columns=keys).astype("float64")
    flags = np.zeros((len(tree.order), len(keys)), dtype=bool)
    if bad:
        row_of = {u: i for i, u in enumerate(tree.order)}
        col_of = {k: j for j, k in enumerate(keys)}
        at = np.array([(row_of[u], col_of[k]) for u, k in bad], dtype=np.intp)
        flags[at[:, 0], at[:, 1]] = True
    errors = pd.DataFrame(flags, index=tree.order, columns=keys)
    own = own.mask(errors)  # an error cell counts nowhere, even where a reader left its value
    return own, index, unplaced, errors


def _shared(figure: float, share: float, whole: bool) -> float:
    """A mapped unit's part of a figure; an amount stays whole đồng (half up), so that sums stay exact."""
    part = figure * share
    return float(int(part + 0.5)) if whole and share != 1 else part


# Amounts are whole đồng held in float64: every partial sum of integers below 2**53 is exact, whatever
# the order of addition. Beyond it (nine million tỷ đồng) a sum could round: refused rather than risked.
EXACT_SUM_LIMIT = 2**53


def check_exact_sums(own: pd.DataFrame, catalogue: Catalogue) -> None:
    """Refuse amounts whose sum float64 could not hold exactly (see :data:`EXACT_SUM_LIMIT`)."""
    for ind in catalogue.amounts:
        if ind.key in own.columns and float(own[ind.key].abs().sum()) >= EXACT_SUM_LIMIT:
            raise DataError("amount.too_large", label=ind.label, key=ind.key)


@dataclass(frozen=True)
class _Shape:
    """The tree as arrays for the level-by-level roll-up."""

    order: list[str]
    parent: pd.Series
    depth: pd.Series
    leaf: pd.Series
    expected: pd.Series  # leaves under each unit (itself if a leaf)

    @classmethod
    def of(cls, tree: UnitTree) -> _Shape:
        order = tree.order
        parent = pd.Series([tree[c].parent for c in order], index=order, dtype=object)
        depth = pd.Series([tree.depth[c] for c in order], index=order)
        leaf = pd.Series([tree.is_leaf(c) for c in order], index=order)
        expected = leaf.astype("int64")
        for d in range(int(depth.max()), 0, -1):
            level = depth.index[depth == d]
            sums = expected[level].groupby(parent[level].values, sort=False).sum()
            expected[sums.index] = sums
        return cls(order, parent, depth, leaf, expected)


def _roll(shape: _Shape, own: pd.DataFrame, prefer: str
          ) -> tuple[pd.DataFrame, pd.DataFrame, list[tuple[str, str, float, float]]]:
    """Sum ``own`` up the tree from the lowest level that gave each column (a unit's own figure where no
    child gave one, or wherever it gave one with ``prefer = "own"``). Returns the values, the leaves each
    value covers (a unit's own figure covers all its leaves), and the (unit, column, own, children) pairs
    where both were given and differ."""
    values = own.copy()
    cover = own.notna().mul(shape.expected, axis=0).astype("int64")
    differences: list[tuple[str, str, float, float]] = []
    columns = list(own.columns)
    for d in range(int(shape.depth.max()), 0, -1):
        level = shape.depth.index[shape.depth == d]
        parents = shape.parent[level].values
        sums = values.loc[level].groupby(parents, sort=False).sum(min_count=1)
        covsum = cover.loc[level].groupby(parents, sort=False).sum()
        idx = sums.index
        mine = own.loc[idx]
        both = sums.notna() & mine.notna() & ~np.isclose(sums.fillna(0), mine.fillna(0))
        for unit, key in zip(*np.nonzero(both.to_numpy())):
            differences.append((idx[unit], columns[key], float(mine.iat[unit, key]), float(sums.iat[unit, key])))
        mine_cover = cover.loc[idx]
        if prefer == "children":
            values.loc[idx] = sums.where(sums.notna(), mine)
            cover.loc[idx] = covsum.where(sums.notna(), mine_cover)
        else:
            values.loc[idx] = mine.where(mine.notna(), sums)
            cover.loc[idx] = mine_cover.where(mine.notna(), covsum)
    return values, cover, differences


def pair_sources(own: pd.DataFrame, errors: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Each ratio's numerator and denominator at every source that gave both, with no error cell in
    either part; NaN elsewhere. Columns ``<key>:num`` and ``<key>:den``."""
    out = {}
    for ratio in catalogue.ratios:
        keys = list(dict.fromkeys((*ratio.numerator, *ratio.denominator)))
        num = own[list(ratio.numerator)].sum(axis=1, min_count=1)
        den = own[list(ratio.denominator)].sum(axis=1, min_count=1)
        ok = num.notna() & den.notna() & ~errors[keys].any(axis=1)
        out[f"{ratio.key}:num"] = num.where(ok)
        out[f"{ratio.key}:den"] = den.where(ok)
    return pd.DataFrame(out, index=own.index, dtype="float64")


def roll_up(tree: UnitTree, catalogue: Catalogue, period: Period, sheets: list[SheetData],
            prefer: Literal["children", "own"] = "children", changes: UnitChanges | None = None) -> Aggregate:
    count_keys = [i.key for i in catalogue.summed]
    own, source_index, unplaced, errors = own_table(sheets, tree, count_keys, changes,
                                                    frozenset(i.key for i in catalogue.amounts))
    check_exact_sums(own, catalogue)
    shape = _Shape.of(tree)
    order = shape.order
    values, cover, diffs = _roll(shape, own, prefer)
    pairs, pair_cover, _ = _roll(shape, pair_sources(own, errors, catalogue), prefer)
    add_ratios(values, catalogue, pairs=pairs)
    for ratio in catalogue.ratios:
        cover[ratio.key] = pair_cover[f"{ratio.key}:num"]
    own_reported = pd.Series([c in source_index for c in order], index=order)
    reported = (own_reported & shape.leaf).astype("int64")
    for d in range(int(shape.depth.max()), 0, -1):
        level = shape.depth.index[shape.depth == d]
        reported_sum = reported[level].groupby(shape.parent[level].values, sort=False).sum()
        idx = reported_sum.index
        # A unit that sent its own totals and has no reporting child covers all its leaves.
        covered = (reported_sum[idx] == 0) & own_reported[idx]
        reported[idx] = np.where(covered, shape.expected[idx], reported_sum[idx])
    position = {c: i for i, c in enumerate(order)}
    differences = sorted((Difference(*d) for d in diffs), key=lambda x: (position[x.unit], x.indicator))
    return Aggregate(period, tree, catalogue, values, reported, shape.expected.copy(), own, source_index, sheets,
                     differences, unplaced, prefer, coverage=cover[list(values.columns)].astype("int64"), pairs=pairs,
                     own_errors=errors)


def add_ratios(values: pd.DataFrame, catalogue: Catalogue, last_year: pd.DataFrame | None = None,
               pairs: pd.DataFrame | None = None) -> None:
    """Each ratio from its summed numerator and denominator (``pairs``: summed only over the sources that
    gave both). Over a range (``last_year`` given), a ratio that divides a flow by a stock (members who
    studied / members) is the last year's: summing five years of attendance over one year's members
    would pass 100 %."""
    for ratio in catalogue.ratios:
        if last_year is not None and len({catalogue.by_key[k].temporal
                                          for k in (*ratio.numerator, *ratio.denominator)}) > 1:
            values[ratio.key] = last_year[ratio.key]
            continue
        if pairs is not None:
            num, den = pairs[f"{ratio.key}:num"], pairs[f"{ratio.key}:den"]
        else:
            num = values[list(ratio.numerator)].sum(axis=1, min_count=1)
            den = values[list(ratio.denominator)].sum(axis=1, min_count=1)
        values[ratio.key] = (num / den).where(den > 0)


def combine_years(period: Period, years: list[Aggregate]) -> Aggregate:
    """A range: flow figures summed over the years, stock figures of the last year, ratios recomputed
    (see :func:`add_ratios`). A leaf counts as reported when it reported in every year; a flow figure's
    coverage is its smallest coverage in any year (it is whole only when every year is)."""
    last = years[-1]
    cat = last.catalogue
    values = pd.DataFrame(index=last.values.index)
    cover = pd.DataFrame(index=last.values.index)
    pairs = pd.DataFrame(index=last.values.index)
    for ind in cat.summed:
        if ind.temporal == "flow":
            values[ind.key] = pd.concat([a.values[ind.key] for a in years], axis=1).sum(axis=1, min_count=1)
            cover[ind.key] = pd.concat([a.coverage[ind.key] for a in years], axis=1).min(axis=1)
        else:
            values[ind.key] = last.values[ind.key]
            cover[ind.key] = last.coverage[ind.key]
    for ratio in cat.ratios:
        temporals = {cat.by_key[k].temporal for k in (*ratio.numerator, *ratio.denominator)}
        if temporals == {"flow"}:
            for part in ("num", "den"):
                col = f"{ratio.key}:{part}"
                pairs[col] = pd.concat([a.pairs[col] for a in years], axis=1).sum(axis=1, min_count=1)
            cover[ratio.key] = pd.concat([a.coverage[ratio.key] for a in years], axis=1).min(axis=1)
        else:  # stock figures, or a flow over a stock: the last year's
            for part in ("num", "den"):
                pairs[f"{ratio.key}:{part}"] = last.pairs[f"{ratio.key}:{part}"]
            cover[ratio.key] = last.coverage[ratio.key]
    add_ratios(values, cat, last.values, pairs)
    reported = pd.concat([a.reported for a in years], axis=1).min(axis=1).astype("int64")
    return Aggregate(period, last.tree, cat, values, reported, last.expected,
                     differences=[d for a in years for d in a.differences],
                     unplaced=[u for a in years for u in a.unplaced], prefer=last.prefer, years=years,
                     coverage=cover[list(values.columns)].astype("int64"), pairs=pairs)


WHOLE_FILE_ERRORS = frozenset({"file.period_mismatch"})


def exclude_error_cells(report: ValidationReport) -> int:
    """Mark every cell named by an error finding (a unit, an indicator and a row of a sheet read) as an
    error cell of its sheet, and blank its value: it then counts nowhere, and the unit's pair is left out
    of every ratio that uses it. A threshold's raw value (meetings held) takes its derived count with it.
    Returns how many cells were newly excluded. aggregate, explain, status and report all read the
    sheets after this, so they agree."""
    sheets: dict[tuple[str, str], list[SheetData]] = {}
    for f in report.files:
        for s in f.sheets:
            sheets.setdefault((s.file, s.sheet), []).append(s)
    marked = 0
    for finding in report.findings:
        if finding.rule in WHOLE_FILE_ERRORS:  # another period's file: none of its figures count
            for s in (s for f in report.files if f.display == finding.file for s in f.sheets):
                for key, (_, values) in s.columns.items():
                    for i in range(len(values)):
                        if (key, i) not in s.errors:
                            s.errors.add((key, i))
                            marked += 1
                        values[i] = None
            continue
        if finding.severity != "error" or not finding.unit or not finding.indicator or finding.sheet is None:
            continue
        for s in sheets.get((finding.file, finding.sheet), []):
            for i, unit in enumerate(s.units):
                if unit != finding.unit or s.vertical_rows.get(finding.indicator, s.rows[i]) != finding.row:
                    continue
                keys = [finding.indicator] + [target for raw, target in _derived_targets(s) if raw == finding.indicator]
                for key in keys:
                    if (key, i) not in s.errors:
                        s.errors.add((key, i))
                        marked += 1
                    if key in s.columns:
                        s.columns[key][1][i] = None
    return marked


def _derived_targets(s: SheetData) -> list[tuple[str, str]]:
    """(raw key, derived key) of a sheet's derived counts: ``chi_bo_sinh_hoat_du_12_ky`` from
    ``so_ky_sinh_hoat_dinh_ky ≥ 12``."""
    out = []
    for target, how in s.derived.items():
        raw = how.split(" ", 1)[0]
        if raw in s.columns:
            out.append((raw, target))
    return out


def reconciliation_findings(agg: Aggregate) -> list[Finding]:
    """A warning per indicator where a unit's own total differs from its sub-units, at the own cell;
    and one per row that the target structure cannot hold."""
    from dm05.findings import finding

    out = []
    cat = agg.catalogue
    for d in agg.differences:
        src = agg.sources[d.unit][0]
        letter = src.sheet.columns[d.indicator][0] if d.indicator in src.sheet.columns else ""
        used = both("own.children") if agg.prefer == "children" else both("own.own")
        out.append(finding("total.own_differs", src.sheet.file, sheet=src.sheet.sheet,
                           row=src.sheet.vertical_rows.get(d.indicator, src.sheet.rows[src.index]),
                           column=letter or None, unit=d.unit, indicator=d.indicator, value=plain(d.own),
                           expected=plain(d.children), label=cat.by_key[d.indicator].label, used=used))
    for src in agg.unplaced:
        out.append(finding("unit.unplaced", src.sheet.file, sheet=src.sheet.sheet, row=src.sheet.rows[src.index],
                           column=src.sheet.unit_column or None, unit=src.unit, period=agg.period.id))
    return out



def contributions(agg: Aggregate, unit: str, key: str) -> list[str]:
    """The units whose own figure for ``key`` makes up ``unit``'s value, following the roll-up's rule; for
    a ratio, the units whose own numerator-and-denominator pair does."""
    if agg.catalogue.by_key[key].kind == "ratio":
        col = f"{key}:num"
        own_pairs = pair_sources(agg.own, agg.own_errors, agg.catalogue)
        return _contributors(agg, agg.pairs[col], own_pairs[col], unit)
    own = agg.own[key] if key in agg.own.columns else pd.Series(np.nan, index=agg.values.index)
    return _contributors(agg, agg.values[key], own, unit)


def _contributors(agg: Aggregate, rolled: pd.Series, own: pd.Series, unit: str) -> list[str]:
    tree = agg.tree
    out: list[str] = []
    stack = [unit]
    while stack:
        code = stack.pop()
        kids = tree.children.get(code, [])
        children_have = any(not pd.isna(rolled[c]) for c in kids)
        own_has = not pd.isna(own[code])
        if kids and children_have and (agg.prefer == "children" or not own_has):
            stack.extend(reversed(kids))
        elif own_has:
            out.append(code)
    return out


def uncovered(agg: Aggregate, unit: str, key: str) -> list[str]:
    """The highest units under ``unit`` whose leaves a figure leaves out (a whole commune rather than each
    of its cells)."""
    covered, expected = agg.covered(unit, key), int(agg.expected[unit])
    if covered >= expected:
        return []
    kids = agg.tree.children.get(unit, [])
    if covered == 0 or not kids:
        return [unit]
    return [u for k in kids for u in uncovered(agg, k, key)]
