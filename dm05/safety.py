"""Checks made before any reader touches a file: the things a spreadsheet library will not refuse.

python-calamine has no decompression limit, so a zip's central directory is checked first (entry count,
total inflated size, compression ratio), then each worksheet's declared dimension and every XML part's
prologue (a DTD can declare external or exponentially expanding entities). Limits are configurable in
dm05.toml's ``[limits]``.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{0,3})(\d*)(?::([A-Z]{1,3})(\d+))?"')
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


class Limits(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_file_mb: float = Field(100, gt=0, description="Dung lượng tối đa của một tệp")
    max_inflated_mb: float = Field(512, gt=0, description="Dung lượng tối đa sau khi giải nén (xlsx, ods)")
    max_ratio: float = Field(200, gt=0, description="Tỷ lệ nén tối đa của một phần lớn trong tệp")
    max_entries: int = Field(5000, gt=0, description="Số phần tối đa trong tệp nén")
    max_rows: int = Field(300_000, gt=0, description="Số dòng tối đa của một trang tính")
    max_columns: int = Field(1_000, gt=0, description="Số cột tối đa của một trang tính")


@dataclass(frozen=True)
class Refusal:
    """Why a file is not opened: a rule code of dm05.messages and its parameters."""

    rule: str
    params: dict[str, object]


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.decode():
        n = n * 26 + ord(ch) - 64
    return n


def check_file(path: Path, limits: Limits) -> Refusal | None:
    """None when the file may be opened, else why not."""
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as e:
        return Refusal("file.unreadable", {"reason": e.strerror or str(e)})
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
    if suffix in (".xlsx", ".xlsm", ".ods") and head.startswith(ZIP_MAGIC):
        return _check_zip(path, limits)
    return None


def _check_zip(path: Path, limits: Limits) -> Refusal | None:
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if len(infos) > limits.max_entries:
                return Refusal("file.unsafe", {"reason": {"vi": f"{len(infos)} phần trong tệp nén",
                                                          "en": f"{len(infos)} zip entries"}})
            total = sum(i.file_size for i in infos)
            if total > limits.max_inflated_mb * 1024 * 1024:
                return Refusal("file.unsafe", {"reason": {
                    "vi": f"giải nén ra {total / 1024 / 1024:.0f} MB, quá giới hạn {limits.max_inflated_mb:g} MB",
                    "en": f"it inflates to {total / 1024 / 1024:.0f} MB, over the {limits.max_inflated_mb:g} MB limit"}})
            for i in infos:
                if i.file_size > 10 * 1024 * 1024 and i.file_size > limits.max_ratio * max(i.compress_size, 1):
                    return Refusal("file.unsafe", {"reason": {
                        "vi": f"phần {i.filename} nén {i.file_size // max(i.compress_size, 1)} lần (bom giải nén)",
                        "en": f"part {i.filename} is compressed {i.file_size // max(i.compress_size, 1)}× (a zip bomb)"}})
            for i in infos:
                if not i.filename.lower().endswith((".xml", ".rels")):
                    continue
                with z.open(i) as part:
                    prologue = part.read(4096)
                if _DTD.search(prologue):
                    return Refusal("file.unsafe", {"reason": {
                        "vi": f"phần {i.filename} khai báo DTD/thực thể XML (có thể là tấn công)",
                        "en": f"part {i.filename} declares an XML DTD or entities (a possible attack)"}})
                m = _DIMENSION.search(prologue) if "worksheets/" in i.filename else None
                if m and m.group(4):
                    rows, cols = int(m.group(4)), _col_number(m.group(3))
                    if rows > limits.max_rows or cols > limits.max_columns:
                        return Refusal("sheet.too_large", {"rows": rows, "columns": cols,
                                                           "max_rows": limits.max_rows, "max_columns": limits.max_columns})
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, RuntimeError, ValueError) as e:
        return Refusal("file.unreadable", {"reason": str(e)[:200] or type(e).__name__})
    return None
