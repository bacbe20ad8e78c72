"""Byte-identical .docx and .xlsx: re-pack the zip with fixed member timestamps and a fixed member order.

python-docx and openpyxl stamp every zip entry with the current time, so two renders of the same data differ.
"""

from __future__ import annotations

import io
import zipfile

_FIXED = (1980, 1, 1, 0, 0, 0)


def repack(data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    return pack({name: src.read(name) for name in src.namelist()})


def pack(parts: dict[str, bytes]) -> bytes:
    """A zip of ``parts``: [Content_Types].xml first, as Office writes it; the rest in a stable order."""
    ordered = sorted(parts, key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=_FIXED)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, parts[name])
    return out.getvalue()
