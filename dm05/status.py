"""``dm05 status``: who reported in full, who in part, whose file has errors or numbers left unread, who is
missing — the clerk's list of phone calls. It reads the same roll-up as aggregate and report, so a unit
that sent its own totals covers its leaves here exactly as it does there.

States, worst first: ``errors`` (an error finding in a file of the unit), ``unread`` (its file left numbers
unread: ``FileResult.ledger.unread``, or rows the structure cannot place), ``missing`` (nothing at all),
``partial`` (some leaves missing, or some indicators that other units gave), ``reported``.

Beside the state: when the unit's figures arrived (receipts.csv) and, with a deadline for the period in
dm05.toml (``[forms] deadlines``), whether on time or late by how many days; the reporting rate and the
on-time rate over the base units (as DHIS2 counts reporting rates: reports in over reports expected, and
those in by the deadline over the same); its open and explained warnings; the day its figures were
approved. A unit ``partial`` or ``missing`` whose gap a clerk explained (``coverage.partial``), or whose
sub-units' gaps are all explained, is *settled*: the figures are as complete as they will be.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from dm05.aggregate import Aggregate
from dm05.messages import text
from dm05.validate import ValidationReport
from dm05.wsfiles import toml_time

if TYPE_CHECKING:
    from dm05.approval import Approval
    from dm05.explanations import Book, Explanation
    from dm05.period import Period
    from dm05.progress import Progress
    from dm05.workspace import Workspace

STATES = ("reported", "partial", "errors", "unread", "missing")


@dataclass
class UnitStatus:
    code: str
    name: str
    status: str  # one of STATES
    reported: int
    expected: int
    errors: int = 0
    unread: int = 0
    files: tuple[str, ...] = ()
    missing_units: list[str] = field(default_factory=list)  # the highest units under it with no figures
    missing_indicators: dict[str, int] = field(default_factory=dict)  # key → leaves that gave it
    via: str = ""  # the ancestor whose own totals cover this unit (it sent no figures of its own)
    warnings: int = 0  # warnings nobody explained, in the unit's branch
    explained: int = 0  # warnings explained (đã giải trình)
    received: datetime | None = None  # when the last of its figures arrived (receipts.csv)
    timeliness: str | None = None  # "on_time", "late" or "missing"; None without a deadline
    days_late: int = 0
    on_time: int = 0  # base units whose figures arrived by the deadline
    approved: Approval | None = None  # the standing approval of its figures
    explanation: Explanation | None = None  # its gap (partial, missing) explained: coverage.partial
    settled: bool = False  # reported, or its gap explained (its own, or each of its sub-units')

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "status": self.status, "reported": self.reported,
                "expected": self.expected, "errors": self.errors, "unread": self.unread, "files": list(self.files),
                "missing_units": self.missing_units, "missing_indicators": self.missing_indicators, "via": self.via,
                "warnings": self.warnings, "explained": self.explained,
                "received": toml_time(self.received) if self.received else None, "timeliness": self.timeliness,
                "days_late": self.days_late, "on_time": self.on_time,
                "approved": toml_time(self.approved.when) if self.approved else None,
                "explanation": self.explanation.to_json() if self.explanation else None, "settled": self.settled}


@dataclass
class Extras:
    """What status adds to the roll-up from the workspace's own files."""

    deadline: date | None = None
    arrivals: dict[str, datetime] = field(default_factory=dict)  # file → first receipt
    approvals: dict[str, Approval] = field(default_factory=dict)  # unit → standing approval
    gaps: Book | None = None  # the period's coverage.partial explanations


@dataclass
class Unplaced:
    """A file read whose figures sit under no unit of the structure."""

    file: str
    errors: int
    unread: int
    names: list[str]  # the units as the file names them (rows the structure cannot place)


@dataclass
class Status:
    period: str
    units: dict[str, UnitStatus]  # every unit of the tree
    parents: list[tuple[str, list[str]]]  # (parent, its direct sub-units) in tree order
    unplaced: list[Unplaced]
    root: str = ""
    deadline: date | None = None
    explained: list[dict[str, Any]] = field(default_factory=list)  # every explained warning and gap

    @property
    def complete(self) -> bool:
        """Every unit reported in full with clean files, and no file left unplaced."""
        return all(u.status == "reported" for u in self.units.values()) and not self.unplaced

    @property
    def settled(self) -> bool:
        """Nothing left to chase: every unit reported in full, or its gap explained; no file unplaced."""
        return all(u.settled for u in self.units.values()) and not self.unplaced

    def rates(self) -> dict[str, Any]:
        """The reporting rate and the on-time rate over the base units (leaves) of the whole tree."""
        top = self.units[self.root or next(iter(self.units))]
        expected = top.expected or 1
        return {"reported": top.reported, "expected": top.expected, "reporting_rate": round(top.reported / expected, 4),
                "on_time": top.on_time if self.deadline else None,
                "on_time_rate": round(top.on_time / expected, 4) if self.deadline else None}

    def to_json(self) -> dict[str, Any]:
        parents = []
        for code, kids in self.parents:
            me = self.units[code]
            rows = [self.units[c] for c in kids]
            parents.append({**me.to_json(),
                            **{f"children_{k}": sum(1 for r in rows if r.status == k) for k in STATES},
                            "children_on_time": sum(1 for r in rows if r.timeliness == "on_time"),
                            "children_late": sum(1 for r in rows if r.timeliness == "late"),
                            "children": [r.to_json() for r in rows]})
        return {"period": self.period, "complete": self.complete, "settled": self.settled,
                "deadline": self.deadline.isoformat() if self.deadline else None, **self.rates(),
                "parents": parents, "unplaced": [u.__dict__ for u in self.unplaced], "explained": self.explained}


def load(ws: Workspace, period: Period, progress: Progress | None = None) -> tuple[ValidationReport, Aggregate]:
    """The period's inbox validated and rolled up; an empty inbox is no error here: every unit is missing.
    Last year's inbox is not read: its warnings change no state."""
    from dm05.pipeline import Loader
    from dm05.progress import no_progress

    loaded = Loader(ws, progress or no_progress).load(period, year_on_year=False, allow_empty=True)
    return loaded.validation, loaded.aggregate


def _common_ancestor(agg: Aggregate, units: set[str]) -> str:
    lines = [list(reversed(agg.tree.ancestors(u))) + [u] for u in units]
    common = agg.tree.root
    for level in zip(*lines):
        if len(set(level)) > 1:
            break
        common = level[0]
    return common


def period_status(ws: Workspace, period: Period, progress: Progress | None = None) -> Status:
    """``dm05 status``: the period loaded, with its deadline, receipts, approvals and explained gaps."""
    from dm05 import approval, explanations, receipts

    report, agg = load(ws, period, progress)
    gaps = [e for e in explanations.load(ws.root) if e.period == period.id and e.rule == explanations.PARTIAL]
    extras = Extras(ws.config.forms.deadlines.get(period.id), receipts.load(ws.root).arrivals(),
                    approval.standing(approval.load(ws.root), period.id), explanations.Book(ws.root, gaps))
    status = unit_status(report, agg, extras)
    if extras.gaps is not None:
        extras.gaps.save_bindings()  # a gap explained by hand is bound to the gap it explains now
    return status


def file_units(report: ValidationReport, agg: Aggregate) -> dict[str, set[str]]:
    """The units of the tree each file holds figures of (rows placed on the tree, old units mapped too)."""
    tree = agg.tree
    out: dict[str, set[str]] = {f.display: set() for f in report.files}
    for year in agg.years or [agg]:  # a range: the rows of every year
        for u, rows in year.source_index.items():
            for si, _, _, _ in rows:
                out.setdefault(year.sheets[si].file, set()).add(u)
    for f in report.files:
        for s in f.sheets:
            out[f.display].update(u for u in s.units if u in tree)  # repeated rows too
    return out


def unit_status(report: ValidationReport, agg: Aggregate, extras: Extras | None = None) -> Status:
    extras = extras or Extras()
    tree = agg.tree
    order = tree.order
    files: dict[str, set[str]] = {c: set() for c in order}
    errors = dict.fromkeys(order, 0)
    unread = dict.fromkeys(order, 0)
    warnings = dict.fromkeys(order, 0)
    explained = dict.fromkeys(order, 0)
    units_of = file_units(report, agg)
    loose: dict[str, list[str]] = {}
    for src in agg.unplaced:
        loose.setdefault(src.sheet.file, []).append(src.unit)
    home = {name: _common_ancestor(agg, named) for name, named in units_of.items() if named}
    for name, named in units_of.items():
        for u in named:
            files[u].add(name)
    unplaced: dict[str, Unplaced] = {}

    def orphan(name: str) -> Unplaced:
        return unplaced.setdefault(name, Unplaced(name, 0, 0, []))

    for finding in report.findings:
        if finding.severity != "error":
            continue
        if finding.unit in errors:
            errors[finding.unit] += 1
            files[finding.unit].add(finding.file)
        elif finding.file in home:
            errors[home[finding.file]] += 1
        else:
            orphan(finding.file).errors += 1
    for finding in report.findings:  # warnings: counted where errors are, explained ones apart
        if finding.severity != "warning":
            continue
        at = finding.unit if finding.unit in errors else home.get(finding.file)
        if at is not None:
            (explained if id(finding) in report.explained else warnings)[at] += 1
    for f in report.files:
        left = f.ledger.unread + len(loose.get(f.display, []))
        if f.display in home:
            unread[home[f.display]] += left
        elif left or f.display not in unplaced:
            gone = orphan(f.display)
            gone.unread += left
            gone.names = loose.get(f.display, [])
    # what no figure covers: the highest units with nothing under them
    covered: set[str] = set()
    missing: dict[str, list[str]] = {c: [] for c in order}
    for code in order:  # parents before children
        if tree[code].parent in covered or int(agg.reported[code]) == int(agg.expected[code]):
            covered.add(code)
    for code in reversed(order):
        kids = tree.children.get(code, [])
        if code in covered:
            continue
        if int(agg.reported[code]) == 0:
            missing[code] = [code]
        else:
            missing[code] = [m for k in kids for m in missing[k]]
    own_files = {c: set(names) for c, names in files.items()}  # the files naming the unit itself
    for code in reversed(order):  # children before parents: gather the subtree
        parent = tree[code].parent
        if parent is not None:
            files[parent] |= files[code]
            errors[parent] += errors[code]
            unread[parent] += unread[code]
            warnings[parent] += warnings[code]
            explained[parent] += explained[code]
    asked = [i.key for i in agg.catalogue.summed if agg.covered(tree.root, i.key) > 0]
    units: dict[str, UnitStatus] = {}
    for code in order:  # parents before children
        rep, exp = int(agg.reported[code]), int(agg.expected[code])
        gaps = {k: agg.covered(code, k) for k in asked if 0 < rep and agg.covered(code, k) < rep}
        absent = [m for m in missing[code] if m != code] if rep else []
        # covered by an ancestor's own totals, as in the roll-up: its figures are this unit's
        via = next((a for a in tree.ancestors(code) if a in agg.source_index
                    and units[a].reported == units[a].expected), "") if rep == 0 else ""
        if via:
            rep, gaps = exp, dict.fromkeys(units[via].missing_indicators, 0)
        if errors[code]:
            state = "errors"
        elif unread[code]:
            state = "unread"
        elif rep == 0:
            state = "missing"
        elif rep < exp or gaps:
            state = "partial"
        else:
            state = "reported"
        units[code] = UnitStatus(code, tree[code].name, state, rep, exp, errors[code], unread[code],
                                 tuple(sorted(files[code] or (units[via].files if via else ()))), absent, gaps, via,
                                 warnings[code], explained[code], approved=extras.approvals.get(code))
    _timeliness(agg, units, own_files, extras)
    gap_list = _settle(agg, units, extras.gaps)
    listed = [{"rule": f.rule, "unit": f.unit, "indicator": f.indicator, "file": f.file, "cell": f.cell,
               "explanation": e.to_json()} for f in report.findings if id(f) in report.explained
              for e in [report.explained[id(f)][1]]]
    parents = [(c, list(tree.children[c])) for c in order if tree.children.get(c)]
    return Status(agg.period.id, units, parents, sorted(unplaced.values(), key=lambda u: u.file), tree.root,
                  extras.deadline, listed + gap_list)


def _timeliness(agg: Aggregate, units: dict[str, UnitStatus], own_files: dict[str, set[str]], extras: Extras) -> None:
    """When each unit's figures arrived (the last of its base units' files, by their first receipt) and,
    with a deadline, how many of its base units were in by then and whether the unit was."""
    tree = agg.tree
    deadline = extras.deadline
    for code in tree.order:
        if not tree.is_leaf(code) or units[code].reported == 0:
            continue
        u = units[code]
        names = own_files[code] or (own_files[u.via] if u.via else set())
        times = [extras.arrivals[n] for n in names if n in extras.arrivals]
        if not times:
            continue
        arrived = max(times)
        for at in (code, *tree.ancestors(code)):
            mine = units[at]
            mine.received = arrived if mine.received is None else max(mine.received, arrived)
            if deadline is not None and arrived.date() <= deadline:
                mine.on_time += 1
    if deadline is None:
        return
    for u in units.values():
        if u.reported == 0:
            u.timeliness = "missing"
        elif u.received is not None:
            u.days_late = max(0, (u.received.date() - deadline).days)
            u.timeliness = "late" if u.days_late else "on_time"


def gap_of(u: UnitStatus) -> tuple[str, str]:
    """The figure of a unit's gap (what it lacks: another gap is another figure) and the gap in words."""
    from dm05.explanations import fingerprint

    figure = fingerprint([u.reported, u.expected, u.missing_units, u.missing_indicators])
    # kept in explanations.toml as the record of what was explained: in the workspace's language, Vietnamese
    words = (f"{u.reported}/{u.expected}"
             + (text("gap.missing_units", "vi", units=", ".join(u.missing_units[:10])) if u.missing_units else "")
             + (text("gap.missing_keys", "vi", keys=", ".join(u.missing_indicators)) if u.missing_indicators else ""))
    return figure, words


def _settle(agg: Aggregate, units: dict[str, UnitStatus], book: Book | None) -> list[dict[str, Any]]:
    """Find each unit's gap explanation (its figure: what it lacks) and which units are settled; the
    explained gaps as status lists them."""
    from dm05.explanations import PARTIAL

    tree = agg.tree
    listed = []
    for code in reversed(tree.order):  # children before parents
        u = units[code]
        if u.status in ("partial", "missing") and book is not None:
            u.explanation = book.match((agg.period.id, PARTIAL, code, "", ""), *gap_of(u))
            if u.explanation is not None:
                listed.append({"rule": PARTIAL, "unit": code, "indicator": None, "file": None, "cell": None,
                               "explanation": u.explanation.to_json()})
        kids = tree.children.get(code, [])
        u.settled = u.status == "reported" or (u.status in ("partial", "missing") and (
            u.explanation is not None or (bool(kids) and all(units[k].settled for k in kids))))
    listed.reverse()
    return listed


def status_json(report: ValidationReport, agg: Aggregate) -> dict[str, Any]:
    return unit_status(report, agg).to_json()
