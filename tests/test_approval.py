"""Sign-off: ``dm05 approve`` stores the input hashes and the roll-up's figures; a later change under an
approved unit is an error until it is approved again or reopened; a parent is approved only after its
sub-units (unless forced, with a note); the report states the approval date."""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from conftest import write_xlsx
from dm05.cli import app
from dm05.vnformat import short_date

HEAD = ["Mã đơn vị", "Số đảng viên"]
XA1 = [HEAD, ["01.01", 10], ["01.02", 12], ["01.03", 8]]
XA2 = [HEAD, ["02.01", 7]]


def invoke(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def approve(ws: Path, *extra: object):
    return invoke("approve", ws, "-p", "2026", "--by", "Nguyễn Văn A", *extra)


def findings(ws: Path) -> tuple[int, list[tuple[str, str | None]]]:
    r = invoke("validate", ws, "-p", "2026", "-f", "json")
    return r.exit_code, [(f["rule"], f["unit"]) for f in json.loads(r.stdout)["findings"]]


def entries(ws: Path) -> list[dict]:
    return tomllib.loads((ws / "approvals.toml").read_text(encoding="utf-8"))["approval"]


@pytest.fixture
def full(tiny) -> Path:
    """Both communes sent every cell, no finding."""
    tiny("xa1.xlsx", XA1)
    tiny("xa2.xlsx", XA2)
    return tiny.root


@pytest.fixture
def signed(full: Path) -> Path:
    """The communes approved, then the district."""
    for unit in ("01", "02", "00"):
        assert approve(full, "--unit", unit).exit_code == 0
    return full


def test_approval_stores_the_input_hashes_and_the_roll_ups_figures(full: Path) -> None:
    r = approve(full, "--unit", "01", "-f", "json")
    assert r.exit_code == 0, r.stderr
    (entry,) = entries(full)
    xa1 = full / "inbox" / "2026" / "xa1.xlsx"
    assert entry["inputs"] == {"inbox/2026/xa1.xlsx": hashlib.sha256(xa1.read_bytes()).hexdigest()}
    assert entry["values"]["so_dang_vien"] == 30 and (entry["reported"], entry["expected"]) == (3, 3)
    assert entry["figures"].startswith("sha256:") and entry["action"] == "approve" and entry["by"] == "Nguyễn Văn A"
    assert json.loads(r.stdout)["written"] is True
    again = approve(full, "--unit", "01", "-f", "json")  # nothing changed: nothing written
    assert again.exit_code == 0 and json.loads(again.stdout)["written"] is False and len(entries(full)) == 1


def test_a_parent_is_approved_only_after_its_sub_units_unless_forced_with_a_note(full: Path) -> None:
    r = approve(full)
    assert r.exit_code == 1 and "01, 02" in r.stderr and not (full / "approvals.toml").exists()
    assert approve(full, "--unit", "01").exit_code == 0
    r = approve(full)
    assert r.exit_code == 1 and "(02)" in r.stderr
    assert approve(full, "--force").exit_code == 2  # forced, but why?
    r = approve(full, "--force", "--note", "Xã Hai đã gửi bản giấy có chữ ký", "-f", "json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["forced_past"] == ["02"]
    last = entries(full)[-1]
    assert (last["unit"], last["forced"], last["note"]) == ("00", True, "Xã Hai đã gửi bản giấy có chữ ký")


def test_figures_with_errors_are_not_approved(tiny) -> None:
    tiny("xa1.xlsx", [HEAD, ["01.01", 10], ["01.02", -12], ["01.03", 8]])
    r = approve(tiny.root, "--unit", "01")
    assert r.exit_code == 1 and "1 lỗi" in r.stderr and not (tiny.root / "approvals.toml").exists()


def test_a_changed_input_under_an_approved_unit_is_an_error_until_approved_again(signed: Path) -> None:
    assert findings(signed) == (0, [])
    write_xlsx(signed / "inbox" / "2026" / "xa1.xlsx", [HEAD, ["01.01", 11], ["01.02", 12], ["01.03", 8]])
    code, found = findings(signed)
    assert code == 1 and found == [("approval.changed", "01"), ("approval.changed", "00")]
    message = json.loads(invoke("validate", signed, "-p", "2026", "-f", "json").stdout)["findings"][0]["message"]
    assert "inbox/2026/xa1.xlsx" in message and "dm05 approve --unit 01" in message
    status = json.loads(invoke("status", signed, "-p", "2026", "-f", "json").stdout)
    units = {u["code"]: u for p in status["parents"] for u in [p, *p["children"]]}
    assert units["01"]["status"] == "errors" and units["02"]["status"] == "reported" and units["02"]["approved"]
    r = invoke("report", signed, "-p", "2026", "-o", signed / "bc.docx")
    assert r.exit_code == 1 and not (signed / "bc.docx").exists()
    assert approve(signed).exit_code == 1  # the district waits for its commune
    assert approve(signed, "--unit", "01").exit_code == 0
    assert findings(signed) == (1, [("approval.changed", "00")])
    assert approve(signed).exit_code == 0
    assert findings(signed) == (0, [])


def test_a_new_file_or_a_moved_cell_under_an_approved_unit_is_an_error(signed: Path) -> None:
    tiny_units = signed / "units.csv"
    write_xlsx(signed / "inbox" / "2026" / "xa2_bo_sung.xlsx", [HEAD, ["02", 7]])
    code, found = findings(signed)
    assert ("approval.changed", "02") in found and ("approval.changed", "00") in found
    (signed / "inbox" / "2026" / "xa2_bo_sung.xlsx").unlink()
    assert findings(signed) == (0, [])
    # the cell of a school moves to commune 02 in units.csv: no input changed, every commune's figures did
    tiny_units.write_text(tiny_units.read_text(encoding="utf-8").replace("01.03,Chi bộ Trường Tiểu học,01",
                                                                         "01.03,Chi bộ Trường Tiểu học,02"),
                          encoding="utf-8")
    code, found = findings(signed)
    assert code == 1 and found == [("approval.changed", u) for u in ("01", "02", "00")]
    message = json.loads(invoke("validate", signed, "-p", "2026", "-f", "json").stdout)["findings"][0]["message"]
    assert "units.csv" in message


def test_reopening_lifts_the_freeze_but_not_under_an_approved_parent(signed: Path) -> None:
    r = approve(signed, "--unit", "01", "--reopen")
    assert r.exit_code == 2 and "00" in r.stderr and "--reopen" in r.stderr
    assert approve(signed, "--reopen", "--note", "Bổ sung số liệu xã Một").exit_code == 0
    assert approve(signed, "--unit", "01", "--reopen").exit_code == 0
    assert approve(signed, "--unit", "01", "--reopen").exit_code == 2  # nothing left to reopen
    write_xlsx(signed / "inbox" / "2026" / "xa1.xlsx", [HEAD, ["01.01", 11], ["01.02", 12], ["01.03", 8]])
    assert findings(signed) == (0, [])  # 02 stays approved and unchanged
    assert [e["action"] for e in entries(signed)][-2:] == ["reopen", "reopen"]


def test_the_report_states_the_approval_date(signed: Path) -> None:
    day = entries(signed)[-1]["date"]
    r = invoke("report", signed, "-p", "2026", "-o", signed / "bc.docx")
    assert r.exit_code == 0, r.stderr
    text = "\n".join(p.text for p in docx.Document(str(signed / "bc.docx")).paragraphs)
    assert f"Số liệu đã được phê duyệt ngày {short_date(day.date())}." in text  # as the annex dates its report
    xa2 = signed / "inbox" / "2026" / "xa2.xlsx"
    approved = xa2.read_bytes()
    write_xlsx(xa2, [HEAD, ["02.01", 8]])  # changed since: a draft at most
    r = invoke("report", signed, "-p", "2026", "-o", signed / "bc2.docx", "--draft")
    assert r.exit_code == 0 and "phê duyệt" not in "\n".join(p.text for p in docx.Document(str(signed / "bc2.docx")).paragraphs)
    xa2.write_bytes(approved)  # the bytes approved, back
    assert approve(signed, "--reopen").exit_code == 0
    r = invoke("report", signed, "-p", "2026", "-o", signed / "bc3.docx")
    assert r.exit_code == 0 and "phê duyệt" not in "\n".join(p.text for p in docx.Document(str(signed / "bc3.docx")).paragraphs)


def test_dm05_appends_to_approvals_and_keeps_the_clerks_edits(full: Path) -> None:
    path = full / "approvals.toml"
    mine = "# Sổ phê duyệt — Văn phòng Đảng ủy\r\n# (giữ bản sao trên USB)\r\n"
    path.write_bytes(mine.encode("utf-8"))
    assert approve(full, "--unit", "01").exit_code == 0
    text = path.read_bytes()
    assert text.startswith(mine.encode("utf-8")) and b"\r\n[[approval]]\r\n" in text and b"\n" not in text.replace(b"\r\n", b"")
    path.write_bytes(text + b"[[approval]]\r\nperiod = \"2026\"\r\nunit = \"02\"\r\n")
    broken = path.read_bytes()
    r = approve(full, "--unit", "02")
    assert r.exit_code == 2 and "approvals.toml" in r.stderr and "date" in r.stderr
    assert path.read_bytes() == broken
