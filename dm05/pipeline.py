"""Loading a period: the one place that reads an inbox (once per command, whatever needs it), runs every
rule over what was read — file and row rules in the reader, cross-file rules, the year-on-year check,
reconciliation of own totals, the receipts (a file changed since it was received) and the sign-off (an
input changed under an approved unit) — rolls the figures up, and marks the warnings a clerk explained.
``dm05 validate``, ``aggregate``, ``status``, ``explain`` and ``report`` all go through a :class:`Loader`, so
naming the inbox's files gives exactly the findings of not naming them, and last year's inbox is read once
for both its warnings and the comparison."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dm05 import approval, explanations, isolation, readcache, receipts
from dm05.aggregate import Aggregate, combine_years, exclude_error_cells, reconciliation_findings, roll_up
from dm05.crossfile import duplicate_units, year_on_year
from dm05.errors import InputError
from dm05.findings import Finding
from dm05.ingest import FileResult, ReadContext
from dm05.period import Period, parse_period, previous_period
from dm05.progress import Progress, no_progress
from dm05.units import UnitTree
from dm05.validate import ValidationReport, display_name, read_all
from dm05.workspace import Workspace


def read_context(ws: Workspace, period: Period) -> ReadContext:
    """What the reader needs to know of the workspace for ``period``."""
    return ReadContext(ws.tree(period), ws.catalogue, period, ws.config.cell_level, all_units=ws.units,
                       limits=ws.config.limits, root=ws.root, vocabulary=ws.vocabulary)


@dataclass
class PeriodData:
    period: Period
    validation: ValidationReport
    aggregate: Aggregate


class Loader:
    """Reads each inbox of a workspace at most once, and loads periods from what it read."""

    def __init__(self, ws: Workspace, progress: Progress = no_progress) -> None:
        self.ws = ws
        self.progress = progress
        self._read: dict[str, list[FileResult]] = {}
        self.digests: dict[str, str | None] = {}  # SHA-256 of each file read, by the name findings give it
        self._received: dict[str, list[Finding]] = {}  # receipts' findings of each file read

    def files(self, period: Period, paths: list[Path] | None = None) -> list[FileResult]:
        """The period's files read (its inbox unless ``paths`` are named); an inbox is read once per
        command, and a file read by an earlier command with the same context comes from the cache."""
        if paths is not None:
            return self._read_files(period, paths)
        if period.id not in self._read:
            self._read[period.id] = self._read_files(period, self.ws.inbox_files(period))
        return self._read[period.id]

    def _read_files(self, period: Period, paths: list[Path]) -> list[FileResult]:
        jobs = [(p, display_name(p, self.ws)) for p in paths]
        digests = [readcache.file_digest(p) for p, _ in jobs]
        shown = [(p, isolation.shown(name)) for p, name in jobs]  # the names findings give (\xff for bad bytes)
        self.digests.update((name, d) for (_, name), d in zip(shown, digests))
        self._receive(period, shown, digests)
        if not readcache.enabled():
            return read_all(jobs, read_context(self.ws, period), self.progress)
        cache = readcache.ReadCache(readcache.context_digest(self.ws.root, period.id, self.ws.sources()), period.id)
        results: list[FileResult | None] = [cache.get(p, d, h) for (p, d), h in zip(jobs, digests)]
        missing = [i for i, r in enumerate(results) if r is None]
        if missing:
            done = len(jobs) - len(missing)

            def progress(n: int, total: int, label: str) -> None:
                self.progress(done + n, len(jobs), label)

            fresh = read_all([jobs[i] for i in missing], read_context(self.ws, period), progress)
            for i, result in zip(missing, fresh):
                results[i] = result
                cache.put(jobs[i][1], digests[i], result)
        else:
            self.progress(len(jobs), len(jobs), "")
        cache.save()
        return [r for r in results if r is not None]

    def _receive(self, period: Period, jobs: list[tuple[Path, str]], digests: list[str | None]) -> None:
        """Record the inbox's files in receipts.csv (a file placed by hand, the first time it is seen; a
        file whose bytes changed) and keep each file's ``file.changed`` warning for :meth:`load`."""
        inbox = f"inbox/{period.id}/"
        seen = []
        for (path, name), digest in zip(jobs, digests):
            if name.startswith(inbox) and digest is not None:
                try:
                    size = path.stat().st_size
                except OSError:
                    continue
                seen.append((name, digest, size))
        if not seen:
            return
        found: dict[str, list[Finding]] = {}
        for f in receipts.observe(self.ws.root, seen):
            found.setdefault(f.file, []).append(f)
        self._received.update(found)

    def load(self, period: Period, files: list[Path] | None = None, target: UnitTree | None = None,
             year_on_year: bool = True, allow_empty: bool = False) -> PeriodData:
        """Every finding about the period and its roll-up onto ``target`` (default: the structure at the
        period's end); cells with errors are left out. A range loads one inbox per year.
        ``year_on_year=False``: a period loaded only to compare with, whose own warnings nobody sees.
        ``allow_empty``: an empty or missing inbox is no error, every unit is then missing (status)."""
        ws = self.ws
        tree = target or ws.tree(period)
        if period.is_range:
            parts = [self.load(parse_period(str(y)), None, tree, year_on_year, allow_empty) for y in period.years]
            merged = ValidationReport(period, [f for p in parts for f in p.validation.files],
                                      [f for p in parts for f in p.validation.cross],
                                      {k: v for p in parts for k, v in p.validation.explained.items()})
            return PeriodData(period, merged, combine_years(period, [p.aggregate for p in parts]))
        try:
            results = self.files(period, files)
        except InputError as e:
            if not (allow_empty and e.code in ("inbox.empty", "inbox.missing")):
                raise
            results = []
        report = ValidationReport(period, results)
        names = {r.display for r in results}
        names.add(receipts.RECEIPTS_FILE)  # a note when receipts.csv could not be written
        report.cross.extend(f for name, found in self._received.items() if name in names for f in found)
        report.cross.extend(duplicate_units(results))
        if year_on_year:
            report.cross.extend(self._jumps(period, results))
        exclude_error_cells(report)
        sheets = [s for f in results for s in f.sheets]
        agg = roll_up(tree, ws.catalogue, period, sheets, ws.config.prefer, ws.changes)
        report.cross.extend(reconciliation_findings(agg))
        report.cross.extend(approval.check(ws.root, report, agg, self.digests, own_tree=target is None))
        explanations.apply(ws.root, report, period.id)
        return PeriodData(period, report, agg)

    def _jumps(self, period: Period, results: list[FileResult]) -> list[Finding]:
        settings = self.ws.config.validation
        before = previous_period(period)
        if settings.jump_factor <= 0 or before is None or not self.ws.inbox(before).is_dir():
            return []
        try:
            previous = self.files(before)
        except InputError:
            return []
        return year_on_year(settings, period, before, results, previous, self.ws.catalogue)


def aggregate_period(ws: Workspace, period: Period, progress: Progress = no_progress, target: UnitTree | None = None,
                     year_on_year: bool = True) -> tuple[ValidationReport, Aggregate]:
    """One period loaded on its own (a library caller's shortcut for ``Loader(ws).load(period)``)."""
    loaded = Loader(ws, progress).load(period, target=target, year_on_year=year_on_year)
    return loaded.validation, loaded.aggregate
