"""Build the built-in report templates (dm05/templates/*.docx) from a style profile.

The committed .docx files are what dm05 renders and what a clerk exports to edit in Word; this script
is how a maintainer rebuilds them after changing a style profile or the layout:

    python tools/build_templates.py            # rebuild in place
    python tools/build_templates.py --check    # exit 1 if the committed templates are stale (CI)
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dm05.docxzip import repack  # noqa: E402
from dm05.style import StyleProfile, load_style  # noqa: E402

TEMPLATES = ROOT / "dm05" / "templates"
FIXED_TIME = datetime(2026, 1, 1)

# Annex "Phụ lục số 1": (header, cell expression, width mm). Column numbers and the ratio arithmetic
# in the index row follow the statistical-form convention (domain.md §4.9).
ANNEX_COLUMNS = [
    ("TT", "{{ r.tt }}", 9, "1"),
    ("Đơn vị", "{{ r.name }}", 40, "2"),
    ("Số chi bộ", "{{ r.v.so_chi_bo }}", 14, "3"),
    ("Số đảng viên", "{{ r.v.so_dang_vien }}", 16, "4"),
    ("Cán bộ, đảng viên đăng ký học tập và làm theo", "{{ r.v.dang_vien_dang_ky }}", 16, "5"),
    ("Tỷ lệ (%)", "{{ r.p.ti_le_dang_vien_dang_ky }}", 16, "6=5/4"),
    ("Đảng viên tham gia học tập chuyên đề", "{{ r.v.dang_vien_hoc_tap }}", 16, "7"),
    ("Tỷ lệ (%)", "{{ r.p.ti_le_dang_vien_hoc_tap }}", 16, "8=7/4"),
    ("Chi bộ sinh hoạt định kỳ đủ 12 kỳ", "{{ r.v.chi_bo_sinh_hoat_du_12_ky }}", 15, "9"),
    ("Tỷ lệ (%)", "{{ r.p.ti_le_chi_bo_sinh_hoat_du_12_ky }}", 16, "10=9/3"),
    ("Chi bộ sinh hoạt chuyên đề từ 4 kỳ", "{{ r.v.chi_bo_sinh_hoat_chuyen_de }}", 15, "11"),
    ("Tỷ lệ (%)", "{{ r.p.ti_le_chi_bo_sinh_hoat_chuyen_de }}", 16, "12=11/3"),
    ("Mô hình xây dựng mới", "{{ r.v.mo_hinh_moi }}", 14, "13"),
    ("Mô hình nhân rộng", "{{ r.v.mo_hinh_nhan_rong }}", 14, "14"),
    ("Ghi chú", "{{ r.note }}", 0, "15"),  # width 0: the rest of the line
]


# The per-year table of a multi-year review: (heading, cell expression, width mm).
YEAR_COLUMNS = [
    ("Năm", "{{ r.year }}", 25),
    ("Số đảng viên", "{{ r.v.so_dang_vien }}", 22),
    ("Tỷ lệ đảng viên đăng ký làm theo (%)", "{{ r.p.ti_le_dang_vien_dang_ky }}", 24),
    ("Tỷ lệ đảng viên học tập chuyên đề (%)", "{{ r.p.ti_le_dang_vien_hoc_tap }}", 24),
    ("Tỷ lệ chi bộ sinh hoạt đủ 12 kỳ (%)", "{{ r.p.ti_le_chi_bo_sinh_hoat_du_12_ky }}", 24),
    ("Mô hình xây dựng mới", "{{ r.v.mo_hinh_moi }}", 22),
    ("Tập thể, cá nhân được khen thưởng", "{{ r.v.khen_thuong }}", 24),
]


def _fonts(rpr: OxmlElement, name: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _style(doc, name: str, sp: StyleProfile, size: float, *, bold=False, italic=False,
           align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=False, before=0.0, after=None, exact=True):
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


def _para(container, text: str = "", style: str | None = None, *, bold=None, italic=None, underline=None,
          size: float | None = None, align=None, before=None, after=None):
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


def _no_borders(table) -> None:
    tblPr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblPr.append(borders)


def _widths(table, widths_mm: list[float]) -> None:
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


def _cell_margins(table, mm: float) -> None:
    """Narrow left/right cell margins so wide annex tables keep their figures on one line."""
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(Mm(mm).twips)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    table._tbl.tblPr.append(mar)


def _repeat_header(row) -> None:
    trPr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trPr.append(el)


def _cell_text(cell, text: str, style: str, *, bold=None, italic=None, align=WD_ALIGN_PARAGRAPH.CENTER):
    p = cell.paragraphs[0]
    p.style = style
    p.paragraph_format.alignment = align
    run = p.add_run(text)
    run.bold, run.italic = bold, italic


def _field_run(paragraph, instr: str, size: float) -> None:
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


def _draft_mark(header, sp: StyleProfile) -> None:
    """"DỰ THẢO" at the top right of every page of a draft."""
    _para(header, "{%p if draft %}")
    _para(header, "DỰ THẢO", bold=True, size=sp.size.page_number, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(header, "{%p endif %}")


def _page_number_header(section, sp: StyleProfile) -> None:
    """Page number centred in the top margin, none on the section's first page; the draft mark on all."""
    section.different_first_page_header_footer = True
    section.header.is_linked_to_previous = False
    p = section.header.paragraphs[0]
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field_run(p, " PAGE ", sp.size.page_number)
    _draft_mark(section.header, sp)
    first = section.first_page_header
    first.is_linked_to_previous = False
    _draft_mark(first, sp)  # its first, empty paragraph stays: a header needs one


def _margins(section, sp: StyleProfile, landscape: bool = False) -> None:
    w, h = Mm(sp.page.width_mm), Mm(sp.page.height_mm)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (h, w) if landscape else (w, h)
    section.top_margin, section.bottom_margin = Mm(sp.page.top_mm), Mm(sp.page.bottom_mm)
    section.left_margin, section.right_margin = Mm(sp.page.left_mm), Mm(sp.page.right_mm)
    section.header_distance = Mm(sp.page.page_number_from_top_mm)
    section.footer_distance = Mm(sp.page.page_number_from_top_mm)


def _new_document(sp: StyleProfile):
    """A document with the profile's fonts and the named paragraph styles a clerk sees in Word."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = sp.font.name
    normal.font.size = Pt(sp.size.body)
    _fonts(normal.element.get_or_add_rPr(), sp.font.name)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    C = WD_ALIGN_PARAGRAPH.CENTER
    _style(doc, "DM Đầu văn bản", sp, sp.size.issuer, align=C, after=0, exact=False)
    _style(doc, "DM Nội dung", sp, sp.size.body, indent=True, before=sp.body.space_before_pt)
    _style(doc, "DM Đề mục 1", sp, sp.size.body, bold=True, indent=True, before=6)
    _style(doc, "DM Đề mục 2", sp, sp.size.body, bold=True, indent=True)
    _style(doc, "DM Đề mục 3", sp, sp.size.body, bold=True, italic=True, indent=True)
    _style(doc, "DM Cần bổ sung", sp, sp.size.body, italic=True, indent=True)
    _style(doc, "DM Bảng", sp, sp.size.table, align=C, after=0, exact=False)
    _style(doc, "DM Bảng phụ lục", sp, sp.size.annex_table, align=C, after=0, exact=False)
    _style(doc, "DM Nơi nhận", sp, sp.size.recipients, align=WD_ALIGN_PARAGRAPH.LEFT, after=0, exact=False)
    cp = doc.core_properties
    cp.author, cp.last_modified_by, cp.title, cp.comments = "dm05", "dm05", "", ""
    cp.created = cp.modified = FIXED_TIME
    cp.revision = 1
    return doc


def _header_block(doc, sp: StyleProfile, text_width: float) -> None:
    """Issuing body, asterisk and number on the left; the Party's name, underlined, and the italic
    place-and-date line on the right; a borderless two-column table as clerks lay it out in Word."""
    head = doc.add_table(rows=1, cols=2)
    _no_borders(head)
    left_w = sp.page.header_left_col_mm
    _widths(head, [left_w, text_width - left_w])
    left, right = head.rows[0].cells
    hs = "DM Đầu văn bản"
    left.paragraphs[0].style = hs
    left.paragraphs[0].add_run("{{ superior }}").font.size = Pt(sp.size.superior)
    _para(left, "{{ issuer }}", hs, bold=True, size=sp.size.issuer)
    _para(left, "*", hs, size=sp.size.issuer)
    _para(left, "{{ number }}", hs, size=sp.size.number)
    right.paragraphs[0].style = hs
    r = right.paragraphs[0].add_run("ĐẢNG CỘNG SẢN VIỆT NAM")
    r.bold, r.underline, r.font.size = True, True, Pt(sp.size.party)
    _para(right, "{{ place_date }}", hs, italic=True, size=sp.size.date, before=14)


def _body(doc, sp: StyleProfile) -> None:
    """The narrative's blocks, one paragraph style per kind; tables where the narrative puts them."""
    C, L = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
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
                                 (C, L, C, C)):
        _cell_text(cell, text, "DM Bảng", align=align)
    summary.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    _para(doc, '{%p elif b.kind == "years" %}')
    years = doc.add_table(rows=4, cols=len(YEAR_COLUMNS))
    years.style = doc.styles["Table Grid"]
    years.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(years, [w for _, _, w in YEAR_COLUMNS])
    for cell, (head, expr, _) in zip(years.rows[0].cells, YEAR_COLUMNS):
        _cell_text(cell, head, "DM Bảng", bold=True)
    _repeat_header(years.rows[0])
    years.rows[1].cells[0].paragraphs[0].add_run("{%tr for r in b.rows %}")
    for i, (cell, (_, expr, _)) in enumerate(zip(years.rows[2].cells, YEAR_COLUMNS)):
        _cell_text(cell, expr, "DM Bảng", align=L if i == 0 else C)
    years.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    _para(doc, "{%p else %}")
    _para(doc, "{{ b.text }}", "DM Nội dung")
    _para(doc, "{%p endif %}")
    _para(doc, "{%p endfor %}")


def _signature(doc, sp: StyleProfile, text_width: float) -> None:
    """Nơi nhận on the left; on-behalf line (bold), title (regular), room to sign, name (bold) right."""
    hs = "DM Đầu văn bản"
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
    right.paragraphs[0].style = hs
    right.paragraphs[0].paragraph_format.space_before = Pt(12)
    r = right.paragraphs[0].add_run("{{ signer_on_behalf }}")
    r.bold, r.font.size = True, Pt(sp.size.signer)
    _para(right, "{{ signer_title }}", hs, size=sp.size.signer)
    _para(right, "", hs, size=sp.size.signer, after=60)
    _para(right, "{{ signer_name }}", hs, bold=True, size=sp.size.signer)


def build_report(sp: StyleProfile) -> bytes:
    """Annual, half-year and multi-year reports: header, title, narrative, signature, annexes."""
    doc = _new_document(sp)
    section = doc.sections[0]
    _margins(section, sp)
    _page_number_header(section, sp)
    text_width = sp.page.width_mm - sp.page.left_mm - sp.page.right_mm
    _header_block(doc, sp, text_width)
    hs = "DM Đầu văn bản"
    _para(doc, "{{ doc_type }}", hs, bold=True, size=sp.size.title, before=18, after=0)
    _para(doc, "{{ subject }}", hs, bold=True, size=sp.size.subject)
    _para(doc, "-----", hs, size=sp.size.subject, after=12)
    _body(doc, sp)
    _signature(doc, sp, text_width)
    # A draft lists what is missing at the end of the body.
    _para(doc, "{%p if draft %}")
    _para(doc, "NHỮNG SỐ LIỆU CÒN THIẾU HOẶC CHƯA HỢP LỆ", hs, bold=True, before=18, after=6)
    _para(doc, "{%p for line in draft_notes %}")
    _para(doc, "{{ line }}", "DM Nội dung")
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p endif %}")
    _annex(doc, sp, new_section=True)
    _charts_annex(doc, sp)
    out = io.BytesIO()
    doc.save(out)
    return repack(out.getvalue())


def _annex_section(doc, sp: StyleProfile, new_section: bool):
    """A landscape section whose pages are numbered from 1 again, with no number on its first page."""
    section = doc.add_section(WD_SECTION.NEW_PAGE) if new_section else doc.sections[-1]
    _margins(section, sp, landscape=True)
    _page_number_header(section, sp)
    pg = OxmlElement("w:pgNumType")
    pg.set(qn("w:start"), "1")
    section._sectPr.append(pg)
    return section


def _annex(doc, sp: StyleProfile, new_section: bool) -> None:
    """Phụ lục số 1: the statistical table, a total row first, bold subtotal rows for parents."""
    _annex_section(doc, sp, new_section)
    hs = "DM Đầu văn bản"
    wide = sp.page.height_mm - sp.page.left_mm - sp.page.right_mm
    _para(doc, "{{ annex.label }}", hs, bold=True)
    _para(doc, "{{ annex.title }}", hs, bold=True, before=6)
    _para(doc, "{{ annex.caption }}", hs, italic=True, after=12)
    fixed = sum(w for _, _, w, _ in ANNEX_COLUMNS)
    widths = [w or (wide - fixed) for _, _, w, _ in ANNEX_COLUMNS]
    # Rows: headings; column numbers with the ratio arithmetic; the total; per unit, bold or plain.
    t = doc.add_table(rows=9, cols=len(ANNEX_COLUMNS))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(t, widths)
    _cell_margins(t, 1)
    st = "DM Bảng phụ lục"
    C, L = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
    for i, (header, expr, _, index) in enumerate(ANNEX_COLUMNS):
        align = L if i == 1 else C
        _cell_text(t.rows[0].cells[i], header, st, bold=True)
        _cell_text(t.rows[1].cells[i], index, st, italic=True)
        _cell_text(t.rows[2].cells[i], expr.replace("r.", "annex.total."), st, bold=True, align=align)
        _cell_text(t.rows[5].cells[i], expr, st, bold=True, align=align)
        _cell_text(t.rows[7].cells[i], expr, st, align=align)
    _repeat_header(t.rows[0])
    _repeat_header(t.rows[1])
    for row, tag in ((3, "{%tr for r in annex.rows %}"), (4, "{%tr if r.bold %}"), (6, "{%tr else %}"),
                     (8, "{%tr endif %}")):
        t.rows[row].cells[0].paragraphs[0].add_run(tag)
    t.add_row().cells[0].paragraphs[0].add_run("{%tr endfor %}")
    _para(doc, "{{ annex.footnote }}", "DM Nơi nhận", italic=True, before=6)


def _charts_annex(doc, sp: StyleProfile) -> None:
    """Phụ lục số 2, only when there are charts: its own section, so its pages are numbered apart."""
    hs = "DM Đầu văn bản"
    _para(doc, "{%p if charts %}")
    _annex_section(doc, sp, new_section=True)
    _para(doc, "{{ charts_annex.label }}", hs, bold=True)
    _para(doc, "{{ charts_annex.title }}", hs, bold=True, before=6)
    _para(doc, "{{ charts_annex.caption }}", hs, italic=True, after=12)
    _para(doc, "{%p for c in charts %}")
    _para(doc, "{{ c.image }}", hs, after=0)
    _para(doc, "{{ c.caption }}", hs, italic=True, after=12)
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p endif %}")


def build_annex(sp: StyleProfile) -> bytes:
    """The statistical annex issued alone: header block, title and the table, all landscape."""
    doc = _new_document(sp)
    _annex_section(doc, sp, new_section=False)
    wide = sp.page.height_mm - sp.page.left_mm - sp.page.right_mm
    _header_block(doc, sp, wide)
    _annex(doc, sp, new_section=False)
    out = io.BytesIO()
    doc.save(out)
    return repack(out.getvalue())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if the committed templates are stale")
    ap.add_argument("--style", default="hd36-2018")
    args = ap.parse_args()
    sp = load_style(args.style)
    built = {TEMPLATES / "bao_cao.docx": build_report(sp), TEMPLATES / "phu_luc.docx": build_annex(sp)}
    stale = [p for p, data in built.items() if not p.is_file() or p.read_bytes() != data]
    if args.check:
        for p in stale:
            print(f"stale: {p.relative_to(ROOT)} (run python tools/build_templates.py)")
        return 1 if stale else 0
    for p, data in built.items():
        p.write_bytes(data)
        print(f"wrote {p.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
