"""The reading ledger of one sheet: every non-empty numeric cell ends read, checked (a totals or group
row), recognised as layout, or named by a warning or error finding. What nobody claimed is named at
the end by a ``cell.unread`` warning, so no number is ever left out in silence."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from dm05.findings import FindingList, column_letter
from dm05.ingest.model import Ledger, UnreadCell
from dm05.ingest.values import is_numeric
from dm05.readers import Grid

FREE, READ, CHECKED, LAYOUT, NAMED = 0, 1, 2, 3, 4
SHOWN_CELLS = 6
_NUMBER_TYPES = (float, int)  # cells quoted in one cell.unread finding


class SheetLedger:
    def __init__(self, grid: Grid) -> None:
        self.grid = grid
        width = max((len(r) for r in grid.rows), default=0)
        self.numeric = np.zeros((len(grid.rows), width), dtype=bool)
        for r, row in enumerate(grid.rows):
            flags = [type(v) in _NUMBER_TYPES or (type(v) is str and v != "" and is_numeric(v)) for v in row]
            if any(flags):
                self.numeric[r, :len(flags)] = flags
        self.state = np.zeros(self.numeric.shape, dtype=np.int8)
        self.rules: dict[tuple[int, int], str] = {}

    @property
    def has_numbers(self) -> bool:
        return bool(self.numeric.any())

    def numbers_in(self, rows: Iterable[int], col: int) -> list[int]:
        """Rows among ``rows`` whose cell in ``col`` holds a number."""
        if col >= self.numeric.shape[1]:
            return []
        return [r for r in rows if self.numeric[r, col]]

    def _free(self, r: int, c: int) -> bool:
        """A numeric cell nothing has claimed yet."""
        return r < self.numeric.shape[0] and c < self.numeric.shape[1] and bool(self.numeric[r, c]) \
            and not self.state[r, c]

    def mark(self, r: int, c: int, state: int) -> None:
        if self._free(r, c):
            self.state[r, c] = state

    def mark_block(self, rows: list[int], cols: list[int], state: int) -> None:
        """Claim the numeric cells of ``rows`` × ``cols`` not claimed yet (a table's columns read at once)."""
        height, width = self.numeric.shape
        rows = [r for r in rows if r < height]
        cols = [c for c in cols if c < width]
        if not rows or not cols:
            return
        at = np.ix_(rows, cols)
        block = self.state[at]
        self.state[at] = np.where(self.numeric[at] & (block == FREE), state, block)

    def mark_rows(self, rows: slice | list[int], state: int, cols: slice | list[int] | None = None) -> None:
        """Claim every numeric cell of ``rows`` (× ``cols``) not claimed yet."""
        height, width = self.numeric.shape
        row_list = list(range(height)[rows]) if isinstance(rows, slice) else rows
        col_list = list(range(width)) if cols is None else (list(range(width)[cols]) if isinstance(cols, slice)
                                                             else cols)
        self.mark_block(row_list, col_list, state)

    def name(self, r: int, c: int, rule: str) -> None:
        """An unread number that a finding of ``rule`` names (its row, its column or the cell)."""
        if self._free(r, c):
            self.state[r, c] = NAMED
            self.rules[(r, c)] = rule

    def void(self, r: int, c: int, rule: str) -> None:
        """A number read, then found wrong by a rule over its row: named by that rule, no longer read."""
        if r < self.numeric.shape[0] and c < self.numeric.shape[1] and self.state[r, c] == READ:
            self.state[r, c] = NAMED
            self.rules[(r, c)] = rule

    def name_rows(self, rows: slice | list[int], rule: str) -> None:
        rr = range(self.numeric.shape[0])[rows] if isinstance(rows, slice) else rows
        for r in rr:
            for c in np.nonzero(self.numeric[r] & (self.state[r] == FREE))[0]:
                self.state[r, c] = NAMED
                self.rules[(r, int(c))] = rule

    def close(self, ledger: Ledger, findings: FindingList, file: str) -> None:
        """Count the sheet into ``ledger``; what is still unclaimed gets ``cell.unread`` warnings, one
        per block of rows between blank ones, quoting its first cells."""
        g = self.grid
        # a cell named by a rule that said nothing loud on this sheet is not named at all: say it here
        loud = {x.rule for x in findings.items if x.severity != "note" and x.sheet in (g.sheet, None)}
        for (r, c), rule in list(self.rules.items()):
            if rule not in loud:
                del self.rules[(r, c)]
                self.state[r, c] = FREE
        free = self.numeric & (self.state == FREE)
        if free.any():
            cells = [(int(r), int(c)) for r, c in zip(*np.nonzero(free))]
            groups: list[list[tuple[int, int]]] = []
            for r, c in cells:
                if groups and r - groups[-1][-1][0] <= 1:
                    groups[-1].append((r, c))
                else:
                    groups.append([(r, c)])
            for group in groups:
                r0, c0 = group[0]
                shown = ", ".join(f"{column_letter(g.col0 + c)}{g.row0 + r + 1}" for r, c in group[:SHOWN_CELLS])
                if len(group) > SHOWN_CELLS:
                    shown += ", …"
                findings.add("cell.unread", file, sheet=g.sheet, row=g.row0 + r0 + 1, column=column_letter(g.col0 + c0),
                             value=_shown(g.value(r0, c0)), cells=shown, count=len(group))
                for r, c in group:
                    self.state[r, c] = NAMED
                    self.rules[(r, c)] = "cell.unread"
        counts = np.bincount(self.state[self.numeric].astype(np.int64), minlength=5)
        ledger.read += int(counts[READ])
        ledger.checked += int(counts[CHECKED])
        ledger.layout += int(counts[LAYOUT])
        for (r, c), rule in sorted(self.rules.items()):
            ledger.add_unread(UnreadCell(g.sheet, g.row0 + r + 1, column_letter(g.col0 + c), rule))


def _shown(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
