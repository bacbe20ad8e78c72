"""``dm05 validate``: read every file of a period's inbox and collect every finding, never stopping early."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dm05.findings import Finding, finding
from dm05.ingest import FileResult, ReadContext, read_file
from dm05.messages import Lang
from dm05.period import Period
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


def run(workspace: Workspace, period: Period, files: list[Path] | None = None,
        progress: Progress = _no_progress) -> ValidationReport:
    """Validate ``files`` (default: the period's inbox) against the workspace's tree and catalogue."""
    paths = files if files is not None else workspace.inbox_files(period)
    ctx = ReadContext(workspace.tree(period), workspace.catalogue, period, workspace.config.cell_level,
                      all_units=workspace.units)
    results = []
    for i, path in enumerate(paths):
        progress(i, len(paths), path.name)
        results.append(read_file(path, ctx, display_name(path, workspace)))
    progress(len(paths), len(paths), "")
    report = ValidationReport(period, results)
    report.cross.extend(_duplicates(results))
    return report


def _duplicates(results: list[FileResult]) -> list[Finding]:
    """A unit may report once per period: later rows for it are errors pointing at the first."""
    first: dict[str, str] = {}
    out = []
    for r in results:
        for sheet in r.sheets:
            for i, unit in enumerate(sheet.units):
                here = f"{r.display} {sheet.sheet}!{sheet.unit_column}{sheet.rows[i]}"
                if unit in first:
                    out.append(finding("unit.duplicate", r.display, sheet=sheet.sheet, row=sheet.rows[i],
                                       column=sheet.unit_column or None, unit=unit, other=first[unit]))
                else:
                    first[unit] = here
    return out
