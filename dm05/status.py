"""``dm05 status``: who reported in full, who in part, whose file has errors or numbers left unread, who is
missing — the clerk's list of phone calls. It reads the same roll-up as aggregate and report, so a unit
that sent its own totals covers its leaves here exactly as it does there.

States, worst first: ``errors`` (an error finding in a file of the unit), ``unread`` (its file left numbers
unread: ``FileResult.ledger.unread``, or rows the structure cannot place), ``missing`` (nothing at all),
``partial`` (some leaves missing, or some indicators that other units gave), ``reported``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dm05.aggregate import Aggregate
from dm05.validate import ValidationReport

if TYPE_CHECKING:
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

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "status": self.status, "reported": self.reported,
                "expected": self.expected, "errors": self.errors, "unread": self.unread, "files": list(self.files),
                "missing_units": self.missing_units, "missing_indicators": self.missing_indicators, "via": self.via}


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

    @property
    def complete(self) -> bool:
        """Every unit reported in full with clean files, and no file left unplaced."""
        return all(u.status == "reported" for u in self.units.values()) and not self.unplaced

    def to_json(self) -> dict[str, Any]:
        parents = []
        for code, kids in self.parents:
            me = self.units[code]
            rows = [self.units[c] for c in kids]
            parents.append({**me.to_json(),
                            **{f"children_{k}": sum(1 for r in rows if r.status == k) for k in STATES},
                            "children": [r.to_json() for r in rows]})
        return {"period": self.period, "complete": self.complete, "parents": parents,
                "unplaced": [u.__dict__ for u in self.unplaced]}


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


def unit_status(report: ValidationReport, agg: Aggregate) -> Status:
    tree = agg.tree
    order = tree.order
    files: dict[str, set[str]] = {c: set() for c in order}
    errors = dict.fromkeys(order, 0)
    unread = dict.fromkeys(order, 0)
    file_units: dict[str, set[str]] = {f.display: set() for f in report.files}
    for year in agg.years or [agg]:  # a range: the rows of every year
        for u, rows in year.source_index.items():  # placed rows, mapped old units included
            for si, _, _, _ in rows:
                file_units.setdefault(year.sheets[si].file, set()).add(u)
    for f in report.files:
        for s in f.sheets:
            file_units[f.display].update(u for u in s.units if u in tree)  # repeated rows too
    loose: dict[str, list[str]] = {}
    for src in agg.unplaced:
        loose.setdefault(src.sheet.file, []).append(src.unit)
    home = {name: _common_ancestor(agg, named) for name, named in file_units.items() if named}
    for name, named in file_units.items():
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
    for code in reversed(order):  # children before parents: gather the subtree
        parent = tree[code].parent
        if parent is not None:
            files[parent] |= files[code]
            errors[parent] += errors[code]
            unread[parent] += unread[code]
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
                                 tuple(sorted(files[code] or (units[via].files if via else ()))), absent, gaps, via)
    parents = [(c, list(tree.children[c])) for c in order if tree.children.get(c)]
    return Status(agg.period.id, units, parents, sorted(unplaced.values(), key=lambda u: u.file))


def status_json(report: ValidationReport, agg: Aggregate) -> dict[str, Any]:
    return unit_status(report, agg).to_json()
