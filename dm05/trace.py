"""``dm05 explain``: where a figure comes from — the input cells that add up to it, and the arithmetic."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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


@dataclass
class Explanation:
    unit: str
    key: str
    period: str
    value: float | None
    parts: list[Part]

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "indicator": self.key, "period": self.period, "value": self.value,
                "parts": [{"indicator": p.key, "sum": p.total,
                           "cells": [c.__dict__ for c in p.cells]} for p in self.parts]}


def _cells(agg: Aggregate, unit: str, key: str, year: str = "") -> list[Cell]:
    out = []
    for u in contributions(agg, unit, key):
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


def _count_part(agg: Aggregate, unit: str, key: str) -> Part:
    if agg.years:  # a range: flow figures from every year, stock figures from the last
        ind = agg.catalogue.by_key[key]
        years = agg.years if ind.temporal == "flow" else agg.years[-1:]
        cells = [c for a in years for c in _cells(a, unit, key, a.period.id)]
    else:
        cells = _cells(agg, unit, key)
    return Part(key, agg.value(unit, key), cells)


def explain(agg: Aggregate, unit: str, key: str) -> Explanation:
    ind = agg.catalogue.by_key[key]
    if ind.kind == "ratio":
        parts = [_sum_part(agg, unit, list(ind.numerator), "numerator"),
                 _sum_part(agg, unit, list(ind.denominator), "denominator")]
    else:
        parts = [_count_part(agg, unit, key)]
    return Explanation(unit, key, agg.period.id, agg.value(unit, key), parts)


def _sum_part(agg: Aggregate, unit: str, keys: list[str], name: str) -> Part:
    cells = [c for k in keys for c in _count_part(agg, unit, k).cells]
    values = [agg.value(unit, k) for k in keys]
    total = sum(v for v in values if v is not None) if any(v is not None for v in values) else None
    return Part(name + ": " + " + ".join(keys), total, cells)
