"""Aggregate exports: JSON (the stable contract), CSV (UTF-8 with BOM, for Excel) and XLSX.

Text cells that a spreadsheet would run as a formula (starting with = + - @) are neutralised with a
leading apostrophe-quote in CSV and written as plain strings in XLSX.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import xlsxwriter

from dm05.aggregate import Aggregate

FIXED_CREATED = datetime(2026, 1, 1)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_json_bytes(agg: Aggregate) -> bytes:
    return (json.dumps(agg.to_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _columns(agg: Aggregate) -> list[str]:
    return list(agg.values.columns)


def to_csv_bytes(agg: Aggregate) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    keys = _columns(agg)
    w.writerow(["code", "name", "level", "parent", "reported", "expected", *keys])
    for unit in agg.to_json()["units"]:
        vals = ["" if unit["values"][k] is None else unit["values"][k] for k in keys]
        w.writerow([safe_text(unit["code"]), safe_text(unit["name"]), unit["level"], unit["parent"] or "",
                     unit["reported"], unit["expected"], *vals])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx_bytes(agg: Aggregate) -> bytes:
    """One sheet, Vietnamese headers, units indented by level, thousands and percent formats."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False})
    wb.set_properties({"created": FIXED_CREATED, "author": "dm05"})
    ws = wb.add_worksheet("Tổng hợp")
    head = wb.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "align": "center", "border": 1})
    text = wb.add_format({"border": 1})
    count = wb.add_format({"border": 1, "num_format": "#,##0"})
    rate = wb.add_format({"border": 1, "num_format": "0.0%"})
    keys = _columns(agg)
    labels = ["Mã đơn vị", "Đơn vị", "Cấp", "Đã báo cáo", "Phải báo cáo"]
    labels += [agg.catalogue.by_key[k].label for k in keys]
    for c, label in enumerate(labels):
        ws.write_string(0, c, label, head)
    ws.set_row(0, 90)
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 42)
    ws.set_column(2, 4, 10)
    ws.set_column(5, 4 + len(keys), 13)
    ws.freeze_panes(1, 2)
    kinds = {k: agg.catalogue.by_key[k].kind for k in keys}
    for r, unit in enumerate(agg.to_json()["units"], start=1):
        indent = "    " * agg.tree.depth[unit["code"]]
        ws.write_string(r, 0, unit["code"], text)
        ws.write_string(r, 1, indent + unit["name"], text)
        ws.write_string(r, 2, unit["level"], text)
        ws.write_number(r, 3, unit["reported"], count)
        ws.write_number(r, 4, unit["expected"], count)
        for c, k in enumerate(keys, start=5):
            v = unit["values"][k]
            fmt = rate if kinds[k] == "ratio" else count
            if v is None:
                ws.write_blank(r, c, None, fmt)
            else:
                ws.write_number(r, c, v, fmt)
    wb.close()
    return out.getvalue()
