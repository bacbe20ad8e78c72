"""Sign-off: a period's figures declared final, for the whole tree or a branch, level by level.

``dm05 approve WS --period P [--unit CODE]`` appends to ``approvals.toml`` what was approved: the SHA-256
of every input file under the unit (the files that hold figures of its units; for the root, every file
of the inbox), a fingerprint of the roll-up of its whole branch, and the unit's own figures for people to
read. From then on every command that loads the period compares: a file changed, added or gone under an
approved unit, or a roll-up that no longer gives the same figures (units.csv or the catalogue edited), is
an ``approval.changed`` error on that unit until it is approved again (the new figures accepted) or
reopened (``--reopen``).

Approval follows the hierarchy, as DHIS2's data approval does: a unit is approved only after each of its
sub-units that has sub-units of its own (the base units are approved with their parent) is approved and
unchanged, and only with figures free of errors — or with ``--force`` and a ``--note`` saying why, which
is recorded. A unit cannot be reopened while a unit above it stands approved: reopen that one first.

``approvals.toml`` is a log: each approval and each reopening is a new ``[[approval]]`` entry
(``action = "approve"`` or ``"reopen"``), the latest for a unit and period is its state. dm05 only
appends to it (:mod:`dm05.wsfiles`).
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from dm05 import wsfiles
from dm05.config_errors import toml_problem
from dm05.errors import DataError, InputError, WorkspaceError
from dm05.findings import Finding, finding
from dm05.messages import both, joined, same
from dm05.status import file_units

if TYPE_CHECKING:
    from dm05.aggregate import Aggregate
    from dm05.units import UnitTree
    from dm05.validate import ValidationReport

APPROVALS_FILE = "approvals.toml"
TABLE = "approval"
NEW_FILE = """\
# Phê duyệt số liệu (dm05 approve ghi thêm vào cuối tệp; mục sau cùng của mỗi đơn vị, mỗi kỳ là trạng thái).
# Approvals: dm05 approve appends here; the last entry of a unit and period is its state.
# inputs: mã SHA-256 của từng tệp đã phê duyệt; figures: dấu vân tay của số liệu tổng hợp; values: số liệu.
"""


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    period: str
    unit: str
    action: Literal["approve", "reopen"] = "approve"
    date: datetime | date
    by: str = ""
    note: str = ""
    forced: bool = False
    reported: int = 0
    expected: int = 0
    figures: str = ""
    inputs: dict[str, str] = {}
    values: dict[str, float] = {}

    @field_validator("period", "unit", mode="before")
    @classmethod
    def _number_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


@dataclass(frozen=True)
class Approval:
    period: str
    unit: str
    action: str  # "approve" or "reopen"
    when: datetime
    by: str = ""
    note: str = ""
    forced: bool = False
    reported: int = 0
    expected: int = 0
    figures: str = ""
    inputs: dict[str, str] = field(default_factory=dict)
    values: dict[str, float] = field(default_factory=dict)
    line: int = 0

    @property
    def day(self) -> str:
        return f"{self.when:%d/%m/%Y}"

    def to_json(self) -> dict[str, Any]:
        return {"period": self.period, "unit": self.unit, "action": self.action, "date": wsfiles.toml_time(self.when),
                "by": self.by, "note": self.note, "forced": self.forced, "reported": self.reported,
                "expected": self.expected, "figures": self.figures, "inputs": self.inputs, "values": self.values}


def _parse(text: str, source: str) -> list[Approval]:
    from dm05.workspace import config_problems

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as bad:
        raise WorkspaceError("wsfile.invalid", file=source, line=wsfiles.error_line(bad),
                             detail=toml_problem(str(bad), text)) from None
    lines = wsfiles.header_lines(text, TABLE)
    unknown = sorted(set(data) - {TABLE})
    if unknown or not isinstance(data.get(TABLE, []), list):
        raise WorkspaceError("wsfile.invalid", file=source, line=1, detail=both("wsfile.only_entries", table=TABLE))
    out = []
    for i, item in enumerate(data.get(TABLE, [])):
        line = wsfiles.line_of(lines, i)
        try:
            e = _Entry.model_validate(item)
        except ValidationError as err:
            raise WorkspaceError("wsfile.invalid", file=source, line=line, detail=config_problems(err)) from None
        when = wsfiles.parse_time(e.date)
        assert when is not None  # a date or a date-time, pydantic saw to it
        out.append(Approval(e.period, e.unit, e.action, when, e.by, e.note, e.forced, e.reported, e.expected,
                            e.figures, dict(e.inputs), dict(e.values), line))
    return out


def load(root: Path) -> list[Approval]:
    path = root / APPROVALS_FILE
    text = wsfiles.read_text(path)
    return _parse(text, str(path)) if text else []


def standing(entries: list[Approval], period: str) -> dict[str, Approval]:
    """The units of ``period`` whose latest entry is an approval, with it."""
    latest: dict[str, Approval] = {}
    for e in entries:
        if e.period == period:
            latest[e.unit] = e
    return {u: e for u, e in latest.items() if e.action == "approve"}


def branch(tree: UnitTree, unit: str) -> list[str]:
    """``unit`` and every unit under it, in tree order."""
    out, stack = [], [unit]
    while stack:
        code = stack.pop()
        out.append(code)
        stack.extend(reversed(tree.children.get(code, [])))
    return out


def inputs_under(report: ValidationReport, agg: Aggregate, unit: str, digests: dict[str, str | None],
                 units_of: dict[str, set[str]] | None = None) -> dict[str, str]:
    """The input files under ``unit`` with their SHA-256: for the root every file read, else the files
    holding figures of a unit of its branch (``units_of``: :func:`file_units`, when already worked out)."""
    tree = agg.tree
    if unit == tree.root:
        names = [f.display for f in report.files]
    else:
        mine = set(branch(tree, unit))
        names = [name for name, units in (units_of or file_units(report, agg)).items() if units & mine]
    return {name: digests.get(name) or "" for name in sorted(names)}


def figures_of(agg: Aggregate, unit: str) -> str:
    """A fingerprint of the roll-up of ``unit``'s branch: every unit's values (to 9 decimals), coverage
    and reported count, with the units and indicators they belong to."""
    codes = branch(agg.tree, unit)
    values = agg.values.loc[codes].to_numpy(dtype="float64")
    missing = np.isnan(values)
    h = hashlib.sha256()
    h.update("\0".join(codes).encode() + b"\1" + "\0".join(map(str, agg.values.columns)).encode() + b"\1")
    h.update(missing.tobytes())
    h.update(np.round(np.where(missing, 0.0, values), 9).tobytes())
    if len(agg.coverage.columns):
        h.update(agg.coverage.loc[codes].to_numpy(dtype="int64").tobytes())
    h.update(agg.reported.loc[codes].to_numpy(dtype="int64").tobytes())
    return "sha256:" + h.hexdigest()


def _differences(approved: Approval, now: dict[str, str], figures: str | None) -> list[dict[str, str]]:
    changes = []
    for name in sorted(set(approved.inputs) | set(now)):
        before, after = approved.inputs.get(name), now.get(name)
        if before == after:
            continue
        if before is None:
            changes.append(both("approval.new_file", name=name))
        elif after is None:
            changes.append(both("approval.file_gone", name=name))
        else:
            changes.append(both("approval.file_changed", name=name))
    if figures is not None and figures != approved.figures and not changes:
        changes.append(both("approval.rollup_changed"))
    return changes


def check(root: Path, report: ValidationReport, agg: Aggregate, digests: dict[str, str | None],
          own_tree: bool = True) -> list[Finding]:
    """An ``approval.changed`` error for each unit approved for the period whose inputs (or, on the
    period's own structure, whose roll-up) are not what was approved."""
    approved = standing(load(root), agg.period.id)
    out: list[Finding] = []
    if not approved:
        return out
    units_of = file_units(report, agg)
    for unit, a in approved.items():
        if unit not in agg.tree:
            changes = [both("approval.unit_gone")]
        else:
            changes = _differences(a, inputs_under(report, agg, unit, digests, units_of),
                                   figures_of(agg, unit) if own_tree else None)
        if changes:
            shown = joined(changes[:5] + ([same(f"… (+{len(changes) - 5})")] if len(changes) > 5 else []))
            out.append(finding("approval.changed", APPROVALS_FILE, unit=unit, date=a.day,
                               changes=shown))
    return out


def _values(agg: Aggregate, unit: str) -> dict[str, float]:
    return {k: (int(v) if float(v).is_integer() else round(float(v), 6))
            for k, v in agg.row(unit).items() if v is not None}


def _block(a: Approval) -> str:
    s = wsfiles.toml_string
    text = (f"\n[[{TABLE}]]\nperiod = {s(a.period)}\nunit = {s(a.unit)}\naction = {s(a.action)}\n"
            f"date = {wsfiles.toml_time(a.when)}\nby = {s(a.by)}\n")
    if a.note:
        text += f"note = {s(a.note)}\n"
    if a.action == "reopen":
        return text
    text += f"forced = {'true' if a.forced else 'false'}\nreported = {a.reported}\nexpected = {a.expected}\n"
    text += f"figures = {s(a.figures)}\n"
    text += f"[{TABLE}.inputs]\n" + "".join(f"{wsfiles.toml_key(k)} = {s(v)}\n" for k, v in a.inputs.items())
    text += f"[{TABLE}.values]\n" + "".join(f"{wsfiles.toml_key(k)} = {v!r}\n" for k, v in a.values.items())
    return text


def _append(root: Path, a: Approval) -> None:
    path = root / APPROVALS_FILE
    wsfiles.append(path, _block(a), lambda t: _parse(t, str(path)), new_file=NEW_FILE)


@dataclass(frozen=True)
class Outcome:
    """What ``dm05 approve`` did: ``written`` false when the standing approval already holds."""

    approval: Approval
    written: bool
    blockers: list[str] = field(default_factory=list)  # sub-units not approved, forced past

    def to_json(self) -> dict[str, Any]:
        return {**self.approval.to_json(), "written": self.written, "forced_past": self.blockers}


def approve(root: Path, report: ValidationReport, agg: Aggregate, digests: dict[str, str | None], unit: str,
            by: str, when: datetime, note: str = "", force: bool = False) -> Outcome:
    """Approve ``unit``'s figures for the period (see the module's docstring for the rules)."""
    tree = agg.tree
    if unit not in tree:
        raise InputError("unit.not_found", unit=unit)
    if force and not note.strip():
        raise InputError("approve.force_note")
    entries = load(root)
    period = agg.period.id
    now_standing = standing(entries, period)
    stale = {f.unit for f in report.findings if f.rule == "approval.changed"}
    blockers = [c for c in tree.children.get(unit, []) if not tree.is_leaf(c)
                and (c not in now_standing or c in stale)]
    mine = set(branch(tree, unit))
    inputs = inputs_under(report, agg, unit, digests)
    errors = [f for f in report.findings if f.severity == "error" and f.rule != "approval.changed"
              and ((f.unit in mine) if f.unit in tree else f.file in inputs)]
    if not force:
        if blockers:
            raise DataError("approve.children", unit=unit, count=len(blockers), units=", ".join(blockers[:8]))
        if errors:
            raise DataError("approve.errors", unit=unit, count=len(errors))
    figures = figures_of(agg, unit)
    current = now_standing.get(unit)
    if current is not None and unit not in stale and current.inputs == inputs and current.figures == figures:
        return Outcome(current, False)
    a = Approval(period, unit, "approve", when, by, note.strip(), bool(force and (blockers or errors)),
                 int(agg.reported[unit]), int(agg.expected[unit]), figures, inputs, _values(agg, unit))
    _append(root, a)
    return Outcome(a, True, blockers)


def reopen(root: Path, tree: UnitTree, period: str, unit: str, by: str, when: datetime, note: str = "") -> Approval:
    """Reopen ``unit``'s approved figures; refused while a unit above it stands approved."""
    if unit not in tree:
        raise InputError("unit.not_found", unit=unit)
    now_standing = standing(load(root), period)
    if unit not in now_standing:
        raise InputError("approve.not_approved", unit=unit, period=period)
    above = next((a for a in tree.ancestors(unit) if a in now_standing), None)
    if above is not None:
        raise InputError("approve.ancestor", unit=unit, ancestor=above, date=now_standing[above].day)
    a = Approval(period, unit, "reopen", when, by, note.strip())
    _append(root, a)
    return a


def approval_day(root: Path, period: str, unit: str) -> date | None:
    """The day ``unit``'s figures for ``period`` were approved, if they stand approved (the report says so)."""
    a = standing(load(root), period).get(unit)
    return a.when.date() if a is not None else None
