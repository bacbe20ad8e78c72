"""The official report: header, title, figures, annex, determinism and safe rendering."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from conftest import ROOT
from dm05.errors import DataError, OutputError, TemplateError
from dm05.period import parse_period
from dm05.report import make_report
from dm05.vnformat import so
from dm05.workspace import load_workspace

# One member count for every leaf of the tiny workspace: a complete, valid year.
SMALL = [["Mã đơn vị", "Số đảng viên"], ["01.01", 3], ["01.02", 4], ["01.03", 5], ["02.01", 6]]


@pytest.fixture(scope="module")
def demo_report(demo_reports):
    """The demo's annual report for 2026 (rendered once per session), opened once for this module."""
    result = demo_reports("annual")
    return result, docx.Document(str(result.path))


def _text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def test_header_block_lines_and_styles(demo_report) -> None:
    _, doc = demo_report
    left, right = doc.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == ["ĐẢNG BỘ TỈNH LẠC HỒNG", "TỈNH ỦY LẠC HỒNG", "*", "Số      -BC/TU"]
    assert left.paragraphs[1].runs[0].bold and not left.paragraphs[0].runs[0].bold
    party, place = right.paragraphs
    assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert party.runs[0].bold and party.runs[0].underline and party.runs[0].font.size == Pt(15)
    assert place.text == "Lạc Hồng, ngày 10 tháng 12 năm 2026" and place.runs[0].italic


def test_title_subject_and_figures(demo_report) -> None:
    result, doc = demo_report
    paras = [p.text for p in doc.paragraphs]
    i = paras.index("BÁO CÁO")
    assert doc.paragraphs[i].runs[0].font.size == Pt(16) and doc.paragraphs[i].runs[0].bold
    assert paras[i + 1].startswith("kết quả năm 2026 thực hiện Kết luận số 01-KL/TW, ngày 18/5/2021")
    assert paras[i + 2] == "-----"
    root = result.aggregate.tree.root
    pledged = so(result.aggregate.value(root, "dang_vien_dang_ky"))
    assert f"{pledged} cán bộ, đảng viên đăng ký học tập và làm theo, đạt " in _text(doc)
    assert "I. ĐẶC ĐIỂM TÌNH HÌNH" in paras and "II. KẾT QUẢ THỰC HIỆN" in paras


# Kết luận 01's title, as the Politburo wrote it: "về tiếp tục thực hiện", not "về tiếp tục đẩy mạnh thực hiện".
KL01 = ("Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ "
        "Chính trị khóa XII về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")


def test_the_built_in_subject_quotes_conclusion_01s_title_exactly(tiny) -> None:
    tiny("x.xlsx", SMALL)
    result = make_report(load_workspace(tiny.root), parse_period("2026"), output=tiny.root / "out.docx")
    paras = [p.text for p in docx.Document(str(result.path)).paragraphs]
    assert paras[paras.index("BÁO CÁO") + 1] == f"kết quả năm 2026 thực hiện {KL01}"


def test_page_setup_and_page_numbers(demo_report) -> None:
    _, doc = demo_report
    body, annex, charts = doc.sections
    # A4 = 11906 × 16838 twips; 20 mm = 1134, 30 mm = 1701, 15 mm = 850, 10 mm = 567
    assert (body.page_width.twips, body.page_height.twips) == (11906, 16838)
    assert [m.twips for m in (body.top_margin, body.bottom_margin, body.left_margin, body.right_margin)] == [1134, 1134, 1701, 850]
    assert body.header_distance.twips == 567
    assert body.different_first_page_header_footer  # no number on page 1
    assert "PAGE" in body.header._element.xml
    assert annex.page_width > annex.page_height and charts.page_width > charts.page_height  # landscape annexes
    for section in (annex, charts):  # each annex numbers its pages from 1
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"


def test_signature_and_recipients(demo_report) -> None:
    _, doc = demo_report
    sig = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Nơi nhận")).rows[0].cells
    lines = [p.text for p in sig[0].paragraphs]
    assert lines[0] == "Nơi nhận:" and sig[0].paragraphs[0].runs[0].underline
    assert lines[1].startswith("- ") and lines[-1] == "- Lưu Văn phòng Tỉnh ủy."
    right = [p.text for p in sig[1].paragraphs if p.text]
    assert right == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC", "Nguyễn Văn An"]


def test_annex_has_total_row_and_one_row_per_direct_subunit(demo_report) -> None:
    result, doc = demo_report
    annex = doc.tables[-1]
    tree = result.aggregate.tree
    assert annex.rows[0].cells[1].text == "Đơn vị"
    direct = tree.children[tree.root]
    assert len(annex.rows) == 2 + 1 + len(direct)  # headings, column numbers, total, units
    assert annex.rows[2].cells[1].text == "Tổng số"
    assert annex.rows[2].cells[3].text == so(result.aggregate.value(tree.root, "so_dang_vien"))
    assert [r.cells[1].text for r in annex.rows[3:]] == [tree[c].name for c in direct]
    assert annex.rows[1].cells[5].text == "6=5/4"


def test_rendering_twice_gives_identical_bytes(demo_reports, tmp_path: Path) -> None:
    # The session's annual report against a second rendering from a freshly loaded workspace, of the kind a
    # year defaults to (annual): same bytes, and every zip entry stamped with the fixed date.
    from conftest import DEMO
    first = demo_reports("annual").path
    again = make_report(load_workspace(DEMO), parse_period("2026"), output=tmp_path / "b.docx").path
    assert again.read_bytes() == first.read_bytes()
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in zipfile.ZipFile(first).infolist())


def test_existing_output_is_kept_without_force(tiny) -> None:
    tiny("x.xlsx", SMALL)
    folder = tiny.root / "out"
    folder.mkdir()
    out = folder / "bc.docx"
    out.write_bytes(b"previous")
    with pytest.raises(OutputError):
        make_report(load_workspace(tiny.root), parse_period("2026"), output=out)
    assert out.read_bytes() == b"previous"
    make_report(load_workspace(tiny.root), parse_period("2026"), output=out, force=True)
    assert out.read_bytes().startswith(b"PK")
    assert [p.name for p in folder.iterdir()] == ["bc.docx"]  # no temporary file left
    if os.name == "posix":  # readable like any file the clerk saves, not private as a temporary file
        assert out.stat().st_mode & 0o044


def test_jinja_and_xml_characters_in_data_are_printed_literally(tiny) -> None:
    units = (tiny.root / "units.csv").read_text(encoding="utf-8")
    units = units.replace("Đảng bộ xã Một", "Đảng bộ xã {{ 7*7 }} & <Một>")
    (tiny.root / "units.csv").write_text(units, encoding="utf-8")
    tiny("x.xlsx", SMALL)
    result = make_report(load_workspace(tiny.root), parse_period("2026"), output=tiny.root / "out.docx")
    doc = docx.Document(str(result.path))
    names = [r.cells[1].text for r in doc.tables[-1].rows]
    assert "Đảng bộ xã {{ 7*7 }} & <Một>" in names
    assert "49" not in names


def test_template_reaching_into_python_is_refused(tiny) -> None:
    tiny("x.xlsx", SMALL)
    (tiny.root / "narrative").mkdir()
    (tiny.root / "narrative" / "2026.md").write_text("# I. X\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n",
                                                     encoding="utf-8")
    with pytest.raises(TemplateError) as e:
        make_report(load_workspace(tiny.root), parse_period("2026"), output=tiny.root / "out.docx")
    assert "2026.md" in e.value.message("vi")
    assert not (tiny.root / "out.docx").exists()


def test_workspace_narrative_replaces_builtin_words(tiny) -> None:
    tiny("x.xlsx", SMALL)
    (tiny.root / "narrative").mkdir()
    (tiny.root / "narrative" / "2026.md").write_text("# I. TÌNH HÌNH\nCó {{ so(v.so_dang_vien) }} đảng viên.\n",
                                                     encoding="utf-8")
    result = make_report(load_workspace(tiny.root), parse_period("2026"), output=tiny.root / "out.docx")
    assert "Có 18 đảng viên." in _text(docx.Document(str(result.path)))


def test_errors_stop_the_report_unless_draft(tiny) -> None:
    tiny("x.xlsx", [["Mã đơn vị", "Số đảng viên"], ["01.01", -3], ["01.02", 4], ["01.03", 5], ["02.01", 6]])
    ws = load_workspace(tiny.root)
    with pytest.raises(DataError):
        make_report(ws, parse_period("2026"), output=tiny.root / "out.docx")
    result = make_report(ws, parse_period("2026"), output=tiny.root / "out.docx", draft=True)
    doc = docx.Document(str(result.path))
    assert "lỗi số liệu" in _text(doc)
    for section in doc.sections:  # the mark is on every page, the first included
        for header in (section.header, section.first_page_header):
            assert "DỰ THẢO" in [p.text for p in header.paragraphs]


def test_missing_units_stop_the_report_unless_draft(tiny) -> None:
    tiny("x.xlsx", [["Mã đơn vị", "Số đảng viên"], ["01.01", 3]])
    ws = load_workspace(tiny.root)
    with pytest.raises(DataError) as e:
        make_report(ws, parse_period("2026"), output=tiny.root / "out.docx")
    assert "3/4" in e.value.message("vi")
    text = _text(docx.Document(str(make_report(ws, parse_period("2026"), output=tiny.root / "o.docx", draft=True).path)))
    assert "Chi bộ thôn Tây (01.02)" in text


def test_committed_templates_match_the_style_profile() -> None:
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "build_templates.py"), "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
