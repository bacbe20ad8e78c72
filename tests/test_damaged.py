"""Damaged files and readers that fail. A damaged file is refused, never read with changed
figures; one bad file (a reader that raises, panics, aborts or runs out of memory) costs only itself, and
every other file of the run is still read."""

from __future__ import annotations

import json
import re
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, write_xlsx
from dm05 import isolation
from dm05.cli import app

GOOD = [["Mã đơn vị", "Số đảng viên"], ["01.01", 2], ["01.02", 7]]
OTHER = [["Mã đơn vị", "Số đảng viên"], ["02.01", 5]]


BUDGET_KB = 1536 * 1024  # a reader's 1024 MB beyond dm05's own, and dm05 itself


def peak_kb() -> int:
    """The largest resident size of this process and of every worker it has had (Linux: KB)."""
    import resource
    return max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def validate(root: Path, *extra: str) -> tuple[int, dict]:
    r = CliRunner().invoke(app, ["validate", str(root), "--period", "2026", "-f", "json", *extra])
    assert "Traceback" not in r.stderr
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    if sys.platform.startswith("linux"):
        assert peak_kb() < BUDGET_KB
    return r.exit_code, json.loads(r.stdout)


def by_file(data: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {f["path"].rsplit("/", 1)[-1]: [] for f in data["files"]}
    for f in data["findings"]:
        out.setdefault(f["file"].rsplit("/", 1)[-1], []).append(f["rule"])
    return out


def assert_other_file_read(data: dict) -> None:
    """The good file of the run was read: its unit is counted and it has no finding."""
    other = next(f for f in data["files"] if f["path"].endswith("other.xlsx"))
    assert other["status"] == "ok" and other["units"] == 1


def figures(result) -> dict[tuple[str, str], float | None]:
    """Every figure a read gives: (unit, indicator) → value."""
    return {(unit, key): values[i] for sheet in result.sheets for i, unit in enumerate(sheet.units)
            for key, (_, values) in sheet.columns.items()}


def part_data_offset(path: Path, name: str) -> tuple[int, int]:
    """Where the compressed bytes of one zip member start, and how many there are."""
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(name)
    raw = path.read_bytes()
    start = info.header_offset
    name_len = int.from_bytes(raw[start + 26:start + 28], "little")
    extra_len = int.from_bytes(raw[start + 28:start + 30], "little")
    return start + 30 + name_len + extra_len, info.compress_size


def rewrite_part(path: Path, name: str, change) -> None:
    """Rewrite one member of a zip (a well-formed zip with a changed part: not damage a CRC can see)."""
    with zipfile.ZipFile(path) as z:
        parts = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            z.writestr(info.filename, change(data) if info.filename == name else data)


# --- damaged files are refused ---------------------------------------------------------------------

@pytest.mark.parametrize("bit", [0, 3, 7])
def test_a_bit_flipped_in_a_compressed_sheet_is_a_damaged_file(tiny, bit) -> None:
    bad = tiny("bad.xlsx", GOOD)
    tiny("other.xlsx", OTHER)
    start, size = part_data_offset(bad, "xl/worksheets/sheet1.xml")
    raw = bytearray(bad.read_bytes())
    raw[start + size // 2] ^= 1 << bit
    bad.write_bytes(bytes(raw))
    code, data = validate(tiny.root)
    assert code == 1
    assert by_file(data)["bad.xlsx"] == ["file.damaged"]
    message = next(f["message"] for f in data["findings"] if f["rule"] == "file.damaged")
    assert "hỏng" in message and "gửi lại" in message
    assert_other_file_read(data)


def test_no_report_is_written_from_a_damaged_workbook(tiny, tmp_path) -> None:
    """The case that was reported: a figure of 2 read as 25 from a bit flip, and the report written, exit 0."""
    bad = tiny("bad.xlsx", GOOD)
    tiny("other.xlsx", OTHER)
    start, size = part_data_offset(bad, "xl/worksheets/sheet1.xml")
    raw = bytearray(bad.read_bytes())
    raw[start + size // 3] ^= 0x20
    bad.write_bytes(bytes(raw))
    r = CliRunner().invoke(app, ["report", str(tiny.root), "--period", "2026", "-o", str(tmp_path / "r.docx")])
    assert r.exit_code == 1 and "Traceback" not in r.stderr
    assert not (tmp_path / "r.docx").exists()


def test_every_bit_flipped_in_a_sheet_is_refused_or_reads_the_same_figures(tiny) -> None:
    """A bit flip anywhere in the compressed sheet: the file is refused, never read with other figures."""
    from dm05.ingest import read_file
    from dm05.pipeline import read_context as _context
    from dm05.period import parse_period
    from dm05.workspace import load_workspace

    path = tiny("x.xlsx", GOOD)
    ctx = _context(load_workspace(tiny.root), parse_period("2026"))
    start, size = part_data_offset(path, "xl/worksheets/sheet1.xml")
    original = path.read_bytes()
    expected = figures(read_file(path, ctx, "x.xlsx"))
    refused = 0
    for k in range(0, size * 8, 3):
        raw = bytearray(original)
        raw[start + k // 8] ^= 1 << (k % 8)
        path.write_bytes(bytes(raw))
        result = read_file(path, ctx, "x.xlsx")
        if result.findings.count("error"):
            refused += 1
        else:
            assert figures(result) == expected, k  # a flip in the padding bits of the last byte
    assert refused > size * 8 // 3 - 8


@pytest.mark.parametrize("change", [
    lambda x: x.replace(b'<c r="B2"', b'<x r="B2"', 1),  # a misspelt tag: not well-formed
    lambda x: x.replace(b"</sheetData>", b"", 1),  # an element never closed
    lambda x: x.replace(b"<v>", b"<v", 1),
])
def test_a_sheet_that_is_not_well_formed_xml_is_a_damaged_file(tiny, change) -> None:
    bad = tiny("bad.xlsx", GOOD)
    tiny("other.xlsx", OTHER)
    rewrite_part(bad, "xl/worksheets/sheet1.xml", change)
    code, data = validate(tiny.root)
    assert code == 1 and by_file(data)["bad.xlsx"] == ["file.damaged"]
    assert_other_file_read(data)


def test_broken_shared_strings_are_a_damaged_file(tiny) -> None:
    bad = tiny("bad.xlsx", GOOD)
    tiny("other.xlsx", OTHER)
    rewrite_part(bad, "xl/sharedStrings.xml", lambda x: x.replace(b"</si>", b"</s>", 1))
    code, data = validate(tiny.root)
    assert code == 1 and by_file(data)["bad.xlsx"] == ["file.damaged"]
    assert_other_file_read(data)


def test_a_zip_whose_start_is_lost_is_damaged_not_read_from_its_directory(tiny) -> None:
    bad = tiny("bad.xlsx", GOOD)
    tiny("other.xlsx", OTHER)
    raw = bytearray(bad.read_bytes())
    raw[0] ^= 0x10
    bad.write_bytes(bytes(raw))
    code, data = validate(tiny.root)
    assert code == 1 and by_file(data)["bad.xlsx"] == ["file.damaged"]
    assert_other_file_read(data)


@pytest.mark.parametrize("cut", [3000, 4608, 5376])
def test_a_truncated_xls_is_damaged(tiny, cut) -> None:
    """4608 bytes made calamine panic; 5376 read without complaint from a file cut short."""
    tiny("other.xlsx", OTHER)
    (tiny.root / "inbox" / "2026" / "bad.xls").write_bytes((ROOT / "tests" / "data" / "clean.xls").read_bytes()[:cut])
    code, data = validate(tiny.root)
    assert code == 1 and by_file(data)["bad.xls"] == ["file.damaged"]
    assert_other_file_read(data)


def test_the_clean_xls_is_not_damaged(tiny) -> None:
    shutil.copy(ROOT / "tests" / "data" / "clean.xls", tiny.root / "inbox" / "2026" / "clean.xls")
    _, data = validate(tiny.root)
    assert "file.damaged" not in by_file(data)["clean.xls"]


# --- the real extent of a sheet ---------------------------------------------------------------------

@pytest.mark.parametrize("ref", ["ALL290000", "XFD1", "A1048576", "B99999999999"])
def test_a_cell_far_beyond_the_declared_dimension_is_refused_before_reading(tiny, ref) -> None:
    bad = tiny("bad.xlsx", GOOD)
    tiny("other.xlsx", OTHER)
    rewrite_part(bad, "xl/worksheets/sheet1.xml", lambda x: x.replace(b'r="B3"', f'r="{ref}"'.encode(), 1))
    code, data = validate(tiny.root)
    assert code == 1 and by_file(data)["bad.xlsx"] == ["sheet.too_large"]
    assert_other_file_read(data)


def test_an_ods_value_repeated_over_a_huge_range_is_refused_before_reading(tiny) -> None:
    """calamine lays repeated cells out in full: a value repeated 1000 columns × 90,000 rows is 90 million
    cells (calamine's own cap is 100 million, ~3 GB), from a file of a few KB."""
    tiny("other.xlsx", OTHER)
    bad = tiny.root / "inbox" / "2026" / "bad.ods"
    shutil.copy(ROOT / "tests" / "data" / "clean.ods", bad)
    row = (b'<table:table-row table:number-rows-repeated="90000"><table:table-cell table:number-columns-repeated='
           b'"1000" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>')
    rewrite_part(bad, "content.xml", lambda x: x.replace(b"</table:table>", row + b"</table:table>", 1))
    code, data = validate(tiny.root)
    assert code == 1 and by_file(data)["bad.ods"] == ["sheet.too_large"]
    assert_other_file_read(data)


def test_the_clean_ods_is_read(tiny) -> None:
    shutil.copy(ROOT / "tests" / "data" / "clean.ods", tiny.root / "inbox" / "2026" / "clean.ods")
    _, data = validate(tiny.root)
    assert data["files"][0]["units"] > 0 and data["files"][0]["status"] != "unreadable"


# --- one bad file never stops the others -------------------------------------------------------------

def _dying(kind: str):
    real = isolation.read_file

    def read(path, ctx, display):  # noqa: ANN001, ANN202
        if path.name.startswith("bad"):
            if kind == "abort":
                os.abort()
            if kind == "loop":
                while True:
                    pass
            if kind == "panic":  # a real PanicException (a BaseException): calamine on an .xls cut short
                import tempfile
                from python_calamine import CalamineWorkbook
                cut = Path(tempfile.mkdtemp()) / "cut.xls"
                cut.write_bytes((ROOT / "tests" / "data" / "clean.xls").read_bytes()[:4608])
                CalamineWorkbook.from_path(str(cut))
            raise ZeroDivisionError("a bug")
        return real(path, ctx, display)
    return read


needs_fork = pytest.mark.skipif(sys.platform == "win32", reason="a patched reader reaches workers by fork")


@needs_fork
def test_a_reader_that_never_ends_is_stopped_by_its_cpu_budget(tiny, monkeypatch) -> None:
    monkeypatch.setattr(isolation, "START_METHOD", "fork")
    # RLIMIT_CPU counts whole seconds: the worker is stopped at the first whole second past 0.5 s, about 1 s
    # of looping for each of the file's two tries (in the pool, then alone); 1.0 made that 2 s a try
    monkeypatch.setattr(isolation, "READ_SECONDS", 0.5)
    monkeypatch.setattr(isolation, "read_file", _dying("loop"))
    tiny("bad.xlsx", GOOD)
    tiny("other.xlsx", OTHER)
    code, data = validate(tiny.root)
    assert code == 1 and by_file(data)["bad.xlsx"] == ["file.unreadable"]
    assert "thời gian" in data["findings"][0]["message"]
    assert_other_file_read(data)


@needs_fork
@pytest.mark.parametrize("kind", ["abort", "panic", "bug"])
@pytest.mark.parametrize("others", [0, 1, 20])
def test_a_reader_that_fails_or_dies_costs_only_its_file(tiny, monkeypatch, kind, others) -> None:
    monkeypatch.setattr(isolation, "START_METHOD", "fork")
    monkeypatch.setattr(isolation, "read_file", _dying(kind))
    tiny("bad.xlsx", GOOD)
    for i in range(others):
        tiny(f"other{i:02}.xlsx" if others > 1 else "other.xlsx", OTHER)
    code, data = validate(tiny.root)
    assert code == 1
    # a bug of dm05's own is said as one, not blamed on the sender's file
    assert by_file(data)["bad.xlsx"] == ["file.internal_error" if kind == "bug" else "file.unreadable"]
    assert [f["path"] for f in data["files"]] == sorted(f["path"] for f in data["files"])  # the order of jobs
    assert sum(f["units"] for f in data["files"]) == others
    if others == 1:
        assert_other_file_read(data)


def test_reading_is_spawn_safe(tiny, monkeypatch) -> None:
    """Windows starts workers with spawn: module-level worker functions, picklable arguments."""
    monkeypatch.setattr(isolation, "START_METHOD", "spawn")
    monkeypatch.setenv("DM05_WORKERS", "2")
    tiny("a.xlsx", GOOD)
    tiny("other.xlsx", OTHER)
    code, data = validate(tiny.root)
    assert code == 0 and [f["units"] for f in data["files"]] == [2, 1]


MEMORY_RUN = """
import resource, sys
import dm05.ingest.reader
dm05.ingest.reader.check_file = lambda path, limits, hidden=None: None  # no pre-check: the reader meets the file as it is
from dm05.cli import app
from typer.testing import CliRunner
r = CliRunner().invoke(app, ["validate", sys.argv[1], "--period", "2026", "-f", "json"])
sys.stdout.write(r.stdout)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(r.exit_code)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced on Linux")
def test_a_reader_that_would_take_gigabytes_is_stopped_by_the_memory_cap(tiny) -> None:
    """Without the extent check, calamine would allocate ~9 GB for one cell at ALL290000: the worker's
    address-space cap stops it, the file gets a finding and the run goes on."""
    bad = tiny("bad.xlsx", GOOD)
    tiny("other.xlsx", OTHER)
    rewrite_part(bad, "xl/worksheets/sheet1.xml", lambda x: x.replace(b'r="B3"', b'r="ALL290000"', 1))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DM05_WORKERS": "1"}
    r = subprocess.run([sys.executable, "-c", MEMORY_RUN, str(tiny.root)], capture_output=True, text=True,
                       env=env, timeout=120)
    assert r.returncode == 1, r.stderr
    data = json.loads(r.stdout)
    assert by_file(data)["bad.xlsx"] == ["file.unreadable"]
    assert_other_file_read(data)
    assert int(r.stderr.strip().splitlines()[-1]) < BUDGET_KB


# --- names and links -------------------------------------------------------------------------------

@pytest.mark.skipif(sys.platform == "win32" or sys.platform == "darwin", reason="POSIX names are bytes")
@pytest.mark.parametrize("fmt", ["json", "table"])
def test_a_file_name_that_is_not_utf8_is_shown_escaped(tiny, fmt) -> None:
    name = os.fsdecode(b"bad\xff.xlsx")
    write_xlsx(tiny.root / "inbox" / "2026" / name, [["Mã đơn vị", "Số đảng viên"], ["01.01", -1]])
    tiny("other.xlsx", OTHER)
    r = CliRunner().invoke(app, ["validate", str(tiny.root), "--period", "2026", "-f", fmt])
    assert r.exit_code == 1
    assert r.exception is None or isinstance(r.exception, SystemExit)
    assert "Traceback" not in r.stderr
    if fmt == "json":
        data = json.loads(r.stdout)
        assert "inbox/2026/bad\\xff.xlsx" in [f["path"] for f in data["files"]]
        assert by_file(data)["bad\\xff.xlsx"] == ["value.negative"]
        assert_other_file_read(data)
    else:
        assert "bad\\xff.xlsx" in r.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_a_symlink_in_the_inbox_leading_outside_is_not_followed(tiny, tmp_path) -> None:
    outside = write_xlsx(tmp_path / "elsewhere" / "secret.xlsx", GOOD)
    tiny("other.xlsx", OTHER)
    (tiny.root / "inbox" / "2026" / "link.xlsx").symlink_to(outside)
    inside = tiny.root / "kept.xlsx"
    write_xlsx(inside, [["Mã đơn vị", "Số đảng viên"], ["01.03", 4]])
    (tiny.root / "inbox" / "2026" / "link_inside.xlsx").symlink_to(inside)
    code, data = validate(tiny.root)
    assert code == 1
    assert by_file(data)["link.xlsx"] == ["file.outside_workspace"]
    assert by_file(data)["link_inside.xlsx"] == []
    assert data["summary"]["units"] == 2  # 02.01 and 01.03; nothing from outside
    assert_other_file_read(data)


# --- templates and narratives cannot hang or exhaust the machine ------------------------------------

HOSTILE_TEMPLATES = {
    "repeat": ("{{ 'x' * 10**10 }}", "phép nhân"),
    "power": ("{{ 9**(9**9) }}", "lũy thừa"),
    "nested_ranges": ("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}", "range"),
    "huge_range": ("{{ range(10**9) | list | length }}", "range"),
    "include": ("{% include 'other.md' %}", "include"),
    "import": ("{% import 'x' as y %}", "import"),
    "extends": ("{% extends 'base' %}", "extends"),
    "recursion": ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "lồng nhau quá sâu"),
    "overflow": ("{{ 10.0 ** 400 }}", "OverflowError"),
    "divide": ("{{ 1 / 0 }}", "ZeroDivisionError"),
    "string_loop": ("{% for a in 'x' * 999999 %}{% for b in 'y' * 999999 %}{% endfor %}{% endfor %}", "giây"),
    "doubling": ("{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
                 "MB"),
}


@pytest.fixture
def fast_budget(monkeypatch):
    from dm05 import sandbox
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 3.0)
    monkeypatch.setattr(sandbox, "RENDER_MB", 512)


def report(root: Path, tmp_path: Path) -> tuple[int, str]:
    r = CliRunner().invoke(app, ["report", str(root), "--period", "2026", "--draft", "-q",
                                 "-o", str(tmp_path / "r.docx"), "--force"])
    assert "Traceback" not in r.stderr and "nội bộ" not in r.stderr
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    if sys.platform.startswith("linux"):
        assert peak_kb() < BUDGET_KB
    return r.exit_code, r.stderr


@pytest.mark.parametrize("case", sorted(HOSTILE_TEMPLATES))
def test_a_hostile_narrative_is_a_template_error_with_its_line(tiny, tmp_path, fast_budget, case) -> None:
    import time
    tag, fragment = HOSTILE_TEMPLATES[case]
    tiny("x.xlsx", GOOD)
    (tiny.root / "narrative").mkdir()
    (tiny.root / "narrative" / "2026.md").write_text(f"# Mở đầu\n\nDòng một.\n{tag}\n", encoding="utf-8")
    start = time.perf_counter()
    code, stderr = report(tiny.root, tmp_path)
    assert time.perf_counter() - start < 20
    assert code == 2
    assert "2026.md" in stderr and fragment in stderr
    if case not in ("string_loop", "doubling"):
        assert "dòng 4" in stderr
    assert not (tmp_path / "r.docx").exists()


@pytest.mark.parametrize("case", ["repeat", "power", "nested_ranges", "include", "recursion", "string_loop"])
def test_a_hostile_word_template_is_a_template_error(tiny, tmp_path, fast_budget, case) -> None:
    import docx as python_docx
    tag, fragment = HOSTILE_TEMPLATES[case]
    tiny("x.xlsx", GOOD)
    (tiny.root / "templates").mkdir()
    doc = python_docx.Document()
    doc.add_paragraph("Báo cáo")
    doc.add_paragraph(tag)
    doc.save(str(tiny.root / "templates" / "bao_cao.docx"))
    code, stderr = report(tiny.root, tmp_path)
    assert code == 2 and "bao_cao.docx" in stderr and fragment in stderr


# --- configuration mistakes are named -----------------------------------------------------------------

def cli_error(root: Path) -> tuple[int, str]:
    r = CliRunner().invoke(app, ["validate", str(root), "--period", "2026", "-q"])
    assert "Traceback" not in r.stderr and "nội bộ" not in r.stderr
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r.exit_code, r.stderr


@pytest.mark.parametrize("setting,fragments", [
    ('cell_level = "chibo"', ["cell_level", "chibo", "chi_bo, huyen, xa"]),
    ('prefer = "mine"', ["prefer", "chọn một trong: 'children', 'own'"]),
    ('[report]\nstyle = "hd36"', ["report.style", "hd36-2018"]),
    ('[report]\nstyle = "../catalogue/indicators"', ["report.style"]),
    ("[limits]\nmax_rows = 100000000000", ["limits.max_rows", "tối đa 1048576"]),
    ("[limits]\nmax_read_mb = 10", ["limits.max_read_mb", "tối thiểu 256"]),
    ("[limits]\nmax_cells = 0", ["limits.max_cells", "phải lớn hơn 0"]),
])
def test_a_setting_outside_its_choices_is_named(tiny, setting, fragments) -> None:
    cfg = tiny.root / "dm05.toml"
    text = cfg.read_text(encoding="utf-8")
    if setting.startswith("[report]"):
        text = text.replace("[report]\n", setting + "\n")
    elif setting.startswith("["):
        text += "\n" + setting + "\n"
    else:
        text = setting + "\n" + text
    cfg.write_text(text, encoding="utf-8")
    tiny("x.xlsx", GOOD)
    code, stderr = cli_error(tiny.root)
    assert code == 2 and "dm05.toml" in stderr
    for fragment in fragments:
        assert fragment in stderr
    assert "Input should" not in stderr and "Value error" not in stderr  # pydantic's English, not ours


def test_an_existing_cell_level_and_the_largest_limits_are_accepted(tiny) -> None:
    cfg = tiny.root / "dm05.toml"
    cfg.write_text('cell_level = "chi_bo"\n' + cfg.read_text(encoding="utf-8")
                   + "\n[limits]\nmax_rows = 1048576\nmax_columns = 16384\nmax_cells = 100000000\n", encoding="utf-8")
    tiny("x.xlsx", GOOD)
    assert cli_error(tiny.root)[0] == 0


@pytest.mark.parametrize("file", ["dm05.toml", "indicators.toml"])
def test_toml_nested_beyond_reason_is_a_syntax_error_with_its_line(tiny, file) -> None:
    path = tiny.root / file
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(text + "\ndeep = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    code, stderr = cli_error(tiny.root)
    assert code == 2 and file in stderr and "lồng nhau" in stderr
    assert f"dòng {len(text.splitlines()) + 2}" in stderr


@pytest.mark.parametrize("file", ["units.csv", "unit_changes.csv"])
def test_a_csv_field_over_128_kb_is_an_error_with_its_line(tiny, file) -> None:
    path = tiny.root / file
    if file == "units.csv":
        path.write_text(path.read_text(encoding="utf-8") + f'03,"{"x" * 200_000}",00,xa\n', encoding="utf-8")
        line = 9
    else:
        path.write_text(f'old_code,new_code,date,kind\n09,01,2025-07-01,"{"m" * 200_000}"\n', encoding="utf-8")
        line = 2
    code, stderr = cli_error(tiny.root)
    assert code == 2 and file in stderr and "128 KB" in stderr and f"dòng {line}" in stderr


# --- no litter --------------------------------------------------------------------------------------

def test_a_temporary_file_left_by_a_killed_run_is_removed_by_the_next_write(tmp_path) -> None:
    from dm05.output import write_atomic
    target = tmp_path / "bao_cao.docx"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    killed = tmp_path / f".bao_cao.docx.{dead.stdout.strip()}.abc123.dm05tmp"  # its writer is gone
    killed.write_bytes(b"x" * 100_000)
    old = tmp_path / ".bao_cao.docx.k2j3h4.dm05tmp"  # the old naming, an hour old
    old.write_bytes(b"x")
    os.utime(old, (0, 0))
    running = tmp_path / f".bao_cao.docx.{os.getpid()}.zzz.dm05tmp"  # a run still writing
    running.write_bytes(b"x")
    other = tmp_path / ".phu_luc.docx.1.abc.dm05tmp"  # another output's: not this write's business
    other.write_bytes(b"x")
    write_atomic(target, b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["bao_cao.docx", running.name, other.name])


def test_killed_with_sigkill_the_next_report_removes_the_litter(tiny, tmp_path) -> None:
    """SIGKILL cannot be caught: the temporary file stays until the next run writes there."""
    tiny("x.xlsx", GOOD)
    out = tmp_path / "r.docx"
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    litter = tmp_path / f".r.docx.{proc.pid}.x1.dm05tmp"
    litter.write_bytes(b"x" * 1_000_000)
    proc.kill()
    proc.wait()
    code, _ = report(tiny.root, tmp_path)
    assert code == 0 and out.exists() and not litter.exists()


def test_an_interrupted_form_batch_leaves_the_previous_batch_whole(tiny, tmp_path, monkeypatch) -> None:
    from dm05 import output
    outbox = tmp_path / "outbox"
    r = CliRunner().invoke(app, ["form", str(tiny.root), "--period", "2026", "--all", "-q", "-o", str(outbox)])
    assert r.exit_code == 0, r.stderr
    before = {p.name: p.read_bytes() for p in outbox.iterdir()}
    assert len(before) == 2
    calls = []
    real = output.os.replace

    def replace_once(a, b):  # noqa: ANN001, ANN202
        calls.append(a)
        return real(a, b)

    fsyncs = []

    def interrupt_second(fd):  # noqa: ANN001, ANN202
        fsyncs.append(fd)
        if len(fsyncs) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "replace", replace_once)
    monkeypatch.setattr(output.os, "fsync", interrupt_second)
    r = CliRunner().invoke(app, ["form", str(tiny.root), "--period", "2026", "--all", "-q", "-o", str(outbox), "--force"])
    assert r.exit_code == 130 and "Traceback" not in r.stderr
    assert calls == []  # nothing was renamed into place: the first form of the new batch is not mixed in
    assert {p.name: p.read_bytes() for p in outbox.iterdir()} == before  # and no temporary file is left


def test_litter_of_another_output_whose_writer_is_gone_is_removed_too(tmp_path) -> None:
    from dm05.output import write_atomic
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".bao_cao_cu.docx.{dead.stdout.strip()}.abc123.dm05tmp"  # an output not written again
    stale.write_bytes(b"x" * 1000)
    write_atomic(tmp_path / "bao_cao.docx", b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao_cao.docx"]


def test_a_cell_tag_misspelt_into_another_well_formed_tag_is_damage(tiny) -> None:
    """<c r="B3"> turned into <x r="B3"> is still well-formed XML: calamine would drop the figure."""
    bad = tiny("bad.xlsx", GOOD)
    tiny("other.xlsx", OTHER)
    rewrite_part(bad, "xl/worksheets/sheet1.xml", lambda x: re.sub(rb'<c r="B3"([^>]*)>(.*?)</c>', rb'<x r="B3"\1>\2</x>', x))
    code, data = validate(tiny.root)
    assert code == 1 and by_file(data)["bad.xlsx"] == ["file.damaged"]
    assert_other_file_read(data)


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_a_linked_folder_in_the_inbox_leading_outside_is_said_not_dropped(tiny, tmp_path) -> None:
    outside = tmp_path / "elsewhere"
    write_xlsx(outside / "x.xlsx", OTHER)
    tiny("a.xlsx", GOOD)
    (tiny.root / "inbox" / "2026" / "folder_link").symlink_to(outside, target_is_directory=True)
    code, data = validate(tiny.root)
    assert code == 1 and by_file(data)["folder_link"] == ["file.outside_workspace"]
    assert sum(f["units"] for f in data["files"]) == 2


# --- the fast structure check and the exact one agree ----------------------------------------------------

@pytest.mark.parametrize("change", [
    pytest.param(lambda x: re.sub(rb'<c r="B3"([^>]*)>(<v>[^<]*</v>)</c>', rb"\2", x), id="value-straight-in-row"),
    pytest.param(lambda x: re.sub(rb'(<row r="3"[^>]*>)', rb'<c r="Z9"><v>1</v></c>\1', x), id="cell-outside-a-row"),
    pytest.param(lambda x: re.sub(rb'<c r="B3"([^>]*)>(.*?)</c>', rb'<c r="B3"\1><c r="B3">\2</c></c>', x),
                 id="cell-in-a-cell"),
])
def test_a_well_formed_tag_in_the_wrong_place_is_damage(tiny, change) -> None:
    """Tags dm05 knows, nested where SpreadsheetML puts none: the fast check passes them to the exact one."""
    bad = tiny("bad.xlsx", GOOD)
    tiny("other.xlsx", OTHER)
    rewrite_part(bad, "xl/worksheets/sheet1.xml", change)
    code, data = validate(tiny.root)
    assert code == 1 and by_file(data)["bad.xlsx"] == ["file.damaged"]
    assert_other_file_read(data)


@pytest.mark.parametrize("change", [
    pytest.param(lambda x: x.replace(b"<sheetData>", b"<sheetData><!-- made by hand -->", 1), id="comment"),
    pytest.param(lambda x: x.replace(b'r="B3"', b"r='B3'", 1), id="single-quotes"),
    pytest.param(lambda x: re.sub(rb"<row ", b"\n  <row ", x), id="indented-rows"),
    pytest.param(lambda x: x.replace(b"<sheetData>", b'<sheetData xmlns:x="urn:x"><x:extLst/>', 1)
                 .replace(b"<x:extLst/>", b"", 1), id="namespaced-attribute"),
])
def test_unusual_but_sound_sheet_xml_is_read(tiny, change) -> None:
    """What the fast check does not expect (comments, quotes, whitespace) goes to the exact check, which
    accepts it: the figures are read as usual."""
    bad = tiny("odd.xlsx", GOOD)
    tiny("other.xlsx", OTHER)
    rewrite_part(bad, "xl/worksheets/sheet1.xml", change)
    code, data = validate(tiny.root)
    assert code == 0 and by_file(data)["odd.xlsx"] == []
    assert next(f for f in data["files"] if f["path"].endswith("odd.xlsx"))["units"] == 2


@pytest.mark.parametrize("change", [
    pytest.param(lambda x: x.replace(b'r="B3"', b"r='A1048576'", 1), id="single-quoted-far-cell"),
    pytest.param(lambda x: re.sub(rb'<row r="3"([^>]*)><c r="A3"', rb'<row r="1048000"\1><c', x), id="far-row-tag"),
])
def test_a_far_reference_written_unusually_is_still_refused(tiny, change) -> None:
    bad = tiny("bad.xlsx", GOOD)
    tiny("other.xlsx", OTHER)
    rewrite_part(bad, "xl/worksheets/sheet1.xml", change)
    code, data = validate(tiny.root)
    assert code == 1 and by_file(data)["bad.xlsx"] == ["sheet.too_large"]
    assert_other_file_read(data)


def test_a_part_no_reader_parses_is_checked_for_its_crc_not_its_xml(tiny) -> None:
    """A theme that is not XML does not change a figure (no reader parses it): the file is read; the same
    theme with a flipped byte under its CRC is damage."""
    odd = tiny("odd.xlsx", GOOD)
    tiny("other.xlsx", OTHER)
    with zipfile.ZipFile(odd) as z:
        names = z.namelist()
    theme = next(n for n in names if n.startswith("xl/theme/")) if any(n.startswith("xl/theme/") for n in names) else None
    if theme is None:  # XlsxWriter writes a theme; keep the test honest if it stops doing so
        pytest.skip("the writer made no theme part")
    rewrite_part(odd, theme, lambda x: x[: len(x) // 2])
    code, data = validate(tiny.root)
    assert code == 0 and by_file(data)["odd.xlsx"] == []


def test_sound_workbooks_pass_the_fast_check_without_the_exact_one(monkeypatch) -> None:
    """The exact pass costs five times the fast one: the demo's workbooks (XlsxWriter) and the clerks'
    layouts of the corpus never need it."""
    from dm05 import safety

    def slow(*args: object) -> None:
        raise AssertionError("the exact pass ran on a sound workbook")

    monkeypatch.setattr(safety, "_slow_sheet_pass", slow)
    files = sorted((ROOT / "data" / "demo" / "inbox").rglob("*.xlsx"))
    assert len(files) > 20
    for path in files:
        assert safety.check_file(path, safety.Limits()) is None, path


def test_a_sheet_at_the_row_limit_is_not_refused_for_its_title_and_header(tiny) -> None:
    """max_rows counts data rows: the title, header and signature block above and below come on top."""
    toml = tiny.root / "dm05.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n[limits]\nmax_rows = 5\n", encoding="utf-8")
    title = [["ĐẢNG BỘ HUYỆN THỬ", None], ["BÁO CÁO SỐ LIỆU NĂM 2026", None], [None, None]]
    units = [["01.01", 2], ["01.02", 7], ["01.03", 1], ["02.01", 5], ["01", 10]]
    tiny("full.xlsx", [*title, ["Mã đơn vị", "Số đảng viên"], *units, [None, None], ["Người lập biểu", None]])
    code, data = validate(tiny.root)
    assert by_file(data)["full.xlsx"] == [] and data["files"][0]["units"] == 5
    tiny("long.xlsx", [*title, ["Mã đơn vị", "Số đảng viên"], *units, *[[f"ghi chú {i}", None] for i in range(200)]])
    code, data = validate(tiny.root)
    assert code == 1 and by_file(data)["long.xlsx"] == ["sheet.too_large"]
