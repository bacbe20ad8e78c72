"""The spine (dm05.pipeline): each inbox is read at most once per command, validation gives the same
findings whether the files are named or found, and a broken template is said before any file is read."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

import dm05.pipeline
from dm05.cli import app


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Counts, per inbox folder, how many times a command reads it (a spy on the one reading call)."""
    seen: Counter[str] = Counter()
    real = dm05.pipeline.read_all

    def spy(jobs, ctx, progress=None):  # type: ignore[no-untyped-def]
        for folder in {p.parent.name for p, _ in jobs}:
            seen[folder] += 1
        return real(jobs, ctx) if progress is None else real(jobs, ctx, progress)

    monkeypatch.setattr(dm05.pipeline, "read_all", spy)
    return seen


def _run(*args: str) -> int:
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False).exit_code


@pytest.mark.parametrize("args,expected", [
    (["validate", "-p", "2026"], {"2026": 1, "2025": 1}),  # last year for the year-on-year check
    (["aggregate", "-p", "2026"], {"2026": 1}),
    (["aggregate", "-p", "2026", "--compare", "2025"], {"2026": 1, "2025": 1}),
    (["status", "-p", "2026"], {"2026": 1}),
    (["explain", "-p", "2026", "--unit", "01", "--indicator", "ti_le_dang_vien_hoc_tap"], {"2026": 1}),
    (["report", "-p", "2026", "-q", "--force"], {"2026": 1, "2025": 1}),  # its warnings and the comparison
    (["report", "-p", "2025-2026", "-q", "--force"], {"2026": 1, "2025": 1}),
])
def test_each_inbox_is_read_at_most_once_per_command(demo_copy: Path, reads: Counter[str], tmp_path: Path,
                                                     args: list[str], expected: dict[str, int]) -> None:
    command, rest = args[0], args[1:]
    extra = ["-o", str(tmp_path / "r.docx")] if command == "report" else []
    assert _run(command, demo_copy, *rest, *extra) == 0
    assert dict(reads) == expected


def test_validate_gives_the_same_findings_whether_files_are_named_or_found(tiny) -> None:
    # commune 01 sends its own totals that differ from its cells (reconciliation), a cell twice across
    # files (cross-file), an unknown unit (row rule) and a stray number (ledger)
    tiny("a.xlsx", [["Mã đơn vị", "Số đảng viên"], ["01.01", 10], ["01.02", 12], ["01", 30], ["09.09", 4]])
    tiny("b.xlsx", [["Mã đơn vị", "Số đảng viên", None, None], ["01.02", 12, None, 5]])
    inbox = tiny.root / "inbox" / "2026"

    def findings(*paths: Path) -> str:
        r = CliRunner().invoke(app, ["validate", str(tiny.root), "-p", "2026", "-f", "json", *map(str, paths)])
        assert r.exit_code == 1
        return r.stdout

    found = findings()
    rules = {f["rule"] for f in json.loads(found)["findings"]}
    assert {"total.own_differs", "unit.duplicate", "unit.unknown", "cell.unread"} <= rules
    assert findings(inbox) == found
    assert findings(inbox / "a.xlsx", inbox / "b.xlsx") == found


@pytest.mark.parametrize("narrative", ["{{ so(v.khong_co) }} {{ chua_khai_bao }}", "{% if %}", "{{ v.so_dang_vien "])
def test_a_broken_narrative_is_said_before_any_file_is_read(demo_copy: Path, reads: Counter[str], tmp_path: Path,
                                                            narrative: str) -> None:
    (demo_copy / "narrative").mkdir()
    (demo_copy / "narrative" / "2026.md").write_text("# I. TÌNH HÌNH\n\n" + narrative + "\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["report", str(demo_copy), "-p", "2026", "-o", str(tmp_path / "r.docx")])
    assert r.exit_code == 2 and "2026.md" in r.stderr
    assert dict(reads) == {}
    assert not (tmp_path / "r.docx").exists()


def test_a_word_template_naming_what_the_report_lacks_is_said_before_any_file_is_read(
        demo_copy: Path, reads: Counter[str], tmp_path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("{{ issuer }} {{ ten_khong_co }}")
    (demo_copy / "templates").mkdir()
    doc.save(str(demo_copy / "templates" / "bao_cao.docx"))
    r = CliRunner().invoke(app, ["report", str(demo_copy), "-p", "2026", "-o", str(tmp_path / "r.docx")])
    assert r.exit_code == 2 and "ten_khong_co" in r.stderr
    assert dict(reads) == {}


def test_the_names_templates_are_checked_against_are_the_names_the_report_gives(demo_copy: Path) -> None:
    from dm05.period import parse_period
    from dm05.report import DOCX_NAMES, build_context, resolve_kind
    from dm05.workspace import load_workspace

    ws = load_workspace(demo_copy)
    period = parse_period("2026")
    data, agg = dm05.pipeline.aggregate_period(ws, period)
    context = build_context(ws, period, resolve_kind(None, period), agg, data, None, False)
    assert set(context) == DOCX_NAMES
