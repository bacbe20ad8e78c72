"""What reading a file produces: figures per sheet, the findings, and the ledger of every numeric cell."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dm05.findings import FindingList

UNREAD_CELLS_KEPT = 2_000  # the ledger counts every unread cell but lists only this many


@dataclass
class SheetData:
    """Figures of one table: one entry per data row, one value list per indicator column."""

    file: str
    sheet: str
    rows: list[int] = field(default_factory=list)  # spreadsheet row numbers, 1-based
    units: list[str] = field(default_factory=list)
    columns: dict[str, tuple[str, list[float | None]]] = field(default_factory=dict)  # key → (letter, values)
    derived: dict[str, str] = field(default_factory=dict)  # key → how it was derived
    unit_column: str = ""  # letter of the column that names the unit (code, else name)
    vertical_rows: dict[str, int] = field(default_factory=dict)  # vertical form: key → its row
    # (key, row index) of cells with an error finding: their value is None and they count nowhere, and
    # the unit's pair is left out of every ratio that uses the key
    errors: set[tuple[str, int]] = field(default_factory=set)

    def cell(self, key: str, i: int) -> str:
        """``Sheet!D7`` of a figure (derived figures point at their source cell)."""
        letter = self.columns[key][0]
        row = self.vertical_rows.get(key, self.rows[i])
        return f"{self.sheet}!{letter}{row}" if letter else f"{self.sheet}!{self.unit_column}{row}"

    def mark_error(self, key: str, i: int) -> None:
        """Leave a figure out: an error finding names its cell."""
        self.errors.add((key, i))
        if key in self.columns:
            self.columns[key][1][i] = None


@dataclass(frozen=True)
class UnreadCell:
    sheet: str
    row: int  # 1-based
    column: str  # letter
    rule: str  # the finding that names it


@dataclass
class Ledger:
    """What became of every non-empty numeric cell of a file's sheets: read as a figure, checked as part
    of a totals or group row, recognised as layout (column numbers, STT, codes, a rate column dm05
    recomputes, the block under a table), or left unread — and every unread cell is named by a warning
    or error finding (``cells`` lists them with that finding's rule). Kept by the reader itself, so that
    status and validate can say "every number was read" rather than hope so."""

    read: int = 0
    checked: int = 0
    layout: int = 0
    unread: int = 0
    cells: list[UnreadCell] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.read + self.checked + self.layout + self.unread

    def add_unread(self, cell: UnreadCell) -> None:
        self.unread += 1
        if len(self.cells) < UNREAD_CELLS_KEPT:
            self.cells.append(cell)

    def to_json(self) -> dict[str, int]:
        return {"read": self.read, "checked": self.checked, "layout": self.layout, "unread": self.unread}


@dataclass
class FileResult:
    path: Path
    display: str
    sheets: list[SheetData] = field(default_factory=list)
    findings: FindingList = field(default_factory=FindingList)
    unreadable: bool = False
    ledger: Ledger = field(default_factory=Ledger)

    @property
    def units(self) -> int:
        return len({u for s in self.sheets for u in s.units})
