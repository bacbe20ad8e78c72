"""Terminal presentation (rich): tables and progress. Only the CLI imports this module."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Callable

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from dm05.aggregate import Aggregate
from dm05.messages import Lang
from dm05.validate import ValidationReport
from dm05.vnformat import pct, so

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "note": "dim"}
STATUS_WORD = {"vi": {"ok": "đạt", "warnings": "cảnh báo", "errors": "có lỗi", "unreadable": "không đọc được"},
               "en": {"ok": "ok", "warnings": "warnings", "errors": "errors", "unreadable": "unreadable"}}
SEVERITY_WORD = {"vi": {"error": "lỗi", "warning": "cảnh báo", "note": "ghi chú"},
                 "en": {"error": "error", "warning": "warning", "note": "note"}}


@contextmanager
def progress_bar(console: Console, label: str, enabled: bool) -> Iterator[Callable[[int, int, str], None]]:
    """A progress callback for the library; silent when disabled or not on a terminal."""
    if not enabled or not console.is_terminal:
        yield lambda done, total, name: None
        return
    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                  TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("", total=None)

        def update(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=total, description=name)

        yield update


def validation_table(report: ValidationReport, lang: Lang) -> Table:
    vi = lang == "vi"
    table = Table(title=("Kết quả kiểm tra kỳ " if vi else "Validation of period ") + report.period.id,
                  show_lines=False, expand=False)
    table.add_column("Ô" if vi else "Cell", overflow="fold", max_width=24)
    table.add_column("Đơn vị" if vi else "Unit", no_wrap=True)
    table.add_column("Mức" if vi else "Level", no_wrap=True)
    table.add_column("Quy tắc" if vi else "Rule", overflow="fold")
    table.add_column("Nội dung" if vi else "Message", min_width=30, ratio=1)
    by_file: dict[str, list] = {}
    for f in report.findings:
        by_file.setdefault(f.file, []).append(f)
    for r in report.files:
        findings = by_file.get(r.display, [])
        status = report.status(r)
        style = {"ok": "green", "warnings": "yellow", "errors": "red", "unreadable": "red"}[status]
        table.add_row("", "", f"[{style}]{STATUS_WORD[lang][status]}[/]", "",
                      f"[bold]{r.display}[/] — {r.units} " + ("đơn vị" if vi else "units"), end_section=not findings)
        for i, f in enumerate(findings):
            table.add_row(f.where, f.unit or "", f"[{SEVERITY_STYLE[f.severity]}]{SEVERITY_WORD[lang][f.severity]}[/]",
                          f.rule, f.message(lang), end_section=i == len(findings) - 1)
    return table


def summary_line(report: ValidationReport, lang: Lang) -> str:
    s = report.to_json(lang)["summary"]
    if lang == "vi":
        return f"{s['files']} tệp, {s['units']} đơn vị, {s['errors']} lỗi, {s['warnings']} cảnh báo."
    return f"{s['files']} files, {s['units']} units, {s['errors']} errors, {s['warnings']} warnings."


def aggregate_table(agg: Aggregate, unit: str, lang: Lang) -> Table:
    vi = lang == "vi"
    tree = agg.tree
    table = Table(title=f"{tree[unit].name} — {agg.period.id}")
    cols = [("Đơn vị" if vi else "Unit", None), ("Báo cáo" if vi else "Reported", None),
            ("Đảng viên" if vi else "Members", "so_dang_vien"),
            ("ĐV đăng ký" if vi else "Pledged", "ti_le_dang_vien_dang_ky"),
            ("Học tập CĐ" if vi else "Studied", "ti_le_dang_vien_hoc_tap"),
            ("CB đủ 12 kỳ" if vi else "Cells 12 mtg", "ti_le_chi_bo_sinh_hoat_du_12_ky"),
            ("Mô hình mới" if vi else "New models", "mo_hinh_moi")]
    table.add_column(cols[0][0], min_width=18, ratio=1, overflow="fold")
    for title, _ in cols[1:]:
        table.add_column(title, justify="right", min_width=7)
    for i, code in enumerate([unit, *tree.children.get(unit, [])]):
        cells = [("[bold]" if i == 0 else "  ") + tree[code].name + ("[/]" if i == 0 else ""),
                 f"{int(agg.reported[code])}/{int(agg.expected[code])}"]
        for _, key in cols[2:]:
            v = agg.value(code, key) if key in agg.values.columns else None
            cells.append(pct(v, 1) if key and key.startswith("ti_le") else so(v))
        table.add_row(*cells, end_section=i == 0)
    return table
