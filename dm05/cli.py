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
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar, assert_never

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperCommand

from dm05 import __version__
from dm05.cli_options import ForceOpt, LangChoice, LangOpt, OutputOpt, PeriodOpt, QuietOpt, WorkspaceArg
from dm05.errors import EXIT_DATA, EXIT_OK, EXIT_USAGE, Dm05Error, InputError
from dm05.messages import Lang, default_lang

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from dm05.progress import Progress
    from dm05.workspace import Workspace

app = typer.Typer(
    name="dm05",
    help="Kiểm tra, tổng hợp số liệu và lập báo cáo thực hiện Chỉ thị 05-CT/TW, Kết luận 01-KL/TW.\n\n"
         "Validate unit spreadsheets, roll the figures up the party hierarchy and write the official report.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
)
out = Console(soft_wrap=False)
err = Console(stderr=True)
P = ParamSpec("P")
R = TypeVar("R")


def _lang(value: LangChoice | None) -> Lang:
    """The language of messages: ``--lang`` (or DM05_LANG) when given, else dm05's default."""
    match value:
        case None:
            return default_lang()
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
            err.print(f"[bold red]{'Lỗi' if lang == 'vi' else 'Error'}:[/] {escape(e.message(lang))}", highlight=False,
                      markup=True, soft_wrap=True)
            raise typer.Exit(e.exit_code) from None
        except KeyboardInterrupt:
            err.print("Đã dừng; không có tệp kết quả nào bị ghi dở." if lang == "vi"
                      else "Stopped; no output was left half-written.", highlight=False)
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as e:  # a bug: say so in one line, the traceback only on request
            if os.environ.get("DM05_DEBUG"):
                traceback.print_exc()
            msg = ("Lỗi nội bộ của dm05 (đặt DM05_DEBUG=1 để xem chi tiết và báo cho người bảo trì)"
                   if lang == "vi" else "dm05 internal error (set DM05_DEBUG=1 for details and report it)")
            err.print(f"[bold red]{msg}:[/] {type(e).__name__}: {e}", highlight=False, soft_wrap=True)
            raise typer.Exit(EXIT_USAGE) from None

    return wrapper


def _version(value: bool) -> None:
    if value:
        out.print(f"dm05 {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="In phiên bản. Show the version.")] = False) -> None:
    """dm05"""


def _reading(lang: Lang, quiet: bool) -> AbstractContextManager[Progress]:
    from dm05.present import progress_bar

    return progress_bar(err, "Đang đọc" if lang == "vi" else "Reading", not quiet)


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
    directory: Annotated[Path, typer.Argument(help="Thư mục sẽ tạo. Folder to create.", show_default=False)],
    year: Annotated[int, typer.Option(help="Năm của thư mục inbox mẫu. Year of the sample inbox.")] = date.today().year,
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> None:
    """Tạo thư mục làm việc mẫu. Create a workspace skeleton.

    Ví dụ / example:  dm05 init bao-cao-xa --year 2026
    """
    from dm05.scaffold import init_workspace

    written = init_workspace(directory, year, force)
    for p in written:
        err.print(f"  {p}", highlight=False)
    err.print(("Đã tạo thư mục làm việc. Sửa dm05.toml, units.csv; đặt tệp của đơn vị vào "
               if _lang(lang) == "vi" else "Workspace created. Edit dm05.toml, units.csv; put the units' files in ")
              + str(directory / "inbox" / str(year)), highlight=False)


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
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Tệp hoặc thư mục cần kiểm tra (mặc định: inbox/<kỳ>). Files or folders to check.",
        show_default=False)] = None,
    format: Annotated[ValidateFormat, typer.Option("--format", "-f", help="table hoặc json.")] = ValidateFormat.table,
    strict: Annotated[bool, typer.Option(help="Cảnh báo cũng trả mã lỗi 1. Warnings fail too.")] = False,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Kiểm tra bảng số liệu của các đơn vị. Check the units' spreadsheets.

    Ví dụ / example:  dm05 validate data/demo --period 2026 --format json
    """
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
        out.print(validation_table(report, lg))
        out.print(summary_line(report, lg), highlight=False)
    failed = not report.ok or (strict and report.count("warning") > 0)
    raise typer.Exit(EXIT_DATA if failed else EXIT_OK)


@app.command()
@guarded
def aggregate(
    workspace: WorkspaceArg,
    period: PeriodOpt,
    format: Annotated[AggregateFormat, typer.Option("--format", "-f", help="table, json, csv hoặc xlsx.")] = AggregateFormat.table,
    output: OutputOpt = None,
    unit: Annotated[str | None, typer.Option(help="Mã đơn vị hiện trong bảng (mặc định: gốc). Unit to show.",
                                                show_default=False)] = None,
    compare: Annotated[str | None, typer.Option(help="So sánh với kỳ khác, ví dụ 2025. Compare with a period.",
                                                   show_default=False)] = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Tổng hợp số liệu lên các cấp. Roll the figures up the hierarchy.

    Ví dụ / example:  dm05 aggregate data/demo --period 2026 --compare 2025 --format xlsx -o tong-hop-2026.xlsx
    """
    from dm05.errors import WorkspaceError
    from dm05.export import json_chunks, to_csv_bytes, to_xlsx_bytes
    from dm05.output import check_writable, write_atomic
    from dm05.period import parse_period
    from dm05.pipeline import Loader
    from dm05.present import aggregate_table

    lg = _lang(lang)
    ws = _workspace(workspace)
    per = parse_period(period)
    if output is not None:
        check_writable(output, force)
    if unit is not None and unit not in ws.tree(per):
        raise WorkspaceError("unit.not_found", unit=unit)
    before = parse_period(compare) if compare else None
    with _reading(lg, quiet) as progress:
        loader = Loader(ws, progress)
        loaded = loader.load(per, year_on_year=False)  # aggregate shows figures, not last year's warnings
        report, agg = loaded.validation, loaded.aggregate
        previous = loader.load(before, target=agg.tree, year_on_year=False).aggregate if before else None
    if format == AggregateFormat.table:
        out.print(aggregate_table(agg, unit or agg.tree.root, lg, previous))
    else:
        if output is None and format == AggregateFormat.xlsx:
            raise InputError("input.not_found", path="-o/--output (xlsx)")
        data: bytes | Iterator[bytes] = (json_chunks(agg, previous) if format == AggregateFormat.json else
                                         {"csv": to_csv_bytes, "xlsx": to_xlsx_bytes}[format.value](agg, previous))
        if output is not None:
            write_atomic(output, data, force)
            err.print(("Đã ghi " if lg == "vi" else "Wrote ") + str(output), highlight=False)
        elif isinstance(data, bytes):
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            for chunk in data:
                sys.stdout.write(chunk.decode("utf-8"))
            sys.stdout.flush()
    if not report.ok:
        from dm05.messages import text

        err.print(f"[yellow]{text('aggregate.errors_left_out', lg, n=report.count('error'))}[/]")
        raise typer.Exit(EXIT_DATA)


@app.command()
@guarded
def status(
    workspace: WorkspaceArg,
    period: PeriodOpt,
    format: Annotated[ValidateFormat, typer.Option("--format", "-f", help="table hoặc json.")] = ValidateFormat.table,
    all: Annotated[bool, typer.Option("--all", help="Hiện cả đơn vị đã báo cáo đủ. Show complete units too.")] = False,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Đơn vị nào đã báo cáo, còn thiếu, có lỗi. Who reported, who is missing, who failed.

    Ví dụ / example:  dm05 status data/demo --period 2026
    """
    from dm05.period import parse_period
    from dm05.present import status_table
    from dm05.status import load, unit_status

    lg = _lang(lang)
    ws = _workspace(workspace)
    per = parse_period(period)
    with _reading(lg, quiet) as progress:
        report, agg = load(ws, per, progress)
    result = unit_status(report, agg)
    data = result.to_json()
    if format == ValidateFormat.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(status_table(data, lg, all))
    raise typer.Exit(EXIT_OK if result.complete else EXIT_DATA)


@app.command()
@guarded
def explain(
    workspace: WorkspaceArg,
    period: PeriodOpt,
    unit: Annotated[str, typer.Option(help="Mã đơn vị. Unit code.", show_default=False)],
    indicator: Annotated[str, typer.Option(help="Khóa chỉ tiêu, ví dụ so_dang_vien. Indicator key.", show_default=False)],
    format: Annotated[ValidateFormat, typer.Option("--format", "-f", help="table hoặc json.")] = ValidateFormat.table,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Một số liệu lấy từ những ô nào. Where a figure comes from.

    Ví dụ / example:  dm05 explain data/demo --period 2026 --unit 01 --indicator ti_le_dang_vien_dang_ky
    """
    from dm05.errors import WorkspaceError
    from dm05.period import parse_period
    from dm05.pipeline import Loader
    from dm05.present import explain_table
    from dm05.trace import explain as explain_figure

    lg = _lang(lang)
    ws = _workspace(workspace)
    per = parse_period(period)
    if indicator not in ws.catalogue.by_key or ws.catalogue.by_key[indicator].kind == "threshold":
        raise WorkspaceError("indicator.not_found", key=indicator)
    if unit not in ws.tree(per):
        raise WorkspaceError("unit.not_found", unit=unit)
    with _reading(lg, quiet) as progress:
        agg = Loader(ws, progress).load(per, year_on_year=False).aggregate
    result = explain_figure(agg, unit, indicator)
    if format == ValidateFormat.json:
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(explain_table(result, agg, lg))


class _OptionalKindValue(TyperCommand):
    """``--kind`` given with no value lists the report kinds (click options always need their value)."""

    # click's Context is the supertype's, and typer (which vendors click in newer releases) exports only its
    # own subclass: no public name fits the override on every typer this project supports
    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        args = list(args)
        for i, arg in enumerate(args):
            if arg == "--kind" and (i + 1 == len(args) or args[i + 1].startswith("-")):
                args.insert(i + 1, "?")
                break
        return super().parse_args(ctx, args)


def _list_kinds(value: str | None) -> str | None:
    if value == "?":
        from dm05.report import report_kinds

        for name, kind in report_kinds().items():
            out.print(f"{name:10} {kind.description}", highlight=False, soft_wrap=True)
        raise typer.Exit()
    return value


@app.command(cls=_OptionalKindValue)
@guarded
def report(
    workspace: WorkspaceArg,
    period: PeriodOpt,
    kind: Annotated[str | None, typer.Option(
        "--kind", callback=_list_kinds, is_eager=True,
        help="Loại báo cáo (annual, half_year, review, annex; mặc định theo kỳ). --kind không kèm giá trị: liệt kê.",
        show_default=False)] = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    draft: Annotated[bool, typer.Option(help="Lập bản DỰ THẢO dù số liệu còn thiếu hoặc lỗi. Draft despite gaps.")] = False,
    pdf: Annotated[bool, typer.Option(help="Ghi thêm bản PDF (cần LibreOffice). Also write a PDF.")] = False,
    depth: Annotated[int | None, typer.Option(help="Số cấp đơn vị trong phụ lục (annex: mặc định mọi cấp). "
                                                     "Levels of units in the annex.", show_default=False)] = None,
    when: Annotated[str | None, typer.Option("--date", help="Ngày ký YYYY-MM-DD (mặc định: [report] date trong dm05.toml).",
                                                show_default=False)] = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Lập báo cáo (.docx) theo thể thức văn bản của Đảng. Write the official report.

    Ví dụ / example:  dm05 report data/demo --period 2026 -o bao-cao-2026.docx
    """
    from dm05.pdf import to_pdf
    from dm05.period import parse_period
    from dm05.report import make_report

    lg = _lang(lang)
    ws = _workspace(workspace)
    per = parse_period(period)
    report_date = None
    if when:
        try:
            report_date = date.fromisoformat(when)
        except ValueError:
            raise typer.BadParameter(f"{when!r}: YYYY-MM-DD", param_hint="--date") from None
    with _reading(lg, quiet) as progress:
        result = make_report(ws, per, kind, output=output, force=force, draft=draft, report_date=report_date,
                             progress=progress, depth=depth)
    for warning in result.warnings:
        err.print(f"[yellow]{'Cảnh báo' if lg == 'vi' else 'Warning'}:[/] {warning[lg]}", highlight=False)
    err.print(("Đã ghi báo cáo: " if lg == "vi" else "Report written: ") + str(result.path), highlight=False)
    if pdf:
        written = to_pdf(result.path, force)
        err.print(("Đã ghi PDF: " if lg == "vi" else "PDF written: ") + str(written), highlight=False)


@app.command()
@guarded
def form(
    workspace: WorkspaceArg,
    period: PeriodOpt,
    unit: Annotated[str | None, typer.Option(help="Mã đơn vị nhận biểu. Unit code.", show_default=False)] = None,
    all_units: Annotated[bool, typer.Option("--all", help="Mọi đơn vị trực thuộc, vào outbox/<kỳ>/. Every unit.")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Tệp (một đơn vị) hoặc thư mục (--all).",
                                                   show_default=False)] = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Lập biểu nhập số liệu (.xlsx) gửi đơn vị. Write intake forms for the units.

    Ví dụ / example:  dm05 form data/demo --period 2026 --all
    """
    from dm05.errors import WorkspaceError
    from dm05.forms import build_form, form_path, reporting_units, write_forms
    from dm05.output import write_atomic
    from dm05.period import parse_period
    from dm05.present import progress_bar

    lg = _lang(lang)
    ws = _workspace(workspace)
    per = parse_period(period)
    tree = ws.tree(per)
    if all_units == (unit is not None):
        raise typer.BadParameter("--unit CODE hoặc --all (one of them)", param_hint="--unit/--all")
    if unit is not None:
        if unit not in tree:
            raise WorkspaceError("unit.not_found", unit=unit)
        path = write_atomic(output or form_path(ws, per, unit), build_form(ws, per, unit), force)
        written = [path]
    else:
        with progress_bar(err, "Đang lập biểu" if lg == "vi" else "Writing", not quiet) as progress:
            written = write_forms(ws, per, reporting_units(tree), output, force, progress)
    for path in written:
        out.print(str(path), highlight=False, soft_wrap=True)
    err.print(("Đã lập {n} biểu." if lg == "vi" else "{n} forms written.").format(n=len(written)), highlight=False)


template_app = typer.Typer(help="Mẫu báo cáo để sửa trong Word. Report templates to edit in Word.",
                           no_args_is_help=True)
app.add_typer(template_app, name="template")


@template_app.command("export")
@guarded
def template_export(
    kind: Annotated[str, typer.Argument(help="Loại báo cáo: annual, half_year, review, annex.", show_default=False)],
    directory: Annotated[Path, typer.Argument(help="Thư mục ghi mẫu. Folder to write to.", show_default=False)],
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> None:
    """Ghi mẫu .docx và phần lời dựng sẵn ra để sửa. Export a built-in template and narrative.

    Ví dụ / example:  dm05 template export annual data/demo/templates
    Sửa trong Word/LibreOffice rồi đặt mẫu vào WS/templates/ và phần lời vào WS/narrative/annual.md.
    """
    from dm05.templates_io import export_template

    for path in export_template(kind, directory, force):
        err.print(("Đã ghi " if _lang(lang) == "vi" else "Wrote ") + str(path), highlight=False)


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
