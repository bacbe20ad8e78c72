"""Tables fit the terminal: at 80 and 100 columns no line is wider than the terminal and no word is cut; the
aggregate table says which columns it left out and how to see them; changes carry their unit."""

from __future__ import annotations

import json
import re

import pytest
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

from conftest import DEMO
from dm05.cli import app

BOX = r"\s│┃║─━┼╇╋╪┡┩┏┓┗┛┳┻┣┫┠┨┯┷┬┴├┤┌┐└┘"


def run(monkeypatch, width: int, *args: object):
    """``dm05 …`` on a terminal ``width`` columns wide (the CLI's console, as a person's terminal would be)."""
    monkeypatch.setattr("dm05.cli.out", Console(width=width, soft_wrap=False, no_color=True, highlight=False))
    return CliRunner().invoke(app, [str(a) for a in args])


def words(text: str) -> set[str]:
    """The words of ``text`` as a reader sees them, the punctuation around them aside."""
    return {w.strip(",.;:()") for w in re.split(rf"[{BOX}]+", text) if w.strip(",.;:()")}


def assert_fits(output: str, width: int, expected: list[str]) -> None:
    """No line wider than the terminal, nothing cropped ("…"), and every word of ``expected`` whole."""
    assert all(cell_len(line) <= width for line in output.splitlines()), output
    shown = words(output)
    cut = sorted({w for text in expected for w in words(text) if len(w) <= 40 and w not in shown})
    assert cut == [], (cut, output)


@pytest.fixture
def messy(tiny):
    """A workspace whose findings have long sheet names, long messages and a file name with spaces."""
    tiny("Báo cáo của Đảng bộ xã Một năm 2026.xlsx",
         [["Mã đơn vị", "Tên chi bộ", "Số đảng viên", "Số đảng viên tham gia học tập chuyên đề", "Cột lạ"],
          ["01.01", "Chi bộ thôn Đông", 30, 31, 5], ["01.02", "Chi bộ thôn Tây", -2, 3, 1],
          ["01.09", "Chi bộ thôn Bắc", 3, 3, 1]], sheet="Biểu 01 - Tổng hợp số liệu")
    tiny("xa_hai.xlsx", [["Mã đơn vị", "Số đảng viên"], ["02.01", 12.5]])
    return tiny.root


@pytest.mark.parametrize("width", [80, 100])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_validate_table_fits_a_narrow_terminal(monkeypatch, messy, width: int, lang: str) -> None:
    r = run(monkeypatch, width, "validate", messy, "-p", "2026", "--lang", lang)
    assert r.exit_code == 1
    findings = json.loads(CliRunner().invoke(app, ["validate", str(messy), "-p", "2026", "-f", "json", "--lang",
                                                   lang]).stdout)["findings"]
    assert len(findings) >= 5
    assert_fits(r.stdout, width, [f["message"] for f in findings] + [f["unit"] or "" for f in findings])
    assert "value.negative" not in r.stdout  # the rule id gives its room to the message; --format json keeps it
    wide = run(monkeypatch, 200, "validate", messy, "-p", "2026", "--lang", lang)
    assert "value.negative" in wide.stdout


@pytest.mark.parametrize("width", [80, 100])
def test_status_table_fits_a_narrow_terminal(monkeypatch, messy, width: int) -> None:
    r = run(monkeypatch, width, "status", messy, "-p", "2026")
    data = json.loads(CliRunner().invoke(app, ["status", str(messy), "-p", "2026", "-f", "json"]).stdout)
    names = [c["name"] for p in data["parents"] for c in [p, *p["children"]]]
    assert_fits(r.stdout, width, names + ["Tình hình báo cáo kỳ 2026", "có lỗi", "chưa báo cáo"])
    assert "[forms] deadlines" in " ".join(r.stdout.split())  # words in brackets are words, not rich markup


@pytest.mark.parametrize("width", [80, 100])
def test_explain_table_fits_a_narrow_terminal(monkeypatch, width: int) -> None:
    r = run(monkeypatch, width, "explain", DEMO, "-p", "2026", "--unit", "01", "--indicator",
            "ti_le_dang_vien_dang_ky")
    assert r.exit_code == 0
    data = json.loads(CliRunner().invoke(app, ["explain", str(DEMO), "-p", "2026", "--unit", "01", "--indicator",
                                               "ti_le_dang_vien_dang_ky", "-f", "json"]).stdout)
    cells = [c["cell"] for p in data["parts"] for c in p["cells"]]
    files = sorted({c["file"] for p in data["parts"] for c in p["cells"]})
    included = [x["name"] for x in data["leaves"]["included"]]
    assert_fits(r.stdout, width, cells + files + included)


@pytest.mark.parametrize("width", [80, 100])
def test_aggregate_with_compare_shows_every_column_or_names_those_left_out(monkeypatch, width: int) -> None:
    r = run(monkeypatch, width, "aggregate", DEMO, "-p", "2026", "--compare", "2025", "-q")
    assert r.exit_code == 0, r.output
    from dm05.workspace import load_workspace

    columns = load_workspace(DEMO).report.terminal  # the workspace's terminal columns (report.toml)
    keys = [c.key for c in columns]
    shown = [c.key for c in columns if all(w in words(r.stdout) for w in c.label.split())]
    left = re.search(r"Không đủ chỗ cho \d+ cột: ([\w, ]+)\.", r.stdout.replace("\n", " "))
    left_out = re.split(r",\s*", left.group(1).strip()) if left else []
    assert sorted(shown + left_out) == sorted(keys), r.stdout
    assert len(shown) >= 3
    if left_out:
        assert "--format csv" in r.stdout and "--columns" in r.stdout
    units = json.loads(CliRunner().invoke(app, ["aggregate", str(DEMO), "-p", "2026", "-f", "json"]).stdout)["units"]
    assert_fits(r.stdout, width, [u["name"] for u in units if u["parent"] in (None, units[0]["code"])])
    assert re.search(r"[+−]\d+(,\d+)? điểm", r.stdout)  # a rate's change in percentage points, with its unit
    assert not re.search(r"(?<![\d,.])[+−]0(?![,\d])", r.stdout)  # no change reads "+0" or "−0"


def test_every_indicator_can_be_asked_for_and_those_without_room_are_named(monkeypatch) -> None:
    r = run(monkeypatch, 80, "aggregate", DEMO, "-p", "2026", "--columns", "all", "-q")
    note = r.stdout.replace("\n", " ")
    left = re.search(r"Không đủ chỗ cho (\d+) cột: ([\w, ]+)\.", note)
    assert left, r.stdout
    from dm05.workspace import load_workspace

    every = [i.key for i in load_workspace(DEMO).catalogue.indicators if i.kind in ("count", "amount", "ratio")]
    named = re.split(r",\s*", left.group(2).strip())
    assert int(left.group(1)) == len(named) and set(named) < set(every)
    assert_fits(r.stdout, 80, named)
    r = run(monkeypatch, 200, "aggregate", DEMO, "-p", "2026", "--columns", "so_dang_vien,mo_hinh_moi", "-q")
    assert "Đảng viên" in r.stdout and "Mô hình mới" in r.stdout and "Học tập" not in r.stdout
    assert "Không đủ chỗ" not in r.stdout and "Bảng hiện" not in r.stdout


def test_a_change_carries_its_unit_and_zero_reads_as_zero() -> None:
    from dm05.vnformat import change

    assert change(0.007, True, "điểm") == "+0,7 điểm" and change(-0.0123, True, "points") == "−1,2 points"
    assert change(0.0, True, "điểm") == "0 điểm" and change(-1e-9, True, "điểm") == "0 điểm"
    assert change(12, False, "điểm") == "+12" and change(-3, False, "điểm") == "−3" and change(0, False, "") == "0"
    assert change(1234, False, "") == "+1.234"


@pytest.mark.parametrize("width", [80, 100])
def test_indicators_table_fits_a_narrow_terminal_and_says_what_it_left_out(monkeypatch, width: int) -> None:
    r = run(monkeypatch, width, "indicators", DEMO)
    assert r.exit_code == 0
    data = json.loads(CliRunner().invoke(app, ["indicators", str(DEMO), "-f", "json"]).stdout)["indicators"]
    assert_fits(r.stdout, width, [i["key"] for i in data] + [i["label"] for i in data])
    assert "--format json" in " ".join(r.stdout.split())  # the aliases (at least) gave way, and it says where
    assert "Bí danh" not in r.stdout
    wide = run(monkeypatch, 250, "indicators", DEMO)
    assert "Bí danh" in wide.stdout and "--format json" not in " ".join(wide.stdout.split())
    assert_fits(wide.stdout, 250, [a for i in data for a in i["aliases"]])
