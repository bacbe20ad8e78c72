"""``dm05 report``: validate, aggregate and render the official .docx from a docxtpl template.

Rendering always runs in a Jinja ``SandboxedEnvironment`` with ``autoescape=True`` and
``StrictUndefined``: data such as a unit called "Chi bộ A & B" or "{{ 7*7 }}" is written literally, and
the rendered XML is parsed strictly so a broken paragraph fails loudly instead of being dropped.
"""

from __future__ import annotations

import io
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError as JinjaTemplateError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree
from pydantic import BaseModel, ConfigDict

from dm05.aggregate import Aggregate, aggregate_period
from dm05.docxzip import repack
from dm05.errors import DataError, TemplateError
from dm05.narrative import parse_blocks, render_text
from dm05.output import check_writable, write_atomic
from dm05.period import Period
from dm05.validate import Progress, ValidationReport, _no_progress
from dm05.vnformat import date_phrase, doc_number, pct, short_date, so
from dm05.workspace import Workspace

ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


class ReportKind(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str
    template: str
    narrative: str
    doc_type: str
    subject: str
    annex_label: str
    annex_title: str
    summary: list[tuple[str, str]]


def report_kinds() -> dict[str, ReportKind]:
    text = resources.files("dm05").joinpath("templates/kinds.toml").read_text(encoding="utf-8")
    return {name: ReportKind.model_validate(spec) for name, spec in tomllib.loads(text).items()}


def period_phrase(period: Period) -> str:
    """How the period reads in a sentence: "năm 2026", "6 tháng đầu năm 2026", "quý III năm 2026"."""
    y = period.start.year
    if period.is_range:
        return f"{len(period.years):02d} năm ({period.start.year} - {period.end.year})"
    if period.months == 12:
        return f"năm {y}"
    if period.months == 6:
        return f"6 tháng {'đầu' if period.start.month == 1 else 'cuối'} năm {y}"
    return f"quý {ROMAN_QUARTERS[(period.start.month + 2) // 3]} năm {y}"


def recipient_lines(names: list[str]) -> list[str]:
    """Party style: each line "- …," and the last one "- Lưu ….", whatever punctuation the config has."""
    cleaned = [n.strip().lstrip("-").strip().rstrip(",.;") for n in names if n.strip()]
    return [f"- {n}{'.' if i == len(cleaned) - 1 else ','}" for i, n in enumerate(cleaned)]


def _pct_cell(ratio: float | None) -> str:
    """A table cell under a "Tỷ lệ (%)" heading: two fixed decimals, no sign."""
    return pct(ratio, missing="", fixed=True, sign="")


def _values(agg: Aggregate, unit: str) -> tuple[dict[str, str], dict[str, str]]:
    row = agg.row(unit)
    counts = {k: so(v, missing="") for k, v in row.items() if agg.catalogue.by_key[k].kind == "count"}
    rates = {k: _pct_cell(v) for k, v in row.items() if agg.catalogue.by_key[k].kind == "ratio"}
    return counts, rates


def _coverage_note(agg: Aggregate, unit: str) -> str:
    reported, expected = int(agg.reported[unit]), int(agg.expected[unit])
    if reported == 0:
        return "Chưa báo cáo"
    if reported < expected:
        return f"Báo cáo {reported}/{expected} đơn vị"
    return ""


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


def build_context(ws: Workspace, period: Period, kind: ReportKind, agg: Aggregate, validation: ValidationReport,
                  report_date: date | None, draft: bool) -> dict[str, Any]:
    cfg, tree = ws.config, agg.tree
    root = tree.root
    ky = period_phrase(period)
    v = agg.row(root)
    words = {"ky": ky, "nam": period.end.year}
    narrative_ctx = {
        **words, "v": v, "so": so, "pct": pct, "chu_the": cfg.issuer.body,
        "dia_ban": cfg.issuer.area or f"toàn {tree[root].name}",
        "n_truc_thuoc": len(tree.children.get(root, [])), "da_bao_cao": int(agg.reported[root]),
        "phai_bao_cao": int(agg.expected[root]), "chuyen_de": ws.theme(period),
    }
    custom = ws.root / "narrative" / f"{period.id}.md"
    source, name = ((custom.read_text(encoding="utf-8-sig"), str(custom)) if custom.is_file()
                    else (resources.files("dm05").joinpath(f"templates/{kind.narrative}").read_text(encoding="utf-8"),
                          kind.narrative))
    blocks = parse_blocks(render_text(source, narrative_ctx, name))
    summary_rows = []
    for i, (count_key, ratio_key) in enumerate(kind.summary, start=1):
        ind = ws.catalogue.by_key[count_key]
        summary_rows.append({"tt": str(i), "label": ind.label,
                             "value": so(v[count_key], missing=""),
                             "rate": _pct_cell(v[ratio_key]) if ratio_key else ""})
    body = [{"kind": b.kind, "text": b.text, "rows": summary_rows if b.kind == "table" else []} for b in blocks]

    number = doc_number(cfg.number.number, cfg.number.type, cfg.number.body)
    when = report_date or cfg.report.date
    caption_date = f", ngày {short_date(when)}" if when else ""
    total_v, total_p = _values(agg, root)
    annex_rows = []
    for i, code in enumerate(tree.children.get(root, []), start=1):
        cv, cp = _values(agg, code)
        annex_rows.append({"tt": str(i), "name": tree[code].name, "v": cv, "p": cp, "note": _coverage_note(agg, code)})
    files = len([f for f in validation.files if not f.unreadable])
    draft_notes: list[str] = []
    if draft:
        errors = validation.count("error")
        if errors:
            draft_notes.append(f"- Còn {so(errors)} lỗi số liệu (chạy dm05 validate để xem chi tiết).")
        missing = missing_leaves(agg)
        if missing:
            draft_notes.append(f"- {so(len(missing))} đơn vị chưa có số liệu:")
            draft_notes.extend(f"+ {tree[c].name} ({c}) — {tree[tree[c].parent].name if tree[c].parent else ''}"
                               for c in missing[:200])
            if len(missing) > 200:
                draft_notes.append(f"+ … và {so(len(missing) - 200)} đơn vị khác.")
    return {
        "superior": cfg.issuer.superior.upper(),
        "issuer": cfg.issuer.name.upper(),
        "number": number,
        "place_date": f"{cfg.issuer.place}, {date_phrase(when, period.end.year)}",
        "doc_type": kind.doc_type,
        "subject": render_text(kind.subject, words, "kinds.toml"),
        "body": body,
        "signer_on_behalf": cfg.signer.on_behalf.upper(),
        "signer_title": cfg.signer.title.upper(),
        "signer_name": cfg.signer.name,
        "recipients": recipient_lines(cfg.recipients),
        "draft": draft,
        "draft_notes": draft_notes,
        "annex": {
            "label": kind.annex_label,
            "title": render_text(kind.annex_title, words, "kinds.toml"),
            "caption": f"(Kèm theo Báo cáo số {number.removeprefix('Số ')}{caption_date} của {cfg.issuer.body})",
            "total": {"tt": "", "name": "Tổng số", "v": total_v, "p": total_p, "note": _coverage_note(agg, root)},
            "rows": annex_rows,
            "footnote": (f"Ghi chú: số liệu tổng hợp từ {so(files)} tệp báo cáo của các đơn vị; các tỷ lệ tính "
                         "trên tổng tử số và tổng mẫu số tương ứng, không lấy bình quân tỷ lệ của các đơn vị."),
        },
    }


class _StrictDocxTemplate(DocxTemplate):  # type: ignore[misc]
    """docxtpl parses the rendered XML with ``recover=True``, silently dropping what is broken.
    Parse it strictly first and fail loudly instead."""

    template_name = ""

    def fix_tables(self, xml: str) -> Any:
        try:
            etree.fromstring(xml.encode("utf-8") if isinstance(xml, str) else xml)
        except etree.XMLSyntaxError as e:
            raise TemplateError("template.error", template=self.template_name,
                                detail=f"XML sau khi điền số liệu không hợp lệ (invalid XML after rendering): {e}") from None
        return super().fix_tables(xml)


def docx_env() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def template_path(ws: Workspace, kind: ReportKind) -> Path:
    """A workspace's templates/ folder overrides the built-in template of the same name."""
    own = ws.root / "templates" / kind.template
    if own.is_file():
        return own
    return Path(str(resources.files("dm05").joinpath(f"templates/{kind.template}")))


def render_docx(template: Path, context: dict[str, Any], created: datetime) -> bytes:
    env = docx_env()
    tpl = _StrictDocxTemplate(str(template))
    tpl.template_name = template.name
    try:
        undeclared = tpl.get_undeclared_template_variables(jinja_env=env, context=context)
    except JinjaTemplateError as e:
        raise TemplateError("template.error", template=template.name, detail=_jinja_detail(e)) from None
    if undeclared:
        raise TemplateError("template.error", template=template.name,
                            detail=f"biến không có trong dữ liệu (unknown variables): {', '.join(sorted(undeclared))}")
    try:
        tpl.render(context, jinja_env=env, autoescape=True)
    except JinjaTemplateError as e:
        raise TemplateError("template.error", template=template.name, detail=_jinja_detail(e, tpl)) from None
    props = tpl.docx.core_properties
    props.created = props.modified = created
    props.revision = 1
    props.title = context.get("subject", "")
    buf = io.BytesIO()
    tpl.save(buf)
    return repack(buf.getvalue())


def _jinja_detail(e: JinjaTemplateError, tpl: DocxTemplate | None = None) -> str:
    around = " ".join(t.strip() for t in getattr(e, "docx_context", []) if t.strip())
    return f"{type(e).__name__}: {e}" + (f" — gần đoạn: «{around[:160]}»" if around else "")


@dataclass
class ReportResult:
    path: Path
    validation: ValidationReport
    aggregate: Aggregate


def default_output(ws: Workspace, period: Period) -> Path:
    return ws.root / "reports" / f"bao_cao_{period.id}.docx"


def make_report(ws: Workspace, period: Period, kind_name: str = "annual", output: Path | None = None,
                force: bool = False, draft: bool = False, report_date: date | None = None,
                progress: Progress = _no_progress) -> ReportResult:
    kinds = report_kinds()
    kind = kinds[kind_name]
    out = output or default_output(ws, period)
    check_writable(out, force)  # fail before the work, not after
    validation, agg = aggregate_period(ws, period, progress)
    if not draft:
        if not validation.ok:
            raise DataError("data.has_errors", period=period.id, errors=validation.count("error"))
        missing = missing_leaves(agg)
        if missing:
            raise DataError("data.incomplete", period=period.id, missing=len(missing),
                            expected=int(agg.expected[agg.tree.root]),
                            examples=", ".join(f"{agg.tree[c].name} ({c})" for c in missing[:3]))
    context = build_context(ws, period, kind, agg, validation, report_date, draft)
    when = report_date or ws.config.report.date or period.end
    data = render_docx(template_path(ws, kind), context, datetime(when.year, when.month, when.day))
    write_atomic(out, data, force)
    return ReportResult(out, validation, agg)
