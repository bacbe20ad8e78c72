"""``dm05 validate``: read every file of a period's inbox and collect every finding, never stopping early."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dm05.findings import Finding
from dm05.ingest import FileResult, ReadContext, read_file
from dm05.messages import Lang
from dm05.period import Period
from dm05.progress import Progress, no_progress
from dm05.workspace import Workspace


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
            "files": [{"path": r.display, "status": self.status(r), "units": r.units, "ledger": r.ledger.to_json()}
                      for r in self.files],
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
        progress: Progress = no_progress, year_on_year: bool = True) -> ValidationReport:
    """Every finding about ``files`` (default: the period's inbox): file, row, cross-file and
    reconciliation rules, the same whether the files were named or found (:mod:`dm05.pipeline`)."""
    from dm05.pipeline import Loader

    return Loader(workspace, progress).load(period, files=files, year_on_year=year_on_year).validation


_worker_context: ReadContext | None = None


def _init_worker(ctx: ReadContext) -> None:
    global _worker_context
    _worker_context = ctx


def _read_in_worker(job: tuple[Path, str]) -> FileResult:
    assert _worker_context is not None
    return read_file(job[0], _worker_context, job[1])


def worker_count(files: int) -> int:
    """Processes to read with: one per core (at most 4), when there are enough files to pay for them.
    ``DM05_WORKERS`` overrides (1 reads in this process)."""
    wanted = os.environ.get("DM05_WORKERS", "")
    if wanted.isdigit():
        return max(1, min(int(wanted), files))
    return min(os.cpu_count() or 1, 4) if files >= MIN_FILES_FOR_POOL else 1


MIN_FILES_FOR_POOL = 16


def read_all(jobs: list[tuple[Path, str]], ctx: ReadContext, progress: Progress = no_progress) -> list[FileResult]:
    """Read files one at a time per process, in a pool over the cores when there are many; the results
    keep the order of ``jobs`` so that output does not depend on scheduling."""
    workers = worker_count(len(jobs))
    results: list[FileResult] = []
    if workers < 2:
        for i, (path, display) in enumerate(jobs):
            progress(i, len(jobs), path.name)
            results.append(read_file(path, ctx, display))
    else:
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(ctx,)) as pool:
            chunk = max(1, len(jobs) // (workers * 8))
            for i, result in enumerate(pool.map(_read_in_worker, jobs, chunksize=chunk)):
                progress(i + 1, len(jobs), result.path.name)
                results.append(result)
    progress(len(jobs), len(jobs), "")
    return results
