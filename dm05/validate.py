"""``dm05 validate``: read every file of a period's inbox and collect every finding, never stopping early."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dm05 import isolation
from dm05.findings import Finding, finding
from dm05.ingest import FileResult, ReadContext
from dm05.messages import Lang
from dm05.errors import InputError
from dm05.period import Period, previous_period
from dm05.workspace import Workspace

Progress = Callable[[int, int, str], None]


def _no_progress(done: int, total: int, label: str) -> None:
    return None


@dataclass
class ValidationReport:
    period: Period
    files: list[FileResult]
    cross: list[Finding] = field(default_factory=list)  # findings that involve several rows or files

    @property
    def findings(self) -> list[Finding]:
        out = [f for r in self.files for f in r.findings.items]
        return out + self.cross

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def ok(self) -> bool:
        return self.count("error") == 0

    def status(self, result: FileResult) -> str:
        if result.unreadable:
            return "unreadable"
        mine = [f for f in self.findings if f.file == result.display]
        if any(f.severity == "error" for f in mine):
            return "errors"
        return "warnings" if any(f.severity == "warning" for f in mine) else "ok"

    @property
    def units(self) -> set[str]:
        return {u for r in self.files for s in r.sheets for u in s.units}

    def to_json(self, lang: Lang = "vi") -> dict[str, Any]:
        return {
            "period": self.period.id,
            "files": [{"path": r.display, "status": self.status(r), "units": r.units} for r in self.files],
            "findings": [f.to_json(lang) for f in self.findings],
            "summary": {"files": len(self.files), "units": len(self.units),
                        "errors": self.count("error"), "warnings": self.count("warning")},
        }


def display_name(path: Path, workspace: Workspace) -> str:
    try:
        return path.relative_to(workspace.root).as_posix()
    except ValueError:
        return str(path)


def _context(workspace: Workspace, period: Period) -> ReadContext:
    return ReadContext(workspace.tree(period), workspace.catalogue, period, workspace.config.cell_level,
                       all_units=workspace.units, limits=workspace.config.limits, root=workspace.root)


def run(workspace: Workspace, period: Period, files: list[Path] | None = None,
        progress: Progress = _no_progress, year_on_year: bool = True) -> ValidationReport:
    """Validate ``files`` (default: the period's inbox) against the workspace's tree and catalogue.
    ``year_on_year=False`` skips the comparison with a year earlier (a period read only to compare with)."""
    paths = files if files is not None else workspace.inbox_files(period)
    ctx = _context(workspace, period)
    results = read_all([(p, display_name(p, workspace)) for p in paths], ctx, progress)
    report = ValidationReport(period, results)
    report.cross.extend(_duplicates(results))
    if year_on_year:
        report.cross.extend(_jumps(workspace, period, results))
    return report


def read_all(jobs: list[tuple[Path, str]], ctx: ReadContext, progress: Progress = _no_progress) -> list[FileResult]:
    """Read files in worker processes (see :mod:`dm05.isolation`); the results keep the order of ``jobs``."""
    return isolation.read_all(jobs, ctx, progress)


def _duplicates(results: list[FileResult]) -> list[Finding]:
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
                out[unit] = {k: v[i] for k, (_, v) in sheet.columns.items() if v[i] is not None}
    return out


def _jumps(workspace: Workspace, period: Period, results: list[FileResult]) -> list[Finding]:
    """Warn where a unit's count changed beyond ``jump_factor`` since the same period a year earlier."""
    settings = workspace.config.validation
    previous = previous_period(period)
    if settings.jump_factor <= 0 or previous is None or not workspace.inbox(previous).is_dir():
        return []
    try:
        before = run(workspace, previous, year_on_year=False)
    except InputError:
        return []
    old = _first_values(before.files)
    out = []
    counts = {i.key: i for i in workspace.catalogue.counts}
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
