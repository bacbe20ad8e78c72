"""Findings about input data: what, where (file, sheet, cell, unit) and which rule."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from dm05.messages import RULES, Lang, Severity, rule_text


def column_letter(index: int) -> str:
    """0-based column index → spreadsheet letters (0 → A, 27 → AB)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """Spreadsheet letters → 0-based column index (A → 0, AB → 27)."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


@dataclass(frozen=True)
class Finding:
    rule: str
    file: str
    sheet: str | None = None
    row: int | None = None  # the spreadsheet's own 1-based row number
    column: str | None = None  # the spreadsheet's column letter
    unit: str | None = None
    indicator: str | None = None
    value: Any = None
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def severity(self) -> Severity:
        return RULES[self.rule].severity

    @property
    def cell(self) -> str | None:
        if self.row is None:
            return None
        return f"{self.column or ''}{self.row}"

    @property
    def where(self) -> str:
        """``Sheet1!D7`` style reference, or the sheet alone."""
        if self.sheet is None:
            return ""
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet

    def shown_value(self, lang: Lang) -> Any:
        """The value as quoted to a person (some are given in both languages)."""
        return self.value[lang] if isinstance(self.value, dict) else self.value

    def message(self, lang: Lang = "vi") -> str:
        value = self.shown_value(lang)
        params = {"value": "" if value is None else value, "unit": self.unit or "",
                  "indicator": self.indicator or "", **dict(self.params)}
        return rule_text(self.rule, lang, params)

    def to_json(self, lang: Lang = "vi") -> dict[str, Any]:
        value = self.shown_value(lang)
        if value is not None and not isinstance(value, (int, float, str, bool)):
            value = str(value)
        return {"severity": self.severity, "rule": self.rule, "file": self.file, "sheet": self.sheet,
                "cell": self.cell, "row": self.row, "column": self.column, "unit": self.unit,
                "indicator": self.indicator, "value": value, "message": self.message(lang)}


def finding(rule: str, file: str, **kw: Any) -> Finding:
    """Build a Finding; keyword arguments that are not fields become message parameters."""
    fields = {k: kw.pop(k) for k in ("sheet", "row", "column", "unit", "indicator", "value") if k in kw}
    return Finding(rule, file, params=tuple(sorted(kw.items())), **fields)


@dataclass
class FindingList:
    items: list[Finding] = field(default_factory=list)

    def add(self, rule: str, file: str, **kw: Any) -> None:
        self.items.append(finding(rule, file, **kw))

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.items if f.severity == severity)

    def by_rule(self) -> Counter[str]:
        return Counter(f.rule for f in self.items)
