"""How sheets are read (README "How sheets are read"): header abbreviations, unit names as clerks write
them, codes Excel mangled, totals over unknown rows, "-", hidden sheets and rows, the block under a
table and the unit-of-measure column — each case beside its clean twin, with exact figures."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from conftest import ROOT, TINY_TOML, TINY_UNITS

from dm05.ingest import ReadContext
from dm05.period import parse_period
from dm05.textnorm import match_key
from dm05.validate import run
from dm05.workspace import load_workspace

PERIOD = parse_period("2026")


# --- helpers ------------------------------------------------------------------------------------

@dataclass
class Sheet:
    """A sheet to write: ``rows`` from A1 (None leaves a cell empty), ``merges`` as (r1, c1, r2, c2)
    holding the text of their top-left cell in ``rows``."""

    rows: list[list[Any]]
    name: str = "Sheet1"
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden: bool = False
    hidden_rows: tuple[int, ...] = ()  # 0-based


def book(path: Path, *sheets: Sheet) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    for s in sheets:
        ws = wb.add_worksheet(s.name)
        if not s.hidden and s is next(x for x in sheets if not x.hidden):
            ws.activate()  # XlsxWriter will not hide the active sheet, the first by default
        covered = set()
        for r1, c1, r2, c2 in s.merges:
            ws.merge_range(r1, c1, r2, c2, s.rows[r1][c1])
            covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        for r, row in enumerate(s.rows):
            for c, v in enumerate(row):
                if v is not None and (r, c) not in covered:
                    ws.write(r, c, v)
        for r in s.hidden_rows:
            ws.set_row(r, None, None, {"hidden": True})
        if s.hidden:
            ws.hide()
    wb.close()
    return path


def inbox(tiny, name: str = "x.xlsx") -> Path:
    return tiny.root / "inbox" / "2026" / name


def clear(tiny) -> None:
    for p in (tiny.root / "inbox" / "2026").iterdir():
        p.unlink()


def validate(tiny):
    return run(load_workspace(tiny.root), PERIOD)


def found(report, notes: bool = False) -> list[tuple[str, str | None, str | None]]:
    return [(f.rule, f.cell, f.unit) for f in report.findings if notes or f.severity != "note"]


def errors(report) -> list[tuple[str, str | None, str | None]]:
    return [(f.rule, f.cell, f.unit) for f in report.findings if f.severity == "error"]


def figures(report) -> list[tuple[list[str], dict[str, tuple[str, list[float | None]]]]]:
    """Each table read: its units and its columns (key → (letter, values))."""
    return [(s.units, dict(s.columns)) for r in report.files for s in r.sheets]


def values(report) -> list[tuple[list[str], dict[str, list[float | None]]]]:
    """Each table read: its units and its figures by indicator (wherever the column stood)."""
    return [(u, {k: v for k, (_, v) in c.items()}) for u, c in figures(report)]


def context(root: Path) -> ReadContext:
    ws = load_workspace(root)
    return ReadContext(ws.tree(PERIOD), ws.catalogue, PERIOD, ws.config.cell_level, all_units=ws.units)


@pytest.fixture(scope="module")
def ctx(tmp_path_factory) -> ReadContext:
    root = tmp_path_factory.mktemp("ctx")
    (root / "dm05.toml").write_text(TINY_TOML, encoding="utf-8")
    (root / "units.csv").write_text(TINY_UNITS, encoding="utf-8")
    return context(root)


# --- 1. header abbreviations --------------------------------------------------------------------

# One row per key of [header_abbreviations]: the header as a clerk writes it (a path: group › column),
# what it names. A key of the vocabulary without a row here fails test_every_header_abbreviation_has_a_case.
ABBREVIATIONS: list[tuple[str, tuple[str, ...], str, str]] = [
    # (abbreviation, header path, kind, indicator key)
    ("đv", ("Số ĐV",), "indicator", "so_dang_vien"),
    ("cb", ("CB chủ chốt ĐK",), "indicator", "can_bo_chu_chot_dang_ky"),
    ("cbcc", ("CBCC",), "indicator", "can_bo_chu_chot"),
    ("cbđv", ("Số CBĐV ĐK LT",), "indicator", "dang_vien_dang_ky"),
    ("tccsđ", ("Xếp loại TCCSĐ", "HTT"), "indicator", "xep_loai_htt"),
    ("tcđ", ("Xếp loại TCĐ", "TCĐ HTXS"), "indicator", "xep_loai_htxs"),
    ("sh", ("SH đủ 12 kỳ",), "indicator", "chi_bo_sinh_hoat_du_12_ky"),
    ("shcb", ("SHCB đủ 12 kỳ",), "indicator", "chi_bo_sinh_hoat_du_12_ky"),
    ("shcđ", ("SHCĐ ≥4 kỳ",), "indicator", "chi_bo_sinh_hoat_chuyen_de"),
    ("shđk", ("Số kỳ SHĐK",), "indicator", "so_ky_sinh_hoat_dinh_ky"),
    ("cđ", ("Số chi bộ SH CĐ",), "indicator", "chi_bo_sinh_hoat_chuyen_de"),
    ("htxs", ("Xếp loại TCĐ", "HTXS"), "indicator", "xep_loai_htxs"),
    ("htxsnv", ("Xếp loại", "HTXSNV"), "indicator", "xep_loai_htxs"),
    ("htt", ("Xếp loại TCĐ", "HTT"), "indicator", "xep_loai_htt"),
    ("httnv", ("Xếp loại", "HTTNV"), "indicator", "xep_loai_htt"),
    ("ht", ("Xếp loại TCĐ", "HT"), "indicator", "xep_loai_ht"),
    ("htnv", ("Xếp loại", "HTNV"), "indicator", "xep_loai_ht"),
    ("kht", ("Xếp loại TCĐ", "KHT"), "indicator", "xep_loai_kht"),
    ("khtnv", ("Xếp loại", "KHTNV"), "indicator", "xep_loai_kht"),
    ("đk", ("Số ĐV", "ĐK"), "indicator", "dang_vien_dang_ky"),
    ("lt", ("ĐV ĐK LT",), "indicator", "dang_vien_dang_ky"),
    ("bd", ("BD", "TT"), "indicator", "tap_the_khen_thuong"),
    ("kt", ("KT", "CN"), "indicator", "ca_nhan_khen_thuong"),
    ("ktgs", ("Số cuộc KTGS",), "indicator", "cuoc_kiem_tra_giam_sat"),
    ("sl", ("ĐV học tập", "SL"), "indicator", "dang_vien_hoc_tap"),
    ("tl", ("ĐV học tập", "TL"), "rate", "ti_le_dang_vien_hoc_tap"),
    ("qc", ("Số lượt QC học tập",), "indicator", "luot_quan_chung_hoc_tap"),
    ("mh", ("Số MH xây dựng mới",), "indicator", "mo_hinh_moi"),
    ("kh", ("Chi bộ xây dựng KH",), "indicator", "chi_bo_xay_dung_ke_hoach"),
    ("cn", ("BD, KT", "CN"), "indicator", "ca_nhan_khen_thuong"),
    ("tt", ("BD, KT", "TT"), "indicator", "tap_the_khen_thuong"),
    ("gs", ("Số cuộc kiểm tra, GS",), "indicator", "cuoc_kiem_tra_giam_sat"),
    ("kt, gs", ("KT, GS",), "indicator", "cuoc_kiem_tra_giam_sat"),
    ("kt-gs", ("KT-GS",), "indicator", "cuoc_kiem_tra_giam_sat"),
    ("kt/gs", ("KT/GS",), "indicator", "cuoc_kiem_tra_giam_sat"),
    ("bd, kt", ("BD, KT", "Tập thể"), "indicator", "tap_the_khen_thuong"),
    ("bd-kt", ("BD-KT", "CN"), "indicator", "ca_nhan_khen_thuong"),
    ("xd", ("Số chi bộ XD KH",), "indicator", "chi_bo_xay_dung_ke_hoach"),
    ("hn", ("Số HN học tập",), "indicator", "hoi_nghi_hoc_tap"),
]

# Further headers clerks write with the same abbreviations (as the README's table lists them).
MORE_HEADERS: list[tuple[tuple[str, ...], str, str]] = [
    (("CB chủ chốt",), "indicator", "can_bo_chu_chot"),
    (("CBCC", "ĐK LT"), "indicator", "can_bo_chu_chot_dang_ky"),
    (("Số CB, ĐV ĐK LT",), "indicator", "dang_vien_dang_ky"),
    (("Số lượt CB, ĐV học tập",), "indicator", "luot_tham_gia_hoc_tap"),
    (("SHĐK đủ 12 kỳ",), "indicator", "chi_bo_sinh_hoat_du_12_ky"),
    (("Số kỳ SHCĐ",), "indicator", "so_ky_sinh_hoat_chuyen_de"),
    (("Số MH nhân rộng",), "indicator", "mo_hinh_nhan_rong"),
    (("Đăng ký LT", "TT"), "indicator", "tap_the_dang_ky_mo_hinh"),
    (("ĐK LT", "CN"), "indicator", "ca_nhan_dang_ky_mo_hinh"),
    (("Khen thưởng", "TT"), "indicator", "tap_the_khen_thuong"),
    (("Số cuộc KT, GS",), "indicator", "cuoc_kiem_tra_giam_sat"),
    (("Xếp loại TCCSĐ", "HTXS"), "indicator", "xep_loai_htxs"),
    (("Xếp loại TCCSĐ", "KHT"), "indicator", "xep_loai_kht"),
    (("Số ĐV", "ĐK", "SL"), "indicator", "dang_vien_dang_ky"),
    (("Số ĐV", "ĐK", "TL"), "rate", "ti_le_dang_vien_dang_ky"),
    (("ĐV ĐK", "SL/TL"), "rate", "ti_le_dang_vien_dang_ky"),
    (("ĐV học tập", "SL/TL"), "rate", "ti_le_dang_vien_hoc_tap"),
    (("ĐV học tập", "Tỷ lệ %"), "rate", "ti_le_dang_vien_hoc_tap"),
    (("ĐV học tập", "%"), "rate", "ti_le_dang_vien_hoc_tap"),
]


def test_every_header_abbreviation_has_a_case() -> None:
    text = (ROOT / "dm05" / "catalogue" / "vocabulary.toml").read_text(encoding="utf-8")
    keys = {match_key(k) for k in tomllib.loads(text)["header_abbreviations"]}
    assert {a for a, *_ in ABBREVIATIONS} == keys


@pytest.mark.parametrize("abbr,path,kind,key", ABBREVIATIONS, ids=[a for a, *_ in ABBREVIATIONS])
def test_header_abbreviation_names_its_indicator(ctx, abbr, path, kind, key) -> None:
    m = ctx.matcher.match(path)
    assert (m.kind, m.indicator.key if m.indicator else None) == (kind, key)


@pytest.mark.parametrize("path,kind,key", MORE_HEADERS, ids=[" › ".join(p) for p, *_ in MORE_HEADERS])
def test_abbreviated_header_names_its_indicator(ctx, path, kind, key) -> None:
    m = ctx.matcher.match(path)
    assert (m.kind, m.indicator.key if m.indicator else None) == (kind, key)


@pytest.mark.parametrize("path", [("SL",), ("TL",), ("SL/TL",), ("Tỷ lệ %",), ("Số ĐV", "TL")])
def test_a_bare_quantity_or_rate_word_names_nothing_to_read(ctx, path) -> None:
    """"SL" alone is a quantity of nothing named, "TL" or "SL/TL" a rate: neither is read as a figure."""
    m = ctx.matcher.match(path)
    assert m.kind in ("", "rate") and (m.kind == "rate" or m.indicator is None)


@pytest.mark.parametrize("path", [("Số TCCSĐ",), ("Số TCĐ",), ("Số cuộc KT",)])
def test_abbreviation_without_an_indicator_is_unread_with_hints(ctx, path) -> None:
    """"Số TCCSĐ" (grassroots organisations) and "Số TCĐ" are in no catalogue indicator; "Số cuộc KT" (KT
    meaning kiểm tra alone) is not read as a reward count: no match, hints offered."""
    m = ctx.matcher.match(path)
    assert m.kind == "" and m.indicator is None and ctx.matcher.hints(path)


@pytest.mark.parametrize("path", [("Số TCCSĐ HTXS",), ("TCCSĐ hoàn thành xuất sắc nhiệm vụ",), ("Xếp loại", "TCCSĐ HTXS")])
def test_tccsd_in_the_columns_own_cell_names_the_rating(ctx, path) -> None:
    m = ctx.matcher.match(path)
    assert (m.kind, m.indicator.key if m.indicator else None) == ("indicator", "xep_loai_htxs")


ABBR_HEAD = Sheet(
    [["Mã đơn vị", "Số ĐV", "ĐV học tập", None, "Xếp loại TCĐ", None, None, None, "BD, KT", None, "KT, GS",
      "CBCC", "CB chủ chốt ĐK", "SHCB đủ 12 kỳ", "SHCĐ ≥4 kỳ", "Số lượt QC học tập"],
     [None, None, "SL", "TL", "HTXS", "HTT", "HT", "KHT", "TT", "CN", None, None, None, None, None, None],
     ["01.01", 30, 28, "93,3%", 1, 0, 0, 0, 1, 2, 3, 4, 4, 1, 1, 120],
     ["01.02", 20, 20, "100%", 0, 1, 0, 0, 0, 1, 0, 3, 2, 1, 0, 80]],
    merges=[(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 0, 3), (0, 4, 0, 7), (0, 8, 0, 9), (0, 10, 1, 10), (0, 11, 1, 11),
            (0, 12, 1, 12), (0, 13, 1, 13), (0, 14, 1, 14), (0, 15, 1, 15)])
SPELT_HEAD = [["Mã đơn vị", "Số đảng viên", "Số đảng viên tham gia học tập chuyên đề",
               "Tỷ lệ đảng viên tham gia học tập chuyên đề",
               "Số tổ chức đảng hoàn thành xuất sắc nhiệm vụ", "Số tổ chức đảng hoàn thành tốt nhiệm vụ",
               "Số tổ chức đảng hoàn thành nhiệm vụ", "Số tổ chức đảng không hoàn thành nhiệm vụ",
               "Số tập thể được biểu dương, khen thưởng", "Số cá nhân được biểu dương, khen thưởng",
               "Số cuộc kiểm tra, giám sát việc thực hiện", "Số cán bộ chủ chốt", "Số cán bộ chủ chốt đăng ký làm theo",
               "Số chi bộ sinh hoạt định kỳ đủ 12 kỳ/năm", "Số chi bộ sinh hoạt chuyên đề từ 4 kỳ/năm trở lên",
               "Số lượt quần chúng tham gia học tập chuyên đề"]]


def test_abbreviated_merged_header_reads_the_figures_of_its_spelt_out_twin(tiny) -> None:
    book(inbox(tiny), ABBR_HEAD)
    report = validate(tiny)
    assert found(report) == []
    assert {f.rule for f in report.findings} == {"column.read_as", "column.derived"}
    (read,) = figures(report)
    assert read[0] == ["01.01", "01.02"]
    cols = read[1]
    assert cols["so_dang_vien"] == ("B", [30.0, 20.0]) and cols["dang_vien_hoc_tap"] == ("C", [28.0, 20.0])
    assert [cols[k] for k in ("xep_loai_htxs", "xep_loai_htt", "xep_loai_ht", "xep_loai_kht")] == [
        ("E", [1.0, 0.0]), ("F", [0.0, 1.0]), ("G", [0.0, 0.0]), ("H", [0.0, 0.0])]
    assert cols["tap_the_khen_thuong"] == ("I", [1.0, 0.0]) and cols["ca_nhan_khen_thuong"] == ("J", [2.0, 1.0])
    assert cols["cuoc_kiem_tra_giam_sat"] == ("K", [3.0, 0.0]) and cols["can_bo_chu_chot"] == ("L", [4.0, 3.0])
    assert cols["can_bo_chu_chot_dang_ky"] == ("M", [4.0, 2.0])
    assert cols["chi_bo_sinh_hoat_du_12_ky"] == ("N", [1.0, 1.0])
    assert cols["chi_bo_sinh_hoat_chuyen_de"] == ("O", [1.0, 0.0])
    assert cols["luot_quan_chung_hoc_tap"] == ("P", [120.0, 80.0])
    assert report.files[0].ledger.unread == 0
    clear(tiny)
    book(inbox(tiny), Sheet(SPELT_HEAD + ABBR_HEAD.rows[2:]))
    spelt = validate(tiny)
    assert found(spelt) == [] and figures(spelt) == [read]


def test_column_whose_abbreviation_names_no_indicator_warns_and_names_its_numbers(tiny) -> None:
    rows = [["Mã đơn vị", "Số ĐV", "Số TCCSĐ"], ["01.01", 30, 1], ["01.02", 20, 1]]
    book(inbox(tiny), Sheet(rows))
    report = validate(tiny)
    assert found(report) == [("column.unread", "C1", None)]
    assert "Có phải «" in report.findings[0].message("vi")
    ledger = report.files[0].ledger
    assert (ledger.read, ledger.unread) == (2, 2)
    assert {(c.column, c.row, c.rule) for c in ledger.cells} == {("C", 2, "column.unread"), ("C", 3, "column.unread")}
    clear(tiny)
    book(inbox(tiny), Sheet([r[:2] for r in rows]))
    assert found(validate(tiny)) == []



RATED = Sheet(
    [["Mã đơn vị", "Xếp loại TCCSĐ", None, None, None, "ĐV ĐK LT", None, "CBCC", None],
     [None, "HTXS", "HTT", "HT", "KHT", "SL", "SL/TL", "Tổng số", "ĐK"],
     ["01", 1, 0, 0, 0, 48, "96%", 5, 5], ["02", 0, 1, 0, 0, 20, "100%", 4, 3]],
    merges=[(0, 0, 1, 0), (0, 1, 0, 4), (0, 5, 0, 6), (0, 7, 0, 8)])


def test_commune_ratings_under_tccsd_and_pledges_with_sl_tl(tiny) -> None:
    book(inbox(tiny), RATED)
    report = validate(tiny)
    assert found(report) == []
    ((units, cols),) = figures(report)
    assert units == ["01", "02"]
    assert [cols[k] for k in ("xep_loai_htxs", "xep_loai_htt", "xep_loai_ht", "xep_loai_kht")] == [
        ("B", [1.0, 0.0]), ("C", [0.0, 1.0]), ("D", [0.0, 0.0]), ("E", [0.0, 0.0])]
    assert cols["dang_vien_dang_ky"] == ("F", [48.0, 20.0])
    assert cols["can_bo_chu_chot"] == ("H", [5.0, 4.0]) and cols["can_bo_chu_chot_dang_ky"] == ("I", [5.0, 3.0])
    assert [(f.rule, f.cell) for f in report.findings if f.rule == "column.derived"] == [("column.derived", "G1")]
    assert report.files[0].ledger.unread == 0


def test_tccsd_rating_in_one_cell_is_never_dropped_in_silence(tiny) -> None:
    """Read as the rating, or (as now) a column.unread warning whose hint names the rating, its numbers named."""
    book(inbox(tiny), Sheet([["Mã đơn vị", "Số ĐV", "Số TCCSĐ HTXS"], ["01", 50, 1], ["02", 20, 0]]))
    report = validate(tiny)
    ((_, cols),) = figures(report)
    if "xep_loai_htxs" in cols:
        assert cols["xep_loai_htxs"] == ("C", [1.0, 0.0]) and found(report) == []
    else:
        assert found(report) == [("column.unread", "C1", None)]
        assert "Số tổ chức đảng hoàn thành xuất sắc nhiệm vụ" in report.findings[0].message("vi")
        assert {(c.row, c.column, c.rule) for c in report.files[0].ledger.cells} == {
            (2, "C", "column.unread"), (3, "C", "column.unread")}


# --- 2. unit names ------------------------------------------------------------------------------

NAMED = [["STT", "Tên chi bộ", "Số đảng viên"], [1, "Chi bộ thôn Đông", 30], [2, "Chi bộ thôn Tây", 20],
         [3, "Chi bộ Trường Tiểu học", 15]]
NAMED_UNITS = ["01.01", "01.02", "01.03"]
CODED = [["STT", "Mã đơn vị", "Số đảng viên"], [1, "01.01", 30], [2, "01.02", 20], [3, "01.03", 15]]


def _names(*names: str) -> list[list[Any]]:
    return [NAMED[0]] + [[i + 1, n, v] for i, (n, v) in enumerate(zip(names, (30, 20, 15)))]


def same_as_coded(tiny, rows: list[list[Any]], name: str = "x.xlsx", **kw: Any) -> None:
    """``rows`` are read as CODED is — the same units, the same figures — with no finding but notes."""
    book(inbox(tiny, name), Sheet(rows, **kw))
    report = validate(tiny)
    assert found(report) == []
    assert [(u, c["so_dang_vien"][1]) for u, c in figures(report)] == [(NAMED_UNITS, [30.0, 20.0, 15.0])]
    clear(tiny)
    book(inbox(tiny), Sheet(CODED))
    coded = validate(tiny)
    assert found(coded) == [] and values(coded) == values(report)


@pytest.mark.parametrize("names", [
    ("1. Chi bộ thôn Đông", "2. Chi bộ thôn Tây", "3. Chi bộ Trường Tiểu học"),
    ("a) Chi bộ thôn Đông", "b) Chi bộ thôn Tây", "c) Chi bộ Trường Tiểu học"),
    ("I. Chi bộ thôn Đông", "II. Chi bộ thôn Tây", "III. Chi bộ Trường Tiểu học"),
    ("1.1. Chi bộ thôn Đông", "1.2. Chi bộ thôn Tây", "1.3. Chi bộ Trường Tiểu học"),
], ids=["1.", "a)", "II.", "1.1."])
def test_unit_names_with_list_numbers(tiny, names) -> None:
    same_as_coded(tiny, _names(*names))


@pytest.mark.parametrize("names", [
    ("CB thôn Đông", "CB thôn Tây", "CB Trường Tiểu học"),
    ("CB. thôn Đông", "CB. thôn Tây", "CB. Trường Tiểu học"),
    ("Chi bộ Thôn Đông", "CHI BỘ THÔN TÂY", "chi bộ trường tiểu học"),
    ("Thôn Đông", "Thôn Tây", "Trường Tiểu học"),
    ("1. CB Thôn Đông", "2. Thôn Tây", "3. Chi Bộ Trường Tiểu Học"),
], ids=["CB", "CB.", "case", "prefix left out", "mixed"])
def test_unit_names_abbreviated_in_other_case_or_without_prefix(tiny, names) -> None:
    same_as_coded(tiny, _names(*names))


def test_recurring_name_alone_without_context_is_ambiguous(tiny) -> None:
    book(inbox(tiny), Sheet([["Tên chi bộ", "Số đảng viên"], ["Chi bộ thôn Đông", 30]]))
    report = validate(tiny)
    assert found(report) == [("unit.ambiguous", "A2", None)]
    assert "01.01" in report.findings[0].message("vi") and "02.01" in report.findings[0].message("vi")
    assert figures(report) == []
    assert {(c.row, c.column, c.rule) for c in report.files[0].ledger.cells} == {(2, "B", "unit.ambiguous")}


RECURRING = [["Tên chi bộ", "Số đảng viên"], ["Chi bộ thôn Đông", 30]]


@pytest.mark.parametrize("commune,code", [("Một", "01.01"), ("Hai", "02.01")])
@pytest.mark.parametrize("how", ["title", "label", "file name", "sheet name"])
def test_recurring_name_resolved_by_what_the_file_is_about(tiny, how, commune, code) -> None:
    rows, file, sheet = RECURRING, "so_lieu_2026.xlsx", "Sheet1"
    if how == "title":
        rows = [[f"ĐẢNG ỦY XÃ {commune.upper()}"], [], *RECURRING]
    elif how == "label":
        rows = [[f"Đơn vị: Đảng bộ xã {commune}"], [], *RECURRING]
    elif how == "file name":
        file = {"Một": "xa_mot_2026.xlsx", "Hai": "xa_hai_2026.xlsx"}[commune]
    else:
        sheet = f"Xã {commune}"
    book(inbox(tiny, file), Sheet(rows, name=sheet))
    report = validate(tiny)
    assert found(report) == []
    assert [(u, c["so_dang_vien"][1]) for u, c in figures(report)] == [([code], [30.0])]


@pytest.mark.parametrize("typo", ["Chi bộ thôn Đôngg", "Chi bộ thôn Tâyy", "CB thôn Đông Tây"])
def test_did_you_mean_stays_within_the_commune_the_title_names(tiny, typo) -> None:
    rows = [["ĐẢNG ỦY XÃ HAI"], [], ["Tên chi bộ", "Số đảng viên"], [typo, 30]]
    book(inbox(tiny), Sheet(rows))
    report = validate(tiny)
    assert found(report) == [("unit.unknown", "A4", None)]
    hint = str(dict(report.findings[0].params)["hint"])
    assert "01." not in hint and "thôn Tây" not in hint
    clear(tiny)
    book(inbox(tiny), Sheet(rows[:3] + [["Chi bộ thôn Đông", 30]]))
    clean = validate(tiny)
    assert found(clean) == [] and figures(clean)[0][0] == ["02.01"]


def test_did_you_mean_proposes_the_communes_own_cell(tiny) -> None:
    book(inbox(tiny), Sheet([["ĐẢNG ỦY XÃ HAI"], [], ["Tên chi bộ", "Số đảng viên"], ["Chi bộ thôn Đôngg", 30]]))
    (f,) = validate(tiny).findings
    assert f.rule == "unit.unknown" and "02.01" in f.message("vi") and "01.01" not in f.message("vi")


# --- 3. codes Excel mangled ---------------------------------------------------------------------

CODES = [["Mã đơn vị", "Tên chi bộ", "Số đảng viên"], ["01.01", "Chi bộ thôn Đông", 30], ["01.02", "Chi bộ thôn Tây", 20]]


def _codes(a: Any, b: Any) -> list[list[Any]]:
    return [CODES[0], [a, *CODES[1][1:]], [b, *CODES[2][1:]]]


@pytest.mark.parametrize("a,b,c", [(1.01, 1.02, 1.03), ("1.01", "1.02", "1.03"), ("1.1", "1.2", "1.3"),
                                   (1.01, "01.02", "1.03")], ids=["numbers", "text", "zeros stripped", "one of two"])
def test_codes_excel_reformatted_are_read_with_one_warning_per_sheet(tiny, a, b, c) -> None:
    school = [CODES[0], [c, "Chi bộ Trường Tiểu học", 15]]
    book(inbox(tiny), Sheet(_codes(a, b)), Sheet(school, name="Trang 2"))
    report = validate(tiny)
    assert [(f.rule, f.sheet, f.cell, f.unit) for f in report.findings if f.severity != "note"] == [
        ("unit.code_reformatted", "Sheet1", "A2", "01.01"), ("unit.code_reformatted", "Trang 2", "A2", "01.03")]
    assert dict(report.findings[0].params)["count"] == (2 if b != "01.02" else 1)
    assert [(u, c["so_dang_vien"][1]) for u, c in figures(report)] == [(["01.01", "01.02"], [30.0, 20.0]),
                                                                       (["01.03"], [15.0])]
    clear(tiny)
    book(inbox(tiny), Sheet(CODES), Sheet([CODES[0], ["01.03", "Chi bộ Trường Tiểu học", 15]], name="Trang 2"))
    assert found(validate(tiny)) == []


def test_units_csv_saved_through_excel_matches_codes_that_kept_their_zeros(tiny) -> None:
    (tiny.root / "units.csv").write_text(
        "code,name,parent,level\n0,Đảng bộ huyện Thử,,huyen\n1,Đảng bộ xã Một,0,xa\n1.01,Chi bộ thôn Đông,1,chi_bo\n"
        "1.02,Chi bộ thôn Tây,1,chi_bo\n1.03,Chi bộ Trường Tiểu học,1,chi_bo\n2,Đảng bộ xã Hai,0,xa\n"
        "2.01,Chi bộ thôn Đông,2,chi_bo\n", encoding="utf-8")
    book(inbox(tiny), Sheet(CODES))
    report = validate(tiny)
    assert found(report) == [("unit.code_reformatted", "A2", "1.01")]
    assert [(u, c["so_dang_vien"][1]) for u, c in figures(report)] == [(["1.01", "1.02"], [30.0, 20.0])]
    clear(tiny)
    book(inbox(tiny), Sheet(_codes("1.01", "1.02")))
    assert found(validate(tiny)) == []


def test_unknown_code_beside_a_known_name_uses_the_name_and_quotes_both(tiny) -> None:
    book(inbox(tiny), Sheet(_codes("01.01", "09.09")))
    report = validate(tiny)
    assert found(report) == [("unit.code_unknown", "A3", "01.02")]
    message = report.findings[0].message("vi")
    assert "09.09" in message and "Chi bộ thôn Tây" in message and "01.02" in message
    assert [(u, c["so_dang_vien"][1]) for u, c in figures(report)] == [(["01.01", "01.02"], [30.0, 20.0])]
    clear(tiny)
    book(inbox(tiny), Sheet(CODES))
    assert found(validate(tiny)) == []


def test_unknown_code_beside_an_unknown_name_is_an_error(tiny) -> None:
    rows = _codes("01.01", "09.09")
    rows[2][1] = "Chi bộ thôn Bắc"
    book(inbox(tiny), Sheet(rows))
    report = validate(tiny)
    assert found(report) == [("unit.unknown", "A3", None)]
    assert "09.09" in report.findings[0].message("vi")
    assert [(u, c["so_dang_vien"][1]) for u, c in figures(report)] == [(["01.01"], [30.0])]
    assert [(c.row, c.column) for c in report.files[0].ledger.cells] == [(3, "C")]


# --- 4. totals over a row naming an unknown unit ------------------------------------------------

TOTALLED = [["STT", "Tên chi bộ", "Số đảng viên", "Số cán bộ chủ chốt"], [1, "Chi bộ thôn Đông", 30, 3],
            [2, "Chi bộ thôn Bắc", 10, 1], [3, "Chi bộ thôn Tây", 20, 2], [None, "Tổng cộng", 60, 6]]


def test_totals_row_sums_every_row_including_one_whose_unit_is_unknown(tiny) -> None:
    book(inbox(tiny), Sheet(TOTALLED))
    report = validate(tiny)
    assert found(report) == [("unit.unknown", "B3", None)]
    assert [(u, c["so_dang_vien"][1]) for u, c in figures(report)] == [(["01.01", "01.02"], [30.0, 20.0])]
    ledger = report.files[0].ledger
    assert (ledger.read, ledger.checked, ledger.unread) == (4, 2, 2)
    assert {(c.row, c.column, c.rule) for c in ledger.cells} == {(3, "C", "unit.unknown"), (3, "D", "unit.unknown")}
    clear(tiny)
    clean = [r for r in TOTALLED if r[1] != "Chi bộ thôn Bắc"]
    clean[-1] = [None, "Tổng cộng", 50, 5]
    book(inbox(tiny), Sheet(clean))
    assert found(validate(tiny)) == []


def test_wrong_total_quotes_the_sum_including_the_unknown_row(tiny) -> None:
    rows = [list(r) for r in TOTALLED]
    rows[-1][2] = 50  # the clerk left thôn Bắc out of the members' total; the cadres' total is right
    book(inbox(tiny), Sheet(rows))
    report = validate(tiny)
    assert found(report) == [("unit.unknown", "B3", None), ("total.mismatch", "C5", None)]
    mismatch = report.findings[1]
    assert mismatch.indicator == "so_dang_vien"
    assert "50" in mismatch.message("vi") and "60" in mismatch.message("vi") and "Tổng cộng" in mismatch.message("vi")
    assert dict(mismatch.params)["expected"] == "60"


# --- 5. "-" is zero -----------------------------------------------------------------------------

DASHED = [["Mã đơn vị", "Số đảng viên", "Số mô hình xây dựng mới", "Số tập thể được biểu dương, khen thưởng"],
          ["01.01", 30, "-", "–"], ["01.02", 20, 2, " - "]]


def test_dash_in_a_count_cell_is_zero_and_counted_as_read(tiny) -> None:
    book(inbox(tiny), Sheet(DASHED))
    report = validate(tiny)
    assert found(report, notes=True) == []
    (cols,) = [c for _, c in figures(report)]
    assert cols["mo_hinh_moi"] == ("C", [0.0, 2.0]) and cols["tap_the_khen_thuong"] == ("D", [0.0, 0.0])
    ledger = report.files[0].ledger
    assert (ledger.read, ledger.unread) == (6, 0)
    clear(tiny)
    book(inbox(tiny), Sheet([DASHED[0], ["01.01", 30, 0, 0], ["01.02", 20, 2, 0]]))
    zeros = validate(tiny)
    assert found(zeros, notes=True) == [] and values(zeros) == values(report)
    assert zeros.files[0].ledger.read == 6


def test_dash_is_missing_where_the_workspace_says_dash_is_zero_false(tiny) -> None:
    (tiny.root / "indicators.toml").write_text('[[indicator]]\nkey = "mo_hinh_moi"\ndash_is_zero = false\n',
                                               encoding="utf-8")
    book(inbox(tiny), Sheet(DASHED))
    report = validate(tiny)
    assert found(report, notes=True) == []
    (cols,) = [c for _, c in figures(report)]
    assert cols["mo_hinh_moi"] == ("C", [None, 2.0]) and cols["tap_the_khen_thuong"] == ("D", [0.0, 0.0])
    assert report.files[0].ledger.unread == 0


# --- 6. hidden sheets and rows ------------------------------------------------------------------

LAST_YEAR = Sheet([["BIỂU TỔNG HỢP NĂM 2025"], CODES[0], ["01.01", "Chi bộ thôn Đông", 28],
                   ["01.02", "Chi bộ thôn Tây", 19]], name="Năm 2025", hidden=True)


def test_hidden_sheet_is_never_read_and_said(tiny) -> None:
    book(inbox(tiny), Sheet(CODES, name="Năm 2026"), LAST_YEAR)
    report = validate(tiny)
    assert [(f.rule, f.sheet) for f in report.findings] == [("sheet.hidden", "Năm 2025")]
    assert dict(report.findings[0].params)["count"] == 4  # two codes, two figures
    assert [(s.sheet, s.units, s.columns["so_dang_vien"][1]) for s in report.files[0].sheets] == [
        ("Năm 2026", ["01.01", "01.02"], [30.0, 20.0])]
    ledger = report.files[0].ledger
    assert (ledger.read, ledger.unread) == (2, 4)
    assert {(c.sheet, c.rule) for c in ledger.cells} == {("Năm 2025", "sheet.hidden")}
    clear(tiny)
    book(inbox(tiny), Sheet(CODES, name="Năm 2026"))
    assert found(validate(tiny), notes=True) == []


def test_hidden_sheet_before_the_visible_one_is_not_read_either(tiny) -> None:
    book(inbox(tiny), LAST_YEAR, Sheet(CODES, name="Năm 2026"))
    report = validate(tiny)
    assert [(f.rule, f.sheet) for f in report.findings] == [("sheet.hidden", "Năm 2025")]
    assert [(s.sheet, s.columns["so_dang_vien"][1]) for s in report.files[0].sheets] == [("Năm 2026", [30.0, 20.0])]


def test_hidden_rows_are_read_and_named(tiny) -> None:
    rows = [*CODES, ["01.03", "Chi bộ Trường Tiểu học", 15], [None, "Tổng cộng", 65]]
    book(inbox(tiny), Sheet(rows, hidden_rows=(2, 3)))
    report = validate(tiny)
    assert found(report) == [("row.hidden", "3", None)]
    assert dict(report.findings[0].params)["rows"] == "3, 4"
    assert [(u, c["so_dang_vien"][1]) for u, c in figures(report)] == [(["01.01", "01.02", "01.03"], [30.0, 20.0, 15.0])]
    assert report.files[0].ledger.unread == 0
    clear(tiny)
    book(inbox(tiny), Sheet(rows))
    clean = validate(tiny)
    assert found(clean) == [] and values(clean) == values(report)


def test_hidden_empty_rows_are_not_said(tiny) -> None:
    rows = [CODES[0], [], CODES[1], [], CODES[2]]
    book(inbox(tiny), Sheet(rows, hidden_rows=(1, 3)))
    assert found(validate(tiny), notes=True) == []


# --- 7. the block under a table -----------------------------------------------------------------

TABLE = [["STT", "Tên chi bộ", "Số đảng viên", "Số cán bộ chủ chốt"], [1, "Chi bộ thôn Đông", 30, 3],
         [2, "Chi bộ thôn Tây", 20, 2], [3, "Chi bộ Trường Tiểu học", 15, 2], [None, "Tổng cộng", 65, 7]]
BLOCK = ["Hòa Bình, ngày 15 tháng 12 năm 2026", "NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)", "T/M ĐẢNG ỦY", "BÍ THƯ",
         "Nguyễn Văn An", "Nơi nhận:", "- Lưu VP."]


def _block_in(cols: tuple[int, int]) -> list[list[Any]]:
    """The block as clerks lay it out: the maker on the left, the signer on the right, recipients under."""
    left, right = cols

    def row(a: Any = None, b: Any = None) -> list[Any]:
        out: list[Any] = [None] * (max(cols) + 1)
        out[left], out[right] = a, b
        return out

    return [[], row(None, BLOCK[0]), row(BLOCK[1], BLOCK[3]), row(BLOCK[2], BLOCK[4]), [], [], row("Trần Văn Bình", BLOCK[5]),
            row(BLOCK[6]), row(BLOCK[7])]


@pytest.mark.parametrize("cols", [(1, 1), (1, 3), (2, 3), (0, 2)], ids=["name column", "name and figures",
                                                                        "figure columns", "STT and figures"])
def test_block_under_the_table_is_no_unit_and_no_figure(tiny, cols) -> None:
    book(inbox(tiny), Sheet(TABLE + _block_in(cols)))
    report = validate(tiny)
    assert found(report) == []
    assert [(u, c["so_dang_vien"][1], c["can_bo_chu_chot"][1]) for u, c in figures(report)] == [
        (NAMED_UNITS, [30.0, 20.0, 15.0], [3.0, 2.0, 2.0])]
    assert report.files[0].ledger.unread == 0
    clear(tiny)
    book(inbox(tiny), Sheet(TABLE))
    clean = validate(tiny)
    assert found(clean) == [] and values(clean) == values(report)


def test_block_right_under_the_last_row_without_a_blank_row(tiny) -> None:
    rows = TABLE + [[None, "Người lập biểu", None, "T/M ĐẢNG ỦY"], [None, "(Ký, ghi rõ họ tên)", None, "BÍ THƯ"],
                    [None, "Nguyễn Văn An", None, "Trần Văn Bình"], ["Nơi nhận:"], ["- Lưu VP."]]
    book(inbox(tiny), Sheet(rows))
    report = validate(tiny)
    assert found(report) == []
    assert [(u, c["so_dang_vien"][1]) for u, c in figures(report)] == [(NAMED_UNITS, [30.0, 20.0, 15.0])]
    assert report.files[0].ledger.unread == 0


def test_date_line_typed_across_cells_under_the_table_is_no_unit(tiny) -> None:
    rows = TABLE + [[], [None, "Hòa Bình, ngày", 15, "tháng 12 năm 2026"], [None, "NGƯỜI LẬP BIỂU", None, "BÍ THƯ"]]
    book(inbox(tiny), Sheet(rows))
    report = validate(tiny)
    assert errors(report) == []
    assert [(u, c["so_dang_vien"][1]) for u, c in figures(report)] == [(NAMED_UNITS, [30.0, 20.0, 15.0])]


# --- 8. the unit-of-measure column --------------------------------------------------------------

@pytest.mark.parametrize("text", ["ĐVT", "Đơn vị tính", "Đv tính", "ĐV tính"])
def test_unit_of_measure_header_is_a_measure_column(ctx, text) -> None:
    assert ctx.matcher.match((text,)).kind == "measure"
    assert ctx.matcher.match(("Số đảng viên", text)).kind != "name"


MEASURED = [["STT", "Tên chi bộ", "ĐVT", "Số đảng viên", "Số cán bộ chủ chốt"], [1, "Chi bộ thôn Đông", "người", 30, 3],
            [2, "Chi bộ thôn Tây", "người", 20, 2]]


@pytest.mark.parametrize("order", [[0, 1, 2, 3, 4], [0, 2, 1, 3, 4], [2, 0, 1, 3, 4], [0, 1, 3, 2, 4]],
                         ids=["after the name", "before the name", "first", "between figures"])
@pytest.mark.parametrize("head", ["ĐVT", "Đơn vị tính"])
def test_measure_column_in_a_table_is_never_the_unit_column(tiny, order, head) -> None:
    rows = [[r[i] for i in order] for r in MEASURED]
    rows[0][order.index(2)] = head
    book(inbox(tiny), Sheet(rows))
    report = validate(tiny)
    assert found(report) == []
    assert [(u, c["so_dang_vien"][1], c["can_bo_chu_chot"][1]) for u, c in figures(report)] == [
        (["01.01", "01.02"], [30.0, 20.0], [3.0, 2.0])]
    assert report.files[0].ledger.unread == 0
    clear(tiny)
    book(inbox(tiny), Sheet([[r[i] for i in order if i != 2] for r in MEASURED]))
    clean = validate(tiny)
    assert found(clean) == [] and values(clean) == values(report)


def test_measure_row_under_the_header_is_no_unit(tiny) -> None:
    rows = [["STT", "Tên chi bộ", "Số đảng viên", "Số cán bộ chủ chốt"], [None, "ĐVT", "người", "người"],
            [1, "Chi bộ thôn Đông", 30, 3], [2, "Chi bộ thôn Tây", 20, 2]]
    book(inbox(tiny), Sheet(rows))
    report = validate(tiny)
    assert found(report) == []
    assert [(u, c["so_dang_vien"][1]) for u, c in figures(report)] == [(["01.01", "01.02"], [30.0, 20.0])]


def test_table_whose_only_text_column_is_the_measure_is_not_read_by_it(tiny) -> None:
    """No unit column: the figures are said to be unread, and no "người" is taken for a unit."""
    book(inbox(tiny), Sheet([["STT", "ĐVT", "Số đảng viên"], [1, "người", 30], [2, "người", 20]]))
    report = validate(tiny)
    assert not any(f.rule.startswith("unit.") for f in report.findings)
    assert "sheet.unread" in {f.rule for f in report.findings} and figures(report) == []


FORM = [["STT", "Chỉ tiêu", "ĐVT", "Số liệu"], [1, "Số đảng viên", "người", 30],
        [2, "Số chi bộ xây dựng kế hoạch thực hiện", "chi bộ", 1],
        [3, "Số lượt quần chúng tham gia học tập chuyên đề", "lượt", 120]]
FORM_FIGURES = {"so_dang_vien": [30.0], "chi_bo_xay_dung_ke_hoach": [1.0], "luot_quan_chung_hoc_tap": [120.0]}


@pytest.mark.parametrize("how", ["label", "file name", "title ĐVT", "Đơn vị tính", "ĐVT first"])
def test_measure_column_in_a_vertical_form_is_never_the_unit(tiny, how) -> None:
    label, file, form = [["Đơn vị: Chi bộ thôn Tây"], []], "x.xlsx", [list(r) for r in FORM]
    if how == "file name":
        label, file = [], "Chi bộ thôn Tây.xlsx"
    elif how == "title ĐVT":
        label = [["Đơn vị: Chi bộ thôn Tây", None, "Đơn vị tính: người"], []]
    elif how == "Đơn vị tính":
        form[0][2] = "Đơn vị tính"
    elif how == "ĐVT first":
        form = [[r[2], r[0], r[1], r[3]] for r in form]
    book(inbox(tiny, file), Sheet(label + form))
    report = validate(tiny)
    assert found(report) == []
    assert [(u, {k: c[k][1] for k in FORM_FIGURES}) for u, c in figures(report)] == [(["01.02"], FORM_FIGURES)]
    assert report.files[0].ledger.unread == 0
    clear(tiny)
    book(inbox(tiny), Sheet([["Mã đơn vị:", "01.02"], []] + [[r[0], r[1], r[3]] for r in FORM]))
    clean = validate(tiny)
    assert found(clean) == [] and values(clean) == values(report)


def test_measure_column_headed_don_vi_in_a_vertical_form_is_not_a_unit_label(tiny) -> None:
    form = [list(r) for r in FORM]
    form[0][2] = "Đơn vị"
    book(inbox(tiny, "Chi bộ thôn Tây.xlsx"), Sheet(form))
    report = validate(tiny)
    assert errors(report) == []
    assert [(u, {k: c[k][1] for k in FORM_FIGURES}) for u, c in figures(report)] == [(["01.02"], FORM_FIGURES)]
