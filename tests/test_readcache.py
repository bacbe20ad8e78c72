"""The read cache (dm05.readcache): a file read by one command is not read again by the next while
neither it nor anything that shapes its reading changed; what comes from the cache is exactly what a
read gives; the cache never lives in the workspace and a broken cache costs nothing but time."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

import dm05.pipeline
from conftest import write_xlsx
from dm05.cli import app


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many files the reader was handed, per file name."""
    seen: Counter[str] = Counter()
    real = dm05.pipeline.read_all

    def spy(jobs, ctx, progress=None):  # type: ignore[no-untyped-def]
        seen.update(p.name for p, _ in jobs)
        return real(jobs, ctx) if progress is None else real(jobs, ctx, progress)

    monkeypatch.setattr(dm05.pipeline, "read_all", spy)
    return seen


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DM05_CACHE_DIR", str(folder))
    return folder


def run(*args: object) -> tuple[int, str]:
    r = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return r.exit_code, r.stdout


def test_a_second_command_reads_no_file_and_gives_byte_identical_output(demo_copy: Path, cache: Path,
                                                                        reads: Counter[str], monkeypatch) -> None:
    code, first = run("aggregate", demo_copy, "-p", "2026", "-f", "json")
    assert code == 0 and sum(reads.values()) > 20
    reads.clear()
    code, second = run("aggregate", demo_copy, "-p", "2026", "-f", "json")
    assert code == 0 and sum(reads.values()) == 0
    assert second == first
    monkeypatch.setenv("DM05_NO_CACHE", "1")
    code, uncached = run("aggregate", demo_copy, "-p", "2026", "-f", "json")
    assert uncached == first and sum(reads.values()) > 20


def test_validate_findings_from_the_cache_are_the_findings_of_a_read(tiny, cache: Path, monkeypatch) -> None:
    tiny("a.xlsx", [["Mã đơn vị", "Số đảng viên"], ["01.01", 10], ["01.02", "mười"], ["09.09", 4]])
    tiny("b.xlsx", [["Mã đơn vị", "Số đảng viên", None, None], ["02.01", 12, None, 5]])
    args = ("validate", tiny.root, "-p", "2026", "-f", "json")
    cold = run(*args)
    warm = run(*args)
    monkeypatch.setenv("DM05_NO_CACHE", "1")
    assert cold == warm == run(*args)
    assert cold[0] == 1 and len(json.loads(cold[1])["findings"]) >= 3


def test_a_changed_file_is_read_again_and_the_others_are_not(tiny, cache: Path, reads: Counter[str]) -> None:
    a = tiny("a.xlsx", [["Mã đơn vị", "Số đảng viên"], ["01.01", 10]])
    tiny("b.xlsx", [["Mã đơn vị", "Số đảng viên"], ["02.01", 12]])
    run("aggregate", tiny.root, "-p", "2026", "-f", "json")
    reads.clear()
    write_xlsx(a, [["Mã đơn vị", "Số đảng viên"], ["01.01", 11]])
    _, out = run("aggregate", tiny.root, "-p", "2026", "-f", "json")
    assert dict(reads) == {"a.xlsx": 1}
    units = {u["code"]: u for u in json.loads(out)["units"]}
    assert units["01.01"]["values"]["so_dang_vien"] == 11 and units["00"]["values"]["so_dang_vien"] == 23


@pytest.mark.parametrize("change", ["units", "config", "vocabulary"])
def test_a_change_to_what_shapes_reading_reads_every_file_again(tiny, cache: Path, reads: Counter[str],
                                                                change: str) -> None:
    tiny("a.xlsx", [["Mã đơn vị", "Số ĐV"], ["01.01", 10]])
    _, before = run("aggregate", tiny.root, "-p", "2026", "-f", "json")
    reads.clear()
    if change == "units":
        path = tiny.root / "units.csv"
        path.write_text(path.read_text(encoding="utf-8") + "03,Đảng bộ xã Ba,00,xa\n", encoding="utf-8")
    elif change == "config":
        path = tiny.root / "dm05.toml"
        path.write_text(path.read_text(encoding="utf-8").replace('place = "Thử"', 'place = "Thử Mới"'), encoding="utf-8")
    else:  # a new abbreviation: the header "Số ĐV" is read differently
        (tiny.root / "vocabulary.toml").write_text('[abbreviations]\n"ĐV" = "đảng viên"\n', encoding="utf-8")
    run("aggregate", tiny.root, "-p", "2026", "-f", "json")
    assert dict(reads) == {"a.xlsx": 1}


def test_the_cache_lives_outside_the_workspace_and_a_broken_one_is_ignored(demo_copy: Path, cache: Path) -> None:
    before = sorted(p.relative_to(demo_copy).as_posix() for p in demo_copy.rglob("*"))
    code, first = run("aggregate", demo_copy, "-p", "2026", "-f", "json")
    assert sorted(p.relative_to(demo_copy).as_posix() for p in demo_copy.rglob("*")) == before
    pickles = list(cache.glob("read-*.pickle"))
    assert pickles and (cache / "CACHEDIR.TAG").is_file()
    for p in pickles:
        p.write_bytes(b"not a pickle")
    assert run("aggregate", demo_copy, "-p", "2026", "-f", "json") == (code, first)


def test_no_cache_is_written_when_it_is_turned_off(tiny, cache: Path, monkeypatch) -> None:
    tiny("a.xlsx", [["Mã đơn vị", "Số đảng viên"], ["01.01", 10]])
    monkeypatch.setenv("DM05_NO_CACHE", "1")
    run("aggregate", tiny.root, "-p", "2026")
    assert not cache.exists()


def test_a_damaged_file_is_kept_with_its_finding_but_a_failed_read_is_tried_again(tiny, cache: Path,
                                                                                  reads: Counter[str]) -> None:
    """Damage is in the bytes (the same bytes, the same finding); a read that failed for a reason outside
    the file (locked by Excel, a crashed reader) is never kept."""
    from dm05.ingest import FileResult
    from dm05.readcache import ReadCache

    tiny("a.xlsx", [["Mã đơn vị", "Số đảng viên"], ["01.01", 10]])
    (tiny.root / "inbox" / "2026" / "b.xlsx").write_bytes(b"PK\x03\x04 not yet whole")
    first = run("validate", tiny.root, "-p", "2026", "-f", "json")
    assert "file.damaged" in first[1]
    reads.clear()
    assert run("validate", tiny.root, "-p", "2026", "-f", "json") == first and not reads

    store = ReadCache("context", "2026", cache)
    for rule in ("file.unreadable", "file.internal_error", "file.damaged"):
        result = FileResult(Path("x.xlsx"), "x.xlsx")
        result.findings.add(rule, "x.xlsx", reason="r")
        store.put(rule, "digest", result)
    assert sorted(k[0] for k in store.entries) == ["file.damaged"]
