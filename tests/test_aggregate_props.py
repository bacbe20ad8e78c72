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
