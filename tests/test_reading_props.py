"""The reading invariant over generated layouts: every numeric cell of a file is read, checked, layout or
named by a warning or error — never lost in silence — and the figures read are exactly the ones written.

Layouts are drawn at random the way clerks vary them: title rows (with a year), a header of one to three
rows with a group over sub-columns, the column-number row, a unit-of-measure column, STT, a code column
or names with the commune in the title, "-" for zero, blank cells, a totals row, hidden rows, the block
under the table, a second table under or beside the first, a hidden sheet of last year's figures, and a
stray number somewhere outside the tables."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import python_calamine
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dm05.ingest import ReadContext, read_file
from dm05.period import parse_period
from dm05.workspace import load_workspace

# (header path, key) columns that a generated table may hold; groups are written over their sub-columns
PLAIN = [("Số đảng viên", "so_dang_vien"), ("Số đảng viên tham gia học tập chuyên đề", "dang_vien_hoc_tap"),
         ("Số mô hình xây dựng mới", "mo_hinh_moi"), ("Số tin, bài tuyên truyền", "tin_bai_tuyen_truyen"),
         ("Số hội nghị học tập", "hoi_nghi_hoc_tap"), ("Số lượt QC học tập", "luot_quan_chung_hoc_tap")]
GROUPS = [("Cán bộ chủ chốt", [("Tổng số", "can_bo_chu_chot"), ("Đã đăng ký", "can_bo_chu_chot_dang_ky")]),
          ("Khen thưởng", [("Tập thể", "tap_the_khen_thuong"), ("Cá nhân", "ca_nhan_khen_thuong")])]
UNITS = {"01.01": "Chi bộ thôn Đông", "01.02": "Chi bộ thôn Tây", "01.03": "Chi bộ Trường Tiểu học"}
BLOCK = ["Xã Một, ngày 15 tháng 12 năm 2026", "NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)", "T/M ĐẢNG ỦY", "BÍ THƯ",
         "Nguyễn Văn An", "Nơi nhận:", "- Lưu VP."]
_NUMBER_TEXT = re.compile(r"^-?[\d.,\s]*\d[\d.,\s]*%?$|^[-–—]$")


@st.composite
def tables(draw: st.DrawFn, keys_taken: set[str]) -> dict[str, Any]:
    plain = [p for p in PLAIN if p[1] not in keys_taken]
    groups = [g for g in GROUPS if not {k for _, k in g[1]} & keys_taken]
    cols = draw(st.lists(st.sampled_from(plain), min_size=1, max_size=3, unique=True)) if plain else []
    group = draw(st.sampled_from(groups)) if groups and draw(st.booleans()) else None
    if not cols and group is None:
        cols = [plain[0]] if plain else []
    keys_taken.update(k for _, k in cols)
    if group:
        keys_taken.update(k for _, k in group[1])
    units = draw(st.lists(st.sampled_from(sorted(UNITS)), min_size=1, max_size=3, unique=True))
    all_keys = [k for _, k in cols] + ([k for _, k in group[1]] if group else [])
    values = {u: {k: draw(st.one_of(st.integers(0, 400), st.just("-"), st.none())) for k in all_keys} for u in units}
    pairs = [("can_bo_chu_chot", "can_bo_chu_chot_dang_ky"), ("so_dang_vien", "dang_vien_hoc_tap")]
    for u in units:  # a registered count never above its total ("-" is zero)
        v = values[u]
        for total, part in pairs:
            a, b = v.get(total), v.get(part)
            if a is not None and isinstance(b, int) and b > (0 if a == "-" else a):
                v[part] = 0 if a == "-" else a
    return {"cols": cols, "group": group, "units": units, "values": values,
            "depth": draw(st.integers(1, 3)) if not group else draw(st.integers(2, 3)),
            "stt": draw(st.booleans()), "code": draw(st.booleans()), "measure": draw(st.booleans()),
            "index_row": draw(st.booleans()), "total": draw(st.booleans()),
            "hidden_row": draw(st.booleans()), "block": draw(st.lists(st.sampled_from(BLOCK), max_size=4, unique=True))}


@st.composite
def layouts(draw: st.DrawFn) -> dict[str, Any]:
    taken: set[str] = set()
    first = draw(tables(taken))
    second = draw(tables(taken)) if draw(st.booleans()) else None
    return {"title": draw(st.integers(0, 3)), "first": first, "second": second,
            "beside": draw(st.booleans()), "hidden_sheet": draw(st.booleans()), "stray": draw(st.booleans())}


def _write_table(ws: Any, fmt: Any, t: dict[str, Any], top: int, left: int, truth: dict, hidden: set[int]) -> int:
    """Write one table from (top, left); returns the first free row under it."""
    depth = t["depth"]
    c = left
    heads: list[tuple[int, str]] = []
    if t["stt"]:
        heads.append((c, "STT"))
        c += 1
    if t["code"]:
        heads.append((c, "Mã đơn vị"))
        c += 1
    heads.append((c, "Tên chi bộ"))
    name_col = c
    c += 1
    if t["measure"]:
        heads.append((c, "ĐVT"))
        c += 1
    for col, text in heads:
        if depth > 1:
            ws.merge_range(top, col, top + depth - 1, col, text, fmt)
        else:
            ws.write(top, col, text)
    data_cols: list[tuple[int, str]] = []
    for label, key in t["cols"]:
        if depth > 1:
            ws.merge_range(top, c, top + depth - 1, c, label, fmt)
        else:
            ws.write(top, c, label)
        data_cols.append((c, key))
        c += 1
    if t["group"]:
        name, subs = t["group"]
        ws.merge_range(top, c, top + depth - 2, c + len(subs) - 1, name, fmt)
        for i, (sub, key) in enumerate(subs):
            ws.write(top + depth - 1, c + i, sub)
            data_cols.append((c + i, key))
        c += len(subs)
    r = top + depth
    if t["index_row"]:
        for i in range(c - left):
            ws.write(r, left + i, i + 1)
        r += 1
    sums: dict[str, int] = {}
    for n, unit in enumerate(t["units"]):
        if t["stt"]:
            ws.write(r, left, n + 1)
        if t["code"]:
            ws.write_string(r, left + (1 if t["stt"] else 0), unit)
        ws.write(r, name_col, UNITS[unit])
        if t["measure"]:
            ws.write(r, name_col + 1, "người")
        for col, key in data_cols:
            v = t["values"][unit][key]
            if v is None:
                continue
            ws.write(r, col, v)
            truth[(unit, key)] = 0 if v == "-" else v
            sums[key] = sums.get(key, 0) + (0 if v == "-" else v)
        if t["hidden_row"] and n == 0:
            ws.set_row(r, None, None, {"hidden": True})
            hidden.add(r)
        r += 1
    if t["total"]:
        ws.write(r, name_col, "Tổng cộng")
        for col, key in data_cols:
            if key in sums:
                ws.write(r, col, sums[key])
        r += 1
    if t["block"]:
        r += 1
        for line in t["block"]:
            ws.write(r, name_col, line)
            r += 1
    return r + 1


def _build(path: Path, lay: dict[str, Any]) -> dict[tuple[str, str], int]:
    truth: dict[tuple[str, str], int] = {}
    wb = xlsxwriter.Workbook(str(path))
    fmt = wb.add_format({"align": "center"})
    ws = wb.add_worksheet("Biểu")
    titles = ["ĐẢNG ỦY XÃ MỘT", "BIỂU TỔNG HỢP KẾT QUẢ HỌC TẬP VÀ LÀM THEO NĂM 2026", "Năm"][:lay["title"]]
    for i, t in enumerate(titles):
        ws.write(i, 0, t)
    if lay["title"] == 3:
        ws.write(2, 1, 2026)  # a year in its own cell
    top = lay["title"] + (1 if lay["title"] else 0)
    hidden: set[int] = set()
    end = _write_table(ws, fmt, lay["first"], top, 0, truth, hidden)
    if lay["second"] is not None:
        if lay["beside"]:
            _write_table(ws, fmt, dict(lay["second"], block=[]), top, 12, truth, hidden)
        else:
            end = _write_table(ws, fmt, lay["second"], end + 1, 0, truth, hidden)
    if lay["stray"]:
        ws.write(end + 2, 30, 77)  # beside nothing
    if lay["hidden_sheet"]:
        old = wb.add_worksheet("Năm 2025")
        old.write_row(0, 0, ["Tên chi bộ", "Số đảng viên"])
        old.write_row(1, 0, ["Chi bộ thôn Đông", 31])
        old.hide()
    wb.close()
    return truth


def _numbers(path: Path) -> int:
    wb = python_calamine.CalamineWorkbook.from_path(str(path))
    return sum(1 for m in wb.sheets_metadata for row in wb.get_sheet_by_name(m.name).to_python() for v in row
               if type(v) in (int, float) or (isinstance(v, str) and _NUMBER_TEXT.match(v.strip() or "x")))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lay=layouts())
def test_every_number_is_read_or_named_and_every_figure_is_read_exactly(tiny, lay: dict[str, Any]) -> None:
    path = tiny.root / "inbox" / "2026" / "xa_mot_2026.xlsx"  # "Chi bộ thôn Đông" is in xã Hai too
    truth = _build(path, lay)
    ws = load_workspace(tiny.root)
    period = parse_period("2026")
    ctx = ReadContext(ws.tree(period), ws.catalogue, period, ws.config.cell_level, all_units=ws.units)
    result = read_file(path, ctx)
    ledger = result.ledger
    assert ledger.total == _numbers(path)
    loud = {f.rule for f in result.findings.items if f.severity != "note"}
    for cell in ledger.cells:
        assert cell.rule in loud, cell
    assert [f.rule for f in result.findings.items if f.severity == "error"] == []
    read: dict[tuple[str, str], float] = {}
    for s in result.sheets:
        for key, (_, values) in s.columns.items():
            if key in s.derived:
                continue
            for unit, v in zip(s.units, values):
                if v is not None:
                    read[(unit, key)] = v
    assert read == {k: float(v) for k, v in truth.items()}
    expected_unread = (1 if lay["stray"] else 0) + (1 if lay["hidden_sheet"] else 0)
    assert ledger.unread == expected_unread
