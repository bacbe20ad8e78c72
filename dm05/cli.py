"""The ``dm05`` command line: a thin layer over the library. Results go to stdout, people's messages to
stderr. Exit codes: 0 ok; 1 the data has errors; 2 could not run (usage, workspace, configuration)."""

from __future__ import annotations

import functools
import json
import os
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar, assert_never

import typer
from rich.console import Console
from rich.markup import escape

from dm05 import __version__
from dm05.cli_app import USAGE_MISTAKE, Dm05Command, Dm05Typer, current_lang, say_error
from dm05.cli_options import ForceOpt, LangChoice, LangOpt, OutputOpt, PeriodOpt, QuietOpt, WorkspaceArg
from dm05.errors import EXIT_DATA, EXIT_OK, EXIT_USAGE, Dm05Error, InputError, UsageError
from dm05.messages import Lang, both, text

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from dm05.progress import Progress
    from dm05.workspace import Workspace

# help texts live in the catalogue (dm05.messages.HELP), in both languages; dm05.cli_app writes them
app = Dm05Typer(name="dm05", no_args_is_help=True)
out = Console(soft_wrap=False)
err = Console(stderr=True)
P = ParamSpec("P")
R = TypeVar("R")


def _lang(value: LangChoice | None) -> Lang:
    """The language of messages: ``--lang`` (or DM05_LANG) when given, else the command line's."""
    match value:
        case None:
            return current_lang()
        case LangChoice.vi:
            return "vi"
        case LangChoice.en:
            return "en"
    assert_never(value)


def guarded(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn dm05's errors into one line on stderr and the documented exit code — never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        choice = kwargs.get("lang")  # typer passes every option by keyword
        lang = _lang(choice if isinstance(choice, LangChoice) else None)
        try:
            return fn(*args, **kwargs)
        except Dm05Error as e:
            say_error(err, e.message(lang), lang)
            raise typer.Exit(e.exit_code) from None
        except KeyboardInterrupt:
            err.print(text("cli.stopped", lang), highlight=False, markup=False)
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort, USAGE_MISTAKE):  # a usage mistake is said by dm05.cli_app, in one line
            raise
        except Exception as e:  # a bug: say so in one line, the traceback only on request
            if os.environ.get("DM05_DEBUG"):
                traceback.print_exc()
            say_error(err, text("cli.internal_error", lang, detail=f"{type(e).__name__}: {e}"), lang)
            raise typer.Exit(EXIT_USAGE) from None

    return wrapper


def say_warning(message: str, lang: Lang) -> None:
    err.print(f"[yellow]{text('cli.warning', lang)}:[/] ", end="", highlight=False)
    err.print(message, highlight=False, markup=False, soft_wrap=True)


def _version(value: bool) -> None:
    if value:
        out.print(text("cli.version", current_lang(), version=__version__), highlight=False, markup=False)
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True)] = False,
          lang: LangOpt = None) -> None:
    """dm05; ``dm05 --lang en COMMAND`` is read by dm05.cli_app before any command runs."""


def _reading(lang: Lang, quiet: bool) -> AbstractContextManager[Progress]:
    from dm05.present import progress_bar

    return progress_bar(err, text("cli.reading", lang), not quiet)


def _workspace(path: Path) -> Workspace:
    from dm05.workspace import load_workspace

    return load_workspace(path)


class ValidateFormat(str, Enum):
    table = "table"
    json = "json"


class AggregateFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


@app.command()
@guarded
def init(
    directory: Annotated[Path, typer.Argument(show_default=False)],
    year: Annotated[int, typer.Option()] = date.today().year,
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> None:
    """Write a workspace skeleton; a clerk's own files are never lost (backups with --force)."""
    from dm05.present import init_lines
    from dm05.scaffold import init_workspace

    for line in init_lines(init_workspace(directory, year, force), _lang(lang)):
        err.print(line, highlight=False, markup=False, soft_wrap=True)


def _data_files(paths: list[Path]) -> list[Path]:
    from dm05.workspace import DATA_SUFFIXES

    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted((f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in DATA_SUFFIXES
                                 and not f.name.startswith(("~$", ".~lock"))), key=lambda f: f.as_posix()))
        elif p.is_file():
            files.append(p)
        else:
            raise InputError("input.not_found", path=str(p))
    return files


@app.command()
@guarded
def validate(
    workspace: WorkspaceArg,
    period: PeriodOpt,
    paths: Annotated[list[Path] | None, typer.Argument(show_default=False)] = None,
    format: Annotated[ValidateFormat, typer.Option("--format", "-f")] = ValidateFormat.table,
    strict: Annotated[bool, typer.Option("--strict")] = False,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Check the units' spreadsheets: every rule, whether the files were named or found in the inbox."""
    from dm05.period import parse_period
    from dm05.pipeline import Loader
    from dm05.present import summary_line, validation_table

    lg = _lang(lang)
    ws = _workspace(workspace)
    per = parse_period(period)
    files = _data_files(paths) if paths else None
    with _reading(lg, quiet) as progress:
        # every rule, the roll-up's reconciliation too, whether the files were named or found
        report = Loader(ws, progress).load(per, files=files).validation
    if format == ValidateFormat.json:
        sys.stdout.write(json.dumps(report.to_json(lg), ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(validation_table(report, lg, out.width))
        out.print(summary_line(report, lg), highlight=False, markup=False)
    failed = not report.ok or (strict and report.count("warning") > 0)
    raise typer.Exit(EXIT_DATA if failed else EXIT_OK)


@app.command()
@guarded
def aggregate(
    workspace: WorkspaceArg,
    period: PeriodOpt,
    format: Annotated[AggregateFormat, typer.Option("--format", "-f")] = AggregateFormat.table,
    output: OutputOpt = None,
    unit: Annotated[str | None, typer.Option(show_default=False)] = None,
    compare: Annotated[str | None, typer.Option(show_default=False)] = None,
    columns: Annotated[str | None, typer.Option(show_default=False)] = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Roll the figures up the hierarchy: a table of one unit on screen, or every unit to a file."""
    from dm05.errors import WorkspaceError
    from dm05.export import json_chunks, to_csv_bytes, to_xlsx_bytes
    from dm05.output import check_writable, write_atomic
    from dm05.period import parse_period
    from dm05.pipeline import Loader
    from dm05.present import aggregate_table, table_columns

    lg = _lang(lang)
    if output is None and format == AggregateFormat.xlsx:  # said before any work
        raise UsageError("usage.xlsx_needs_output")
    ws = _workspace(workspace)
    per = parse_period(period)
    if output is not None:
        check_writable(output, force)
    if unit is not None and unit not in ws.tree(per):
        raise WorkspaceError("unit.not_found", unit=unit)
    keys = table_columns(ws.catalogue, columns, ws.report.terminal)
    before = parse_period(compare) if compare else None
    with _reading(lg, quiet) as progress:
        loader = Loader(ws, progress)
        loaded = loader.load(per, year_on_year=False)  # aggregate shows figures, not last year's warnings
        report, agg = loaded.validation, loaded.aggregate
        previous = loader.load(before, target=agg.tree, year_on_year=False).aggregate if before else None
    if format == AggregateFormat.table:
        for shown in aggregate_table(agg, unit or agg.tree.root, lg, previous, keys or ws.report.terminal,
                                     ws.table_units(), out.width, asked=keys is not None):
            out.print(shown)
    else:
        data: bytes | Iterator[bytes] = (json_chunks(agg, previous) if format == AggregateFormat.json else
                                         {"csv": to_csv_bytes, "xlsx": to_xlsx_bytes}[format.value](agg, previous))
        if output is not None:
            write_atomic(output, data, force)
            err.print(text("cli.wrote", lg, path=output), highlight=False, markup=False)
        elif isinstance(data, bytes):
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            for chunk in data:
                sys.stdout.write(chunk.decode("utf-8"))
            sys.stdout.flush()
    if not report.ok:
        err.print(f"[yellow]{text('aggregate.errors_left_out', lg, n=report.count('error'))}[/]")
        raise typer.Exit(EXIT_DATA)


@app.command()
@guarded
def status(
    workspace: WorkspaceArg,
    period: PeriodOpt,
    format: Annotated[ValidateFormat, typer.Option("--format", "-f")] = ValidateFormat.table,
    all: Annotated[bool, typer.Option("--all")] = False,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Who reported, on time or late, who is missing, who failed; exit 1 until every unit is settled."""
    from dm05.period import parse_period
    from dm05.present import status_table
    from dm05.status import period_status

    lg = _lang(lang)
    ws = _workspace(workspace)
    per = parse_period(period)
    with _reading(lg, quiet) as progress:
        result = period_status(ws, per, progress)
    data = result.to_json()
    if format == ValidateFormat.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(status_table(data, lg, all, out.width))
    raise typer.Exit(EXIT_OK if result.settled else EXIT_DATA)


@app.command()
@guarded
def explain(
    workspace: WorkspaceArg,
    period: PeriodOpt,
    unit: Annotated[str, typer.Option(show_default=False)],
    indicator: Annotated[str, typer.Option(show_default=False)],
    format: Annotated[ValidateFormat, typer.Option("--format", "-f")] = ValidateFormat.table,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Where a figure comes from: its input cells, and the leaf units it includes and leaves out."""
    from dm05.errors import WorkspaceError
    from dm05.period import parse_period
    from dm05.pipeline import Loader
    from dm05.present import explain_table
    from dm05.trace import explain as explain_figure

    lg = _lang(lang)
    ws = _workspace(workspace)
    per = parse_period(period)
    found = ws.catalogue.find(indicator)
    if found is None or found.kind == "threshold":
        close = [k for k in ws.catalogue.close_to(indicator) if ws.catalogue.by_key[k].kind != "threshold"]
        hint = both("hint.keys", keys=", ".join(close)) if close else "."
        raise WorkspaceError("indicator.not_found", key=indicator, hint=hint)
    indicator = found.key
    if unit not in ws.tree(per):
        raise WorkspaceError("unit.not_found", unit=unit)
    with _reading(lg, quiet) as progress:
        agg = Loader(ws, progress).load(per, year_on_year=False).aggregate
    result = explain_figure(agg, unit, indicator)
    if format == ValidateFormat.json:
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(explain_table(result, agg, lg, out.width))


@app.command()
@guarded
def indicators(
    workspace: WorkspaceArg,
    format: Annotated[ValidateFormat, typer.Option("--format", "-f")] = ValidateFormat.table,
    lang: LangOpt = None,
) -> None:
    """The workspace's indicator catalogue: the built-in one with indicators.toml's additions and changes."""
    from dm05.present import indicators_table

    lg = _lang(lang)
    ws = _workspace(workspace)
    if format == ValidateFormat.json:
        data = {"workspace": str(ws.root), "indicators": ws.catalogue.to_json()}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        for shown in indicators_table(ws.catalogue, lg, out.width):
            out.print(shown)


class _OptionalKindValue(Dm05Command):
    """``--kind`` given with no value lists the report kinds (click options always need their value): the
    workspace's when one is named before it (``dm05 report WS --kind``), else the built-in ones."""

    # click's Context is the supertype's, and typer (which vendors click in newer releases) exports only its
    # own subclass: no public name fits the override on every typer this project supports
    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        args = list(args)
        for i, arg in enumerate(args):
            if arg == "--kind" and (i + 1 == len(args) or args[i + 1].startswith("-")):
                args.insert(i + 1, "?")
                if args and not args[0].startswith("-") and args[0] != "--kind":
                    ctx.meta["dm05_workspace"] = args[0]
                break
        return super().parse_args(ctx, args)


def _list_kinds(ctx: typer.Context, value: str | None) -> str | None:
    if value == "?":
        from dm05.report import report_kinds

        named = ctx.meta.get("dm05_workspace")
        # a workspace that cannot be loaded is said by dm05.cli_app, in one line (this runs before the command)
        kinds = report_kinds(_workspace(Path(named)) if named else None)
        for name, kind in kinds.items():
            shapes = ", ".join(kind.periods)
            out.print(f"{name:10} {kind.description} [{shapes}]", highlight=False, soft_wrap=True, markup=False)
        raise typer.Exit()
    return value


@app.command(cls=_OptionalKindValue)
@guarded
def report(
    workspace: WorkspaceArg,
    period: PeriodOpt,
    kind: Annotated[str | None, typer.Option("--kind", callback=_list_kinds, is_eager=True, show_default=False)] = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    draft: Annotated[bool, typer.Option("--draft")] = False,
    pdf: Annotated[bool, typer.Option("--pdf")] = False,
    depth: Annotated[int | None, typer.Option(show_default=False)] = None,
    when: Annotated[str | None, typer.Option("--date", show_default=False)] = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Write the official report: a .docx, or a PDF through LibreOffice when -o names a .pdf."""
    from dm05.pdf import check_pdf_output, to_pdf
    from dm05.period import parse_period
    from dm05.report import make_report
    from dm05.vnformat import parse_date

    lg = _lang(lang)
    report_date = None
    if when:
        report_date = parse_date(when)
        if report_date is None:
            raise UsageError("usage.date", option="--date", value=when)
    if output is not None:
        check_pdf_output(output, force)  # a .pdf without LibreOffice, or another suffix: said before the work
    ws = _workspace(workspace)
    per = parse_period(period)
    with _reading(lg, quiet) as progress:
        result = make_report(ws, per, kind, output=output, force=force, draft=draft, report_date=report_date,
                             progress=progress, depth=depth)
    for warning in result.warnings:
        say_warning(warning[lg], lg)
    err.print(text("cli.pdf_written" if result.path.suffix.lower() == ".pdf" else "cli.report_written", lg,
                   path=result.path), highlight=False, markup=False)
    if pdf and result.path.suffix.lower() != ".pdf":
        written = to_pdf(result.path, force)
        err.print(text("cli.pdf_written", lg, path=written), highlight=False, markup=False)


@app.command()
@guarded
def form(
    workspace: WorkspaceArg,
    period: PeriodOpt,
    unit: Annotated[str | None, typer.Option(show_default=False)] = None,
    all_units: Annotated[bool, typer.Option("--all")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", show_default=False)] = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Write intake forms (.xlsx) for one unit or every unit below the committee."""
    from dm05.errors import WorkspaceError
    from dm05.forms import build_form, form_path, reporting_units, write_forms
    from dm05.output import write_atomic
    from dm05.period import parse_period
    from dm05.present import progress_bar

    lg = _lang(lang)
    if all_units == (unit is not None):
        raise UsageError("usage.unit_or_all", command="dm05 form")
    ws = _workspace(workspace)
    per = parse_period(period)
    tree = ws.tree(per)
    if unit is not None:
        if unit not in tree:
            raise WorkspaceError("unit.not_found", unit=unit)
        path = write_atomic(output or form_path(ws, per, unit), build_form(ws, per, unit), force)
        written = [path]
    else:
        with progress_bar(err, text("cli.writing_forms", lg), not quiet) as progress:
            written = write_forms(ws, per, reporting_units(tree), output, force, progress)
    for path in written:
        out.print(str(path), highlight=False, soft_wrap=True, markup=False)
    err.print(text("cli.forms_written", lg, n=len(written)), highlight=False, markup=False)


@app.command()
@guarded
def submit(
    workspace: WorkspaceArg,
    period: PeriodOpt,
    form_path: Annotated[Path | None, typer.Option("--form", dir_okay=False, show_default=False)] = None,
    map_path: Annotated[Path | None, typer.Option("--map", dir_okay=False, show_default=False)] = None,
    output: OutputOpt = None,
    unit: Annotated[str | None, typer.Option(show_default=False)] = None,
    draft: Annotated[bool, typer.Option("--draft")] = False,
    mapping: Annotated[Path | None, typer.Option("--mapping", dir_okay=False, show_default=False)] = None,
    format: Annotated[ValidateFormat, typer.Option("--format", "-f")] = ValidateFormat.table,
    force: ForceOpt = False,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Fill the superior's form with this committee's figures, or propose how its cells map (--map)."""
    from dm05.output import check_writable, write_atomic
    from dm05.period import parse_period
    from dm05.submit import default_output, label, prepare, propose_mapping, write

    lg = _lang(lang)
    if (form_path is None) == (map_path is None):
        raise UsageError("usage.form_or_map", command="dm05 submit")
    ws = _workspace(workspace)
    per = parse_period(period)
    if map_path is not None:
        proposal = propose_mapping(ws, per, map_path, unit)
        data = (json.dumps(proposal.to_json(lg), ensure_ascii=False, indent=2) + "\n" if format == ValidateFormat.json
                else proposal.to_toml(ws.catalogue, lg))
        if output is not None:
            write_atomic(output, data.encode("utf-8"), force)
            out.print(str(output), highlight=False, soft_wrap=True, markup=False)
        else:
            sys.stdout.write(data)
        return
    assert form_path is not None
    target = output or default_output(ws, form_path)
    check_writable(target, force)
    with _reading(lg, quiet) as progress:
        sub = prepare(ws, per, form_path, unit, mapping, progress)
    plan, agg = sub.plan, sub.aggregate
    if format == ValidateFormat.json and not plan.complete and not draft:
        sys.stdout.write(json.dumps({**plan.to_json(agg, lg), "output": None, "written": 0, "draft": False},
                                    ensure_ascii=False, indent=2) + "\n")
        raise typer.Exit(EXIT_DATA)
    result = write(sub, target, force, draft, lg)
    if format == ValidateFormat.json:
        sys.stdout.write(json.dumps({**plan.to_json(agg, lg), "output": str(result.path), "written": result.written,
                                     "draft": result.draft}, ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(str(result.path), highlight=False, soft_wrap=True, markup=False)
    say = [text("submit.written", lg, n=result.written, path=result.path)]
    if plan.lacking:
        say.append(text("submit.lacking", lg, items="; ".join(f"{label(ws.catalogue, k)} ({k})" for k in plan.lacking)))
    if plan.uncarried:
        say.append(text("submit.uncarried", lg, unit=plan.unit,
                        items="; ".join(f"{label(ws.catalogue, k)} ({k})" for k in plan.uncarried)))
    if plan.unasked:
        say.append(text("submit.unasked", lg, items=", ".join(plan.unasked)))
    if result.cleared:
        say.append(text("submit.cleared", lg, n=result.cleared))
    say += [w[lg] for w in result.warnings]
    if result.draft:
        say.append(text("submit.draft_written", lg, cell=result.note or ""))
        say += [f"  - {p}" for p in plan.problems(agg, lg)]
    for line in say:
        err.print(line, highlight=False, soft_wrap=True, markup=False)


def _moment(value: str | None) -> datetime | None:
    """--at: a moment as a clerk types it (2026-12-03, 2026-12-03 09:15, 03/12/2026), in this computer's zone."""
    from dm05.wsfiles import parse_time

    if value is None:
        return None
    when = parse_time(value)
    if when is None:
        raise InputError("time.invalid", value=value)
    return when


@app.command()
@guarded
def receive(
    workspace: WorkspaceArg,
    period: PeriodOpt,
    files: Annotated[list[Path], typer.Argument(show_default=False)],
    as_name: Annotated[str | None, typer.Option("--as", show_default=False)] = None,
    at: Annotated[str | None, typer.Option("--at", show_default=False)] = None,
    format: Annotated[ValidateFormat, typer.Option("--format", "-f")] = ValidateFormat.table,
    lang: LangOpt = None,
) -> None:
    """Receive units' files into the inbox (copied, never over another file) and log them in receipts.csv."""
    from dm05.period import parse_period
    from dm05.receipts import RECEIPTS_FILE
    from dm05.receipts import receive as receive_files

    lg = _lang(lang)
    ws = _workspace(workspace)
    per = parse_period(period)
    done = receive_files(ws.root, ws.inbox(per), files, as_name, _moment(at))
    if format == ValidateFormat.json:
        sys.stdout.write(json.dumps({"period": per.id, "receipts_file": RECEIPTS_FILE,
                                     "received": [r.to_json() for r in done]}, ensure_ascii=False, indent=2) + "\n")
        return
    from dm05.messages import text

    for r in done:
        c = r.receipt
        line = (text("receive.done", lg, file=c.file, size=c.size, sha=c.sha256[:12] + "…") if r.copied else
                text("receive.already", lg, file=c.file, when=f"{c.received_at:%d/%m/%Y %H:%M}"))
        out.print(line, highlight=False, soft_wrap=True, markup=False)


@app.command("explain-finding")
@guarded
def explain_finding(
    workspace: WorkspaceArg,
    period: PeriodOpt,
    rule: Annotated[str, typer.Option(show_default=False)],
    text_: Annotated[str, typer.Option("--text", show_default=False)],
    by: Annotated[str, typer.Option(show_default=False)],
    unit: Annotated[str | None, typer.Option(show_default=False)] = None,
    indicator: Annotated[str | None, typer.Option(show_default=False)] = None,
    file: Annotated[str | None, typer.Option(show_default=False)] = None,
    format: Annotated[ValidateFormat, typer.Option("--format", "-f")] = ValidateFormat.table,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Mark a warning explained in explanations.toml, bound to the figures it explains."""
    from dm05.explanations import explain_warning
    from dm05.messages import text
    from dm05.period import parse_period

    lg = _lang(lang)
    ws = _workspace(workspace)
    per = parse_period(period)
    with _reading(lg, quiet) as progress:
        recorded = explain_warning(ws, per, rule, unit, indicator, file, text_, by, progress)
    if format == ValidateFormat.json:
        sys.stdout.write(json.dumps({"period": per.id, "rule": recorded.rule, "unit": recorded.unit or None,
                                     "indicator": recorded.indicator or None, "file": recorded.file or None,
                                     "warning": recorded.warning, **recorded.to_json()},
                                    ensure_ascii=False, indent=2) + "\n")
        return
    where = ", ".join(x for x in (recorded.unit, recorded.indicator, recorded.file) if x)
    err.print(text("explain.recorded", lg, rule=recorded.rule, where=where, file="explanations.toml"),
              highlight=False, soft_wrap=True, markup=False)


@app.command()
@guarded
def approve(
    workspace: WorkspaceArg,
    period: PeriodOpt,
    by: Annotated[str, typer.Option(show_default=False)],
    unit: Annotated[str | None, typer.Option(show_default=False)] = None,
    reopen: Annotated[bool, typer.Option("--reopen")] = False,
    force: Annotated[bool, typer.Option("--force")] = False,
    note: Annotated[str, typer.Option(show_default=False)] = "",
    format: Annotated[ValidateFormat, typer.Option("--format", "-f")] = ValidateFormat.table,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Sign a period's figures off in approvals.toml: every change under an approved unit is then an error."""
    from dm05 import approval, receipts
    from dm05.messages import text
    from dm05.period import parse_period
    from dm05.pipeline import Loader

    lg = _lang(lang)
    ws = _workspace(workspace)
    per = parse_period(period)
    tree = ws.tree(per)
    code = unit or tree.root
    if reopen:
        done = approval.reopen(ws.root, tree, per.id, code, by, receipts.now(), note)
        if format == ValidateFormat.json:
            sys.stdout.write(json.dumps({**done.to_json(), "written": True}, ensure_ascii=False, indent=2) + "\n")
        else:
            err.print(text("approve.reopened", lg, period=per.id, unit=code, file=approval.APPROVALS_FILE), highlight=False, markup=False)
        return
    with _reading(lg, quiet) as progress:
        loader = Loader(ws, progress)
        loaded = loader.load(per, year_on_year=False)
    outcome = approval.approve(ws.root, loaded.validation, loaded.aggregate, loader.digests, code, by, receipts.now(),
                               note, force)
    if format == ValidateFormat.json:
        sys.stdout.write(json.dumps(outcome.to_json(), ensure_ascii=False, indent=2) + "\n")
        return
    a = outcome.approval
    if not outcome.written:
        err.print(text("approve.same", lg, period=per.id, unit=code, when=a.day), highlight=False, markup=False)
        return
    err.print(text("approve.done", lg, period=per.id, unit=code, reported=a.reported, expected=a.expected,
                   noun=text("report.base_units", lg), file=approval.APPROVALS_FILE), highlight=False, soft_wrap=True, markup=False)
    if a.forced:
        err.print(f"[yellow]{escape(text('approve.forced', lg, note=a.note))}[/]", highlight=False, soft_wrap=True)


template_app = Dm05Typer(no_args_is_help=True)
app.add_typer(template_app, name="template")


@template_app.callback()
def _template(lang: LangOpt = None) -> None:
    """``dm05 template --help --lang en``: the language is read by dm05.cli_app."""


@template_app.command("export")
@guarded
def template_export(
    kind: Annotated[str, typer.Argument(show_default=False)],
    directory: Annotated[Path, typer.Argument(show_default=False)],
    workspace: Annotated[Path | None, typer.Option("--workspace", "-w", show_default=False)] = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> None:
    """Export a built-in template and narrative (built for a workspace's style, columns and kinds with -w) to
    edit in Word and put back in the workspace."""
    from dm05.templates_io import export_template

    ws = _workspace(workspace) if workspace is not None else None
    for path in export_template(kind, directory, force, ws):
        err.print(text("cli.wrote", _lang(lang), path=path), highlight=False, markup=False)


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM (a closed window, a batch job stopped) unwinds like Ctrl-C, so temporary files are removed."""
    raise KeyboardInterrupt


def main() -> None:
    """Console-script entry: UTF-8 streams on every platform (Windows consoles default to a code page)."""
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _terminate)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8")
            except (ValueError, OSError):
                pass
    app()
