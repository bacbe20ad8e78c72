"""Shared fixtures: a fixed terminal, the demo workspace, and tiny workspaces built in code."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Callable

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


@pytest.fixture(autouse=True)
def _fixed_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("DM05_LANG", raising=False)


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
