"""Read rate: how many of the true figures in messy clerk sheets dm05 reads right.

    python bench/read_rate.py                 # a table per layout and the totals
    python bench/read_rate.py --json          # the same as JSON on stdout
    python bench/read_rate.py --details       # also every figure not read right, with what happened
    python bench/read_rate.py --keep DIR      # keep the generated workspace (to run dm05 validate on it)

The corpus is ``tests/clerk_sheets.py``: a workspace (dm05.toml, units.csv) and one file per layout in
``inbox/2026``, each with its ground truth. Each file is read on its own with ``dm05.ingest.read_file``
(as if it were the only file: the same units recur across the corpus, so the cross-file duplicate check
of ``dm05 validate`` is not run). Every true figure is then one of

* **right**    dm05 read that unit and indicator with the true value (at its cell, or anywhere in the file);
* **wrong**    its cell was read as another unit, indicator or value, or the unit and indicator were read
               with another value from another cell (last year's column, a hidden sheet);
* **finding**  not read, and a warning or error names it: its cell, its row, its column (a ``column.*``
               finding), or its sheet or file as a whole (counted apart as "file-wide": such a finding
               says the figure is lost but not which one);
* **silent**   not read and nothing (but perhaps a note) says so.

Two more counts per layout: **extra**, figures dm05 read from cells that hold no unit's figure (totals,
rates, last year's hidden sheet, phone numbers); **noise**, error findings about rows that hold no figure
(title, signature and notes rows taken for units; header and file findings are not noise). Derived figures
(a cell counted as one chi bộ, ≥ 12 meetings made 0/1) are not counted. Cells of a unit that units.csv does
not list are reported apart: a finding should name them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from clerk_sheets import LAYOUTS, ClerkFile, build_corpus

from dm05.ingest import FileResult, ReadContext, read_file
from dm05.period import parse_period
from dm05.workspace import load_workspace

CLASSES = ("right", "wrong", "finding", "silent")
_CELL = re.compile(r"^([A-Z]+)(\d+)$")


def split_cell(cell: str) -> tuple[str, int]:
    m = _CELL.match(cell)
    assert m, cell
    return m.group(1), int(m.group(2))


def figures_read(result: FileResult) -> dict[tuple[str, str], tuple[str, str, float]]:
    """(sheet, "D7") → (unit, key, value) of every figure dm05 read, derived ones left out."""
    out: dict[tuple[str, str], tuple[str, str, float]] = {}
    for data in result.sheets:
        for key, (letter, values) in data.columns.items():
            if key in data.derived or not letter:
                continue
            for i, value in enumerate(values):
                if value is not None:
                    sheet, cell = data.cell(key, i).rsplit("!", 1)
                    out[(sheet, cell)] = (data.units[i], key, value)
    return out


def classify(cf: ClerkFile, result: FileResult) -> dict[str, Any]:
    """Each true figure of ``cf`` as right / wrong / finding / silent, and the extra reads and noise."""
    read = figures_read(result)
    by_unit_key: dict[tuple[str, str], list[float]] = {}
    for unit, key, value in read.values():
        by_unit_key.setdefault((unit, key), []).append(value)
    loud = [f for f in result.findings.items if f.severity in ("warning", "error")]
    figure_rows = {(f.sheet, split_cell(f.cell)[1]) for f in cf.figures}
    unknown_rows = {(o.sheet, split_cell(o.cell)[1]) for o in cf.others if o.kind == "unknown_unit"}

    def named(sheet: str, cell: str) -> tuple[str, str] | None:
        """The first warning or error that names this cell, its row, its column (a column.* finding) or
        its whole sheet or file, and which of those it names."""
        col, row = split_cell(cell)
        for f in loud:
            if f.sheet is None:
                return f.rule, "file"
            if f.sheet != sheet:
                continue
            if f.row is None:
                return f.rule, "sheet"
            if f.row == row:
                return f.rule, "cell" if f.column == col else "row"
            if f.column == col and f.rule.startswith("column."):
                return f.rule, "column"
        return None

    counts: Counter[str] = Counter()
    details = []
    for fig in cf.figures:
        got = read.get((fig.sheet, fig.cell))
        rule = None
        elsewhere = by_unit_key.get((fig.unit, fig.key), [])
        if got == (fig.unit, fig.key, fig.value) or (got is None and fig.value in elsewhere):
            kind = "right"
        elif got is not None or elsewhere:
            kind = "wrong"
        elif (rule := named(fig.sheet, fig.cell)) is not None:
            kind = "finding"
            if rule[1] in ("file", "sheet"):
                counts["finding_file"] += 1
        else:
            kind = "silent"
        counts[kind] += 1
        if kind != "right":
            details.append({"cell": f"{fig.sheet}!{fig.cell}", "unit": fig.unit, "indicator": fig.key,
                            "true": fig.value, "class": kind,
                            "read": list(got) if got else by_unit_key.get((fig.unit, fig.key)),
                            "finding": "/".join(rule) if rule else None})
    truth_cells = {(f.sheet, f.cell) for f in cf.figures}
    other_kind = {(o.sheet, o.cell): o.kind for o in cf.others}
    extra = Counter(other_kind.get(where, "text or blank") for where in read if where not in truth_cells)
    unknown = [o for o in cf.others if o.kind == "unknown_unit"]
    noise = [f for f in loud if f.severity == "error" and f.row is not None
             and not f.rule.startswith(("column.", "file.")) and (f.sheet, f.row) not in figure_rows | unknown_rows]
    return {"layout": cf.layout, "file": cf.path.name, "figures": len(cf.figures), **{k: counts[k] for k in CLASSES},
            "finding_file": counts["finding_file"],
            "extra": sum(extra.values()), "extra_kinds": dict(extra), "noise": len(noise),
            "noise_rules": dict(Counter(f.rule for f in noise)),
            "unknown_unit_cells": len(unknown),
            "unknown_unit_named": sum(1 for o in unknown if named(o.sheet, o.cell) is not None),
            "not_right": details}


def measure(workdir: Path, seed: int = 0, layouts: list[str] | None = None) -> list[dict[str, Any]]:
    files = build_corpus(workdir, seed, layouts)
    ws = load_workspace(workdir)
    period = parse_period("2026")
    ctx = ReadContext(ws.tree(period), ws.catalogue, period, ws.config.cell_level, all_units=ws.units,
                      limits=ws.config.limits)
    return [classify(cf, read_file(cf.path, ctx, cf.path.relative_to(workdir).as_posix())) for cf in files]


def totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"layout": "TOTAL", "file": f"{len(rows)} files"}
    for k in ("figures", *CLASSES, "finding_file", "extra", "noise", "unknown_unit_cells", "unknown_unit_named"):
        out[k] = sum(r[k] for r in rows)
    return out


def pct(n: int, d: int) -> str:
    return f"{100 * n / d:.1f}" if d else "-"


def table(rows: list[dict[str, Any]]) -> str:
    head = ["layout", "figures", "right", "wrong", "finding", "(file-wide)", "silent", "read %", "extra", "noise"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in [*rows, totals(rows)]:
        lines.append("| " + " | ".join(str(x) for x in (
            r["layout"], r["figures"], r["right"], r["wrong"], r["finding"], r["finding_file"], r["silent"],
            pct(r["right"], r["figures"]), r["extra"], r["noise"])) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--json", action="store_true", help="print JSON instead of the table")
    p.add_argument("--details", action="store_true", help="list every figure not read right")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--layout", action="append", choices=sorted(LAYOUTS), help="only these layouts")
    p.add_argument("--keep", type=Path, help="write the workspace here and keep it")
    args = p.parse_args(argv)
    start = time.perf_counter()
    if args.keep:
        rows = measure(args.keep, args.seed, args.layout)
    else:
        with tempfile.TemporaryDirectory(prefix="dm05-read-rate-") as tmp:
            rows = measure(Path(tmp) / "ws", args.seed, args.layout)
    elapsed = time.perf_counter() - start
    if args.json:
        json.dump({"seed": args.seed, "seconds": round(elapsed, 2), "layouts": rows, "total": totals(rows)},
                  sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    print(table(rows))
    t = totals(rows)
    print(f"\n{t['right']} of {t['figures']} true figures read right ({pct(t['right'], t['figures'])} %); "
          f"{t['wrong']} wrong, {t['finding']} missed with a finding, {t['silent']} missed silently; "
          f"{t['extra']} extra reads; unknown-unit cells named {t['unknown_unit_named']}/{t['unknown_unit_cells']}. "
          f"{elapsed:.1f} s")
    if args.details:
        for r in rows:
            for d in r["not_right"]:
                print(f"{r['layout']:28} {d['class']:8} {d['cell']:22} {d['unit']:6} {d['indicator']:28} "
                      f"true {d['true']:g} read {d['read']} finding {d['finding']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
