"""Opening spreadsheet files as grids of raw cell values: calamine for workbooks, csv for text.

calamine reads a formula's cached value; a formula saved without one (a file written by a program that
never computed it) reads as empty, so :func:`uncached_formulas` finds those cells in the XML.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import python_calamine
from defusedxml import ElementTree as SafeET

from dm05.findings import column_index


@dataclass
class Grid:
    sheet: str
    rows: list[list[Any]]
    row0: int = 0  # 0-based sheet row of rows[0]
    col0: int = 0
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)  # grid-relative
    hidden: bool = False  # a hidden (or very hidden) sheet
    hidden_rows: frozenset[int] = frozenset()  # grid-relative indices of hidden rows (.xlsx/.xlsm)

    def value(self, r: int, c: int) -> Any:
        row = self.rows[r] if 0 <= r < len(self.rows) else []
        return row[c] if 0 <= c < len(row) else None


class UnreadableFile(Exception):
    """Raised inside this module when a file cannot be opened as a spreadsheet."""


def read_grids(path: Path, max_rows: int = 1_000_000, hiding: set[str] | None = None) -> Iterator[Grid]:
    """Each worksheet's cells; a csv file is one grid. ``max_rows`` bounds what a csv may hold in memory
    (one row more is kept, so the caller sees it is over the limit). ``hiding``: the worksheet parts
    known to hide rows (:func:`dm05.safety.check_file` finds them); None when not known."""
    if path.suffix.lower() == ".csv":
        yield _read_csv(path, max_rows)
        return
    try:
        wb = _open_workbook(path)
    except Exception as e:  # calamine raises several types for bad input; every one means "unreadable"
        raise UnreadableFile(_reason(e)) from None
    try:
        for meta in wb.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue  # chart sheets, macro sheets
            try:
                sheet = wb.get_sheet_by_name(meta.name)
                rows = sheet.to_python(nrows=max_rows + 1)
                start = sheet.start or (0, 0)
            except Exception as e:  # a broken sheet makes the file unreadable, not the run
                raise UnreadableFile(_reason(e)) from None
            try:
                merged = [((a[0] - start[0], a[1] - start[1]), (b[0] - start[0], b[1] - start[1]))
                          for a, b in (sheet.merged_cell_ranges or [])]
            except Exception:  # merged ranges only help read headers; a format without them still reads
                merged = []
            hidden = meta.visible != python_calamine.SheetVisibleEnum.Visible
            hidden_rows = (frozenset() if hiding is not None and not hiding
                           else frozenset(r - start[0] for r in _hidden_rows(path, meta.name)))
            yield Grid(meta.name, rows, start[0], start[1], merged, hidden, hidden_rows)
    finally:
        wb.close()


def _open_workbook(path: Path) -> python_calamine.CalamineWorkbook:
    """calamine takes a path as UTF-8: a name that is not (POSIX bytes kept as surrogates) is read as bytes."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
    return python_calamine.CalamineWorkbook.from_path(str(path))


def _reason(e: Exception) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return text[:200]


def decode_text(data: bytes) -> str:
    """CSV bytes → text: BOMs first, then UTF-8, then Windows-1258 (Vietnamese Windows)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


def _read_csv(path: Path, max_rows: int) -> Grid:
    try:
        text = decode_text(path.read_bytes())
    except OSError as e:
        raise UnreadableFile(_reason(e)) from None
    sample = text[:4096]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    rows = []
    try:
        for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(list(r))
            if len(rows) > max_rows:
                break
    except csv.Error as e:
        raise UnreadableFile(_reason(e)) from None
    return Grid(path.stem, rows)



_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")


def _sheet_xml(path: Path, sheet: str) -> bytes | None:
    """The XML of one worksheet of an .xlsx/.xlsm (None for other formats, or when it cannot be found)."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    try:
        with zipfile.ZipFile(path) as z:
            target = _sheet_part(z, sheet)
            return None if target is None else z.read(target)
    except (zipfile.BadZipFile, KeyError, OSError, SafeET.ParseError, ValueError):
        return None


def uncached_formulas(path: Path, sheet: str) -> set[tuple[int, int]]:
    """0-based (row, col) of formula cells with no cached value in one sheet of an .xlsx/.xlsm."""
    xml = _sheet_xml(path, sheet)
    out: set[tuple[int, int]] = set()
    if xml is None:
        return out
    try:
        for _, el in SafeET.iterparse(io.BytesIO(xml), events=("end",)):
            if el.tag == _MAIN + "c":
                formula = el.find(_MAIN + "f")
                value = el.find(_MAIN + "v")
                if formula is not None and (value is None or not (value.text or "").strip()):
                    m = _CELL_REF.match(el.get("r", ""))
                    if m:
                        out.add((int(m.group(2)) - 1, column_index(m.group(1))))
                el.clear()
    except (SafeET.ParseError, ValueError):
        return set()
    return out


_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')


def _hidden_rows(path: Path, sheet: str) -> set[int]:
    """0-based numbers of the hidden rows of one sheet of an .xlsx/.xlsm (calamine does not say)."""
    xml = _sheet_xml(path, sheet)
    if xml is None:
        return set()
    if not _HIDDEN.search(xml):
        return set()
    out = set()
    for m in _ROW_TAG.finditer(xml):
        attrs = m.group(1)
        if _HIDDEN.search(attrs) and (n := _ROW_NUMBER.search(attrs)):
            out.add(int(n.group(1)) - 1)
    return out


def _sheet_part(z: zipfile.ZipFile, sheet: str) -> str | None:
    wb = SafeET.fromstring(z.read("xl/workbook.xml"))
    rid = None
    for s in wb.iter(_MAIN + "sheet"):
        if s.get("name") == sheet:
            rid = s.get(_REL + "id")
    if rid is None:
        return None
    rels = SafeET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    for r in rels:
        if r.get("Id") == rid:
            target = r.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    return None
