"""Read one period's inbox one way, in a fresh process, and print its cost as JSON (used by run.py).

    python bench/readers.py raw_calamine WORKSPACE      # python-calamine: every sheet to_python(), nothing else
    python bench/readers.py pandas_calamine WORKSPACE   # pandas.read_excel(engine="calamine"), every sheet
    python bench/readers.py pandas_openpyxl WORKSPACE   # pandas.read_excel(engine="openpyxl"), every sheet
    python bench/readers.py dm05 WORKSPACE              # dm05's reading (read_all), the pool as dm05 sizes it
    python bench/readers.py dm05_one WORKSPACE          # the same in this one process (DM05_WORKERS=1)
    python bench/readers.py workspace WORKSPACE         # loading dm05.toml and units.csv, building the tree

Only the loop is timed: imports and loading the workspace come first (``workspace`` times that loading).
CPU is user + system of this process and of its finished children (the reading pool), so a pool's CPU
is counted in full. Prints ``{"wall_s": …, "cpu_s": …, "files": …}``.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dm05.ingest import ReadContext
    from dm05.period import Period
    from dm05.workspace import Workspace

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

PERIOD = "2026"
METHODS = ("raw_calamine", "pandas_calamine", "pandas_openpyxl", "dm05", "dm05_one", "workspace")


def cpu_seconds() -> float:
    """User + system seconds of this process and of its children that have finished."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def inbox(ws: Path) -> list[Path]:
    return sorted(p for p in (ws / "inbox" / PERIOD).iterdir() if p.suffix.lower() in (".xlsx", ".xls", ".xlsm"))


def prepare(method: str, ws: Path) -> tuple[Callable[[], object], int]:
    """The timed work of ``method`` and the number of files it reads; everything else is done here."""
    if method == "raw_calamine":
        from python_calamine import CalamineWorkbook

        paths = inbox(ws)

        def raw() -> None:
            for path in paths:
                book = CalamineWorkbook.from_path(str(path))
                for name in book.sheet_names:
                    book.get_sheet_by_name(name).to_python()
                book.close()
        return raw, len(paths)
    if method in ("pandas_calamine", "pandas_openpyxl"):
        import pandas as pd

        engine = method.split("_")[1]
        __import__("python_calamine" if engine == "calamine" else "openpyxl")
        paths = inbox(ws)
        return lambda: [pd.read_excel(p, sheet_name=None, header=None, engine=engine) for p in paths], len(paths)

    from dm05.period import parse_period
    from dm05.workspace import load_workspace

    period = parse_period(PERIOD)
    if method == "workspace":
        return lambda: load_workspace(ws).tree(period), 0
    if method == "dm05_one":
        os.environ["DM05_WORKERS"] = "1"
    else:
        os.environ.pop("DM05_WORKERS", None)
    from dm05 import validate

    workspace = load_workspace(ws)
    ctx = read_context(workspace, period)
    jobs = [(p, validate.display_name(p, workspace)) for p in workspace.inbox_files(period)]
    return lambda: validate.read_all(jobs, ctx), len(jobs)


def read_context(ws: Workspace, period: Period) -> ReadContext:
    """dm05's reading context, built here so that the benchmark does not lean on validate's private helper
    (the pipeline that builds it is being reorganised)."""
    from dm05.ingest import ReadContext

    return ReadContext(ws.tree(period), ws.catalogue, period, ws.config.cell_level, all_units=ws.units,
                       limits=ws.config.limits)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in METHODS:
        print(__doc__, file=sys.stderr)
        return 2
    work, files = prepare(argv[0], Path(argv[1]))
    cpu, wall = cpu_seconds(), time.perf_counter()
    work()
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    print(json.dumps({"wall_s": wall, "cpu_s": cpu, "files": files}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
