"""A seeded mutation fuzz over real workbooks: damage a file as a bad USB stick or a cut
download would, and check that dm05 never raises, hangs or aborts, and never accepts a workbook whose
figures differ from the original's without an error finding. Bounded: a few hundred cases, read in the
same worker pool a run uses."""

from __future__ import annotations

import random
import time
import zipfile
from pathlib import Path

import pytest

from conftest import DEMO, ROOT, TINY_TOML, TINY_UNITS
from dm05.ingest import FileResult, ReadContext
from dm05.isolation import read_all
from dm05.period import parse_period
from dm05.pipeline import read_context as _context
from dm05.workspace import load_workspace

SEED = 20260521
CASES_PER_FILE = 24


def figures(result: FileResult) -> dict[tuple[str, str], float | None]:
    return {(unit, key): values[i] for sheet in result.sheets for i, unit in enumerate(sheet.units)
            for key, (_, values) in sheet.columns.items()}


def mutate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """One kind of damage, at a random place."""
    raw = bytearray(data)
    kind = rng.choice(["flip", "flip", "flips", "bytes", "truncate", "delete", "insert", "zero_block"])
    at = rng.randrange(len(raw))
    if kind == "flip":
        raw[at] ^= 1 << rng.randrange(8)
    elif kind == "flips":
        for _ in range(rng.randint(2, 8)):
            raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
    elif kind == "bytes":
        for k in range(rng.randint(1, 16)):
            if at + k < len(raw):
                raw[at + k] = rng.randrange(256)
    elif kind == "truncate":
        del raw[max(at, 1):]
    elif kind == "delete":
        del raw[at:at + rng.randint(1, 64)]
    elif kind == "insert":
        raw[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    else:
        raw[at:at + rng.randint(64, 1024)] = bytes(min(1024, len(raw) - at))
    return kind, bytes(raw)


def damage(sources: list[Path], folder: Path, rng: random.Random, per_file: int = CASES_PER_FILE
           ) -> list[tuple[Path, Path, str]]:
    cases = []
    for source in sources:
        data = source.read_bytes()
        for n in range(per_file):
            kind, raw = mutate(data, rng)
            if raw == data:
                continue
            target = folder / f"{source.stem[:2]}_{n:03}_{kind}{source.suffix}"
            target.write_bytes(raw)
            cases.append((source, target, kind))
    return cases


def raised(results: list[FileResult]) -> list[str]:
    """The files whose reading raised inside dm05: the worker turns that into a ``file.internal_error`` finding
    (an error, so without this check it would pass for a refusal)."""
    return [r.display for r in results for f in r.findings.items if f.rule == "file.internal_error"]


def check(cases: list[tuple[Path, Path, str]], ctx: ReadContext, zip_based: bool) -> tuple[int, int]:
    """Read originals and damaged copies as a run does; return (refused, read alike)."""
    originals = sorted({c[0] for c in cases})
    expected = {p: figures(r) for p, r in zip(originals, read_all([(p, p.name) for p in originals], ctx))}
    results = read_all([(c[1], c[1].name) for c in cases], ctx)
    assert len(results) == len(cases)
    assert raised(results) == []
    refused = alike = 0
    for (source, target, kind), result in zip(cases, results):
        assert result.path == target
        if result.findings.count("error"):
            refused += 1
        elif zip_based:  # a zip's CRC tells damage; an .xls has no checksum to tell a changed figure
            assert figures(result) == expected[source], f"{target.name}: figures changed with no finding"
            alike += 1
    return refused, alike


@pytest.mark.parametrize("seed", [SEED, SEED + 7])
def test_damaged_demo_workbooks_are_refused_or_read_alike(tmp_path, monkeypatch, seed) -> None:
    monkeypatch.setenv("DM05_WORKERS", "2")
    rng = random.Random(seed)
    sources = sorted((DEMO / "inbox" / "2026").glob("*.xlsx"))  # 44 workbooks, 8 kinds of damage each
    cases = damage(sources, tmp_path, rng, per_file=8)
    ctx = _context(load_workspace(DEMO), parse_period("2026"))
    start = time.perf_counter()
    refused, alike = check(cases, ctx, zip_based=True)
    assert time.perf_counter() - start < 60
    assert refused + alike == len(cases) and refused > len(cases) * 0.8


@pytest.fixture
def tiny_ctx(tmp_path) -> ReadContext:
    ws = tmp_path / "ws"
    (ws / "inbox" / "2026").mkdir(parents=True)
    (ws / "dm05.toml").write_text(TINY_TOML, encoding="utf-8")
    (ws / "units.csv").write_text(TINY_UNITS, encoding="utf-8")
    return _context(load_workspace(ws), parse_period("2026"))


@pytest.mark.parametrize("suffix,zip_based", [(".ods", True), (".xls", False)])
def test_damaged_ods_and_xls_never_escape(tmp_path, tiny_ctx, monkeypatch, suffix, zip_based) -> None:
    monkeypatch.setenv("DM05_WORKERS", "2")
    rng = random.Random(SEED + len(suffix))
    sources = sorted((ROOT / "tests" / "data").glob(f"*{suffix}"))
    folder = tmp_path / "cases"
    folder.mkdir()
    cases = damage(sources, folder, rng) + damage(sources, folder, rng)
    refused, _ = check(cases, tiny_ctx, zip_based)
    assert refused > len(cases) * 0.5


def test_edited_sheet_xml_never_escapes(tmp_path, monkeypatch) -> None:
    """Bytes changed inside a sheet's XML and the zip rebuilt (a well-formed zip, so not damage a CRC can
    tell): any result is allowed, but never an exception, a hang or an abort."""
    monkeypatch.setenv("DM05_WORKERS", "2")
    rng = random.Random(SEED + 1)
    sources = rng.sample(sorted((DEMO / "inbox" / "2026").glob("*.xlsx")), 4)
    jobs = []
    for source in sources:
        with zipfile.ZipFile(source) as z:
            parts = [(i.filename, z.read(i.filename)) for i in z.infolist()]
        for n in range(15):
            target = tmp_path / f"{source.stem[:2]}_{n:02}.xlsx"
            with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
                for name, data in parts:
                    if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
                        data = mutate(data, rng)[1]
                    z.writestr(name, data)
            jobs.append((target, target.name))
    ctx = _context(load_workspace(DEMO), parse_period("2026"))
    results = read_all(jobs, ctx)
    assert [r.path for r in results] == [j[0] for j in jobs]
    assert raised(results) == []
