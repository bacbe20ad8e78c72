"""The benchmark runs end to end at district scale (a smoke test of the script, not of its timings)."""

import json
import subprocess
import sys

from conftest import ROOT


def test_district_benchmark_runs_and_writes_results(tmp_path) -> None:
    results = tmp_path / "results.json"
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--scale", "district", "--runs", "1",
                        "--work", str(tmp_path / "work"), "--results", str(results)],
                       capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stderr[-2000:]
    data = json.loads(results.read_text(encoding="utf-8"))["scales"]["district"]
    assert data["files"] == 25 and data["cells"] == 300 and data["annex_rows"] == 325
    for name in ("validate", "aggregate", "aggregate_json", "report", "report_previous", "report_previous_jumps",
                 "annex"):
        for measured in (name, f"{name}_cold"):  # read cache warm and cold
            assert data[f"{measured}_s"] > 0 and data[f"{measured}_cpu_s"] > 0 and data[f"{measured}_peak_mb"] > 0
    for way in ("raw_calamine", "pandas_calamine", "pandas_openpyxl", "dm05_one", "dm05"):
        assert data["read"][way]["wall_s"] > 0 and data["read"][way]["cpu_s"] > 0
    for ratio in ("aggregate_cpu_over_raw_calamine_cpu", "aggregate_cold_cpu_over_raw_calamine_cpu",
                  "openpyxl_wall_over_aggregate_wall", "openpyxl_wall_over_aggregate_cold_wall",
                  "report_previous_over_report", "report_previous_cold_over_report_cold",
                  "report_previous_jumps_over_report"):
        assert data["ratios"][ratio] > 0
    assert data["workspace_load_s"] > 0
    assert "| district | 25 | 300 |" in r.stdout


def test_generator_is_deterministic(tmp_path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate
    a = generate("district", tmp_path / "a")
    b = generate("district", tmp_path / "b")
    for path in sorted((a / "inbox" / "2026").iterdir()):
        assert path.read_bytes() == (b / "inbox" / "2026" / path.name).read_bytes()
    assert (a / "units.csv").read_bytes() == (b / "units.csv").read_bytes()
