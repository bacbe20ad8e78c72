"""Receipts and deadlines: ``dm05 receive`` copies and records, files placed by hand are recorded the first
time a command sees them, a received file that changes is a warning naming both receipts, and ``dm05 status``
says who was on time, who was late and by how many days, with the reporting and on-time rates."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DEMO, write_xlsx
from dm05.cli import app

ICT = timezone(timedelta(hours=7))
HEAD = ["Mã đơn vị", "Số đảng viên"]


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 12, day, hour, 0, tzinfo=ICT)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """dm05's clock, set by the test: ``clock[0]`` is now."""
    moment = [at(1)]
    monkeypatch.setattr("dm05.receipts.now", lambda: moment[0])
    return moment


def invoke(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def rows(ws: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((ws / "receipts.csv").read_text(encoding="utf-8-sig"))))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_receive_copies_into_the_inbox_and_records_time_size_and_hash(tiny, tmp_path: Path) -> None:
    original = write_xlsx(tmp_path / "mail" / "xa_mot.xlsx", [HEAD, ["01.01", 10]])
    before = original.read_bytes()
    mtime = original.stat().st_mtime_ns
    r = invoke("receive", tiny.root, "-p", "2026", original, "--at", "2026-12-03 09:15", "-f", "json")
    assert r.exit_code == 0, r.stderr
    copy = tiny.root / "inbox" / "2026" / "xa_mot.xlsx"
    assert copy.read_bytes() == before and original.read_bytes() == before and original.stat().st_mtime_ns == mtime
    (row,) = rows(tiny.root)
    assert row["file"] == "inbox/2026/xa_mot.xlsx" and row["how"] == "received"
    assert row["size"] == str(len(before)) and row["sha256"] == sha(original)
    assert row["original"] == str(original.resolve())
    assert datetime.fromisoformat(row["received_at"]).strftime("%Y-%m-%d %H:%M") == "2026-12-03 09:15"
    (out,) = json.loads(r.stdout)["received"]
    assert out["copied"] is True and out["sha256"] == sha(original) and out["file"] == "inbox/2026/xa_mot.xlsx"
    # the same bytes again: nothing copied, nothing recorded
    again = invoke("receive", tiny.root, "-p", "2026", original, "-f", "json")
    assert again.exit_code == 0 and json.loads(again.stdout)["received"][0]["copied"] is False
    assert len(rows(tiny.root)) == 1


def test_a_name_clash_is_refused_with_a_new_name_to_use_and_nothing_is_overwritten(tiny, tmp_path: Path) -> None:
    there = tiny("xa_mot.xlsx", [HEAD, ["01.01", 10]])
    kept = there.read_bytes()
    other = write_xlsx(tmp_path / "mail" / "xa_mot.xlsx", [HEAD, ["01.01", 11]])
    r = invoke("receive", tiny.root, "-p", "2026", other)
    assert r.exit_code == 2 and r.stdout == ""
    assert 'xa_mot (2).xlsx' in r.stderr and "--as" in r.stderr and "Traceback" not in r.stderr
    assert there.read_bytes() == kept and not (tiny.root / "receipts.csv").exists()
    r = invoke("receive", tiny.root, "-p", "2026", other, "--as", "xa_mot (2).xlsx")
    assert r.exit_code == 0, r.stderr
    assert (tiny.root / "inbox" / "2026" / "xa_mot (2).xlsx").read_bytes() == other.read_bytes()
    assert there.read_bytes() == kept
    assert [x["file"] for x in rows(tiny.root)] == ["inbox/2026/xa_mot (2).xlsx"]


def test_nothing_is_copied_unless_every_file_can_be(tiny, tmp_path: Path) -> None:
    tiny("b.xlsx", [HEAD, ["02.01", 1]])
    a = write_xlsx(tmp_path / "mail" / "a.xlsx", [HEAD, ["01.01", 10]])
    b = write_xlsx(tmp_path / "mail" / "b.xlsx", [HEAD, ["02.01", 2]])
    assert invoke("receive", tiny.root, "-p", "2026", a, b).exit_code == 2
    assert not (tiny.root / "inbox" / "2026" / "a.xlsx").exists()
    note = tmp_path / "mail" / "thu.txt"
    note.write_text("không phải biểu", encoding="utf-8")
    r = invoke("receive", tiny.root, "-p", "2026", note)
    assert r.exit_code == 2 and "thu.txt" in r.stderr
    assert invoke("receive", tiny.root, "-p", "2026", a, "--as", "../ngoai.xlsx").exit_code == 2
    assert invoke("receive", tiny.root, "-p", "2026", a, b, "--as", "c.xlsx").exit_code == 2
    r = invoke("receive", tiny.root, "-p", "2026", a, "--at", "sáng mai")
    assert r.exit_code == 2 and "sáng mai" in r.stderr
    assert not (tiny.root / "inbox" / "2026" / "a.xlsx").exists() and not (tiny.root / "receipts.csv").exists()


def test_a_file_placed_by_hand_is_recorded_once_when_a_command_first_sees_it(tiny, clock) -> None:
    path = tiny("xa_hai.xlsx", [HEAD, ["02.01", 7]])
    clock[0] = at(4, 14)
    assert invoke("status", tiny.root, "-p", "2026").exit_code == 1  # 01 is missing
    clock[0] = at(6)
    assert invoke("validate", tiny.root, "-p", "2026").exit_code == 0
    (row,) = rows(tiny.root)
    assert (row["file"], row["how"], row["sha256"], row["original"]) == ("inbox/2026/xa_hai.xlsx", "found", sha(path), "")
    assert datetime.fromisoformat(row["received_at"]) == at(4, 14)


def test_a_received_file_that_changes_is_a_warning_naming_both_receipts(tiny, tmp_path: Path, clock) -> None:
    original = write_xlsx(tmp_path / "mail" / "xa_hai.xlsx", [HEAD, ["02.01", 7]])
    clock[0] = at(3)
    assert invoke("receive", tiny.root, "-p", "2026", original).exit_code == 0
    inbox_copy = tiny.root / "inbox" / "2026" / "xa_hai.xlsx"
    write_xlsx(inbox_copy, [HEAD, ["02.01", 8]])  # someone edits the inbox's copy
    clock[0] = at(5)
    r = invoke("validate", tiny.root, "-p", "2026", "-f", "json")
    (f,) = json.loads(r.stdout)["findings"]
    assert (f["rule"], f["severity"], f["file"]) == ("file.changed", "warning", "inbox/2026/xa_hai.xlsx")
    assert "03/12/2026 09:00" in f["message"] and sha(original)[:12] in f["message"]
    assert "05/12/2026 09:00" in f["message"] and sha(inbox_copy)[:12] in f["message"]
    assert [x["how"] for x in rows(tiny.root)] == ["received", "changed"]
    assert invoke("validate", tiny.root, "-p", "2026", "--strict").exit_code == 1
    # the corrected copy received formally: no longer a change nobody accounted for
    corrected = tmp_path / "mail2" / "xa_hai.xlsx"
    corrected.parent.mkdir()
    corrected.write_bytes(inbox_copy.read_bytes())
    assert invoke("receive", tiny.root, "-p", "2026", corrected).exit_code == 0
    r = invoke("validate", tiny.root, "-p", "2026", "-f", "json")
    assert json.loads(r.stdout)["findings"] == [] and r.exit_code == 0
    assert [x["how"] for x in rows(tiny.root)] == ["received", "changed", "received"]


def test_a_file_placed_by_hand_and_corrected_in_place_is_recorded_without_a_warning(tiny, clock) -> None:
    tiny("xa_hai.xlsx", [HEAD, ["02.01", 7]])
    assert invoke("validate", tiny.root, "-p", "2026").exit_code == 0
    tiny("xa_hai.xlsx", [HEAD, ["02.01", 9]])
    r = invoke("validate", tiny.root, "-p", "2026", "-f", "json")
    assert json.loads(r.stdout)["findings"] == []
    assert [x["how"] for x in rows(tiny.root)] == ["found", "changed"]


def test_the_clerks_edits_to_receipts_are_kept_and_a_broken_line_stops_the_command(tiny, clock) -> None:
    tiny("a.xlsx", [HEAD, ["01.01", 10]])
    assert invoke("validate", tiny.root, "-p", "2026").exit_code == 0
    path = tiny.root / "receipts.csv"
    # the clerk dates the file by the email it came with, in the way Vietnamese dates are typed, CRLF lines
    text = path.read_text(encoding="utf-8-sig")
    edited = text.replace(text.splitlines()[1].split(",")[1], "02/12/2026 16:40").replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + edited.encode("utf-8"))
    kept = path.read_bytes()
    tiny("b.xlsx", [HEAD, ["02.01", 1]])
    assert invoke("validate", tiny.root, "-p", "2026").exit_code == 0
    after = path.read_bytes()
    assert after.startswith(kept) and after[len(kept):].count(b"\r\n") == 1
    assert [(x["file"], x["how"]) for x in rows(tiny.root)] == [("inbox/2026/a.xlsx", "found"),
                                                                ("inbox/2026/b.xlsx", "found")]
    path.write_bytes(after.replace(b"02/12/2026 16:40", "hôm qua".encode()))
    broken = path.read_bytes()
    r = invoke("validate", tiny.root, "-p", "2026")
    assert r.exit_code == 2 and "receipts.csv" in r.stderr and "dòng 2" in r.stderr and "hôm qua" in r.stderr
    assert path.read_bytes() == broken


def test_a_receipts_file_that_cannot_be_written_is_a_note_not_a_failure(tiny, monkeypatch) -> None:
    from dm05.errors import OutputError

    def refuse(path: Path, data: bytes, force: bool = False) -> Path:
        raise OutputError("output.failed", path=str(path), detail="read-only")

    monkeypatch.setattr("dm05.wsfiles.write_atomic", refuse)
    tiny("a.xlsx", [HEAD, ["01.01", 10]])
    r = invoke("validate", tiny.root, "-p", "2026", "-f", "json")
    assert r.exit_code == 0
    (f,) = json.loads(r.stdout)["findings"]
    assert (f["rule"], f["severity"], f["file"]) == ("receipts.unsaved", "note", "receipts.csv")


def test_the_demo_has_a_receipt_for_every_inbox_file() -> None:
    """No command run on the demo (tests run many) has a file to record: data/demo is never written."""
    book = {(r["file"], r["sha256"]) for r in rows(DEMO)}
    files = {(p.relative_to(DEMO).as_posix(), sha(p)) for p in (DEMO / "inbox").rglob("*.xlsx")}
    assert files and files == book


# --- deadlines ----------------------------------------------------------------------------------

@pytest.fixture
def due(tiny, tmp_path: Path, clock) -> Path:
    """Deadline 5/12: commune 01 sends two of its three cells on the 3rd, commune 02 its cell on the 8th."""
    cfg = tiny.root / "dm05.toml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + '\n[forms]\ndeadlines = { "2026" = 2026-12-05 }\n',
                   encoding="utf-8")
    one = write_xlsx(tmp_path / "mail" / "xa1.xlsx", [HEAD, ["01.01", 10], ["01.02", 12]])
    two = write_xlsx(tmp_path / "mail" / "xa2.xlsx", [HEAD, ["02.01", 7]])
    assert invoke("receive", tiny.root, "-p", "2026", one, "--at", "2026-12-03 10:00").exit_code == 0
    assert invoke("receive", tiny.root, "-p", "2026", two, "--at", "2026-12-08 15:30").exit_code == 0
    return tiny.root


def test_status_json_says_per_unit_on_time_late_by_days_or_missing_with_the_rates(due: Path) -> None:
    r = invoke("status", due, "-p", "2026", "-f", "json")
    assert r.exit_code == 1  # 01.03 is missing
    data = json.loads(r.stdout)
    assert data["deadline"] == "2026-12-05"
    assert (data["reported"], data["expected"], data["reporting_rate"]) == (3, 4, 0.75)
    assert (data["on_time"], data["on_time_rate"]) == (2, 0.5)
    units = {u["code"]: u for p in data["parents"] for u in [p, *p["children"]]}
    assert [(units[c]["timeliness"], units[c]["days_late"]) for c in ("01.01", "01.02", "01.03", "02.01")] == [
        ("on_time", 0), ("on_time", 0), ("missing", 0), ("late", 3)]
    assert units["01"]["timeliness"] == "on_time" and units["01"]["on_time"] == 2
    assert units["02"]["timeliness"] == "late" and units["02"]["days_late"] == 3
    assert datetime.fromisoformat(units["02.01"]["received"]) == datetime(2026, 12, 8, 15, 30).astimezone()
    assert units["00"]["timeliness"] == "late" and units["00"]["on_time"] == 2
    root = data["parents"][0]
    assert (root["children_on_time"], root["children_late"]) == (1, 1)


def test_status_table_shows_who_is_late_and_the_rates_in_80_columns(due: Path, monkeypatch) -> None:
    wide = invoke("status", due, "-p", "2026").stdout  # the fixed terminal: 200 columns
    late = next(line for line in wide.splitlines() if "02.01" in line)
    assert "trễ 3 ngày (nhận 08/12)" in late and "inbox/2026/xa2.xlsx" in late
    assert not any("01.01" in line for line in wide.splitlines())  # on time and complete: no call to make
    assert "Đã báo cáo 3/4 đơn vị cơ sở (75%); đúng hạn 2/4 (50%), hạn 05/12/2026" in wide
    monkeypatch.setenv("COLUMNS", "80")
    lines = invoke("status", due, "-p", "2026").stdout.splitlines()
    assert lines and all(len(line) <= 80 for line in lines)
    rows = [line for line in lines if line.startswith(("│", "┃"))]
    assert rows and all(line.endswith(("│", "┃")) for line in rows)  # the right border: nothing cropped


def test_a_clerk_who_dates_a_receipt_by_its_email_puts_the_unit_on_time(due: Path) -> None:
    path = due / "receipts.csv"
    path.write_text(path.read_text(encoding="utf-8-sig").replace("2026-12-08T15:30:00", "2026-12-05T17:00:00"),
                    encoding="utf-8")
    data = json.loads(invoke("status", due, "-p", "2026", "-f", "json").stdout)
    assert (data["on_time"], data["on_time_rate"]) == (3, 0.75)


def test_without_a_deadline_status_gives_the_reporting_rate_alone(tiny) -> None:
    tiny("xa2.xlsx", [HEAD, ["02.01", 7]])
    r = invoke("status", tiny.root, "-p", "2026", "-f", "json")
    data = json.loads(r.stdout)
    assert data["deadline"] is None and data["on_time"] is None and data["on_time_rate"] is None
    assert data["reporting_rate"] == 0.25
    units = {u["code"]: u for p in data["parents"] for u in [p, *p["children"]]}
    assert units["02.01"]["timeliness"] is None and units["02.01"]["received"] is not None
    assert "chưa đặt hạn nộp" in " ".join(invoke("status", tiny.root, "-p", "2026").stdout.split())
