"""Shared fixtures: a fixed terminal, the demo workspace, and tiny workspaces built in code.

The demo's results that tests only read (its roll-up as ``dm05 aggregate -f json`` prints it, its rendered
reports) are computed once per session and handed out read-only; a test that changes a workspace works on its
own copy (``demo_copy``, ``tiny``)."""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"

TINY_TOML = """\
schema = 1
recipients = ["Ban Thường vụ Tỉnh ủy (để báo cáo)", "Lưu Văn phòng Đảng ủy"]

[issuer]
superior = "ĐẢNG BỘ TỈNH THỬ"
name = "ĐẢNG ỦY XÃ THỬ"
place = "Thử"
body = "Ban Thường vụ Đảng ủy"

[number]
number = "7"
type = "BC"
body = "ĐU"

[signer]
on_behalf = "T/M BAN THƯỜNG VỤ"
title = "Bí thư"
name = "Trần Thị B"

[report]
date = 2026-02-03
"""

# A commune with two village cells and a school cell; a second commune with one cell of the same name.
TINY_UNITS = """\
code,name,parent,level
00,Đảng bộ huyện Thử,,huyen
01,Đảng bộ xã Một,00,xa
01.01,Chi bộ thôn Đông,01,chi_bo
01.02,Chi bộ thôn Tây,01,chi_bo
01.03,Chi bộ Trường Tiểu học,01,chi_bo
02,Đảng bộ xã Hai,00,xa
02.01,Chi bộ thôn Đông,02,chi_bo
"""


TERMINAL = {"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}

# dm05.cli builds its rich consoles when it is imported, and a console that finds COLUMNS then keeps that
# width for good (a shell that exports COLUMNS=80; every pytest-xdist worker does): without it, the consoles
# read the width each test fixes below.
os.environ.pop("COLUMNS", None)


def _fix_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in TERMINAL.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("DM05_LANG", raising=False)


@pytest.fixture(autouse=True, scope="session")
def _session_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The read cache of the whole session in its own folder, never the user's (dm05.readcache)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DM05_CACHE_DIR", str(tmp_path_factory.mktemp("dm05-cache")))
        mp.delenv("DM05_NO_CACHE", raising=False)
        yield


@pytest.fixture(autouse=True)
def _fixed_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    _fix_terminal(monkeypatch)


@contextmanager
def _shared_terminal() -> Iterator[None]:
    """The fixed terminal for work shared by the session: whichever test asks first, whatever it set."""
    with pytest.MonkeyPatch.context() as mp:
        _fix_terminal(mp)
        yield


DEMO_SESSION_FIXTURES = {"demo_aggregate", "demo_aggregate_file", "demo_reports"}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups off the marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under pytest-xdist (``--dist loadgroup``) the tests that read the demo's shared results run in one worker,
    so each of those results is still made once, not once per worker."""
    for item in items:
        if DEMO_SESSION_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.xdist_group("demo"))


def _read_only(path: Path) -> Path:
    """A shared result is read by many tests: one that tried to change it would fail here, not corrupt others."""
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    return path


def write_xlsx(path: Path, rows: list[list[Any]], sheet: str = "Sheet1", start_row: int = 0) -> Path:
    """A workbook with ``rows`` written from A(start_row+1); None leaves a cell empty."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v is not None:
                ws.write(start_row + r, c, v)
    wb.close()
    return path


@pytest.fixture
def tiny(tmp_path: Path) -> Callable[..., Path]:
    """Make a small workspace; returns a function that adds inbox files and gives the workspace path."""
    ws = tmp_path / "ws"
    (ws / "inbox" / "2026").mkdir(parents=True)
    (ws / "dm05.toml").write_text(TINY_TOML, encoding="utf-8")
    (ws / "units.csv").write_text(TINY_UNITS, encoding="utf-8")

    def add(name: str, rows: list[list[Any]], **kw: Any) -> Path:
        return write_xlsx(ws / "inbox" / "2026" / name, rows, **kw)

    add.root = ws  # type: ignore[attr-defined]
    return add


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    target = tmp_path / "demo"
    shutil.copytree(DEMO, target, ignore=shutil.ignore_patterns("reports"))
    return target


@pytest.fixture(scope="session")
def demo_aggregate() -> Callable[[str], dict[str, Any]]:
    """``dm05 aggregate data/demo --period P -f json``, run once per period in the session and parsed.

    Returns a function of the period giving ``{"exit_code", "stderr", "json"}``, the JSON parsed afresh for each
    caller so that none can change what another reads."""
    from typer.testing import CliRunner

    from dm05.cli import app

    done: dict[str, dict[str, Any]] = {}

    def get(period: str) -> dict[str, Any]:
        if period not in done:
            with _shared_terminal():
                r = CliRunner().invoke(app, ["aggregate", str(DEMO), "--period", period, "--format", "json"])
                done[period] = {"exit_code": r.exit_code, "stderr": r.stderr, "stdout": r.stdout}
        run = done[period]
        return {"exit_code": run["exit_code"], "stderr": run["stderr"],
                "json": json.loads(run["stdout"]) if run["exit_code"] == 0 else None}

    return get


@pytest.fixture(scope="session")
def demo_aggregate_file(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], dict[str, Any]]:
    """``dm05 aggregate data/demo --period 2026 -f FMT -o FILE`` into a new file, run once per format in the
    session. Returns a function of the format giving ``{"exit_code", "stderr", "path"}``; the file is read-only."""
    from typer.testing import CliRunner

    from dm05.cli import app

    out = tmp_path_factory.mktemp("demo_aggregate")
    done: dict[str, dict[str, Any]] = {}

    def get(fmt: str) -> dict[str, Any]:
        if fmt not in done:
            path = out / f"th.{fmt}"
            with _shared_terminal():
                r = CliRunner().invoke(app, ["aggregate", str(DEMO), "--period", "2026", "-f", fmt, "-o", str(path)])
            if path.exists():
                _read_only(path)
            done[fmt] = {"exit_code": r.exit_code, "stderr": r.stderr, "path": path}
        return done[fmt]

    return get


DEMO_REPORTS = {"annual": "2026", "review": "2025-2026", "annex": "2026"}


@pytest.fixture(scope="session")
def demo_reports(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Any]:
    """The demo's reports of each kind in ``DEMO_REPORTS``, rendered once per session on first use.

    Returns a function of the kind giving its ``ReportResult``; the .docx is read-only (copy it to convert)."""
    from dm05.period import parse_period
    from dm05.report import make_report
    from dm05.workspace import load_workspace

    out = tmp_path_factory.mktemp("demo_reports")
    ws = load_workspace(DEMO)
    done: dict[str, Any] = {}

    def get(kind: str) -> Any:
        if kind not in done:
            with _shared_terminal():
                done[kind] = make_report(ws, parse_period(DEMO_REPORTS[kind]), kind, output=out / f"{kind}.docx")
            _read_only(done[kind].path)
        return done[kind]

    return get
