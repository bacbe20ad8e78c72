"""The command line: exit codes 0/1/2, results on stdout, one-line errors on stderr, never a traceback."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DEMO
from dm05.cli import app

runner = CliRunner()
COMMANDS = [c.name or c.callback.__name__ for c in app.registered_commands]


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def assert_one_line_error(result, code: int, fragment: str) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) <= 2 and fragment in result.stderr, result.stderr
    assert result.stdout == ""


def test_help_for_every_command_has_an_example() -> None:
    assert {"init", "validate", "aggregate", "status", "explain", "report"} <= set(COMMANDS)
    for cmd in COMMANDS:
        r = invoke(cmd, "--help")
        assert r.exit_code == 0 and "dm05 " + cmd in r.stdout.replace("\n", " ")


def test_version() -> None:
    from dm05 import __version__
    r = invoke("--version")
    assert r.exit_code == 0 and __version__ in r.stdout


def test_missing_workspace_exits_2(tmp_path: Path) -> None:
    assert_one_line_error(invoke("report", tmp_path / "khong-co", "--period", "2026"), 2, "khong-co")


def test_malformed_config_exits_2_naming_field_and_file(tiny) -> None:
    cfg = tiny.root / "dm05.toml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace('name = "Trần Thị B"\n', ""), encoding="utf-8")
    r = invoke("report", tiny.root, "--period", "2026")
    assert_one_line_error(r, 2, "signer.name")
    assert "dm05.toml" in r.stderr


def test_toml_syntax_error_exits_2(tiny) -> None:
    (tiny.root / "dm05.toml").write_text("[issuer\n", encoding="utf-8")
    assert_one_line_error(invoke("validate", tiny.root, "--period", "2026"), 2, "TOML")


def test_malformed_units_exits_2(tiny) -> None:
    (tiny.root / "units.csv").write_text("code,name,parent,level\n01,A,,x\n01,B,01,y\n", encoding="utf-8")
    assert_one_line_error(invoke("aggregate", tiny.root, "--period", "2026"), 2, "units.csv")


def test_period_without_inbox_exits_2(tiny) -> None:
    assert_one_line_error(invoke("report", tiny.root, "--period", "2019"), 2, "2019")


def test_invalid_period_exits_2(tiny) -> None:
    assert_one_line_error(invoke("validate", tiny.root, "--period", "năm nay"), 2, "năm nay")


def test_messages_in_english_on_request(tiny, monkeypatch) -> None:
    r = invoke("report", tiny.root, "--period", "2019", "--lang", "en")
    assert "No inbox folder" in r.stderr
    monkeypatch.setenv("DM05_LANG", "en")
    assert "No inbox folder" in invoke("report", tiny.root, "--period", "2019").stderr


def test_validate_exit_1_with_json_findings(tiny) -> None:
    tiny("x.xlsx", [["Mã đơn vị", "Số đảng viên"], ["01.01", "nhiều"], ["01.99", 3]])
    r = invoke("validate", tiny.root, "--period", "2026", "--format", "json")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert data["summary"] == {"files": 1, "units": 1, "errors": 2, "warnings": 0}
    assert [(f["rule"], f["cell"], f["row"], f["column"], f["unit"]) for f in data["findings"]] == [
        ("value.not_number", "B2", 2, "B", "01.01"), ("unit.unknown", "A3", 3, "A", None)]
    assert data["files"] == [{"path": "inbox/2026/x.xlsx", "status": "errors", "units": 1,
                               "ledger": {"read": 0, "checked": 0, "layout": 2, "unread": 1}}]
    assert set(data["findings"][0]) == {"severity", "rule", "file", "sheet", "cell", "row", "column", "unit",
                                        "indicator", "value", "message"}


def test_validate_table_names_file_cell_and_rule(tiny) -> None:
    tiny("x.xlsx", [["Mã đơn vị", "Số đảng viên"], ["01.01", -1]])
    r = invoke("validate", tiny.root, "--period", "2026")
    assert r.exit_code == 1
    assert "inbox/2026/x.xlsx" in r.stdout and "Sheet1!B2" in r.stdout and "value.negative" in r.stdout
    assert "1 lỗi" in r.stdout


def test_validate_given_folder_mixing_good_bad_and_unreadable(tiny, tmp_path) -> None:
    from conftest import write_xlsx
    folder = tmp_path / "nhan"
    write_xlsx(folder / "tot.xlsx", [["Mã đơn vị", "Số đảng viên"], ["01.01", 3]])
    write_xlsx(folder / "xau.xlsx", [["Mã đơn vị", "Số đảng viên"], ["01.02", 2.5]])
    (folder / "hong.xls").write_bytes(b"\x00garbage")
    r = invoke("validate", tiny.root, "--period", "2026", folder, "-f", "json")
    assert r.exit_code == 1
    statuses = {Path(f["path"]).name: f["status"] for f in json.loads(r.stdout)["files"]}
    assert statuses == {"hong.xls": "unreadable", "tot.xlsx": "ok", "xau.xlsx": "errors"}


def test_demo_validates_clean_and_aggregates(demo_aggregate) -> None:
    r = invoke("validate", DEMO, "--period", "2026", "-f", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["summary"]["errors"] == 0
    r = demo_aggregate("2026")  # `dm05 aggregate data/demo --period 2026 --format json`, shared by the session
    assert r["exit_code"] == 0
    units = r["json"]["units"]
    assert units[0]["parent"] is None and units[0]["expected"] == 575
    r = invoke("aggregate", DEMO, "--period", "2026")
    assert r.exit_code == 0 and "Đảng bộ tỉnh Lạc Hồng" in r.stdout


@pytest.mark.parametrize("fmt,magic", [("csv", b"\xef\xbb\xbfcode,name"), ("xlsx", b"PK"), ("json", b"{")])
def test_aggregate_writes_files_and_refuses_to_overwrite(demo_aggregate_file, tiny, tmp_path, fmt, magic) -> None:
    made = demo_aggregate_file(fmt)  # `dm05 aggregate data/demo --period 2026 -f FMT -o FILE`, shared by the session
    assert made["exit_code"] == 0, made["stderr"]
    written = made["path"].read_bytes()
    assert written.startswith(magic)
    out = tmp_path / f"th.{fmt}"
    out.write_bytes(written)
    assert_one_line_error(invoke("aggregate", DEMO, "--period", "2026", "-f", fmt, "-o", out), 2, "--force")
    assert out.read_bytes() == written
    # --force replaces the file: another workspace's roll-up (the tiny one, quick to make) is what it then holds.
    tiny("x.xlsx", [["Mã đơn vị", "Số đảng viên"], ["01.01", 3]])
    assert invoke("aggregate", tiny.root, "--period", "2026", "-f", fmt, "-o", out, "--force").exit_code == 0
    replaced = out.read_bytes()
    assert replaced.startswith(magic) and replaced != written


def test_report_with_data_errors_exits_1(tiny) -> None:
    tiny("x.xlsx", [["Mã đơn vị", "Số đảng viên"], ["01.01", -3]])
    r = invoke("report", tiny.root, "--period", "2026")
    assert_one_line_error(r, 1, "dm05 validate")


def test_init_skeleton_works_as_it_is(tmp_path) -> None:
    ws = tmp_path / "moi"
    r = invoke("init", ws, "--year", "2026")
    assert r.exit_code == 0
    r = invoke("validate", ws, "--period", "2026", "-f", "json")
    assert r.exit_code == 0, r.stdout
    r = invoke("report", ws, "--period", "2026", "-o", tmp_path / "bc.docx")
    assert r.exit_code == 0, r.stderr
    assert (tmp_path / "bc.docx").stat().st_size > 10_000
    r = invoke("init", ws, "--year", "2026")  # again: every file is already the skeleton's
    assert r.exit_code == 0 and "không ghi gì" in r.stderr and not list(ws.glob("*.bak*"))


def test_init_never_loses_a_clerks_files(tmp_path) -> None:
    ws = tmp_path / "ws"
    assert invoke("init", ws, "--year", "2026").exit_code == 0
    skeleton_units = (ws / "units.csv").read_bytes()
    own = "code,name,parent,level\n01,Đảng bộ xã Thật,,xa\n01.01,Chi bộ thôn 1,01,chi_bo\n"
    (ws / "units.csv").write_text(own, encoding="utf-8")
    r = invoke("init", ws, "--year", "2026")
    assert_one_line_error(r, 2, "units.csv")
    assert "--force" in r.stderr and ".bak" in r.stderr
    assert (ws / "units.csv").read_text(encoding="utf-8") == own
    r = invoke("init", ws, "--year", "2026", "--force")
    assert r.exit_code == 0 and "units.csv.bak" in r.stderr
    assert (ws / "units.csv.bak").read_text(encoding="utf-8") == own
    assert (ws / "units.csv").read_bytes() == skeleton_units
    assert not (ws / "dm05.toml.bak").exists()  # unchanged files need no copy
    (ws / "units.csv").write_text(own.replace("Thật", "Mới"), encoding="utf-8")
    assert invoke("init", ws, "--year", "2026", "--force").exit_code == 0
    assert (ws / "units.csv.bak").read_text(encoding="utf-8") == own  # an earlier backup is never replaced
    assert "Mới" in (ws / "units.csv.bak2").read_text(encoding="utf-8")


def test_init_adds_no_sample_to_a_workspace_with_data(tmp_path) -> None:
    ws = tmp_path / "ws"
    (ws / "inbox" / "2025").mkdir(parents=True)
    (ws / "inbox" / "2025" / "xa_mot.xlsx").write_bytes(b"PK")
    r = invoke("init", ws, "--year", "2026")
    assert r.exit_code == 0, r.stderr
    assert not list(ws.rglob("vi_du.csv")) and "inbox" in r.stderr
    assert "Không thêm tệp số liệu ví dụ" in r.stderr
    assert (ws / "inbox" / "2026").is_dir()  # where the units' files go is ready


@pytest.mark.parametrize("rows,rule,cell,code", [
    ([["Mã đơn vị", "Số đảng viên"], ["09.09", 3]], "unit.unknown", "A2", 1),
    ([["Mã đơn vị", "Số đảng viên", "Cột lạ"], ["01.01", 3, "mới"]], "column.unknown", "C1", 0),
    ([["Mã đơn vị", "Số đảng viên", "Cột lạ"], ["01.01", 3, 1]], "column.unread", "C1", 0),
    ([["Mã đơn vị", "Số đảng viên"], ["01.01", "ba"]], "value.not_number", "B2", 1),
    ([["Mã đơn vị", "Số đảng viên"], ["01.01", -3]], "value.negative", "B2", 1),
    ([["Mã đơn vị", "Số đảng viên"], ["01.01", 3.5]], "value.fractional", "B2", 1),
    ([["Mã đơn vị", "Số đảng viên", "Số đảng viên tham gia học tập chuyên đề"], ["01.01", 3, 4]],
     "value.above_denominator", "C2", 1),
    ([["Mã đơn vị", "Số đảng viên"], ["01.01", 3], ["01.01", 3]], "unit.duplicate", "A3", 1),
])
def test_each_basic_finding_has_its_cell_message_and_exit_code(tiny, rows, rule, cell, code) -> None:
    tiny("x.xlsx", rows)
    for lang in ("vi", "en"):
        r = invoke("validate", tiny.root, "--period", "2026", "-f", "json", "--lang", lang)
        assert r.exit_code == code
        (f,) = json.loads(r.stdout)["findings"]
        assert (f["rule"], f["cell"], f["file"], f["sheet"]) == (rule, cell, "inbox/2026/x.xlsx", "Sheet1")
        assert f["message"] and "{" not in f["message"]


def test_required_column_missing_is_an_error(tiny) -> None:
    (tiny.root / "indicators.toml").write_text('[[indicator]]\nkey = "so_dang_vien"\nrequired = true\n', encoding="utf-8")
    tiny("x.xlsx", [["Mã đơn vị", "Số mô hình được nhân rộng"], ["01.01", 3]])
    r = invoke("validate", tiny.root, "--period", "2026", "-f", "json")
    assert r.exit_code == 1
    (f,) = json.loads(r.stdout)["findings"]
    assert (f["rule"], f["indicator"]) == ("column.required_missing", "so_dang_vien")


def test_readme_documents_every_command_and_rule() -> None:
    from conftest import ROOT
    from dm05.messages import RULES
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for cmd in COMMANDS:
        assert f"dm05 {cmd}" in readme
    missing = [rule for rule in RULES if f"`{rule}`" not in readme]
    assert missing == []


@pytest.mark.parametrize("args,fragment", [
    (["submit", "{ws}", "--period", "2026"], "--form"),
    (["form", "{ws}", "--period", "2026"], "--unit"),
    (["report", "{ws}", "--period", "2026", "--date", "2026-13-01"], "2026-12-15"),
])
def test_a_usage_error_inside_a_command_is_said_as_one_not_as_an_internal_error(tiny, args, fragment) -> None:
    r = invoke(*[a.format(ws=tiny.root) for a in args])
    assert r.exit_code == 2 and fragment in r.stderr
    assert "Lỗi nội bộ" not in r.stderr and "internal error" not in r.stderr and "Traceback" not in r.stderr
