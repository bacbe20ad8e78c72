"""Amounts of money: typed the Vietnamese way, read to the đồng, summed exactly, written as reports write money."""

import json
import random
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dm05.cli import app
from dm05.errors import WorkspaceError
from dm05.period import parse_period
from dm05.pipeline import Loader
from dm05.vnformat import amount, tien
from dm05.workspace import load_workspace

MONEY = """\
[[indicator]]
key = "tien_mo_hinh"
label = "Số tiền các mô hình huy động được"
aliases = ["Kinh phí huy động"]
kind = "amount"
temporal = "flow"
input_unit = "triệu đồng"
"""
LEAVES = ["01.01", "01.02", "01.03", "02.01"]


def _money_workspace(tiny, catalogue: str = MONEY) -> Path:
    (tiny.root / "indicators.toml").write_text(catalogue, encoding="utf-8")
    return tiny.root


def _load(ws: Path):
    return Loader(load_workspace(ws)).load(parse_period("2026"))


def _one_cell(tiny, header: str, cell: object):
    ws = _money_workspace(tiny)
    rows = [["Mã đơn vị", "Số đảng viên", header]] + [[u, 3, cell if u == "01.01" else 0] for u in LEAVES]
    tiny("x.xlsx", rows)
    return _load(ws)


@pytest.mark.parametrize("header,cell,dong", [
    ("Số tiền các mô hình huy động được", "120,5", 120_500_000),  # the catalogue's input_unit: triệu đồng
    ("Số tiền các mô hình huy động được", 120.5, 120_500_000),
    # whole numbers in every cell of the column: still in the column's unit, never read as đồng
    ("Số tiền các mô hình huy động được", 600, 600_000_000),
    ("Số tiền các mô hình huy động được (tỷ đồng)", 2, 2_000_000_000),
    ("Số tiền các mô hình huy động được (đồng)", "1.250.000.000", 1_250_000_000),
    ("Số tiền các mô hình huy động được (triệu đồng)", "1,5 tỷ", 1_500_000_000),  # the cell's unit wins
    ("Số tiền các mô hình huy động được (triệu đồng)", "600 triệu", 600_000_000),
    ("Số tiền các mô hình huy động được (ĐVT: tỷ đồng)", "2 tỷ 500 triệu", 2_500_000_000),
    ("Số tiền các mô hình huy động được (nghìn đồng)", "1.250,5", 1_250_500),
    ("Kinh phí huy động (Tr.đ)", "0,0000005", 1),  # half a đồng and more: rounded to the whole đồng
    ("Số tiền các mô hình huy động được (tỷ đồng)", "-", 0),
])
def test_an_amount_is_read_to_the_dong_from_the_cell_header_or_catalogue_unit(tiny, header, cell, dong) -> None:
    loaded = _one_cell(tiny, header, cell)
    assert [f.rule for f in loaded.validation.findings] == []
    assert loaded.aggregate.value("01.01", "tien_mo_hinh") == dong
    unit = loaded.aggregate.to_json()["units"][0]
    assert unit["values"]["tien_mo_hinh"] == dong and isinstance(unit["values"]["tien_mo_hinh"], int)


def test_a_unit_under_the_header_names_the_column_and_is_no_data_row(tiny) -> None:
    ws = _money_workspace(tiny)
    tiny("x.xlsx", [["Mã đơn vị", "Số đảng viên", "Số tiền các mô hình huy động được"],
                    [None, "người", "triệu đồng"]] + [[u, 3, 2.5] for u in LEAVES])
    loaded = _load(ws)
    assert [f.rule for f in loaded.validation.findings] == []
    assert loaded.aggregate.value("00", "tien_mo_hinh") == 10_000_000


@pytest.mark.parametrize("cell,rule", [
    ("1,2,3", "value.not_number"),
    ("2 tỷ 500", "value.not_number"),  # five hundred what?
    ("500 triệu 2 tỷ", "value.not_number"),  # units go down
    ("nhiều", "value.not_number"),
    ("-5", "value.negative"),
    ("12%", "value.rate_in_count"),
    ("5.000.000 tỷ", "value.implausible"),
])
def test_an_amount_that_cannot_be_read_is_an_error_at_its_cell(tiny, cell, rule) -> None:
    loaded = _one_cell(tiny, "Số tiền các mô hình huy động được (triệu đồng)", cell)
    (f,) = loaded.validation.findings
    assert (f.rule, f.severity, f.cell, f.unit, f.indicator) == (rule, "error", "C2", "01.01", "tien_mo_hinh")
    assert f.message("vi") and f.message("en")
    assert loaded.aggregate.value("01.01", "tien_mo_hinh") is None  # an error cell counts nowhere


def test_sums_of_amounts_are_exact_to_the_dong(tiny) -> None:
    # 0,1 tỷ ten times over: binary floating point in tỷ would say 0.9999999999999999
    assert sum([0.1] * 10) != 1.0
    units = "\n".join(f"01.{i:02d},Chi bộ {i},01,chi_bo" for i in range(4, 14))
    (tiny.root / "units.csv").write_text((tiny.root / "units.csv").read_text(encoding="utf-8") + units + "\n",
                                         encoding="utf-8")
    ws = _money_workspace(tiny)
    rng = random.Random(15)
    leaves = LEAVES + [f"01.{i:02d}" for i in range(4, 14)]
    typed = {u: rng.choice(["0,1 tỷ", 0.1, "100 triệu", "0,3", 0.7, "12,345"]) for u in leaves}
    tiny("x.xlsx", [["Mã đơn vị", "Số đảng viên", "Số tiền các mô hình huy động được (tỷ đồng)"]]
         + [[u, 3, typed[u]] for u in leaves])
    exact = sum(Decimal(str(v).replace(",", ".").split()[0]) * (10**6 if "triệu" in str(v) else 10**9)
                for v in typed.values())
    loaded = _load(ws)
    assert loaded.validation.findings == []
    root = loaded.aggregate.to_json()["units"][0]["values"]["tien_mo_hinh"]
    assert root == int(exact) and Decimal(root) == exact


def test_a_totals_row_of_amounts_is_checked_in_dong(tiny) -> None:
    ws = _money_workspace(tiny)
    tiny("x.xlsx", [["Mã đơn vị", "Số tiền các mô hình huy động được (triệu đồng)"],
                    ["01.01", "1,5 tỷ"], ["01.02", "500"], ["01.03", 0.25], ["02.01", "0"],
                    ["Tổng cộng", "2 tỷ 1 triệu"]])
    loaded = _load(ws)
    (f,) = loaded.validation.findings
    assert (f.rule, f.cell) == ("total.mismatch", "B6")
    tiny("x.xlsx", [["Mã đơn vị", "Số tiền các mô hình huy động được (triệu đồng)"],
                    ["01.01", "1,5 tỷ"], ["01.02", "500"], ["01.03", 0.25], ["02.01", "0"],
                    ["Tổng cộng", "2.000,25"]])
    assert _load(ws).validation.findings == []


def test_a_vertical_form_takes_an_amounts_unit_from_its_measure_column(tiny) -> None:
    ws = _money_workspace(tiny)
    for code in LEAVES:
        tiny(f"{code}.xlsx", [["Mã đơn vị:", code], [], ["STT", "Chỉ tiêu", "ĐVT", "Số liệu"],
                              [1, "Số đảng viên", "người", 12],
                              [2, "Số tiền các mô hình huy động được", "tỷ đồng", "1,2"]])
    loaded = _load(ws)
    assert [f.rule for f in loaded.validation.findings] == []
    assert loaded.aggregate.value("00", "tien_mo_hinh") == 4_800_000_000


def test_amounts_are_explained_cell_by_cell(tiny) -> None:
    ws = _money_workspace(tiny)
    tiny("x.xlsx", [["Mã đơn vị", "Số tiền các mô hình huy động được (triệu đồng)"]] + [[u, "1,5"] for u in LEAVES])
    r = CliRunner().invoke(app, ["explain", str(ws), "-p", "2026", "--unit", "01", "--indicator", "Kinh phí huy động",
                                 "-f", "json"])
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["indicator"] == "tien_mo_hinh" and data["value"] == 4_500_000
    assert [c["value"] for c in data["parts"][0]["cells"]] == [1_500_000] * 3


@pytest.mark.parametrize("dong,words", [
    (0, "0 đồng"),
    (850_000, "850.000 đồng"),
    (150_000_000, "150 triệu đồng"),
    (598_400_000, "gần 600 triệu đồng"),
    (5_312_000_000, "trên 5,3 tỷ đồng"),
    (1_250_000_000, "gần 1,3 tỷ đồng"),
    (999_600_000, "gần 1 tỷ đồng"),
    (12_345_000_000, "trên 12 tỷ đồng"),
    (1_234_567_890_000, "trên 1.200 tỷ đồng"),
])
def test_money_in_a_sentence_has_two_significant_digits_and_says_which_way_it_rounded(dong, words) -> None:
    assert tien(dong) == words


def test_money_in_a_table_is_in_its_unit_with_one_decimal() -> None:
    assert [amount(v, 10**6) for v in (598_400_000, 600_000_000, 1_234_567_890_000, 50_000)] == [
        "598,4", "600", "1.234.567,9", "0,1"]


@pytest.mark.parametrize("entry,fragment", [
    ('kind = "amount"\nmeasure = "người"', "money"),
    ('kind = "amount"\nat_most = "so_dang_vien"', "at_most"),
    ('kind = "amount"\ninput_unit = "đô la"', "input_unit"),
    ('kind = "amount"\ntable_unit = "trăm đồng"', "table_unit"),
])
def test_an_amount_indicator_is_money_in_known_units(tiny, entry, fragment) -> None:
    (tiny.root / "indicators.toml").write_text(f'[[indicator]]\nkey = "tien"\nlabel = "Tiền"\n{entry}\n', encoding="utf-8")
    with pytest.raises(WorkspaceError) as e:
        load_workspace(tiny.root)
    assert fragment in e.value.message("en") and "indicators.toml" in e.value.message("en")


def test_an_intake_form_asks_an_amount_in_its_input_unit_and_reads_it_back(tiny, tmp_path) -> None:
    import openpyxl

    from dm05.forms import build_form

    ws = _money_workspace(tiny)
    form = tmp_path / "01.xlsx"
    form.write_bytes(build_form(load_workspace(ws), parse_period("2026"), "01"))
    book = openpyxl.load_workbook(form)
    sheet = book["Biểu số liệu"]
    key_row = next(r for r in range(1, 20) if sheet.cell(r, 2).value == "code")
    col = next(c for c in range(1, sheet.max_column + 1) if sheet.cell(key_row, c).value == "tien_mo_hinh")
    assert sheet.cell(key_row - 2, col).value == "Số tiền các mô hình huy động được (triệu đồng)"
    letter = openpyxl.utils.get_column_letter(col)
    rule = next(v for v in sheet.data_validations.dataValidation if letter in str(v.sqref))
    assert rule.type == "decimal" and rule.operator == "greaterThanOrEqual"
    for r in range(key_row + 2, key_row + 5):  # the three cells of commune 01, typed in triệu đồng
        sheet.cell(r, col).value = 12.5
    book.save(ws / "inbox" / "2026" / "01.xlsx")
    loaded = _load(ws)
    assert loaded.aggregate.value("01", "tien_mo_hinh") == 37_500_000
