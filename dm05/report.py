"""``dm05 report``: validate, aggregate and render the official .docx.

What the report says — its kind, the document it reports on, its tables and charts — is data
(:mod:`dm05.reportspec`); its layout is the workspace's style profile (:mod:`dm05.style`); the Word
template and its rendering in a Jinja sandbox are :mod:`dm05.reporttemplate`.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import TemplateError as JinjaTemplateError

from dm05.aggregate import Aggregate, uncovered
from dm05.errors import DataError, InputError, TemplateError
from dm05.figures import (
    NOT_AVAILABLE,
    Figure,
    Words,
    coverage_words,
    figures,
    leaf_noun,
    table_amount,
    table_count,
    table_rate,
)
from dm05.messages import both, joined, same
from dm05.narrative import parse_blocks, render_text, text_env
from dm05.output import check_writable, write_atomic
from dm05.period import Period, period_phrase, previous_period
from dm05.progress import Progress, no_progress
from dm05.reportspec import ReportKind, load_report_spec
from dm05.reporttemplate import (
    Template,
    annex_numbers,
    docx_env,
    jinja_detail,
    open_template,
    render_docx,
    split_tags,
    template_source,
    text_around,
)
from dm05.sandbox import failure_text
from dm05.textnorm import xml_safe
from dm05.validate import ValidationReport
from dm05.vnformat import date_phrase, doc_number, points, short_date, so, tien
from dm05.workspace import Workspace

__all__ = ["ReportKind", "ReportResult", "Template", "build_context", "make_report", "render_docx", "resolve_kind",
           "split_tags", "template_source", "xml_safe_context"]

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI",
         "XVII", "XVIII", "XIX", "XX"]


def report_kinds(ws: Workspace | None = None) -> dict[str, ReportKind]:
    """The report kinds: the workspace's (built-in ones merged with its report.toml), else the built-in."""
    if ws is not None:
        return ws.report.kinds
    from dm05.indicators import load_catalogue

    return load_report_spec(load_catalogue()).kinds


def period_shape(period: Period) -> str:
    return "range" if period.is_range else "year" if period.months == 12 else "part"


def default_kind(period: Period) -> str:
    return {"range": "review", "year": "annual", "part": "half_year"}[period_shape(period)]


def recipient_lines(names: list[str]) -> list[str]:
    """Party style: each line "- …," and the last one "- Lưu ….", whatever punctuation the config has."""
    cleaned = [n.strip().lstrip("-").strip().rstrip(",.;") for n in names if n.strip()]
    return [f"- {n}{'.' if i == len(cleaned) - 1 else ','}" for i, n in enumerate(cleaned)]


def _cells(values: dict[str, float | None], agg: Aggregate, money: dict[str, int]
           ) -> tuple[dict[str, str], dict[str, str]]:
    """Table cells of a unit's figures, counts and amounts (``v``) and rates (``p``); "x" where a figure
    cannot be computed (the footnote says so). An amount is in its table unit (``money``)."""
    kinds = {i.key: i.kind for i in agg.catalogue.indicators}
    counts = {k: table_amount(v, money[k]) if kinds[k] == "amount" else table_count(v)
              for k, v in values.items() if kinds[k] in ("count", "amount")}
    rates = {k: table_rate(v) for k, v in values.items() if kinds[k] == "ratio"}
    return counts, rates


def _coverage_note(agg: Aggregate, unit: str, numbers: dict[str, int], noun: str = "đơn vị") -> str:
    """The annex's "Ghi chú": units not reported, and columns (``numbers``: key → column number) whose
    figure leaves out more units than that ("cột 7, 8: số liệu của 20/21 chi bộ")."""
    reported, expected = int(agg.reported[unit]), int(agg.expected[unit])
    if reported == 0:
        return "Chưa báo cáo"
    notes = [f"Báo cáo {so(reported)}/{so(expected)} đơn vị"] if reported < expected else []
    by_coverage: dict[int, list[int]] = {}
    for key, column in numbers.items():
        if key in agg.coverage.columns and agg.value(unit, key) is not None:
            covered = agg.covered(unit, key)
            if covered < reported and column not in by_coverage.get(covered, []):
                by_coverage.setdefault(covered, []).append(column)
    for covered, columns in sorted(by_coverage.items(), reverse=True):
        notes.append(f"cột {', '.join(map(str, sorted(columns)))}: {coverage_words(covered, expected, noun)}")
    return "; ".join(notes)


def missing_leaves(agg: Aggregate) -> list[str]:
    """Base units with no figures, unless an ancestor's own totals cover them."""
    tree, full = agg.tree, set()
    out = []
    for code in tree.order:  # parents before children
        if tree[code].parent in full or int(agg.reported[code]) == int(agg.expected[code]):
            full.add(code)
        elif tree.is_leaf(code):
            out.append(code)
    return out


def _row_number(depth: int, index: int) -> str:
    """TT by level as in Party statistical forms: I, II … then 1, 2 … then a, b … then "-"."""
    if depth == 1:
        return ROMAN[index - 1] if index <= len(ROMAN) else str(index)
    if depth == 2:
        return str(index)
    if depth == 3:
        letters = "abcdđeghiklmnopqrstuvxy"
        return letters[index - 1] if index <= len(letters) else str(index)
    return "-"


def annex_rows(agg: Aggregate, max_depth: int, noun: str = "đơn vị", numbers: dict[str, int] | None = None,
               money: dict[str, int] | None = None) -> list[dict[str, Any]]:
    """Units down to ``max_depth`` levels below the root, parents bold (their row is the subtotal)."""
    tree = agg.tree
    rows: list[dict[str, Any]] = []
    numbers, money = numbers or {}, money or {}

    def walk(code: str, depth: int) -> None:
        for i, child in enumerate(tree.children.get(code, []), start=1):
            v, p = _cells(agg.row(child), agg, money)
            deeper = depth < max_depth and bool(tree.children.get(child))
            name = tree[child].name if depth <= 2 else "- " + tree[child].name
            rows.append({"tt": _row_number(depth, i) if max_depth > 1 else str(i), "name": name, "v": v, "p": p,
                         "note": _coverage_note(agg, child, numbers, noun), "bold": deeper})
            if deeper:
                walk(child, depth + 1)

    walk(tree.root, 1)
    return rows


def _comparison(agg: Aggregate, before: dict[str, float | None] | None, label: str) -> Callable[[str], str]:
    """``so_sanh(key)`` for narratives: " (tăng 2,1 điểm phần trăm so với năm 2025)" or ""."""
    root_values = agg.row(agg.tree.root)

    def so_sanh(key: str) -> str:
        ind = agg.catalogue.by_key[key]
        if before is None or (agg.years and ind.summed and ind.temporal == "flow"):
            return ""
        now, then = root_values.get(key), before.get(key)
        if now is None or then is None:
            return ""
        delta = now - then
        if abs(delta) < 1e-9:
            return f" (bằng {label})"
        word = "tăng" if delta > 0 else "giảm"
        amount = (f"{points(delta)} điểm phần trăm" if ind.kind == "ratio" else tien(abs(delta))
                  if ind.kind == "amount" else so(abs(delta)))
        return f" ({word} {amount} so với {label})"

    return so_sanh


def _year_rows(agg: Aggregate, money: dict[str, int]) -> list[dict[str, Any]]:
    rows = []
    root = agg.tree.root
    for a in agg.years:
        v, p = _cells(a.row(root), a, money)
        rows.append({"year": a.period.id, "v": v, "p": p})
    v, p = _cells(agg.row(root), agg, money)
    rows.append({"year": "Cả giai đoạn", "v": v, "p": p})
    return rows


def _unavailable(row: dict[str, Any]) -> bool:
    """Whether a table row shows "x" somewhere (its cells, or its counts ``v`` and rates ``p``)."""
    cells = [row.get("value"), row.get("rate"), *dict(row.get("v") or {}).values(), *dict(row.get("p") or {}).values()]
    return NOT_AVAILABLE in cells or any(str(c).startswith(NOT_AVAILABLE + " /") for c in cells)


def _summary(ws: Workspace, fig: dict[str, Any], words: Words, money: dict[str, int]) -> list[dict[str, str]]:
    """The summary table: a row per indicator that has a figure, its label saying when it is partial (and
    an amount's unit)."""
    rows: list[dict[str, str]] = []
    for row in ws.report.summary:
        value, ratio = fig[row.key], fig[row.rate] if row.rate else None
        if not words.co(value) and not (row.rate and words.co(ratio)):
            continue  # nothing to state: worded around (drafts list it)
        ind = ws.catalogue.by_key[row.key]
        label = ind.label + (f" ({ind.table_unit})" if ind.kind == "amount" else "")
        shown = [f for f in (value, ratio) if isinstance(f, Figure)]
        words.used.extend(shown)
        partial = sorted({(f.covered, f.expected) for f in shown if f.partial}, reverse=True)
        if partial:
            label += " (" + "; ".join(coverage_words(c, e, words.noun) for c, e in partial) + ")"
        cell = table_amount(value, money[row.key]) if ind.kind == "amount" else table_count(value)
        rows.append({"tt": str(len(rows) + 1), "label": label, "value": cell,
                     "rate": table_rate(ratio) if row.rate else ""})
    return rows


def coverage_problems(agg: Aggregate, words: Words, threshold: float, noun: str) -> list[dict[str, str]]:
    """The figures the narrative stated whose coverage is below ``threshold`` (a fraction of the leaves),
    with the units they leave out, and those it stated though they cannot be computed."""
    cat, root = agg.catalogue, agg.tree.root
    out = []
    seen: set[str] = set()
    for f in words.used:
        if f.key in seen or f.covered >= threshold * f.expected - 1e-9:
            continue
        seen.add(f.key)
        gaps = uncovered(agg, root, f.key)
        listed = ", ".join(agg.tree[u].name for u in gaps[:5])
        names: str | dict[str, str] = (both("report.more_units", names=listed, n=so(len(gaps) - 5)) if len(gaps) > 5
                                       else listed)
        out.append(both("report.partial_figure", label=cat.by_key[f.key].label, n=f.covered, m=f.expected,
                        noun={"vi": noun, "en": both("report.base_units")["en"]}, names=names))
    for key in dict.fromkeys(words.missing):
        out.append(both("report.no_figure", label=cat.by_key[key].label if key in cat.by_key else key))
    return out


def narrative_source(ws: Workspace, period: Period, kind: ReportKind) -> tuple[str, str]:
    """The workspace's narrative/<period>.md, else the kind's narrative (:func:`kind_narrative`)."""
    custom = ws.root / "narrative" / f"{period.id}.md"
    if custom.is_file():
        return custom.read_text(encoding="utf-8-sig"), str(custom)
    return kind_narrative(ws, kind)


def kind_narrative(ws: Workspace, kind: ReportKind) -> tuple[str, str]:
    """A kind's words: the workspace's narrative/<kind>.md, else its ``narrative`` — a file of the
    workspace's narrative/ folder, or a built-in text."""
    for name in (f"{kind.name}.md", kind.narrative):
        custom = ws.root / "narrative" / name
        if name and custom.is_file():
            return custom.read_text(encoding="utf-8-sig"), str(custom)
    builtin = resources.files("dm05").joinpath(f"templates/{kind.narrative}")
    if not builtin.is_file():
        raise TemplateError("template.error", template=kind.narrative, detail=both("report.no_narrative", kind=kind.name))
    return builtin.read_text(encoding="utf-8"), kind.narrative


def structure_cells(ws: Workspace, agg: Aggregate) -> int | None:
    """The party cells of the structure at the period's end (units.csv), whether they reported or not;
    None when the tree does not go down to cells."""
    cells = sum(1 for c in agg.tree.order if agg.tree[c].level == ws.config.cell_level)
    return cells or None


def build_context(ws: Workspace, period: Period, kind: ReportKind, agg: Aggregate, validation: ValidationReport,
                  report_date: date | None, draft: bool, previous: Aggregate | None = None,
                  charts: list[Any] | None = None, words_out: Words | None = None) -> dict[str, Any]:
    """The template's context. ``words_out`` (given by :func:`make_report`) receives every figure the
    narrative printed, to hold them against ``[report] min_coverage``."""
    cfg, tree = ws.config, agg.tree
    root = tree.root
    ky = period_phrase(period)
    v = agg.row(root)
    noun = leaf_noun(agg)
    words = words_out if words_out is not None else Words(noun, draft)
    fig = figures(agg, root)
    years = len(period.years)
    document = ws.report.documents[kind.document]
    money = ws.table_units()
    numbers = annex_numbers(ws.report)
    words_ = {"ky": ky, "nam": period.end.year, "tu_nam": period.start.year, "so_nam": f"{years:02d}",
             "tong_ket": "tổng kết" if years >= 5 else "sơ kết", "van_ban": document.title,
             "van_ban_ngan": document.short}
    if agg.years:
        before, before_label = agg.years[0].row(root), f"năm {agg.years[0].period.id}"
    elif previous is not None:
        before, before_label = previous.row(root), period_phrase(previous.period)
    else:
        before, before_label = None, ""
    body: list[dict[str, Any]] = []
    if kind.narrative:
        narrative_ctx = {
            **words_, "v": fig, "v_cuoi": figures(agg.years[-1], root) if agg.years else fig,
            "truoc": (figures(agg.years[0], root) if agg.years else
                      figures(previous, root) if previous is not None else None),
            "ky_truoc": before_label, "so": words.so, "pct": words.pct, "tien": words.tien, "tren": words.tren,
            "co": words.co, "cau": words.cau, "lien": words.lien, "can_cu": "; ".join(cfg.report.instructions),
            "chi_bo_co_cau": structure_cells(ws, agg) or fig["so_chi_bo"], "don_vi_co_so": noun,
            "so_sanh": _comparison(agg, before, before_label), "chu_the": cfg.issuer.body,
            "dia_ban": cfg.issuer.area or f"toàn {tree[root].name}",
            "n_truc_thuoc": len(tree.children.get(root, [])), "da_bao_cao": int(agg.reported[root]),
            "phai_bao_cao": int(agg.expected[root]), "chuyen_de": ws.theme(period), "co_bieu_do": bool(charts),
            "phe_duyet": approved_on(ws, period, root, validation),
        }
        source, name = narrative_source(ws, period, kind)
        summary = _summary(ws, fig, words, money)
        per_year = _year_rows(agg, money) if agg.years else []
        for b in parse_blocks(words.finish(render_text(source, narrative_ctx, name))):
            rows = summary if b.kind == "table" else per_year if b.kind == "years" else []
            body.append({"kind": b.kind, "text": b.text, "rows": rows})
            if b.kind in ("table", "years") and any(_unavailable(r) for r in rows):
                body.append({"kind": "p", "text": "Ghi chú: x — chưa có số liệu để tính.", "rows": []})
    number = doc_number(cfg.number.number, cfg.number.type, cfg.number.body)
    when = report_date or cfg.report.date
    caption_date = f", ngày {short_date(when)}" if when else ""
    of_report = f"(Kèm theo Báo cáo số {number.removeprefix('Số ')}{caption_date} của {cfg.issuer.body})"
    total_v, total_p = _cells(v, agg, money)
    annex = annex_rows(agg, kind.annex_depth, noun, numbers, money)
    unavailable = any(NOT_AVAILABLE in (*r["v"].values(), *r["p"].values()) for r in [*annex, {"v": total_v, "p": total_p}])
    partial = any(agg.partial(root, k) for k in agg.coverage.columns if agg.value(root, k) is not None)
    files = len([f for f in validation.files if not f.unreadable])
    annex_label = "Phụ lục số 1" if kind.template != "phu_luc.docx" else "Phụ lục"
    draft_notes: list[str] = []
    if draft:
        errors = validation.count("error")
        if errors:
            draft_notes.append(f"- Còn {so(errors)} lỗi số liệu (chạy dm05 validate để xem chi tiết).")
        for line in coverage_problems(agg, words, 1.0, noun):
            draft_notes.append(f"- {line['vi']}")  # the document is Vietnamese
        absent = [i.label for i in agg.catalogue.summed if v.get(i.key) is None]
        if absent:
            draft_notes.append(f"- Chưa có số liệu (không viết trong báo cáo): {'; '.join(absent)}.")
        missing = missing_leaves(agg)
        if missing:
            draft_notes.append(f"- {so(len(missing))} đơn vị chưa có số liệu:")
            for c in missing[:200]:
                parent = tree[c].parent
                draft_notes.append(f"+ {tree[c].name} ({c}) — {tree[parent].name if parent else ''}")
            if len(missing) > 200:
                draft_notes.append(f"+ … và {so(len(missing) - 200)} đơn vị khác.")
    return {
        "superior": cfg.issuer.superior.upper(),
        "issuer": cfg.issuer.name.upper(),
        "number": number,
        "place_date": f"{cfg.issuer.place}, {date_phrase(when, period.end.year)}",
        "doc_type": kind.doc_type,
        "subject": render_text(kind.subject, words_, "kinds.toml"),
        "body": body,
        "signer_on_behalf": cfg.signer.on_behalf.upper(),
        "signer_title": cfg.signer.title.upper(),
        "signer_name": cfg.signer.name,
        "recipients": recipient_lines(cfg.recipients),
        "draft": draft,
        "draft_notes": draft_notes,
        "annex": {
            "label": annex_label,
            "title": render_text(kind.annex_title, words_, "kinds.toml"),
            "caption": of_report if kind.template != "phu_luc.docx" else f"(Số liệu {ky})",
            "total": {"tt": "", "name": "Tổng số", "v": total_v, "p": total_p,
                      "note": _coverage_note(agg, root, numbers, noun)},
            "rows": annex,
            "footnote": (f"Ghi chú: số liệu tổng hợp từ {so(files)} tệp báo cáo của các đơn vị; các tỷ lệ tính "
                         "trên tổng tử số và tổng mẫu số tương ứng, không lấy bình quân tỷ lệ của các đơn vị"
                         + ("; mỗi tỷ lệ chỉ tính trên các đơn vị báo cáo cả tử số và mẫu số" if partial else "")
                         + ("; x: chưa có số liệu" if unavailable else "") + "."),
        },
        "charts": charts or [],
        "charts_annex": {"label": "Phụ lục số 2", "title": "BIỂU ĐỒ KẾT QUẢ THỰC HIỆN CỦA CÁC ĐƠN VỊ TRỰC THUỘC",
                         "caption": of_report},
    }


_LAYOUT_CHARS = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


def xml_safe_context(value: Any) -> Any:
    """Every string of the context without the control characters XML forbids (names typed with a
    stray Ctrl key, text pasted from old systems) and with tabs and line breaks as spaces; escaping
    itself is the sandbox's autoescape."""
    if isinstance(value, str):
        return xml_safe(value).translate(_LAYOUT_CHARS)
    if isinstance(value, dict):
        return {k: xml_safe_context(v) for k, v in value.items()}
    if isinstance(value, list):
        return [xml_safe_context(v) for v in value]
    return value


@dataclass
class ReportResult:
    path: Path
    validation: ValidationReport
    aggregate: Aggregate
    warnings: list[dict[str, str]] = field(default_factory=list)  # both languages (messages.both)
    pdf: Path | None = None


def default_output(ws: Workspace, period: Period, kind: ReportKind) -> Path:
    stem = "phu_luc" if kind.name == "annex" or kind.template == "phu_luc.docx" else "bao_cao"
    return ws.root / "reports" / f"{stem}_{period.id}.docx"


def approved_on(ws: Workspace, period: Period, unit: str, validation: ValidationReport) -> str:
    """``10/12/2026`` when ``unit``'s figures for the period stand approved (approvals.toml) and have not
    changed since (a draft of changed figures states no approval), else ""."""
    from dm05.approval import approval_day

    if any(f.rule == "approval.changed" and f.unit == unit for f in validation.findings):
        return ""
    day = approval_day(ws.root, period.id, unit)
    return short_date(day) if day else ""


def resolve_kind(kind_name: str | None, period: Period, ws: Workspace | None = None) -> ReportKind:
    """The report kind named (of the workspace, when given), or the period's default kind."""
    kinds = report_kinds(ws)
    name = kind_name or default_kind(period)
    if name not in kinds:
        raise InputError("report.kind_unknown", kind=name, kinds=", ".join(kinds))
    kind = kinds[name]
    if period_shape(period) not in kind.periods:
        raise InputError("report.kind_period", kind=name, period=period.id, shapes=", ".join(kind.periods))
    return kind


# The names a report's templates may use: the Word template's context (build_context) and the
# narrative's (its figures and words). Templates are checked against them before any file is read.
DOCX_NAMES = frozenset({"superior", "issuer", "number", "place_date", "doc_type", "subject", "body",
                        "signer_on_behalf", "signer_title", "signer_name", "recipients", "draft", "draft_notes",
                        "annex", "charts", "charts_annex"})
NARRATIVE_NAMES = frozenset({"ky", "nam", "tu_nam", "so_nam", "tong_ket", "van_ban", "van_ban_ngan", "can_cu", "v",
                             "v_cuoi", "truoc", "ky_truoc", "so", "pct", "tien", "tren", "co", "cau", "lien",
                             "chi_bo_co_cau", "don_vi_co_so", "so_sanh", "chu_the", "dia_ban", "n_truc_thuoc",
                             "da_bao_cao", "phai_bao_cao", "chuyen_de", "co_bieu_do",
                             "phe_duyet"})


def check_templates(ws: Workspace, period: Period, kind: ReportKind) -> None:
    """Fail before reading any data when the Word template or the narrative does not parse, or uses a
    name the report does not give it (a typo in a {{ tag }} found after an hour of reading is cruel)."""
    from jinja2 import meta

    template = template_source(ws, kind)
    tpl = open_template(template)
    try:
        names = tpl.get_undeclared_template_variables(jinja_env=docx_env())
    except JinjaTemplateError as e:
        nearby = text_around(tpl, getattr(e, "lineno", None))
        raise TemplateError("template.error", template=template.name, detail=jinja_detail(e, nearby)) from None
    except Exception as e:  # a file that is no .docx: python-docx raises several types
        raise TemplateError("template.error", template=template.name, detail=both("template.cannot_open", detail=e)) from None
    unknown = sorted(set(names) - DOCX_NAMES)
    if unknown:
        raise TemplateError("template.error", template=template.name,
                            detail=both("template.unknown_names", names=", ".join(unknown)))
    if not kind.narrative:
        return
    source, name = narrative_source(ws, period, kind)
    try:
        used = meta.find_undeclared_variables(text_env().parse(source))
    except JinjaTemplateError as e:
        line = getattr(e, "lineno", None)
        raise TemplateError("template.error", template=name, detail=joined(
            [failure_text(e), both("template.line", line=line) if line else same("")], "")) from None
    unknown = sorted(set(used) - NARRATIVE_NAMES)
    if unknown:
        raise TemplateError("template.error", template=name,
                            detail=both("template.unknown_names", names=", ".join(unknown)))


def make_report(ws: Workspace, period: Period, kind_name: str | None = None, output: Path | None = None,
                force: bool = False, draft: bool = False, report_date: date | None = None,
                progress: Progress = no_progress, depth: int | None = None) -> ReportResult:
    """Validate, aggregate and write the report; ``depth`` limits the annex to that many levels."""
    kind = resolve_kind(kind_name, period, ws)
    if depth is not None:
        kind = kind.model_copy(update={"annex_depth": max(1, depth)})
    out = output or default_output(ws, period, kind)
    check_writable(out, force)  # fail before the work, not after
    template = template_source(ws, kind)
    warnings = [both("template.split_tag", template=template.name, tag=t) for t in split_tags(template)]
    check_templates(ws, period, kind)  # before any file is read
    from dm05.pipeline import Loader

    loader = Loader(ws, progress)  # last year's inbox is read once: for its warnings and the comparison
    loaded = loader.load(period)
    validation, agg = loaded.validation, loaded.aggregate
    if not draft:
        if not validation.ok:
            raise DataError("data.has_errors", period=period.id, errors=validation.count("error"))
        missing = missing_leaves(agg)
        if missing:
            raise DataError("data.incomplete", period=period.id, missing=len(missing),
                            expected=int(agg.expected[agg.tree.root]),
                            examples=", ".join(f"{agg.tree[c].name} ({c})" for c in missing[:3]))
    previous = None
    before = previous_period(period)
    if before is not None and kind.narrative and ws.inbox(before).is_dir():
        previous = loader.load(before, target=agg.tree, year_on_year=False).aggregate
    chart_list = []
    if kind.charts and ws.config.report.charts:
        from dm05.charts import report_charts

        chart_list = report_charts(agg, ws.report.charts, ws.table_units())
    words = Words(leaf_noun(agg), draft)
    context = xml_safe_context(build_context(ws, period, kind, agg, validation, report_date, draft, previous, chart_list,
                                             words))
    if not draft:
        problems = coverage_problems(agg, words, ws.config.report.min_coverage, words.noun)
        if problems:
            shown = problems[:8] + ([same(f"… (+{len(problems) - 8})")]
                                    if len(problems) > 8 else [])
            raise DataError("data.partial", period=period.id, count=len(problems), details=joined(shown),
                            threshold=f"{ws.config.report.min_coverage:g}")

    def images(tpl: DocxTemplate) -> dict[str, Any]:
        return {"charts": [{"image": InlineImage(tpl, io.BytesIO(c.png), width=Mm(245)), "caption": c.caption}
                           for c in chart_list]}

    when = report_date or ws.config.report.date or period.end
    data = render_docx(template, context, datetime(when.year, when.month, when.day), images)
    if out.suffix.lower() == ".pdf":  # -o bao-cao.pdf: the PDF only, never a .docx under a .pdf name
        from dm05.pdf import docx_to_pdf_file

        docx_to_pdf_file(data, out, force)
    else:
        write_atomic(out, data, force)
    return ReportResult(out, validation, agg, warnings)

