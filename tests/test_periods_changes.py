"""Periods, ranges, comparisons, the changing map, traceability and coverage."""

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import DEMO, TINY_TOML, write_xlsx
from dm05.pipeline import aggregate_period
from dm05.cli import app
from dm05.errors import WorkspaceError
from dm05.period import parse_period
from dm05.trace import explain
from dm05.workspace import load_workspace

UNITS = """code,name,parent,level,valid_from,valid_to
T,Đảng bộ tỉnh Thử,,tinh,,
H,Đảng bộ huyện Cũ,T,huyen,,2025-06-30
A,Đảng bộ xã An,H,xa,,2025-06-30
B,Đảng bộ xã Bình,H,xa,,2025-06-30
AB,Đảng bộ xã An Bình,T,xa,2025-07-01,
C,Đảng bộ xã Cũ,H,xa,,2025-06-30
C2,Đảng bộ xã Ca,T,xa,2025-07-01,
D,Đảng bộ xã Đông,H,xa,,2025-06-30
D1,Đảng bộ xã Đông Một,T,xa,2025-07-01,
D2,Đảng bộ xã Đông Hai,T,xa,2025-07-01,
"""
CHANGES = """old_code,new_code,date,kind,shares
A,AB,2025-07-01,merge,
B,AB,2025-07-01,merge,
C,C2,2025-07-01,rename,
D,D1,2025-07-01,split,*=0.6
D,D2,2025-07-01,split,*=0.4
"""
HEAD = ["Mã đơn vị", "Số đảng viên", "Số mô hình học tập và làm theo Bác xây dựng mới"]


@pytest.fixture
def reorganised(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "dm05.toml").write_text(TINY_TOML, encoding="utf-8")
    (ws / "units.csv").write_text(UNITS, encoding="utf-8")
    (ws / "unit_changes.csv").write_text(CHANGES, encoding="utf-8")
    write_xlsx(ws / "inbox" / "2023" / "huyen.xlsx", [HEAD, ["A", 100, 5], ["B", 50, 3], ["C", 70, 2], ["D", 200, 10]])
    write_xlsx(ws / "inbox" / "2026" / "tinh.xlsx", [HEAD, ["AB", 160, 4], ["C2", 75, 1], ["D1", 130, 6], ["D2", 80, 2]])
    return ws


def test_merged_and_renamed_units_carry_old_figures_into_the_new_structure(reorganised) -> None:
    ws = load_workspace(reorganised)
    _, now = aggregate_period(ws, parse_period("2026"))
    _, before = aggregate_period(ws, parse_period("2023"), target=now.tree)
    assert before.value("AB", "so_dang_vien") == 150  # A + B merged
    assert before.value("C2", "so_dang_vien") == 70  # renamed
    assert before.value("D1", "so_dang_vien") == pytest.approx(120) and before.value("D2", "mo_hinh_moi") == pytest.approx(4)
    assert before.value("T", "so_dang_vien") == 420 and before.unplaced == []
    assert "H" not in now.tree


def test_compare_adds_previous_value_and_change(reorganised) -> None:
    r = CliRunner().invoke(app, ["aggregate", str(reorganised), "--period", "2026", "--compare", "2023", "-f", "json"])
    assert r.exit_code == 0, r.stderr
    units = {u["code"]: u for u in json.loads(r.stdout)["units"]}
    ab = units["AB"]["compare"]
    assert ab["period"] == "2023" and ab["values"]["so_dang_vien"] == 150 and ab["change"]["so_dang_vien"] == 10
    assert units["T"]["values"]["so_dang_vien"] == 445 and units["T"]["compare"]["change"]["mo_hinh_moi"] == 13 - 20


def test_ratio_change_is_in_percentage_points(tiny) -> None:
    write_xlsx(tiny.root / "inbox" / "2025" / "x.xlsx",
               [["Mã đơn vị", "Số đảng viên", "Số cán bộ, đảng viên đăng ký học tập và làm theo"], ["01.01", 100, 80]])
    tiny("x.xlsx", [["Mã đơn vị", "Số đảng viên", "Số cán bộ, đảng viên đăng ký học tập và làm theo"], ["01.01", 100, 90]])
    r = CliRunner().invoke(app, ["aggregate", str(tiny.root), "--period", "2026", "--compare", "2025", "-f", "json"])
    unit = {u["code"]: u for u in json.loads(r.stdout)["units"]}["01.01"]
    assert unit["compare"]["change"]["ti_le_dang_vien_dang_ky"] == pytest.approx(10.0)


def test_unmapped_old_unit_is_a_warning_not_a_silent_loss(reorganised) -> None:
    (reorganised / "unit_changes.csv").write_text(CHANGES.replace("C,C2,2025-07-01,rename,\n", ""), encoding="utf-8")
    ws = load_workspace(reorganised)
    _, now = aggregate_period(ws, parse_period("2026"))
    _, before = aggregate_period(ws, parse_period("2023"), target=now.tree)
    assert [s.unit for s in before.unplaced] == ["C"]


def test_split_without_shares_is_refused(reorganised) -> None:
    (reorganised / "unit_changes.csv").write_text(CHANGES.replace("*=0.6", "").replace("*=0.4", ""), encoding="utf-8")
    with pytest.raises(WorkspaceError) as e:
        load_workspace(reorganised)
    assert "shares" in e.value.message("en") and "line 5" in e.value.message("en")
    r = CliRunner().invoke(app, ["aggregate", str(reorganised), "--period", "2026"])
    assert r.exit_code == 2 and "shares" in r.stderr


def test_split_shares_must_add_up_to_one(reorganised) -> None:
    (reorganised / "unit_changes.csv").write_text(CHANGES.replace("*=0.4", "*=0.3"), encoding="utf-8")
    with pytest.raises(WorkspaceError) as e:
        load_workspace(reorganised)
    assert "0.9" in e.value.message("en")


def test_range_sums_flow_and_takes_stock_from_the_last_year(tiny) -> None:
    head = ["Mã đơn vị", "Số đảng viên", "Số cán bộ, đảng viên đăng ký học tập và làm theo",
            "Số mô hình học tập và làm theo Bác xây dựng mới"]
    for year, rows in {2024: [["01.01", 30, 20, 2], ["01.02", 10, 10, 1]],
                       2025: [["01.01", 32, 30, 3], ["01.02", 12, 12, 0]]}.items():
        write_xlsx(tiny.root / "inbox" / str(year) / "x.xlsx", [head, *rows])
    _, agg = aggregate_period(load_workspace(tiny.root), parse_period("2024-2025"))
    assert agg.value("01", "so_dang_vien") == 44  # stock: 2025
    assert agg.value("01", "mo_hinh_moi") == 6  # flow: 2 + 1 + 3 + 0
    assert agg.value("01", "ti_le_dang_vien_dang_ky") == pytest.approx(42 / 44)
    e = explain(agg, "01", "mo_hinh_moi")
    assert sorted(c.year for c in e.parts[0].cells) == ["2024", "2024", "2025", "2025"]


def test_explain_lists_the_cells_that_add_up_to_a_demo_figure() -> None:
    r = CliRunner().invoke(app, ["explain", str(DEMO), "--period", "2026", "--unit", "02",
                                 "--indicator", "so_dang_vien", "-f", "json"])
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    cells = data["parts"][0]["cells"]
    assert sum(c["value"] for c in cells) == data["value"] == data["parts"][0]["sum"]
    first = cells[0]
    wb = openpyxl.load_workbook(DEMO / first["file"], read_only=True)
    sheet, ref = first["cell"].split("!")
    assert wb[sheet][ref].value == first["value"]


def test_explain_a_ratio_shows_both_sums() -> None:
    r = CliRunner().invoke(app, ["explain", str(DEMO), "--period", "2026", "--unit", "00",
                                 "--indicator", "ti_le_chi_bo_sinh_hoat_du_12_ky", "-f", "json"])
    data = json.loads(r.stdout)
    num, den = data["parts"]
    assert data["value"] == pytest.approx(num["sum"] / den["sum"])
    assert sum(c["value"] for c in num["cells"]) == num["sum"] and len(den["cells"]) == 575
    table = CliRunner().invoke(app, ["explain", str(DEMO), "--period", "2026", "--unit", "00",
                                     "--indicator", "ti_le_chi_bo_sinh_hoat_du_12_ky"]).stdout
    assert f"= {int(num['sum'])} / {int(den['sum'])}" in table.replace(".", "")


def test_explain_unknown_indicator_or_unit_exits_2() -> None:
    r = CliRunner().invoke(app, ["explain", str(DEMO), "--period", "2026", "--unit", "00", "--indicator", "nope"])
    assert r.exit_code == 2 and "nope" in r.stderr
    r = CliRunner().invoke(app, ["explain", str(DEMO), "--period", "2026", "--unit", "zz", "--indicator", "so_dang_vien"])
    assert r.exit_code == 2 and "zz" in r.stderr


def test_status_lists_missing_partial_and_failed_units(tiny) -> None:
    tiny("x.xlsx", [["Mã đơn vị", "Số đảng viên"], ["01.01", 3], ["01.02", -1]])
    r = CliRunner().invoke(app, ["status", str(tiny.root), "--period", "2026", "-f", "json"])
    assert r.exit_code == 1
    parents = {p["code"]: p for p in json.loads(r.stdout)["parents"]}
    kids = {c["code"]: c for c in parents["01"]["children"]}
    assert kids["01.01"]["status"] == "reported" and kids["01.01"]["files"] == ["inbox/2026/x.xlsx"]
    assert kids["01.02"]["status"] == "errors" and kids["01.03"]["status"] == "missing"
    top = {c["code"]: c["status"] for c in parents["00"]["children"]}
    assert top == {"01": "errors", "02": "missing"}
    table = CliRunner().invoke(app, ["status", str(tiny.root), "--period", "2026"]).stdout
    assert "chưa báo cáo" in table and "01.03" in table and "01.01" not in table


def test_demo_status_is_complete() -> None:
    r = CliRunner().invoke(app, ["status", str(DEMO), "--period", "2026", "-f", "json"])
    assert r.exit_code == 0
    assert all(c["status"] == "reported" for p in json.loads(r.stdout)["parents"] for c in p["children"])


def test_own_totals_and_children_reconciled_with_warning(tiny) -> None:
    tiny("x.xlsx", [["Mã đơn vị", "Số đảng viên"], ["01", 60], ["01.01", 30], ["01.02", 20], ["01.03", 5]])
    r = CliRunner().invoke(app, ["validate", str(tiny.root), "--period", "2026", "-f", "json"])
    (f,) = json.loads(r.stdout)["findings"]
    assert (f["rule"], f["cell"], f["unit"]) == ("total.own_differs", "B2", "01")
    assert "60" in f["message"] and "55" in f["message"] and r.exit_code == 0


def test_xlsx_export_has_a_sheet_per_level_with_subtotals(demo_aggregate_file) -> None:
    made = demo_aggregate_file("xlsx")  # `dm05 aggregate data/demo --period 2026 -f xlsx -o FILE`, shared
    assert made["exit_code"] == 0, made["stderr"]
    wb = openpyxl.load_workbook(made["path"])
    assert wb.sheetnames == ["Tổng hợp", "Cấp xa", "Cấp chi_bo", "Cấp dang_bo_truc_thuoc", "Cấp co_so", "Độ phủ"]
    cells = wb["Cấp chi_bo"]
    assert cells["B2"].value == "Cộng: Đảng bộ xã Tân Lập" and cells["B2"].font.b
    assert cells.freeze_panes == "C2"
    assert wb["Tổng hợp"]["G2"].number_format == "#,##0"
    ratio_col = [c for c in wb["Tổng hợp"][1] if c.value == "Tỷ lệ cán bộ, đảng viên đăng ký học tập và làm theo"][0]
    assert wb["Tổng hợp"].cell(2, ratio_col.column).number_format == "0.0%"


def test_unit_changes_in_another_encoding_is_a_clear_error(reorganised) -> None:
    # bytes no Vietnamese encoding has (0x81, 0x8D are unassigned in Windows-1258): refused, never guessed
    (reorganised / "unit_changes.csv").write_bytes(CHANGES.encode("utf-8") + b"x\x81\x8d,y,2025-07-01,merge\n")
    r = CliRunner().invoke(app, ["aggregate", str(reorganised), "--period", "2026"])
    assert r.exit_code == 2 and "unit_changes.csv" in r.stderr and "UTF-8" in r.stderr
    assert "Traceback" not in r.stderr and "nội bộ" not in r.stderr
