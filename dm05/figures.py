"""Figures as a report states them: each with the leaves it covers, so that no sentence states a partial
figure as whole and no signed document prints "…" where a figure is missing.

A narrative gets its figures as :class:`Figure` (a float that knows its indicator and coverage) or
:class:`Missing`; its ``so``/``pct`` helpers write the number and leave a mark where the figure is partial.
:meth:`Words.finish` then moves the marks to the end of their clause as the words a board uses
("(số liệu của 20/21 chi bộ)"), and the report checks :attr:`Words.used` against ``[report] min_coverage``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dm05 import vnformat

if TYPE_CHECKING:
    from dm05.aggregate import Aggregate

# How a leaf level is named in a sentence; a tree whose leaves mix levels says "đơn vị cơ sở".
LEVEL_NOUNS = {"chi_bo": "chi bộ", "to_dang": "tổ đảng", "co_so": "tổ chức cơ sở đảng", "xa": "đảng bộ xã",
               "phuong": "đảng bộ phường", "dang_bo": "đảng bộ"}
BASE_UNITS = "đơn vị cơ sở"
NOT_AVAILABLE = "x"  # a table cell with no figure; the annex footnote says what it means
_MARK = re.compile(r"\x01(\d+)/(\d+)\x02")
_WHOLE = "\x05"  # a whole figure printed (taken out again when the clause is finished)


class Figure(float):
    """A figure of the report: a float that also knows its indicator and the leaves it covers."""

    key: str
    covered: int
    expected: int

    def __new__(cls, value: float, key: str, covered: int, expected: int) -> Figure:
        self = super().__new__(cls, value)
        self.key, self.covered, self.expected = key, covered, expected
        return self

    @property
    def partial(self) -> bool:
        return self.covered < self.expected


@dataclass(frozen=True)
class Missing:
    """A figure that cannot be computed (no unit gave it, or a zero denominator). Falsy; printing it in a
    document that is not a draft stops the report."""

    key: str
    expected: int

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        return ""


def figures(agg: Aggregate, unit: str) -> dict[str, Figure | Missing]:
    """Every figure of ``unit`` with its coverage."""
    expected = int(agg.expected[unit])
    return {k: (Missing(k, expected) if v is None else Figure(v, k, agg.covered(unit, k), expected))
            for k, v in agg.row(unit).items()}


def leaf_noun(agg: Aggregate) -> str:
    """The name of the tree's leaf level ("chi bộ"), or "đơn vị cơ sở" when leaves are of several levels."""
    tree = agg.tree
    levels = {tree[c].level for c in tree.order if tree.is_leaf(c)}
    return LEVEL_NOUNS.get(levels.pop(), BASE_UNITS) if len(levels) == 1 else BASE_UNITS


def coverage_words(covered: int, expected: int, noun: str) -> str:
    return f"số liệu của {vnformat.so(covered)}/{vnformat.so(expected)} {noun}"


@dataclass
class Words:
    """The ``so``/``pct``/``co`` helpers of a narrative, and what they were asked to print."""

    noun: str
    draft: bool
    used: list[Figure] = field(default_factory=list)  # every figure printed
    missing: list[str] = field(default_factory=list)  # keys of figures printed though they cannot be computed

    def _mark(self, value: Any, text: str) -> str:
        if isinstance(value, Figure):
            self.used.append(value)
            if value.partial:
                return f"{text}\x01{value.covered}/{value.expected}\x02"
            return text + _WHOLE
        return text

    def _gap(self, value: Any) -> str:
        self.missing.append(value.key if isinstance(value, Missing) else "?")
        return "[chưa có số liệu]"

    def so(self, value: Any) -> str:
        if value is None or isinstance(value, Missing):
            return self._gap(value)
        return self._mark(value, vnformat.so(value))

    def pct(self, value: Any, digits: int = 2) -> str:
        if value is None or isinstance(value, Missing):
            return self._gap(value)
        return self._mark(value, vnformat.pct(value, digits))

    def tien(self, value: Any) -> str:
        """An amount of money as a sentence says it: "gần 600 triệu đồng" (rule: :func:`dm05.vnformat.tien`)."""
        if value is None or isinstance(value, Missing):
            return self._gap(value)
        return self._mark(value, vnformat.tien(value))

    def tren(self, done: Any, of: Any) -> str:
        """A completion pair of two counts: "11/13" (công việc hoàn thành / công việc đề ra)."""
        return self.so(done) + "/" + self.so(of)

    @staticmethod
    def co(*values: Any) -> bool:
        """Whether every figure given can be stated (the built-in narrative words around the others)."""
        return all(v is not None and not isinstance(v, Missing) for v in values)

    @staticmethod
    def cau(*clauses: str, dau: str = "") -> str:
        """A sentence of the clauses that have something to say, joined by "; ", after ``dau`` ("Có "), with a
        capital and a full stop; "" when none has."""
        parts = [c.strip() for c in clauses if c and c.strip()]
        if not parts:
            return ""
        text = dau + "; ".join(parts)
        return text[:1].upper() + text[1:] + "."

    @staticmethod
    def lien(*items: str) -> str:
        """The items that have something to say, joined by ", "."""
        return ", ".join(i.strip() for i in items if i and i.strip())

    def finish(self, text: str) -> str:
        """Coverage marks as words at the end of their clause, once per clause; a clause whose figures
        cover different numbers of units says it after each figure."""
        out = []
        for line in text.split("\n"):
            clauses = re.split(r"(?<=[;.:])(?=\s|$)", line)
            done = []
            for clause in clauses:
                marks = list(dict.fromkeys(_MARK.findall(clause)))
                whole = _WHOLE in clause  # a whole figure beside a partial one: say it at the partial one
                clause = clause.replace(_WHOLE, "")
                if len(marks) > 1 or (marks and whole):
                    clause = _MARK.sub(lambda m: f" ({coverage_words(int(m[1]), int(m[2]), self.noun)})", clause)
                elif marks:
                    clause = _MARK.sub("", clause)
                    words = f" ({coverage_words(int(marks[0][0]), int(marks[0][1]), self.noun)})"
                    body = clause.rstrip()
                    end = len(body) - 1 if body.endswith((";", ".", ":", ",")) else len(body)
                    clause = body[:end] + words + clause[end:]
                done.append(clause)
            out.append("".join(done))
        return "\n".join(out)


def table_count(value: Any) -> str:
    """A count in a table cell: "x" where there is none."""
    return NOT_AVAILABLE if value is None or isinstance(value, Missing) else vnformat.so(value)


def table_amount(value: Any, unit: int) -> str:
    """An amount under its column's unit ("(triệu đồng)"): one decimal at most; "x" where there is none."""
    return NOT_AVAILABLE if value is None or isinstance(value, Missing) else vnformat.amount(value, unit)


def table_rate(value: Any) -> str:
    """A rate under a "Tỷ lệ (%)" heading: two fixed decimals, no sign; "x" where there is none."""
    if value is None or isinstance(value, Missing):
        return NOT_AVAILABLE
    return vnformat.pct(value, fixed=True, sign="")
