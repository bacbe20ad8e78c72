"""Explanations (giải trình): an explained warning is listed apart and does not count toward --strict, comes
back when the figure it explains changes, may be written by hand, and a gap in status can be explained too."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import write_xlsx
from dm05.cli import app

HEAD = ["Mã đơn vị", "Tên đơn vị", "Số đảng viên"]


def invoke(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def validate(ws: Path, *extra: str) -> tuple[int, dict]:
    r = invoke("validate", ws, "-p", "2026", "-f", "json", *extra)
    return r.exit_code, json.loads(r.stdout)


@pytest.fixture
def mistotal(tiny) -> Path:
    """Commune 02's file with a totals row that says 12 where its one row says 10: a warning."""
    tiny("xa2.xlsx", [HEAD, ["02.01", "Chi bộ thôn Đông", 10], [None, "Tổng cộng", 12]])
    tiny("xa1.xlsx", [HEAD, ["01.01", "Chi bộ thôn Đông", 5], ["01.02", "Chi bộ thôn Tây", 6],
                      ["01.03", "Chi bộ Trường Tiểu học", 7]])
    return tiny.root


EXPLAIN_TOTAL = ("--rule", "total.mismatch", "--file", "inbox/2026/xa2.xlsx", "--indicator", "so_dang_vien")


def test_an_explained_warning_is_listed_apart_and_does_not_fail_strict(mistotal: Path) -> None:
    assert invoke("validate", mistotal, "-p", "2026", "--strict").exit_code == 1
    r = invoke("explain-finding", mistotal, "-p", "2026", *EXPLAIN_TOTAL, "--text", "Xã cộng nhầm, đã xác nhận",
               "--by", "Lê Văn C")
    assert r.exit_code == 0, r.stderr
    code, data = validate(mistotal, "--strict")
    assert code == 0 and data["findings"] == [] and data["summary"]["warnings"] == 0
    (x,) = data["explained"]
    assert (x["rule"], x["file"], x["cell"], x["indicator"]) == ("total.mismatch", "inbox/2026/xa2.xlsx", "C3", "so_dang_vien")
    assert x["explanation"]["text"] == "Xã cộng nhầm, đã xác nhận" and x["explanation"]["by"] == "Lê Văn C"
    table = invoke("validate", mistotal, "-p", "2026").stdout
    assert "Đã giải trình (1)" in table and "Xã cộng nhầm, đã xác nhận — Lê Văn C" in table
    assert "0 cảnh báo, 1 cảnh báo đã giải trình" in table
    status = json.loads(invoke("status", mistotal, "-p", "2026", "-f", "json").stdout)
    assert [(e["rule"], e["file"]) for e in status["explained"]] == [("total.mismatch", "inbox/2026/xa2.xlsx")]
    units = {u["code"]: u for p in status["parents"] for u in [p, *p["children"]]}
    assert (units["02"]["warnings"], units["02"]["explained"]) == (0, 1)


def test_an_explanation_is_bound_to_its_figure_and_the_warning_returns_when_it_changes(mistotal: Path) -> None:
    invoke("explain-finding", mistotal, "-p", "2026", *EXPLAIN_TOTAL, "--text", "Cộng nhầm", "--by", "Lê Văn C")
    entry = tomllib.loads((mistotal / "explanations.toml").read_text(encoding="utf-8"))["explanation"][0]
    assert entry["figure"] and "ghi 12" in entry["warning"] and "được 10" in entry["warning"]
    write_xlsx(mistotal / "inbox" / "2026" / "xa2.xlsx", [HEAD, ["02.01", "Chi bộ thôn Đông", 10], [None, "Tổng cộng", 13]])
    code, data = validate(mistotal, "--strict")
    assert code == 1 and data["explained"] == []
    assert [(f["rule"], f["value"]) for f in data["findings"]] == [("total.mismatch", "13")]
    write_xlsx(mistotal / "inbox" / "2026" / "xa2.xlsx", [HEAD, ["02.01", "Chi bộ thôn Đông", 10], [None, "Tổng cộng", 12]])
    code, data = validate(mistotal, "--strict")  # the figure that was explained: explained again
    assert code == 0 and len(data["explained"]) == 1


def test_an_explanation_written_by_hand_is_bound_to_the_figure_it_first_meets(mistotal: Path) -> None:
    path = mistotal / "explanations.toml"
    written = ('# sổ giải trình của Văn phòng\r\n[[explanation]]   # viết tay\r\nperiod = 2026\r\nrule = "total.mismatch"\r\n'
               'file = "inbox/2026/xa2.xlsx"\r\nindicator = "so_dang_vien"\r\ntext = """Xã báo\r\nnhầm dòng tổng"""\r\n'
               'by = "Lê Văn C"\r\n')
    path.write_bytes(written.encode("utf-8"))
    code, data = validate(mistotal, "--strict")
    assert code == 0 and data["explained"][0]["explanation"]["text"] == "Xã báo\nnhầm dòng tổng"
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("# sổ giải trình của Văn phòng\r\n[[explanation]]   # viết tay\r\nfigure = ")
    assert text.endswith('period = 2026\r\nrule = "total.mismatch"\r\nfile = "inbox/2026/xa2.xlsx"\r\n'
                         'indicator = "so_dang_vien"\r\ntext = """Xã báo\r\nnhầm dòng tổng"""\r\nby = "Lê Văn C"\r\n')
    write_xlsx(mistotal / "inbox" / "2026" / "xa2.xlsx", [HEAD, ["02.01", "Chi bộ thôn Đông", 10], [None, "Tổng cộng", 14]])
    code, data = validate(mistotal, "--strict")
    assert code == 1 and [f["value"] for f in data["findings"]] == ["14"]


def test_a_year_on_year_jump_is_explained_by_unit_and_indicator(tiny) -> None:
    write_xlsx(tiny.root / "inbox" / "2025" / "x.xlsx", [HEAD, ["01.01", "Chi bộ thôn Đông", 30]])
    tiny("x.xlsx", [HEAD, ["01.01", "Chi bộ thôn Đông", 300]])
    code, data = validate(tiny.root)
    assert [(f["rule"], f["unit"], f["indicator"]) for f in data["findings"]] == [("value.jump", "01.01", "so_dang_vien")]
    r = invoke("explain-finding", tiny.root, "-p", "2026", "--rule", "value.jump", "--unit", "01.01",
               "--indicator", "so_dang_vien", "--text", "Sáp nhập ba chi bộ thôn", "--by", "Lê Văn C", "-f", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["unit"] == "01.01"
    code, data = validate(tiny.root, "--strict")
    assert code == 0 and [x["rule"] for x in data["explained"]] == ["value.jump"]


def test_errors_and_warnings_that_are_not_there_cannot_be_explained(tiny) -> None:
    tiny("x.xlsx", [HEAD, ["01.01", "Chi bộ thôn Đông", -3]])
    r = invoke("explain-finding", tiny.root, "-p", "2026", "--rule", "value.negative", "--unit", "01.01",
               "--text", "x", "--by", "y")
    assert r.exit_code == 2 and "value.negative" in r.stderr and not (tiny.root / "explanations.toml").exists()
    r = invoke("explain-finding", tiny.root, "-p", "2026", "--rule", "value.jump", "--unit", "01.02",
               "--text", "x", "--by", "y")
    assert r.exit_code == 2 and "value.jump" in r.stderr and "01.02" in r.stderr
    r = invoke("explain-finding", tiny.root, "-p", "2026", "--rule", "value.jump", "--text", "x", "--by", "y")
    assert r.exit_code == 2 and "--unit" in r.stderr
    assert not (tiny.root / "explanations.toml").exists()


def test_an_explained_gap_settles_status_until_another_gap_opens(tiny) -> None:
    tiny("xa1.xlsx", [HEAD, ["01.01", "Chi bộ thôn Đông", 5], ["01.02", "Chi bộ thôn Tây", 6]])
    tiny("xa2.xlsx", [HEAD, ["02.01", "Chi bộ thôn Đông", 10]])
    assert invoke("status", tiny.root, "-p", "2026").exit_code == 1
    r = invoke("explain-finding", tiny.root, "-p", "2026", "--rule", "coverage.partial", "--unit", "01.03",
               "--text", "Chi bộ trường giải thể tháng 10", "--by", "Lê Văn C")
    assert r.exit_code == 0, r.stderr
    r = invoke("status", tiny.root, "-p", "2026", "-f", "json")
    data = json.loads(r.stdout)
    assert r.exit_code == 0 and data["settled"] is True and data["complete"] is False
    units = {u["code"]: u for p in data["parents"] for u in [p, *p["children"]]}
    assert units["01.03"]["status"] == "missing" and units["01.03"]["explanation"]["text"] == "Chi bộ trường giải thể tháng 10"
    assert units["01"]["settled"] and units["00"]["settled"] and units["00"]["status"] == "partial"
    assert [(e["rule"], e["unit"]) for e in data["explained"]] == [("coverage.partial", "01.03")]
    table = invoke("status", tiny.root, "-p", "2026").stdout
    assert not any(" 01.03 " in line and "chưa báo cáo" in line for line in table.splitlines())
    assert "Chi bộ trường giải thể tháng 10" in table
    # commune 02's cell disappears: not explained, status fails again
    (tiny.root / "inbox" / "2026" / "xa2.xlsx").unlink()
    assert invoke("status", tiny.root, "-p", "2026").exit_code == 1


def test_a_broken_explanations_file_is_an_error_naming_the_line_and_is_left_as_it_is(mistotal: Path) -> None:
    path = mistotal / "explanations.toml"
    path.write_text('[[explanation]]\nperiod = "2026"\nrule = "total.mismatch"\nfile = "inbox/2026/xa2.xlsx"\n'
                    'text = "x"\n\n[[explanation]]\nperiod = "2026"\nrule = "total.mismatch"\nunit = "02"\n'
                    'text = "y"\nby = "z"\n', encoding="utf-8")
    kept = path.read_bytes()
    r = invoke("validate", mistotal, "-p", "2026")
    assert r.exit_code == 2 and "explanations.toml, dòng 1" in r.stderr and "by" in r.stderr
    r = invoke("explain-finding", mistotal, "-p", "2026", *EXPLAIN_TOTAL, "--text", "x", "--by", "y")
    assert r.exit_code == 2 and path.read_bytes() == kept
    path.write_text('[[explanation]]\nperiod = "2026"\nrule = "total.mismatch\n', encoding="utf-8")
    r = invoke("validate", mistotal, "-p", "2026")
    assert r.exit_code == 2 and "explanations.toml, dòng 3" in r.stderr
