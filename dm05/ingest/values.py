"""One cell's value: blank or not, a number or not, and a figure of an indicator with its findings."""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

from dm05.findings import FindingList
from dm05.indicators import Indicator
from dm05.ingest.amounts import MAX_AMOUNT, parse_amount, to_dong
from dm05.messages import both
from dm05.textnorm import clean
from dm05.vnformat import plain

MAX_FIGURE = 1_000_000_000  # no figure of a party organisation comes near; 1e308 is a typing accident
DASHES = ("-", "–", "—", "--")
_THOUSANDS = re.compile(r"^-?\d{1,3}([.\s]\d{3})+$")
_NUMBER = re.compile(r"^-?\d+(,\d+)?$|^-?\d*\.\d+$|^-?\d+\.?$")
# money as clerks type it in a cell: "1,5 tỷ", "600 triệu", "2 tỷ 500 triệu", "1.250.000 đồng", "50 tr.đ"
_MONEY = re.compile(r"^\d[\d.,\s]*(?:tỷ|tỉ|triệu|tr|nghìn|ngàn|đồng|đ|vnđ|vnd)\b", re.IGNORECASE)
_PERCENT = re.compile(r"^-?\d+([.,]\d+)?\s*%$")


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not clean(value))


def parse_number(value: Any) -> tuple[float | None, bool]:
    """A cell's number: (value, ok). Blank → (None, True); text that is no number → (None, False).

    Accepts Vietnamese thousands ("1.234", "1 234") and decimal commas ("98,5").
    """
    if is_blank(value):
        return None, True
    if isinstance(value, bool):
        return None, False
    if isinstance(value, (int, float)):
        f = float(value)
        return (f, True) if math.isfinite(f) else (None, False)
    text = clean(str(value))
    if _THOUSANDS.match(text):
        return float(re.sub(r"[.\s]", "", text)), True
    text = text.replace(" ", "")
    if _NUMBER.match(text):
        return float(text.replace(",", ".")), True
    return None, False


def is_numeric(value: Any) -> bool:
    """Whether a cell holds a number a person would read as one: a number, text that is a number or a
    percentage ("1.234", "98,5", "12%"), or a dash (zero). These are the cells the reading ledger
    accounts for."""
    t = type(value)
    if t is float or t is int:
        return True
    if t is not str or not value:
        return False
    first = value.lstrip()[:1]
    if not (first.isdigit() or first in "-.,–—"):
        return False
    text = clean(value)
    if text in DASHES:  # "-" typed in a count cell is zero (không phát sinh)
        return True
    if _PERCENT.match(text):
        return True
    number, ok = parse_number(text)
    if ok and number is not None:
        return True
    return bool(_MONEY.match(text))  # an amount: a number all the same, read or named like any other


def code_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(str(value))


def fast_column(raw: list[Any], ind: Indicator, limit: float) -> list[float | None] | None:
    """A column of plain numbers that are all valid, checked at once; None sends it cell by cell (as it
    does every amount: their decimals and units are read exactly, cell by cell)."""
    if not raw or ind.kind == "amount" or not all(type(v) is float or type(v) is int for v in raw):
        return None
    arr = np.asarray(raw, dtype="float64")
    if not (np.isfinite(arr).all() and (arr >= 0).all() and (arr <= limit).all() and (arr == np.floor(arr)).all()):
        return None
    return arr.tolist()


def fast_columns(raws: dict[str, list[Any]], limits: dict[str, float]) -> dict[str, list[float | None] | None] | None:
    """:func:`fast_column` for a whole table at once (one array, not one per column); None when some
    cell is not a plain number, and then each column is tried on its own."""
    if not raws:
        return {}
    columns = list(raws.values())
    if not columns[0] or not all(type(v) is float or type(v) is int for col in columns for v in col):
        return None
    arr = np.asarray(columns, dtype="float64")
    bound = np.asarray([limits[k] for k in raws], dtype="float64")[:, None]
    with np.errstate(invalid="ignore"):
        ok = (np.isfinite(arr) & (arr >= 0) & (arr <= bound) & (arr == np.floor(arr))).all(axis=1)
    return {key: (arr[i].tolist() if ok[i] else None) for i, key in enumerate(raws)}


def figure_limit(ind: Indicator, year_fraction: float) -> float:
    """The largest figure a cell may hold for ``ind``: a meeting count is bounded by the period."""
    if ind.kind == "threshold" and ind.max_per_year is not None:
        return math.floor(ind.max_per_year * year_fraction + 1e-9)
    return MAX_FIGURE


def parse_figure(raw: Any, ind: Indicator, year_fraction: float, f: FindingList, name: str, sheet: str,
                 row: int, col: str, unit: str, scale: int = 1, units: dict[str, int] | None = None
                 ) -> tuple[float | None, bool]:
    """A figure, or None; ``ok`` is False when the cell was reported as wrong (an error finding). An amount
    is read in whole đồng: ``scale`` is the đồng of its column's unit, ``units`` the units a cell may name."""
    where = dict(sheet=sheet, row=row, column=col, unit=unit, indicator=ind.key)
    if isinstance(raw, str) and clean(raw) in DASHES:
        return (0.0 if ind.dash_is_zero else None), True
    if ind.kind == "amount":
        return _amount(raw, ind, f, name, where, scale, units or {})
    if isinstance(raw, str) and clean(raw).endswith("%"):
        f.add("value.rate_in_count", name, value=clean(raw), label=ind.label, **where)
        return None, False
    value, ok = parse_number(raw)
    if not ok:
        f.add("value.not_number", name, value=clean(str(raw))[:80], **where)
        return None, False
    if value is None:
        return (0.0 if ind.empty_is_zero else None), True
    if value < 0:
        f.add("value.negative", name, value=plain(value), label=ind.label, **where)
        return None, False
    if value > MAX_FIGURE:
        f.add("value.implausible", name, value=clean(str(raw))[:40], label=ind.label, limit="1.000.000.000", **where)
        return None, False
    if not value.is_integer():
        f.add("value.fractional", name, value=plain(value), label=ind.label, **where)
        return None, False
    limit = figure_limit(ind, year_fraction)
    if ind.kind == "threshold" and value > limit:
        f.add("value.out_of_range", name, value=plain(value), label=ind.label, limit=int(limit), **where)
        return None, False
    return value, True


def _amount(raw: Any, ind: Indicator, f: FindingList, name: str, where: dict[str, Any], scale: int,
            units: dict[str, int]) -> tuple[float | None, bool]:
    """An amount in whole đồng (a float holding an integer: sums of integers below 2**53 are exact)."""
    value, why = parse_amount(None if is_blank(raw) else raw, scale, units)
    shown = clean(str(raw))[:40]
    if why == "blank":
        return (0.0 if ind.empty_is_zero else None), True
    if why == "percent":
        f.add("value.rate_in_count", name, value=shown, label=ind.label, **where)
        return None, False
    if value is None:
        f.add("value.not_number", name, value=clean(str(raw))[:80], **where)
        return None, False
    if why == "negative":
        f.add("value.negative", name, value=shown, label=ind.label, **where)
        return None, False
    dong = to_dong(value)
    if dong > MAX_AMOUNT:
        f.add("value.implausible", name, value=shown, label=ind.label, limit=both("limit.max_amount"), **where)
        return None, False
    return float(dong), True
