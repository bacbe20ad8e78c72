"""The workspace owns its report: kinds, documents, tables, charts, style profile and its own indicators, as data
beside dm05.toml over the built-in defaults — no code change."""

import json
import re
from pathlib import Path

import docx
import pytest
from conftest import write_xlsx
from docx.shared import Pt
from typer.testing import CliRunner

from dm05.cli import app
from dm05.errors import WorkspaceError
from dm05.period import parse_period
from dm05.report import make_report
from dm05.workspace import load_workspace

CT05 = ("Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, "
        "phong cách Hồ Chí Minh")
LEAVES = ["01.01", "01.02", "01.03", "02.01"]
# A complete year: members, pledges, models, and the workspace's own count and amount.
HEADER = ["Mã đơn vị", "Số đảng viên", "Số cán bộ, đảng viên đăng ký học tập và làm theo",
          "Số mô hình học tập và làm theo Bác xây dựng mới", "Số công trình dân vận khéo",
          "Số tiền các mô hình huy động được (triệu đồng)"]
ROWS = [["01.01", 30, 29, 2, 1, "150,5"], ["01.02", 20, 20, 1, 0, "1,2 tỷ"], ["01.03", 15, 15, 0, 2, 48],
        ["02.01", 12, 11, 3, 1, "600 triệu"]]
OWN = """\
[[indicator]]
key = "cong_trinh_dan_van"
label = "Số công trình dân vận khéo"
kind = "count"
temporal = "flow"
measure = "công trình"

[[indicator]]
key = "tien_mo_hinh"
label = "Số tiền các mô hình huy động được"
kind = "amount"
temporal = "flow"
"""
MONEY_TOTAL = 150_500_000 + 1_200_000_000 + 48_000_000 + 600_000_000  # 1.998.500.000 đồng


def _text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


@pytest.fixture
def own(tiny) -> Path:
    """The tiny workspace with its own count and amount indicators, and a complete 2026."""
    (tiny.root / "indicators.toml").write_text(OWN, encoding="utf-8")
    tiny("x.xlsx", [HEADER, *ROWS])
    return tiny.root


def _report(ws: Path, period: str = "2026", kind: str | None = None, name: str = "out.docx") -> Path:
    return make_report(load_workspace(ws), parse_period(period), kind, output=ws / name).path


def test_a_workspace_retitles_a_kind_and_cites_its_superiors_instructions(tiny) -> None:
    tiny("x.xlsx", [HEADER[:2], *[r[:2] for r in ROWS]])
    (tiny.root / "report.toml").write_text('[kind.annual]\nsubject = "kết quả {{ ky }} thực hành tư tưởng, đạo đức, '
                                           'phong cách Hồ Chí Minh"\n', encoding="utf-8")
    cfg = tiny.root / "dm05.toml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("[report]\n", (
        '[report]\ninstructions = ["Kế hoạch số 25-KH/TU, ngày 10/02/2026 của Ban Thường vụ Tỉnh ủy", '
        '"Hướng dẫn số 03-HD/BTGDVTU, ngày 20/02/2026 của Ban Tuyên giáo và Dân vận Tỉnh ủy"]\n')), encoding="utf-8")
    paras = _paragraphs(_report(tiny.root))
    assert paras[paras.index("BÁO CÁO") + 1] == "kết quả năm 2026 thực hành tư tưởng, đạo đức, phong cách Hồ Chí Minh"
    opening = paras[paras.index("-----") + 1]
    assert opening == ("Thực hiện Kế hoạch số 25-KH/TU, ngày 10/02/2026 của Ban Thường vụ Tỉnh ủy; Hướng dẫn số "
                       "03-HD/BTGDVTU, ngày 20/02/2026 của Ban Tuyên giáo và Dân vận Tỉnh ủy, Ban Thường vụ Đảng ủy "
                       "báo cáo kết quả năm 2026 như sau:")


def test_a_workspace_adds_a_kind_for_the_ten_year_review_of_directive_05(tiny) -> None:
    for year in ("2025", "2026"):
        write_xlsx(tiny.root / "inbox" / year / "x.xlsx", [HEADER[:2], *[r[:2] for r in ROWS]])
    (tiny.root / "report.toml").write_text(
        '[kind.tong_ket_ct05]\nbased_on = "review"\ndocument = "ct05"\n'
        'description = "Tổng kết 10 năm thực hiện Chỉ thị 05-CT/TW"\n'
        'subject = "tổng kết 10 năm thực hiện {{ van_ban }} (giai đoạn 2016 - {{ nam }})"\n', encoding="utf-8")
    r = CliRunner().invoke(app, ["report", str(tiny.root), "--kind"])
    assert r.exit_code == 0 and "tong_ket_ct05" in r.stdout and "Tổng kết 10 năm" in r.stdout
    paras = _paragraphs(_report(tiny.root, "2025-2026", "tong_ket_ct05"))
    assert paras[paras.index("BÁO CÁO") + 1] == f"tổng kết 10 năm thực hiện {CT05} (giai đoạn 2016 - 2026)"
    assert paras[paras.index("-----") + 1].startswith("Thực hiện Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị")
    with pytest.raises(Exception) as e:  # a review kind takes a range, as the kind it is based on
        _report(tiny.root, "2026", "tong_ket_ct05")
    assert "tong_ket_ct05" in str(e.value)


def test_the_summary_rows_and_annex_columns_are_the_workspaces(tiny) -> None:
    tiny("x.xlsx", [HEADER[:4], *[r[:4] for r in ROWS]])
    (tiny.root / "report.toml").write_text(
        '[summary]\nrows = [["so_dang_vien"], ["dang_vien_dang_ky", "ti_le_dang_vien_dang_ky"]]\n\n'
        '[annex]\ncolumns = [{ key = "so_dang_vien" }, { key = "dang_vien_dang_ky", label = "ĐV đăng ký" },\n'
        '           { key = "ti_le_dang_vien_dang_ky" }, { key = "mo_hinh_moi" }]\n', encoding="utf-8")
    doc = docx.Document(str(_report(tiny.root)))
    summary = next(t for t in doc.tables if t.rows[0].cells[0].text == "TT" and t.rows[0].cells[1].text == "Chỉ tiêu")
    assert [r.cells[1].text for r in summary.rows[1:]] == ["Số đảng viên",
                                                          "Số cán bộ, đảng viên đăng ký học tập và làm theo"]
    assert [r.cells[2].text for r in summary.rows[1:]] == ["77", "75"]
    annex = doc.tables[-1]
    assert [c.text for c in annex.rows[0].cells] == ["TT", "Đơn vị", "Số đảng viên", "ĐV đăng ký", "Tỷ lệ (%)",
                                                    "Số mô hình học tập và làm theo Bác xây dựng mới", "Ghi chú"]
    assert [c.text for c in annex.rows[1].cells] == ["1", "2", "3", "4", "5=4/3", "6", "7"]
    assert [c.text for c in annex.rows[2].cells][1:6] == ["Tổng số", "77", "75", "97,40", "6"]


def test_an_indicator_the_workspace_adds_is_in_the_annex_and_can_be_named_everywhere(own) -> None:
    (own / "report.toml").write_text(
        '[summary]\nadd = [["cong_trinh_dan_van"], ["tien_mo_hinh"]]\n\n'
        '[terminal]\nadd = [{ key = "cong_trinh_dan_van", label = "Công trình" }, { key = "tien_mo_hinh", label = "Tiền" }]\n\n'
        '[[charts.add]]\ntitle = "Số tiền các mô hình huy động được"\ncaption = "Số tiền các mô hình huy động được"\n'
        'series = [{ key = "tien_mo_hinh", legend = "Huy động" }]\n\n'
        '[[charts.add]]\ntitle = "Công trình dân vận khéo"\ncaption = "Số công trình dân vận khéo"\n'
        'series = [{ key = "cong_trinh_dan_van" }]\n', encoding="utf-8")
    (own / "narrative").mkdir()
    (own / "narrative" / "annual.md").write_text(
        "# I. KẾT QUẢ\n\nCó {{ so(v.cong_trinh_dan_van) }} công trình dân vận khéo; các mô hình huy động được "
        "{{ tien(v.tien_mo_hinh) }} ({{ so(v.tien_mo_hinh) }} đồng).\n\n@bang_tong_hop\n", encoding="utf-8")
    path = _report(own)
    text = _text(path)
    assert "Có 4 công trình dân vận khéo; các mô hình huy động được gần 2 tỷ đồng (1.998.500.000 đồng)." in text
    doc = docx.Document(str(path))
    summary = next(t for t in doc.tables if t.rows[0].cells[1].text == "Chỉ tiêu")
    rows = {r.cells[1].text: r.cells[2].text for r in summary.rows[1:]}
    assert rows["Số công trình dân vận khéo"] == "4"
    assert rows["Số tiền các mô hình huy động được (triệu đồng)"] == "1.998,5"
    annex = doc.tables[-1]
    headings = [c.text for c in annex.rows[0].cells]
    assert headings[-3:] == ["Số công trình dân vận khéo", "Số tiền các mô hình huy động được (triệu đồng)", "Ghi chú"]
    assert [c.text for c in annex.rows[2].cells][-3:-1] == ["4", "1.998,5"]
    assert [r.cells[-2].text for r in annex.rows[3:]] == ["1.398,5", "600"]
    # charts are numbered as drawn: the built-in meeting-rate chart has no figure here and is left out
    captions = [p for p in _paragraphs(path) if p.startswith("Biểu đồ")]
    assert [c.split(". ", 1)[0] for c in captions] == ["Biểu đồ 1", "Biểu đồ 2", "Biểu đồ 3", "Biểu đồ 4"]
    assert captions[2:] == ["Biểu đồ 3. Số tiền các mô hình huy động được", "Biểu đồ 4. Số công trình dân vận khéo"]
    r = CliRunner().invoke(app, ["aggregate", str(own), "-p", "2026"])
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    head = [c.strip() for c in next(line for line in lines if "Công trình" in line).split("┃")]
    assert head[-3:-1] == ["Công trình", "Tiền (triệu đồng)"]
    total = [c.strip() for c in next(line for line in lines if line.startswith("│ Đảng bộ huyện Thử")).split("│")]
    assert total[-3:-1] == ["4", "1.998,5"]
    values = json.loads(CliRunner().invoke(app, ["aggregate", str(own), "-p", "2026", "-f", "json"]).stdout)
    assert values["units"][0]["values"]["tien_mo_hinh"] == MONEY_TOTAL


def test_a_completion_pair_is_two_counts_written_x_of_y(tiny) -> None:
    (tiny.root / "indicators.toml").write_text(
        '[[indicator]]\nkey = "viec_hoan_thanh"\nlabel = "Số công việc cấp bách đã hoàn thành"\nkind = "count"\n'
        'at_most = "viec_de_ra"\n\n[[indicator]]\nkey = "viec_de_ra"\nlabel = "Số công việc cấp bách đề ra"\n'
        'kind = "count"\n', encoding="utf-8")
    tiny("x.xlsx", [["Mã đơn vị", "Số đảng viên", "Số công việc cấp bách đã hoàn thành", "Số công việc cấp bách đề ra"],
                    ["01.01", 3, 3, 4], ["01.02", 4, 2, 3], ["01.03", 5, 4, 4], ["02.01", 6, 2, 2]])
    (tiny.root / "narrative").mkdir()
    (tiny.root / "narrative" / "2026.md").write_text(
        "Hoàn thành {{ tren(v.viec_hoan_thanh, v.viec_de_ra) }} công việc cấp bách.\n", encoding="utf-8")
    assert "Hoàn thành 11/13 công việc cấp bách." in _text(_report(tiny.root))


def test_a_style_profile_of_the_workspace_is_used_and_an_unknown_one_names_the_choices(tiny) -> None:
    tiny("x.xlsx", [HEADER[:2], *[r[:2] for r in ROWS]])
    (tiny.root / "styles").mkdir()
    (tiny.root / "styles" / "tinh-uy-2026.toml").write_text(
        'based_on = "qd399-2026"\ndescription = "Lề trái 35 mm, chữ nội dung 15"\n\n[page]\nleft_mm = 35\n\n'
        '[size]\nbody = 15\n\n[body]\nline_spacing_pt = 20\n', encoding="utf-8")
    cfg = tiny.root / "dm05.toml"
    base = cfg.read_text(encoding="utf-8")
    cfg.write_text(base.replace("[report]\n", '[report]\nstyle = "tinh-uy-2026"\n'), encoding="utf-8")
    doc = docx.Document(str(_report(tiny.root)))
    assert doc.sections[0].left_margin.twips == 1984  # 35 mm
    body = doc.styles["DM Nội dung"]
    assert body.font.size == Pt(15) and body.paragraph_format.line_spacing == Pt(20)
    assert doc.sections[0].top_margin.twips == 1134  # the rest is the profile it is based on
    cfg.write_text(base.replace("[report]\n", '[report]\nstyle = "hd36"\n'), encoding="utf-8")
    r = CliRunner().invoke(app, ["report", str(tiny.root), "-p", "2026", "-o", str(tiny.root / "x.docx")])
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    assert all(name in r.stderr for name in ("report.style", "hd36", "hd36-2018", "qd399-2026", "tinh-uy-2026"))


def test_the_built_in_profiles_are_versioned_and_399_says_what_it_keeps_from_36(tiny) -> None:
    from dm05.style import load_style

    hd36, qd399 = load_style("hd36-2018"), load_style("qd399-2026")
    assert "36-HD/VPTW" in hd36.basis and "399-QĐ/TW" in qd399.basis and "09/01/2026" in qd399.basis
    assert "36-HD/VPTW" in qd399.unconfirmed and not hd36.unconfirmed
    assert (qd399.page, qd399.font, qd399.size, qd399.body) == (hd36.page, hd36.font, hd36.size, hd36.body)
    assert load_workspace(tiny.root).style.name == "qd399-2026"  # the default: the current format basis


@pytest.mark.parametrize("body,fragments", [
    ('[summary]\nadd = [["so_dang_vienn"]]\n', ["summary.rows[15]", "so_dang_vienn", "so_dang_vien"]),
    ('[summary]\nrows = [["ti_le_dang_vien_dang_ky"]]\n', ["summary.rows[1]", "ratio"]),
    ('[annex]\ncolumns = [{ key = "so_ky_sinh_hoat_dinh_ky" }]\n', ["annex.columns[1]", "threshold"]),
    ('[kind.annual]\ndocument = "kl02"\n', ["kind.annual.document", "kl02", "kl01, ct05"]),
    ('[kind.moi]\nbased_on = "hang_nam"\n', ["kind.moi.based_on", "hang_nam"]),
    ('[kind.moi]\nperiods = ["year"]\n', ["kind.moi", "subject"]),
    ('[kind.annual]\nnarrative = "../../x.md"\n', ["kind.annual.narrative"]),
    ('[bang]\nrows = []\n', ["[bang]"]),
    ('[[charts.add]]\ntitle = "X"\ncaption = "X"\nseries = [{ key = "so_dang_vien" }, { key = "ti_le_htxs" }]\n',
     ["charts.items[4]", "count, ratio"]),
])
def test_a_wrong_report_toml_is_a_clear_error_naming_the_file_and_entry(tiny, body, fragments) -> None:
    (tiny.root / "report.toml").write_text(body, encoding="utf-8")
    with pytest.raises(WorkspaceError) as e:
        load_workspace(tiny.root)
    message = e.value.message("en")
    assert "report.toml" in message and all(f in message for f in fragments), message


def test_indicators_lists_the_workspaces_catalogue_with_its_own_marked(own) -> None:
    r = CliRunner().invoke(app, ["indicators", str(own), "-f", "json"])
    assert r.exit_code == 0, r.stderr
    rows = {x["key"]: x for x in json.loads(r.stdout)["indicators"]}
    assert rows["tien_mo_hinh"]["custom"] and rows["tien_mo_hinh"]["kind"] == "amount"
    assert rows["tien_mo_hinh"]["input_unit"] == "đồng" and rows["tien_mo_hinh"]["table_unit"] == "triệu đồng"
    assert not rows["so_dang_vien"]["custom"] and "Tổng số đảng viên" in rows["so_dang_vien"]["aliases"]
    assert rows["ti_le_dang_vien_dang_ky"]["numerator"] == ["dang_vien_dang_ky"]
    r = CliRunner().invoke(app, ["indicators", str(own)])
    assert r.exit_code == 0 and "cong_trinh_dan_van" in r.stdout and "riêng" in r.stdout


@pytest.mark.parametrize("given,key", [("Số đảng viên", "so_dang_vien"), ("Tổng số ĐV", "so_dang_vien"),
                                       ("so_dang_vien", "so_dang_vien")])
def test_explain_takes_a_label_or_alias_as_well_as_a_key(tiny, given, key) -> None:
    tiny("x.xlsx", [HEADER[:2], *[r[:2] for r in ROWS]])
    r = CliRunner().invoke(app, ["explain", str(tiny.root), "-p", "2026", "--unit", "01", "--indicator", given,
                                 "-f", "json"])
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["indicator"] == key


def test_explain_with_an_unknown_indicator_says_did_you_mean(tiny) -> None:
    tiny("x.xlsx", [HEADER[:2], *[r[:2] for r in ROWS]])
    r = CliRunner().invoke(app, ["explain", str(tiny.root), "-p", "2026", "--unit", "01", "--indicator", "so_dang_vein"])
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    assert re.search(r"so_dang_vein.*Có phải: so_dang_vien\?$", r.stderr.replace("\n", " ").strip())


def test_the_template_built_for_a_workspace_follows_its_columns_and_exports(own, tmp_path) -> None:
    r = CliRunner().invoke(app, ["template", "export", "annual", str(tmp_path / "t"), "--workspace", str(own)])
    assert r.exit_code == 0, r.stderr
    xml = __import__("zipfile").ZipFile(tmp_path / "t" / "bao_cao.docx").read("word/document.xml").decode()
    assert "{{ r.v.tien_mo_hinh }}" in xml and "{{ r.v.cong_trinh_dan_van }}" in xml
    r = CliRunner().invoke(app, ["template", "export", "annual", str(tmp_path / "u")])
    xml = __import__("zipfile").ZipFile(tmp_path / "u" / "bao_cao.docx").read("word/document.xml").decode()
    assert "tien_mo_hinh" not in xml and "{{ r.v.mo_hinh_moi }}" in xml


def test_the_readmes_example_of_each_override_loads_and_reports(tiny) -> None:
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### The workspace owns its report"):readme.index("**Drafts and PDF.**")]
    blocks = re.findall(r"```toml\n(.*?)```", section, re.S)
    report = [b for b in blocks if "[[indicator]]" not in b and "based_on = \"qd399" not in b
              and not b.startswith("[report]")]
    (tiny.root / "report.toml").write_text("\n".join(report), encoding="utf-8")
    (tiny.root / "indicators.toml").write_text(next(b for b in blocks if "[[indicator]]" in b), encoding="utf-8")
    style = next(b for b in blocks if "based_on = \"qd399" in b)
    name = re.search(r'style = "([^"]+)"', style).group(1)
    (tiny.root / "styles").mkdir()
    (tiny.root / "styles" / f"{name}.toml").write_text(style, encoding="utf-8")
    instructions = next(b for b in blocks if b.startswith("[report]")).replace("[report]\n", "")
    cfg = tiny.root / "dm05.toml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("[report]\n", f'[report]\nstyle = "{name}"\n{instructions}'),
                   encoding="utf-8")
    tiny("x.xlsx", [["Mã đơn vị", "Số đảng viên", "Số cán bộ, đảng viên đăng ký học tập và làm theo",
                     "Số đảng viên tham gia học tập chuyên đề", "Số tiền các mô hình huy động được"],
                    *[[u, 10, 9, 10, "1,5"] for u in LEAVES]])
    ws = load_workspace(tiny.root)
    assert {"annual", "tong_ket_ct05"} <= set(ws.report.kinds) and ws.style.name == name
    path = _report(tiny.root)
    paras = _paragraphs(path)
    assert paras[paras.index("BÁO CÁO") + 1].startswith("kết quả năm 2026 học tập và làm theo, thực hành")
    assert paras[paras.index("-----") + 1].startswith("Thực hiện Kế hoạch số 25-KH/TU")
    doc = docx.Document(str(path))
    assert doc.sections[0].left_margin.twips == 1984
    assert [c.text for c in doc.tables[-1].rows[0].cells][-2:] == [
        "Số tiền các mô hình huy động được (triệu đồng)", "Ghi chú"]
    assert "Biểu đồ 2. Số tiền các mô hình huy động được (triệu đồng)" in paras  # no models, no meetings here


def test_a_ratio_the_workspace_adds_has_its_annex_column_and_arithmetic(tiny) -> None:
    (tiny.root / "indicators.toml").write_text(
        '[[indicator]]\nkey = "chi_bo_co_cong_trinh"\nlabel = "Số chi bộ có công trình dân vận khéo"\nkind = "count"\n'
        'at_most = "so_chi_bo"\n\n[[indicator]]\nkey = "ti_le_chi_bo_co_cong_trinh"\n'
        'label = "Tỷ lệ chi bộ có công trình dân vận khéo"\nkind = "ratio"\nnumerator = ["chi_bo_co_cong_trinh"]\n'
        'denominator = ["so_chi_bo"]\n', encoding="utf-8")
    tiny("x.xlsx", [["Mã đơn vị", "Số đảng viên", "Số chi bộ có công trình dân vận khéo"],
                    ["01.01", 3, 1], ["01.02", 4, 0], ["01.03", 5, 1], ["02.01", 6, 1]])
    (tiny.root / "narrative").mkdir()
    (tiny.root / "narrative" / "2026.md").write_text(
        "Có {{ so(v.chi_bo_co_cong_trinh) }} chi bộ có công trình dân vận khéo, đạt "
        "{{ pct(v.ti_le_chi_bo_co_cong_trinh) }}.\n", encoding="utf-8")
    path = _report(tiny.root)
    assert "Có 3 chi bộ có công trình dân vận khéo, đạt 75%." in _text(path)
    annex = docx.Document(str(path)).tables[-1]
    assert [c.text for c in annex.rows[0].cells][-3:] == ["Số chi bộ có công trình dân vận khéo", "Tỷ lệ (%)",
                                                          "Ghi chú"]
    assert [c.text for c in annex.rows[1].cells][-3:] == ["15", "16=15/3", "17"]
    assert [c.text for c in annex.rows[2].cells][-3:-1] == ["3", "75,00"]
