"""Benchmark dm05 at district, province and national scale; rerun it to check a change.

    python bench/run.py --scale district                 # about a minute
    python bench/run.py --scale district --scale province --scale national --runs 3

Each command runs as a whole process (as a clerk runs it): ``validate``, ``aggregate``, ``report`` (the
annual report) and ``report --kind annex --depth 2`` (the annex down to communes: about 1,500 rows at
province scale; skipped at national scale, where such tables are an xlsx export, not a document). Times are medians of ``--runs`` runs; peak memory is the
largest resident set of any process of the command (the reading pool included). In the same run the same
files are read with ``pandas.read_excel(engine="openpyxl")`` as the baseline for dm05's reading.
Results are printed as a table and written to bench/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from generate import PERIOD, generate  # noqa: E402

MEASURE = """
import resource, subprocess, sys, time
t = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode
elapsed = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(elapsed, rss * (1 if sys.platform == "darwin" else 1024), code)
"""


def measure(cmd: list[str]) -> tuple[float, float, int]:
    out = subprocess.run([sys.executable, "-c", MEASURE, *cmd], capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), float(out[1]) / 1024 / 1024, int(out[2])


def dm05(*args: str) -> list[str]:
    return [sys.executable, "-m", "dm05", *args]


def ingest_times(ws_path: Path) -> tuple[float, float, float]:
    """Seconds to read the period's files: dm05 (pool), dm05 in one process, pandas + openpyxl."""
    import pandas as pd

    from dm05.period import parse_period
    from dm05.pipeline import read_context as _context
    from dm05.validate import display_name, read_all
    from dm05.workspace import load_workspace

    ws = load_workspace(ws_path)
    period = parse_period(PERIOD)
    ctx = _context(ws, period)
    jobs = [(p, display_name(p, ws)) for p in ws.inbox_files(period)]
    t = time.perf_counter()
    read_all(jobs, ctx)
    pooled = time.perf_counter() - t
    os.environ["DM05_WORKERS"] = "1"
    t = time.perf_counter()
    read_all(jobs, ctx)
    single = time.perf_counter() - t
    del os.environ["DM05_WORKERS"]
    t = time.perf_counter()
    for path, _ in jobs:
        pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")
    baseline = time.perf_counter() - t
    return pooled, single, baseline


def run_scale(scale: str, work: Path, runs: int) -> dict:
    ws = work / scale
    if not (ws / "units.csv").is_file():
        generate(scale, work)
    files = len(list((ws / "inbox" / PERIOD).iterdir()))
    cells = sum(1 for line in (ws / "units.csv").read_text(encoding="utf-8").splitlines() if line.endswith(",chi_bo"))
    out = Path(tempfile.mkdtemp(prefix="dm05-bench-"))
    commands = {
        "validate": dm05("validate", str(ws), "--period", PERIOD, "-q", "-f", "json"),
        "aggregate": dm05("aggregate", str(ws), "--period", PERIOD, "-q"),
        "report": dm05("report", str(ws), "--period", PERIOD, "-q", "--force", "-o", str(out / "bao_cao.docx")),
    }
    if scale != "national":  # province: down to the communes, about 1,500 rows
        commands["annex"] = dm05("report", str(ws), "--period", PERIOD, "--kind", "annex", "--depth", "2", "-q",
                                 "--force", "-o", str(out / "phu_luc.docx"))
    result: dict = {"files": files, "cells": cells}
    for name, cmd in commands.items():
        samples = [measure(cmd) for _ in range(runs)]
        if any(code != 0 for _, _, code in samples):
            raise SystemExit(f"{scale} {name} failed: {' '.join(cmd)}")
        result[f"{name}_s"] = round(statistics.median(s for s, _, _ in samples), 2)
        result[f"{name}_peak_mb"] = round(max(m for _, m, _ in samples))
    pooled, single, baseline = ingest_times(ws)
    result.update(ingest_s=round(pooled, 2), ingest_one_process_s=round(single, 2),
                  baseline_openpyxl_s=round(baseline, 2), speedup=round(baseline / pooled, 1),
                  speedup_one_process=round(baseline / single, 1))
    if "annex_s" in result:
        result.update(render_times(ws))
    return result


def render_times(ws_path: Path) -> dict[str, float]:
    """Seconds to build and render the annex alone (reading excluded), and its number of rows."""
    from datetime import datetime

    from dm05.pipeline import aggregate_period
    from dm05.period import parse_period
    from dm05.report import build_context, render_docx, resolve_kind, template_path, xml_safe_context
    from dm05.workspace import load_workspace

    ws = load_workspace(ws_path)
    period = parse_period(PERIOD)
    validation, agg = aggregate_period(ws, period)
    kind = resolve_kind("annex", period).model_copy(update={"annex_depth": 2})
    t = time.perf_counter()
    context = xml_safe_context(build_context(ws, period, kind, agg, validation, None, False))
    render_docx(template_path(ws, kind), context, datetime(2026, 12, 10))
    return {"annex_rows": len(context["annex"]["rows"]), "annex_render_s": round(time.perf_counter() - t, 2)}


def table(results: dict) -> str:
    cols = [("files", "files"), ("cells", "cells"), ("validate_s", "validate s"), ("aggregate_s", "aggregate s"),
            ("report_s", "report s"), ("annex_rows", "annex rows"), ("annex_s", "annex s"),
            ("annex_render_s", "annex render s"), ("aggregate_peak_mb", "aggregate MB"),
            ("ingest_s", "read s"), ("baseline_openpyxl_s", "openpyxl s"), ("speedup", "× faster")]
    lines = ["| scale | " + " | ".join(h for _, h in cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for scale, r in results.items():
        lines.append(f"| {scale} | " + " | ".join(str(r.get(k, "—")) for k, _ in cols) + " |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", choices=["district", "province", "national"], action="append", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", type=Path, default=HERE / "work", help="where the synthetic workspaces live")
    ap.add_argument("--results", type=Path, default=HERE / "results.json")
    args = ap.parse_args()
    results = {scale: run_scale(scale, args.work, args.runs) for scale in args.scale}
    print(table(results))
    report = {"machine": {"python": platform.python_version(), "system": platform.platform(), "cpus": os.cpu_count()},
              "runs": args.runs, "scales": results}
    args.results.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
