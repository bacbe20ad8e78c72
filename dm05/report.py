"""``dm05 report``: validate, aggregate and render the official .docx from a docxtpl template.

Rendering always runs in a Jinja ``SandboxedEnvironment`` with ``autoescape=True`` and
``StrictUndefined``: data such as a unit called "Chi bộ A & B" or "{{ 7*7 }}" is written literally, and
the rendered XML is parsed strictly so a broken paragraph fails loudly instead of being dropped.
"""

from __future__ import annotations

import io
import re
import tomllib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from docx.document import Document as WordDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree
from pydantic import BaseModel, ConfigDict

from dm05.aggregate import Aggregate, uncovered
from dm05.docxzip import repack
from dm05.errors import DataError, InputError, TemplateError
from dm05.figures import NOT_AVAILABLE, Figure, Words, coverage_words, figures, leaf_noun, table_count, table_rate
from dm05.messages import both, joined
from dm05.narrative import parse_blocks, render_text, text_env
from dm05.output import check_writable, write_atomic
from dm05.period import Period, period_phrase, previous_period
from dm05.progress import Progress, no_progress
from dm05.sandbox import RENDER_FAILURES, BoundedSandbox, budget, failure_text, template_line
from dm05.textnorm import xml_safe
from dm05.validate import ValidationReport
from dm05.vnformat import date_phrase, doc_number, points, short_date, so
from dm05.workspace import Workspace

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI",
         "XVII", "XVIII", "XIX", "XX"]


class ReportKind(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = ""
    description: str
    periods: list[str]
    template: str
    narrative: str
    doc_type: str
    subject: str
    annex_title: str
    annex_depth: int
    charts: bool


def report_kinds() -> dict[str, ReportKind]:
    text = resources.files("dm05").joinpath("templates/kinds.toml").read_text(encoding="utf-8")
    return {name: ReportKind.model_validate({**spec, "name": name}) for name, spec in tomllib.loads(text).items()}


def summary_rows() -> list[tuple[str, str]]:
    text = resources.files("dm05").joinpath("templates/summary.toml").read_text(encoding="utf-8")
    return [(a, b) for a, b in tomllib.loads(text)["rows"]]


def period_shape(period: Period) -> str:
    return "range" if period.is_range else "year" if period.months == 12 else "part"


def default_kind(period: Period) -> str:
    return {"range": "review", "year": "annual", "part": "half_year"}[period_shape(period)]


def recipient_lines(names: list[str]) -> list[str]:
    """Party style: each line "- …," and the last one "- Lưu ….", whatever punctuation the config has."""
    cleaned = [n.strip().lstrip("-").strip().rstrip(",.;") for n in names if n.strip()]
    return [f"- {n}{'.' if i == len(cleaned) - 1 else ','}" for i, n in enumerate(cleaned)]


def _cells(values: dict[str, float | None], agg: Aggregate) -> tuple[dict[str, str], dict[str, str]]:
    """Table cells of a unit's figures; "x" where a figure cannot be computed (the footnote says so)."""
    kinds = {i.key: i.kind for i in agg.catalogue.indicators}
    counts = {k: table_count(v) for k, v in values.items() if kinds[k] == "count"}
    rates = {k: table_rate(v) for k, v in values.items() if kinds[k] == "ratio"}
    return counts, rates


# The annex's numbered columns (bao_cao.docx, phu_luc.docx): a note names a partial column by number.
ANNEX_COLUMNS = {"so_chi_bo": 3, "so_dang_vien": 4, "dang_vien_dang_ky": 5, "ti_le_dang_vien_dang_ky": 6,
                 "dang_vien_hoc_tap": 7, "ti_le_dang_vien_hoc_tap": 8, "chi_bo_sinh_hoat_du_12_ky": 9,
                 "ti_le_chi_bo_sinh_hoat_du_12_ky": 10, "chi_bo_sinh_hoat_chuyen_de": 11,
                 "ti_le_chi_bo_sinh_hoat_chuyen_de": 12, "mo_hinh_moi": 13, "mo_hinh_nhan_rong": 14}


def _coverage_note(agg: Aggregate, unit: str, noun: str = "đơn vị") -> str:
    """The annex's "Ghi chú": units not reported, and columns whose figure leaves out more units than that
    ("cột 7, 8: số liệu của 20/21 chi bộ")."""
    reported, expected = int(agg.reported[unit]), int(agg.expected[unit])
    if reported == 0:
        return "Chưa báo cáo"
    notes = [f"Báo cáo {so(reported)}/{so(expected)} đơn vị"] if reported < expected else []
    by_coverage: dict[int, list[int]] = {}
    for key, column in ANNEX_COLUMNS.items():
        if key in agg.coverage.columns and agg.value(unit, key) is not None:
            covered = agg.covered(unit, key)
            if covered < reported:
                by_coverage.setdefault(covered, []).append(column)
    for covered, columns in sorted(by_coverage.items(), reverse=True):
        notes.append(f"cột {', '.join(map(str, columns))}: {coverage_words(covered, expected, noun)}")
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


def annex_rows(agg: Aggregate, max_depth: int, noun: str = "đơn vị") -> list[dict[str, Any]]:
    """Units down to ``max_depth`` levels below the root, parents bold (their row is the subtotal)."""
    tree = agg.tree
    rows: list[dict[str, Any]] = []

    def walk(code: str, depth: int) -> None:
        for i, child in enumerate(tree.children.get(code, []), start=1):
            v, p = _cells(agg.row(child), agg)
            deeper = depth < max_depth and bool(tree.children.get(child))
            name = tree[child].name if depth <= 2 else "- " + tree[child].name
            rows.append({"tt": _row_number(depth, i) if max_depth > 1 else str(i), "name": name, "v": v, "p": p,
                         "note": _coverage_note(agg, child, noun), "bold": deeper})
            if deeper:
                walk(child, depth + 1)

    walk(tree.root, 1)
    return rows


def _comparison(agg: Aggregate, before: dict[str, float | None] | None, label: str) -> Callable[[str], str]:
    """``so_sanh(key)`` for narratives: " (tăng 2,1 điểm phần trăm so với năm 2025)" or ""."""
    root_values = agg.row(agg.tree.root)

    def so_sanh(key: str) -> str:
        ind = agg.catalogue.by_key[key]
        if before is None or (agg.years and ind.kind == "count" and ind.temporal == "flow"):
            return ""
        now, then = root_values.get(key), before.get(key)
        if now is None or then is None:
            return ""
        delta = now - then
        if abs(delta) < 1e-9:
            return f" (bằng {label})"
        word = "tăng" if delta > 0 else "giảm"
        amount = f"{points(delta)} điểm phần trăm" if ind.kind == "ratio" else so(abs(delta))
        return f" ({word} {amount} so với {label})"

    return so_sanh


def _year_rows(agg: Aggregate) -> list[dict[str, Any]]:
    rows = []
    root = agg.tree.root
    for a in agg.years:
        v, p = _cells(a.row(root), a)
        v["khen_thuong"] = _awards(a, root)
        rows.append({"year": a.period.id, "v": v, "p": p})
    v, p = _cells(agg.row(root), agg)
    v["khen_thuong"] = _awards(agg, root)
    rows.append({"year": "Cả giai đoạn", "v": v, "p": p})
    return rows


def _awards(agg: Aggregate, unit: str) -> str:
    collective, individual = agg.value(unit, "tap_the_khen_thuong"), agg.value(unit, "ca_nhan_khen_thuong")
    if collective is None and individual is None:
        return NOT_AVAILABLE
    return f"{table_count(collective)} / {table_count(individual)}"


def _unavailable(row: dict[str, Any]) -> bool:
    """Whether a table row shows "x" somewhere (its cells, or its counts ``v`` and rates ``p``)."""
    cells = [row.get("value"), row.get("rate"), *dict(row.get("v") or {}).values(), *dict(row.get("p") or {}).values()]
    return NOT_AVAILABLE in cells or any(str(c).startswith(NOT_AVAILABLE + " /") for c in cells)


def _summary(ws: Workspace, fig: dict[str, Any], words: Words) -> list[dict[str, str]]:
    """The summary table: a row per indicator that has a figure, its label saying when it is partial."""
    rows: list[dict[str, str]] = []
    for count, rate in summary_rows():
        value, ratio = fig[count], fig[rate] if rate else None
        if not words.co(value) and not (rate and words.co(ratio)):
            continue  # nothing to state: worded around (drafts list it)
        label = ws.catalogue.by_key[count].label
        shown = [f for f in (value, ratio) if isinstance(f, Figure)]
        words.used.extend(shown)
        partial = sorted({(f.covered, f.expected) for f in shown if f.partial}, reverse=True)
        if partial:
            label += " (" + "; ".join(coverage_words(c, e, words.noun) for c, e in partial) + ")"
        rows.append({"tt": str(len(rows) + 1), "label": label, "value": table_count(value),
                     "rate": table_rate(ratio) if rate else ""})
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
    """The workspace's narrative/<period>.md, else narrative/<kind>.md, else the built-in text."""
    for name in (period.id, kind.name):
        custom = ws.root / "narrative" / f"{name}.md"
        if custom.is_file():
            return custom.read_text(encoding="utf-8-sig"), str(custom)
    return resources.files("dm05").joinpath(f"templates/{kind.narrative}").read_text(encoding="utf-8"), kind.narrative


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
    words_ = {"ky": ky, "nam": period.end.year, "tu_nam": period.start.year, "so_nam": f"{years:02d}",
             "tong_ket": "tổng kết" if years >= 5 else "sơ kết"}
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
            "ky_truoc": before_label, "so": words.so, "pct": words.pct, "co": words.co,
            "cau": words.cau, "lien": words.lien,
            "chi_bo_co_cau": structure_cells(ws, agg) or fig["so_chi_bo"], "don_vi_co_so": noun,
            "so_sanh": _comparison(agg, before, before_label), "chu_the": cfg.issuer.body,
            "dia_ban": cfg.issuer.area or f"toàn {tree[root].name}",
            "n_truc_thuoc": len(tree.children.get(root, [])), "da_bao_cao": int(agg.reported[root]),
            "phai_bao_cao": int(agg.expected[root]), "chuyen_de": ws.theme(period), "co_bieu_do": bool(charts),
        }
        source, name = narrative_source(ws, period, kind)
        summary = _summary(ws, fig, words)
        per_year = _year_rows(agg) if agg.years else []
        for b in parse_blocks(words.finish(render_text(source, narrative_ctx, name))):
            rows = summary if b.kind == "table" else per_year if b.kind == "years" else []
            body.append({"kind": b.kind, "text": b.text, "rows": rows})
            if b.kind in ("table", "years") and any(_unavailable(r) for r in rows):
                body.append({"kind": "p", "text": "Ghi chú: x — chưa có số liệu để tính.", "rows": []})
    number = doc_number(cfg.number.number, cfg.number.type, cfg.number.body)
    when = report_date or cfg.report.date
    caption_date = f", ngày {short_date(when)}" if when else ""
    of_report = f"(Kèm theo Báo cáo số {number.removeprefix('Số ')}{caption_date} của {cfg.issuer.body})"
    total_v, total_p = _cells(v, agg)
    annex = annex_rows(agg, kind.annex_depth, noun)
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
        absent = [i.label for i in agg.catalogue.counts if v.get(i.key) is None]
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
            "total": {"tt": "", "name": "Tổng số", "v": total_v, "p": total_p, "note": _coverage_note(agg, root, noun)},
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


class _StrictDocxTemplate(DocxTemplate):
    """docxtpl parses the rendered XML with ``recover=True``, silently dropping what is broken.
    Parse it strictly first and fail loudly instead."""

    docx: WordDocument  # docxtpl is untyped: its python-docx document, loaded before rendering
    template_name = ""
    column_loops = True  # the template has {%tc %} loops, whose tables docxtpl must re-grid

    def fix_tables(self, xml: str) -> Any:
        try:
            tree = etree.fromstring(xml.encode("utf-8") if isinstance(xml, str) else xml)
        except etree.XMLSyntaxError as e:
            raise TemplateError("template.error", template=self.template_name,
                                detail=both("template.bad_xml", detail=e)) from None
        return super().fix_tables(xml) if self.column_loops else tree

    def resolve_listing(self, xml: str) -> str:
        """docxtpl turns tabs and line breaks in data into Word runs with a regex per paragraph and run;
        the report's data has none (xml_safe_context), so the pass is skipped unless the text needs it."""
        if not any(ch in xml for ch in "\t\a\n\f"):
            return xml
        return super().resolve_listing(xml)

    def map_tree(self, tree: Any) -> None:
        """docxtpl moves the rendered body into the document element, and lxml reconciles namespaces node
        by node while moving: seconds for a 1,500-row annex. Splice the XML and parse the document once."""
        root_xml = etree.tostring(self.docx._element, encoding="unicode")
        start = re.search(r"<w:body[ >]", root_xml)
        end = root_xml.rindex("</w:body>") + len("</w:body>")
        assert start is not None
        new_root = parse_xml(root_xml[:start.start()] + etree.tostring(tree, encoding="unicode") + root_xml[end:])
        part = self.docx.part
        part._element = new_root
        self.docx = WordDocument(new_root, part)


def docx_env() -> SandboxedEnvironment:
    return BoundedSandbox(autoescape=True, undefined=StrictUndefined)


def template_path(ws: Workspace, kind: ReportKind) -> Path:
    """A workspace's templates/ folder overrides the built-in template of the same name."""
    own = ws.root / "templates" / kind.template
    if own.is_file():
        return own
    return Path(str(resources.files("dm05").joinpath(f"templates/{kind.template}")))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")


def split_tags(template: Path) -> list[str]:
    """Jinja tags that Word split over several runs (spell-check, a retyped letter): the paragraph texts.
    docxtpl repairs many of these, but not all, so the clerk is told where they are."""
    found: list[str] = []
    try:
        with zipfile.ZipFile(template) as z:
            parts = [n for n in z.namelist() if re.match(r"word/(document|header\d*|footer\d*)\.xml$", n)]
            for part in parts:
                root = etree.fromstring(z.read(part))
                for p in root.iter(_W + "p"):
                    texts = [t.text or "" for t in p.iter(_W + "t")]
                    joined = "".join(texts)
                    if not _TAG.search(joined):
                        continue
                    bounds, pos = [], 0
                    for t in texts:
                        pos += len(t)
                        bounds.append(pos)
                    for m in _TAG.finditer(joined):
                        if any(m.start() < b < m.end() for b in bounds[:-1]):
                            found.append(joined.strip()[:120])
                            break
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError) as e:
        raise TemplateError("template.error", template=template.name, detail=both("template.cannot_open", detail=e)) from None
    return found


def render_docx(template: Path, context: dict[str, Any], created: datetime,
                images: Callable[[DocxTemplate], dict[str, Any]] | None = None) -> bytes:
    env = docx_env()
    try:
        tpl = _StrictDocxTemplate(str(template))
        tpl.init_docx()
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as e:
        raise TemplateError("template.error", template=template.name, detail=both("template.cannot_open", detail=e)) from None
    tpl.template_name = template.name
    with zipfile.ZipFile(template) as z:
        tpl.column_loops = any(re.search(rb"\{%-?\s*tc\s", z.read(n)) for n in z.namelist() if n.startswith("word/"))
    if images is not None:
        context = {**context, **images(tpl)}
    try:
        undeclared = tpl.get_undeclared_template_variables(jinja_env=env, context=context)
    except JinjaTemplateError as e:
        nearby = _text_around(tpl, getattr(e, "lineno", None))
        raise TemplateError("template.error", template=template.name, detail=_jinja_detail(e, nearby)) from None
    if undeclared:
        raise TemplateError("template.error", template=template.name,
                            detail=both("template.unknown_variables", names=", ".join(sorted(undeclared))))
    try:
        with budget():
            tpl.render(context, jinja_env=env, autoescape=True)
    except JinjaTemplateError as e:
        nearby = _text_around(tpl, getattr(e, "lineno", None) or template_line(e))
        raise TemplateError("template.error", template=template.name, detail=_jinja_detail(e, nearby)) from None
    except RENDER_FAILURES as e:
        around = " ".join(t.strip() for t in _text_around(tpl, template_line(e)) if t.strip())
        raise TemplateError("template.error", template=template.name, detail=joined(
            [failure_text(e), both("template.near", text=around[:160]) if around else {"vi": "", "en": ""}], "")) from None
    props = tpl.docx.core_properties
    props.created = props.modified = created
    props.revision = 1
    props.title = context.get("subject", "")
    buf = io.BytesIO()
    tpl.save(buf)
    return repack(buf.getvalue())


def _text_around(tpl: DocxTemplate, lineno: int | None) -> list[str]:
    """The document text near a Jinja error line, as docxtpl numbers lines (one per paragraph)."""
    if not lineno:
        return []
    xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(tpl.get_xml()))
    lines = xml.splitlines()[max(lineno - 2, 0): lineno + 1]
    return [re.sub(r"<[^>]+>", "", line) for line in lines]


def _jinja_detail(e: JinjaTemplateError, context: list[str]) -> dict[str, str]:
    """The Jinja error, with the document text around it (``_text_around``) when known."""
    around = " ".join(t.strip() for t in context if t.strip())
    return joined([failure_text(e), both("template.near", text=around[:160]) if around else {"vi": "", "en": ""}], "")


@dataclass
class ReportResult:
    path: Path
    validation: ValidationReport
    aggregate: Aggregate
    warnings: list[dict[str, str]] = field(default_factory=list)  # both languages (messages.both)
    pdf: Path | None = None


def default_output(ws: Workspace, period: Period, kind: ReportKind) -> Path:
    stem = "phu_luc" if kind.name == "annex" else "bao_cao"
    return ws.root / "reports" / f"{stem}_{period.id}.docx"


def resolve_kind(kind_name: str | None, period: Period) -> ReportKind:
    kinds = report_kinds()
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
NARRATIVE_NAMES = frozenset({"ky", "nam", "tu_nam", "so_nam", "tong_ket", "v", "v_cuoi", "truoc", "ky_truoc", "so",
                             "pct", "co", "cau", "lien", "chi_bo_co_cau", "don_vi_co_so", "so_sanh", "chu_the",
                             "dia_ban", "n_truc_thuoc", "da_bao_cao", "phai_bao_cao", "chuyen_de", "co_bieu_do"})


def check_templates(ws: Workspace, period: Period, kind: ReportKind) -> None:
    """Fail before reading any data when the Word template or the narrative does not parse, or uses a
    name the report does not give it (a typo in a {{ tag }} found after an hour of reading is cruel)."""
    from jinja2 import meta

    template = template_path(ws, kind)
    try:
        tpl = DocxTemplate(str(template))
        tpl.init_docx()
        names = tpl.get_undeclared_template_variables(jinja_env=docx_env())
    except JinjaTemplateError as e:
        nearby = _text_around(tpl, getattr(e, "lineno", None))
        raise TemplateError("template.error", template=template.name, detail=_jinja_detail(e, nearby)) from None
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
            [failure_text(e), both("template.line", line=line) if line else {"vi": "", "en": ""}], "")) from None
    unknown = sorted(set(used) - NARRATIVE_NAMES)
    if unknown:
        raise TemplateError("template.error", template=name,
                            detail=both("template.unknown_names", names=", ".join(unknown)))


def make_report(ws: Workspace, period: Period, kind_name: str | None = None, output: Path | None = None,
                force: bool = False, draft: bool = False, report_date: date | None = None,
                progress: Progress = no_progress, depth: int | None = None) -> ReportResult:
    """Validate, aggregate and write the report; ``depth`` limits the annex to that many levels."""
    kind = resolve_kind(kind_name, period)
    if depth is not None:
        kind = kind.model_copy(update={"annex_depth": max(1, depth)})
    out = output or default_output(ws, period, kind)
    check_writable(out, force)  # fail before the work, not after
    template = template_path(ws, kind)
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

        chart_list = report_charts(agg)
    words = Words(leaf_noun(agg), draft)
    context = xml_safe_context(build_context(ws, period, kind, agg, validation, report_date, draft, previous, chart_list,
                                             words))
    if not draft:
        problems = coverage_problems(agg, words, ws.config.report.min_coverage, words.noun)
        if problems:
            shown = problems[:8] + ([{"vi": f"… (+{len(problems) - 8})", "en": f"… (+{len(problems) - 8})"}]
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

