"""``dm05 submit``: report up by filling the superior's own form with this committee's figures.

A form made by ``dm05 form`` is filled exactly: its hidden key row (or key column) says which indicator
each column (row) holds, its ``_dm05`` sheet which period and unit it is for and which units it lists.
A horizontal form gets this committee's sub-units' figures row by row, a vertical form its own totals.
Any other workbook is filled through the workspace's ``submit.toml`` (:mod:`dm05.submitmap`).

The figures are the roll-up every command reads (:class:`dm05.pipeline.Loader`), each with its coverage.
A figure that leaves out units, a cell with an error, a unit the form lists and the workspace lacks (or
the reverse, when it holds figures) stop the submission unless ``--draft``, and a draft says so in a note
cell of the file sent. Indicators the form asks for and the workspace has nowhere are listed and left
empty. The form itself is only read (:mod:`dm05.xlsxedit` edits a copy in memory).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from openpyxl.workbook.workbook import Workbook

from dm05.aggregate import Aggregate, uncovered
from dm05.errors import DataError, InputError, OutputError, WorkspaceError
from dm05.findings import Finding
from dm05.forms import FORM_SHEET_MARK, KEY_HEAD, META_SHEET, VALUE_HEAD
from dm05.indicators import Catalogue
from dm05.ingest import FileResult, ReadContext, code_text, is_blank, parse_number
from dm05.ingest.amounts import catalogue_unit
from dm05.ingest.checks import check_title_period
from dm05.messages import Lang, both, text
from dm05.output import check_writable, write_atomic
from dm05.period import Period
from dm05.pipeline import Loader, read_context
from dm05.progress import Progress, no_progress
from dm05.readers import Grid, UnreadableFile, read_grids
from dm05.submitmap import (
    MAPPING_FILE,
    FormIndex,
    MappingError,
    Proposal,
    Target,
    load_mapping,
    propose,
    targets,
)
from dm05.textnorm import match_key
from dm05.units import UnitTree
from dm05.validate import ValidationReport
from dm05.workspace import Workspace
from dm05.xlsxedit import (
    Note,
    Write,
    anchor,
    apply,
    feature_names,
    formula_cells,
    is_formula,
    lost_features,
    note_cell,
    open_form,
    redrawn_features,
    save,
    signature,
    verify,
)

FormKind = Literal["dm05_table", "dm05_vertical", "mapping"]
Status = Literal["ok", "partial", "missing", "error", "lost"]
_PLACEHOLDERS = frozenset({"", "-", "x", "…", "...", "0"})
LANGS: tuple[Lang, ...] = ("vi", "en")
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")  # an indicator key in a dm05 form's hidden key row or column


@dataclass(frozen=True)
class Placement:
    """A cell to fill and the figure it gets (None: none), with the leaves the figure covers."""

    target: Target
    value: float | None
    status: Status
    covered: int = 0
    expected: int = 0


@dataclass
class Plan:
    """What would go where, and what stands in the way — before anything is written."""

    form: Path
    kind: FormKind
    period: Period
    unit: str
    placements: list[Placement]
    lacking: list[str] = field(default_factory=list)  # keys asked that the workspace has nowhere
    uncarried: list[str] = field(default_factory=list)  # keys asked of sub-units, given only for this unit
    absent: list[str] = field(default_factory=list)  # units the form lists that units.csv lacks
    uncovered: list[str] = field(default_factory=list)  # units with figures the form has no row for
    unasked: list[str] = field(default_factory=list)  # keys with figures the form does not ask (dm05 forms)
    errors: list[Finding] = field(default_factory=list)  # error findings of the data in scope
    warnings: list[dict[str, str]] = field(default_factory=list)
    note_above: tuple[str, int] | None = None  # (sheet, row): a draft's note goes above this row
    note_at: tuple[str, int, int] | None = None  # or exactly here (submit.toml's note)

    @property
    def blocking(self) -> list[Placement]:
        said = {*self.lacking, *self.uncarried}
        return [p for p in self.placements if p.status != "ok" and p.target.key not in said]

    @property
    def complete(self) -> bool:
        return not (self.blocking or self.absent or self.uncovered or self.errors)

    def problems(self, agg: Aggregate, lang: Lang) -> list[str]:
        """Each reason the figures are not whole, one line each, naming indicators, units and cells."""
        cat, tree = agg.catalogue, agg.tree
        out: list[str] = []
        blocking = self.blocking
        said = {*self.lacking, *self.uncarried}
        given = {p.target.unit for p in self.placements if p.value is not None and p.target.key not in said}
        gone = [u for u in dict.fromkeys(p.target.unit for p in blocking)  # units with no figure at all
                if u in tree and u not in self.absent and u not in given]
        if gone:
            out.append(text("submit.unit_missing", lang, units=", ".join(f"{u} {tree[u].name}" for u in gone[:10])))
        # the same shortfall of one unit over many indicators (a cell that did not report, under a
        # vertical form's totals) is one line, with the units it leaves out
        groups: dict[tuple[str, str, int, int], list[Placement]] = {}
        skip = {*gone, *self.absent}
        for p in blocking:
            if p.target.unit not in skip:
                groups.setdefault((p.target.unit, p.status, p.covered, p.expected), []).append(p)
        for (unit, status, covered, expected), items in groups.items():
            first = items[0].target
            what = text(f"submit.status_{status}", lang, unit=unit, covered=covered, expected=expected,
                        cell=f"{first.sheet}!{first.cell}")
            if status == "partial":
                left = uncovered(agg, unit, first.key)
                what += text("submit.left_out", lang, units=", ".join(left[:5]) + (" …" if len(left) > 5 else ""))
            keys = ", ".join(f"«{label(cat, p.target.key)}»" for p in items[:3])
            more = text("submit.more_keys", lang, n=len(items) - 3) if len(items) > 3 else ""
            out.append(f"{what} — {keys}{' ' + more if more else ''}")
        if self.absent:
            out.append(text("submit.absent", lang, units=", ".join(self.absent[:10])))
        if self.uncovered:
            out.append(text("submit.uncovered", lang, units=", ".join(f"{u} {tree[u].name}" for u in self.uncovered[:10])))
        if self.errors:
            f = self.errors[0]
            where = " ".join(x for x in (f.file, f.where, f.unit or "", f.rule) if x)
            out.append(text("submit.errors", lang, n=len(self.errors), example=where))
        return out

    def to_json(self, agg: Aggregate, lang: Lang = "vi") -> dict[str, Any]:
        cat = agg.catalogue
        return {"period": self.period.id, "unit": self.unit, "form": str(self.form), "kind": self.kind,
                "complete": self.complete,
                "cells": [{"sheet": p.target.sheet, "cell": p.target.cell, "unit": p.target.unit,
                           "indicator": p.target.key, "value": _json_value(p.value, kind_of(cat, p.target.key)),
                           "status": p.status, "covered": p.covered, "expected": p.expected}
                          for p in self.placements],
                "lacking": [{"indicator": k, "label": label(cat, k)} for k in self.lacking],
                "uncarried": [{"indicator": k, "label": label(cat, k)} for k in self.uncarried],
                "absent_units": self.absent, "uncovered_units": self.uncovered, "unasked": self.unasked,
                "errors": [f.to_json(lang) for f in self.errors],
                "problems": self.problems(agg, lang), "warnings": [w[lang] for w in self.warnings]}


def label(cat: Catalogue, key: str) -> str:
    """An indicator's label; a key this workspace's catalogue does not know is shown as it is."""
    return cat.by_key[key].label if key in cat.by_key else key


def kind_of(cat: Catalogue, key: str) -> str:
    return cat.by_key[key].kind if key in cat.by_key else "count"


def _json_value(value: float | None, kind: str) -> int | float | None:
    if value is None:
        return None
    return value if kind in ("ratio", "amount") else int(round(value))  # an amount: in the form's unit


@dataclass
class Submission:
    """A plan and everything needed to write it (once: writing fills ``workbook``)."""

    plan: Plan
    aggregate: Aggregate
    validation: ValidationReport
    data: bytes  # the form as read
    workbook: Workbook  # the form, opened by openpyxl, not yet changed


def prepare(ws: Workspace, period: Period, form: Path, unit: str | None = None, mapping: Path | None = None,
            progress: Progress = no_progress) -> Submission:
    """Read the form and the workspace's period, and plan every cell; nothing is written."""
    tree = ws.tree(period)
    unit = unit or tree.root
    if unit not in tree:
        raise WorkspaceError("unit.not_found", unit=unit)
    data, wb = open_form(form, ws.config.limits)
    try:
        grids = {g.sheet: g for g in read_grids(form, ws.config.limits.max_rows)}
    except UnreadableFile as e:
        raise InputError("submit.form_unreadable", path=str(form), reason=str(e)) from None
    ctx = read_context(ws, period)
    meta = grids.get(META_SHEET)
    if meta is not None and meta.value(0, 0) == FORM_SHEET_MARK:
        kind, found, note_above = _dm05_targets(form, meta, grids, period, unit, tree)
        note_at = None
    else:
        path = mapping or ws.root / MAPPING_FILE
        if not path.is_file():
            raise WorkspaceError("submit.no_mapping", path=str(form), mapping=str(path))
        loaded = load_mapping(path, ws.catalogue)
        index = FormIndex({name: g for name, g in grids.items() if not g.hidden}, ctx)
        try:
            found = targets(loaded, index, unit, formula_cells(wb))
        except MappingError as e:
            raise WorkspaceError("submit.mapping", file=str(path), entry=e.entry, detail=e.detail) from None
        if not found:
            raise WorkspaceError("submit.mapping", file=str(path), entry="", detail=both("submit.map_nothing"))
        _check_period(form, found, index, ctx)
        kind = "mapping"
        note_above = (found[0].sheet, min(t.row for t in found if t.sheet == found[0].sheet))
        note_at = _note_ref(loaded.note, wb, path)
    _check_targets(found, wb, form)
    loaded_period = Loader(ws, progress).load(period, year_on_year=False)
    agg, validation = loaded_period.aggregate, loaded_period.validation
    plan = _plan(form, kind, period, unit, found, agg, validation, ws.vocabulary.amount_units)
    plan.note_above, plan.note_at = note_above, note_at
    plan.warnings += [{lg: text("submit.redrawn", lg, features=feature_names([f], lg)) for lg in LANGS}
                      for f in redrawn_features(data)]
    return Submission(plan, agg, validation, data, wb)


def _dm05_targets(form: Path, meta: Grid, grids: dict[str, Grid], period: Period, unit: str,
                  tree: UnitTree) -> tuple[FormKind, list[Target], tuple[str, int]]:
    """The cells of a form dm05 made: its key row (one row per unit) or key column (its own figures)."""
    values = {str(row[0]): (r, row[1]) for r, row in enumerate(meta.rows) if len(row) >= 2 and isinstance(row[0], str)}
    form_period = code_text(values.get("period", (0, ""))[1])
    if form_period != period.id:
        raise InputError("submit.period_mismatch", path=str(form), form_period=form_period, period=period.id,
                         cell=f"{META_SHEET}!B{meta.row0 + values.get('period', (1, ''))[0] + 1}")
    form_unit = code_text(values.get("unit", (0, ""))[1])
    if form_unit != unit:
        hint = both("submit.unit_hint", unit=form_unit) if form_unit in tree else ""
        raise InputError("submit.unit_mismatch", path=str(form), form_unit=form_unit, unit=unit, hint=hint,
                         cell=f"{META_SHEET}!B{meta.row0 + values.get('unit', (2, ''))[0] + 1}")
    listed = [code_text(row[1]) for row in meta.rows[values["units"][0] + 1:] if len(row) >= 2 and not is_blank(row[1])] \
        if "units" in values else []
    for name, grid in grids.items():
        if name == META_SHEET or grid.hidden:
            continue
        for r, row in enumerate(grid.rows[:40]):  # the hidden key row of a form with one row per unit
            if "code" in row:
                code_col = row.index("code")
                keys = {c: v for c, v in enumerate(row) if isinstance(v, str) and _KEY.match(v)
                        and v not in ("stt", "code", "name")}
                out: list[Target] = []
                for rr in range(r + 1, len(grid.rows)):
                    code = code_text(grid.value(rr, code_col))
                    if code in listed or (not listed and code):
                        out.extend(Target(name, grid.row0 + rr + 1, grid.col0 + c + 1, code, key, "")
                                   for c, key in keys.items())
                return "dm05_table", out, (name, grid.row0 + r - 1)
        keyed = [r for r, row in enumerate(grid.rows) if row and row[0] == KEY_HEAD]
        if keyed:  # a vertical form: keys in the hidden first column, figures under "Số liệu"
            head = keyed[0]
            value_col = next((c for c, v in enumerate(grid.rows[head]) if match_key(v) == match_key(VALUE_HEAD)), None)
            if value_col is None:
                break
            out = [Target(name, grid.row0 + r + 1, grid.col0 + value_col + 1, unit, row[0], "")
                   for r, row in enumerate(grid.rows) if r > head and row and isinstance(row[0], str) and _KEY.match(row[0])]
            return "dm05_vertical", out, (name, grid.row0 + head + 1)
    raise InputError("submit.form_unreadable", path=str(form), reason=both("submit.no_key_row"))


def _check_period(form: Path, found: list[Target], index: FormIndex, ctx: ReadContext) -> None:
    """A form whose title names another year than the period is another period's form, as reading says."""
    result = FileResult(form, form.name)
    for sheet in dict.fromkeys(t.sheet for t in found):
        top = min(t.row for t in found if t.sheet == sheet)
        grid = index.grids[sheet]
        check_title_period(grid, max(0, top - grid.row0 - 1), ctx, result)
    for f in result.findings.items:
        raise InputError("submit.form_period", path=str(form), cell=f.where, value=f.value, period=ctx.period.id)


def _note_ref(ref: str | None, wb: Workbook, mapping: Path) -> tuple[str, int, int] | None:
    if ref is None:
        return None
    from dm05.findings import column_index

    sheet, cell = ref.rsplit("!", 1)
    if sheet not in wb.sheetnames:
        raise WorkspaceError("submit.mapping", file=str(mapping), entry="note",
                             detail=both("submit.map_no_sheet", sheet=sheet, sheets=", ".join(wb.sheetnames)))
    letters = "".join(ch for ch in cell.upper() if ch.isalpha())
    return sheet, int(cell[len(letters):]), column_index(letters) + 1


def _check_targets(found: list[Target], wb: Workbook, form: Path) -> None:
    """No figure over the superior's formula or label, none twice into one cell, none inside a merged range."""
    seen: dict[tuple[str, int, int], Target] = {}
    for t in found:
        ws = wb[t.sheet]
        if anchor(ws, t.row, t.col) != (t.row, t.col):
            raise InputError("submit.target_merged", path=str(form), cell=f"{t.sheet}!{t.cell}", entry=t.entry)
        cell = ws.cell(t.row, t.col)
        if is_formula(cell):
            raise InputError("submit.target_formula", path=str(form), cell=f"{t.sheet}!{t.cell}", entry=t.entry,
                             formula=str(getattr(cell.value, "text", cell.value)))
        v = cell.value
        if isinstance(v, str) and match_key(v) not in _PLACEHOLDERS and parse_number(v)[0] is None:
            raise InputError("submit.target_text", path=str(form), cell=f"{t.sheet}!{t.cell}", entry=t.entry, value=v)
        other = seen.setdefault((t.sheet, t.row, t.col), t)
        if other is not t:
            raise InputError("submit.target_twice", path=str(form), cell=f"{t.sheet}!{t.cell}",
                             entry=f"{other.entry or other.key} / {t.entry or t.key}")


def _plan(form: Path, kind: FormKind, period: Period, unit: str, found: list[Target], agg: Aggregate,
          validation: ValidationReport, money: dict[str, int]) -> Plan:
    tree, cat = agg.tree, agg.catalogue
    placements = [_place(t, agg, money) for t in found]
    keys = list(dict.fromkeys(t.key for t in found))
    empty = [k for k in keys if all(p.status == "missing" for p in placements if p.target.key == k)]
    absent = sorted({t.unit for t in found if t.unit not in tree})
    plan = Plan(form, kind, period, unit, placements, [k for k in empty if not _has(agg, unit, k)], absent)
    # asked only of units under this one, while the figure is this unit's own (a commune's conferences):
    # said, not refused — the form has no place for it
    plan.uncarried = [k for k in empty if _has(agg, unit, k)]
    plan.errors = [f for f in validation.findings if f.severity == "error"
                   and (f.unit is None or f.unit not in tree or tree.within(f.unit, unit))]
    if kind != "mapping":
        carried = {t.unit for t in found if t.unit in tree}
        leaves = [c for c in tree.order if tree.is_leaf(c) and tree.within(c, unit)]
        plan.uncovered = [c for c in leaves if not ({c, *tree.ancestors(c)} & carried) and int(agg.reported[c]) > 0]
        derived = {i.target for i in cat.thresholds if i.key in keys} | (
            {i.key for i in cat.counts if i.cell_default is not None} if kind == "dm05_table" else set())
        plan.unasked = [i.key for i in cat.summed if i.key not in keys and i.key not in derived and _has(agg, unit, i.key)]
        # each unit of a dm05 form is one with no sub-units in the superior's structure: its reader takes
        # it for one party organisation, and refuses more ratings than that (value.ratings_exceed)
        ratings = {i.key for i in cat.counts if i.rating}
        rated: dict[str, float] = {}
        for p in placements:
            if p.target.key in ratings and p.value is not None:
                rated[p.target.unit] = rated.get(p.target.unit, 0.0) + p.value
        over = [u for u, n in rated.items() if n > 1]
        if over:
            plan.warnings.append(both("submit.ratings_over", units=", ".join(f"{u} ({int(rated[u])})" for u in over[:5])))
    return plan


def _has(agg: Aggregate, unit: str, key: str) -> bool:
    """Whether the workspace has a figure for ``key`` at ``unit`` (a count or rate, not a meeting count)."""
    return key in agg.coverage.columns and agg.covered(unit, key) > 0


def _place(t: Target, agg: Aggregate, money: dict[str, int]) -> Placement:
    """The figure of ``t.unit`` for ``t.key`` with its coverage; a meeting count is the cell's own."""
    tree, cat = agg.tree, agg.catalogue
    if t.unit not in tree or t.key not in cat.by_key:  # a unit or an indicator this workspace does not know
        return Placement(t, None, "missing")
    ind = cat.by_key[t.key]
    if ind.kind == "threshold":
        for src in agg.sources.get(t.unit, []) if tree.is_leaf(t.unit) else []:
            if t.key in src.sheet.columns and not src.shares:
                if (t.key, src.index) in src.sheet.errors:
                    return Placement(t, None, "error", 0, 1)
                raw = src.sheet.columns[t.key][1][src.index]
                if raw is not None:
                    return Placement(t, raw, "ok", 1, 1)
        target = agg.value(t.unit, ind.target) if ind.target else None
        return Placement(t, None, "lost" if target is not None else "missing", 0, 1)
    value = agg.value(t.unit, t.key)
    if ind.kind == "amount" and value is not None:  # written in the unit the form asks it in (its label says so)
        value = value / catalogue_unit(ind, money)
    covered, expected = agg.covered(t.unit, t.key), int(agg.expected[t.unit])
    own_error = (not agg.own_errors.empty and t.key in agg.own_errors.columns
                 and bool(agg.own_errors.at[t.unit, t.key]))
    if own_error and (value is None or tree.is_leaf(t.unit)):
        return Placement(t, None, "error", covered, expected)
    if value is None:
        return Placement(t, None, "missing", covered, expected)
    return Placement(t, value, "ok" if covered >= expected else "partial", covered, expected)


@dataclass
class SubmitResult:
    path: Path
    written: int  # cells given a figure
    cleared: int  # cells whose stale figure was removed (the workspace has none)
    draft: bool
    warnings: list[dict[str, str]]
    note: str | None = None  # where a draft says so: "Sheet!A5"


def default_output(ws: Workspace, form: Path) -> Path:
    return ws.root / "reports" / form.name


def write(sub: Submission, output: Path, force: bool = False, draft: bool = False, lang: Lang = "vi") -> SubmitResult:
    """Write the filled copy: refused while the figures are not whole, unless ``draft`` (then noted in it)."""
    plan, agg = sub.plan, sub.aggregate
    if output.resolve() == plan.form.resolve():
        raise OutputError("submit.overwrite_form", path=str(output))
    check_writable(output, force)
    problems = plan.problems(agg, lang)
    if problems and not draft:
        raise DataError("submit.refused", details=" | ".join(problems[:6]) + (f" | … (+{len(problems) - 6})"
                                                                             if len(problems) > 6 else ""))
    wb = sub.workbook
    before = signature(wb)
    writes: list[Write] = []
    cleared = 0
    for p in plan.placements:
        t = p.target
        if p.value is not None:
            writes.append(Write(t.sheet, t.row, t.col, _cell_value(p.value, kind_of(agg.catalogue, t.key),
                                                                   wb[t.sheet].cell(t.row, t.col).number_format)))
        elif wb[t.sheet].cell(t.row, t.col).value not in (None, ""):
            writes.append(Write(t.sheet, t.row, t.col, None))  # never send last year's figure as this one's
            cleared += 1
    note = None
    if problems:  # in the document's language, whatever --lang says to the clerk
        words = plan.problems(agg, "vi") if lang != "vi" else problems
        sheet, row, col = plan.note_at or _auto_note(wb, plan)
        last = col if plan.note_at else max(col, wb[sheet].max_column)  # the clerk's own cell is not merged
        note = Note(sheet, row, col, last, text("submit.draft_note", "vi", details="; ".join(words))[:1500])
        before[sheet]["merged"] = sorted([*before[sheet]["merged"], note.range]) if last > col else before[sheet]["merged"]
    apply(wb, writes, note)
    out = save(wb, getattr(wb.properties, "modified", None))
    lost = lost_features(sub.data, out)
    if lost:
        raise InputError("submit.features_lost", path=str(plan.form), features={lg: feature_names(lost, lg) for lg in LANGS})
    verify(out, before, writes)
    write_atomic(output, out, force)
    where = f"{note.sheet}!{note.range.split(':')[0]}" if note else None
    return SubmitResult(output, sum(1 for w in writes if w.value is not None), cleared, bool(problems), plan.warnings,
                        where)


def _auto_note(wb: Workbook, plan: Plan) -> tuple[str, int, int]:
    sheet, above = plan.note_above or (plan.placements[0].target.sheet, plan.placements[0].target.row)
    row, col = note_cell(wb[sheet], above)
    return sheet, row, col


def _cell_value(value: float, kind: str, number_format: str) -> int | float:
    """A count as a whole number; an amount as it is (in the form's unit: decimals of a triệu are đồng); a
    rate as a fraction under a percent format, else in percent (two decimals)."""
    if kind == "amount":
        return int(value) if float(value).is_integer() else value
    if kind != "ratio":
        return int(round(value))
    return value if "%" in (number_format or "") else round(value * 100, 2)


def propose_mapping(ws: Workspace, period: Period, form: Path, unit: str | None = None) -> Proposal:
    """``dm05 submit --map``: a submit.toml for the form, matched as reading matches headers and units."""
    tree = ws.tree(period)
    unit = unit or tree.root
    if unit not in tree:
        raise WorkspaceError("unit.not_found", unit=unit)
    _, wb = open_form(form, ws.config.limits)
    try:
        grids = [g for g in read_grids(form, ws.config.limits.max_rows) if not g.hidden]
    except UnreadableFile as e:
        raise InputError("submit.form_unreadable", path=str(form), reason=str(e)) from None
    if META_SHEET in wb.sheetnames and wb[META_SHEET]["A1"].value == FORM_SHEET_MARK:
        raise InputError("submit.map_dm05_form", path=str(form))
    return propose(FormIndex({g.sheet: g for g in grids}, read_context(ws, period)), unit, form.name, formula_cells(wb))
