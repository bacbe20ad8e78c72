"""Editing the superior's workbook with openpyxl: what it keeps, what it would drop (refused before writing),
the same bytes for the same content, and the checks made by opening the output again."""

from __future__ import annotations

import datetime as dt
import io
import types
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from dm05.errors import Dm05Error, InputError
from dm05.xlsxedit import (
    Write,
    check_openpyxl_safe,
    feature_counts,
    lost_features,
    read_back,
    redrawn_features,
    save,
    signature,
    verify,
)

pytestmark = pytest.mark.filterwarnings("ignore:Sparkline Group extension:UserWarning")  # openpyxl says it drops them


def workbook(path: Path, **extra: bool) -> bytes:
    """A small form: figures, a SUM, a validation, protection, print set-up, a hidden row; and what ``extra``
    asks for (text box, button, sparkline, header picture, picture, chart, comment)."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Biểu")
    ws.write_row(0, 0, ["Tên đơn vị", "Số đảng viên"])
    ws.write_row(1, 0, ["Chi bộ thôn Đông", None])
    ws.write_formula(2, 1, "=SUM(B2:B2)", None, 0)
    ws.data_validation("B2", {"validate": "integer", "criteria": ">=", "value": 0})
    ws.set_row(3, None, None, {"hidden": True})
    ws.protect()
    ws.set_landscape()
    ws.repeat_rows(0)
    png = path.with_suffix(".png")
    if extra.get("picture") or extra.get("header_picture"):
        from PIL import Image

        Image.new("RGB", (16, 16), "red").save(png)
    if extra.get("textbox"):
        ws.insert_textbox("E2", "Hạn nộp")
    if extra.get("button"):
        ws.insert_button("E6", {"caption": "Gửi"})
    if extra.get("sparkline"):
        ws.add_sparkline("D2", {"range": "Biểu!B2:B3"})
    if extra.get("header_picture"):
        ws.set_header("&L&G", {"image_left": str(png)})
    if extra.get("picture"):
        ws.insert_image("E2", str(png))
    if extra.get("chart"):
        chart = wb.add_chart({"type": "column"})
        chart.add_series({"values": "=Biểu!$B$2:$B$3"})
        ws.insert_chart("E8", chart)
    if extra.get("comment"):
        ws.write_comment("B2", "Số người")
    wb.close()
    return path.read_bytes()


def filled(data: bytes, value: int = 12) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(data), rich_text=True)
    wb["Biểu"]["B2"] = value
    return save(wb, wb.properties.modified)


@pytest.mark.parametrize("extra,lost", [
    ("textbox", "shapes"), ("button", "controls"), ("sparkline", "sparklines"), ("header_picture", "header_pictures"),
])
def test_what_openpyxl_would_drop_is_found_by_counting_the_xml(tmp_path: Path, extra: str, lost: str) -> None:
    data = workbook(tmp_path / "f.xlsx", **{extra: True})
    assert feature_counts(data)[lost] >= 1
    assert lost in lost_features(data, filled(data))


def test_pictures_charts_and_comments_are_kept_and_the_redrawn_ones_are_named(tmp_path: Path) -> None:
    data = workbook(tmp_path / "f.xlsx", picture=True, chart=True, comment=True)
    out = filled(data)
    assert lost_features(data, out) == []
    assert (feature_counts(out)["images"], feature_counts(out)["charts"], feature_counts(out)["comments"]) == (1, 1, 1)
    assert redrawn_features(data) == ["charts", "comments"]


def test_filled_copy_keeps_the_forms_formulas_validation_protection_print_setup_and_hidden_rows(tmp_path: Path) -> None:
    data = workbook(tmp_path / "f.xlsx")
    out = filled(data)
    assert signature(openpyxl.load_workbook(io.BytesIO(out))) == signature(openpyxl.load_workbook(io.BytesIO(data)))
    assert lost_features(data, out) == [] and feature_counts(out)["hidden_rows"] == 1


def test_save_gives_the_same_bytes_whatever_the_clock_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = workbook(tmp_path / "f.xlsx")
    first = filled(data)
    import time

    import openpyxl.writer.excel as excel

    later = dt.datetime(2031, 5, 6, 7, 8, 9)
    monkeypatch.setattr(excel, "datetime", types.SimpleNamespace(
        datetime=types.SimpleNamespace(now=lambda tz=None: later), timezone=dt.timezone))
    monkeypatch.setattr(time, "time", lambda: later.timestamp())
    second = filled(data)
    assert first == second
    core = zipfile.ZipFile(io.BytesIO(second)).read("docProps/core.xml").decode()
    form_time = openpyxl.load_workbook(io.BytesIO(data)).properties.modified
    assert f">{form_time:%Y-%m-%dT%H:%M:%SZ}</dcterms:modified>" in core and "2031" not in core
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(second)).infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_read_back_names_a_cell_that_does_not_hold_what_was_written(tmp_path: Path) -> None:
    out = filled(workbook(tmp_path / "f.xlsx"), 12)
    assert read_back(out, [Write("Biểu", 2, 2, 12)]) == []
    assert read_back(out, [Write("Biểu", 2, 2, 13), Write("Biểu", 5, 1, None), Write("Biểu", 1, 1, 1)]) == ["Biểu!B2", "Biểu!A1"]


def test_output_that_lost_a_validation_fails_verification(tmp_path: Path) -> None:
    data = workbook(tmp_path / "f.xlsx")
    before = signature(openpyxl.load_workbook(io.BytesIO(data)))
    wb = openpyxl.load_workbook(io.BytesIO(data))
    wb["Biểu"].data_validations.dataValidation.clear()
    wb["Biểu"]["B2"] = 12
    with pytest.raises(Dm05Error) as e:
        verify(save(wb, None), before, [Write("Biểu", 2, 2, 12)])
    assert e.value.code == "submit.verify_failed" and "Biểu: validations" in e.value.message("en")


def test_forms_are_opened_only_through_defusedxml(monkeypatch: pytest.MonkeyPatch) -> None:
    import xml.etree.ElementTree as ET

    import openpyxl.xml.functions

    check_openpyxl_safe()
    monkeypatch.setattr(openpyxl.xml.functions, "iterparse", ET.iterparse)
    with pytest.raises(InputError) as e:
        check_openpyxl_safe()
    assert e.value.code == "submit.no_defusedxml"
