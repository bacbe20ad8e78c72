"""Parts of a sheet that are not data: the block under a table (date line, "NGƯỜI LẬP BIỂU", "(Ký, ghi
rõ họ tên)", "T/M …", "BÍ THƯ", the signer, "Nơi nhận"), years in a title, totals labels."""

from __future__ import annotations

import re
from typing import Any

from dm05.textnorm import match_key

TOTAL_LABELS = frozenset(match_key(s) for s in (
    "Tổng cộng", "Cộng", "Tổng số", "Tổng", "Toàn tỉnh", "Toàn huyện", "Toàn xã", "Toàn phường",
    "Toàn đảng bộ", "Tổng cộng toàn đảng bộ", "Total", "Cộng chung", "Tổng chung"))
GROUP_STT = re.compile(r"^(?=[IVXLC]+\.?$)[IVXLC]+\.?$|^[a-zđA-ZĐ][.)]?$")
_BLOCK = re.compile(
    r"^(.{0,40},\s*ngày\b|ngày\s*[\d.…_ ]*\s*tháng|người lập|người tổng hợp|người báo cáo|người ký|"
    r"\(?\s*ký[ ,]|\(?\s*ký tên|\(?\s*ký,|\(?\s*đã ký|đóng dấu|t/m\b|tm\.|t\.m\b|k/t\b|kt\.|q\. ?bí thư|"
    r"bí thư|phó bí thư|trưởng ban|phó trưởng ban|thủ trưởng|nơi nhận|[-–+•]\s*(như trên|lưu)|lưu[: ]|"
    r"xác nhận của|ghi chú:)")


def is_block_text(value: Any) -> bool:
    """A cell of the block under a table (never a unit): date line, signature, recipients."""
    return isinstance(value, str) and bool(_BLOCK.match(match_key(value)))


def is_total_label(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    key = match_key(value)
    return key in TOTAL_LABELS or key.startswith(("tổng cộng", "toàn ", "cộng "))


def is_year(value: Any) -> bool:
    """A number in a title that is a year (a title cell "2026" beside "BÁO CÁO NĂM")."""
    return type(value) in (int, float) and float(value).is_integer() and 1945 <= value <= 2100
