"""Checks made before any reader touches a file: the things a spreadsheet library will not refuse.

python-calamine has no decompression limit, so a zip's central directory is checked first (entry count,
total inflated size, compression ratio), then each worksheet's declared dimension and every XML part's
prologue (a DTD can declare external or exponentially expanding entities). Limits are configurable in
dm05.toml's ``[limits]``.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.parsers import expat

from pydantic import BaseModel, ConfigDict, Field

from dm05.findings import column_index
from dm05.messages import both, text

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{0,3})(\d*)(?::([A-Z]{1,3})(\d+))?"')
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


HEADER_ROOM = 200  # rows of a sheet that are not data: title, header, notes, signatures


class Limits(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_file_mb: float = Field(100, gt=0, le=4096, description="Dung lượng tối đa của một tệp")
    max_inflated_mb: float = Field(512, gt=0, le=16384, description="Dung lượng tối đa sau khi giải nén (xlsx, ods)")
    max_ratio: float = Field(200, gt=0, le=100_000, description="Tỷ lệ nén tối đa của một phần lớn trong tệp")
    max_entries: int = Field(5000, gt=0, le=1_000_000, description="Số phần tối đa trong tệp nén")
    max_rows: int = Field(300_000, gt=0, le=1_048_576,
                          description="Số dòng số liệu tối đa của một trang tính (thêm 200 dòng cho tiêu đề, chữ ký)")
    max_columns: int = Field(1_000, gt=0, le=16_384, description="Số cột tối đa của một trang tính")
    max_cells: int = Field(10_000_000, gt=0, le=100_000_000,
                           description="Số ô tối đa của một trang tính (dòng × cột, kể cả ô trống ở giữa)")
    max_read_mb: float = Field(1024, ge=256, le=65536, description="Bộ nhớ tối đa để đọc một tệp (MB)")

    @property
    def sheet_rows(self) -> int:
        """Rows a sheet may reach: ``max_rows`` of data, and room above and below for its title, header,
        column numbers and signature block (a 300,000-row sheet is not refused for its header)."""
        return self.max_rows + HEADER_ROOM


@dataclass(frozen=True)
class Refusal:
    """Why a file is not opened: a rule code of dm05.messages and its parameters."""

    rule: str
    params: dict[str, object]


def check_file(path: Path, limits: Limits, hidden: set[str] | None = None) -> Refusal | None:
    """None when the file may be opened, else why not. ``hidden`` collects the worksheet parts that hide
    rows (an .xlsx's sheets are read here anyway; the reader then looks for hidden rows only in those)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as e:
        return Refusal("file.unreadable", {"reason": both("reason.os", detail=e.strerror or str(e))})
    if size == 0:
        return Refusal("file.empty", {})
    if size > limits.max_file_mb * 1024 * 1024:
        return Refusal("file.too_large", {"size": f"{size / 1024 / 1024:.0f} MB", "limit": f"{limits.max_file_mb:g} MB"})
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm") and head.startswith(OLE_MAGIC):
        with path.open("rb") as f:
            data = f.read(min(size, 1 << 20))
        if "EncryptedPackage".encode("utf-16-le") in data or b"EncryptedPackage" in data:
            return Refusal("file.password", {})
    if suffix in (".xlsx", ".xlsm", ".ods") and (head.startswith(ZIP_MAGIC) or zipfile.is_zipfile(path)):
        if not head.startswith(ZIP_MAGIC):  # a zip's central directory is found from its end: the start is lost
            return _damaged(both("reason.start_damaged"))
        return _check_zip(path, limits, hidden)
    if suffix == ".xls" and head.startswith(OLE_MAGIC):
        return _check_ole(path, size)
    return None


def _damaged(reason: object) -> Refusal:
    return Refusal("file.damaged", {"reason": reason})


def _unsafe_dtd(part: str) -> Refusal:
    return Refusal("file.unsafe", {"reason": both("reason.dtd", part=part)})


def _check_zip(path: Path, limits: Limits, hidden: set[str] | None = None) -> Refusal | None:
    """The central directory first (bombs), then every part read to its end: a CRC that does not match,
    a deflate stream that breaks or XML that is not well-formed makes the file damaged, and the furthest
    cell of each worksheet bounds what a reader will allocate."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if len(infos) > limits.max_entries:
                return Refusal("file.unsafe", {"reason": both("reason.zip_entries", n=len(infos))})
            total = sum(i.file_size for i in infos)
            if total > limits.max_inflated_mb * 1024 * 1024:
                return Refusal("file.unsafe", {"reason": both("reason.inflates", mb=f"{total / 1024 / 1024:.0f}",
                                                              limit=f"{limits.max_inflated_mb:g}")})
            for i in infos:
                if i.file_size > 10 * 1024 * 1024 and i.file_size > limits.max_ratio * max(i.compress_size, 1):
                    return Refusal("file.unsafe", {"reason": both(
                        "reason.zip_bomb", part=i.filename, ratio=i.file_size // max(i.compress_size, 1))})
            with path.open("rb") as raw:
                for i in infos:
                    if not i.is_dir():
                        refusal = _check_part(_Part(z, raw, i), limits, hidden)
                        if refusal is not None:
                            return refusal
    except (zipfile.BadZipFile, zlib.error, EOFError) as e:
        crc = "CRC" in str(e)
        return _damaged(both("reason.crc") if crc else both("reason.broken_zip", detail=_short(e)))
    except (zipfile.LargeZipFile, NotImplementedError, OSError, RuntimeError, ValueError) as e:
        return Refusal("file.unreadable", {"reason": both("reason.unreadable", detail=_short(e))})
    return None


def _short(e: BaseException) -> str:
    return str(e)[:200] or type(e).__name__


class _Dtd(Exception):
    pass


def _refuse_dtd(*args: object) -> None:
    raise _Dtd


_CHUNK = 1 << 20
# a worksheet cell's reference, r="AB12" (no other attribute of a sheet is called r and holds letters)
_REF_LETTERS = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]{1,7})[0-9]""")
_REF_ROW = re.compile(rb"""\sr\s*=\s*["'][A-Za-z]{0,7}([0-9]{1,12})["']""")
# the quick bound: no reference past row 9,999 and none past column ZZ (702)
_FAR = re.compile(rb"""[ \t\r\n]r\s*=\s*["'](?:[A-Za-z]{0,7}[0-9]{5}|[A-Za-z]{3})""")
_NEAR = (9_999, 702)

# Parts no reader of dm05 parses: their CRC is checked (the file is whole) and a DTD refused, but their
# XML is not parsed (a theme is as long as a sheet of figures).
_UNPARSED = ("docprops/", "xl/theme/", "customxml/", "xl/drawings/", "xl/charts/", "xl/printersettings/",
             "thumbnails/", "xl/media/", "xl/externallinks/", "xl/comments", "xl/threadedcomments/",
             "xl/persons/", "xl/richdata/", "xl/webextensions/", "xl/ctrlprops/", "xl/activex/",
             "xl/customproperties/", "xl/calcchain.xml")

# SpreadsheetML's sheetData as a regular language: rows hold cells (and extLst), cells hold formula,
# value, inline string (and extLst). Checked in C by one match per megabyte; what does not match (a
# comment, CDATA, an attribute holding ">", damage) goes through expat with handlers, which decides.
_P = r"(?:[A-Za-z_][\w.-]*:)?"
_A = r"(?:\s[^<>/]*+(?:/(?!>)[^<>/]*+)*+)?+"  # attributes: anything but a tag's end
_V = rf"<{_P}v{_A}(?:/>|>[^<]*+</{_P}v\s*+>)"
_F = rf"<{_P}f{_A}(?:/>|>[^<]*+</{_P}f\s*+>)"
_IS = rf"<{_P}is{_A}(?:/>|>.*?</{_P}is\s*+>)"
_EXT = rf"<{_P}extLst{_A}(?:/>|>.*?</{_P}extLst\s*+>)"
_C = rf"<{_P}c{_A}(?:/>|>(?>\s*+(?>{_V}|{_F}|{_IS}|{_EXT}))*+\s*+</{_P}c\s*+>)"
_ROW = rf"<{_P}row{_A}(?:/>|>(?>\s*+(?>{_C}|{_EXT}))*+\s*+</{_P}row\s*+>)"
_ROWS = re.compile(rf"(?>\s*+{_ROW})*+\s*+".encode(), re.S)
_SHEETDATA_OPEN = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheetData(?:\s[^<>]*)?(/?)>")
_SHEETDATA_CLOSE = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?sheetData\s*>")
_ROW_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?row\s*>")


class _SheetScan:
    """One pass over a worksheet's bytes, a chunk at a time: whether its cells sit where SpreadsheetML
    puts them (fast path, see ``_ROWS``) and whether any reference lies beyond the quick bound."""

    def __init__(self) -> None:
        self.state = 0  # 0: before sheetData, 1: in it, 2: after it
        self.pending = b""
        self.regular = True
        self.far = False
        self.hides_rows = False
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        window = self._tail + chunk
        if not self.far and _FAR.search(window):
            self.far = True
        if not self.hides_rows and (b'hidden="1"' in window or b'hidden="true"' in window):
            self.hides_rows = True
        self._tail = chunk[-40:]
        if not self.regular or self.state == 2:
            return
        buf = self.pending + chunk
        if self.state == 0:
            m = _SHEETDATA_OPEN.search(buf)
            if m is None:
                self.pending = buf[-256:]
                return
            if m.group(1):
                self.state, self.pending = 2, b""
                return
            buf, self.state = buf[m.end():], 1
        at = buf.rfind(b"sheetData")
        close = _SHEETDATA_CLOSE.match(buf, buf.rfind(b"<", 0, at)) if at > 0 else None
        if close is not None:
            self.regular = _ROWS.fullmatch(buf, 0, close.start()) is not None
            self.state, self.pending = 2, b""
            return
        cut = 0
        for m in _ROW_END.finditer(buf, max(0, len(buf) - (1 << 16))):
            cut = m.end()
        if cut == 0 and len(buf) > (64 << 20):  # one row over 64 MB: let expat decide
            self.regular = False
            return
        if cut:
            self.regular = _ROWS.fullmatch(buf, 0, cut) is not None
        self.pending = buf[cut:]

    def done(self) -> bool:
        """Whether the structure was seen whole and regular (else the slow pass decides)."""
        return self.regular and (self.state == 2 or (self.state == 0 and not self.pending.strip()))


_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader


class _Part:
    """One part of a zip, read to its end in chunks of at most a megabyte: the bytes are inflated with
    zlib directly (zipfile's reader costs more than the inflating for a workbook's ten small parts), the
    stream must end where the directory says, and its CRC must match. Other compressions go through
    zipfile."""

    def __init__(self, z: zipfile.ZipFile, raw: Any, info: zipfile.ZipInfo) -> None:
        self.z, self.raw, self.info = z, raw, info

    def chunks(self) -> Iterator[bytes]:
        info = self.info
        if info.flag_bits & 0x1:
            raise RuntimeError(f"{info.filename}: the part is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            with self.z.open(info) as part:
                while chunk := part.read(_CHUNK):
                    yield chunk
                _check_stream_end(part, info)
            return
        f = self.raw
        f.seek(info.header_offset)
        head = f.read(_LOCAL_HEADER.size)
        if len(head) != _LOCAL_HEADER.size or head[:4] != b"PK\x03\x04":
            raise zipfile.BadZipFile(f"{info.filename}: bad magic number for the part's header")
        fields = _LOCAL_HEADER.unpack(head)
        f.seek(fields[10] + fields[11], 1)  # the part's name and extra field
        inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
        left, size, crc = info.compress_size, 0, 0
        while left > 0:
            block = f.read(min(left, _CHUNK))
            if not block:
                raise EOFError(f"{info.filename}: the part is cut short")
            left -= len(block)
            while block:
                if inflater is not None:
                    out = inflater.decompress(block, _CHUNK)
                    block = inflater.unconsumed_tail
                else:
                    out, block = block, b""
                size += len(out)
                if size > info.file_size:
                    raise zipfile.BadZipFile(f"{info.filename}: more data than the directory declares")
                crc = zlib.crc32(out, crc)
                if out:
                    yield out
        if inflater is not None and not inflater.eof:
            raise zipfile.BadZipFile(f"{info.filename}: the compressed data does not end where it should")
        if size != info.file_size or crc != info.CRC:
            raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.filename!r}")


def _check_part(part: _Part, limits: Limits, hidden: set[str] | None = None) -> Refusal | None:
    """Read one part to its end (zipfile checks the CRC there); XML a reader parses is parsed for
    well-formedness and, for worksheets, checked for cell structure and the furthest cell."""
    name = part.info.filename
    lower = name.lower()
    xml = lower.endswith((".xml", ".rels", ".vml"))
    if xml and lower.startswith(_UNPARSED):
        return _check_unparsed(part)
    if name == "content.xml" or (xml and "worksheets/" in name and not lower.endswith(".rels")):
        return _check_sheet(part, limits, hidden)
    parser = expat.ParserCreate() if xml else None
    if parser is not None:
        parser.StartDoctypeDeclHandler = _refuse_dtd
        parser.EntityDeclHandler = _refuse_dtd
    try:
        for chunk in part.chunks():
            if parser is not None:
                parser.Parse(chunk, False)
        if parser is not None:
            parser.Parse(b"", True)
    except _Dtd:
        return _unsafe_dtd(name)
    except (expat.ExpatError, LookupError) as e:
        return _not_xml(name, e)
    return None


def _check_unparsed(part: _Part) -> Refusal | None:
    tail = b""
    for chunk in part.chunks():
        if _DTD.search(tail + chunk):
            return _unsafe_dtd(part.info.filename)
        tail = chunk[-16:]
    return None


def _check_stream_end(part: Any, info: zipfile.ZipInfo) -> None:
    inflater = getattr(part, "_decompressor", None)  # zipfile stops at the declared size, not the stream's end
    if info.compress_type == zipfile.ZIP_DEFLATED and not getattr(inflater, "eof", True):
        raise zipfile.BadZipFile(f"{info.filename}: the compressed data does not end where it should")


def _not_xml(name: str, e: expat.ExpatError | LookupError) -> Refusal:
    if isinstance(e, LookupError):  # the XML declaration names an encoding that does not exist
        return _damaged(both("reason.unknown_encoding", part=name))
    return _damaged(both("reason.not_xml", part=name, line=e.lineno, column=e.offset))


def _check_sheet(part: _Part, limits: Limits, hidden: set[str] | None = None) -> Refusal | None:
    """A worksheet (or an OpenDocument content.xml): a declared dimension over the limits is refused
    before reading further; then one pass with the fast checks, and the slow pass only where needed."""
    name = part.info.filename
    ods = name == "content.xml"
    parser = expat.ParserCreate(namespace_separator="|" if ods else None)
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    scan = _SheetScan()
    try:
        first = True
        for chunk in part.chunks():
            if first and not ods:
                m = _DIMENSION.search(chunk[:4096])
                if m and m.group(4):
                    refusal = _check_extent([int(m.group(4))], {m.group(3)}, limits)
                    if refusal is not None:
                        return refusal
                first = False
            parser.Parse(chunk, False)
            if not ods:
                scan.feed(chunk)
        parser.Parse(b"", True)
    except _Dtd:
        return _unsafe_dtd(name)
    except (expat.ExpatError, LookupError) as e:
        return _not_xml(name, e)
    if scan.hides_rows and hidden is not None:
        hidden.add(name)
    rows, columns = _NEAR
    near = rows <= limits.sheet_rows and columns <= limits.max_columns and rows * columns <= limits.max_cells
    if ods or not scan.done() or scan.far or not near:
        return _slow_sheet_pass(part, limits)
    return None


def _slow_sheet_pass(part: _Part, limits: Limits) -> Refusal | None:
    """Every element through expat's handlers, and every reference scanned: exact, and the one that
    names what is wrong."""
    name = part.info.filename
    ods = _OdsExtent() if name == "content.xml" else None
    parser = expat.ParserCreate(namespace_separator="|" if ods else None)
    handler: _OdsExtent | _CellStructure = ods if ods is not None else _CellStructure()
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    rows: list[int] = []
    columns: set[bytes] = set()
    tail = b""
    try:
        for chunk in part.chunks():
            parser.Parse(chunk, False)
            if ods is None:
                buf = tail + chunk
                cut = buf.rfind(b"<")
                buf, tail = (buf[:cut], buf[cut:]) if cut > 0 else (buf, b"")
                _scan_refs(buf, rows, columns)
        parser.Parse(b"", True)
        if ods is None:
            _scan_refs(tail, rows, columns)
    except _Misplaced as e:
        return _damaged(both("reason.misplaced_tag", part=name, tag=e.args[0]))
    except (expat.ExpatError, LookupError) as e:
        return _not_xml(name, e)
    except ValueError:  # a repeat count that is no number
        return _damaged(both("reason.repeat_count", part=name))
    if ods is not None:
        return _refuse_extent(ods.rows, ods.columns, ods.cells, limits)
    return _check_extent(rows, columns, limits)


class _Misplaced(Exception):
    """An element where SpreadsheetML allows none: a misspelt <c> would drop its figure in silence."""


class _CellStructure:
    """Worksheet XML must hold rows in sheetData, cells in rows, and only formula/value/inline string in
    a cell: a tag misspelt into another well-formed one is damage, not an empty cell."""

    ALLOWED = {"sheetData": {"row"}, "row": {"c", "extLst"}, "c": {"f", "v", "is", "extLst"}}

    def __init__(self) -> None:
        self.stack: list[str] = []

    def start(self, name: str, attrs: object) -> None:
        local = name.rsplit(":", 1)[-1]
        parent = self.stack[-1] if self.stack else ""
        allowed = self.ALLOWED.get(parent)
        if allowed is not None and local not in allowed:
            raise _Misplaced(name)
        self.stack.append(local)

    def end(self, name: str) -> None:
        self.stack.pop()


_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0|"
_VALUE_TYPE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0|value-type"


def _repeat(attrs: dict[str, str], name: str) -> int:
    text = attrs.get(_TABLE + name, "1").strip()
    return int(text) if len(text) <= 12 else 10 ** 12


class _OdsExtent:
    """The extent of each table of an OpenDocument spreadsheet as a reader lays it out: repeated rows
    and cells count as many times as they repeat, up to the last one that holds something (LibreOffice
    writes its empty tail as one row repeated a million times; a value repeated so is another matter)."""

    def __init__(self) -> None:
        self.rows = self.columns = self.cells = 0
        self._row = self._last_row = self._col = self._last_col = 0
        self._row_repeat = self._cell_repeat = 1
        self._in_cell = self._cell_full = self._row_full = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if self._in_cell:
            self._cell_full = True  # a paragraph, an annotation: the cell holds something
        elif name == _TABLE + "table":
            self._row = self._last_row = self._last_col = 0
        elif name == _TABLE + "table-row":
            self._row_repeat, self._col, self._row_full = _repeat(attrs, "number-rows-repeated"), 0, False
        elif name in (_TABLE + "table-cell", _TABLE + "covered-table-cell"):
            self._in_cell, self._cell_repeat = True, _repeat(attrs, "number-columns-repeated")
            self._cell_full = _VALUE_TYPE in attrs

    def end(self, name: str) -> None:
        if name in (_TABLE + "table-cell", _TABLE + "covered-table-cell"):
            self._in_cell = False
            self._col += self._cell_repeat
            if self._cell_full:
                self._row_full = True
                self._last_col = max(self._last_col, self._col)
        elif name == _TABLE + "table-row":
            self._row += self._row_repeat
            if self._row_full:
                self._last_row = self._row
        elif name == _TABLE + "table":
            self.rows, self.columns = max(self.rows, self._last_row), max(self.columns, self._last_col)
            self.cells = max(self.cells, self._last_row * self._last_col)


def _refuse_extent(bottom: int, right: int, cells: int, limits: Limits) -> Refusal | None:
    if bottom > limits.sheet_rows or right > limits.max_columns or cells > limits.max_cells:
        return Refusal("sheet.too_large", {"rows": bottom, "columns": right, "max_rows": limits.max_rows,
                                           "max_columns": limits.max_columns,
                                           "cells": {"vi": text("reason.max_cells", "vi", n=f"{limits.max_cells:,}".replace(",", ".")),
                                                     "en": text("reason.max_cells", "en", n=f"{limits.max_cells:,}")}})
    return None


def _scan_refs(buf: bytes, rows: list[int], columns: set[bytes]) -> None:
    columns.update(_REF_LETTERS.findall(buf))
    numbers = _REF_ROW.findall(buf)
    if numbers:
        rows.append(max(map(int, numbers)))
        rows.append(min(map(int, numbers)))


def _check_extent(rows: list[int], columns: set[bytes], limits: Limits) -> Refusal | None:
    if not rows or not columns:
        return None
    numbers = [column_index(c.upper().decode()) + 1 for c in columns]  # 1-based: A is column 1
    top, bottom = min(rows), max(rows)
    left, right = min(numbers), max(numbers)
    return _refuse_extent(bottom, right, (bottom - top + 1) * (right - left + 1), limits)


_FREE = 0xFFFFFFFF
_FAT_SPECIAL = 0xFFFFFFFA  # values from here up mark chain ends, FAT/DIFAT sectors and free sectors


def _check_ole(path: Path, size: int) -> Refusal | None:
    """An .xls has no checksum, but its compound-file allocation table says which sectors exist: one the
    table uses beyond the end of the file means the file was cut short (a copy that did not finish)."""
    with path.open("rb") as f:
        header = f.read(512)
        if len(header) < 512:
            return _damaged(both("reason.truncated"))
        shift = struct.unpack_from("<H", header, 30)[0]
        if not 7 <= shift <= 16:
            return _damaged(both("reason.header_damaged"))
        sector = 1 << shift
        sectors = (size - max(sector, 512)) // sector  # compound files are whole sectors; a part one is cut
        fat_count = struct.unpack_from("<I", header, 44)[0]
        fat_sectors = [s for s in struct.unpack_from("<109I", header, 76) if s < _FAT_SPECIAL][:fat_count]
        for s in fat_sectors:
            if s >= sectors:
                return _damaged(both("reason.truncated"))
            f.seek((s + 1) * sector)
            table = f.read(sector)
            entries = struct.unpack(f"<{len(table) // 4}I", table[: len(table) // 4 * 4])
            base = fat_sectors.index(s) * (sector // 4)
            for k, value in enumerate(entries):
                if value != _FREE and (base + k >= sectors or (value < _FAT_SPECIAL and value >= sectors)):
                    return _damaged(both("reason.truncated_or_damaged"))
    return None
