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
# click's usage errors (typer.BadParameter raised in a command): click words them and exits 2. typer vendors
# click in newer releases, so the class is found from BadParameter rather than imported from click.
_USAGE_ERROR: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


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
        except (typer.Exit, typer.Abort, _USAGE_ERROR):
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
        out.print(aggregate_table(agg, unit or agg.tree.root, lg, previous, ws.report.terminal, ws.table_units()))
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
    """Đơn vị nào đã báo cáo, đúng hạn hay trễ, còn thiếu, có lỗi. Who reported, on time or late, who is missing.

    Ví dụ / example:  dm05 status data/demo --period 2026
    """
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
        out.print(status_table(data, lg, all))
    raise typer.Exit(EXIT_OK if result.settled else EXIT_DATA)


@app.command()
@guarded
def explain(
    workspace: WorkspaceArg,
    period: PeriodOpt,
    unit: Annotated[str, typer.Option(help="Mã đơn vị. Unit code.", show_default=False)],
    indicator: Annotated[str, typer.Option(help="Khóa, nhãn hoặc bí danh chỉ tiêu, ví dụ so_dang_vien hoặc \"Số đảng viên\". "
                                                 "Indicator key, label or alias.", show_default=False)],
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
    found = ws.catalogue.find(indicator)
    if found is None or found.kind == "threshold":
        close = [k for k in ws.catalogue.close_to(indicator) if ws.catalogue.by_key[k].kind != "threshold"]
        hint = {"vi": f". Có phải: {', '.join(close)}?", "en": f". Did you mean: {', '.join(close)}?"} if close else "."
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
        out.print(explain_table(result, agg, lg))


@app.command()
@guarded
def indicators(
    workspace: WorkspaceArg,
    format: Annotated[ValidateFormat, typer.Option("--format", "-f", help="table hoặc json.")] = ValidateFormat.table,
    lang: LangOpt = None,
) -> None:
    """Danh mục chỉ tiêu của thư mục làm việc. The workspace's indicator catalogue.

    Ví dụ / example:  dm05 indicators data/demo --format json
    """
    from dm05.present import indicators_table

    lg = _lang(lang)
    ws = _workspace(workspace)
    if format == ValidateFormat.json:
        data = {"workspace": str(ws.root), "indicators": ws.catalogue.to_json()}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(indicators_table(ws.catalogue, lg))


class _OptionalKindValue(TyperCommand):
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
        try:
            kinds = report_kinds(_workspace(Path(named)) if named else None)
        except Dm05Error as e:
            err.print(f"[bold red]Lỗi:[/] {escape(e.message(default_lang()))}", highlight=False, soft_wrap=True)
            raise typer.Exit(e.exit_code) from None
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
    kind: Annotated[str | None, typer.Option(
        "--kind", callback=_list_kinds, is_eager=True,
        help="Loại báo cáo (annual, half_year, review, annex hoặc loại của report.toml; mặc định theo kỳ). "
             "--kind không kèm giá trị: liệt kê.",
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
        err.print(f"[yellow]{'Cảnh báo' if lg == 'vi' else 'Warning'}:[/] {warning}", highlight=False)
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


@app.command()
@guarded
def submit(
    workspace: WorkspaceArg,
    period: PeriodOpt,
    form_path: Annotated[Path | None, typer.Option("--form", help="Biểu của cấp trên (.xlsx) cần điền. The superior's "
                                                      "form to fill.", dir_okay=False, show_default=False)] = None,
    map_path: Annotated[Path | None, typer.Option("--map", help="Đề xuất submit.toml cho biểu này (in ra, hoặc ghi "
                                                     "vào -o). Propose a mapping for this form.", dir_okay=False,
                                                     show_default=False)] = None,
    output: OutputOpt = None,
    unit: Annotated[str | None, typer.Option(help="Đơn vị báo cáo (mặc định: gốc của units.csv). Unit reporting.",
                                                show_default=False)] = None,
    draft: Annotated[bool, typer.Option(help="Điền cả khi số liệu chưa đầy đủ hoặc có lỗi; biểu ghi rõ là DỰ THẢO. "
                                             "Fill despite gaps; the form says it is a draft.")] = False,
    mapping: Annotated[Path | None, typer.Option("--mapping", help="Tệp ánh xạ (mặc định WS/submit.toml). Mapping file.",
                                                    dir_okay=False, show_default=False)] = None,
    format: Annotated[ValidateFormat, typer.Option("--format", "-f", help="table hoặc json.")] = ValidateFormat.table,
    force: ForceOpt = False,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Điền số liệu vào biểu của cấp trên. Fill the superior's form with this committee's figures.

    Ví dụ / example:  dm05 submit xa-mot --period 2026 --form "01 - Đảng bộ xã Một.xlsx" -o gui-tinh.xlsx
    Biểu không do dm05 lập: dm05 submit xa-mot --period 2026 --map bieu-tinh.xlsx -o xa-mot/submit.toml
    """
    from dm05.messages import text
    from dm05.output import check_writable, write_atomic
    from dm05.period import parse_period
    from dm05.submit import default_output, label, prepare, propose_mapping, write

    lg = _lang(lang)
    if (form_path is None) == (map_path is None):
        raise typer.BadParameter(text("submit.form_or_map", lg), param_hint="--form/--map")
    ws = _workspace(workspace)
    per = parse_period(period)
    if map_path is not None:
        proposal = propose_mapping(ws, per, map_path, unit)
        data = (json.dumps(proposal.to_json(lg), ensure_ascii=False, indent=2) + "\n" if format == ValidateFormat.json
                else proposal.to_toml(ws.catalogue, lg))
        if output is not None:
            write_atomic(output, data.encode("utf-8"), force)
            out.print(str(output), highlight=False, soft_wrap=True)
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
        out.print(str(result.path), highlight=False, soft_wrap=True)
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
        err.print(line, highlight=False, soft_wrap=True)


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
    files: Annotated[list[Path], typer.Argument(help="Tệp đơn vị gửi (chép vào inbox/<kỳ>/, tệp gốc giữ nguyên). "
                                                     "Files to receive (copied; the originals are left as they are).",
                                                show_default=False)],
    as_name: Annotated[str | None, typer.Option("--as", help="Tên trong inbox (một tệp). Name in the inbox (one file).",
                                                   show_default=False)] = None,
    at: Annotated[str | None, typer.Option("--at", help="Thời điểm nhận, ví dụ 2026-12-03 09:15 (mặc định: bây giờ). "
                                              "When it arrived (default: now).", show_default=False)] = None,
    format: Annotated[ValidateFormat, typer.Option("--format", "-f", help="table hoặc json.")] = ValidateFormat.table,
    lang: LangOpt = None,
) -> None:
    """Nhận tệp của đơn vị vào inbox và ghi sổ nhận (receipts.csv). Receive units' files into the inbox.

    Ví dụ / example:  dm05 receive data/demo --period 2026 ~/Downloads/xa_tan_lap.xlsx --at "2026-12-03 09:15"
    Trùng tên với tệp khác đã có: dm05 không ghi đè; đặt tên mới bằng --as "xa_tan_lap (2).xlsx".
    """
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
        out.print(line, highlight=False, soft_wrap=True)


@app.command("explain-finding")
@guarded
def explain_finding(
    workspace: WorkspaceArg,
    period: PeriodOpt,
    rule: Annotated[str, typer.Option(help="Quy tắc của cảnh báo, ví dụ value.jump; coverage.partial: đơn vị thiếu "
                                           "số liệu (dm05 status). The warning's rule.", show_default=False)],
    text_: Annotated[str, typer.Option("--text", help="Nội dung giải trình. What explains it.", show_default=False)],
    by: Annotated[str, typer.Option(help="Người giải trình. Who explains it.", show_default=False)],
    unit: Annotated[str | None, typer.Option(help="Mã đơn vị. Unit code.", show_default=False)] = None,
    indicator: Annotated[str | None, typer.Option(help="Khóa chỉ tiêu (nếu cảnh báo gắn chỉ tiêu). Indicator key.",
                                                     show_default=False)] = None,
    file: Annotated[str | None, typer.Option(help="Tệp, với cảnh báo không gắn đơn vị (inbox/2026/x.xlsx). The file, "
                                                  "for a warning about no unit.", show_default=False)] = None,
    format: Annotated[ValidateFormat, typer.Option("--format", "-f", help="table hoặc json.")] = ValidateFormat.table,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Ghi giải trình một cảnh báo (explanations.toml). Mark a warning explained.

    Ví dụ / example:  dm05 explain-finding data/demo -p 2026 --rule value.jump --unit 01.02 --indicator mo_hinh_moi
    --text "Năm 2026 xã nhân rộng mô hình dân vận khéo" --by "Nguyễn Văn A"
    """
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
              highlight=False, soft_wrap=True)


@app.command()
@guarded
def approve(
    workspace: WorkspaceArg,
    period: PeriodOpt,
    by: Annotated[str, typer.Option(help="Người phê duyệt. Who approves.", show_default=False)],
    unit: Annotated[str | None, typer.Option(help="Mã đơn vị (mặc định: gốc, cả cây). Unit (default: the root).",
                                                show_default=False)] = None,
    reopen: Annotated[bool, typer.Option("--reopen", help="Mở lại số liệu đã phê duyệt. Reopen approved figures.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Phê duyệt dù đơn vị trực thuộc chưa phê duyệt hoặc còn lỗi "
                                                        "(cần --note). Approve short of the rule (needs --note).")] = False,
    note: Annotated[str, typer.Option(help="Ghi chú, lý do. A note, the reason.")] = "",
    format: Annotated[ValidateFormat, typer.Option("--format", "-f", help="table hoặc json.")] = ValidateFormat.table,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Phê duyệt số liệu của kỳ (approvals.toml): từ đó mọi thay đổi là lỗi. Sign the period's figures off.

    Ví dụ / example:  dm05 approve data/demo --period 2026 --unit 01 --by "Nguyễn Văn A"
    Cấp trên chỉ phê duyệt được sau các đơn vị trực thuộc; mở lại: dm05 approve … --unit 01 --reopen --by …
    """
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
            err.print(text("approve.reopened", lg, period=per.id, unit=code, file=approval.APPROVALS_FILE), highlight=False)
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
        err.print(text("approve.same", lg, period=per.id, unit=code, when=a.day), highlight=False)
        return
    err.print(text("approve.done", lg, period=per.id, unit=code, reported=a.reported, expected=a.expected,
                   noun="đơn vị cơ sở", file=approval.APPROVALS_FILE), highlight=False, soft_wrap=True)
    if a.forced:
        err.print(f"[yellow]{escape(text('approve.forced', lg, note=a.note))}[/]", highlight=False, soft_wrap=True)


template_app = typer.Typer(help="Mẫu báo cáo để sửa trong Word. Report templates to edit in Word.",
                           no_args_is_help=True)
app.add_typer(template_app, name="template")


@template_app.command("export")
@guarded
def template_export(
    kind: Annotated[str, typer.Argument(help="Loại báo cáo: annual, half_year, review, annex.", show_default=False)],
    directory: Annotated[Path, typer.Argument(help="Thư mục ghi mẫu. Folder to write to.", show_default=False)],
    workspace: Annotated[Path | None, typer.Option(
        "--workspace", "-w", help="Dựng mẫu theo hồ sơ thể thức, các cột và loại báo cáo của thư mục làm việc. "
                                  "Build for a workspace's style profile, columns and kinds.", show_default=False)] = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> None:
    """Ghi mẫu .docx và phần lời dựng sẵn ra để sửa. Export a built-in template and narrative.

    Ví dụ / example:  dm05 template export annual data/demo/templates --workspace data/demo
    Sửa trong Word/LibreOffice rồi đặt mẫu vào WS/templates/ và phần lời vào WS/narrative/annual.md.
    """
    from dm05.templates_io import export_template

    ws = _workspace(workspace) if workspace is not None else None
    for path in export_template(kind, directory, force, ws):
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
