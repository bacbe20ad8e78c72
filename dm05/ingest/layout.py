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
# The date line: ", ngày 15 tháng 12 năm 2026" (also typed across cells: "Hòa Bình, ngày" | 15 | "tháng 12").
_DATE_LINE = re.compile(r"^(.{0,40},\s*ngày\b|ngày\s*[\d.…_ ]*\s*tháng\b)")
_BLOCK = re.compile(
    r"^(người lập|người tổng hợp|người báo cáo|người ký|\(\s*ký|ký tên|ký, ghi rõ|ký và ghi rõ|\(?\s*đã ký|"
    r"đóng dấu|t/m\b|tm\.|t\.m\b|k/t\b|kt\.|q\. ?bí thư|bí thư$|phó bí thư$|trưởng ban$|phó trưởng ban$|"
    r"thủ trưởng|nơi nhận|[-–+•]\s*(như trên|lưu\b)|lưu:|lưu vp|lưu văn phòng|lưu hồ sơ|xác nhận của)")
# Labels of the values a title or signature block carries beside them ("Mã đơn vị:" | "01.09").
_META_LABEL = re.compile(r"^(mã( đơn vị| số| chi bộ| đv)?|số|số hiệu|ký hiệu|ngày|năm|kỳ|biểu số|biểu|mẫu số|mẫu|"
                         r"điện thoại|đt|số điện thoại|sđt|fax|email|di động|dđ)$")


def is_date_line(value: Any) -> bool:
    return isinstance(value, str) and bool(_DATE_LINE.match(match_key(value)))


def is_block_text(value: Any) -> bool:
    """A cell of the block under a table (never a unit): date line, signature, recipients."""
    return isinstance(value, str) and (is_date_line(value) or bool(_BLOCK.match(match_key(value))))


def is_meta_label(value: Any) -> bool:
    """"Mã đơn vị:", "Số:", "Điện thoại:": a label whose value beside it is no figure."""
    if not isinstance(value, str):
        return False
    key = match_key(value)
    return value.strip().endswith(":") and bool(_META_LABEL.match(key.rstrip(":").strip()))


_TOTAL_SCOPE = ("tỉnh", "huyện", "xã", "phường", "thị trấn", "thị xã", "thành phố", "quận", "đảng bộ", "khối",
                "đơn vị", "chi bộ", "cụm", "cơ sở")


def is_total_label(value: Any) -> bool:
    """"Tổng cộng", "Cộng", "Toàn xã", "Tổng cộng toàn đảng bộ" — not a place called "Cộng Hòa" or
    "Toàn Thắng"."""
    if not isinstance(value, str):
        return False
    key = match_key(value)
    return (key in TOTAL_LABELS or key.startswith("tổng cộng") or
            (key.startswith("toàn ") and key[5:].startswith(_TOTAL_SCOPE)))


def is_year(value: Any) -> bool:
    """A number in a title that is a year (a title cell "2026" beside "BÁO CÁO NĂM")."""
    return type(value) in (int, float) and float(value).is_integer() and 1945 <= value <= 2100
