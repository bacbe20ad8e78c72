"""Aggregate exports: JSON (the stable contract), CSV (UTF-8 with BOM, for Excel) and XLSX.

Text cells that a spreadsheet would run as a formula (starting with = + - @) are neutralised with a
leading apostrophe-quote in CSV and written as plain strings in XLSX.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import xlsxwriter

from dm05.aggregate import Aggregate

FIXED_CREATED = datetime(2026, 1, 1)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_json_bytes(agg: Aggregate, compare: Aggregate | None = None) -> bytes:
    """The JSON contract (see :func:`json_chunks`) in one piece."""
    return b"".join(json_chunks(agg, compare))


def json_chunks(agg: Aggregate, compare: Aggregate | None = None) -> Iterator[bytes]:
    """The JSON contract, one unit a line, made and handed out a few hundred units at a time with json's
    C encoder: an indented dump of 270,000 units takes the pure-Python encoder, and a whole string of
    them gigabytes."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    head = encode({"period": agg.period.id})[:-1]
    lines: list[str] = []
    first = True
    for unit in agg.json_units(compare):
        lines.append(encode(unit))
        if len(lines) == 500:
            yield ((head + ', "units": [\n  ' if first else ",\n  ") + ",\n  ".join(lines)).encode("utf-8")
            lines, first = [], False
    yield ((head + ', "units": [\n  ' if first else (",\n  " if lines else "")) + ",\n  ".join(lines)
           + "\n]}\n").encode("utf-8")


def _columns(agg: Aggregate) -> list[str]:
    return list(agg.values.columns)


def to_csv_bytes(agg: Aggregate, compare: Aggregate | None = None) -> bytes:
    """UTF-8 with BOM so that Excel shows Vietnamese; with ``compare``, previous value and change columns;
    last, one ``<key>_coverage`` column per key: the leaves included in that figure (out of ``expected``)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    keys = _columns(agg)
    extra = [f"{k}_{suffix}" for k in keys for suffix in ("previous", "change")] if compare is not None else []
    w.writerow(["code", "name", "level", "parent", "reported", "expected", *keys, *extra,
                *[f"{k}_coverage" for k in keys]])
    for unit in agg.to_json(compare)["units"]:
        vals = ["" if unit["values"][k] is None else unit["values"][k] for k in keys]
        if compare is not None:
            c = unit["compare"]
            vals += ["" if c[part][k] is None else c[part][k] for k in keys for part in ("values", "change")]
        w.writerow([safe_text(unit["code"]), safe_text(unit["name"]), safe_text(unit["level"]),
                    safe_text(unit["parent"] or ""), unit["reported"], unit["expected"], *vals,
                    *[unit["coverage"][k] for k in keys]])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _sheet_name(text: str, used: set[str]) -> str:
    name = "".join(ch for ch in text if ch not in "[]:*?/\\")[:31] or "Sheet"
    base, n = name, 2
    while name.lower() in used:
        name = f"{base[:28]} {n}"
        n += 1
    used.add(name.lower())
    return name


def to_xlsx_bytes(agg: Aggregate, compare: Aggregate | None = None) -> bytes:
    """A first sheet with every unit (indented by depth), then a sheet per level in which each parent's
    subtotal row heads its units; Vietnamese headers, thousands and percent formats, frozen headers.
    A partial figure (fewer leaves than ``Phải báo cáo``) is shaded; the last sheet, "Độ phủ", gives for
    every unit and key how many leaves each figure includes."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
                                   "strings_to_urls": False})
    wb.set_properties({"created": FIXED_CREATED, "author": "dm05"})
    fmt = {
        "head": wb.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "align": "center", "border": 1}),
        "text": wb.add_format({"border": 1}),
        "count": wb.add_format({"border": 1, "num_format": "#,##0"}),
        "ratio": wb.add_format({"border": 1, "num_format": "0.0%"}),
        "points": wb.add_format({"border": 1, "num_format": "+0.0;-0.0;0.0"}),
        "btext": wb.add_format({"border": 1, "bold": True, "bg_color": "#EEEEEE"}),
        "bcount": wb.add_format({"border": 1, "bold": True, "bg_color": "#EEEEEE", "num_format": "#,##0"}),
        "bratio": wb.add_format({"border": 1, "bold": True, "bg_color": "#EEEEEE", "num_format": "0.0%"}),
        "bpoints": wb.add_format({"border": 1, "bold": True, "bg_color": "#EEEEEE", "num_format": "+0.0;-0.0;0.0"}),
    }
    for name in list(fmt):  # partial figures: the same format, hatched yellow
        if name.lstrip("b") in ("count", "ratio"):
            fmt["p" + name] = wb.add_format({**_format_props(name), "bg_color": "#FFF2B3", "pattern": 1})
    data = {u["code"]: u for u in agg.to_json(compare)["units"]}
    keys = _columns(agg)
    kinds = {k: agg.catalogue.by_key[k].kind for k in keys}
    columns: list[tuple[str, str, str]] = []  # (header, where, key): where = values | previous | change
    for k in keys:
        label = agg.catalogue.by_key[k].label + (" (đồng)" if kinds[k] == "amount" else "")
        columns.append((label, "values", k))
        if compare is not None:
            columns.append((f"{label} — kỳ {compare.period.id}", "previous", k))
            columns.append((f"{label} — thay đổi" + (" (điểm %)" if kinds[k] == "ratio" else ""), "change", k))
    used: set[str] = set()

    def sheet(title: str) -> Any:
        ws = wb.add_worksheet(_sheet_name(title, used))
        labels = ["Mã đơn vị", "Đơn vị", "Cấp", "Đã báo cáo", "Phải báo cáo", *[c[0] for c in columns]]
        for c, label in enumerate(labels):
            ws.write_string(0, c, label, fmt["head"])
        ws.set_row(0, 90)
        ws.set_column(0, 0, 12)
        ws.set_column(1, 1, 42)
        ws.set_column(2, 4, 10)
        ws.set_column(5, 4 + len(columns), 13)
        ws.freeze_panes(1, 2)
        return ws

    def write(ws: Any, r: int, code: str, name: str, bold: bool = False) -> None:
        u = data[code]
        b = "b" if bold else ""
        ws.write_string(r, 0, u["code"], fmt[b + "text"])
        ws.write_string(r, 1, name, fmt[b + "text"])
        ws.write_string(r, 2, u["level"], fmt[b + "text"])
        ws.write_number(r, 3, u["reported"], fmt[b + "count"])
        ws.write_number(r, 4, u["expected"], fmt[b + "count"])
        for c, (_, where, k) in enumerate(columns, start=5):
            v = u["values"][k] if where == "values" else u["compare"]["values" if where == "previous" else "change"][k]
            style = "points" if where == "change" and kinds[k] == "ratio" else ("ratio" if kinds[k] == "ratio" else "count")
            partial = where == "values" and u["coverage"][k] < u["expected"]
            if v is None:
                ws.write_blank(r, c, None, fmt[b + style])
            else:
                ws.write_number(r, c, v, fmt[("p" if partial else "") + b + style])

    tree = agg.tree
    ws = sheet("Tổng hợp")
    for r, code in enumerate(tree.order, start=1):
        write(ws, r, code, "    " * tree.depth[code] + tree[code].name, bold=not tree.is_leaf(code))
    levels: list[str] = []
    for code in tree.order:
        if tree[code].parent is not None and tree[code].level not in levels:
            levels.append(tree[code].level)
    for level in levels:
        ws = sheet(f"Cấp {level}")
        r = 1
        by_parent: dict[str, list[str]] = {}
        for code in tree.order:
            above = tree[code].parent
            if tree[code].level == level and above is not None:
                by_parent.setdefault(above, []).append(code)
        for parent, codes in by_parent.items():
            write(ws, r, parent, f"Cộng: {tree[parent].name}", bold=True)
            r += 1
            for code in codes:
                write(ws, r, code, tree[code].name)
                r += 1
    ws = wb.add_worksheet(_sheet_name("Độ phủ", used))
    labels = ["Mã đơn vị", "Đơn vị", "Phải báo cáo", *[agg.catalogue.by_key[k].label for k in keys]]
    for c, label in enumerate(labels):
        ws.write_string(0, c, label, fmt["head"])
    ws.write_string(1, 0, "Số đơn vị cơ sở có số liệu trong từng chỉ tiêu (tỷ lệ: có cả tử số và mẫu số, "
                          "không có ô lỗi)", fmt["text"])
    ws.set_row(0, 90)
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 42)
    ws.set_column(2, 2 + len(keys), 11)
    ws.freeze_panes(2, 2)
    for r, code in enumerate(tree.order, start=2):
        u = data[code]
        ws.write_string(r, 0, u["code"], fmt["text"])
        ws.write_string(r, 1, "    " * tree.depth[code] + tree[code].name, fmt["text"])
        ws.write_number(r, 2, u["expected"], fmt["count"])
        for c, k in enumerate(keys, start=3):
            ws.write_number(r, c, u["coverage"][k], fmt["pcount" if u["coverage"][k] < u["expected"] else "count"])
    wb.close()
    return out.getvalue()


def _format_props(name: str) -> dict[str, Any]:
    props: dict[str, Any] = {"border": 1, "num_format": "#,##0" if name.endswith("count") else "0.0%"}
    if name.startswith("b"):
        props.update(bold=True)
    return props
