"""``dm05 explain``: where a figure comes from — the input cells that add up to it, the arithmetic, and
which leaf units it includes and which it leaves out, and why."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from dm05.aggregate import Aggregate, contributions


@dataclass(frozen=True)
class Cell:
    file: str
    cell: str  # Sheet!D7
    unit: str  # the unit the row names
    value: float
    share: float = 1.0
    year: str = ""
    note: str = ""  # how a derived figure was obtained (">= 12 kỳ", "= 1 chi bộ")


@dataclass
class Part:
    key: str
    total: float | None
    cells: list[Cell] = field(default_factory=list)


# Why a leaf is left out of a figure (the words are in dm05.messages.EXPLAIN_REASONS).
REASONS = ("not_reported", "no_value", "no_numerator", "no_denominator", "error_cell")


@dataclass(frozen=True)
class Leaf:
    unit: str
    name: str
    via: str = ""  # the unit whose row gives (or lacks) the figure, when not the leaf itself
    reason: str = ""  # one of REASONS when left out
    keys: tuple[str, ...] = ()  # the indicators concerned (error cells, missing parts)


@dataclass
class Explanation:
    unit: str
    key: str
    period: str
    value: float | None
    parts: list[Part]
    expected: int = 0
    included: list[Leaf] = field(default_factory=list)
    left_out: list[Leaf] = field(default_factory=list)
    year: str = ""  # a range: the year whose leaves are listed (stock figures: the last)

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "indicator": self.key, "period": self.period, "value": self.value,
                "parts": [{"indicator": p.key, "sum": p.total,
                           "cells": [c.__dict__ for c in p.cells]} for p in self.parts],
                "coverage": len(self.included), "expected": self.expected,
                "leaves": {"year": self.year or None,
                           "included": [asdict(x) for x in self.included],
                           "left_out": [asdict(x) for x in self.left_out]}}


def _cells(agg: Aggregate, units: list[str], key: str, year: str = "") -> list[Cell]:
    out = []
    for u in units:
        for src in agg.sources.get(u, []):
            sheet = src.sheet
            if key not in sheet.columns:
                continue
            raw = sheet.columns[key][1][src.index]
            if raw is None:
                continue
            share = src.share(key)
            out.append(Cell(sheet.file, sheet.cell(key, src.index), src.unit, raw * share, share, year,
                            sheet.derived.get(key, "")))
    return out


def _years(agg: Aggregate, key: str) -> list[Aggregate]:
    """The aggregates a figure is drawn from: itself, or over a range every year (flows) or the last."""
    if not agg.years:
        return [agg]
    cat = agg.catalogue
    ind = cat.by_key[key]
    keys = (*ind.numerator, *ind.denominator) if ind.kind == "ratio" else (key,)
    if {cat.by_key[k].temporal for k in keys} == {"flow"}:
        return agg.years
    return agg.years[-1:]


def explain(agg: Aggregate, unit: str, key: str) -> Explanation:
    ind = agg.catalogue.by_key[key]
    years = _years(agg, key)
    if ind.kind == "ratio":
        parts = []
        for name, keys in (("numerator", ind.numerator), ("denominator", ind.denominator)):
            cells = [c for a in years for k in keys
                     for c in _cells(a, contributions(a, unit, key), k, a.period.id if agg.years else "")]
            total = agg.pairs.at[unit, f"{key}:{name[:3]}"]
            total = None if pd.isna(total) else float(total)
            parts.append(Part(name + ": " + " + ".join(keys), total, cells))
    else:
        cells = [c for a in years for c in _cells(a, contributions(a, unit, key), key, a.period.id if agg.years else "")]
        parts = [Part(key, agg.value(unit, key), cells)]
    listed = years[-1]
    included, left_out = leaves(listed, unit, key)
    return Explanation(unit, key, agg.period.id, agg.value(unit, key), parts, int(agg.expected[unit]),
                       included, left_out, listed.period.id if agg.years else "")


def leaves(agg: Aggregate, unit: str, key: str) -> tuple[list[Leaf], list[Leaf]]:
    """The leaf units under ``unit`` that a figure includes (through their own row or an ancestor's own
    totals) and those it leaves out, with the reason read from the row that should have given it."""
    tree, cat = agg.tree, agg.catalogue
    ind = cat.by_key[key]
    used = set(contributions(agg, unit, key))
    parts = ((("no_numerator", ind.numerator), ("no_denominator", ind.denominator)) if ind.kind == "ratio"
             else (("no_value", (key,)),))
    all_keys = [k for _, ks in parts for k in ks]
    included: list[Leaf] = []
    left_out: list[Leaf] = []
    for leaf in tree.order:
        if not tree.is_leaf(leaf) or not tree.within(leaf, unit):
            continue
        line = [leaf, *tree.ancestors(leaf)]
        line = line[:line.index(unit) + 1]  # the leaf, then its ancestors up to ``unit``
        name = tree[leaf].name
        via = next((u for u in line if u in used), None)
        if via is not None:
            included.append(Leaf(leaf, name, "" if via == leaf else via))
            continue
        row = next((u for u in line if u in agg.source_index), None)
        if row is None:
            left_out.append(Leaf(leaf, name, reason="not_reported"))
            continue
        shown = "" if row == leaf else row
        bad = tuple(k for k in all_keys if k in agg.own_errors.columns and bool(agg.own_errors.at[row, k]))
        if bad:
            left_out.append(Leaf(leaf, name, shown, "error_cell", bad))
            continue
        for reason, keys in parts:
            if all(k not in agg.own.columns or pd.isna(agg.own.at[row, k]) for k in keys):
                left_out.append(Leaf(leaf, name, shown, reason, tuple(keys)))
                break
        else:  # the row has the figure, but the roll-up took the other level's (prefer children/own)
            left_out.append(Leaf(leaf, name, shown, "no_value", tuple(all_keys)))
    return included, left_out
