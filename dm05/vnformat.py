"""Numbers, percentages, money and dates the Vietnamese way: 26.472; 97,55%; gần 600 triệu đồng;
ngày 05 tháng 8 năm 2022.

Babel (CLDR ``vi``) gives the separators; rounding is half-up as people expect on paper.
The date phrase follows the Party/State rule: leading zero for days 1–9 and for months 1 and 2.

Money in a sentence (:func:`tien`) follows one rule: below a million, every đồng ("850.000 đồng");
from a million, in triệu or tỷ (the largest that is at least 1), rounded half-up to two significant
digits, with "gần" (nearly) when rounding went up and "trên" (over) when it went down — 598.400.000 is
"gần 600 triệu đồng", 5.312.000.000 "trên 5,3 tỷ đồng", 150.000.000 "150 triệu đồng". Tables give
the exact figure in their column's unit (:func:`amount`).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import get_decimal_symbol, get_group_symbol

MISSING = "…"  # shown where a figure is missing, so a reader sees the gap
# Vietnamese separators from CLDR (Babel): "." groups thousands, "," marks decimals. Formatting itself is
# Python's, about fifty times faster than format_decimal for the tens of thousands of cells of an annex.
GROUP, DECIMAL = get_group_symbol("vi"), get_decimal_symbol("vi")


def _localise(text: str) -> str:
    return text.replace(",", "\0").replace(".", DECIMAL).replace("\0", GROUP)


def so(value: float | int | None, missing: str = MISSING) -> str:
    """A count: ``12345`` → ``12.345``."""
    if value is None or value != value:
        return missing
    return _localise(f"{int(round(value)):,}")


def pct(ratio: float | None, digits: int = 2, missing: str = MISSING, fixed: bool = False, sign: str = "%") -> str:
    """A ratio in [0, 1] as a percent with up to ``digits`` decimals (exactly, with ``fixed``, as in
    tables): ``0.9755`` → ``97,55%``; ``0.972`` → ``97,2%`` or ``97,20``."""
    if ratio is None or ratio != ratio:
        return missing
    return _decimal(ratio, digits, fixed, scale=2) + sign


def _decimal(value: float, digits: int, fixed: bool, scale: int = 0) -> str:
    """``value × 10**scale`` rounded half-up (as on paper, not to even), grouped, with trailing zeros only
    when ``fixed``. The ratio's shortest decimal form (``repr``) is scaled exactly as a Decimal: 23/160 is
    0.14375, and 14,375 % rounds to 14,38 % — multiplying the float by 100 first would give
    14.374999999999998 and 14,37 %."""
    exact = Decimal(repr(float(value))).scaleb(scale)
    q = exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = f"{q:,.{digits}f}"
    if not fixed and "." in text:
        text = text.rstrip("0").rstrip(".")
    return _localise(text)


def points(delta: float | None, digits: int = 2) -> str:
    """A change of a ratio in percentage points, unsigned: ``0.021`` → ``2,1``."""
    if delta is None or delta != delta:
        return MISSING
    return _decimal(abs(delta), digits, False, scale=2)


def change(delta: float, ratio: bool, points_word: str, digits: int = 1, unit: int | None = None) -> str:
    """A change between two periods, signed and with its unit: ``+12``, ``−3``, ``+0,7 điểm`` for a rate (in
    percentage points, ``points_word``), ``+1,5`` for an amount in its table ``unit`` (đồng of one). A change
    that rounds to nothing reads ``0`` — not ``+0`` or ``−0``."""
    shown = (_decimal(abs(delta), digits, False, scale=2) if ratio else
             amount(abs(delta), unit, digits) if unit is not None else so(abs(delta)))
    if shown.strip("0,.") == "":
        sign, shown = "", "0"
    else:
        sign = "+" if delta > 0 else "−"
    return f"{sign}{shown}" + (f" {points_word}" if ratio else "")


def plain(value: float) -> str:
    """A figure quoted in a message, as typed: 12, 12,5, 120,33 (no grouping, at most two decimals)."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").replace(".", ",")


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


_DAY_FIRST = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(text: str) -> date | None:
    """A date as clerks type it: ``15/12/2026``, ``15-12-2026``, ``15.12.2026`` (day first, as in Vietnam) or
    ``2026-12-15``; None when it is none of these or no such day (31/02/2026). A two-digit year is refused
    rather than guessed."""
    s = text.strip()
    m = _DAY_FIRST.match(s)
    parts = (int(m.group(4)), int(m.group(3)), int(m.group(1))) if m else None
    if parts is None and (m := _ISO.match(s)):
        parts = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if parts is None:
        return None
    try:
        return date(*parts)
    except ValueError:
        return None


def _grouped(value: Decimal) -> str:
    """A non-negative decimal with Vietnamese separators and no trailing zeros: 1.200; 5,3."""
    text = f"{value:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return _localise(text)


def tien(dong: float | int | None, missing: str = MISSING) -> str:
    """Money in a sentence (the rule in the module's docstring): ``598_400_000`` → ``gần 600 triệu đồng``."""
    if dong is None or dong != dong:
        return missing
    value = Decimal(int(round(dong)))
    if value < 10**6:
        return f"{so(int(value))} đồng"
    unit, word = (10**9, "tỷ") if value >= 10**9 else (10**6, "triệu")
    exact = value / unit
    rounded = exact.quantize(Decimal(1).scaleb(exact.adjusted() - 1), rounding=ROUND_HALF_UP)
    if word == "triệu" and rounded >= 1000:  # 999,6 triệu rounds to 1.000 triệu: said in tỷ
        unit, word, rounded = 10**9, "tỷ", rounded / 1000
    shown = rounded * unit
    near = "" if shown == value else "gần " if shown > value else "trên "
    return f"{near}{_grouped(rounded)} {word} đồng"


def amount(dong: float | int | None, unit: int, digits: int = 1, missing: str = MISSING) -> str:
    """An amount in a table under its unit ("(triệu đồng)"): ``598_400_000, 10**6`` → ``598,4``; rounded half-up
    to ``digits`` decimals, trailing zeros left out."""
    if dong is None or dong != dong:
        return missing
    exact = Decimal(int(round(dong))) / unit
    return _grouped(exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))
