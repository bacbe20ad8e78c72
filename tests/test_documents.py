"""Every report kind in the Party format, rendered by Word-compatible docx and by LibreOffice."""

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt
from typer.testing import CliRunner

from conftest import DEMO, TINY_TOML, TINY_UNITS, write_xlsx
from dm05.cli import app
from dm05.errors import TemplateError
from dm05.period import parse_period
from dm05.report import make_report, split_tags
from dm05.workspace import load_workspace

HALF = [["Mã đơn vị", "Số đảng viên", "Số cán bộ, đảng viên đăng ký học tập và làm theo", "Số kỳ sinh hoạt định kỳ"],
        ["01.01", 30, 29, 6], ["01.02", 20, 20, 6], ["01.03", 15, 15, 5], ["02.01", 12, 12, 6]]


@pytest.fixture(scope="module")
def kinds(demo_reports, tmp_path_factory) -> dict[str, tuple[Path, docx.Document]]:
    """One rendered document per report kind: the demo's (shared by the session), and a half-year of the tiny
    workspace."""
    made = {kind: demo_reports(kind).path for kind in ("annual", "review", "annex")}
    half = tmp_path_factory.mktemp("half")
    (half / "dm05.toml").write_text(TINY_TOML, encoding="utf-8")
    (half / "units.csv").write_text(TINY_UNITS, encoding="utf-8")
    write_xlsx(half / "inbox" / "2026-H1" / "x.xlsx", HALF)
    made["half_year"] = make_report(load_workspace(half), parse_period("2026-H1"), output=half / "half.docx").path
    return {k: (p, docx.Document(str(p))) for k, p in made.items()}


def _alignment(p):
    """The alignment Word shows: the paragraph's own, else its style's."""
    return p.alignment if p.alignment is not None else p.style.paragraph_format.alignment


def _paragraph(doc, text: str):
    return next(p for p in doc.paragraphs if p.text == text)


@pytest.mark.parametrize("kind", ["annual", "half_year", "review", "annex"])
def test_party_format_rules(kinds, kind) -> None:
    _, doc = kinds[kind]
    first = doc.sections[0]
    landscape = kind == "annex"
    size = (16838, 11906) if landscape else (11906, 16838)
    assert (first.page_width.twips, first.page_height.twips) == size
    assert [m.twips for m in (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)] == [
        1134, 1134, 1701, 850]
    assert first.header_distance.twips == 567 and first.different_first_page_header_footer
    assert "PAGE" in first.header._element.xml and "PAGE" not in first.first_page_header._element.xml
    left, right = doc.tables[0].rows[0].cells
    superior, issuer, star, number = left.paragraphs
    assert superior.runs[0].font.size == Pt(14) and not superior.runs[0].bold
    assert issuer.runs[0].bold and issuer.style.font.size == Pt(14) and star.text == "*"
    assert re.fullmatch(r"Số [ \d]*-(BC|PL)?[A-Z]*/[A-ZĐ]+", number.text)
    party, place = right.paragraphs
    run = party.runs[0]
    assert (run.text, run.bold, run.underline, run.font.size) == ("ĐẢNG CỘNG SẢN VIỆT NAM", True, True, Pt(15))
    assert place.runs[0].italic and place.runs[0].font.size == Pt(14) and ", ngày " in place.text
    for p in (left.paragraphs + right.paragraphs):
        assert _alignment(p) == WD_ALIGN_PARAGRAPH.CENTER
    rpr = doc.styles["Normal"].element.rPr
    assert rpr.rFonts.get(qn("w:ascii")) == "Times New Roman" and rpr.rFonts.get(qn("w:eastAsia")) == "Times New Roman"
    if kind == "annex":
        assert doc.paragraphs[0].text == "Phụ lục"
        return
    title = _paragraph(doc, "BÁO CÁO")
    assert title.runs[0].bold and title.runs[0].font.size == Pt(16)
    assert _alignment(title) == WD_ALIGN_PARAGRAPH.CENTER
    subject = doc.paragraphs[[p.text for p in doc.paragraphs].index("BÁO CÁO") + 1]
    assert subject.runs[0].bold and subject.runs[0].font.size == Pt(14) and subject.text[0].islower()
    body = [p for p in doc.paragraphs if p.style.name == "DM Nội dung"]
    assert len(body) >= 5
    fmt = doc.styles["DM Nội dung"].paragraph_format
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and fmt.first_line_indent.twips == 567  # 10 mm
    assert fmt.space_after == Pt(6) and fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY and fmt.line_spacing == Pt(18)
    assert doc.styles["DM Nội dung"].font.size == Pt(14)
    headings = [p.text for p in doc.paragraphs if p.style.name == "DM Đề mục 1"]
    assert headings[:2] == ["I. ĐẶC ĐIỂM TÌNH HÌNH", "II. KẾT QUẢ THỰC HIỆN"]
    assert all(re.match(r"\d+\. ", p.text) for p in doc.paragraphs if p.style.name == "DM Đề mục 2")
    sig = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Nơi nhận"))
    recipients, signer = sig.rows[0].cells
    label = recipients.paragraphs[0]
    assert label.runs[0].text == "Nơi nhận" and label.runs[0].underline and label.runs[0].font.size == Pt(14)
    assert doc.styles["DM Nơi nhận"].font.size == Pt(12) and recipients.paragraphs[-1].text.startswith("- Lưu ")
    lines = [p for p in signer.paragraphs if p.text]
    assert lines[0].runs[0].bold and lines[0].text.startswith("T/M ")
    assert not lines[1].runs[0].bold and lines[2].runs[0].bold


def test_review_has_a_table_per_year_and_its_subject(kinds, demo_aggregate) -> None:
    path, doc = kinds["review"]
    texts = [p.text for p in doc.paragraphs]
    assert any(t.startswith("sơ kết 02 năm thực hiện Kết luận số 01-KL/TW") for t in texts)
    years = next(t for t in doc.tables if t.rows[0].cells[0].text == "Năm")
    assert [r.cells[0].text for r in years.rows[1:]] == ["2025", "2026", "Cả giai đoạn"]
    from dm05.vnformat import so
    # Each year's row against that year rolled up on its own by `dm05 aggregate`; new models are a flow, so
    # the whole period's row is their sum.
    by_year = [demo_aggregate(y)["json"]["units"][0]["values"]["mo_hinh_moi"] for y in ("2025", "2026")]
    assert [r.cells[5].text for r in years.rows[1:]] == [so(by_year[0]), so(by_year[1]), so(sum(by_year))]


def test_annex_alone_has_every_unit_with_bold_subtotals(kinds) -> None:
    _, doc = kinds["annex"]
    table = doc.tables[-1]
    ws = load_workspace(DEMO)
    tree = ws.tree(parse_period("2026"))
    assert len(table.rows) == 3 + len(tree.order) - 1  # headings, numbers, total, every unit but the root
    first = table.rows[3]
    assert first.cells[0].text == "I" and first.cells[1].text == tree[tree.children[tree.root][0]].name
    assert first.cells[1].paragraphs[0].runs[0].bold
    cell_row = table.rows[4]
    assert cell_row.cells[0].text == "1" and not cell_row.cells[1].paragraphs[0].runs[0].bold


def test_annual_report_has_charts_in_a_second_annex(kinds) -> None:
    # the demo's report.toml adds a chart of its own amount to the three built-in ones
    path, doc = kinds["annual"]
    media = [n for n in zipfile.ZipFile(path).namelist() if n.startswith("word/media/")]
    assert len(media) == len(load_workspace(DEMO).report.charts) == 4
    texts = [p.text for p in doc.paragraphs]
    assert "Phụ lục số 2" in texts and any(t.startswith("Biểu đồ 1.") for t in texts)
    assert "Biểu đồ 4. Số tiền các mô hình huy động được (triệu đồng)" in texts


def test_half_year_report_reads_six_month_figures(kinds) -> None:
    _, doc = kinds["half_year"]
    texts = " ".join(p.text for p in doc.paragraphs)
    assert "kết quả 6 tháng đầu năm 2026" in texts and "Phụ lục số 2" not in texts
    assert "4 chi bộ với 77 đảng viên" in texts.replace("tổ chức đảng trực thuộc, ", "")


def test_kind_listing_and_wrong_kind_for_period() -> None:
    r = CliRunner().invoke(app, ["report", "--kind"])
    assert r.exit_code == 0 and all(k in r.stdout for k in ("annual", "half_year", "review", "annex"))
    r = CliRunner().invoke(app, ["report", str(DEMO), "--period", "2026", "--kind", "review"])
    assert r.exit_code == 2 and "review" in r.stderr and "Traceback" not in r.stderr


def _template_with(tmp_path: Path, paragraphs: list[list[str]]) -> Path:
    """A minimal Word template: one paragraph per list, each string its own run."""
    d = docx.Document()
    for runs in paragraphs:
        p = d.add_paragraph()
        for text in runs:
            p.add_run(text)
    path = tmp_path / "bao_cao.docx"
    d.save(path)
    return path


def test_tags_split_by_word_are_reported_with_their_paragraph(tmp_path) -> None:
    path = _template_with(tmp_path, [["Người ký: {{ signer_", "name }}"], ["{{ issuer }}"]])
    assert split_tags(path) == ["Người ký: {{ signer_name }}"]


# One member count for every leaf of the tiny workspace: a complete, valid year to render.
SMALL = [["Mã đơn vị", "Số đảng viên"], ["01.01", 3], ["01.02", 4], ["01.03", 5], ["02.01", 6]]


def test_workspace_template_with_python_access_is_refused(tiny) -> None:
    tiny("x.xlsx", SMALL)
    (tiny.root / "templates").mkdir()
    _template_with(tiny.root / "templates", [["{{ ''.__class__.__mro__ }}"]])
    r = CliRunner().invoke(app, ["report", str(tiny.root), "--period", "2026", "-o", str(tiny.root / "x.docx")])
    assert r.exit_code == 2 and "bao_cao.docx" in r.stderr and "Traceback" not in r.stderr
    assert not (tiny.root / "x.docx").exists()


def test_broken_tag_names_the_template_and_text_around(tiny) -> None:
    tiny("x.xlsx", SMALL)
    (tiny.root / "templates").mkdir()
    _template_with(tiny.root / "templates", [["Kính gửi {{ issuer }"], ["{{ signer_name }}"]])
    with pytest.raises(TemplateError) as e:
        make_report(load_workspace(tiny.root), parse_period("2026"), output=tiny.root / "x.docx")
    message = e.value.message("vi")
    assert "bao_cao.docx" in message and "Kính gửi" in message


def test_exported_template_and_narrative_are_used_when_edited(tiny, tmp_path) -> None:
    tiny("x.xlsx", SMALL)
    ws = tiny.root
    r = CliRunner().invoke(app, ["template", "export", "annual", str(ws / "templates")])
    assert r.exit_code == 0, r.stderr
    assert (ws / "templates" / "bao_cao.docx").is_file()
    narrative = ws / "templates" / "annual.md"
    (ws / "narrative").mkdir()
    text = narrative.read_text(encoding="utf-8").replace("# I. ĐẶC ĐIỂM TÌNH HÌNH", "# I. TÌNH HÌNH CHUNG CỦA TỈNH")
    (ws / "narrative" / "annual.md").write_text(text, encoding="utf-8")
    result = make_report(load_workspace(ws), parse_period("2026"), output=tmp_path / "x.docx")
    assert "I. TÌNH HÌNH CHUNG CỦA TỈNH" in [p.text for p in docx.Document(str(result.path)).paragraphs]


def test_pdf_without_libreoffice_is_a_clear_error(tiny, tmp_path, monkeypatch) -> None:
    tiny("x.xlsx", SMALL)
    monkeypatch.setattr("dm05.pdf.find_soffice", lambda: None)
    r = CliRunner().invoke(app, ["report", str(tiny.root), "--period", "2026", "-o", str(tmp_path / "x.docx"), "--pdf"])
    assert r.exit_code == 2 and "LibreOffice" in r.stderr
    assert (tmp_path / "x.docx").is_file() and not (tmp_path / "x.pdf").exists()


def test_comparison_with_the_previous_year_in_words(kinds) -> None:
    _, doc = kinds["annual"]
    text = " ".join(p.text for p in doc.paragraphs)
    assert re.search(r"đạt \d+,\d+% \((tăng|giảm) \d+(,\d+)? điểm phần trăm so với năm 2025\)", text)


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOOLS = shutil.which("pdftoppm") and shutil.which("pdftotext")


@pytest.mark.skipif(not (SOFFICE and PDFTOOLS), reason="LibreOffice and poppler-utils are not installed here")
@pytest.mark.parametrize("kind,pages", [("annual", (6, 14)), ("half_year", (3, 6)), ("review", (7, 16)), ("annex", (20, 40))])
def test_libreoffice_renders_each_kind_with_the_header_where_the_format_puts_it(kinds, kind, pages, tmp_path) -> None:
    from dm05.pdf import to_pdf
    path = tmp_path / f"{kind}.docx"
    shutil.copy(kinds[kind][0], path)
    pdf = to_pdf(path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    count = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages[0] <= count <= pages[1]
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")], check=True)
    assert list(tmp_path.glob("p-*1.png"))
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', html).group(1))
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]+)</word>', html)
    # "ĐẢNG CỘNG SẢN VIỆT NAM" heads the right column, the superior body ("ĐẢNG BỘ ...") the left one.
    starts = [(float(x), float(y), words[i + 1][2]) for i, (x, y, w) in enumerate(words[:-1]) if w == "ĐẢNG"]
    party = next((x, y) for x, y, after in starts if after == "CỘNG")
    superior = next((x, y) for x, y, after in starts if after != "CỘNG")
    for _, y in (party, superior):
        assert 18 <= y / 72 * 25.4 <= 30  # the top margin is 20 mm
    assert superior[0] < width / 2 < party[0]
    right = [x for x, y, w in words if w == "CỘNG"][0]
    assert float(right) > width * 0.45  # ĐẢNG CỘNG SẢN VIỆT NAM sits in the right column


def test_annex_depth_limits_the_levels(tmp_path) -> None:
    r = CliRunner().invoke(app, ["report", str(DEMO), "--period", "2026", "--kind", "annex", "--depth", "1",
                                 "-o", str(tmp_path / "a.docx")])
    assert r.exit_code == 0, r.stderr
    rows = docx.Document(str(tmp_path / "a.docx")).tables[-1].rows
    assert len(rows) == 3 + 44 and not rows[3].cells[1].paragraphs[0].runs[0].bold


def test_the_pdf_time_limit_grows_with_the_document(tmp_path) -> None:
    from docx import Document

    from dm05.pdf import TIMEOUT_S, timeout_for

    short, long = Document(), Document()
    short.add_paragraph("Báo cáo")
    table = long.add_table(rows=0, cols=8)
    for i in range(1500):  # a province's annex
        cells = table.add_row().cells
        cells[0].text = f"Chi bộ số {i}"
    short.save(str(tmp_path / "short.docx"))
    long.save(str(tmp_path / "long.docx"))
    assert timeout_for(tmp_path / "short.docx") == TIMEOUT_S
    assert timeout_for(tmp_path / "long.docx") > TIMEOUT_S + 30
    assert timeout_for(tmp_path / "missing.docx") == TIMEOUT_S
