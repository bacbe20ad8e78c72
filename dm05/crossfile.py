"""Rules over several rows or files of a period: a unit reported twice (or a file sent again), and a
count that jumped since the same period a year earlier."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dm05.findings import Finding, finding
from dm05.ingest import FileResult
from dm05.period import Period

if TYPE_CHECKING:
    from dm05.indicators import Catalogue
    from dm05.workspace import ValidationSettings


def duplicate_units(results: list[FileResult]) -> list[Finding]:
    """A unit may report once per period: later rows for it are errors pointing at the first. A file
    whose every unit is already in one other file is one finding (a resent copy), not one per row."""
    first: dict[str, tuple[str, str]] = {}  # unit → (file, "file Sheet!A7")
    out = []
    for r in results:
        repeats = []
        units = 0
        for sheet in r.sheets:
            for i, unit in enumerate(sheet.units):
                units += 1
                here = f"{r.display} {sheet.sheet}!{sheet.unit_column}{sheet.rows[i]}"
                if unit in first:
                    repeats.append((sheet, i, unit))
                else:
                    first[unit] = (r.display, here)
        sources = {first[u][0] for _, _, u in repeats}
        if units > 1 and len(repeats) == units and len(sources) == 1:
            out.append(finding("file.resent", r.display, count=units, other=sources.pop()))
            continue
        for sheet, i, unit in repeats:
            out.append(finding("unit.duplicate", r.display, sheet=sheet.sheet, row=sheet.rows[i],
                               column=sheet.unit_column or None, unit=unit, other=first[unit][1]))
    return out


def _first_values(results: list[FileResult]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for r in results:
        for sheet in r.sheets:
            for i, unit in enumerate(sheet.units):
                if unit in out:
                    continue
                out[unit] = {k: x for k, (_, v) in sheet.columns.items() if (x := v[i]) is not None}
    return out


def year_on_year(settings: ValidationSettings, period: Period, previous: Period, results: list[FileResult],
                 before: list[FileResult], catalogue: Catalogue) -> list[Finding]:
    """Warn where a unit's count changed beyond ``jump_factor`` since the same period a year earlier
    (``before``: that period's files, read by the caller once for everything that needs them)."""
    if settings.jump_factor <= 0:
        return []
    old = _first_values(before)
    out = []
    counts = {i.key: i for i in catalogue.counts}
    for r in results:
        for sheet in r.sheets:
            for i, unit in enumerate(sheet.units):
                prior = old.get(unit)
                if not prior:
                    continue
                for key, (letter, values) in sheet.columns.items():
                    now, then = values[i], prior.get(key)
                    if key not in counts or key in sheet.derived or now is None or then is None:
                        continue
                    low, high = min(now, then), max(now, then)
                    if high >= settings.jump_min and (low == 0 or high / low > settings.jump_factor):
                        out.append(finding("value.jump", r.display, sheet=sheet.sheet,
                                           row=sheet.vertical_rows.get(key, sheet.rows[i]), column=letter or None,
                                           unit=unit, indicator=key, value=int(now), previous=int(then),
                                           previous_period=previous.id, label=counts[key].label,
                                           factor=f"{settings.jump_factor:g}"))
    return out
