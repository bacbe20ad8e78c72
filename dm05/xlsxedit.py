"""Editing someone else's workbook: the superior's form, filled with figures and kept otherwise as it was.

openpyxl is the only library here that edits an existing .xlsx, and it does not keep everything: it
drops shapes and text boxes, form controls (buttons, check boxes), pictures in headers and footers,
sparklines and other Excel 2010 extensions (an ``extLst``: the newer data bars' settings, validations
and conditional formats kept there), macros and slicers; it redraws charts and comments (their data
and text stay, some formatting may not) and forgets a formula's last computed value (Excel and
LibreOffice compute it again on opening: ``fullCalcOnLoad``). So the form is not trusted to survive:
every feature is counted in the input's XML and again in the output's, and a form that would lose one
is refused, naming it, before anything is written. Then the output is opened again and its formulas,
data validation, protection, print set-up, hidden rows and columns, merged cells and sheet states are
compared with the form's, and every figure written is read back with calamine, the way the superior's
dm05 reads it.

openpyxl parses XML through defusedxml here (checked, not assumed), after :func:`dm05.safety.check_file`
has refused zip bombs and DTDs. Output is byte-identical for the same inputs: openpyxl stamps the time
into docProps/core.xml and every zip entry, and both are fixed after saving.
"""

from __future__ import annotations

import io
import math
import re
import warnings
import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import python_calamine
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Alignment, Font
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from dm05.docxzip import pack
from dm05.errors import Dm05Error, InputError
from dm05.findings import column_letter
from dm05.messages import Lang, rule_text, text
from dm05.safety import Limits, check_file

EDITABLE_SUFFIXES = (".xlsx",)
FIXED_MODIFIED = datetime(2026, 1, 1)  # a form that records no time of its own

# Features counted in the form's XML: (part name pattern, tag or attribute pattern, feature).
_TAG = r"<(?:\w+:)?{}[\s>/]"
_FEATURES: list[tuple[str, str, str]] = [
    (r"^xl/worksheets/[^/]+\.xml$", _TAG.format("f"), "formulas"),
    (r"^xl/worksheets/[^/]+\.xml$", _TAG.format("dataValidation"), "validations"),
    (r"^xl/worksheets/[^/]+\.xml$", _TAG.format("cfRule"), "conditional_formats"),
    (r"^xl/worksheets/[^/]+\.xml$", _TAG.format("mergeCell"), "merged_cells"),
    (r"^xl/worksheets/[^/]+\.xml$", _TAG.format("hyperlink"), "hyperlinks"),
    (r"^xl/worksheets/[^/]+\.xml$", _TAG.format("sparkline"), "sparklines"),
    (r"^xl/worksheets/[^/]+\.xml$", _TAG.format("legacyDrawingHF"), "header_pictures"),
    (r"^xl/worksheets/[^/]+\.xml$", _TAG.format("picture"), "background"),
    (r"^xl/worksheets/[^/]+\.xml$", _TAG.format("oleObject"), "embedded"),
    (r"^xl/worksheets/[^/]+\.xml$", _TAG.format("control"), "controls"),
    (r"^xl/worksheets/[^/]+\.xml$", _TAG.format("sheetProtection"), "protection"),
    (r"^xl/worksheets/[^/]+\.xml$", _TAG.format("pageSetup"), "print_setup"),
    (r"^xl/worksheets/[^/]+\.xml$", _TAG.format("tablePart"), "tables"),
    (r"^xl/worksheets/[^/]+\.xml$", r"<(?:\w+:)?row\b[^>]*\bhidden=\"(?:1|true)\"", "hidden_rows"),
    (r"^xl/worksheets/[^/]+\.xml$", r"<(?:\w+:)?col\b[^>]*\bhidden=\"(?:1|true)\"", "hidden_columns"),
    (r"^xl/worksheets/[^/]+\.xml$", r"<x14:", "extensions"),
    (r"^xl/drawings/[^/]+\.xml$", _TAG.format("pic"), "images"),
    (r"^xl/drawings/[^/]+\.xml$", _TAG.format("graphicFrame"), "charts"),
    (r"^xl/drawings/[^/]+\.xml$", r"<(?:\w+:)?(?:sp|cxnSp|grpSp)[\s>/]", "shapes"),
    (r"^xl/drawings/[^/]+\.vml$", r"ObjectType=\"(?!Note\")\w+\"", "controls"),
    (r"^xl/(?:comments[^/]*|comments/[^/]+)\.xml$", _TAG.format("comment"), "comments"),
    (r"^xl/sharedStrings\.xml$", _TAG.format("r"), "rich_text"),
    (r"^xl/workbook\.xml$", _TAG.format("definedName"), "defined_names"),
    (r"^xl/workbook\.xml$", r"<(?:\w+:)?sheet\b[^>]*\bstate=\"(?:hidden|veryHidden)\"", "hidden_sheets"),
    (r"^xl/vbaProject\.bin$", "", "macros"),
    (r"^xl/(?:ctrlProps|activeX)/", "", "controls"),
    (r"^xl/embeddings/", "", "embedded"),
    (r"^xl/(?:slicers|slicerCaches|timelines|timelineCaches)/", "", "slicers"),
    (r"^xl/pivotTables/[^/]+\.xml$", "", "pivot_tables"),
    (r"^xl/(?:connections\.xml$|queryTables/)", "", "connections"),
    (r"^customXml/item\d+\.xml$", "", "custom_xml"),
    (r"^xl/externalLinks/[^/]+\.xml$", "", "external_links"),
]
# Every feature counted, in the order they are named (their names: ``submit.feature.*`` in dm05.messages).
FEATURES = ("formulas", "validations", "conditional_formats", "merged_cells", "hyperlinks", "sparklines",
            "header_pictures", "background", "embedded", "controls", "protection", "print_setup", "tables",
            "hidden_rows", "hidden_columns", "extensions", "images", "charts", "shapes", "comments", "rich_text",
            "defined_names", "hidden_sheets", "macros", "slicers", "pivot_tables", "connections", "custom_xml",
            "external_links")
# Kept by openpyxl but redrawn: said, not refused.
REDRAWN = ("charts", "comments")


def feature_counts(data: bytes) -> Counter[str]:
    """How many of each feature the workbook's XML holds (see ``_FEATURES``)."""
    counts: Counter[str] = Counter()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            for part, pattern, feature in _FEATURES:
                if not re.match(part, name):
                    continue
                if not pattern:
                    counts[feature] += 1
                    continue
                text = z.read(name).decode("utf-8", errors="replace")
                counts[feature] += len(re.findall(pattern, text))
    return counts


def feature_names(features: list[str], lang: Lang) -> str:
    return ", ".join(text(f"submit.feature.{f}", lang) for f in features)


def check_openpyxl_safe() -> None:
    """openpyxl reads worksheets through defusedxml only when it is installed and not turned off
    (OPENPYXL_DEFUSEDXML=False): refuse to open a form otherwise."""
    import openpyxl.xml.functions as xml_functions

    if not str(getattr(xml_functions.iterparse, "__module__", "")).startswith("defusedxml"):
        raise InputError("submit.no_defusedxml")


def open_form(path: Path, limits: Limits) -> tuple[bytes, Workbook]:
    """The form's bytes and its workbook, after the checks any input file gets; only .xlsx is edited."""
    if not path.is_file():
        raise InputError("input.not_found", path=str(path))
    if path.suffix.lower() not in EDITABLE_SUFFIXES:
        raise InputError("submit.form_not_xlsx", path=str(path))
    refusal = check_file(path, limits)
    if refusal is not None:
        raise InputError("submit.form_unreadable", path=str(path),
                         reason={lg: rule_text(refusal.rule, lg, refusal.params) for lg in ("vi", "en")})
    check_openpyxl_safe()
    data = path.read_bytes()
    try:
        with warnings.catch_warnings():  # "extension is not supported and will be removed": counted, said, refused
            warnings.simplefilter("ignore", UserWarning)
            wb = openpyxl.load_workbook(io.BytesIO(data), rich_text=True)
    except Exception as e:  # openpyxl raises many types for a broken workbook: all mean "cannot open"
        raise InputError("submit.form_unreadable", path=str(path), reason=f"{type(e).__name__}: {e}") from None
    return data, wb


def cell_text(value: Any) -> str:
    """A formula cell's formula (an array formula keeps its text), else the value as text."""
    return str(getattr(value, "text", value))


def is_formula(cell: Any) -> bool:
    return getattr(cell, "data_type", None) == "f"


def formula_cells(wb: Workbook) -> dict[str, set[tuple[int, int]]]:
    """(row, column), 1-based, of every formula cell, per sheet."""
    return {ws.title: {(c.row, c.column) for row in ws.iter_rows() for c in row if is_formula(c)} for ws in wb.worksheets}


def signature(wb: Workbook) -> dict[str, Any]:
    """What a filled form must keep of the superior's: formulas, validation, protection, print set-up,
    hidden rows and columns, merged cells, sheet states and defined names, as openpyxl sees them."""
    out: dict[str, Any] = {"names": sorted(wb.defined_names)}
    for ws in wb.worksheets:
        ps, pm = ws.page_setup, ws.page_margins
        out[ws.title] = {
            "state": ws.sheet_state,
            "formulas": {c.coordinate: cell_text(c.value) for row in ws.iter_rows() for c in row if is_formula(c)},
            "validations": sorted((str(v.sqref), v.type or "", v.operator or "", v.formula1 or "", v.formula2 or "",
                                   v.prompt or "", v.error or "") for v in ws.data_validations.dataValidation),
            "conditional": sorted(str(cf.sqref) for cf in ws.conditional_formatting),
            "protection": (ws.protection.sheet, ws.protection.password, ws.protection.formatColumns,
                           ws.protection.formatRows, ws.protection.sort, ws.protection.autoFilter),
            "print": (ps.orientation, ps.paperSize, ps.fitToWidth, ps.fitToHeight, ps.scale, ws.print_title_rows,
                      ws.print_title_cols, str(ws.print_area), (pm.left, pm.right, pm.top, pm.bottom),
                      bool(ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)),
            "hidden_rows": sorted(r for r, d in ws.row_dimensions.items() if d.hidden),
            "hidden_columns": sorted(k for k, d in ws.column_dimensions.items() if d.hidden),
            "merged": sorted(str(m) for m in ws.merged_cells.ranges),
            "freeze": ws.freeze_panes,
        }
    return out


@dataclass(frozen=True)
class Write:
    """A number (or nothing: a stale figure is cleared) into one cell."""

    sheet: str
    row: int  # 1-based
    col: int  # 1-based
    value: int | float | None

    @property
    def cell(self) -> str:
        return f"{column_letter(self.col - 1)}{self.row}"


@dataclass(frozen=True)
class Note:
    """A draft's words, merged across the table's width (``col``..``last``) and wrapped, so that the page
    set up to print one page wide stays as wide as it was."""

    sheet: str
    row: int
    col: int
    last: int
    text: str

    @property
    def range(self) -> str:
        return f"{column_letter(self.col - 1)}{self.row}:{column_letter(self.last - 1)}{self.row}"


def anchor(ws: Worksheet, row: int, col: int) -> tuple[int, int]:
    """The top-left cell of the merged range holding (row, col), or the cell itself."""
    if isinstance(ws.cell(row, col), MergedCell):
        for rng in ws.merged_cells.ranges:
            if rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col:
                return rng.min_row, rng.min_col
    return row, col


def note_cell(ws: Worksheet, above: int) -> tuple[int, int]:
    """Where a draft says so: the nearest row above row ``above`` that shows nothing (its visible cells
    empty, none merged), from the first visible column; else two rows under the last one used."""
    hidden = {c for c in range(1, ws.max_column + 1) if _hidden_column(ws, c)}
    col = next(c for c in range(1, ws.max_column + 2) if c not in hidden)
    merged_rows = {r for rng in ws.merged_cells.ranges for r in range(rng.min_row, rng.max_row + 1)}
    width = max(ws.max_column, col)
    for r in range(above - 1, 0, -1):
        if r not in merged_rows and all(ws.cell(r, c).value is None for c in range(1, width + 1) if c not in hidden):
            return r, col
    return ws.max_row + 2, col


def _hidden_column(ws: Worksheet, col: int) -> bool:
    """Whether column ``col`` (1-based) is hidden; openpyxl keeps a run of columns under its first letter."""
    return any(d.hidden and (d.min or 0) <= col <= (d.max or 0) for d in ws.column_dimensions.values())


def apply(wb: Workbook, writes: list[Write], note: Note | None) -> None:
    """Numbers into their cells (each cell keeps its own number format and style); the note in bold red."""
    for w in writes:
        wb[w.sheet].cell(w.row, w.col).value = w.value
    if note is not None:
        ws = wb[note.sheet]
        cell = ws.cell(note.row, note.col)
        cell.value = note.text
        cell.font = Font(name=cell.font.name, size=cell.font.size, bold=True, color="C00000")
        if note.last > note.col:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            ws.merge_cells(note.range)
            chars = sum(ws.column_dimensions[column_letter(c - 1)].width or 8.43 for c in range(note.col, note.last + 1))
            ws.row_dimensions[note.row].height = 15 * max(1, math.ceil(len(note.text) * 1.15 / max(chars, 1.0)))


def save(wb: Workbook, modified: datetime | None) -> bytes:
    """The workbook's bytes, the same for the same content: docProps' time is the form's own (openpyxl
    would write now), every zip entry has one fixed time and the entries a fixed order."""
    wb.properties.lastModifiedBy = "dm05"
    buf = io.BytesIO()
    wb.save(buf)
    stamp = (modified or FIXED_MODIFIED).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    parts = {name: src.read(name) for name in src.namelist()}
    if "docProps/core.xml" in parts:
        parts["docProps/core.xml"] = re.sub(rb"(<dcterms:modified\b[^>]*>)[^<]*(</dcterms:modified>)",
                                            lambda m: m[1] + stamp + m[2], parts["docProps/core.xml"])
    return pack(parts)


def lost_features(before: bytes, after: bytes) -> list[str]:
    """Features the output holds fewer of than the form (openpyxl dropped them)."""
    a, b = feature_counts(before), feature_counts(after)
    return [f for f in FEATURES if a[f] > b[f]]


def redrawn_features(before: bytes) -> list[str]:
    counts = feature_counts(before)
    return [f for f in REDRAWN if counts[f]]


def changed_parts(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What of :func:`signature` differs, as "sheet: part"."""
    out: list[str] = []
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key), after.get(key)
        if isinstance(a, dict) and isinstance(b, dict):
            out.extend(f"{key}: {part}" for part in a if a.get(part) != b.get(part))
        elif a != b:
            out.append(key)
    return out


def read_back(data: bytes, cells: list[Write]) -> list[str]:
    """The written cells that calamine does not read back as written (none, when all is well)."""
    wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheets: dict[str, tuple[tuple[int, int], list[list[Any]]]] = {}
    wrong = []
    for w in cells:
        if w.sheet not in sheets:
            sheet = wb.get_sheet_by_name(w.sheet)
            sheets[w.sheet] = (sheet.start or (0, 0), sheet.to_python())
        (row0, col0), rows = sheets[w.sheet]
        r, c = w.row - 1 - row0, w.col - 1 - col0
        got: Any = rows[r][c] if 0 <= r < len(rows) and 0 <= c < len(rows[r]) else None
        if got == "":
            got = None
        same = (got is None and w.value is None) or (
            isinstance(got, (int, float)) and w.value is not None and abs(float(got) - w.value) <= 1e-9)
        if not same:
            wrong.append(f"{w.sheet}!{w.cell}")
    return wrong


def verify(out: bytes, before: dict[str, Any], writes: list[Write]) -> None:
    """Open the output again: the form's formulas, validation, protection, print set-up and hidden rows
    are as they were, and every figure reads back as written."""
    changed = changed_parts(before, signature(openpyxl.load_workbook(io.BytesIO(out), rich_text=True)))
    wrong = read_back(out, writes)
    if changed or wrong:
        raise Dm05Error("submit.verify_failed", detail="; ".join(changed + wrong)[:500])
