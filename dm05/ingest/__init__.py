"""Reading unit spreadsheets into figures with their cell positions, and the findings met on the way.

A file is read into grids (one per sheet, :mod:`dm05.readers`). In each grid the tables are found by
their headers (:mod:`.header`: one to four rows, merged groups, abbreviations), each data row is tied
to a unit of the tree (:mod:`.context`, :mod:`.table`), its figures parsed (:mod:`.values`), totals
and group rows checked; a sheet with no table may be a vertical form (:mod:`.vertical`). Every number
of every sheet is accounted for in the file's ledger (:mod:`.ledger`). Nothing here changes the input.
"""

from dm05.ingest.checks import FORM_META_SHEET
from dm05.ingest.context import ReadContext
from dm05.ingest.model import FileResult, Ledger, SheetData, UnreadCell
from dm05.ingest.reader import read_file
from dm05.ingest.values import MAX_FIGURE, code_text, is_blank, is_numeric, parse_number

__all__ = ["FORM_META_SHEET", "MAX_FIGURE", "FileResult", "Ledger", "ReadContext", "SheetData", "UnreadCell",
           "code_text", "is_blank", "is_numeric", "parse_number", "read_file"]
