"""Terminal presentation (rich): tables and progress. Only the CLI imports this module."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from dm05.aggregate import Aggregate
from dm05.indicators import Catalogue
from dm05.messages import Lang, text
from dm05.reportspec import Column
from dm05.trace import Explanation
from dm05.validate import ValidationReport
from dm05.vnformat import amount, pct, points, so

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
    table.add_column("Nội dung" if vi else "Message", min_width=16, ratio=1)  # more and 80 columns crop the table
    by_file: dict[str, list] = {}
    for f in report.open_findings:
        by_file.setdefault(f.file, []).append(f)
    for r in report.files:
        findings = by_file.pop(r.display, [])
        status = report.status(r)
        style = {"ok": "green", "warnings": "yellow", "errors": "red", "unreadable": "red"}[status]
        table.add_row("", "", f"[{style}]{STATUS_WORD[lang][status]}[/]", "",
                      f"[bold]{r.display}[/] — {r.units} " + ("đơn vị" if vi else "units"), end_section=not findings)
        _finding_rows(table, findings, lang)
    for name, findings in by_file.items():  # about a workspace file: approvals.toml, receipts.csv
        table.add_row("", "", "", "", f"[bold]{name}[/]")
        _finding_rows(table, findings, lang)
    explained = [(f, e) for f in report.findings if id(f) in report.explained for e in [report.explained[id(f)][1]]]
    if explained:
        table.add_row("", "", "", "", f"[bold]{text('explained.title', lang)}[/] ({len(explained)})")
        for i, (f, e) in enumerate(explained):
            table.add_row(f.where, f.unit or "", f"[dim]{SEVERITY_WORD[lang][f.severity]}[/]", f.rule,
                          f"[dim]{escape(f.file)}[/]\n{f.message(lang)}\n"
                          f"[italic]{escape(_explained(e.to_json(), lang))}[/]",
                          end_section=i == len(explained) - 1)
    return table


def _finding_rows(table: Table, findings: list, lang: Lang) -> None:
    for i, f in enumerate(findings):
        table.add_row(f.where, f.unit or "", f"[{SEVERITY_STYLE[f.severity]}]{SEVERITY_WORD[lang][f.severity]}[/]",
                      f.rule, f.message(lang), end_section=i == len(findings) - 1)


def summary_line(report: ValidationReport, lang: Lang) -> str:
    s = report.to_json(lang)["summary"]
    n = len(report.explained)
    if lang == "vi":
        return (f"{s['files']} tệp, {s['units']} đơn vị, {s['errors']} lỗi, {s['warnings']} cảnh báo"
                + (f", {n} cảnh báo đã giải trình." if n else "."))
    return (f"{s['files']} files, {s['units']} units, {s['errors']} errors, {s['warnings']} warnings"
            + (f", {n} explained." if n else "."))


def aggregate_table(agg: Aggregate, unit: str, lang: Lang, previous: Aggregate | None = None,
                    columns: list[Column] | None = None, money: dict[str, int] | None = None) -> Table:
    """A unit and its direct sub-units, one column per entry of the report's terminal columns (``columns``;
    an amount in its table unit, ``money``: đồng of one)."""
    vi = lang == "vi"
    tree = agg.tree
    cat = agg.catalogue
    money = money or {}
    title = f"{tree[unit].name} — {agg.period.id}"
    if previous is not None:
        title += (" (so với " if vi else " (against ") + previous.period.id + ")"
    table = Table(title=title)
    shown = [c for c in (columns or []) if c.key in cat.by_key]
    table.add_column("Đơn vị" if vi else "Unit", min_width=18, ratio=1, overflow="fold")
    table.add_column("Báo cáo" if vi else "Reported", justify="right", min_width=7, overflow="fold")
    for col in shown:
        ind = cat.by_key[col.key]
        heading = (col.label if vi or not col.label_en else col.label_en) or ind.label
        if ind.kind == "amount":
            heading += f" ({ind.table_unit})"
        table.add_column(heading, justify="right", min_width=7, overflow="fold")

    def figure(key: str, value: float | None) -> str:
        kind = cat.by_key[key].kind
        return pct(value, 1) if kind == "ratio" else amount(value, money.get(key, 1)) if kind == "amount" else so(value)

    shown_partial = False
    for i, code in enumerate([unit, *tree.children.get(unit, [])]):
        cells = [("[bold]" if i == 0 else "  ") + tree[code].name + ("[/]" if i == 0 else ""),
                 f"{int(agg.reported[code])}/{int(agg.expected[code])}"]
        for col in shown:
            key = col.key
            v = agg.value(code, key)
            ratio = cat.by_key[key].kind == "ratio"
            cell = figure(key, v)
            if col.pair:
                cell += "/" + figure(col.pair, agg.value(code, col.pair))
            if v is not None and agg.partial(code, key):  # a figure that leaves out some leaves says how many it has
                cell += f" ({agg.covered(code, key)}/{int(agg.expected[code])})"
                shown_partial = True
            if previous is not None:
                before = previous.value(code, key)
                if v is not None and before is not None:
                    delta = (v - before) * 100 if ratio else v - before
                    change = points(abs(delta) / 100, 1) if ratio else figure(key, abs(delta))
                    cell += f" ({'+' if delta >= 0 else '−'}{change})"
            cells.append(cell)
        table.add_row(*cells, end_section=i == 0)
    if shown_partial:
        table.caption = text("aggregate.partial_caption", lang)
    return table


KIND_WORD = {"vi": {"count": "số lượng", "amount": "số tiền", "ratio": "tỷ lệ", "threshold": "số kỳ (ngưỡng)"},
             "en": {"count": "count", "amount": "amount", "ratio": "ratio", "threshold": "threshold"}}


def indicators_table(cat: Catalogue, lang: Lang) -> Table:
    """``dm05 indicators``: key, label, kind, aliases; the workspace's own indicators marked."""
    vi = lang == "vi"
    table = Table(title="Danh mục chỉ tiêu" if vi else "Indicator catalogue")
    table.add_column("Khóa" if vi else "Key", overflow="fold", min_width=16)
    table.add_column("Nhãn" if vi else "Label", ratio=3, overflow="fold", min_width=20)
    table.add_column("Loại" if vi else "Kind", ratio=2, overflow="fold", min_width=10)
    table.add_column("Bí danh" if vi else "Aliases", ratio=3, overflow="fold", min_width=16)
    table.add_column("Nguồn" if vi else "Source", overflow="fold", min_width=8)
    for ind in cat.indicators:
        kind = KIND_WORD[lang][ind.kind]
        if ind.kind == "ratio":
            kind += f" = {' + '.join(ind.numerator)} / ({' + '.join(ind.denominator)})"
        elif ind.kind == "amount":
            kind += f" ({ind.input_unit} → {ind.table_unit})"
        source = (text("indicators.custom", lang) if ind.key in cat.added else
                  text("indicators.changed", lang) if ind.key in cat.changed else "")
        table.add_row(ind.key, ind.label, kind, "; ".join(ind.aliases), source)
    table.caption = text("indicators.caption", lang, n=len(cat.indicators), added=len(cat.added))
    return table


STATUS_STYLE = {"reported": "green", "partial": "yellow", "missing": "red", "errors": "bold red", "unread": "bold red"}


def _day(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}"


def _status_detail(u: dict, names: dict[str, str], lang: Lang, show_all: bool = False) -> str:
    """What is wrong with a unit, in a few words: errors, unread numbers, missing units and indicators,
    lateness, warnings; then its files."""
    parts = []
    if u["errors"]:
        parts.append(text("status.error_count", lang, n=u["errors"]))
    if u["unread"]:
        parts.append(text("status.unread_count", lang, n=u["unread"]))
    if u["missing_units"]:
        shown = [names.get(c, c) for c in u["missing_units"][:5]]
        more = len(u["missing_units"]) - len(shown)
        parts.append(text("status.missing_leaves", lang, units=", ".join(shown)
                          + (" " + text("explain.more", lang, n=more) if more > 0 else "")))
    if u["missing_indicators"]:
        keys = [f"{k} {n}/{u['reported']}" for k, n in list(u["missing_indicators"].items())[:6]]
        parts.append(text("status.missing_keys", lang, keys=", ".join(keys)))
    if u.get("via"):
        parts.append(text("explain.via", lang, unit=names.get(u["via"], u["via"])))
    if u.get("timeliness") == "late":
        parts.append(f"[yellow]{text('status.late', lang, days=u['days_late'])}[/] "
                     f"({text('status.received', lang, when=_day(u['received']))})")
    elif show_all and u.get("received"):
        parts.append(text("status.received", lang, when=_day(u["received"])))
    if u.get("warnings"):
        parts.append(text("status.warning_count", lang, n=u["warnings"]))
    if u.get("approved"):
        parts.append(text("status.approved", lang, when=_day(u["approved"])))
    if u["files"]:
        parts.append("; ".join(u["files"]))
    return " — ".join(parts)


def status_table(data: dict, lang: Lang, show_all: bool) -> Table:
    vi = lang == "vi"
    table = Table(title=("Tình hình báo cáo kỳ " if vi else "Reporting status, period ") + data["period"])
    table.add_column("Mã" if vi else "Code", no_wrap=True)
    table.add_column("Đơn vị" if vi else "Unit", ratio=1, min_width=12)  # more and 80 columns crop the table
    table.add_column("Tình trạng" if vi else "Status", no_wrap=True)
    table.add_column("Báo cáo" if vi else "Reported", justify="right", no_wrap=True)
    table.add_column("Chi tiết, tệp" if vi else "Details, files", overflow="fold", ratio=2)
    names = {c["code"]: c["name"] for p in data["parents"] for c in [p, *p["children"]]}

    def wanted(c: dict) -> bool:  # not settled, or late: still a phone call to make
        return show_all or not c.get("settled", c["status"] == "reported") or c.get("timeliness") == "late"

    for parent in data["parents"]:
        rows = [c for c in parent["children"] if wanted(c)]
        if not rows:
            continue
        counts = ", ".join(f"{parent['children_' + k]} {text('status.' + k, lang)}"
                           for k in ("reported", "partial", "errors", "unread", "missing") if parent["children_" + k])
        if parent.get("children_late"):
            counts += ", " + text("status.late_count", lang, n=parent["children_late"])
        table.add_row(parent["code"], f"[bold]{parent['name']}[/]",
                      f"[{STATUS_STYLE[parent['status']]}]{text('status.' + parent['status'], lang)}[/]",
                      f"{parent['reported']}/{parent['expected']}", counts)
        for i, c in enumerate(rows):
            table.add_row("  " + c["code"], "  " + c["name"],
                          f"[{STATUS_STYLE[c['status']]}]{text('status.' + c['status'], lang)}[/]",
                          f"{c['reported']}/{c['expected']}", _status_detail(c, names, lang, show_all),
                          end_section=i == len(rows) - 1)
    for u in data["unplaced"]:
        detail = [text("status.error_count", lang, n=u["errors"])] if u["errors"] else []
        if u["unread"]:
            detail.append(text("status.unread_count", lang, n=u["unread"]))
        if u["names"]:
            detail.append(", ".join(u["names"][:5]))
        table.add_row("", f"[bold]{text('status.unplaced', lang)}[/]", f"[bold red]{text('status.unplaced_state', lang)}[/]", "", " — ".join([*detail, u["file"]]))
    explained = data.get("explained", [])
    if explained:
        table.add_row("", f"[bold]{text('explained.title', lang)}[/] ({len(explained)})", "", "", "")
        for i, x in enumerate(explained):
            what = text("coverage.partial", lang) if x["rule"] == "coverage.partial" else x["rule"]
            where = names.get(x["unit"], x["unit"]) if x["unit"] else x["file"]
            table.add_row("  " + (x["unit"] or ""), "  " + (where or ""), f"[dim]{text('explained.state', lang)}[/]", "",
                          f"[dim]{escape(what)}:[/] {escape(_explained(x['explanation'], lang))}",
                          end_section=i == len(explained) - 1)
    if not table.rows:
        table.add_row("", text("status.all_clean", lang), "", "", "")
    table.caption = status_rates(data, lang)
    return table


def _explained(e: dict, lang: Lang) -> str:
    """``text — by, 05/12`` (the day left out when a hand-written explanation gives none)."""
    line = text("explained.entry", lang, text=e["text"], by=e["by"])
    return f"{line}, {_day(e['date'])}" if e.get("date") else line


def status_rates(data: dict, lang: Lang) -> str:
    """``Đã báo cáo 570/575 đơn vị cơ sở (99,13%); đúng hạn 560/575 (97,39%), hạn 05/12/2026``."""
    line = text("status.rates", lang, reported=so(data["reported"]), expected=so(data["expected"]),
                noun="đơn vị cơ sở", rate=pct(data["reporting_rate"]))
    if data.get("deadline"):
        d = data["deadline"]
        line += "; " + text("status.on_time_rate", lang, on_time=so(data["on_time"]), expected=so(data["expected"]),
                            rate=pct(data["on_time_rate"]), deadline=f"{d[8:10]}/{d[5:7]}/{d[:4]}")
    else:
        line += "; " + text("status.no_deadline", lang)
    return line


def explain_table(result: Explanation, agg: Aggregate, lang: Lang) -> Table:
    vi = lang == "vi"
    ind = agg.catalogue.by_key[result.key]
    shown = pct(result.value) if ind.kind == "ratio" else so(result.value) + (" đồng" if ind.kind == "amount" else "")
    table = Table(title=f"{ind.label} — {agg.tree[result.unit].name}, {'kỳ' if vi else 'period'} {result.period}: {shown}")
    table.add_column("Tệp" if vi else "File", overflow="fold")
    table.add_column("Ô" if vi else "Cell", no_wrap=True)
    table.add_column("Đơn vị" if vi else "Unit", no_wrap=True)
    table.add_column("Giá trị" if vi else "Value", justify="right", no_wrap=True)
    table.add_column("Ghi chú" if vi else "Note")
    for part in result.parts:
        for c in part.cells:
            note = " ".join(x for x in (c.year, c.note, f"× {c.share:g}" if c.share != 1 else "") if x)
            table.add_row(c.file, c.cell, c.unit, so(c.value) if float(c.value).is_integer() else f"{c.value:g}", note)
        label = ("Cộng " if vi else "Sum ") + part.key
        table.add_row("", "", "", f"[bold]{so(part.total)}[/]", f"[bold]{label}[/]", end_section=True)
    if ind.kind == "ratio" and len(result.parts) == 2:
        num, den = result.parts
        table.add_row("", "", "", f"[bold]{pct(result.value)}[/]", f"= {so(num.total)} / {so(den.total)}",
                      end_section=True)
    n, m = len(result.included), result.expected
    names = [x.name + (f" ({text('explain.via', lang, unit=agg.tree[x.via].name)})" if x.via else "")
             for x in result.included]
    shown = ", ".join(names[:40]) + (" " + text("explain.more", lang, n=len(names) - 40) if len(names) > 40 else "")
    year = f" — {result.year}" if result.year else ""
    table.add_row("", "", "", f"[bold]{n}/{m}[/]", f"[bold]{text('explain.included', lang, n=n, m=m)}{year}[/]: {shown}",
                  end_section=not result.left_out)
    if result.left_out:
        table.add_row("", "", "", f"[bold]{len(result.left_out)}[/]",
                      f"[bold]{text('explain.left_out', lang, n=len(result.left_out))}[/]:")
        for x in result.left_out:
            why = text("explain." + x.reason, lang, keys=", ".join(x.keys))
            if x.via:
                why += " — " + text("explain.via", lang, unit=agg.tree[x.via].name)
            table.add_row("", "", x.unit, "", f"{x.name}: {why}")
    return table
