"""Amounts of money as clerks type them: "120,5", "1.250.000.000", "1,5 tỷ", "600 triệu", "2 tỷ 500 triệu",
with the unit in the cell, in the column's header ("Số tiền (triệu đồng)", "ĐVT: triệu đồng") or in the
catalogue (``input_unit``). Every amount becomes a whole number of đồng, computed in decimal arithmetic, so
that sums are exact: 0,1 tỷ ten times is exactly 1 tỷ, never 0,9999999999999999.

Only the cells of amount indicators come here: the reader's hot path for counts is untouched."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from dm05.indicators import Indicator
from dm05.textnorm import clean, match_key

MAX_AMOUNT = 10**15  # đồng: a million tỷ; no party unit raises that, 1e308 is a typing accident
# a number as Vietnamese write it: grouped by dots or spaces with a decimal comma ("1.250,5"), a decimal comma
# ("120,5"), or a decimal point only where it cannot be a group ("1.5", ".5")
_GROUPED = re.compile(r"^\d{1,3}(?:[.\s]\d{3})+(?:,\d+)?$")
_COMMA = re.compile(r"^\d+(?:,\d+)?$")
_POINT = re.compile(r"^\d*\.\d+$|^\d+\.?$")
_PIECE = re.compile(r"(\d[\d.,\s]*)([^\d]*)")
_PARENS = re.compile(r"\(([^()]*)\)")
_MEASURE_LABEL = re.compile(r"^(?:đvt|đv tính|đơn vị tính|đơn vị)\s*:?\s*")


def decimal_of(text: str) -> Decimal | None:
    """The number ``text`` writes (no sign, no unit), exactly; None when it is no number."""
    t = text.strip()
    if _GROUPED.match(t):
        return Decimal(re.sub(r"[.\s]", "", t).replace(",", "."))
    t = t.replace(" ", "")
    if _COMMA.match(t):
        return Decimal(t.replace(",", "."))
    if _POINT.match(t):
        return Decimal(t.rstrip(".") or "0")
    return None


def unit_of(text: str, units: dict[str, int]) -> int | None:
    """The đồng in one ``text`` names ("triệu đồng", "ĐVT: tr.đ"), or None."""
    key = _MEASURE_LABEL.sub("", match_key(text)).strip(" .:")
    return units.get(key) if key else None


def header_unit(texts: tuple[str, ...] | list[str], units: dict[str, int]) -> int | None:
    """The unit a header path gives its column, deepest first: "(triệu đồng)" in a label, or a label that
    is only a unit ("Triệu đồng" under "Số tiền huy động")."""
    for text in reversed(texts):
        for inner in _PARENS.findall(text):
            found = unit_of(inner, units)
            if found is not None:
                return found
        found = unit_of(text, units)
        if found is not None:
            return found
    return None


def strip_unit(text: str, units: dict[str, int]) -> str:
    """A header label without its money unit ("Số tiền huy động (triệu đồng)" → "Số tiền huy động"), so that
    it matches the catalogue's label as written."""
    if "(" not in text:
        return text
    out = _PARENS.sub(lambda m: "" if unit_of(m.group(1), units) is not None else m.group(0), text)
    return clean(out) if out != text else text


def catalogue_unit(ind: Indicator, units: dict[str, int]) -> int:
    """The đồng a bare number of ``ind`` stands for (its ``input_unit``; checked when the workspace loads)."""
    return units.get(match_key(ind.input_unit), 1)


def to_dong(value: Decimal) -> int:
    """Whole đồng, half up (a sum typed in triệu with more decimals than a đồng is rounded to the đồng)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_amount(raw: Any, scale: int, units: dict[str, int]) -> tuple[Decimal | None, str]:
    """An amount in đồng, exactly, and "" — or None and why not: "blank", "percent", "negative", "text".
    ``scale``: the đồng of one unit where the cell names none (its column's unit). A compound amount names
    every unit, largest first ("2 tỷ 500 triệu")."""
    if raw is None:
        return None, "blank"
    if isinstance(raw, bool):
        return None, "text"
    if isinstance(raw, (int, float)):
        if raw != raw or raw in (float("inf"), float("-inf")):
            return None, "text"
        # the shortest decimal that is the float (120.5, 0.1): what the clerk typed, not its binary neighbour
        value = Decimal(repr(float(raw))) * scale
        return (value, "") if value >= 0 else (value, "negative")
    text = clean(str(raw))
    if not text:
        return None, "blank"
    if text.endswith("%"):
        return None, "percent"
    negative = text.startswith(("-", "−"))
    body = text.lstrip("-−").strip()
    pieces = _PIECE.findall(body)
    if not pieces or "".join(n + u for n, u in pieces) != body:
        return None, "text"
    total, last = Decimal(0), None
    for number, word in pieces:
        try:
            amount = decimal_of(number)
        except InvalidOperation:
            amount = None
        if amount is None:
            return None, "text"
        unit = unit_of(word, units) if word.strip() else None
        if word.strip() and unit is None:
            return None, "text"
        if unit is None:
            if len(pieces) > 1:  # "2 tỷ 500": five hundred what?
                return None, "text"
            unit = scale
        if last is not None and unit >= last:  # units go down: "2 tỷ 500 triệu"
            return None, "text"
        last = unit
        total += amount * unit
    return (-total, "negative") if negative and total else (total, "")
