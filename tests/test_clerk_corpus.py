"""The clerk corpus (tests/clerk_sheets.py): its builders write what their ground truth says; dm05 reads
every true figure right, reads no figure from a cell that holds none (totals, rates, last year's hidden
sheet), and its ledger accounts for every number of every file, each unread one named by a finding."""

import re
import sys
from pathlib import Path

import python_calamine

import pytest
from clerk_sheets import LAYOUTS, TREE, ClerkFile, as_number, build_corpus, read_back
from conftest import ROOT

from dm05.ingest import ReadContext, read_file
from dm05.period import parse_period
from dm05.workspace import load_workspace

sys.path.insert(0, str(ROOT / "bench"))
from read_rate import classify


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, ClerkFile]]:
    root = tmp_path_factory.mktemp("clerk") / "ws"
    return root, {cf.layout: cf for cf in build_corpus(root)}


def test_every_layout_writes_one_file_with_figures_of_known_units(corpus) -> None:
    _, files = corpus
    assert sorted(files) == sorted(LAYOUTS)
    assert len({cf.path for cf in files.values()}) == len(files)
    codes = {u.code for u in TREE.units}
    for cf in files.values():
        assert cf.figures, cf.layout
        assert set(cf.truth) <= codes, cf.layout
        cells = [(f.sheet, f.cell) for f in cf.figures] + [(o.sheet, o.cell) for o in cf.others]
        assert len(cells) == len(set(cells)), f"{cf.layout}: a cell recorded twice"


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_ground_truth_is_what_the_file_holds(corpus, layout: str) -> None:
    """Every figure is at its cell with its value (as openpyxl or csv reads it back), and every numeric
    cell of the file is either a figure or a recorded layout cell."""
    _, files = corpus
    cf = files[layout]
    back = read_back(cf.path)
    for f in cf.figures:
        assert as_number(back.get((f.sheet, f.cell))) == f.value, (f, back.get((f.sheet, f.cell)))
    recorded = {(f.sheet, f.cell) for f in cf.figures} | {(o.sheet, o.cell) for o in cf.others}
    unrecorded = {where: v for where, v in back.items() if as_number(v) is not None and where not in recorded}
    assert unrecorded == {}
    for o in cf.others:
        assert (o.sheet, o.cell) in back, o
    visible_numeric = [where for where, v in back.items() if where[0] not in cf.hidden_sheets
                       and as_number(v) is not None and not (isinstance(v, str) and where in codes(cf))]
    assert sum(cf.expected_ledger().values()) == len(visible_numeric)


def codes(cf: ClerkFile) -> set[tuple[str, str]]:
    return {(o.sheet, o.cell) for o in cf.others if o.kind == "code"}


def test_units_csv_loads_with_recurring_cell_names(corpus) -> None:
    root, _ = corpus
    ws = load_workspace(root)
    tree = ws.tree(parse_period("2026"))
    assert tree.by_name("Chi bộ thôn 1") == ["01.01", "02.01", "03.01", "04.01"]
    assert tree.by_name("Chi bộ khu phố 3") == ["01.05", "02.06"]
    assert tree["04.10"].parent == "04" and tree["00"].level == "tinh"


def test_corpus_is_deterministic(tmp_path: Path) -> None:
    a = build_corpus(tmp_path / "a", layouts=["hidden_sheet_rows", "mixed_commune", "csv_semicolon"])
    b = build_corpus(tmp_path / "b", layouts=["hidden_sheet_rows", "mixed_commune", "csv_semicolon"])
    for x, y in zip(a, b):
        assert x.path.read_bytes() == y.path.read_bytes(), x.layout
        assert x.figures == y.figures and x.others == y.others


@pytest.fixture(scope="module")
def read_context(corpus) -> ReadContext:
    root, _ = corpus
    ws = load_workspace(root)
    period = parse_period("2026")
    return ReadContext(ws.tree(period), ws.catalogue, period, ws.config.cell_level, all_units=ws.units,
                       limits=ws.config.limits)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_dm05_reads_every_true_figure(corpus, read_context, layout: str) -> None:
    root, files = corpus
    cf = files[layout]
    measured = classify(cf, read_file(cf.path, read_context, cf.path.relative_to(root).as_posix()))
    lost = [(d["cell"], d["unit"], d["indicator"], d["true"], d["class"], d["read"], d["finding"])
            for d in measured["not_right"]]
    assert measured["right"] == measured["figures"], lost[:10]
    assert measured["extra"] == 0, measured["extra_kinds"]  # nothing read from totals, rates, last year


# What each layout may say besides the figures: the ones built with a mistake in them, and the ones that
# keep numbers dm05 rightly does not count (last year's column or sheet, a number in a notes column).
EXPECTED_FINDINGS = {
    "total_with_unknown_unit": {("unit.unknown", "error")},
    "vertical_two_years": {("cell.unread", "warning")},
    "hidden_sheet_rows": {("row.hidden", "warning"), ("sheet.hidden", "warning")},
    "mixed_commune": {("sheet.hidden", "warning")},
    "mangled_codes": {("unit.code_reformatted", "warning")},
    "stt_rate_notes": {("column.unread", "warning")},
}
_NUMBER_TEXT = re.compile(r"^-?[\d.,\s]*\d[\d.,\s]*%?$|^[-–—]$")


def _numbers_in(path: Path) -> int:
    """Non-empty numeric cells of every sheet, counted without dm05's reader: numbers, text that is only
    digits with separators (a code typed as text, "1.234", "98,5%"), and a dash (zero)."""
    if path.suffix == ".csv":
        from dm05.readers import read_grids
        grids = [g.rows for g in read_grids(path)]
    else:
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
        grids = [wb.get_sheet_by_name(m.name).to_python() for m in wb.sheets_metadata]
    return sum(1 for rows in grids for row in rows for v in row
               if (type(v) in (int, float)) or (isinstance(v, str) and _NUMBER_TEXT.match(v.strip() or "x")))


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_number_is_read_or_named_and_nothing_else_is_said(corpus, read_context, layout: str) -> None:
    root, files = corpus
    cf = files[layout]
    result = read_file(cf.path, read_context, cf.path.relative_to(root).as_posix())
    ledger = result.ledger
    assert ledger.total == _numbers_in(cf.path)
    assert ledger.read == sum(1 for s in result.sheets for _, values in s.columns.values() for v in values
                              if v is not None) - sum(1 for s in result.sheets for k in s.derived for v in s.columns[k][1]
                                                       if v is not None)
    loud = {f.rule for f in result.findings.items if f.severity != "note"}
    for cell in ledger.cells:  # every unread number is named by a warning or an error of that rule
        assert cell.rule in loud, cell
    said = {(f.rule, f.severity) for f in result.findings.items if f.severity != "note"}
    assert said == EXPECTED_FINDINGS.get(layout, set())
