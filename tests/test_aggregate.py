"""Roll-up: sums from the lowest level that reported, ratios from summed parts, missing stays missing."""

import json
import math
from pathlib import Path

import openpyxl
import pytest

from conftest import DEMO
from dm05.aggregate import roll_up
from dm05.indicators import load_catalogue
from dm05.ingest import SheetData
from dm05.period import parse_period
from dm05.units import load_units


@pytest.fixture
def tree(tmp_path: Path):
    p = tmp_path / "units.csv"
    p.write_text("code,name,parent,level\nP,Tỉnh,,tinh\nA,Xã A,P,xa\nA1,Chi bộ A1,A,chi_bo\nA2,Chi bộ A2,A,chi_bo\n"
                 "B,Xã B,P,xa\nB1,Chi bộ B1,B,chi_bo\nC,Xã C,P,xa\nC1,Chi bộ C1,C,chi_bo\n", encoding="utf-8")
    return load_units(p).latest()


def sheet(units: list[str], **cols: list[float | None]) -> SheetData:
    s = SheetData("f.xlsx", "S", rows=list(range(2, 2 + len(units))), units=units)
    s.columns = {k: ("B", v) for k, v in cols.items()}
    return s


def test_rate_recomputed_from_sums_not_averaged(tree) -> None:
    # A: 40 members, 100 % pledged; B: 400 members, 80 % pledged. Average of rates = 90 %; truth = 81,8 %.
    agg = roll_up(tree, load_catalogue(), parse_period("2026"),
                  [sheet(["A1", "B1"], so_dang_vien=[40, 400], dang_vien_dang_ky=[40, 320])])
    assert agg.value("P", "so_dang_vien") == 440
    assert agg.value("P", "ti_le_dang_vien_dang_ky") == pytest.approx(360 / 440)
    assert agg.value("P", "ti_le_dang_vien_dang_ky") != pytest.approx(0.9)


def test_missing_is_missing_not_zero_and_coverage_counts_leaves(tree) -> None:
    agg = roll_up(tree, load_catalogue(), parse_period("2026"), [sheet(["A1"], so_dang_vien=[10], mo_hinh_moi=[None])])
    j = {u["code"]: u for u in agg.to_json()["units"]}
    assert j["A"]["values"]["so_dang_vien"] == 10 and j["A"]["reported"] == 1 and j["A"]["expected"] == 2
    assert j["B"]["values"]["so_dang_vien"] is None and j["B"]["reported"] == 0
    assert j["P"]["values"]["mo_hinh_moi"] is None
    assert j["P"]["values"]["ti_le_dang_vien_dang_ky"] is None  # numerator absent everywhere
    assert j["P"]["reported"] == 1 and j["P"]["expected"] == 4


def test_zero_denominator_gives_null_ratio(tree) -> None:
    agg = roll_up(tree, load_catalogue(), parse_period("2026"), [sheet(["A1"], so_dang_vien=[0], dang_vien_dang_ky=[0])])
    assert agg.value("A1", "ti_le_dang_vien_dang_ky") is None


def test_rolls_up_from_whatever_level_reported(tree) -> None:
    # Commune B sent its own totals only; commune A's cells reported; commune C's total and its cell both.
    sheets = [sheet(["A1", "A2"], so_dang_vien=[10, 20]), sheet(["B"], so_dang_vien=[300]),
              sheet(["C", "C1"], so_dang_vien=[50, 45])]
    agg = roll_up(tree, load_catalogue(), parse_period("2026"), sheets)
    assert agg.value("B", "so_dang_vien") == 300 and int(agg.reported["B"]) == 1
    assert agg.value("C", "so_dang_vien") == 45  # children preferred
    assert agg.value("P", "so_dang_vien") == 10 + 20 + 300 + 45
    assert [(d.unit, d.indicator, d.own, d.children) for d in agg.differences] == [("C", "so_dang_vien", 50, 45)]
    own = roll_up(tree, load_catalogue(), parse_period("2026"), sheets, prefer="own")
    assert own.value("C", "so_dang_vien") == 50


def test_json_contract_shape(tree) -> None:
    agg = roll_up(tree, load_catalogue(), parse_period("2026"), [sheet(["A1"], so_dang_vien=[10], dang_vien_dang_ky=[9])])
    j = json.loads(json.dumps(agg.to_json()))
    assert j["period"] == "2026" and [u["code"] for u in j["units"]] == ["P", "A", "A1", "A2", "B", "B1", "C", "C1"]
    u = j["units"][0]
    assert set(u) == {"code", "name", "level", "parent", "reported", "expected", "values", "coverage"}
    assert set(u["coverage"]) == set(u["values"]) and u["coverage"]["so_dang_vien"] == 1 and u["expected"] == 4
    assert isinstance(u["values"]["so_dang_vien"], int) and u["values"]["ti_le_dang_vien_dang_ky"] == 0.9
    assert "so_ky_sinh_hoat_dinh_ky" not in u["values"]  # threshold raw values are never summed


def _independent_demo_sums(period: str) -> dict[str, int]:
    """Sum the demo sheets cell by cell with openpyxl, matching headers by exact label."""
    cat = load_catalogue()
    wanted = {}
    for ind in cat.indicators:
        for text in (ind.label, *ind.aliases):
            wanted[text] = ind.key
    totals: dict[str, int] = {}
    cells = 0
    for path in sorted((DEMO / "inbox" / period).glob("*.xlsx")):
        ws = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[0]
        rows = list(ws.iter_rows(values_only=True))
        h = next(i for i, r in enumerate(rows) if r and r[0] == "STT")
        keys = [wanted.get(c) if isinstance(c, str) else None for c in rows[h]]
        for r in rows[h + 1:]:
            if r[0] is None:
                continue
            cells += 1
            for k, v in zip(keys, r):
                if k and cat.by_key[k].kind == "count":
                    totals[k] = totals.get(k, 0) + int(v)
                elif k == "so_ky_sinh_hoat_dinh_ky":
                    totals["chi_bo_sinh_hoat_du_12_ky"] = totals.get("chi_bo_sinh_hoat_du_12_ky", 0) + (v >= 12)
                elif k == "so_ky_sinh_hoat_chuyen_de":
                    totals["chi_bo_sinh_hoat_chuyen_de"] = totals.get("chi_bo_sinh_hoat_chuyen_de", 0) + (v >= 4)
    totals["so_chi_bo"] = cells
    return totals


@pytest.mark.parametrize("period", ["2025", "2026"])
def test_demo_province_equals_independent_sum_of_sheets(demo_aggregate, period: str) -> None:
    r = demo_aggregate(period)  # `dm05 aggregate data/demo --period P --format json`, shared by the session
    assert r["exit_code"] == 0, r["stderr"]
    root = r["json"]["units"][0]
    assert root["parent"] is None
    expected = _independent_demo_sums(period)
    assert len(expected) == len(load_catalogue().counts)
    for key, total in expected.items():
        assert root["values"][key] == total, key
    assert root["reported"] == root["expected"] == 575
    num = root["values"]["dang_vien_dang_ky"] / root["values"]["so_dang_vien"]
    assert math.isclose(root["values"]["ti_le_dang_vien_dang_ky"], num)
