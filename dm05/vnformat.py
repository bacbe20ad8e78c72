"""Numbers, percentages and dates the Vietnamese way: 26.472; 97,55%; ngày 05 tháng 8 năm 2022.

Babel (CLDR ``vi``) gives the separators; rounding is half-up as people expect on paper.
The date phrase follows the Party/State rule: leading zero for days 1–9 and for months 1 and 2.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

MISSING = "…"  # shown where a figure is missing, so a reader sees the gap


def so(value: float | int | None, missing: str = MISSING) -> str:
    """A count: ``12345`` → ``12.345``."""
    if value is None or value != value:
        return missing
    return format_decimal(Decimal(int(round(value))), format="#,##0", locale="vi")


def pct(ratio: float | None, digits: int = 2, missing: str = MISSING, fixed: bool = False, sign: str = "%") -> str:
    """A ratio in [0, 1] as a percent with up to ``digits`` decimals (exactly, with ``fixed``, as in
    tables): ``0.9755`` → ``97,55%``; ``0.972`` → ``97,2%`` or ``97,20``."""
    if ratio is None or ratio != ratio:
        return missing
    q = Decimal(str(ratio * 100)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return format_decimal(q, format="#,##0." + ("0" if fixed else "#") * digits, locale="vi") + sign


def points(delta: float | None, digits: int = 2) -> str:
    """A change of a ratio in percentage points, unsigned: ``0.021`` → ``2,1``."""
    if delta is None or delta != delta:
        return MISSING
    q = Decimal(str(abs(delta) * 100)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return format_decimal(q, format="#,##0." + "#" * digits, locale="vi")


def day_month(d: date) -> tuple[str, str]:
    """Day and month as written in a date line: zero-padded day 1–9 and months 1–2."""
    return f"{d.day:02d}", (f"{d.month:02d}" if d.month <= 2 else str(d.month))


def date_phrase(d: date | None, year: int | None = None) -> str:
    """``ngày 05 tháng 8 năm 2022``; with no date, blanks to fill by hand in the given year."""
    if d is None:
        return f"ngày     tháng     năm {year or ''}".rstrip()
    day, month = day_month(d)
    return f"ngày {day} tháng {month} năm {d.year}"


def short_date(d: date) -> str:
    """``05/8/2022``, ``18/5/2021`` as in annex captions (same zero rule as the date line)."""
    day, month = day_month(d)
    return f"{day}/{month}/{d.year}"


def doc_number(number: str, type_: str, body: str) -> str:
    """``Số 125-BC/HU``; with no number yet, room to write it by hand: ``Số      -BC/HU``."""
    num = number.strip()
    if num.isdigit() and len(num) < 2:
        num = num.zfill(2)
    return f"Số {num or '     '}-{type_}/{body}"
