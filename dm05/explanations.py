"""Explanations (giải trình): a warning a clerk has looked into and accounted for — a figure that jumped
because a commune merged, a total a unit typed wrong and confirmed — with who said so and when.

They live in ``explanations.toml`` in the workspace, one ``[[explanation]]`` per warning, keyed by period,
rule, unit and indicator (a warning about no unit — a hidden sheet, a changed file — by its file), written
by ``dm05 explain-finding`` or by hand. Each is bound to the figures it explains: ``figure`` is a
fingerprint of the warning's figures (its value and parameters, not where the cell sits), so when the
figure changes the warning comes back, unexplained, until someone explains the new one. ``warning`` keeps
the message as it read then, for people. An entry written by hand without ``figure`` is bound to the
figures of the first command that sees it (a line is added under its header; nothing else is touched).

Explained warnings are listed apart ("đã giải trình") by validate and status and do not count toward
``--strict``; errors are never explained — they are corrected. ``coverage.partial`` explains a unit of
``dm05 status`` that is ``partial`` or ``missing`` (a cell that dissolved, an indicator a unit does not
keep): its figure is what the unit lacks, so another gap brings it back.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from dm05 import wsfiles
from dm05.config_errors import toml_problem
from dm05.errors import OutputError, WorkspaceError
from dm05.messages import both

if TYPE_CHECKING:
    from dm05.findings import Finding
    from dm05.period import Period
    from dm05.progress import Progress
    from dm05.validate import ValidationReport
    from dm05.workspace import Workspace

EXPLANATIONS_FILE = "explanations.toml"
TABLE = "explanation"
PARTIAL = "coverage.partial"  # the pseudo-rule of a status gap
# parameters that say how a warning is worded or where it sits, not what its figures are
_WORDING = frozenset({"label", "other_label", "hint", "where_vi", "where_en", "used", "before", "after"})
NEW_FILE = """\
# Giải trình cảnh báo (dm05 explain-finding ghi thêm vào cuối tệp; có thể sửa tay).
# Explanations of warnings: dm05 explain-finding appends here; entries may be written by hand.
# Mỗi mục: period, rule, unit (hoặc file), indicator, text, by; figure do dm05 ghi để biết số liệu nào đã
# được giải trình — số liệu đổi thì cảnh báo hiện lại.
"""

Key = tuple[str, str, str, str, str]  # period, rule, unit, indicator, file


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    period: str
    rule: str
    unit: str = ""
    indicator: str = ""
    file: str = ""
    text: str = Field(min_length=1)
    by: str = Field(min_length=1)
    date: datetime | date | None = None
    figure: str = ""
    warning: str = ""

    @field_validator("period", "unit", mode="before")
    @classmethod
    def _number_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


@dataclass(frozen=True)
class Explanation:
    period: str
    rule: str
    unit: str
    indicator: str
    file: str
    text: str
    by: str
    when: datetime | None
    figure: str  # "" until bound
    warning: str = ""
    line: int = 0  # its header's line in explanations.toml
    index: int = 0  # its place among the entries

    @property
    def key(self) -> Key:
        return (self.period, self.rule, self.unit, self.indicator, "" if self.unit else self.file)

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "by": self.by, "date": wsfiles.toml_time(self.when) if self.when else None,
                "figure": self.figure, "line": self.line}


def key_of(f: Finding, period: str) -> Key:
    """The key an explanation of ``f`` carries: a warning about no unit is known by its file."""
    return (period, f.rule, f.unit or "", f.indicator or "", "" if f.unit else f.file)


def fingerprint(items: object) -> str:
    """A short, stable fingerprint of figures (JSON with sorted keys, SHA-256, 16 hex digits)."""
    text = json.dumps(items, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def figure_of(findings: list[Finding]) -> str:
    """The figures of the warnings that share a key: their values and parameters, wording left out."""
    return fingerprint(sorted(json.dumps([f.value, {k: v for k, v in f.params if k not in _WORDING}],
                                         sort_keys=True, ensure_ascii=False, default=str) for f in findings))


def _parse(text: str, source: str) -> list[Explanation]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as bad:
        raise WorkspaceError("wsfile.invalid", file=source, line=wsfiles.error_line(bad),
                             detail=toml_problem(str(bad), text)) from None
    unknown = sorted(set(data) - {TABLE})
    lines = wsfiles.header_lines(text, TABLE)
    if unknown:
        raise WorkspaceError("wsfile.invalid", file=source, line=1,
                             detail=both("wsfile.only_entries_not", table=TABLE, name=unknown[0]))
    raw = data.get(TABLE, [])
    if not isinstance(raw, list):
        raise WorkspaceError("wsfile.invalid", file=source, line=1, detail=both("wsfile.use_entries", table=TABLE))
    out = []
    from dm05.workspace import config_problems

    for i, item in enumerate(raw):
        line = wsfiles.line_of(lines, i)
        try:
            e = _Entry.model_validate(item)
        except ValidationError as err:
            raise WorkspaceError("wsfile.invalid", file=source, line=line, detail=config_problems(err, _Entry)) from None
        if not e.unit and not e.file:
            raise WorkspaceError("wsfile.invalid", file=source, line=line, detail=both("explanations.unit_or_file"))
        out.append(Explanation(e.period, e.rule, e.unit, e.indicator, e.file, e.text, e.by, wsfiles.parse_time(e.date),
                               e.figure, e.warning, line, i))
    return out


def load(root: Path) -> list[Explanation]:
    path = root / EXPLANATIONS_FILE
    text = wsfiles.read_text(path)
    return _parse(text, str(path)) if text else []


class Book:
    """The explanations of a workspace, as found and bound by one command."""

    def __init__(self, root: Path, entries: list[Explanation]) -> None:
        self.root = root
        self.entries = entries
        self._bind: dict[int, tuple[str, str]] = {}  # entry index → (figure, warning) to write under it

    def match(self, key: Key, figure: str, warning: str = "") -> Explanation | None:
        """The newest explanation of ``key`` for these figures; an unbound one is bound to them."""
        same = [e for e in self.entries if e.key == key]
        for e in reversed(same):
            if e.figure == figure:
                return e
        for e in reversed(same):
            if not e.figure:
                self._bind.setdefault(e.index, (figure, warning))
                return e
        return None

    def save_bindings(self) -> None:
        """Write the figures of the hand-written entries bound this time, each as one line under its
        header; the file is written only if it then reads as the same entries, each bound."""
        if not self._bind:
            return
        path = self.root / EXPLANATIONS_FILE
        text = wsfiles.read_text(path)
        if text is None:
            return
        try:
            before = _parse(text, str(path))
        except WorkspaceError:
            return
        todo = {i: v for i, v in self._bind.items() if i < len(before) and not before[i].figure}
        lines = text.splitlines(keepends=True)
        headers = wsfiles.header_lines(text, TABLE)
        if len(headers) != len(before):
            return
        for index, (figure, warning) in sorted(todo.items(), reverse=True):
            number = headers[index]
            newline = "\r\n" if lines[number - 1].endswith("\r\n") else "\n"
            added = f"figure = {wsfiles.toml_string(figure)}{newline}"
            if not before[index].warning and warning:
                added += f"warning = {wsfiles.toml_string(warning)}{newline}"
            lines.insert(number, added)
        after = "".join(lines)
        try:
            bound = _parse(after, str(path))
        except WorkspaceError:
            return
        if len(bound) == len(before) and all(_same(a, b, todo.get(i)) for i, (a, b) in enumerate(zip(before, bound))):
            try:
                wsfiles.replace_text(path, text, after)
            except OutputError:
                return


def _same(a: Explanation, b: Explanation, bound: tuple[str, str] | None) -> bool:
    """Whether ``b`` is ``a`` as it was, or ``a`` bound to ``bound`` (figure, warning)."""
    if (a.key, a.text, a.by, a.when) != (b.key, b.text, b.by, b.when):
        return False
    if bound is None:
        return (a.figure, a.warning) == (b.figure, b.warning)
    return b.figure == bound[0] and b.warning == (a.warning or bound[1])


def apply(root: Path, report: ValidationReport, period: str) -> Book:
    """Mark the report's warnings that an explanation accounts for (``report.explained``)."""
    book = Book(root, [e for e in load(root) if e.period == period])
    if not book.entries:
        return book
    groups: dict[Key, list[Finding]] = {}
    for f in report.findings:
        if f.severity == "warning":
            groups.setdefault(key_of(f, period), []).append(f)
    for key, found in groups.items():
        match = book.match(key, figure_of(found), found[0].message("vi"))
        if match is not None:
            for f in found:
                report.explained[id(f)] = (f, match)
    book.save_bindings()
    return book


def add(root: Path, key: Key, text: str, by: str, figure: str, warning: str, when: datetime) -> Explanation:
    """Append an explanation of ``key`` for ``figure`` to explanations.toml (the newest one counts)."""
    period, rule, unit, indicator, file = key
    fields = [("period", period), ("rule", rule)]
    fields += [(k, v) for k, v in (("unit", unit), ("indicator", indicator), ("file", file)) if v]
    fields += [("text", text), ("by", by)]
    block = f"\n[[{TABLE}]]\n" + "".join(f"{k} = {wsfiles.toml_string(v)}\n" for k, v in fields)
    block += f"date = {wsfiles.toml_time(when)}\nfigure = {wsfiles.toml_string(figure)}\n"
    block += f"warning = {wsfiles.toml_string(warning)}\n"
    path = root / EXPLANATIONS_FILE
    wsfiles.append(path, block, lambda t: _parse(t, str(path)), new_file=NEW_FILE)
    return Explanation(period, rule, unit, indicator, file, text, by, when, figure, warning)


def explain_warning(ws: Workspace, period: Period, rule: str, unit: str | None, indicator: str | None,
                    file: str | None, text: str, by: str, progress: Progress | None = None,
                    when: datetime | None = None) -> Explanation:
    """``dm05 explain-finding``: explain the period's warnings of ``rule`` for ``unit`` (and ``indicator``),
    or for ``file`` when the warning is about no unit, as they stand now; ``coverage.partial`` explains a
    unit's gap in ``dm05 status``. An error, or a key no warning has, is refused with what there is."""
    from dm05 import receipts
    from dm05.errors import InputError
    from dm05.messages import RULES
    from dm05.pipeline import Loader
    from dm05.progress import no_progress
    from dm05.status import gap_of, unit_status

    if not text.strip() or not by.strip():
        raise InputError("explain.empty")
    if not unit and not file:
        raise InputError("explain.where")
    if rule in RULES and RULES[rule].severity == "error":
        raise InputError("explain.is_error", rule=rule)
    moment = when or receipts.now()
    loaded = Loader(ws, progress or no_progress).load(period, allow_empty=rule == PARTIAL)
    key: Key = (period.id, rule, unit or "", indicator or "", "" if unit else (file or ""))
    if rule == PARTIAL:
        status = unit_status(loaded.validation, loaded.aggregate)
        u = status.units.get(unit or "")
        if u is None or u.status not in ("partial", "missing"):
            raise InputError("explain.no_finding", period=period.id, rule=rule, where=unit or file or "",
                             hint=f" ({u.status})" if u is not None else "")
        figure, words = gap_of(u)
        key = (period.id, PARTIAL, u.code, "", "")
    else:
        found = [f for f in loaded.validation.findings if key_of(f, period.id) == key]
        if not found:
            nearby = sorted({f"{f.rule} {f.unit or f.file}{' ' + f.indicator if f.indicator else ''}"
                             for f in loaded.validation.findings if f.severity == "warning"
                             and (f.unit == unit if unit else f.file == file)})
            hint = both("hint.there_are", items="; ".join(nearby[:6])) if nearby else ""
            raise InputError("explain.no_finding", period=period.id, rule=rule, hint=hint,
                             where=", ".join(x for x in (unit, indicator, file) if x))
        if any(f.severity == "error" for f in found):
            raise InputError("explain.is_error", rule=rule)
        figure, words = figure_of(found), " | ".join(f.message("vi") for f in found)
    return add(ws.root, key, text.strip(), by.strip(), figure, words, moment)
