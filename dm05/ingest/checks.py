"""Checks over a file or a table once read: the period it says it is for, old TCVN3 text, figures
derived from meeting counts, numerators above their denominators, and ratings above the units rated."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from dm05.findings import FindingList, column_letter
from dm05.ingest.context import ReadContext
from dm05.ingest.layout import is_date_line
from dm05.ingest.model import FileResult, SheetData
from dm05.legacy import looks_tcvn3, tcvn3_to_unicode
from dm05.messages import both
from dm05.readers import Grid
from dm05.textnorm import clean
from dm05.vnformat import plain

FORM_META_SHEET = "_dm05"  # the hidden sheet of the forms dm05 writes (dm05.forms)
_YEAR_IN_TITLE = re.compile(r"\bnăm\s+(20\d\d)\b")
_YEAR_HEADING = re.compile(r"^(năm|kỳ)\s+20\d\d$")
_YEAR_IN_NAME = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def convert_legacy_text(grid: Grid, result: FileResult, rows: range, columns: list[int] | None = None) -> None:
    """Convert TCVN3 text in ``rows`` (only ``columns`` of them, when given); one warning per sheet."""
    first: tuple[int, int, str] | None = None
    for r in rows:
        row = grid.rows[r]
        for c in (columns if columns is not None else range(len(row))):
            v = row[c] if c < len(row) else None
            if type(v) is str and looks_tcvn3(v):
                row[c] = tcvn3_to_unicode(v)
                if first is None:
                    first = (r, c, clean(row[c]))
    already = any(f.rule == "text.legacy_encoding" and f.sheet == grid.sheet for f in result.findings.items)
    if first is not None and not already:
        r, c, text = first
        result.findings.add("text.legacy_encoding", result.display, sheet=grid.sheet, row=grid.row0 + r + 1,
                            column=column_letter(grid.col0 + c), value=text[:60])


def check_title_period(grid: Grid, header_row: int, ctx: ReadContext, result: FileResult) -> None:
    """A title above the header that names another year ("… NĂM 2025") contradicts the period."""
    for r in range(header_row):
        for c, v in enumerate(grid.rows[r]):
            if not isinstance(v, str):
                continue
            if _YEAR_HEADING.match(clean(v).lower()) or is_date_line(v):
                continue  # "Năm 2025" heading a column of a comparison; the date the report was signed
            years = {int(y) for y in _YEAR_IN_TITLE.findall(clean(v).lower())}
            if years and not years & set(ctx.period.years):
                result.findings.add("file.period_mismatch", result.display, sheet=grid.sheet, row=grid.row0 + r + 1,
                                    column=column_letter(grid.col0 + c), value=clean(v)[:80], period=ctx.period.id,
                                    where=both("where.title"))
                return


def check_form_meta(meta: Grid, ctx: ReadContext, result: FileResult) -> None:
    """A dm05 form says which period it is for; another period's form is refused, not guessed."""
    values = {str(row[0]): row[1] for row in meta.rows if len(row) >= 2 and isinstance(row[0], str)}
    period = values.get("period")
    if period is not None and str(period) != ctx.period.id:
        result.findings.add("file.period_mismatch", result.display, sheet=meta.sheet, row=meta.row0 + 2, column="B",
                            value=str(period), period=ctx.period.id, where=both("where.form"))


def check_file_name_period(path: Path, ctx: ReadContext, result: FileResult) -> None:
    years = {int(y) for y in _YEAR_IN_NAME.findall(path.stem)}
    if years and not years & set(ctx.period.years):
        result.findings.add("file.period_mismatch", result.display, value=path.name, period=ctx.period.id,
                            where=both("where.file_name"))


def add_derived(data: SheetData, ctx: ReadContext) -> None:
    """Threshold raw values become their 0/1 counts (an error in the raw value is one in its count too);
    a party cell counts as one cell."""
    cat = ctx.catalogue
    for ind in cat.thresholds:
        if ind.key in data.columns and ind.target and ind.target not in data.columns:
            assert ind.min_per_year is not None
            need = ind.min_per_year * ctx.period.year_fraction
            letter, raw = data.columns[ind.key]
            data.columns[ind.target] = (letter, [None if v is None else float(v >= need - 1e-9) for v in raw])
            data.derived[ind.target] = f"{ind.key} ≥ {need:g}"
            data.errors |= {(ind.target, i) for k, i in data.errors if k == ind.key}
            if ind.key in data.vertical_rows:
                data.vertical_rows[ind.target] = data.vertical_rows[ind.key]
    for ind in cat.counts:
        if ind.cell_default is not None and ind.key not in data.columns:
            levels = [ctx.tree[u].level == ctx.cell_level for u in data.units]
            if any(levels):
                data.columns[ind.key] = ("", [float(ind.cell_default) if is_cell else None for is_cell in levels])
                data.derived[ind.key] = f"= {ind.cell_default} (chi bộ)"


def check_rows(data: SheetData, ctx: ReadContext, f: FindingList) -> list[tuple[str, int, str]]:
    """Cross-column rules of each row; a figure they find wrong is left out (``SheetData.mark_error``).
    Returns the cells voided, (key, row index, rule), for the ledger."""
    cat = ctx.catalogue
    voided: list[tuple[str, int, str]] = []

    def where(key: str, i: int) -> dict[str, Any]:
        letter = data.columns[key][0] or None
        return dict(sheet=data.sheet, row=data.vertical_rows.get(key, data.rows[i]), column=letter,
                    unit=data.units[i], indicator=key)

    for ind in cat.counts:
        if ind.at_most is None or ind.key not in data.columns or ind.at_most not in data.columns:
            continue
        nums = data.columns[ind.key][1]
        dens = data.columns[ind.at_most][1]
        other = cat.by_key[ind.at_most]
        for i, (n, d) in enumerate(zip(nums, dens)):
            if n is not None and d is not None and n > d:
                f.add("value.above_denominator", data.file, value=plain(n), label=ind.label,
                      other_label=other.label, limit=plain(d), **where(ind.key, i))
                data.mark_error(ind.key, i)
                voided.append((ind.key, i, "value.above_denominator"))
    ratings = [i.key for i in cat.counts if i.rating and i.key in data.columns]
    if ratings:
        for i, unit in enumerate(data.units):
            given = [data.columns[k][1][i] for k in ratings]
            total = sum(v for v in given if v is not None)
            limit = ctx.tree.subtree_size(unit)
            if total > limit:
                f.add("value.ratings_exceed", data.file, value=plain(total), limit=limit, **where(ratings[0], i))
                for k in ratings:
                    data.mark_error(k, i)
                    voided.append((k, i, "value.ratings_exceed"))
    return voided
