"""Messy clerk spreadsheets with their ground truth: a corpus for measuring how many figures dm05 reads.

Each builder writes one file the way a clerk of a commune party committee really makes it and returns a
:class:`ClerkFile`: the path, every **figure** the file holds for a unit (unit code, indicator key, true
value, and the cell it sits in) and every **other numeric cell** (column numbers, totals, rates, STT,
phone numbers, last year's hidden data…) with what it is. ``ClerkFile.truth`` is
``{unit_code: {indicator_key: value}}``. The same seed gives the same bytes.

The unit tree (:func:`province_tree`) is a province "00" with communes "01"…"04" and their party cells
("01.05"); cell names recur across communes ("Chi bộ thôn 1", "Chi bộ khu phố 3").

Layouts (``LAYOUTS`` maps each name to its builder):

``title_three_row_header``   title rows, a header of three merged rows (group / sub-group / column) and
                             the column-number row under it ("(1)", "4=3/2", "6 (=7+8)").
``same_sublabel_groups``     "Tổng số" and "Đã đăng ký" under both "Cán bộ chủ chốt" and "Đảng viên".
``tables_stacked``           a figures table, then a ratings table below it on the same sheet.
``tables_side_by_side``      two tables next to each other on one sheet.
``abbreviated_headers``      "Số ĐV", "CB chủ chốt ĐK", "SH đủ 12 kỳ", "SHCĐ ≥4 kỳ", "TCĐ HTXS", "SL"/"TL".
``signature_block``          date line, NGƯỜI LẬP BIỂU, T/M ĐẢNG ỦY, signer, Nơi nhận, a phone number and
                             "Số: 12-BC/ĐU" around the table.
``vertical_dvt``             one row per indicator: STT | Chỉ tiêu | ĐVT | Số liệu (a commune's own figures).
``vertical_two_years``       the same with "Năm 2025" | "Năm 2026" | "So sánh (%)" columns.
``horizontal_dvt_row``       a table with an "ĐVT" row (người, lượt, chi bộ, mô hình) under the header.
``hidden_sheet_rows``        last year's file edited with openpyxl: the 2025 sheet kept hidden, a hidden row.
``dash_zero``                "-" (and "–") typed for zero in count cells.
``names_commune_in_title``   names such as "1. Chi bộ thôn 1", "a) Chi bộ …", "CB thôn 3", "Chi bộ Thôn 4", no
                             code column, every name one that other communes have too; the commune is only
                             named in the title block ("ĐẢNG ỦY XÃ BẮC SƠN", "Đơn vị: Đảng bộ xã Bắc Sơn").
``names_commune_in_file_name`` recurring names as units.csv spells them; the commune only in the file name.
``names_commune_in_sheet_name`` the same, with some names only this commune has; the commune in the sheet name.
``mangled_codes``            codes Excel turned into numbers (4.01 for "04.01", 4.1 for "04.10") or text
                             without the leading zero ("1.05").
``totals_and_groups``        "Tổng cộng" first (party forms), group rows "I", "II", "a)" with subtotals, "Cộng".
``total_with_unknown_unit``  a totals row over a table holding one unit that units.csv does not list.
``stt_rate_notes``           STT, "Tỷ lệ %" columns the clerk computed, "Ghi chú" with text and a number.
``mixed_commune``            a realistic commune file combining most of the above.
``clean_plain``              a clean one-row-header table with codes (the control).
``csv_plain``                a comma CSV exported from the sheet.
``csv_semicolon``            a semicolon CSV (Vietnamese Excel) with title rows and "1.234" thousands.

``ClerkFile.expected_ledger()`` says what ``FileResult.ledger`` should count for the file once it is read
right (figures read; totals and group rows checked; other numeric cells layout; an unknown unit's unread).

Figures of a row whose unit is not in the tree are not in ``truth``: they are ``other`` cells of kind
``unknown_unit`` (a reader should name them in a finding). A hidden row of the table is data (the
file's own totals include it); a hidden sheet of last year is not (``other`` cells, kind ``old_year``).

Used by ``tests/test_clerk_corpus.py`` and ``bench/read_rate.py``.
"""

from __future__ import annotations

import csv
import io
import random
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter

YEAR = 2026
FIXED = datetime(2026, 12, 1)

# --- the unit tree ------------------------------------------------------------------------------

# (code, commune name, cell names). Names recur across communes; commune 04 has ten cells or more, so
# "04.10" can turn into the number 4.1.
COMMUNES: list[tuple[str, str, list[str]]] = [
    ("01", "An Lạc", ["thôn 1", "thôn 2", "thôn 3", "thôn An Lạc", "khu phố 3", "Trường Tiểu học"]),
    ("02", "Bắc Sơn", ["thôn 1", "thôn 2", "thôn 3", "thôn 4", "khu phố 1", "khu phố 3", "thôn Bắc"]),
    ("03", "Hòa Bình", ["thôn 1", "thôn 2", "thôn 3", "thôn Hạ", "Trạm Y tế"]),
    ("04", "Tân Lập", [f"thôn {i}" for i in range(1, 13)]),
]


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    parent: str
    level: str


@dataclass
class Tree:
    """A units.csv tree: a province, its communes and their party cells."""

    units: list[Unit]

    def __post_init__(self) -> None:
        self.by_code = {u.code: u for u in self.units}

    def children(self, code: str) -> list[str]:
        return [u.code for u in self.units if u.parent == code]

    def name(self, code: str) -> str:
        return self.by_code[code].name

    def csv_text(self) -> str:
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["code", "name", "parent", "level"])
        for u in self.units:
            w.writerow([u.code, u.name, u.parent, u.level])
        return out.getvalue()

    def write_csv(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.csv_text(), encoding="utf-8")
        return path


def province_tree(communes: list[tuple[str, str, list[str]]] = COMMUNES,
                  province: str = "Đảng bộ tỉnh Lạc Hồng") -> Tree:
    """Province "00" → communes "01"… (level ``xa``) → cells "01.01"… (level ``chi_bo``)."""
    units = [Unit("00", province, "", "tinh")]
    for code, name, cells in communes:
        units.append(Unit(code, f"Đảng bộ xã {name}", "00", "xa"))
        units += [Unit(f"{code}.{i:02d}", f"Chi bộ {cell}", code, "chi_bo") for i, cell in enumerate(cells, 1)]
    return Tree(units)


TREE = province_tree()

# --- true figures -------------------------------------------------------------------------------

RATINGS = ("xep_loai_htxs", "xep_loai_htt", "xep_loai_ht", "xep_loai_kht")


def cell_figures(code: str, seed: int = 0) -> dict[str, int]:
    """A party cell's figures for the year, consistent with each other (pledged ≤ members …)."""
    rng = random.Random(f"{seed}:{code}")
    dv = rng.randint(12, 85)
    cbcc = rng.randint(3, 9)
    ky = rng.choice([12, 12, 12, 12, 11, 10])
    cd = rng.choice([3, 4, 4, 5, 6])
    f = {
        "so_dang_vien": dv,
        "dang_vien_dang_ky": dv - rng.randint(0, 3),
        "dang_vien_hoc_tap": dv - rng.randint(0, 4),
        "luot_quan_chung_hoc_tap": rng.randint(80, 1500),
        "can_bo_chu_chot": cbcc,
        "can_bo_chu_chot_dang_ky": cbcc - rng.choice([0, 0, 1]),
        "chi_bo_xay_dung_ke_hoach": 1,
        "chi_bo_dua_vao_sinh_hoat": rng.choice([1, 1, 1, 0]),
        "so_ky_sinh_hoat_dinh_ky": ky,
        "so_ky_sinh_hoat_chuyen_de": cd,
        "chi_bo_sinh_hoat_du_12_ky": int(ky >= 12),
        "chi_bo_sinh_hoat_chuyen_de": int(cd >= 4),
        "tap_the_dang_ky_mo_hinh": rng.randint(1, 3),
        "ca_nhan_dang_ky_mo_hinh": rng.randint(5, dv),
        "mo_hinh_moi": rng.choice([0, 0, 1, 1, 2, 3]),
        "mo_hinh_nhan_rong": rng.choice([0, 0, 0, 1, 2]),
        "hoi_nghi_hoc_tap": rng.randint(1, 4),
        "luot_tham_gia_hoc_tap": dv * rng.randint(2, 4),
        "tap_the_khen_thuong": rng.choice([0, 0, 1, 2]),
        "ca_nhan_khen_thuong": rng.randint(0, 5),
        "cuoc_kiem_tra_giam_sat": rng.choice([0, 1, 1, 2]),
        "sang_kien": rng.choice([0, 0, 1, 2, 3]),
        "tin_bai_tuyen_truyen": rng.randint(0, 6),
    }
    rating = rng.choices(RATINGS, weights=[2, 6, 2, 1])[0]
    f.update({k: int(k == rating) for k in RATINGS})
    return f


def commune_figures(code: str, tree: Tree = TREE, seed: int = 0) -> dict[str, int]:
    """A commune's own totals: its cells' counts summed, ``so_chi_bo`` the number of cells."""
    cells = [cell_figures(c, seed) for c in tree.children(code)]
    keys = [k for k in cells[0] if not k.startswith("so_ky_")]
    out = {k: sum(c[k] for c in cells) for k in keys}
    out["so_chi_bo"] = len(cells)
    out.update({k: v + (k == "xep_loai_htt") for k, v in out.items() if k in RATINGS})  # the commune committee
    return out


# --- the workbook model ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Formula:
    """A formula cell saved with its cached value (as Excel saves it)."""

    text: str
    value: float


@dataclass(frozen=True)
class Figure:
    unit: str
    key: str
    value: float
    sheet: str
    cell: str  # "D7"


@dataclass(frozen=True)
class Other:
    """A numeric cell that is no unit's figure: what it is (``total``, ``group``, ``column_number``, ``rate``,
    ``stt``, ``code``, ``note``, ``phone``, ``old_year``, ``unknown_unit``, ``previous_year``, …)."""

    kind: str
    value: Any
    sheet: str
    cell: str


def ref(r: int, c: int) -> str:
    """0-based (row, col) → "D7"."""
    letters, n = "", c + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{r + 1}"


@dataclass
class Sheet:
    name: str
    hidden: bool = False
    cells: dict[tuple[int, int], Any] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)
    figs: list[tuple[int, int, str, str, float]] = field(default_factory=list)
    others: list[tuple[int, int, str, Any]] = field(default_factory=list)

    def put(self, r: int, c: int, value: Any) -> None:
        """Text (or a number that is part of the text block) with no meaning as a figure."""
        if value is not None:
            self.cells[(r, c)] = value

    def row(self, r: int, c0: int, values: list[Any]) -> None:
        for i, v in enumerate(values):
            self.put(r, c0 + i, v)

    def fig(self, r: int, c: int, unit: str, key: str, value: float, shown: Any = None) -> None:
        """A unit's figure; ``shown`` is what the clerk typed when it is not the number ("-", "1.234")."""
        self.cells[(r, c)] = value if shown is None else shown
        self.figs.append((r, c, unit, key, value))

    def other(self, r: int, c: int, value: Any, kind: str) -> None:
        self.cells[(r, c)] = value
        v = value.value if isinstance(value, Formula) else value
        self.others.append((r, c, kind, v))

    def merge(self, r1: int, c1: int, r2: int, c2: int, text: str) -> None:
        self.put(r1, c1, text)
        if (r1, c1) != (r2, c2):
            self.merges.append((r1, c1, r2, c2))


@dataclass
class ClerkFile:
    layout: str
    path: Path
    figures: list[Figure]
    others: list[Other]
    description: str = ""
    hidden_sheets: tuple[str, ...] = ()

    @property
    def truth(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for f in self.figures:
            out.setdefault(f.unit, {})[f.key] = f.value
        return out

    def expected_ledger(self) -> dict[str, int]:
        """What ``FileResult.ledger`` should count once the file is read right, over the visible sheets:
        every figure read; totals and group rows checked; a unit units.csv does not list left unread (and
        named by a finding); every other numeric cell layout. Numeric means a number, "-", or text such
        as "1.234" or "12"; codes typed as text ("04.01") are identifiers, not numeric cells."""
        out = {"read": sum(1 for f in self.figures if f.sheet not in self.hidden_sheets),
               "checked": 0, "layout": 0, "unread": 0}
        for o in self.others:
            text_code = o.kind == "code" and isinstance(o.value, str)
            if o.sheet in self.hidden_sheets or as_number(o.value) is None or text_code:
                continue
            out[LEDGER_OF_KIND.get(o.kind, "layout")] += 1
        return out


LEDGER_OF_KIND = {"total": "checked", "group": "checked", "unknown_unit": "unread"}  # any other kind: layout


class Book:
    """Sheets built in memory, then saved by XlsxWriter, openpyxl or as CSV."""

    def __init__(self) -> None:
        self.sheets: list[Sheet] = []

    def sheet(self, name: str, hidden: bool = False) -> Sheet:
        s = Sheet(name, hidden)
        self.sheets.append(s)
        return s

    def _result(self, layout: str, path: Path, description: str) -> ClerkFile:
        figures = [Figure(u, k, float(v), s.name, ref(r, c)) for s in self.sheets for r, c, u, k, v in s.figs]
        others = [Other(kind, v, s.name, ref(r, c)) for s in self.sheets for r, c, kind, v in s.others]
        hidden = tuple(s.name for s in self.sheets if s.hidden)
        return ClerkFile(layout, path, figures, others, description, hidden)

    def save_xlsxwriter(self, path: Path, layout: str, description: str = "") -> ClerkFile:
        path.parent.mkdir(parents=True, exist_ok=True)
        wb = xlsxwriter.Workbook(str(path))
        wb.set_properties({"created": FIXED})
        bold = wb.add_format({"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter"})
        first_visible = next(s for s in self.sheets if not s.hidden)
        for s in self.sheets:
            ws = wb.add_worksheet(s.name)
            merged = {(r1, c1) for r1, c1, _, _ in s.merges}
            for r1, c1, r2, c2 in s.merges:
                ws.merge_range(r1, c1, r2, c2, s.cells.get((r1, c1), ""), bold)
            for (r, c), v in sorted(s.cells.items()):
                if (r, c) in merged:
                    continue
                if isinstance(v, Formula):
                    ws.write_formula(r, c, v.text, None, v.value)
                elif isinstance(v, str):
                    ws.write_string(r, c, v)
                else:
                    ws.write_number(r, c, v)
            for r in sorted(s.hidden_rows):
                ws.set_row(r, None, None, {"hidden": True})
            ws.set_column(0, 0, 6)
            ws.set_column(1, 1, 28)
            if s is first_visible:
                ws.activate()
            if s.hidden:
                ws.hide()
        wb.close()
        return self._result(layout, path, description)

    def fill_openpyxl(self, wb: Any) -> None:
        """Write the sheets into an openpyxl workbook (formulas as their values: openpyxl caches none)."""
        for s in self.sheets:
            ws = wb.create_sheet(s.name)
            for (r, c), v in sorted(s.cells.items()):
                ws.cell(row=r + 1, column=c + 1, value=v.value if isinstance(v, Formula) else v)
            for r1, c1, r2, c2 in s.merges:
                ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
            for r in s.hidden_rows:
                ws.row_dimensions[r + 1].hidden = True
            if s.hidden:
                ws.sheet_state = "hidden"

    def save_openpyxl(self, path: Path, layout: str, description: str = "") -> ClerkFile:
        path.parent.mkdir(parents=True, exist_ok=True)
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        self.fill_openpyxl(wb)
        wb.active = next(i for i, s in enumerate(self.sheets) if not s.hidden)
        save_openpyxl_fixed(wb, path)
        return self._result(layout, path, description)

    def save_csv(self, path: Path, layout: str, description: str = "", delimiter: str = ",",
                 encoding: str = "utf-8-sig") -> ClerkFile:
        """One sheet as CSV; its cells are then on sheet ``path.stem`` (as dm05 names a CSV grid)."""
        (s,) = self.sheets
        s.name = path.stem
        path.parent.mkdir(parents=True, exist_ok=True)
        height = max(r for r, _ in s.cells) + 1
        width = max(c for _, c in s.cells) + 1
        out = io.StringIO()
        w = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
        for r in range(height):
            w.writerow([_csv_text(s.cells.get((r, c))) for c in range(width)])
        path.write_bytes(out.getvalue().encode(encoding))
        return self._result(layout, path, description)


def save_openpyxl_fixed(wb: Any, path: Path) -> None:
    """Save with openpyxl, then fix the times it stamps (zip entries, docProps modified): same bytes each run."""
    wb.properties.created = FIXED
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = [(i.filename, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-12-01T00:00:00Z", data)
            z.writestr(zipfile.ZipInfo(name, date_time=FIXED.timetuple()[:6]), data, zipfile.ZIP_DEFLATED)


def _csv_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, Formula):
        v = v.value
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


# --- pieces every layout uses ---------------------------------------------------------------------

def title_block(s: Sheet, commune: str, title: str, width: int = 8, r0: int = 0) -> int:
    """The party top block and the title; returns the next free row."""
    s.merge(r0, 0, r0, 2, "ĐẢNG BỘ TỈNH LẠC HỒNG")
    s.merge(r0, 4, r0, width - 1, "ĐẢNG CỘNG SẢN VIỆT NAM")
    s.merge(r0 + 1, 0, r0 + 1, 2, f"ĐẢNG ỦY XÃ {commune.upper()}")
    s.merge(r0 + 1, 4, r0 + 1, width - 1, f"{commune}, ngày 10 tháng 12 năm {YEAR}")
    s.put(r0 + 2, 1, "*")
    s.merge(r0 + 3, 0, r0 + 3, width - 1, title)
    return r0 + 5


def signature_rows(s: Sheet, r0: int, name_col: int = 1, right_col: int = 5, with_numbers: bool = False) -> int:
    """The block under a table: date line, preparer, T/M …, signer, Nơi nhận; optionally a phone number and
    a document number in cells of their own."""
    s.put(r0, right_col, f"An Lạc, ngày 15 tháng 12 năm {YEAR}")
    s.put(r0 + 1, name_col, "NGƯỜI LẬP BIỂU")
    s.put(r0 + 1, right_col, "T/M ĐẢNG ỦY")
    s.put(r0 + 2, name_col, "(Ký, ghi rõ họ tên)")
    s.put(r0 + 2, right_col, "BÍ THƯ")
    s.put(r0 + 5, name_col, "Nguyễn Thị Hoa")
    s.put(r0 + 5, right_col, "Trần Văn Bình")
    s.put(r0 + 7, name_col - 1 if name_col else 0, "Nơi nhận:")
    s.put(r0 + 8, name_col - 1 if name_col else 0, "- Như trên;")
    s.put(r0 + 9, name_col - 1 if name_col else 0, "- Lưu VP.")
    if with_numbers:
        s.put(r0 + 6, name_col, "Điện thoại:")
        s.other(r0 + 6, name_col + 1, 912345678, "phone")
        s.put(r0 + 10, name_col - 1 if name_col else 0, "Số:")
        s.other(r0 + 10, name_col, 12, "document_number")
    return r0 + 11


def index_row(s: Sheet, r: int, c0: int, labels: list[Any]) -> None:
    """The column-number row under a header: "(1)", 2, "4=3/2", "6 (=7+8)"."""
    for i, v in enumerate(labels):
        s.other(r, c0 + i, v, "column_number")


def rate(num: float, den: float) -> float:
    return round(100 * num / den, 2) if den else 0.0


def commune_name(code: str, tree: Tree = TREE) -> str:
    """ "An Lạc" for "Đảng bộ xã An Lạc"."""
    return tree.name(code).split(" xã ", 1)[1]


def cells_of(commune: str, tree: Tree = TREE) -> list[str]:
    return tree.children(commune)


FigureCols = list[tuple[int, str]]  # (column, indicator key)


def data_rows(s: Sheet, r0: int, units: list[str], cols: FigureCols, *, seed: int = 0,
              stt_col: int | None = 0, name_col: int | None = 1, code_col: int | None = None,
              name_of: Callable[[str, int], Any] | None = None, shown: Callable[[str, str, int], Any] | None = None,
              rates: Sequence[tuple[int, str, str]] = (), stt_start: int = 1) -> int:
    """One row per unit; ``rates`` are (column, numerator key, denominator key) computed by the clerk.
    Returns the next free row."""
    for i, unit in enumerate(units):
        r = r0 + i
        figs = cell_figures(unit, seed) if unit.count(".") else commune_figures(unit, seed=seed)
        if stt_col is not None:
            s.other(r, stt_col, stt_start + i, "stt")
        if name_col is not None:
            s.put(r, name_col, name_of(unit, i) if name_of else TREE.name(unit))
        if code_col is not None:
            s.other(r, code_col, unit, "code")  # text, but a number to a careless reader
        for c, key in cols:
            s.fig(r, c, unit, key, figs[key], shown(unit, key, figs[key]) if shown else None)
        for c, num, den in rates:
            s.other(r, c, rate(figs[num], figs[den]), "rate")
    return r0 + len(units)


def total_row(s: Sheet, r: int, units: list[str], cols: FigureCols, label: str, label_col: int = 1,
              kind: str = "total", first: int | None = None, seed: int = 0, formulas: bool = False,
              rates: Sequence[tuple[int, str, str]] = ()) -> None:
    """A totals (or group) row with correct sums; as SUM formulas over rows first..r-1 when asked."""
    s.put(r, label_col, label)
    sums: dict[str, float] = {}
    for c, key in cols:
        sums[key] = sum(cell_figures(u, seed)[key] for u in units)
        if formulas and first is not None:
            col = ref(0, c)[:-1]
            s.other(r, c, Formula(f"=SUM({col}{first + 1}:{col}{r})", sums[key]), kind)
        else:
            s.other(r, c, sums[key], kind)
    for c, num, den in rates:
        s.other(r, c, rate(sum(cell_figures(u, seed)[num] for u in units),
                           sum(cell_figures(u, seed)[den] for u in units)), "rate")


def _file(folder: Path, name: str) -> Path:
    return folder / name


# --- the layouts ---------------------------------------------------------------------------------

def title_three_row_header(folder: Path, seed: int = 0, commune: str = "01") -> ClerkFile:
    """Title rows, a three-row merged header, the column-number row."""
    b = Book()
    s = b.sheet("Biểu 01")
    r = title_block(s, commune_name(commune), f"BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN KẾT LUẬN 01-KL/TW NĂM {YEAR}", 11)
    h = r
    s.merge(h, 0, h + 2, 0, "STT")
    s.merge(h, 1, h + 2, 1, "Tên chi bộ")
    s.merge(h, 2, h + 2, 2, "Số đảng viên")
    s.merge(h, 3, h, 6, "Học tập, quán triệt chuyên đề năm")
    s.merge(h + 1, 3, h + 1, 4, "Đảng viên")
    s.row(h + 2, 3, ["Số lượng", "Tỷ lệ %"])
    s.merge(h + 1, 5, h + 2, 5, "Quần chúng (lượt)")
    s.merge(h + 1, 6, h + 2, 6, "Số hội nghị")
    s.merge(h, 7, h, 10, "Đăng ký làm theo")
    s.merge(h + 1, 7, h + 2, 7, "Tập thể")
    s.merge(h + 1, 8, h + 2, 8, "Cá nhân")
    s.merge(h + 1, 9, h + 1, 10, "Cán bộ chủ chốt")
    s.row(h + 2, 9, ["Tổng số", "Đã đăng ký"])
    index_row(s, h + 3, 0, ["(1)", "(2)", "(3)", "(4)", "5=4/3", "(6)", "(7)", "8", "9", "10 (=11+12)", "11"])
    cols = [(2, "so_dang_vien"), (3, "dang_vien_hoc_tap"), (5, "luot_quan_chung_hoc_tap"), (6, "hoi_nghi_hoc_tap"),
            (7, "tap_the_dang_ky_mo_hinh"), (8, "ca_nhan_dang_ky_mo_hinh"), (9, "can_bo_chu_chot"),
            (10, "can_bo_chu_chot_dang_ky")]
    data_rows(s, h + 4, cells_of(commune), cols, seed=seed, rates=[(4, "dang_vien_hoc_tap", "so_dang_vien")])
    return b.save_xlsxwriter(_file(folder, "01_bieu_tong_hop_an_lac_2026.xlsx"), "title_three_row_header")


def same_sublabel_groups(folder: Path, seed: int = 0, commune: str = "02") -> ClerkFile:
    """ "Tổng số" / "Đã đăng ký" under both "Cán bộ chủ chốt" and "Đảng viên"."""
    b = Book()
    s = b.sheet("Đăng ký làm theo")
    s.put(0, 0, f"ĐẢNG ỦY XÃ {commune_name(commune).upper()}")
    s.put(1, 0, f"KẾT QUẢ ĐĂNG KÝ HỌC TẬP VÀ LÀM THEO NĂM {YEAR}")
    h = 3
    s.merge(h, 0, h + 1, 0, "TT")
    s.merge(h, 1, h + 1, 1, "Chi bộ")
    s.merge(h, 2, h, 3, "Cán bộ chủ chốt")
    s.merge(h, 4, h, 5, "Đảng viên")
    s.row(h + 1, 2, ["Tổng số", "Đã đăng ký", "Tổng số", "Đã đăng ký"])
    cols = [(2, "can_bo_chu_chot"), (3, "can_bo_chu_chot_dang_ky"), (4, "so_dang_vien"), (5, "dang_vien_dang_ky")]
    data_rows(s, h + 2, cells_of(commune), cols, seed=seed)
    return b.save_xlsxwriter(_file(folder, "02_dang_ky_bac_son.xlsx"), "same_sublabel_groups")


def tables_stacked(folder: Path, seed: int = 0, commune: str = "03") -> ClerkFile:
    """A figures table and, below it, a ratings table, on one sheet."""
    b = Book()
    s = b.sheet("Báo cáo")
    s.put(0, 0, f"ĐẢNG ỦY XÃ {commune_name(commune).upper()}")
    s.put(1, 0, f"I. SỐ LIỆU HỌC TẬP VÀ LÀM THEO NĂM {YEAR}")
    units = cells_of(commune)
    s.row(3, 0, ["STT", "Tên chi bộ", "Số đảng viên", "Số đảng viên tham gia học tập chuyên đề",
                 "Số mô hình xây dựng mới"])
    cols = [(2, "so_dang_vien"), (3, "dang_vien_hoc_tap"), (4, "mo_hinh_moi")]
    r = data_rows(s, 4, units, cols, seed=seed)
    total_row(s, r, units, cols, "Cộng", seed=seed, formulas=True, first=4)
    r += 2
    s.put(r, 0, "II. KẾT QUẢ XẾP LOẠI TỔ CHỨC ĐẢNG")
    s.row(r + 1, 0, ["STT", "Tên chi bộ", "Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ",
                     "Hoàn thành nhiệm vụ", "Không hoàn thành nhiệm vụ"])
    for i, unit in enumerate(units):
        rr = r + 2 + i
        s.other(rr, 0, i + 1, "stt")
        s.put(rr, 1, TREE.name(unit))
        figs = cell_figures(unit, seed)
        for j, key in enumerate(RATINGS):
            if figs[key]:
                s.fig(rr, 2 + j, unit, key, 1)
    return b.save_xlsxwriter(_file(folder, "03_bao_cao_hoa_binh.xlsx"), "tables_stacked")


def tables_side_by_side(folder: Path, seed: int = 0, commune: str = "01") -> ClerkFile:
    """Two tables next to each other: members and study on the left, models and awards on the right."""
    b = Book()
    s = b.sheet("Sheet1")
    s.put(0, 0, f"BIỂU SỐ LIỆU NĂM {YEAR} - ĐẢNG BỘ XÃ {commune_name(commune).upper()}")
    s.put(2, 0, "1. Học tập chuyên đề")
    s.put(2, 6, "2. Mô hình, khen thưởng")
    s.row(3, 0, ["STT", "Tên chi bộ", "Số đảng viên", "Số đảng viên tham gia học tập chuyên đề",
                 "Số lượt quần chúng tham gia học tập chuyên đề"])
    s.row(3, 6, ["STT", "Tên chi bộ", "Số mô hình xây dựng mới", "Số mô hình nhân rộng",
                 "Tập thể được khen thưởng", "Cá nhân được khen thưởng"])
    units = cells_of(commune)
    data_rows(s, 4, units, [(2, "so_dang_vien"), (3, "dang_vien_hoc_tap"), (4, "luot_quan_chung_hoc_tap")], seed=seed)
    data_rows(s, 4, units, [(8, "mo_hinh_moi"), (9, "mo_hinh_nhan_rong"), (10, "tap_the_khen_thuong"),
                            (11, "ca_nhan_khen_thuong")], seed=seed, stt_col=6, name_col=7)
    return b.save_xlsxwriter(_file(folder, "04_so_lieu_an_lac.xlsx"), "tables_side_by_side")


def abbreviated_headers(folder: Path, seed: int = 0, commune: str = "02", name_header: str = "Tên chi bộ") -> ClerkFile:
    """Headers as clerks shorten them (ĐV, ĐK LT, CBCC, SHCB, SHCĐ, TCĐ, HTXS…KHT, QC, HN, BD, KT, GS) and
    SL/TL or TT/CN sub-columns under a group ("TL" a rate; "TT" = tập thể, also the usual STT header)."""
    b = Book()
    s = b.sheet("TH")
    s.put(0, 0, f"ĐU XÃ {commune_name(commune).upper()} - BIỂU TH CT05 CÁC CB TRỰC THUỘC NĂM {YEAR}")
    h = 2
    single = {0: "TT", 1: name_header, 2: "Số ĐV", 3: "ĐV ĐK LT", 6: "CBCC", 7: "CB chủ chốt ĐK", 8: "SHCB đủ 12 kỳ",
              9: "SHCĐ ≥4 kỳ", 14: "Số lượt QC học tập", 15: "Số HN học tập", 18: "KT, GS"}
    for c, t in single.items():
        s.merge(h, c, h + 1, c, t)
    s.merge(h, 4, h, 5, "ĐV học tập CĐ")
    s.row(h + 1, 4, ["SL", "TL"])
    s.merge(h, 10, h, 13, "Xếp loại TCĐ")
    s.row(h + 1, 10, ["HTXS", "HTT", "HT", "KHT"])
    s.merge(h, 16, h, 17, "BD, KT")
    s.row(h + 1, 16, ["TT", "CN"])
    cols = [(2, "so_dang_vien"), (3, "dang_vien_dang_ky"), (4, "dang_vien_hoc_tap"), (6, "can_bo_chu_chot"),
            (7, "can_bo_chu_chot_dang_ky"), (8, "chi_bo_sinh_hoat_du_12_ky"), (9, "chi_bo_sinh_hoat_chuyen_de"),
            (10, "xep_loai_htxs"), (11, "xep_loai_htt"), (12, "xep_loai_ht"), (13, "xep_loai_kht"),
            (14, "luot_quan_chung_hoc_tap"), (15, "hoi_nghi_hoc_tap"), (16, "tap_the_khen_thuong"),
            (17, "ca_nhan_khen_thuong"), (18, "cuoc_kiem_tra_giam_sat")]
    data_rows(s, h + 2, cells_of(commune), cols, seed=seed, rates=[(5, "dang_vien_hoc_tap", "so_dang_vien")])
    return b.save_xlsxwriter(_file(folder, "05_th_bac_son.xlsx"), "abbreviated_headers")


def signature_block(folder: Path, seed: int = 0, commune: str = "03") -> ClerkFile:
    """A plain table between a numbered top block and a signature block with a phone number."""
    b = Book()
    s = b.sheet("Biểu")
    s.put(0, 0, f"ĐẢNG ỦY XÃ {commune_name(commune).upper()}")
    s.put(1, 0, "Số:")
    s.other(1, 1, 12, "document_number")
    s.put(1, 2, "-BC/ĐU")
    s.put(2, 2, f"BÁO CÁO SỐ LIỆU NĂM {YEAR}")
    s.row(4, 0, ["STT", "Tên chi bộ", "Số đảng viên", "Số cán bộ, đảng viên đăng ký học tập và làm theo",
                 "Số hội nghị học tập", "Số tin, bài tuyên truyền"])
    units = cells_of(commune)
    cols = [(2, "so_dang_vien"), (3, "dang_vien_dang_ky"), (4, "hoi_nghi_hoc_tap"), (5, "tin_bai_tuyen_truyen")]
    r = data_rows(s, 5, units, cols, seed=seed)
    signature_rows(s, r + 1, name_col=1, right_col=4, with_numbers=True)
    return b.save_xlsxwriter(_file(folder, "06_bao_cao_hoa_binh_co_chu_ky.xlsx"), "signature_block")


VERTICAL = [("so_chi_bo", "Tổng số chi bộ trực thuộc", "chi bộ"), ("so_dang_vien", "Tổng số đảng viên", "người"),
            ("dang_vien_hoc_tap", "Số đảng viên tham gia học tập chuyên đề", "người"),
            ("luot_quan_chung_hoc_tap", "Số lượt quần chúng tham gia học tập chuyên đề", "lượt"),
            ("chi_bo_xay_dung_ke_hoach", "Số chi bộ xây dựng kế hoạch thực hiện", "chi bộ"),
            ("mo_hinh_moi", "Số mô hình học tập và làm theo Bác xây dựng mới", "mô hình"),
            ("mo_hinh_nhan_rong", "Số mô hình được nhân rộng", "mô hình"),
            ("ca_nhan_khen_thuong", "Số cá nhân được biểu dương, khen thưởng", "người")]


def vertical_dvt(folder: Path, seed: int = 0, commune: str = "02") -> ClerkFile:
    """One row per indicator with a unit-of-measure column; the commune named in the title block."""
    b = Book()
    s = b.sheet("Biểu 02")
    s.put(0, 0, f"Đơn vị: Đảng bộ xã {commune_name(commune)}")
    s.put(1, 0, f"BIỂU SỐ LIỆU THỰC HIỆN KẾT LUẬN 01-KL/TW NĂM {YEAR}")
    s.row(3, 0, ["STT", "Chỉ tiêu", "ĐVT", "Số liệu"])
    index_row(s, 4, 0, [1, 2, 3, 4])
    figs = commune_figures(commune, seed=seed)
    for i, (key, label, unit_of_measure) in enumerate(VERTICAL):
        s.other(5 + i, 0, i + 1, "stt")
        s.row(5 + i, 1, [label, unit_of_measure])
        s.fig(5 + i, 3, commune, key, figs[key])
    return b.save_xlsxwriter(_file(folder, "07_bieu_doc_bac_son.xlsx"), "vertical_dvt")


def vertical_two_years(folder: Path, seed: int = 0, commune: str = "03") -> ClerkFile:
    """The vertical form with last year beside this year and a comparison column."""
    b = Book()
    s = b.sheet("So sánh")
    s.put(0, 0, f"Đơn vị: Đảng bộ xã {commune_name(commune)}")
    s.put(1, 0, f"KẾT QUẢ THỰC HIỆN NĂM {YEAR} SO VỚI NĂM {YEAR - 1}")
    s.row(3, 0, ["TT", "Nội dung", "Đơn vị tính", f"Năm {YEAR - 1}", f"Năm {YEAR}", "So sánh (%)"])
    now, before = commune_figures(commune, seed=seed), commune_figures(commune, seed=seed + 1)
    for i, (key, label, unit_of_measure) in enumerate(VERTICAL):
        s.other(4 + i, 0, i + 1, "stt")
        s.row(4 + i, 1, [label, unit_of_measure])
        s.other(4 + i, 3, before[key], "previous_year")
        s.fig(4 + i, 4, commune, key, now[key])
        s.other(4 + i, 5, rate(now[key], before[key]), "rate")
    return b.save_xlsxwriter(_file(folder, "08_so_sanh_hoa_binh.xlsx"), "vertical_two_years")


def horizontal_dvt_row(folder: Path, seed: int = 0, commune: str = "04") -> ClerkFile:
    """A table whose header has an "ĐVT" row (unit of measure per column) under it."""
    b = Book()
    s = b.sheet("Biểu")
    s.put(0, 0, f"ĐẢNG ỦY XÃ {commune_name(commune).upper()}")
    s.put(1, 0, f"TỔNG HỢP SỐ LIỆU NĂM {YEAR}")
    s.row(3, 0, ["STT", "Mã chi bộ", "Tên chi bộ", "Số đảng viên", "Số lượt quần chúng tham gia học tập chuyên đề",
                 "Số chi bộ xây dựng kế hoạch thực hiện", "Số mô hình học tập và làm theo Bác xây dựng mới"])
    s.row(4, 0, [None, None, "ĐVT", "người", "lượt", "chi bộ", "mô hình"])
    cols = [(3, "so_dang_vien"), (4, "luot_quan_chung_hoc_tap"), (5, "chi_bo_xay_dung_ke_hoach"), (6, "mo_hinh_moi")]
    data_rows(s, 5, cells_of(commune)[:6], cols, seed=seed, code_col=1, name_col=2)
    return b.save_xlsxwriter(_file(folder, "09_tong_hop_tan_lap.xlsx"), "horizontal_dvt_row")


def hidden_sheet_rows(folder: Path, seed: int = 0, commune: str = "01") -> ClerkFile:
    """Last year's workbook reopened (openpyxl): its sheet hidden, this year's added, a row hidden."""
    path = _file(folder, "10_an_lac_nam_2026.xlsx")
    units = cells_of(commune)
    cols = [(2, "so_dang_vien"), (3, "dang_vien_dang_ky"), (4, "mo_hinh_moi"), (5, "tin_bai_tuyen_truyen")]
    head = ["STT", "Tên chi bộ", "Số đảng viên", "Số cán bộ, đảng viên đăng ký học tập và làm theo",
            "Số mô hình xây dựng mới", "Số tin, bài tuyên truyền"]

    old = Book()
    o = old.sheet(f"Năm {YEAR - 1}")
    o.put(0, 0, f"BIỂU SỐ LIỆU NĂM {YEAR - 1}")
    o.row(2, 0, head)
    data_rows(o, 3, units, cols, seed=seed + 1)
    old.save_xlsxwriter(path, "hidden_sheet_rows")

    new = Book()
    s = new.sheet(f"Năm {YEAR}")
    s.put(0, 0, f"BIỂU SỐ LIỆU NĂM {YEAR}")
    s.row(2, 0, head)
    r = data_rows(s, 3, units, cols, seed=seed)
    s.hidden_rows.add(4)
    total_row(s, r, units, cols, "Tổng cộng", seed=seed)
    wb = openpyxl.load_workbook(path)
    wb[f"Năm {YEAR - 1}"].sheet_state = "hidden"
    new.fill_openpyxl(wb)
    wb.move_sheet(f"Năm {YEAR}", offset=-1)
    wb.active = 0
    save_openpyxl_fixed(wb, path)
    result = new._result("hidden_sheet_rows", path, "")
    result.hidden_sheets = (o.name,)
    result.others += [Other("old_year", v, o.name, ref(r_, c)) for r_, c, _, _, v in o.figs]
    result.others += [Other(kind, v, o.name, ref(r_, c)) for r_, c, kind, v in o.others]
    return result


def dash_zero(folder: Path, seed: int = 0, commune: str = "04") -> ClerkFile:
    """Zero typed as "-" (sometimes "–") in count cells."""
    b = Book()
    s = b.sheet("Biểu")
    s.put(0, 0, f"ĐẢNG BỘ XÃ {commune_name(commune).upper()} - SỐ LIỆU NĂM {YEAR}")
    s.row(2, 0, ["STT", "Mã đơn vị", "Tên chi bộ", "Số mô hình xây dựng mới", "Số mô hình nhân rộng",
                 "Tập thể được khen thưởng", "Cá nhân được khen thưởng", "Số sáng kiến", "Số cuộc kiểm tra, giám sát"])
    cols = [(3, "mo_hinh_moi"), (4, "mo_hinh_nhan_rong"), (5, "tap_the_khen_thuong"), (6, "ca_nhan_khen_thuong"),
            (7, "sang_kien"), (8, "cuoc_kiem_tra_giam_sat")]

    def shown(unit: str, key: str, value: float) -> Any:
        return None if value else ("–" if unit.endswith("7") else "-")

    data_rows(s, 3, cells_of(commune), cols, seed=seed, code_col=1, name_col=2, shown=shown)
    return b.save_xlsxwriter(_file(folder, "11_khen_thuong_tan_lap.xlsx"), "dash_zero")


def _decorated(unit: str, i: int) -> str:
    """Names as typed: "1. Chi bộ thôn 1", "a) Chi bộ …", "CB thôn Hạ", "Chi bộ Thôn 3", "4. Thôn Bắc"."""
    name = TREE.name(unit)
    short = name[len("Chi bộ "):]
    forms = [f"{i + 1}. {name}", f"{i + 1}. {short[0].upper()}{short[1:]}", f"CB {short}",
             f"Chi bộ {short[0].upper()}{short[1:]}", f"{'abcdđeghiklmn'[i % 13]}) {name}", name]
    return forms[i % len(forms)]


def recurring_cells(commune: str, tree: Tree = TREE) -> list[str]:
    """The commune's cells whose name another commune also has ("Chi bộ thôn 1")."""
    others = {tree.name(u) for c in tree.children("00") if c != commune for u in tree.children(c)}
    return [u for u in tree.children(commune) if tree.name(u) in others]


def _names_sheet(s: Sheet, commune: str, seed: int, r0: int, only_recurring: bool, decorate: bool = True) -> None:
    """Cell names (decorated: "1. …", "CB …") in the first column; with ``only_recurring`` no row names a cell
    only this commune has, so the rows alone cannot tell the commune."""
    units = recurring_cells(commune) if only_recurring else cells_of(commune)
    s.row(r0, 0, ["STT", "Tên chi bộ", "Số đảng viên", "Số cán bộ chủ chốt", "Số cán bộ chủ chốt đăng ký làm theo"])
    cols = [(2, "so_dang_vien"), (3, "can_bo_chu_chot"), (4, "can_bo_chu_chot_dang_ky")]
    data_rows(s, r0 + 1, units, cols, seed=seed, stt_col=None, name_of=_decorated if decorate else None)


def names_commune_in_title(folder: Path, seed: int = 0, commune: str = "02", only_recurring: bool = True) -> ClerkFile:
    """Decorated, recurring cell names, no code column; the commune only in the title block."""
    b = Book()
    s = b.sheet("Sheet1")
    s.put(0, 0, f"ĐẢNG ỦY XÃ {commune_name(commune).upper()}")
    s.put(1, 0, f"Đơn vị: Đảng bộ xã {commune_name(commune)}")
    s.put(2, 0, f"SỐ LIỆU CÁN BỘ CHỦ CHỐT NĂM {YEAR}")
    _names_sheet(s, commune, seed, 4, only_recurring)
    return b.save_xlsxwriter(_file(folder, "12_can_bo_chu_chot.xlsx"), "names_commune_in_title")


def names_commune_in_file_name(folder: Path, seed: int = 0, commune: str = "01",
                               only_recurring: bool = True, decorate: bool = False) -> ClerkFile:
    """Recurring cell names as in units.csv; the commune only in the file name."""
    b = Book()
    s = b.sheet("Sheet1")
    s.put(0, 0, f"SỐ LIỆU CÁN BỘ CHỦ CHỐT NĂM {YEAR}")
    _names_sheet(s, commune, seed, 2, only_recurring, decorate)
    return b.save_xlsxwriter(_file(folder, f"13_xa_{commune_name(commune)}.xlsx"), "names_commune_in_file_name")


def names_commune_in_sheet_name(folder: Path, seed: int = 0, commune: str = "04",
                                only_recurring: bool = False) -> ClerkFile:
    """Decorated cell names (some only this commune has); the commune only in the sheet name."""
    b = Book()
    s = b.sheet(f"Xã {commune_name(commune)}")
    s.put(0, 0, f"SỐ LIỆU CÁN BỘ CHỦ CHỐT NĂM {YEAR}")
    _names_sheet(s, commune, seed, 2, only_recurring)
    return b.save_xlsxwriter(_file(folder, "14_can_bo_chu_chot.xlsx"), "names_commune_in_sheet_name")


def mangled_codes(folder: Path, seed: int = 0) -> ClerkFile:
    """Codes Excel turned into numbers (4.01, 4.1 for "04.10") or typed without the leading zero ("1.05")."""
    b = Book()
    s = b.sheet("Biểu")
    s.put(0, 0, f"SỐ LIỆU CHI BỘ NĂM {YEAR}")
    s.row(2, 0, ["STT", "Mã đơn vị", "Tên chi bộ", "Số đảng viên", "Số đảng viên tham gia học tập chuyên đề"])
    units = ["04.01", "04.02", "04.10", "04.11", "01.05", "01.01", "02.03"]
    cols = [(3, "so_dang_vien"), (4, "dang_vien_hoc_tap")]
    data_rows(s, 3, units, cols, seed=seed, code_col=None, name_col=2)
    for i, unit in enumerate(units):
        if unit.startswith("04"):
            s.other(3 + i, 1, float(unit), "code")  # 4.01, 4.1 …
        else:
            s.other(3 + i, 1, unit.lstrip("0"), "code")  # "1.05"
    return b.save_openpyxl(_file(folder, "15_ma_bi_doi.xlsx"), "mangled_codes")


def totals_and_groups(folder: Path, seed: int = 0, commune: str = "02") -> ClerkFile:
    """Totals first (party forms), group rows "I"/"II" and "a)" with subtotals, SUM formulas, "Cộng"."""
    b = Book()
    s = b.sheet("Biểu 1")
    s.put(0, 0, f"ĐẢNG BỘ XÃ {commune_name(commune).upper()}")
    s.put(1, 0, f"BIỂU TỔNG HỢP NĂM {YEAR}")
    s.row(3, 0, ["STT", "Tên đơn vị", "Số đảng viên", "Số đảng viên tham gia học tập chuyên đề",
                 "Số hội nghị học tập"])
    index_row(s, 4, 0, [1, 2, 3, 4, 5])  # typed as numbers
    cells = cells_of(commune)
    villages = [u for u in cells if "thôn" in TREE.name(u)]
    quarters = [u for u in cells if "khu phố" in TREE.name(u)]
    cols = [(2, "so_dang_vien"), (3, "dang_vien_hoc_tap"), (4, "hoi_nghi_hoc_tap")]
    total_row(s, 5, cells, cols, "Tổng cộng", seed=seed)
    s.put(6, 0, "I")
    total_row(s, 6, villages, cols, "Các chi bộ thôn", kind="group", seed=seed)
    r = data_rows(s, 7, villages, cols, seed=seed)
    s.put(r, 0, "II")
    total_row(s, r, quarters, cols, "Các chi bộ khu phố", kind="group", seed=seed)
    r = data_rows(s, r + 1, quarters, cols, seed=seed, stt_start=len(villages) + 1)
    b2 = b.sheet("Biểu 2")
    b2.row(0, 0, ["STT", "Tên đơn vị", "Số tin, bài tuyên truyền", "Số sáng kiến"])
    cols2 = [(2, "tin_bai_tuyen_truyen"), (3, "sang_kien")]
    b2.put(1, 0, "a)")
    b2.put(1, 1, "Khối thôn")
    r = data_rows(b2, 2, villages, cols2, seed=seed)
    b2.put(r, 0, "b)")
    b2.put(r, 1, "Khối khu phố")
    r2 = data_rows(b2, r + 1, quarters, cols2, seed=seed)
    total_row(b2, r2, cells, cols2, "Cộng", seed=seed)
    return b.save_xlsxwriter(_file(folder, "16_tong_hop_co_nhom_bac_son.xlsx"), "totals_and_groups")


def total_with_unknown_unit(folder: Path, seed: int = 0, commune: str = "03") -> ClerkFile:
    """A SUM totals row over a table with one cell that units.csv does not list (a new cell)."""
    b = Book()
    s = b.sheet("Biểu")
    s.put(0, 0, f"ĐẢNG ỦY XÃ {commune_name(commune).upper()} — SỐ LIỆU NĂM {YEAR}")
    s.row(2, 0, ["STT", "Mã đơn vị", "Tên chi bộ", "Số đảng viên", "Số lượt cán bộ, đảng viên tham gia học tập"])
    units = cells_of(commune)
    cols = [(3, "so_dang_vien"), (4, "luot_tham_gia_hoc_tap")]
    r = data_rows(s, 3, units, cols, seed=seed, code_col=1, name_col=2)
    s.other(r, 0, len(units) + 1, "stt")
    s.other(r, 1, f"{commune}.99", "code")
    s.put(r, 2, "Chi bộ thôn Mới")
    new = {"so_dang_vien": 9, "luot_tham_gia_hoc_tap": 27}
    for c, key in cols:
        s.other(r, c, new[key], "unknown_unit")
    s.put(r + 1, 2, "Tổng cộng")
    for c, key in cols:
        col = ref(0, c)[:-1]
        total = sum(cell_figures(u, seed)[key] for u in units) + new[key]
        s.other(r + 1, c, Formula(f"=SUM({col}4:{col}{r + 1})", total), "total")
    return b.save_xlsxwriter(_file(folder, "17_hoa_binh_co_chi_bo_moi.xlsx"), "total_with_unknown_unit")


def stt_rate_notes(folder: Path, seed: int = 0, commune: str = "01") -> ClerkFile:
    """STT, clerk-computed rate columns ("Tỷ lệ %", "TL"), and "Ghi chú" with text and now and then a number."""
    b = Book()
    s = b.sheet("Biểu 3")
    s.put(0, 0, f"ĐẢNG ỦY XÃ {commune_name(commune).upper()}")
    s.put(1, 0, f"KẾT QUẢ HỌC TẬP CHUYÊN ĐỀ NĂM {YEAR}")
    s.row(3, 0, ["STT", "Tên chi bộ", "Số đảng viên", "Số đảng viên tham gia học tập chuyên đề", "Tỷ lệ %",
                 "Số cán bộ, đảng viên đăng ký học tập và làm theo", "TL", "Ghi chú"])
    cols = [(2, "so_dang_vien"), (3, "dang_vien_hoc_tap"), (5, "dang_vien_dang_ky")]
    units = cells_of(commune)
    data_rows(s, 4, units, cols, seed=seed,
              rates=[(4, "dang_vien_hoc_tap", "so_dang_vien"), (6, "dang_vien_dang_ky", "so_dang_vien")])
    s.put(5, 7, "Mới kiện toàn chi ủy")
    s.put(7, 7, "3 ĐV chuyển sinh hoạt")
    s.other(8, 7, 2, "note")
    return b.save_xlsxwriter(_file(folder, "18_hoc_tap_an_lac.xlsx"), "stt_rate_notes")


def mixed_commune(folder: Path, seed: int = 0, commune: str = "04") -> ClerkFile:
    """A realistic commune file: top block, two-row header with groups, column numbers, totals first,
    decorated names, "-" zeros, a rate column, a note, a signature block, last year's sheet hidden."""
    b = Book()
    s = b.sheet("TH 2026")
    r = title_block(s, commune_name(commune), f"BIỂU TỔNG HỢP KẾT QUẢ HỌC TẬP VÀ LÀM THEO BÁC NĂM {YEAR}", 10)
    s.merge(r, 0, r + 1, 0, "TT")
    s.merge(r, 1, r + 1, 1, "Tên chi bộ")
    s.merge(r, 2, r + 1, 2, "Tổng số ĐV")
    s.merge(r, 3, r, 4, "ĐV học tập chuyên đề")
    s.row(r + 1, 3, ["SL", "TL (%)"])
    s.merge(r, 5, r, 6, "Đăng ký làm theo")
    s.row(r + 1, 5, ["Tập thể", "Cá nhân"])
    s.merge(r, 7, r + 1, 7, "Mô hình mới")
    s.merge(r, 8, r + 1, 8, "Số kỳ sinh hoạt định kỳ")
    s.merge(r, 9, r + 1, 9, "Ghi chú")
    index_row(s, r + 2, 0, ["(1)", "(2)", "(3)", "(4)", "(5)=(4)/(3)", "(6)", "(7)", "(8)", "(9)", "(10)"])
    cols = [(2, "so_dang_vien"), (3, "dang_vien_hoc_tap"), (5, "tap_the_dang_ky_mo_hinh"),
            (6, "ca_nhan_dang_ky_mo_hinh"), (7, "mo_hinh_moi"), (8, "so_ky_sinh_hoat_dinh_ky")]
    units = cells_of(commune)
    rates = [(4, "dang_vien_hoc_tap", "so_dang_vien")]
    total_row(s, r + 3, units, [c for c in cols if c[1] != "so_ky_sinh_hoat_dinh_ky"], "Tổng cộng", seed=seed,
              rates=rates)
    first = r + 4

    def shown(unit: str, key: str, value: float) -> Any:
        return "-" if value == 0 else None

    end = data_rows(s, first, units, cols, seed=seed, name_of=_decorated, shown=shown, rates=rates)
    s.put(first + 2, 9, "Chi bộ ghép")
    signature_rows(s, end + 1, name_col=1, right_col=6)
    old = b.sheet(f"TH {YEAR - 1}", hidden=True)
    old.put(0, 0, f"BIỂU TỔNG HỢP NĂM {YEAR - 1}")
    old.row(2, 0, ["TT", "Tên chi bộ", "Tổng số ĐV", "Mô hình mới"])
    data_rows(old, 3, units, [(2, "so_dang_vien"), (3, "mo_hinh_moi")], seed=seed + 1)
    result = b.save_xlsxwriter(_file(folder, "19_tan_lap_tong_hop_2026.xlsx"), "mixed_commune")
    old_cells = {(f.sheet, f.cell) for f in result.figures if f.sheet == old.name}
    result.others += [Other("old_year", f.value, f.sheet, f.cell) for f in result.figures if f.sheet == old.name]
    result.figures = [f for f in result.figures if (f.sheet, f.cell) not in old_cells]
    return result


CLEAN_COLUMNS = [("so_dang_vien", "Số đảng viên"),
                 ("dang_vien_dang_ky", "Số cán bộ, đảng viên đăng ký học tập và làm theo"),
                 ("dang_vien_hoc_tap", "Số đảng viên tham gia học tập chuyên đề"),
                 ("luot_quan_chung_hoc_tap", "Số lượt quần chúng tham gia học tập chuyên đề"),
                 ("can_bo_chu_chot", "Số cán bộ chủ chốt"),
                 ("can_bo_chu_chot_dang_ky", "Số cán bộ chủ chốt đăng ký làm theo"),
                 ("so_ky_sinh_hoat_dinh_ky", "Số kỳ sinh hoạt định kỳ trong năm"),
                 ("mo_hinh_moi", "Số mô hình học tập và làm theo Bác xây dựng mới")]


def _clean_sheet(b: Book, commune: str, seed: int, name: str = "Sheet1", thousands: bool = False) -> Sheet:
    s = b.sheet(name)
    s.row(0, 0, ["STT", "Mã đơn vị", "Tên chi bộ", *(label for _, label in CLEAN_COLUMNS)])
    cols = [(3 + i, key) for i, (key, _) in enumerate(CLEAN_COLUMNS)]

    def shown(unit: str, key: str, value: float) -> Any:
        return f"{int(value) // 1000}.{int(value) % 1000:03d}" if thousands and value >= 1000 else None

    data_rows(s, 1, cells_of(commune), cols, seed=seed, code_col=1, name_col=2, shown=shown)
    return s


def clean_plain(folder: Path, seed: int = 0, commune: str = "03") -> ClerkFile:
    """The control: one header row of catalogue labels, codes as text, nothing else."""
    b = Book()
    _clean_sheet(b, commune, seed)
    return b.save_xlsxwriter(_file(folder, "20_sach_hoa_binh.xlsx"), "clean_plain")


def csv_plain(folder: Path, seed: int = 0, commune: str = "01") -> ClerkFile:
    """The clean table as a comma CSV (UTF-8 with BOM)."""
    b = Book()
    _clean_sheet(b, commune, seed)
    return b.save_csv(_file(folder, "21_an_lac.csv"), "csv_plain")


def csv_semicolon(folder: Path, seed: int = 0, commune: str = "04") -> ClerkFile:
    """A semicolon CSV from Vietnamese Excel: title rows above, "1.234" for thousands."""
    b = Book()
    s = b.sheet("x")
    s.put(0, 0, f"ĐẢNG ỦY XÃ {commune_name(commune).upper()}")
    s.put(1, 0, f"SỐ LIỆU NĂM {YEAR}")
    inner = Book()
    t = _clean_sheet(inner, commune, seed, thousands=True)
    for (r, c), v in t.cells.items():
        s.cells[(r + 3, c)] = v
    s.figs = [(r + 3, c, u, k, v) for r, c, u, k, v in t.figs]
    s.others = [(r + 3, c, kind, v) for r, c, kind, v in t.others]
    return b.save_csv(_file(folder, "22_tan_lap.csv"), "csv_semicolon", delimiter=";")


LAYOUTS: dict[str, Callable[..., ClerkFile]] = {f.__name__: f for f in (
    title_three_row_header, same_sublabel_groups, tables_stacked, tables_side_by_side, abbreviated_headers,
    signature_block, vertical_dvt, vertical_two_years, horizontal_dvt_row, hidden_sheet_rows, dash_zero,
    names_commune_in_title, names_commune_in_file_name, names_commune_in_sheet_name, mangled_codes,
    totals_and_groups, total_with_unknown_unit, stt_rate_notes, mixed_commune, clean_plain, csv_plain,
    csv_semicolon)}

DM05_TOML = """\
schema = 1
recipients = ["Ban Thường vụ Tỉnh ủy (để báo cáo)", "Lưu Văn phòng Tỉnh ủy"]
cell_level = "chi_bo"

[issuer]
superior = "ĐẢNG BỘ TỈNH LẠC HỒNG"
name = "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY"
place = "Lạc Hồng"
body = "Ban Thường vụ Tỉnh ủy"

[number]
type = "BC"
body = "TU"

[signer]
on_behalf = "T/M BAN THƯỜNG VỤ"
title = "PHÓ BÍ THƯ"
name = "Nguyễn Văn A"
"""


def build_corpus(root: Path, seed: int = 0, layouts: list[str] | None = None) -> list[ClerkFile]:
    """A workspace at ``root``: dm05.toml, units.csv and every layout's file in ``inbox/2026``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "dm05.toml").write_text(DM05_TOML, encoding="utf-8")
    TREE.write_csv(root / "units.csv")
    inbox = root / "inbox" / str(YEAR)
    files = []
    for name in layouts or list(LAYOUTS):
        cf = LAYOUTS[name](inbox, seed)
        cf.description = (LAYOUTS[name].__doc__ or "").strip().splitlines()[0]
        files.append(cf)
    return files


# --- reading the files back (for checking the builders) -------------------------------------------

_NUMBERISH = re.compile(r"^\s*-?\d+([.,]\d+)*\s*$")


def as_number(v: Any) -> float | None:
    """What a cell means as a count: numbers, "-" (zero), "1.234" (thousands); None for anything else."""
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float)):
        return float(v)
    text = str(v).strip()
    if text in ("-", "–", "—"):
        return 0.0
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        return float(text.replace(".", ""))
    if _NUMBERISH.match(text):
        return float(text.replace(",", "."))
    return None


def read_back(path: Path) -> dict[tuple[str, str], Any]:
    """Every non-empty cell of every sheet, hidden ones included, as ``{(sheet, "D7"): value}``: openpyxl
    (cached values of formulas) for workbooks, the csv module for CSV."""
    out: dict[tuple[str, str], Any] = {}
    if path.suffix == ".csv":
        text = path.read_bytes().decode("utf-8-sig")
        delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
        for r, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)):
            for c, v in enumerate(row):
                if v != "":
                    out[(path.stem, ref(r, c))] = v
        return out
    wb = openpyxl.load_workbook(path, data_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    out[(ws.title, cell.coordinate)] = cell.value
    return out
