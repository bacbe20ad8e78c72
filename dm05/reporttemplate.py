"""The report's Word template: the workspace's own (``templates/<name>.docx``), or built from the
workspace's style profile and table columns (:mod:`dm05.docbuild`); and rendering it with docxtpl.

Rendering always runs in a Jinja ``SandboxedEnvironment`` with ``autoescape=True`` and
``StrictUndefined``: data such as a unit called "Chi bộ A & B" or "{{ 7*7 }}" is written literally, and
the rendered XML is parsed strictly so a broken paragraph fails loudly instead of being dropped.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docx.document import Document as WordDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from dm05.docbuild import TableColumn, build_annex, build_report
from dm05.docxzip import repack
from dm05.errors import TemplateError
from dm05.indicators import Catalogue, load_catalogue
from dm05.messages import both, joined, same
from dm05.reportspec import BUILTIN_TEMPLATES, Column, ReportKind, ReportSpec, load_report_spec
from dm05.sandbox import RENDER_FAILURES, BoundedSandbox, budget, failure_text, template_line
from dm05.style import StyleProfile, load_style
from dm05.workspace import DEFAULT_STYLE

if TYPE_CHECKING:
    from dm05.workspace import Workspace

TEMPLATES_DIR = "templates"


@dataclass(frozen=True)
class Template:
    """A Word template: its file name (for messages), its bytes, and its path when it is a workspace's file."""

    name: str
    data: bytes
    path: Path | None = None


def _heading(col: Column, cat: Catalogue, annex: bool) -> str:
    if col.label:
        return col.label
    ind = cat.by_key[col.key]
    if col.pair:
        return f"{ind.label}/{cat.by_key[col.pair].label}"
    if ind.kind == "ratio":
        return "Tỷ lệ (%)" if annex else f"{ind.label} (%)"
    if ind.kind == "amount":
        return f"{ind.label} ({ind.table_unit})"
    return ind.label


def _expr(col: Column, cat: Catalogue) -> str:
    """The cell of a column: counts and amounts are in the row's ``v``, rates in its ``p``."""
    if col.pair:
        return f"{{{{ r.v.{col.key} }}}}/{{{{ r.v.{col.pair} }}}}"
    return f"{{{{ r.{'p' if cat.by_key[col.key].kind == 'ratio' else 'v'}.{col.key} }}}}"


def annex_numbers(spec: ReportSpec) -> dict[str, int]:
    """The annex's column number of each key it shows (TT is 1, Đơn vị 2): a note names a partial column
    by its number."""
    out: dict[str, int] = {}
    for n, col in enumerate(spec.annex, start=3):
        for key in (col.key, col.pair):
            if key:
                out.setdefault(key, n)
    return out


def annex_columns(spec: ReportSpec, cat: Catalogue) -> list[TableColumn]:
    """The annex's figure columns, each with its number in the column-number row and, for a rate whose
    parts are columns too, the arithmetic ("6=5/4", "9=(3+4)/(3+4+5+6)")."""
    numbers = annex_numbers(spec)
    out = []
    for n, col in enumerate(spec.annex, start=3):
        ind = cat.by_key[col.key]
        index = str(n)
        if ind.kind == "ratio" and all(k in numbers for k in (*ind.numerator, *ind.denominator)):
            parts = ["+".join(str(numbers[k]) for k in keys) for keys in (ind.numerator, ind.denominator)]
            parts = [f"({p})" if "+" in p else p for p in parts]
            index = f"{n}={parts[0]}/{parts[1]}"
        out.append(TableColumn(_heading(col, cat, True), _expr(col, cat), col.width, index))
    return out


def year_columns(spec: ReportSpec, cat: Catalogue) -> list[TableColumn]:
    return [TableColumn(_heading(col, cat, False), _expr(col, cat), col.width) for col in spec.years]


def _numbers(sp: StyleProfile) -> str:
    """The layout numbers of a profile, without its name and notes: what a built template depends on."""
    return sp.model_dump_json(include={"page", "font", "size", "body"})


@lru_cache(maxsize=8)
def _build(name: str, sp: StyleProfile, annex: tuple[TableColumn, ...], years: tuple[TableColumn, ...]) -> bytes:
    if name == "phu_luc.docx":
        return build_annex(sp, list(annex))
    return build_report(sp, list(annex), list(years))


@lru_cache(maxsize=1)
def default_inputs() -> tuple[StyleProfile, tuple[TableColumn, ...], tuple[TableColumn, ...]]:
    """What the committed templates are built from: the default profile and the built-in columns."""
    cat = load_catalogue()
    spec = load_report_spec(cat)
    return load_style(DEFAULT_STYLE), tuple(annex_columns(spec, cat)), tuple(year_columns(spec, cat))


def built_template(name: str, sp: StyleProfile, spec: ReportSpec, cat: Catalogue) -> bytes:
    """A built-in layout (``bao_cao.docx``, ``phu_luc.docx``) for a profile and a workspace's columns: the
    committed file when they are the defaults (a test holds it equal to a fresh build), else built."""
    annex, years = tuple(annex_columns(spec, cat)), tuple(year_columns(spec, cat))
    default, default_annex, default_years = default_inputs()
    if (_numbers(sp), annex, years) == (_numbers(default), default_annex, default_years):
        return resources.files("dm05").joinpath(f"{TEMPLATES_DIR}/{name}").read_bytes()
    return _build(name, sp, annex, years)


def template_source(ws: Workspace, kind: ReportKind) -> Template:
    """A workspace's templates/ folder overrides the built-in layout of the same name; else the layout is
    built for the workspace's style profile and columns."""
    own = ws.root / TEMPLATES_DIR / kind.template
    if own.is_file():
        return Template(kind.template, own.read_bytes(), own)
    if kind.template not in BUILTIN_TEMPLATES:  # checked when the workspace loads; a file removed since
        raise TemplateError("template.error", template=kind.template,
                            detail=both("template.not_in_templates"))
    return Template(kind.template, built_template(kind.template, ws.style, ws.report, ws.catalogue))


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


def open_template(template: Template) -> DocxTemplate:
    """The template as docxtpl reads it (a file that is no .docx is a template error naming it)."""
    try:
        tpl = _StrictDocxTemplate(io.BytesIO(template.data))
        tpl.init_docx()
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as e:
        raise TemplateError("template.error", template=template.name, detail=both("template.cannot_open", detail=e)) from None
    tpl.template_name = template.name
    return tpl


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")


def split_tags(template: Template | Path) -> list[str]:
    """Jinja tags that Word split over several runs (spell-check, a retyped letter): the paragraph texts.
    docxtpl repairs many of these, but not all, so the clerk is told where they are."""
    if isinstance(template, Path):
        template = Template(template.name, template.read_bytes(), template)
    found: list[str] = []
    try:
        with zipfile.ZipFile(io.BytesIO(template.data)) as z:
            parts = [n for n in z.namelist() if re.match(r"word/(document|header\d*|footer\d*)\.xml$", n)]
            for part in parts:
                root = etree.fromstring(z.read(part))
                for p in root.iter(_W + "p"):
                    texts = [t.text or "" for t in p.iter(_W + "t")]
                    whole = "".join(texts)
                    if not _TAG.search(whole):
                        continue
                    bounds, pos = [], 0
                    for t in texts:
                        pos += len(t)
                        bounds.append(pos)
                    for m in _TAG.finditer(whole):
                        if any(m.start() < b < m.end() for b in bounds[:-1]):
                            found.append(whole.strip()[:120])
                            break
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError) as e:
        raise TemplateError("template.error", template=template.name, detail=both("template.cannot_open", detail=e)) from None
    return found


def render_docx(template: Template, context: dict[str, Any], created: datetime,
                images: Callable[[DocxTemplate], dict[str, Any]] | None = None) -> bytes:
    env = docx_env()
    tpl = open_template(template)
    with zipfile.ZipFile(io.BytesIO(template.data)) as z:
        tpl.column_loops = any(re.search(rb"\{%-?\s*tc\s", z.read(n)) for n in z.namelist() if n.startswith("word/"))
    if images is not None:
        context = {**context, **images(tpl)}
    try:
        undeclared = tpl.get_undeclared_template_variables(jinja_env=env, context=context)
    except JinjaTemplateError as e:
        nearby = text_around(tpl, getattr(e, "lineno", None))
        raise TemplateError("template.error", template=template.name, detail=jinja_detail(e, nearby)) from None
    if undeclared:
        raise TemplateError("template.error", template=template.name,
                            detail=both("template.unknown_variables", names=", ".join(sorted(undeclared))))
    try:
        with budget():
            tpl.render(context, jinja_env=env, autoescape=True)
    except JinjaTemplateError as e:
        nearby = text_around(tpl, getattr(e, "lineno", None) or template_line(e))
        raise TemplateError("template.error", template=template.name, detail=jinja_detail(e, nearby)) from None
    except RENDER_FAILURES as e:
        around = " ".join(t.strip() for t in text_around(tpl, template_line(e)) if t.strip())
        raise TemplateError("template.error", template=template.name, detail=joined(
            [failure_text(e), both("template.near", text=around[:160]) if around else same("")], "")) from None
    props = tpl.docx.core_properties
    props.created = props.modified = created
    props.revision = 1
    props.title = context.get("subject", "")
    buf = io.BytesIO()
    tpl.save(buf)
    return repack(buf.getvalue())


def text_around(tpl: DocxTemplate, lineno: int | None) -> list[str]:
    """The document text near a Jinja error line, as docxtpl numbers lines (one per paragraph)."""
    if not lineno:
        return []
    xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(tpl.get_xml()))
    lines = xml.splitlines()[max(lineno - 2, 0): lineno + 1]
    return [re.sub(r"<[^>]+>", "", line) for line in lines]


def jinja_detail(e: JinjaTemplateError, context: list[str]) -> dict[str, str]:
    """The Jinja error, with the document text around it (``text_around``) when known, in both languages."""
    around = " ".join(t.strip() for t in context if t.strip())
    return joined([failure_text(e), both("template.near", text=around[:160]) if around else same("")], "")
