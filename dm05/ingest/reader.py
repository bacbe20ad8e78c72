"""Reading one unit file: refuse what is unsafe, then every visible sheet — its tables (stacked or side
by side) or its vertical form — with the ledger that accounts for every number in it."""

from __future__ import annotations

from pathlib import Path

from dm05.findings import column_index
from dm05.ingest.checks import (
    FORM_META_SHEET,
    add_derived,
    check_file_name_period,
    check_form_meta,
    check_rows,
    check_title_period,
    convert_legacy_text,
)
from dm05.ingest.context import ReadContext
from dm05.ingest.header import HEADER_SCAN_ROWS, find_headers
from dm05.ingest.layout import is_block_text, is_date_line, is_meta_label, is_year
from dm05.ingest.ledger import LAYOUT, SheetLedger
from dm05.ingest.model import FileResult, SheetData
from dm05.ingest.table import read_table, table_end
from dm05.ingest.values import is_blank
from dm05.ingest.vertical import read_vertical
from dm05.messages import both
from dm05.readers import Grid, UnreadableFile, read_grids
from dm05.safety import check_file
from dm05.textnorm import clean

SKIPPED_NO_HEADER = both("reason.no_header")


def read_file(path: Path, ctx: ReadContext, display: str | None = None) -> FileResult:
    """Read every sheet of ``path``; problems become findings, never exceptions."""
    result = FileResult(path, display or path.name)
    f = result.findings
    name = result.display
    hiding: set[str] = set()
    refusal = check_file(path, ctx.limits, hiding)
    if refusal is not None:
        result.unreadable = refusal.rule != "file.empty"
        f.add(refusal.rule, name, **refusal.params)
        return result
    try:
        zipped = path.suffix.lower() in (".xlsx", ".xlsm")
        grids = list(read_grids(path, ctx.limits.sheet_rows, hiding if zipped else None))
    except UnreadableFile as e:
        result.unreadable = True
        f.add("file.unreadable", name, reason=both("reason.unreadable", detail=str(e)))
        return result
    if all(all(is_blank(v) for row in g.rows for v in row) for g in grids):
        f.add("file.empty", name)
        return result
    check_file_name_period(path, ctx, result)
    meta = next((g for g in grids if g.sheet == FORM_META_SHEET), None)
    if meta is not None:
        grids = [g for g in grids if g is not meta]
        check_form_meta(meta, ctx, result)
    for grid in grids:
        width = max((len(r) for r in grid.rows), default=0)
        if len(grid.rows) > ctx.limits.sheet_rows or width > ctx.limits.max_columns:
            f.add("sheet.too_large", name, sheet=grid.sheet, rows=len(grid.rows), columns=width,
                  max_rows=ctx.limits.max_rows, max_columns=ctx.limits.max_columns)
            continue
        if all(is_blank(v) for row in grid.rows for v in row):
            continue
        ledger = SheetLedger(grid)
        if grid.hidden:
            # last year's figures kept on a hidden sheet are the common case: never counted, always said
            if ledger.has_numbers:
                count = int(ledger.numeric.sum())
                f.add("sheet.hidden", name, sheet=grid.sheet, count=count)
                ledger.name_rows(slice(None), "sheet.hidden")
            ledger.close(result.ledger, f, name)
            continue
        convert_legacy_text(grid, result, range(min(len(grid.rows), HEADER_SCAN_ROWS)))
        result.sheets.extend(_read_sheet(grid, ctx, result, path, ledger))
        _hidden_rows(grid, ledger, result)
        ledger.close(result.ledger, f, name)
    if not result.sheets and not f.count("error") and not any(x.rule == "row.no_figures" for x in f.items):
        f.add("file.no_data_sheet", name)  # (a table whose rows are all empty is said by row.no_figures)
    order = {g.sheet: i for i, g in enumerate(grids)}
    f.items.sort(key=lambda x: (order.get(x.sheet or "", -1), x.row or 0, len(x.column or ""), x.column or ""))
    present = {k for s in result.sheets for k in s.columns}
    for ind in ctx.catalogue.indicators:
        if ind.required and ind.key not in present:
            f.add("column.required_missing", name, indicator=ind.key, value=ind.label)
    return result


def _read_sheet(grid: Grid, ctx: ReadContext, result: FileResult, path: Path, ledger: SheetLedger) -> list[SheetData]:
    """Every table of the sheet, one after another (a second table under the first, or beside it); a
    sheet with none may be a vertical form."""
    out: list[SheetData] = []
    start = 0
    table_rows: set[int] = set()
    first_header: int | None = None
    scope: str | None = None
    while start < len(grid.rows):
        headers = find_headers(grid, ctx.matcher, start)
        tables = [h for h in headers if h.is_table()]
        if not tables:
            break
        top = min(h.first_row for h in headers)
        if first_header is None:
            first_header = top
            scope = _scope(grid, top, ctx, path)
            check_title_period(grid, top, ctx, result)
        ends = []
        for h in tables:
            seen = {ind.key: c for c, ind in sorted(h.indicators.items(), reverse=True)}
            end = table_end(grid, h, seen, ctx.matcher)
            text_cols = [c for c in (h.code_col, h.name_col, h.stt_col) if c is not None]
            convert_legacy_text(grid, result, range(h.row + 1, end), text_cols)
            data = read_table(grid, h, end, ctx, result, path, ledger, scope)
            table_rows.update(range(h.first_row, end))
            ends.append(end)
            if data.rows:
                add_derived(data, ctx)
                _void(grid, data, check_rows(data, ctx, result.findings), ledger)
                out.append(data)
        start = max(ends)
    if first_header is None:
        scope = _scope(grid, len(grid.rows), ctx, path)
        form = read_vertical(grid, ctx, result, path, ledger, scope)
        if form is None:
            if ledger.has_numbers:
                result.findings.add("sheet.unread", result.display, sheet=grid.sheet, count=int(ledger.numeric.sum()),
                                    reason=SKIPPED_NO_HEADER)
                ledger.name_rows(slice(None), "sheet.unread")
            else:
                result.findings.add("sheet.skipped", result.display, sheet=grid.sheet, reason=SKIPPED_NO_HEADER)
            return out
        if form.rows:
            check_title_period(grid, form.rows[0] - grid.row0 - 1, ctx, result)
            add_derived(form, ctx)
            _void(grid, form, check_rows(form, ctx, result.findings), ledger)
            out.append(form)
        first_header = len(grid.rows)
    for r, row in enumerate(grid.rows):  # outside the tables: a date line, labelled values, years in a title
        if r in table_rows:
            continue
        date_line = any(is_date_line(v) for v in row)
        for c, v in enumerate(row):
            if date_line or (r < first_header and is_year(v)) or _labelled(row, c):
                ledger.mark(r, c, LAYOUT)
    return out


def _void(grid: Grid, data: SheetData, voided: list[tuple[str, int, str]], ledger: SheetLedger) -> None:
    """Cells a row rule found wrong leave the ledger's "read" for the rule that names them."""
    for key, i, rule in voided:
        letter = data.columns[key][0] if key in data.columns else ""
        if not letter or key in data.derived:
            continue
        row = data.vertical_rows.get(key, data.rows[i]) - grid.row0 - 1
        ledger.void(row, column_index(letter) - grid.col0, rule)


def _labelled(row: list[object], c: int) -> bool:
    """A value beside a label that says what it is ("Mã đơn vị:" | "01.09", "Số:" | 12, "Điện thoại:" |
    0912…); beside any other label ("Số đảng viên toàn xã:" | 50) a number is a figure left unread."""
    label = next((v for v in reversed(row[:c]) if not is_blank(v)), None)
    return is_meta_label(label)


def _scope(grid: Grid, header_row: int, ctx: ReadContext, path: Path) -> str | None:
    """The unit the sheet is about, said by its title block, else its sheet name, else the file name."""
    titles = [clean(v) for row in grid.rows[:min(header_row, HEADER_SCAN_ROWS)] for v in row
              if isinstance(v, str) and not is_blank(v) and not is_block_text(v)]
    for texts in (titles, [grid.sheet], [path.stem]):
        scope = ctx.scope_of(texts)
        if scope is not None:
            return scope
    return None


def _hidden_rows(grid: Grid, ledger: SheetLedger, result: FileResult) -> None:
    """Hidden rows are read like the others (Excel's SUM counts them too), and said."""
    rows = sorted(r for r in grid.hidden_rows if r < len(grid.rows) and ledger.numeric[r].any())
    if rows:
        shown = ", ".join(str(grid.row0 + r + 1) for r in rows[:10]) + (", …" if len(rows) > 10 else "")
        result.findings.add("row.hidden", result.display, sheet=grid.sheet, row=grid.row0 + rows[0] + 1,
                            rows=shown, count=len(rows))
