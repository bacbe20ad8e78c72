"""Building the report's Word templates from a style profile and the report's tables.

``bao_cao.docx`` (a report: header, title, narrative, signature, annexes) and ``phu_luc.docx`` (the
statistical annex alone) are laid out here with python-docx, every number from the style profile
(:mod:`dm05.style`) and the annex's and per-year table's columns from the report's data
(:mod:`dm05.reportspec`); docxtpl then fills them. A report builds its template for its workspace's
profile and columns; the templates committed in ``dm05/templates/`` are those of the default profile and
columns (``python tools/build_templates.py``), what ``dm05 template export`` gives a clerk to restyle.
Building is deterministic: the same profile and columns give the same bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from dm05.docxzip import repack
from dm05.style import StyleProfile

FIXED_TIME = datetime(2026, 1, 1)
CENTER, LEFT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY
HEAD = "DM Đầu văn bản"
NAME_MM, NAME_MIN_MM = 40, 32  # the annex's "Đơn vị" column, and how far it narrows for more figure columns
NOTE_MM, NOTE_MIN_MM = 18, 14  # its "Ghi chú" (it takes what is left, at least NOTE_MM while it can), likewise
FIGURE_MIN_MM, DEFAULT_FIGURE_MM = 10, 15


@dataclass(frozen=True)
class TableColumn:
    """A column of a built table: its heading, its cell (a Jinja expression over the row ``r``), its width
    in mm (0: a share of what is left) and, in the annex, its entry in the column-number row ("6=5/4")."""

    heading: str
    expr: str
    width: float = 0
    index: str = ""


def _fonts(rpr: Any, name: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _style(doc: Any, name: str, sp: StyleProfile, size: float, *, bold: bool = False, italic: bool = False,
           align: Any = JUSTIFY, indent: bool = False, before: float = 0.0, after: float | None = None,
           exact: bool = True) -> Any:
    styles = doc.styles
    st = styles[name] if name in [s.name for s in styles] else styles.add_style(name, 1)
    st.base_style = styles["Normal"]
    st.font.name = sp.font.name
    st.font.size = Pt(size)
    st.font.bold = bold
    st.font.italic = italic
    _fonts(st.element.get_or_add_rPr(), sp.font.name)
    pf = st.paragraph_format
    pf.alignment = align
    pf.first_line_indent = Mm(sp.body.first_line_indent_mm) if indent else Mm(0)
    pf.space_before = Pt(before)
    pf.space_after = Pt(sp.body.space_after_pt if after is None else after)
    if exact:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(sp.body.line_spacing_pt)
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.widow_control = True
    return st


def _para(container: Any, text: str = "", style: str | None = None, *, bold: bool | None = None,
          italic: bool | None = None, underline: bool | None = None, size: float | None = None, align: Any = None,
          before: float | None = None, after: float | None = None) -> Any:
    p = container.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
    if align is not None:
        p.paragraph_format.alignment = align
    if before is not None:
        p.paragraph_format.space_before = Pt(before)
    if after is not None:
        p.paragraph_format.space_after = Pt(after)
    return p


def _no_borders(table: Any) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _widths(table: Any, widths_mm: list[float]) -> None:
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm):
        col.set(qn("w:w"), str(int(Mm(w).twips)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)
    tblW = table._tbl.tblPr.find(qn("w:tblW"))
    if tblW is None:
        tblW = OxmlElement("w:tblW")
        table._tbl.tblPr.append(tblW)
    tblW.set(qn("w:type"), "dxa")
    tblW.set(qn("w:w"), str(int(sum(Mm(w).twips for w in widths_mm))))


def _cell_margins(table: Any, mm: float) -> None:
    """Narrow left/right cell margins so wide annex tables keep their figures on one line."""
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(Mm(mm).twips)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    table._tbl.tblPr.append(mar)


def _repeat_header(row: Any) -> None:
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(el)


def _cell_text(cell: Any, text: str, style: str, *, bold: bool | None = None, italic: bool | None = None,
               align: Any = CENTER) -> None:
    p = cell.paragraphs[0]
    p.style = style
    p.paragraph_format.alignment = align
    run = p.add_run(text)
    run.bold, run.italic = bold, italic


def _field_run(paragraph: Any, instr: str, size: float) -> None:
    run = paragraph.add_run()
    run.font.size = Pt(size)
    for kind, text in (("begin", None), ("instr", instr), ("separate", None), ("text", "2"), ("end", None)):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)


def _draft_mark(header: Any, sp: StyleProfile) -> None:
    """"DỰ THẢO" at the top right of every page of a draft."""
    _para(header, "{%p if draft %}")
    _para(header, "DỰ THẢO", bold=True, size=sp.size.page_number, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(header, "{%p endif %}")


def _page_number_header(section: Any, sp: StyleProfile) -> None:
    """Page number centred in the top margin, none on the section's first page; the draft mark on all."""
    section.different_first_page_header_footer = True
    section.header.is_linked_to_previous = False
    p = section.header.paragraphs[0]
    p.paragraph_format.alignment = CENTER
    _field_run(p, " PAGE ", sp.size.page_number)
    _draft_mark(section.header, sp)
    first = section.first_page_header
    first.is_linked_to_previous = False
    _draft_mark(first, sp)  # its first, empty paragraph stays: a header needs one


def _margins(section: Any, sp: StyleProfile, landscape: bool = False) -> None:
    w, h = Mm(sp.page.width_mm), Mm(sp.page.height_mm)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (h, w) if landscape else (w, h)
    section.top_margin, section.bottom_margin = Mm(sp.page.top_mm), Mm(sp.page.bottom_mm)
    section.left_margin, section.right_margin = Mm(sp.page.left_mm), Mm(sp.page.right_mm)
    section.header_distance = Mm(sp.page.page_number_from_top_mm)
    section.footer_distance = Mm(sp.page.page_number_from_top_mm)


def _new_document(sp: StyleProfile) -> Any:
    """A document with the profile's fonts and the named paragraph styles a clerk sees in Word."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = sp.font.name
    normal.font.size = Pt(sp.size.body)
    _fonts(normal.element.get_or_add_rPr(), sp.font.name)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _style(doc, HEAD, sp, sp.size.issuer, align=CENTER, after=0, exact=False)
    _style(doc, "DM Nội dung", sp, sp.size.body, indent=True, before=sp.body.space_before_pt)
    _style(doc, "DM Đề mục 1", sp, sp.size.body, bold=True, indent=True, before=6)
    _style(doc, "DM Đề mục 2", sp, sp.size.body, bold=True, indent=True)
    _style(doc, "DM Đề mục 3", sp, sp.size.body, bold=True, italic=True, indent=True)
    _style(doc, "DM Cần bổ sung", sp, sp.size.body, italic=True, indent=True)
    _style(doc, "DM Bảng", sp, sp.size.table, align=CENTER, after=0, exact=False)
    _style(doc, "DM Bảng phụ lục", sp, sp.size.annex_table, align=CENTER, after=0, exact=False)
    _style(doc, "DM Nơi nhận", sp, sp.size.recipients, align=LEFT, after=0, exact=False)
    cp = doc.core_properties
    cp.author, cp.last_modified_by, cp.title, cp.comments = "dm05", "dm05", "", ""
    cp.created = cp.modified = FIXED_TIME
    cp.revision = 1
    return doc


def _header_block(doc: Any, sp: StyleProfile, text_width: float) -> None:
    """Issuing body, asterisk and number on the left; the Party's name, underlined, and the italic
    place-and-date line on the right; a borderless two-column table as clerks lay it out in Word."""
    head = doc.add_table(rows=1, cols=2)
    _no_borders(head)
    left_w = sp.page.header_left_col_mm
    _widths(head, [left_w, text_width - left_w])
    left, right = head.rows[0].cells
    left.paragraphs[0].style = HEAD
    left.paragraphs[0].add_run("{{ superior }}").font.size = Pt(sp.size.superior)
    _para(left, "{{ issuer }}", HEAD, bold=True, size=sp.size.issuer)
    _para(left, "*", HEAD, size=sp.size.issuer)
    _para(left, "{{ number }}", HEAD, size=sp.size.number)
    right.paragraphs[0].style = HEAD
    r = right.paragraphs[0].add_run("ĐẢNG CỘNG SẢN VIỆT NAM")
    r.bold, r.underline, r.font.size = True, True, Pt(sp.size.party)
    _para(right, "{{ place_date }}", HEAD, italic=True, size=sp.size.date, before=14)


def fit_widths(columns: list[TableColumn], room: float) -> list[float]:
    """Widths in mm of ``columns`` within ``room`` mm: each its own width (DEFAULT_FIGURE_MM when it gives
    none), all narrowed together, down to FIGURE_MIN_MM, when they do not fit."""
    given = [c.width or DEFAULT_FIGURE_MM for c in columns]
    total = sum(given)
    if total > room:
        given = [max(FIGURE_MIN_MM, w * room / total) for w in given]
    return [round(w, 2) for w in given]


def _body(doc: Any, sp: StyleProfile, years: list[TableColumn], text_width: float) -> None:
    """The narrative's blocks, one paragraph style per kind; tables where the narrative puts them."""
    _para(doc, "{%p for b in body %}")
    for i, (kind, style) in enumerate((("h1", "DM Đề mục 1"), ("h2", "DM Đề mục 2"), ("h3", "DM Đề mục 3"),
                                       ("todo", "DM Cần bổ sung"))):
        _para(doc, ("{%p if " if i == 0 else "{%p elif ") + f'b.kind == "{kind}" %}}')
        _para(doc, "{{ b.text }}", style)
    _para(doc, '{%p elif b.kind == "table" %}')
    summary = doc.add_table(rows=4, cols=4)
    summary.style = doc.styles["Table Grid"]
    summary.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(summary, [12, 93, 30, 30])
    for cell, text in zip(summary.rows[0].cells, ("TT", "Chỉ tiêu", "Số lượng", "Tỷ lệ (%)")):
        _cell_text(cell, text, "DM Bảng", bold=True)
    _repeat_header(summary.rows[0])
    summary.rows[1].cells[0].paragraphs[0].add_run("{%tr for r in b.rows %}")
    for cell, text, align in zip(summary.rows[2].cells, ("{{ r.tt }}", "{{ r.label }}", "{{ r.value }}", "{{ r.rate }}"),
                                 (CENTER, LEFT, CENTER, CENTER)):
        _cell_text(cell, text, "DM Bảng", align=align)
    summary.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    _para(doc, '{%p elif b.kind == "years" %}')
    columns = [TableColumn("Năm", "{{ r.year }}", 25), *years]
    table = doc.add_table(rows=4, cols=len(columns))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [25, *fit_widths(years, text_width - 25)])
    for cell, col in zip(table.rows[0].cells, columns):
        _cell_text(cell, col.heading, "DM Bảng", bold=True)
    _repeat_header(table.rows[0])
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for r in b.rows %}")
    for i, (cell, col) in enumerate(zip(table.rows[2].cells, columns)):
        _cell_text(cell, col.expr, "DM Bảng", align=LEFT if i == 0 else CENTER)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    _para(doc, "{%p else %}")
    _para(doc, "{{ b.text }}", "DM Nội dung")
    _para(doc, "{%p endif %}")
    _para(doc, "{%p endfor %}")


def _signature(doc: Any, sp: StyleProfile, text_width: float) -> None:
    """Nơi nhận on the left; on-behalf line (bold), title (regular), room to sign, name (bold) right."""
    sig = doc.add_table(rows=1, cols=2)
    _no_borders(sig)
    _widths(sig, [text_width / 2, text_width / 2])
    left, right = sig.rows[0].cells
    p = left.paragraphs[0]
    p.paragraph_format.space_before = Pt(12)
    run = p.add_run("Nơi nhận")
    run.underline, run.font.size = True, Pt(sp.size.recipients_label)
    p.add_run(":").font.size = Pt(sp.size.recipients_label)
    _para(left, "{%p for line in recipients %}", "DM Nơi nhận")
    _para(left, "{{ line }}", "DM Nơi nhận")
    _para(left, "{%p endfor %}", "DM Nơi nhận")
    right.paragraphs[0].style = HEAD
    right.paragraphs[0].paragraph_format.space_before = Pt(12)
    r = right.paragraphs[0].add_run("{{ signer_on_behalf }}")
    r.bold, r.font.size = True, Pt(sp.size.signer)
    _para(right, "{{ signer_title }}", HEAD, size=sp.size.signer)
    _para(right, "", HEAD, size=sp.size.signer, after=60)
    _para(right, "{{ signer_name }}", HEAD, bold=True, size=sp.size.signer)


def _save(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return repack(out.getvalue())


def build_report(sp: StyleProfile, annex: list[TableColumn], years: list[TableColumn]) -> bytes:
    """Annual, half-year and multi-year reports: header, title, narrative, signature, annexes."""
    doc = _new_document(sp)
    section = doc.sections[0]
    _margins(section, sp)
    _page_number_header(section, sp)
    text_width = sp.page.width_mm - sp.page.left_mm - sp.page.right_mm
    _header_block(doc, sp, text_width)
    _para(doc, "{{ doc_type }}", HEAD, bold=True, size=sp.size.title, before=18, after=0)
    _para(doc, "{{ subject }}", HEAD, bold=True, size=sp.size.subject)
    _para(doc, "-----", HEAD, size=sp.size.subject, after=12)
    _body(doc, sp, years, text_width)
    _signature(doc, sp, text_width)
    # A draft lists what is missing at the end of the body.
    _para(doc, "{%p if draft %}")
    _para(doc, "NHỮNG SỐ LIỆU CÒN THIẾU HOẶC CHƯA HỢP LỆ", HEAD, bold=True, before=18, after=6)
    _para(doc, "{%p for line in draft_notes %}")
    _para(doc, "{{ line }}", "DM Nội dung")
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p endif %}")
    _annex(doc, sp, annex, new_section=True)
    _charts_annex(doc, sp)
    return _save(doc)


def _annex_section(doc: Any, sp: StyleProfile, new_section: bool) -> Any:
    """A landscape section whose pages are numbered from 1 again, with no number on its first page."""
    section = doc.add_section(WD_SECTION.NEW_PAGE) if new_section else doc.sections[-1]
    _margins(section, sp, landscape=True)
    _page_number_header(section, sp)
    pg = OxmlElement("w:pgNumType")
    pg.set(qn("w:start"), "1")
    section._sectPr.append(pg)
    return section


def _annex(doc: Any, sp: StyleProfile, figures: list[TableColumn], new_section: bool) -> None:
    """Phụ lục số 1: the statistical table, a total row first, bold subtotal rows for parents."""
    _annex_section(doc, sp, new_section)
    wide = sp.page.height_mm - sp.page.left_mm - sp.page.right_mm
    _para(doc, "{{ annex.label }}", HEAD, bold=True)
    _para(doc, "{{ annex.title }}", HEAD, bold=True, before=6)
    _para(doc, "{{ annex.caption }}", HEAD, italic=True, after=12)
    last = 3 + len(figures)
    columns = [TableColumn("TT", "{{ r.tt }}", 9, "1"), TableColumn("Đơn vị", "{{ r.name }}", NAME_MM, "2"), *figures,
               TableColumn("Ghi chú", "{{ r.note }}", 0, str(last))]
    # more figure columns than fit: the note and then the unit names narrow first (they wrap by words), then
    # the figure columns, whose headings already wrap and whose figures must stay on one line
    excess = max(0.0, sum(c.width or DEFAULT_FIGURE_MM for c in figures) - (wide - 9 - NAME_MM - NOTE_MM))
    note = NOTE_MM - min(excess, NOTE_MM - NOTE_MIN_MM)
    name = NAME_MM - min(max(0.0, excess - (NOTE_MM - note)), NAME_MM - NAME_MIN_MM)
    widths = [9.0, round(name, 2), *fit_widths(figures, wide - 9 - name - note)]
    widths.append(round(wide - sum(widths), 2))
    # Rows: headings; column numbers with the ratio arithmetic; the total; per unit, bold or plain.
    t = doc.add_table(rows=9, cols=len(columns))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(t, widths)
    _cell_margins(t, 1)
    st = "DM Bảng phụ lục"
    for i, col in enumerate(columns):
        align = LEFT if i == 1 else CENTER
        _cell_text(t.rows[0].cells[i], col.heading, st, bold=True)
        _cell_text(t.rows[1].cells[i], col.index, st, italic=True)
        _cell_text(t.rows[2].cells[i], col.expr.replace("r.", "annex.total."), st, bold=True, align=align)
        _cell_text(t.rows[5].cells[i], col.expr, st, bold=True, align=align)
        _cell_text(t.rows[7].cells[i], col.expr, st, align=align)
    _repeat_header(t.rows[0])
    _repeat_header(t.rows[1])
    for row, tag in ((3, "{%tr for r in annex.rows %}"), (4, "{%tr if r.bold %}"), (6, "{%tr else %}"),
                     (8, "{%tr endif %}")):
        t.rows[row].cells[0].paragraphs[0].add_run(tag)
    t.add_row().cells[0].paragraphs[0].add_run("{%tr endfor %}")
    _para(doc, "{{ annex.footnote }}", "DM Nơi nhận", italic=True, before=6)


def _charts_annex(doc: Any, sp: StyleProfile) -> None:
    """Phụ lục số 2, only when there are charts: its own section, so its pages are numbered apart."""
    _para(doc, "{%p if charts %}")
    _annex_section(doc, sp, new_section=True)
    _para(doc, "{{ charts_annex.label }}", HEAD, bold=True)
    _para(doc, "{{ charts_annex.title }}", HEAD, bold=True, before=6)
    _para(doc, "{{ charts_annex.caption }}", HEAD, italic=True, after=12)
    _para(doc, "{%p for c in charts %}")
    _para(doc, "{{ c.image }}", HEAD, after=0)
    _para(doc, "{{ c.caption }}", HEAD, italic=True, after=12)
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p endif %}")


def build_annex(sp: StyleProfile, annex: list[TableColumn]) -> bytes:
    """The statistical annex issued alone: header block, title and the table, all landscape."""
    doc = _new_document(sp)
    _annex_section(doc, sp, new_section=False)
    wide = sp.page.height_mm - sp.page.left_mm - sp.page.right_mm
    _header_block(doc, sp, wide)
    _annex(doc, sp, annex, new_section=False)
    return _save(doc)
