"""Terminal presentation (rich): tables and progress. Only the CLI imports this module."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from dm05.aggregate import Aggregate
from dm05.cli_app import current_lang
from dm05.errors import UsageError
from dm05.indicators import Catalogue
from dm05.messages import Lang, text
from dm05.reportspec import Column
from dm05.trace import Explanation
from dm05.validate import ValidationReport
from dm05.vnformat import amount, change, pct, so

if TYPE_CHECKING:
    from dm05.scaffold import InitResult

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "note": "dim"}
FILE_STYLE = {"ok": "green", "warnings": "yellow", "errors": "red", "unreadable": "red"}
# Columns that wrap are never narrower than their longest word (rich would cut it); a word longer than this
# (a path without spaces) is folded rather than widen its column past reason.
MAX_WORD = 40
MIN_MESSAGE = 40  # below this the rule id column gives up its room to the message


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


def _longest_word(texts: Iterable[str]) -> int:
    """The widest word of ``texts`` (markup removed), at most MAX_WORD: the least a wrapping column needs."""
    return min(MAX_WORD, max((cell_len(w) for t in texts for w in Text.from_markup(t).plain.split()), default=1))


def _widest(texts: Iterable[str]) -> int:
    return max((max((cell_len(line) for line in Text.from_markup(t).plain.splitlines()), default=0) for t in texts),
               default=1)


def _frame(columns: int) -> int:
    """The characters a table of ``columns`` columns spends on borders and padding."""
    return 3 * columns + 1


def _fit(width: int, spans: list[tuple[int, int]], order: list[int]) -> list[int]:
    """Column widths for a terminal ``width``: each column gets its least (``spans[i][0]``, its longest word, so
    that no word is cut), then what is left goes to the columns in ``order``, each up to what it would like
    (``spans[i][1]``, its widest line or a cap)."""
    widths = [lo for lo, _ in spans]
    room = width - sum(widths) - _frame(len(spans))
    for i in order:
        grow = max(0, min(room, spans[i][1] - widths[i]))
        widths[i] += grow
        room -= grow
    return widths


def _span(texts: Iterable[str], cap: int = 10_000) -> tuple[int, int]:
    """(least, liked) width of a column of ``texts`` that wraps at spaces: its longest word, its widest line."""
    texts = list(texts)
    least = _longest_word(texts)
    return least, max(least, min(_widest(texts), cap))


def _fixed(texts: Iterable[str]) -> tuple[int, int]:
    """The width of a column that never wraps (codes, cells, figures)."""
    w = _widest(texts)
    return w, w


def init_lines(result: InitResult, lang: Lang) -> list[str]:
    """What ``dm05 init`` did, for the clerk: files written, old files kept, where the units' files go."""
    lines = [text("init.created" if result.written else "init.unchanged", lang, path=result.root)]
    lines += [f"  {p}" for p in result.written]
    lines += [text("init.backup", lang, file=f, backup=b) for f, b in result.backups]
    if result.sample is not None:
        lines.append(text("init.sample", lang, path=result.sample))
    if result.sample_skipped:
        lines.append(text("init.no_sample", lang))
    lines.append(text("init.next", lang, inbox=result.inbox))
    return lines


def validation_table(report: ValidationReport, lang: Lang, width: int = 200) -> Table:
    """Findings grouped by file. Columns are as wide as their longest word; at a narrow terminal the rule id
    (which --format json keeps) is dropped so that the message has room to wrap at its spaces."""
    by_file: dict[str, list] = {}
    for f in report.open_findings:
        by_file.setdefault(f.file, []).append(f)
    rows: list[tuple[list[str], bool]] = []

    def finding_rows(findings: list) -> None:
        for i, f in enumerate(findings):
            rows.append(([escape(f.where), escape(f.unit or ""),
                          f"[{SEVERITY_STYLE[f.severity]}]{text('severity.' + f.severity, lang)}[/]", f.rule,
                          escape(f.message(lang))], i == len(findings) - 1))

    for r in report.files:
        findings = by_file.pop(r.display, [])
        status = report.status(r)
        rows.append((["", "", f"[{FILE_STYLE[status]}]{text('validate.file_' + status, lang)}[/]", "",
                      f"[bold]{escape(r.display)}[/] — {text('validate.units', lang, n=r.units)}"], not findings))
        finding_rows(findings)
    for name, findings in by_file.items():  # about a workspace file: approvals.toml, receipts.csv
        rows.append((["", "", "", "", f"[bold]{escape(name)}[/]"], False))
        finding_rows(findings)
    explained = [(f, e) for f in report.findings if id(f) in report.explained for e in [report.explained[id(f)][1]]]
    if explained:
        rows.append((["", "", "", "", f"[bold]{text('explained.title', lang)}[/] ({len(explained)})"], False))
        for i, (f, e) in enumerate(explained):
            rows.append(([escape(f.where), escape(f.unit or ""), f"[dim]{text('severity.' + f.severity, lang)}[/]",
                          f.rule, f"[dim]{escape(f.file)}[/]\n{escape(f.message(lang))}\n"
                          f"[italic]{escape(_explained(e.to_json(), lang))}[/]"], i == len(explained) - 1))
    heads = [text("validate.col_cell", lang), text("validate.col_unit", lang), text("validate.col_level", lang),
             text("validate.col_rule", lang), text("validate.col_message", lang)]
    column = [[heads[c], *(row[c] for row, _ in rows)] for c in range(5)]
    spans = [_span(column[0], 16), _fixed(column[1]), _span(column[2], 8), _fixed(column[3]), _span(column[4])]
    keep = [0, 1, 2, 3, 4]
    if width - sum(lo for lo, _ in spans) - _frame(5) < MIN_MESSAGE:
        keep = [0, 1, 2, 4]
    widths = _fit(width, [spans[c] for c in keep], [0, 2, len(keep) - 1])  # the cell and level first: short
    table = Table(title=text("validate.title", lang, period=report.period.id))
    for c, w in zip(keep, widths):
        table.add_column(heads[c], width=w, no_wrap=c in (1, 3), overflow="fold")
    for row, end in rows:
        table.add_row(*[row[c] for c in keep], end_section=end)
    return table


def summary_line(report: ValidationReport, lang: Lang) -> str:
    s = report.to_json(lang)["summary"]
    n = len(report.explained)
    return text("validate.summary", lang, files=s["files"], units=s["units"], errors=s["errors"],
                warnings=s["warnings"], explained=text("validate.explained", lang, n=n) if n else "")


FIGURES = ("count", "amount", "ratio")  # the kinds a table can show (a threshold's raw count is not a figure)


def table_columns(catalogue: Catalogue, wanted: str | None, terminal: list[Column] | None = None
                  ) -> list[Column] | None:
    """The indicators ``--columns`` names (keys separated by commas, or ``all``), with the headings the
    workspace's terminal columns (report.toml, ``terminal``) give them; None when not given, and the terminal
    columns are shown."""
    if wanted is None:
        return None
    shown = [i.key for i in catalogue.indicators if i.kind in FIGURES]
    keys = shown if wanted.strip().lower() == "all" else [k.strip() for k in wanted.split(",") if k.strip()]
    unknown = [k for k in keys if k not in shown]
    if unknown or not keys:
        from dm05.cli_app import did_you_mean

        raise UsageError("usage.columns", keys=", ".join(unknown) or "«»",
                         hint=did_you_mean(unknown[0], shown, current_lang()) if unknown else "")
    named = {c.key: c for c in terminal or []}
    return [named.get(k, Column(key=k)) for k in keys]


def _column_head(agg: Aggregate, col: Column, lang: Lang) -> str:
    """The report.toml column's heading in the language asked for, else the indicator's own label; an amount
    says its unit."""
    ind = agg.catalogue.by_key[col.key]
    heading = (col.label if lang == "vi" or not col.label_en else col.label_en) or ind.label
    return heading + (f" ({ind.table_unit})" if ind.kind == "amount" else "")


def _figure(agg: Aggregate, code: str, col: Column, previous: Aggregate | None, lang: Lang,
            money: dict[str, int]) -> tuple[str, bool]:
    """A cell of the aggregate table: the figure (and its pair, "x/y"), its coverage when partial, and its change
    on its own line."""
    cat = agg.catalogue

    def shown(key: str, value: float | None) -> str:
        kind = cat.by_key[key].kind
        return pct(value, 1) if kind == "ratio" else amount(value, money.get(key, 1)) if kind == "amount" else so(value)

    key = col.key
    v = agg.value(code, key)
    ratio = cat.by_key[key].kind == "ratio"
    cell = shown(key, v)
    if col.pair:
        cell += "/" + shown(col.pair, agg.value(code, col.pair))
    partial = v is not None and agg.partial(code, key)
    if partial:  # a figure that leaves out some leaves says how many it has
        cell += f" ({agg.covered(code, key)}/{int(agg.expected[code])})"
    if previous is not None:
        before = previous.value(code, key)
        if v is not None and before is not None:
            unit = money.get(key, 1) if cat.by_key[key].kind == "amount" else None
            cell += "\n" + change(v - before, ratio, text("aggregate.points", lang), unit=unit)
    return cell, partial


def aggregate_table(agg: Aggregate, unit: str, lang: Lang, previous: Aggregate | None = None,
                    columns: list[Column] | None = None, money: dict[str, int] | None = None, width: int = 200,
                    asked: bool = False) -> list[Table | str]:
    """The unit and its direct sub-units, one column per entry of ``columns`` (the workspace's terminal columns,
    or those ``--columns`` asked for: ``asked``; an amount in its table unit, ``money``: đồng of one). Columns
    that do not fit the terminal are left out and named, with how to see them."""
    tree = agg.tree
    money = money or {}
    title = f"{tree[unit].name} — {agg.period.id}"
    if previous is not None:
        title += " " + text("aggregate.against", lang, period=previous.period.id)
    codes = [unit, *tree.children.get(unit, [])]
    wanted = [c for c in (columns or []) if c.key in agg.catalogue.by_key]
    names = [("[bold]" if i == 0 else "  ") + escape(tree[c].name) + ("[/]" if i == 0 else "") for i, c in enumerate(codes)]
    reported = [f"{int(agg.reported[c])}/{int(agg.expected[c])}" for c in codes]
    head_unit, head_reported = text("aggregate.col_unit", lang), text("aggregate.col_reported", lang)
    unit_w = _span([head_unit, *names], 24)[1]
    reported_w = max(_longest_word([head_reported]), _widest(reported))
    room = width - unit_w - reported_w - _frame(2)
    shown: list[tuple[str, str, list[str], int]] = []
    left_out: list[str] = []
    shown_partial = False
    for col in wanted:
        head = _column_head(agg, col, lang)
        cells = []
        for code in codes:
            cell, partial = _figure(agg, code, col, previous, lang, money)
            cells.append(cell)
            shown_partial = shown_partial or partial
        need = max(_longest_word([head]), max((_widest([c.replace(" (", "\n(")]) for c in cells), default=1))
        if need + 3 <= room:
            shown.append((col.key, head, cells, need))
            room -= need + 3
        else:
            left_out.append(col.key)
    # what room is left goes to the figures (a coverage beside its figure, not under it), then to headings,
    # then to unit names, so that fewer of them wrap
    for liked in (lambda head, cells: _widest(cells), lambda head, cells: _widest([head, *cells])):
        for i, (key, head, cells, need) in enumerate(shown):
            grow = min(room, max(0, liked(head, cells) - need))
            shown[i], room = (key, head, cells, need + grow), room - grow
    unit_w += min(room, max(0, min(_widest(names), 30) - unit_w))
    table = Table(title=title)
    table.add_column(head_unit, width=unit_w, overflow="fold")
    table.add_column(head_reported, justify="right", width=reported_w, no_wrap=True)
    for _, head, _, need in shown:
        table.add_column(head, justify="right", width=need, overflow="fold")
    for i, _ in enumerate(codes):
        table.add_row(names[i], reported[i], *(cells[i] for _, _, cells, _ in shown), end_section=i == 0)
    if shown_partial:
        table.caption = text("aggregate.partial_caption", lang)
    notes: list[Table | str] = [table]
    every = [i.key for i in agg.catalogue.indicators if i.kind in FIGURES]
    if left_out:
        notes.append(text("aggregate.columns_left_out", lang, n=len(left_out), keys=", ".join(left_out)))
    elif not asked and len(shown) < len(every):
        notes.append(text("aggregate.columns_chosen", lang, shown=len(shown), total=len(every)))
    return notes


def indicators_table(cat: Catalogue, lang: Lang, width: int = 200) -> list[Table | str]:
    """``dm05 indicators``: key, label, kind, aliases; the workspace's own indicators marked. The key never
    wraps (it is what a clerk types); at a narrow terminal the aliases, then the source, then a rate's formula
    give way (--format json has them all), and the table says so."""
    heads = [text("indicators.col_" + c, lang) for c in ("key", "label", "kind", "aliases", "source")]

    def rows(formulas: bool) -> list[list[str]]:
        out = []
        for ind in cat.indicators:
            kind = text("kind." + ind.kind, lang)
            if formulas and ind.kind == "ratio":
                kind += f" = {' + '.join(ind.numerator)} / ({' + '.join(ind.denominator)})"
            elif formulas and ind.kind == "amount":
                kind += f" ({ind.input_unit} → {ind.table_unit})"
            source = (text("indicators.custom", lang) if ind.key in cat.added else
                      text("indicators.changed", lang) if ind.key in cat.changed else "")
            out.append([escape(ind.key), escape(ind.label), escape(kind), escape("; ".join(ind.aliases)), source])
        return out

    for keep, formulas in (([0, 1, 2, 3, 4], True), ([0, 1, 2, 4], True), ([0, 1, 2, 4], False), ([0, 1, 2], False)):
        body = rows(formulas)
        column = [[heads[c], *(row[c] for row in body)] for c in keep]
        label = _span(column[1], 30)
        spans = [_fixed(column[0]), (max(label[0], min(label[1], 20)), label[1]), _span(column[2], 24),
                 *(_span(c, 14) for c in column[3:])]  # a label is given room to read, not just its longest word
        if sum(lo for lo, _ in spans) + _frame(len(keep)) <= width:
            break
    widths = _fit(width, spans, list(range(1, len(keep))))
    table = Table(title=text("indicators.title", lang))
    for k, w in zip(keep, widths):
        table.add_column(heads[k], width=w, no_wrap=k == 0, overflow="fold")
    for row in body:
        table.add_row(*(row[k] for k in keep))
    table.caption = text("indicators.caption", lang, n=len(cat.indicators), added=len(cat.added))
    notes: list[Table | str] = [table]
    if len(keep) < 5 or not formulas:
        notes.append(text("indicators.narrow", lang))
    return notes


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
        parts.append(escape(text("status.missing_leaves", lang, units=", ".join(shown)
                                 + (" " + text("explain.more", lang, n=more) if more > 0 else ""))))
    if u["missing_indicators"]:
        keys = [f"{k} {n}/{u['reported']}" for k, n in list(u["missing_indicators"].items())[:6]]
        parts.append(text("status.missing_keys", lang, keys=", ".join(keys)))
    if u.get("via"):
        parts.append(escape(text("explain.via", lang, unit=names.get(u["via"], u["via"]))))
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
        parts.append(escape("; ".join(u["files"])))
    return " — ".join(parts)


def status_table(data: dict, lang: Lang, show_all: bool, width: int = 200) -> Table:
    """Per parent, its sub-units that are not settled or are late (all with ``show_all``); the details column
    takes the room the others leave, and no column is narrower than its longest word."""
    names = {c["code"]: c["name"] for p in data["parents"] for c in [p, *p["children"]]}
    rows: list[tuple[list[str], bool]] = []

    def wanted(c: dict) -> bool:  # not settled, or late: still a phone call to make
        return show_all or not c.get("settled", c["status"] == "reported") or c.get("timeliness") == "late"

    for parent in data["parents"]:
        children = [c for c in parent["children"] if wanted(c)]
        if not children:
            continue
        counts = ", ".join(f"{parent['children_' + k]} {text('status.' + k, lang)}"
                           for k in ("reported", "partial", "errors", "unread", "missing") if parent["children_" + k])
        if parent.get("children_late"):
            counts += ", " + text("status.late_count", lang, n=parent["children_late"])
        rows.append(([escape(parent["code"]), f"[bold]{escape(parent['name'])}[/]",
                      f"[{STATUS_STYLE[parent['status']]}]{text('status.' + parent['status'], lang)}[/]",
                      f"{parent['reported']}/{parent['expected']}", counts], False))
        for i, c in enumerate(children):
            rows.append((["  " + escape(c["code"]), "  " + escape(c["name"]),
                          f"[{STATUS_STYLE[c['status']]}]{text('status.' + c['status'], lang)}[/]",
                          f"{c['reported']}/{c['expected']}", _status_detail(c, names, lang, show_all)],
                         i == len(children) - 1))
    for u in data["unplaced"]:
        detail = [text("status.error_count", lang, n=u["errors"])] if u["errors"] else []
        if u["unread"]:
            detail.append(text("status.unread_count", lang, n=u["unread"]))
        if u["names"]:
            detail.append(", ".join(u["names"][:5]))
        rows.append((["", f"[bold]{text('status.unplaced', lang)}[/]",
                      f"[bold red]{text('status.unplaced_state', lang)}[/]", "",
                      escape(" — ".join([*detail, u["file"]]))], False))
    explained = data.get("explained", [])
    if explained:
        rows.append((["", f"[bold]{text('explained.title', lang)}[/] ({len(explained)})", "", "", ""], False))
        for i, x in enumerate(explained):
            what = text("coverage.partial", lang) if x["rule"] == "coverage.partial" else x["rule"]
            where = names.get(x["unit"], x["unit"]) if x["unit"] else x["file"]
            rows.append((["  " + escape(x["unit"] or ""), "  " + escape(where or ""),
                          f"[dim]{text('explained.state', lang)}[/]", "",
                          f"[dim]{escape(what)}:[/] {escape(_explained(x['explanation'], lang))}"],
                         i == len(explained) - 1))
    if not rows:
        rows.append((["", text("status.all_clean", lang), "", "", ""], False))
    heads = [text("status.col_code", lang), text("status.col_unit", lang), text("status.col_status", lang),
             text("status.col_reported", lang), text("status.col_details", lang)]
    column = [[heads[c], *(row[c] for row, _ in rows)] for c in range(5)]
    widths = _fit(width, [_fixed(column[0]), _span(column[1], 26), _span(column[2], 10), _fixed(column[3]),
                          _span(column[4])], [2, 1, 4])
    table = Table(title=text("status.title", lang, period=data["period"]))
    for k, w in enumerate(widths):
        table.add_column(heads[k], width=w, no_wrap=k in (0, 3), justify="right" if k == 3 else "left",
                         overflow="fold")
    for row, end in rows:
        table.add_row(*row, end_section=end)
    table.caption = escape(status_rates(data, lang))  # "[forms] deadlines" is no markup
    return table


def _explained(e: dict, lang: Lang) -> str:
    """``text — by, 05/12`` (the day left out when a hand-written explanation gives none)."""
    line = text("explained.entry", lang, text=e["text"], by=e["by"])
    return f"{line}, {_day(e['date'])}" if e.get("date") else line


def status_rates(data: dict, lang: Lang) -> str:
    """``Đã báo cáo 570/575 đơn vị cơ sở (99,13%); đúng hạn 560/575 (97,39%), hạn 05/12/2026``."""
    line = text("status.rates", lang, reported=so(data["reported"]), expected=so(data["expected"]),
                noun=text("report.base_units", lang), rate=pct(data["reporting_rate"]))
    if data.get("deadline"):
        d = data["deadline"]
        line += "; " + text("status.on_time_rate", lang, on_time=so(data["on_time"]), expected=so(data["expected"]),
                            rate=pct(data["on_time_rate"]), deadline=f"{d[8:10]}/{d[5:7]}/{d[:4]}")
    else:
        line += "; " + text("status.no_deadline", lang)
    return line


def explain_table(result: Explanation, agg: Aggregate, lang: Lang, width: int = 200) -> Table:
    """The cells a figure adds up from, grouped by file, then the leaf units it includes and those it leaves
    out, with why. A file's name heads its cells (a column of paths would leave the notes no room)."""
    ind = agg.catalogue.by_key[result.key]
    shown = pct(result.value) if ind.kind == "ratio" else so(result.value)
    rows: list[tuple[list[str], bool]] = []
    for part in result.parts:
        file = None
        for c in part.cells:
            if c.file != file:
                file = c.file
                rows.append((["", "", "", f"[bold]{escape(c.file)}[/]"], False))
            note = " ".join(x for x in (c.year, c.note, f"× {c.share:g}" if c.share != 1 else "") if x)
            rows.append(([escape(c.cell), escape(c.unit), so(c.value) if float(c.value).is_integer() else f"{c.value:g}",
                          escape(note)], False))
        role, _, keys = part.key.partition(": ")  # a rate's parts are "numerator: a + b", "denominator: c"
        label = (text("explain.sum_" + role, lang, keys=keys) if role in ("numerator", "denominator")
                 else text("explain.sum", lang, key=part.key))
        rows.append((["", "", f"[bold]{so(part.total)}[/]", f"[bold]{escape(label)}[/]"], True))
    if ind.kind == "ratio" and len(result.parts) == 2:
        num, den = result.parts
        rows.append((["", "", f"[bold]{pct(result.value)}[/]", f"= {so(num.total)} / {so(den.total)}"], True))
    n, m = len(result.included), result.expected
    names = [x.name + (f" ({text('explain.via', lang, unit=agg.tree[x.via].name)})" if x.via else "")
             for x in result.included]
    listed = ", ".join(names[:40]) + (" " + text("explain.more", lang, n=len(names) - 40) if len(names) > 40 else "")
    year = f" — {result.year}" if result.year else ""
    rows.append((["", "", f"[bold]{n}/{m}[/]",
                  f"[bold]{text('explain.included', lang, n=n, m=m)}{year}[/]: {escape(listed)}"], not result.left_out))
    if result.left_out:
        rows.append((["", "", f"[bold]{len(result.left_out)}[/]",
                      f"[bold]{text('explain.left_out', lang, n=len(result.left_out))}[/]:"], False))
        for x in result.left_out:
            why = text("explain." + x.reason, lang, keys=", ".join(x.keys))
            if x.via:
                why += " — " + text("explain.via", lang, unit=agg.tree[x.via].name)
            rows.append((["", escape(x.unit), "", escape(f"{x.name}: {why}")], False))
    heads = [text("explain.col_cell", lang), text("explain.col_unit", lang), text("explain.col_value", lang),
             text("explain.col_note", lang)]
    column = [[heads[c], *(row[c] for row, _ in rows)] for c in range(4)]
    widths = _fit(width, [_fixed(column[0]), _fixed(column[1]), _fixed(column[2]), _span(column[3])], [3])
    table = Table(title=text("explain.title", lang, label=ind.label, unit=agg.tree[result.unit].name,
                             period=result.period, value=shown))
    for k, w in enumerate(widths):
        table.add_column(heads[k], width=w, no_wrap=k < 3, justify="right" if k == 2 else "left", overflow="fold")
    for row, end in rows:
        table.add_row(*row, end_section=end)
    return table
