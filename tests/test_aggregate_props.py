"""Property tests of the roll-up on random trees and data (hypothesis)."""

import math

import pandas as pd
from hypothesis import given, settings, strategies as st

from dm05.aggregate import roll_up
from dm05.indicators import load_catalogue
from dm05.ingest import SheetData
from dm05.period import parse_period
from dm05.units import Unit, UnitTree

CAT = load_catalogue()
PERIOD = parse_period("2026")


@st.composite
def trees(draw):
    """A random tree of up to 4 levels; returns (tree, leaves)."""
    units = {"R": Unit("R", "Gốc", None, "tinh", 1)}
    frontier, n = ["R"], 0
    for depth in range(draw(st.integers(1, 4))):
        nxt = []
        for parent in frontier:
            for _ in range(draw(st.integers(1 if depth == 0 else 0, 4))):
                n += 1
                code = f"U{n}"
                units[code] = Unit(code, f"Đơn vị {n}", parent, f"l{depth}", n + 1)
                nxt.append(code)
        frontier = nxt or frontier
        if not nxt:
            break
    tree = UnitTree(units)
    return tree, [c for c in tree.order if tree.is_leaf(c)]


@st.composite
def leaf_data(draw):
    tree, leaves = draw(trees())
    rows = {}
    for leaf in leaves:
        if draw(st.booleans()) or len(rows) == 0:
            members = draw(st.integers(0, 500))
            rows[leaf] = (members, draw(st.integers(0, members)))
    return tree, rows


def sheets_of(rows: dict[str, tuple[int, int]], chunks: int = 1, reverse: bool = False) -> list[SheetData]:
    items = list(rows.items())[::-1] if reverse else list(rows.items())
    out = []
    for k in range(chunks):
        part = items[k::chunks]
        if not part:
            continue
        s = SheetData(f"f{k}.xlsx", "S", rows=list(range(2, 2 + len(part))), units=[u for u, _ in part])
        s.columns = {"so_dang_vien": ("B", [float(m) for _, (m, _) in part]),
                     "dang_vien_dang_ky": ("C", [float(p) for _, (_, p) in part])}
        out.append(s)
    return out


@settings(max_examples=80, deadline=None)
@given(leaf_data())
def test_root_count_is_the_sum_over_leaves_and_ratios_are_summed_parts(data) -> None:
    tree, rows = data
    agg = roll_up(tree, CAT, PERIOD, sheets_of(rows))
    assert agg.value(tree.root, "so_dang_vien") == sum(m for m, _ in rows.values())
    for code in tree.order:
        below = [u for u in rows if u == code or code in tree.ancestors(u)]
        members = sum(rows[u][0] for u in below)
        pledged = sum(rows[u][1] for u in below)
        ratio = agg.value(code, "ti_le_dang_vien_dang_ky")
        if not below or members == 0:
            assert ratio is None
        else:
            assert math.isclose(ratio, pledged / members)
        assert int(agg.reported[code]) == len(below)


@settings(max_examples=60, deadline=None)
@given(leaf_data(), st.integers(1, 4), st.booleans())
def test_result_does_not_depend_on_file_order_or_how_rows_are_split(data, chunks, reverse) -> None:
    tree, rows = data
    one = roll_up(tree, CAT, PERIOD, sheets_of(rows)).values
    many = roll_up(tree, CAT, PERIOD, sheets_of(rows, chunks, reverse)).values
    pd.testing.assert_frame_equal(one, many)


@settings(max_examples=60, deadline=None)
@given(leaf_data(), st.data())
def test_reconciliation_warnings_exactly_where_own_totals_differ(data, draw) -> None:
    tree, rows = data
    inner = [c for c in tree.order if not tree.is_leaf(c)]
    own = {c: draw.draw(st.integers(0, 2000)) for c in inner if draw.draw(st.booleans())}
    totals = SheetData("own.xlsx", "S", rows=list(range(2, 2 + len(own))), units=list(own))
    totals.columns = {"so_dang_vien": ("B", [float(v) for v in own.values()])}
    agg = roll_up(tree, CAT, PERIOD, sheets_of(rows) + [totals])
    flagged = {d.unit for d in agg.differences if d.indicator == "so_dang_vien"}
    children_sum = {}
    for code in reversed(tree.order):  # what the children add up to, following the roll-up rule
        kids = tree.children.get(code, [])
        values = [agg.value(k, "so_dang_vien") for k in kids]
        children_sum[code] = sum(v for v in values if v is not None) if any(v is not None for v in values) else None
    expected = {c for c, v in own.items() if children_sum[c] is not None and children_sum[c] != v}
    assert flagged == expected


@st.composite
def gappy_data(draw):
    """Leaves that may lack either column, and cells that may carry an error finding."""
    tree, leaves = draw(trees())
    rows = {}
    for leaf in leaves:
        if not draw(st.booleans()):
            continue
        members = draw(st.integers(0, 500))
        cells = {"so_dang_vien": members if draw(st.integers(0, 4)) else None,
                 "dang_vien_dang_ky": draw(st.integers(0, members)) if draw(st.integers(0, 3)) else None}
        bad = {k for k in cells if cells[k] is not None and draw(st.integers(0, 5)) == 0}
        rows[leaf] = (cells, bad)
    return tree, rows


def gappy_sheet(rows) -> SheetData:
    s = SheetData("g.xlsx", "S", rows=list(range(2, 2 + len(rows))), units=list(rows))
    s.columns = {k: ("B", [None if c[k] is None else float(c[k]) for c, _ in rows.values()])
                 for k in ("so_dang_vien", "dang_vien_dang_ky")}
    # an error cell keeps its value here: the roll-up must leave it out all the same
    s.errors = {(k, i) for i, (_, bad) in enumerate(rows.values()) for k in bad}
    return s


@settings(max_examples=120, deadline=None)
@given(gappy_data())
def test_ratio_is_over_exactly_the_leaves_with_both_parts_clean_and_counts_over_clean_cells(data) -> None:
    tree, rows = data
    agg = roll_up(tree, CAT, PERIOD, [gappy_sheet(rows)])

    def clean(u, k):
        cells, bad = rows[u]
        return cells[k] is not None and k not in bad

    for code in tree.order:
        below = [u for u in rows if u == code or code in tree.ancestors(u)]
        for key in ("so_dang_vien", "dang_vien_dang_ky"):
            have = [u for u in below if clean(u, key)]
            value = agg.value(code, key)
            assert value == (sum(rows[u][0][key] for u in have) if have else None)
            assert agg.covered(code, key) == len(have)
        both = [u for u in below if clean(u, "so_dang_vien") and clean(u, "dang_vien_dang_ky")]
        members = sum(rows[u][0]["so_dang_vien"] for u in both)
        pledged = sum(rows[u][0]["dang_vien_dang_ky"] for u in both)
        ratio = agg.value(code, "ti_le_dang_vien_dang_ky")
        assert agg.covered(code, "ti_le_dang_vien_dang_ky") == len(both)
        if members == 0:
            assert ratio is None
        else:
            assert math.isclose(ratio, pledged / members)


@settings(max_examples=60, deadline=None)
@given(gappy_data(), st.data())
def test_own_totals_cover_their_leaves_where_no_child_gave_the_key(data, draw) -> None:
    tree, rows = data
    inner = [c for c in tree.order if not tree.is_leaf(c) and c != tree.root]
    own = {c: draw.draw(st.integers(0, 2000)) for c in inner if draw.draw(st.booleans())}
    totals = SheetData("own.xlsx", "S", rows=list(range(2, 2 + len(own))), units=list(own))
    totals.columns = {"so_dang_vien": ("B", [float(v) for v in own.values()])}
    agg = roll_up(tree, CAT, PERIOD, [gappy_sheet(rows), totals])

    def expect(code):  # (value, leaves covered) by the children-first rule
        kids = tree.children.get(code, [])
        parts = [expect(k) for k in kids]
        given = [p for p in parts if p[0] is not None]
        if given:
            return sum(v for v, _ in given), sum(c for _, c in given)
        if code in own:
            return own[code], int(agg.expected[code])
        if code in rows and rows[code][0]["so_dang_vien"] is not None and "so_dang_vien" not in rows[code][1]:
            return rows[code][0]["so_dang_vien"], 1
        return None, 0

    for code in tree.order:
        value, covered = expect(code)
        assert agg.value(code, "so_dang_vien") == value
        assert agg.covered(code, "so_dang_vien") == covered
