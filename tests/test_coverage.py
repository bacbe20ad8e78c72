"""Honest figures: coverage with every figure, ratios over the units that gave both parts, error cells
out — and aggregate, explain, status and report agreeing on it."""

import json

import pytest
from typer.testing import CliRunner

from dm05.cli import app


def _json(*args: str) -> tuple[int, dict]:
    r = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return r.exit_code, json.loads(r.stdout)


@pytest.fixture
def gappy(tiny):
    """Commune 01's cells send members and study; commune 02 sends its own totals without a study column."""
    tiny("xa1.xlsx", [["Mã đơn vị", "Số đảng viên", "Số đảng viên tham gia học tập chuyên đề"],
                      ["01.01", 40, 38], ["01.02", 30, 30], ["01.03", 20, 19]])
    tiny("xa2.xlsx", [["Mã đơn vị", "Số đảng viên"], ["02", 410]])
    return tiny.root


def test_a_unit_without_the_study_column_is_in_neither_side_of_the_rate(gappy) -> None:
    code, data = _json("aggregate", str(gappy), "--period", "2026", "-f", "json")
    assert code == 0
    units = {u["code"]: u for u in data["units"]}
    root = units["00"]
    assert root["values"]["so_dang_vien"] == 500 and root["coverage"]["so_dang_vien"] == 4
    assert root["values"]["dang_vien_hoc_tap"] == 87 and root["coverage"]["dang_vien_hoc_tap"] == 3
    assert root["values"]["ti_le_dang_vien_hoc_tap"] == pytest.approx(87 / 90)  # not 87/500
    assert root["coverage"]["ti_le_dang_vien_hoc_tap"] == 3 and root["expected"] == 4
    assert units["02"]["coverage"] == {**{k: 0 for k in root["values"]}, "so_dang_vien": 1}
    assert set(root["coverage"]) == set(root["values"])


def test_terminal_table_marks_the_partial_figures(gappy) -> None:
    r = CliRunner().invoke(app, ["aggregate", str(gappy), "--period", "2026"], catch_exceptions=False)
    assert "96,7% (3/4)" in r.stdout and "500 " in r.stdout and "500 (" not in r.stdout


def test_csv_and_xlsx_carry_coverage(gappy, tmp_path) -> None:
    import csv
    import openpyxl

    r = CliRunner().invoke(app, ["aggregate", str(gappy), "--period", "2026", "-f", "csv"], catch_exceptions=False)
    rows = list(csv.DictReader(r.stdout.lstrip("\ufeff").splitlines()))
    assert rows[0]["code"] == "00" and rows[0]["ti_le_dang_vien_hoc_tap_coverage"] == "3"
    assert rows[0]["so_dang_vien_coverage"] == "4"
    out = tmp_path / "x.xlsx"
    CliRunner().invoke(app, ["aggregate", str(gappy), "--period", "2026", "-f", "xlsx", "-o", str(out)],
                       catch_exceptions=False)
    sheet = openpyxl.load_workbook(out)["Độ phủ"]
    header = [c.value for c in sheet[1]]
    root = [c.value for c in sheet[3]]
    assert root[0] == "00" and root[2] == 4
    assert root[header.index("Tỷ lệ đảng viên tham gia học tập chuyên đề")] == 3


def test_explain_lists_included_and_left_out_leaves_with_the_reason(gappy) -> None:
    code, data = _json("explain", str(gappy), "--period", "2026", "--unit", "00",
                       "--indicator", "ti_le_dang_vien_hoc_tap", "-f", "json")
    num, den = data["parts"]
    assert (num["sum"], den["sum"]) == (87, 90) and len(den["cells"]) == 3
    assert [x["unit"] for x in data["leaves"]["included"]] == ["01.01", "01.02", "01.03"]
    (out,) = data["leaves"]["left_out"]
    assert (out["unit"], out["via"], out["reason"]) == ("02.01", "02", "no_numerator")
    assert (data["coverage"], data["expected"]) == (3, 4)
    table = CliRunner().invoke(app, ["explain", str(gappy), "--period", "2026", "--unit", "00",
                                     "--indicator", "ti_le_dang_vien_hoc_tap"]).stdout
    assert "Gồm 3/4 đơn vị cơ sở" in table and "không có tử số (dang_vien_hoc_tap)" in table


def test_status_says_which_indicator_a_unit_lacks_and_exits_1(gappy) -> None:
    code, data = _json("status", str(gappy), "--period", "2026", "-f", "json")
    assert code == 1 and data["complete"] is False
    top = {c["code"]: c for p in data["parents"] if p["code"] == "00" for c in p["children"]}
    assert top["01"]["status"] == "reported"
    assert top["02"]["status"] == "partial" and top["02"]["missing_indicators"] == {"so_chi_bo": 0, "dang_vien_hoc_tap": 0}
    # commune 02's own totals cover its cell, in status as in aggregate
    assert (top["02"]["reported"], top["02"]["expected"]) == (1, 1) and top["02"]["files"] == ["inbox/2026/xa2.xlsx"]
    table = CliRunner().invoke(app, ["status", str(gappy), "--period", "2026"]).stdout
    assert "thiếu chỉ tiêu: so_chi_bo 0/1, dang_vien_hoc_tap 0/1" in table


@pytest.fixture
def flawed(tiny):
    """01.02 pledged more than its members (an error naming the numerator); 01.03 held 13 meetings."""
    tiny("xa1.xlsx", [["Mã đơn vị", "Số đảng viên", "Số cán bộ, đảng viên đăng ký học tập và làm theo",
                       "Số kỳ sinh hoạt định kỳ trong năm"],
                      ["01.01", 40, 36, 12], ["01.02", 30, 35, 12], ["01.03", 20, 20, 13]])
    tiny("xa2.xlsx", [["Mã đơn vị", "Số đảng viên", "Số cán bộ, đảng viên đăng ký học tập và làm theo",
                       "Số kỳ sinh hoạt định kỳ trong năm"], ["02.01", 10, 9, 11]])
    return tiny.root


def test_error_cells_count_nowhere_and_take_the_pair_out_of_every_rate(flawed) -> None:
    code, data = _json("aggregate", str(flawed), "--period", "2026", "-f", "json")
    assert code == 1
    root = {u["code"]: u for u in data["units"]}["00"]
    v, c = root["values"], root["coverage"]
    assert v["so_dang_vien"] == 100 and c["so_dang_vien"] == 4  # the members' cell itself is clean
    assert v["dang_vien_dang_ky"] == 36 + 20 + 9 and c["dang_vien_dang_ky"] == 3  # 35 is out
    assert v["ti_le_dang_vien_dang_ky"] == pytest.approx(65 / 70)  # 01.02 out of both sides
    assert c["ti_le_dang_vien_dang_ky"] == 3
    # 13 meetings is out of range: the derived "cell met 12 times" is an error cell too
    assert v["chi_bo_sinh_hoat_du_12_ky"] == 2 and c["chi_bo_sinh_hoat_du_12_ky"] == 3
    assert v["ti_le_chi_bo_sinh_hoat_du_12_ky"] == pytest.approx(2 / 3)
    assert c["ti_le_chi_bo_sinh_hoat_du_12_ky"] == 3


def test_explain_and_status_agree_on_error_cells(flawed) -> None:
    _, data = _json("explain", str(flawed), "--period", "2026", "--unit", "00",
                    "--indicator", "ti_le_dang_vien_dang_ky", "-f", "json")
    (out,) = data["leaves"]["left_out"]
    assert (out["unit"], out["reason"], out["keys"]) == ("01.02", "error_cell", ["dang_vien_dang_ky"])
    assert data["parts"][0]["sum"] == 65 and data["parts"][1]["sum"] == 70
    code, status = _json("status", str(flawed), "--period", "2026", "-f", "json")
    kids = {c["code"]: c for p in status["parents"] if p["code"] == "01" for c in p["children"]}
    assert code == 1 and kids["01.02"]["status"] == "errors" and kids["01.03"]["status"] == "errors"
    assert kids["01.01"]["status"] == "reported" and kids["01.02"]["files"] == ["inbox/2026/xa1.xlsx"]


def test_empty_inbox_lists_every_unit_as_missing(tiny) -> None:
    code, data = _json("status", str(tiny.root), "--period", "2026", "-f", "json")
    assert code == 1
    states = {c["code"]: c["status"] for p in data["parents"] for c in p["children"]}
    assert set(states.values()) == {"missing"} and len(states) == 6


def test_unread_numbers_and_unplaced_files_are_never_reported(tiny) -> None:
    from dm05.period import parse_period
    from dm05.status import load, unit_status
    from dm05.workspace import load_workspace

    tiny("xa2.xlsx", [["Mã đơn vị", "Số đảng viên"], ["02.01", 10]])
    tiny("la.xlsx", [["Mã đơn vị", "Số đảng viên"], ["Chi bộ Không Có", 10]])
    ws = load_workspace(tiny.root)
    report, agg = load(ws, parse_period("2026"))
    next(f for f in report.files if f.display.endswith("xa2.xlsx")).ledger.unread = 2
    status = unit_status(report, agg)
    assert status.units["02.01"].status == "unread" and status.units["02"].status == "unread"
    assert status.units["02.01"].unread == 2
    (loose,) = status.unplaced
    assert loose.file == "inbox/2026/la.xlsx" and loose.errors == 1
    assert not status.complete


def _doc_text(path) -> str:
    import docx

    d = docx.Document(str(path))
    cells = [" | ".join(c.text for c in row.cells) for t in d.tables for row in t.rows]
    return "\n".join([p.text for p in d.paragraphs] + cells)


def test_a_partial_narrative_figure_stops_the_report_naming_indicator_and_units(gappy) -> None:
    r = CliRunner().invoke(app, ["report", str(gappy), "--period", "2026", "-o", str(gappy / "bc.docx")])
    assert r.exit_code == 1 and not (gappy / "bc.docx").exists()
    message = " ".join(r.stderr.split())
    assert "Số đảng viên tham gia học tập chuyên đề»: số liệu của 3/4 chi bộ (thiếu: Đảng bộ xã Hai)" in message
    assert "[report] min_coverage = 1" in message and "--draft" in message


def test_the_report_says_whose_figures_a_partial_figure_holds(gappy) -> None:
    with open(gappy / "dm05.toml", "a", encoding="utf-8") as f:
        f.write("min_coverage = 0.7\n")  # the [report] section is the last of the tiny workspace's file
    r = CliRunner().invoke(app, ["report", str(gappy), "--period", "2026", "-o", str(gappy / "bc.docx")],
                           catch_exceptions=False)
    assert r.exit_code == 0, r.stderr
    text = _doc_text(gappy / "bc.docx")
    # the rate is over the units that gave both parts, and says so
    assert ("Có 87 đảng viên tham gia học tập chuyên đề, đạt 96,67% tổng số đảng viên "
            "(số liệu của 3/4 chi bộ).") in text
    # the structure's cells, not only those that reported; the reporting count separately
    assert "có 2 tổ chức đảng trực thuộc, 4 chi bộ với 500 đảng viên." in text
    assert "tổng hợp từ báo cáo của 4/4 chi bộ" in text
    assert "Số đảng viên tham gia học tập chuyên đề (số liệu của 3/4 chi bộ) | 87 | 96,67" in text  # summary
    assert "| Tổng số | 3 | 500 | x | x | 87 | 96,67 |" in text and "cột 3, 7, 8: số liệu của 3/4 chi bộ" in text
    assert "x: chưa có số liệu" in text
    assert "…" not in text, text[text.find("…") - 300:]
    assert "[chưa có số liệu]" not in text  # no gap printed as a figure
    assert "hội nghị" not in text  # a figure no unit gave is worded around


def test_a_draft_states_partial_figures_and_lists_them(flawed) -> None:
    r = CliRunner().invoke(app, ["report", str(flawed), "--period", "2026", "-o", str(flawed / "bc.docx"), "--draft"],
                           catch_exceptions=False)
    assert r.exit_code == 0
    text = _doc_text(flawed / "bc.docx")
    # 01.02's pledge (above its members) is out of both sides; 01.03's 13 meetings out of the 12-meeting rate
    assert ("65 cán bộ, đảng viên đăng ký học tập và làm theo, đạt 92,86% (số liệu của 3/4 chi bộ)") in text
    assert "2 chi bộ sinh hoạt định kỳ đủ 12 kỳ/năm, đạt 66,67% (số liệu của 3/4 chi bộ)" in text
    assert "- «Tỷ lệ cán bộ, đảng viên đăng ký học tập và làm theo»: số liệu của 3/4 chi bộ (thiếu: Chi bộ thôn Tây)" in text


def test_status_over_a_range_places_every_year_s_files(tiny) -> None:
    rows = [["Mã đơn vị", "Số đảng viên"], ["01.01", 4], ["01.02", 5], ["01.03", 6], ["02.01", 7]]
    tiny("a.xlsx", rows)
    (tiny.root / "inbox" / "2025").mkdir()
    from conftest import write_xlsx

    write_xlsx(tiny.root / "inbox" / "2025" / "a.xlsx", rows)
    code, data = _json("status", str(tiny.root), "--period", "2025-2026", "-f", "json")
    assert code == 0 and data["complete"] and data["unplaced"] == []
    assert all(c["status"] == "reported" for p in data["parents"] for c in p["children"])


def test_coverage_words_go_to_the_end_of_their_clause_once() -> None:
    from dm05.figures import Figure, Missing, Words

    w = Words("chi bộ", draft=False)
    members, rate, masses = Figure(537, "a", 20, 21), Figure(0.987, "b", 20, 21), Figure(12, "c", 21, 21)
    text = w.finish(f"Có {w.so(members)} đảng viên học tập, đạt {w.pct(rate)} tổng số; {w.so(masses)} lượt quần chúng.")
    assert text == "Có 537 đảng viên học tập, đạt 98,7% tổng số (số liệu của 20/21 chi bộ); 12 lượt quần chúng."
    mixed = w.finish(f"Có {w.so(members)} và {w.so(Figure(3, 'd', 19, 21))} chi bộ.")
    assert mixed == "Có 537 (số liệu của 20/21 chi bộ) và 3 (số liệu của 19/21 chi bộ) chi bộ."
    assert [f.key for f in w.used] == ["a", "b", "c", "a", "d"] and not w.missing
    assert w.so(Missing("e", 21)) == "[chưa có số liệu]" and w.missing == ["e"]
    assert w.cau("", "  ", dau="Có ") == "" and w.cau("x chi bộ", "", "y đảng viên", dau="có ") == "Có x chi bộ; y đảng viên."
    # a whole count beside a partial rate: the words go with the rate, not with the whole count
    whole = Figure(96, "f", 4, 4)
    text = w.finish(f"Có {w.so(whole)} đảng viên học tập, đạt {w.pct(Figure(0.9667, 'g', 3, 4))} tổng số đảng viên.")
    assert text == "Có 96 đảng viên học tập, đạt 96,67% (số liệu của 3/4 chi bộ) tổng số đảng viên."


def test_a_cell_covered_by_its_commune_s_totals_is_not_missing(gappy) -> None:
    code, data = _json("status", str(gappy), "--period", "2026", "-f", "json")
    (cell,) = [c for p in data["parents"] if p["code"] == "02" for c in p["children"]]
    assert cell["status"] == "partial" and cell["via"] == "02" and (cell["reported"], cell["expected"]) == (1, 1)
    assert cell["files"] == ["inbox/2026/xa2.xlsx"]
    table = CliRunner().invoke(app, ["status", str(gappy), "--period", "2026", "--all"]).stdout
    assert "chưa báo cáo" not in table and "theo số của Đảng bộ xã Hai" in table


def test_a_file_whose_column_is_left_unread_is_unread_in_status_validate_and_aggregate(tiny) -> None:
    """The reader's ledger, not a hand-set count: a column of numbers whose header matches no indicator
    leaves the unit "unread" in status (exit 1), its file counts the numbers in validate's JSON, and the
    unit is not complete anywhere."""
    tiny("xa2.xlsx", [["Mã đơn vị", "Số đảng viên", "Số người được tặng quà"], ["02.01", 10, 7]])
    tiny("xa1.xlsx", [["Mã đơn vị", "Số đảng viên"], ["01.01", 3], ["01.02", 4], ["01.03", 5]])
    code, status = _json("status", str(tiny.root), "-p", "2026", "-f", "json")
    states = {c["code"]: c["status"] for p in status["parents"] for c in p["children"]}
    assert code == 1 and states["02.01"] == "unread" and states["01.01"] == "reported"
    code, report = _json("validate", str(tiny.root), "-p", "2026", "-f", "json")
    ledger = {f["path"]: f["ledger"] for f in report["files"]}
    assert ledger["inbox/2026/xa2.xlsx"]["unread"] == 1 and ledger["inbox/2026/xa1.xlsx"]["unread"] == 0
    (finding,) = [f for f in report["findings"] if f["rule"] == "column.unread"]
    assert finding["severity"] == "warning" and finding["cell"] == "C1"
    tiny("xa2.xlsx", [["Mã đơn vị", "Số đảng viên", "Ghi chú"], ["02.01", 10, "mới"]])  # its clean twin
    code, status = _json("status", str(tiny.root), "-p", "2026", "-f", "json")
    states = {c["code"]: c["status"] for p in status["parents"] for c in p["children"]}
    assert code == 0 and states["02.01"] == "reported"
