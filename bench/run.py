"""Benchmark dm05 at district, province and national scale; rerun it to check a change.

    python bench/run.py --scale district                 # about a minute
    python bench/run.py --scale district --scale province --scale national --runs 3

Each command runs as a whole process (as a clerk runs it): ``validate``, ``aggregate`` (table, and
``--format json``), ``report`` (the annual report), ``report`` again on a copy of the workspace that also
holds last year's inbox (with the benchmark's ``jump_factor = 0``, and with the default jump factor, whose
year-on-year check reads last year too) and ``report --kind annex --depth 2`` (the annex down to
communes: about 1,500 rows at province scale; skipped at national scale, where such tables are an xlsx
export, not a document).

In the same run the same files are read, each way in a fresh process (bench/readers.py, only the reading
loop timed): raw python-calamine (every sheet ``to_python()``, nothing else), ``pandas.read_excel`` with
calamine and with openpyxl, and dm05's own reading (``read_all``) in one process (``DM05_WORKERS=1``) and
in its pool. The runs are interleaved (run 1 of every measure, then run 2, …) so that a busy machine
weighs on all of them alike. Times are medians of ``--runs`` runs: wall seconds and CPU seconds (user +
system, children such as the reading pool included); peak memory is the largest resident set of any
process of the command. Results are printed as tables and written to bench/results.json, where the
scales not measured this time are kept (``python bench/run.py`` alone prints the tables of that file).
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
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from generate import PERIOD, generate, with_previous  # noqa: E402

MEASURE = """
import resource, subprocess, sys, time
t = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode
elapsed = time.perf_counter() - t
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
rss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
print(elapsed, usage.ru_utime + usage.ru_stime, rss, code)
"""
READERS = ("raw_calamine", "pandas_calamine", "pandas_openpyxl", "dm05_one", "dm05", "workspace")
GOALS = {  # issue 19, with the read cache warm and cold
    "aggregate_cpu_over_raw_calamine_cpu": ("<=", 3.0),
    "aggregate_cold_cpu_over_raw_calamine_cpu": ("<=", 3.0),
    "openpyxl_wall_over_aggregate_wall": (">=", 5.0),
    "openpyxl_wall_over_aggregate_cold_wall": (">=", 5.0),
    "report_previous_over_report": ("<=", 1.2),
    "report_previous_cold_over_report_cold": ("<=", 1.2),
}


def measure(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, float]:
    """Wall and CPU seconds (children included), peak resident MB and exit code of a whole command."""
    out = subprocess.run([sys.executable, "-c", MEASURE, *cmd], capture_output=True, text=True, check=True,
                         env=env).stdout.split()
    return {"wall_s": float(out[0]), "cpu_s": float(out[1]), "mb": float(out[2]) / 1024 / 1024, "code": int(out[3])}


def read_once(method: str, ws: Path) -> dict[str, float]:
    """Wall and CPU seconds of reading the inbox one way, in a fresh process (bench/readers.py)."""
    r = subprocess.run([sys.executable, str(HERE / "readers.py"), method, str(ws)], capture_output=True, text=True,
                       check=False)
    if r.returncode != 0:
        raise SystemExit(f"readers.py {method} {ws} failed:\n{r.stderr[-2000:]}")
    return json.loads(r.stdout.splitlines()[-1])


def dm05(*args: str) -> list[str]:
    return [sys.executable, "-m", "dm05", *args]


def median(samples: list[dict[str, float]], key: str) -> float:
    return round(statistics.median(s[key] for s in samples), 3)


def run_scale(scale: str, work: Path, runs: int, previous: bool = True) -> dict:
    ws = work / scale
    if not (ws / "units.csv").is_file():
        generate(scale, work)
    if previous and not (work / f"{scale}-previous-jumps" / "units.csv").is_file():
        with_previous(ws)
        with_previous(ws, jumps=True)
    files = len(list((ws / "inbox" / PERIOD).iterdir()))
    cells = sum(1 for line in (ws / "units.csv").read_text(encoding="utf-8").splitlines() if line.endswith(",chi_bo"))
    out = Path(tempfile.mkdtemp(prefix="dm05-bench-"))

    def report(where: Path, name: str) -> list[str]:
        return dm05("report", str(where), "--period", PERIOD, "-q", "--force", "-o", str(out / name))

    commands = {
        "validate": dm05("validate", str(ws), "--period", PERIOD, "-q", "-f", "json"),
        "aggregate": dm05("aggregate", str(ws), "--period", PERIOD, "-q"),
        "aggregate_json": dm05("aggregate", str(ws), "--period", PERIOD, "-q", "-f", "json"),
        "report": report(ws, "bao_cao.docx"),
    }
    if previous:
        commands["report_previous"] = report(work / f"{scale}-previous", "bao_cao_previous.docx")
        commands["report_previous_jumps"] = report(work / f"{scale}-previous-jumps", "bao_cao_jumps.docx")
    if scale != "national":  # province: down to the communes, about 1,500 rows
        commands["annex"] = dm05("report", str(ws), "--period", PERIOD, "--kind", "annex", "--depth", "2", "-q",
                                 "--force", "-o", str(out / "phu_luc.docx"))
    # each command twice: with the read cache warm (a clerk's second command on the same inbox) and cold
    # (DM05_NO_CACHE=1: every file read, as on the first command after the files came in)
    cache = Path(tempfile.mkdtemp(prefix="dm05-bench-cache-"))
    warm_env = {**os.environ, "DM05_CACHE_DIR": str(cache)}
    warm_env.pop("DM05_NO_CACHE", None)
    cold_env = {**warm_env, "DM05_NO_CACHE": "1"}
    warm_up = [ws] + ([work / f"{scale}-previous", work / f"{scale}-previous-jumps"] if previous else [])
    for where in warm_up:  # not measured: fills the cache, as `dm05 validate` does before a report
        for p in sorted(d.name for d in (where / "inbox").iterdir()):
            subprocess.run(dm05("validate", str(where), "--period", p, "-q"), env=warm_env, capture_output=True,
                           check=False)
    runs_of = {**{name: (cmd, warm_env) for name, cmd in commands.items()},
               **{f"{name}_cold": (cmd, cold_env) for name, cmd in commands.items()}}
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in [*runs_of, *READERS]}
    for _ in range(runs):  # interleaved: run i of every measure, side by side
        for name, (cmd, env) in runs_of.items():
            sample = measure(cmd, env)
            if sample["code"] != 0:
                raise SystemExit(f"{scale} {name} failed: {' '.join(cmd)}")
            samples[name].append(sample)
        for method in READERS:
            samples[method].append(read_once(method, ws))
    result: dict = {"files": files, "cells": cells}
    for name in runs_of:
        result[f"{name}_s"] = median(samples[name], "wall_s")
        result[f"{name}_cpu_s"] = median(samples[name], "cpu_s")
        result[f"{name}_peak_mb"] = round(max(s["mb"] for s in samples[name]))
    result["read"] = {m: {"wall_s": median(samples[m], "wall_s"), "cpu_s": median(samples[m], "cpu_s")}
                      for m in READERS if m != "workspace"}
    result["workspace_load_s"] = median(samples["workspace"], "wall_s")
    result["ratios"] = ratios(result)
    if "annex_s" in result:
        result.update(render_times(ws))
    return result


def ratios(r: dict) -> dict[str, float]:
    """The ratios issue 19 sets goals for (GOALS), and a few that explain them."""
    read = r["read"]

    def div(a: float, b: float) -> float:
        return round(a / b, 2) if b else float("nan")

    out = {
        "aggregate_cpu_over_raw_calamine_cpu": div(r["aggregate_cpu_s"], read["raw_calamine"]["cpu_s"]),
        "aggregate_cold_cpu_over_raw_calamine_cpu": div(r["aggregate_cold_cpu_s"], read["raw_calamine"]["cpu_s"]),
        "dm05_read_cpu_over_raw_calamine_cpu": div(read["dm05_one"]["cpu_s"], read["raw_calamine"]["cpu_s"]),
        "pandas_calamine_cpu_over_raw_calamine_cpu": div(read["pandas_calamine"]["cpu_s"],
                                                         read["raw_calamine"]["cpu_s"]),
        "openpyxl_wall_over_aggregate_wall": div(read["pandas_openpyxl"]["wall_s"], r["aggregate_s"]),
        "openpyxl_wall_over_aggregate_cold_wall": div(read["pandas_openpyxl"]["wall_s"], r["aggregate_cold_s"]),
        "openpyxl_cpu_over_aggregate_cpu": div(read["pandas_openpyxl"]["cpu_s"], r["aggregate_cpu_s"]),
        "openpyxl_wall_over_dm05_read_wall": div(read["pandas_openpyxl"]["wall_s"], read["dm05"]["wall_s"]),
        "pool_wall_over_one_process_wall": div(read["dm05"]["wall_s"], read["dm05_one"]["wall_s"]),
    }
    if "report_previous_s" in r:
        out["report_previous_over_report"] = div(r["report_previous_s"], r["report_s"])
        out["report_previous_cold_over_report_cold"] = div(r["report_previous_cold_s"], r["report_cold_s"])
        out["report_previous_jumps_over_report"] = div(r["report_previous_jumps_s"], r["report_s"])
    return out


def render_times(ws_path: Path) -> dict[str, float]:
    """Seconds to build and render the annex alone (reading excluded), and its number of rows."""
    from datetime import datetime

    from dm05.pipeline import aggregate_period
    from dm05.period import parse_period
    from dm05.report import build_context, render_docx, resolve_kind, template_source, xml_safe_context
    from dm05.workspace import load_workspace

    ws = load_workspace(ws_path)
    period = parse_period(PERIOD)
    validation, agg = aggregate_period(ws, period)
    kind = resolve_kind("annex", period, ws).model_copy(update={"annex_depth": 2})
    t = time.perf_counter()
    context = xml_safe_context(build_context(ws, period, kind, agg, validation, None, False))
    render_docx(template_source(ws, kind), context, datetime(2026, 12, 10))
    return {"annex_rows": len(context["annex"]["rows"]), "annex_render_s": round(time.perf_counter() - t, 2)}


LABELS = {
    "aggregate_cpu_over_raw_calamine_cpu": "aggregate CPU (cache warm) ÷ raw calamine CPU",
    "aggregate_cold_cpu_over_raw_calamine_cpu": "aggregate CPU (cold) ÷ raw calamine CPU",
    "openpyxl_wall_over_aggregate_cold_wall": "pandas + openpyxl wall ÷ aggregate wall (cold)",
    "report_previous_cold_over_report_cold": "the same, both cold",
    "dm05_read_cpu_over_raw_calamine_cpu": "dm05 reading CPU (1 process) ÷ raw calamine CPU",
    "pandas_calamine_cpu_over_raw_calamine_cpu": "pandas + calamine CPU ÷ raw calamine CPU",
    "openpyxl_wall_over_aggregate_wall": "pandas + openpyxl wall ÷ aggregate wall (cache warm)",
    "openpyxl_cpu_over_aggregate_cpu": "pandas + openpyxl CPU ÷ aggregate CPU",
    "openpyxl_wall_over_dm05_read_wall": "pandas + openpyxl wall ÷ dm05 reading wall (pool)",
    "pool_wall_over_one_process_wall": "dm05 reading wall: pool ÷ 1 process",
    "report_previous_over_report": "report with last year's inbox ÷ report (cache warm)",
    "report_previous_jumps_over_report": "the same with the jump check on ÷ report",
}


def num(x: float) -> str:
    return f"{x:.2f}" if x < 1 else f"{x:.1f}"


def tables(results: dict) -> str:
    """Three markdown tables: whole commands, reading the inbox, the ratios issue 19 sets goals for."""

    def both(r: dict, name: str) -> str:
        return f"{num(r[name + '_s'])} / {num(r[name + '_cpu_s'])}" if name + "_s" in r else "—"

    cmds = [("validate", "validate"), ("aggregate", "aggregate"), ("aggregate_json", "aggregate -f json"),
            ("report", "report"), ("report_previous", "report, last year there"),
            ("report_previous_jumps", "the same, jump check on"), ("annex", "annex")]
    lines: list[str] = []
    for suffix, title in (("", "read cache warm (the files read by an earlier command)"),
                          ("_cold", "cold (`DM05_NO_CACHE=1`: every file read)")):
        lines += [f"Whole commands, {title}: wall s / CPU s (children included); peak MB of aggregate:", "",
                  "| scale | files | cells | " + " | ".join(h for _, h in cmds) + " | MB | -f json MB |",
                  "|---" * (len(cmds) + 5) + "|"]
        for scale, r in results.items():
            if f"aggregate{suffix}_s" not in r:
                continue
            lines.append(f"| {scale} | {r['files']:,} | {r['cells']:,} | "
                         + " | ".join(both(r, k + suffix) for k, _ in cmds)
                         + f" | {r[f'aggregate{suffix}_peak_mb']:,} | {r[f'aggregate_json{suffix}_peak_mb']:,} |")
        lines.append("")
    ways = [("raw_calamine", "raw calamine"), ("pandas_calamine", "pandas + calamine"),
            ("pandas_openpyxl", "pandas + openpyxl"), ("dm05_one", "dm05, 1 process"), ("dm05", "dm05, pool")]
    lines += ["Reading the inbox, each way in a fresh process (the loop alone), wall s / CPU s; loading the workspace:", "",
              "| scale | " + " | ".join(h for _, h in ways) + " | workspace s |", "|---" * (len(ways) + 2) + "|"]
    for scale, r in results.items():
        lines.append(f"| {scale} | " + " | ".join(f"{num(r['read'][k]['wall_s'])} / {num(r['read'][k]['cpu_s'])}"
                                                  for k, _ in ways) + f" | {num(r['workspace_load_s'])} |")
    names = list(dict.fromkeys(k for r in results.values() for k in r["ratios"]))
    lines += ["", "| ratio | goal | " + " | ".join(results) + " |", "|---" * (len(results) + 2) + "|"]
    for k in names:
        goal = " ".join(str(x) for x in GOALS[k]).replace("<=", "≤").replace(">=", "≥") if k in GOALS else ""
        lines.append(f"| {LABELS.get(k, k)} | {goal} | "
                     + " | ".join(f"{r['ratios'][k]:.1f}×" if k in r["ratios"] else "—" for r in results.values()) + " |")
    return "\n".join(lines)


def goals_met(results: dict) -> dict[str, dict[str, bool]]:
    return {scale: {k: (r["ratios"][k] <= v if op == "<=" else r["ratios"][k] >= v)
                    for k, (op, v) in GOALS.items() if k in r["ratios"]} for scale, r in results.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", choices=["district", "province", "national"], action="append",
                    help="measure this scale (repeat for several); none: print the tables of --results")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", type=Path, default=HERE / "work", help="where the synthetic workspaces live")
    ap.add_argument("--results", type=Path, default=HERE / "results.json")
    ap.add_argument("--no-previous", action="store_true", help="skip the report runs with last year's inbox")
    args = ap.parse_args()
    if not args.scale:
        print(tables(json.loads(args.results.read_text(encoding="utf-8"))["scales"]))
        return 0
    command = " ".join(["python", "bench/run.py", *sys.argv[1:]])
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    results = {}
    for scale in args.scale:
        results[scale] = run_scale(scale, args.work, args.runs, not args.no_previous)
        results[scale]["measured"] = {"date": when, "command": command, "runs": args.runs}
    print(tables(results))
    # scales measured earlier (by this version of the script) stay in the file: a long national run need
    # not be repeated to refresh the province figures
    kept = json.loads(args.results.read_text(encoding="utf-8")).get("scales", {}) if args.results.is_file() else {}
    scales = {s: r for s, r in kept.items() if "measured" in r and s not in results} | results
    scales = {s: scales[s] for s in ("district", "province", "national") if s in scales}
    report = {"machine": {"python": platform.python_version(), "system": platform.platform(), "cpus": os.cpu_count()},
              "goals": {k: f"{op} {v:g}" for k, (op, v) in GOALS.items()}, "goals_met": goals_met(scales),
              "scales": scales}
    args.results.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
