"""``dm05 validate``: read every file of a period's inbox and collect every finding, never stopping early."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dm05 import isolation
from dm05.findings import Finding
from dm05.ingest import FileResult, ReadContext
from dm05.messages import Lang
from dm05.period import Period
from dm05.progress import Progress, no_progress
from dm05.workspace import Workspace

if TYPE_CHECKING:
    from dm05.explanations import Explanation


@dataclass
class ValidationReport:
    period: Period
    files: list[FileResult]
    cross: list[Finding] = field(default_factory=list)  # findings that involve several rows or files
    # warnings a clerk explained (dm05.explanations), by id() of the finding: listed apart, never counted
    explained: dict[int, tuple[Finding, Explanation]] = field(default_factory=dict)

    @property
    def findings(self) -> list[Finding]:
        """Every finding, explained warnings included (they still say what the data is)."""
        out = [f for r in self.files for f in r.findings.items]
        return out + self.cross

    @property
    def open_findings(self) -> list[Finding]:
        """The findings nobody has explained: what the clerk still has to look at."""
        return [f for f in self.findings if id(f) not in self.explained]

    def count(self, severity: str) -> int:
        """Findings of ``severity`` not explained (an explained warning does not count toward --strict)."""
        return sum(1 for f in self.open_findings if f.severity == severity)

    @property
    def ok(self) -> bool:
        return self.count("error") == 0

    def status(self, result: FileResult) -> str:
        if result.unreadable:
            return "unreadable"
        mine = [f for f in self.open_findings if f.file == result.display]
        if any(f.severity == "error" for f in mine):
            return "errors"
        return "warnings" if any(f.severity == "warning" for f in mine) else "ok"

    @property
    def units(self) -> set[str]:
        return {u for r in self.files for s in r.sheets for u in s.units}

    def to_json(self, lang: Lang = "vi") -> dict[str, Any]:
        return {
            "period": self.period.id,
            "files": [{"path": r.display, "status": self.status(r), "units": r.units, "ledger": r.ledger.to_json()}
                      for r in self.files],
            "findings": [f.to_json(lang) for f in self.open_findings],
            "explained": [{**f.to_json(lang), "explanation": self.explained[id(f)][1].to_json()}
                          for f in self.findings if id(f) in self.explained],
            "summary": {"files": len(self.files), "units": len(self.units),
                        "errors": self.count("error"), "warnings": self.count("warning")},
        }


def display_name(path: Path, workspace: Workspace) -> str:
    try:
        return path.relative_to(workspace.root).as_posix()
    except ValueError:
        return str(path)


def run(workspace: Workspace, period: Period, files: list[Path] | None = None,
        progress: Progress = no_progress, year_on_year: bool = True) -> ValidationReport:
    """Every finding about ``files`` (default: the period's inbox): file, row, cross-file and
    reconciliation rules, the same whether the files were named or found (:mod:`dm05.pipeline`)."""
    from dm05.pipeline import Loader

    return Loader(workspace, progress).load(period, files=files, year_on_year=year_on_year).validation


def read_all(jobs: list[tuple[Path, str]], ctx: ReadContext, progress: Progress = no_progress) -> list[FileResult]:
    """Read files in worker processes (see :mod:`dm05.isolation`); the results keep the order of ``jobs``."""
    return isolation.read_all(jobs, ctx, progress)
