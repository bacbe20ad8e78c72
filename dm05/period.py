"""Reporting periods: a year (2026), a half (2026-H1), a quarter (2026-Q3) or a range of years (2021-2025)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dm05.errors import InputError

_PATTERN = re.compile(r"^(\d{4})(?:-(H[12]|Q[1-4]|\d{4}))?$", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    """A period id and what follows from it: its span of dates and its length in months."""

    id: str
    start: date
    end: date
    months: int

    @property
    def is_range(self) -> bool:
        return self.start.year != self.end.year

    @property
    def years(self) -> list[int]:
        return list(range(self.start.year, self.end.year + 1))

    @property
    def year_fraction(self) -> float:
        """How much of a year one period is; per-year norms (12 meetings) scale by it."""
        return 1.0 if self.is_range else self.months / 12

    def __str__(self) -> str:
        return self.id


def parse_period(text: str) -> Period:
    m = _PATTERN.match(text.strip())
    if not m:
        raise InputError("period.invalid", period=text)
    year = int(m.group(1))
    part = (m.group(2) or "").upper()
    if not part:
        return Period(str(year), date(year, 1, 1), date(year, 12, 31), 12)
    if part.startswith("H"):
        h = int(part[1])
        start, end = (date(year, 1, 1), date(year, 6, 30)) if h == 1 else (date(year, 7, 1), date(year, 12, 31))
        return Period(f"{year}-H{h}", start, end, 6)
    if part.startswith("Q"):
        q = int(part[1])
        end_month = q * 3
        end_day = 31 if end_month in (3, 12) else 30
        return Period(f"{year}-Q{q}", date(year, end_month - 2, 1), date(year, end_month, end_day), 3)
    last = int(part)
    if last <= year:
        raise InputError("period.invalid", period=text)
    return Period(f"{year}-{last}", date(year, 1, 1), date(last, 12, 31), 12 * (last - year + 1))


def previous_period(period: Period) -> Period | None:
    """The same span one year earlier (2025 for 2026, 2025-H1 for 2026-H1); none for a range."""
    if period.is_range:
        return None
    y = period.start.year
    return parse_period(period.id.replace(str(y), str(y - 1), 1))


_QUARTERS = ("I", "II", "III", "IV")


def period_phrase(period: Period) -> str:
    """How the period reads in a sentence: "năm 2026", "6 tháng đầu năm 2026", "quý III năm 2026"."""
    y = period.start.year
    if period.is_range:
        return f"{len(period.years):02d} năm ({period.start.year} - {period.end.year})"
    if period.months == 12:
        return f"năm {y}"
    if period.months == 6:
        return f"6 tháng {'đầu' if period.start.month == 1 else 'cuối'} năm {y}"
    return f"quý {_QUARTERS[(period.start.month - 1) // 3]} năm {y}"
