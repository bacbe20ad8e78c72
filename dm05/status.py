"""``dm05 status``: who reported, who is missing, who failed validation — the clerk's list of phone calls."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dm05.aggregate import Aggregate
from dm05.validate import ValidationReport


@dataclass(frozen=True)
class ChildStatus:
    code: str
    name: str
    status: str  # reported | partial | missing | failed
    reported: int
    expected: int
    errors: int
    files: tuple[str, ...]


def coverage(report: ValidationReport, agg: Aggregate) -> list[tuple[str, list[ChildStatus]]]:
    """For every unit with sub-units: the status of each direct sub-unit, in tree order."""
    tree = agg.tree
    files: dict[str, set[str]] = {c: set() for c in tree.order}
    errors: dict[str, int] = {c: 0 for c in tree.order}
    for f in report.files:
        for s in f.sheets:
            for u in s.units:
                if u in files:
                    files[u].add(f.display)
    for finding in report.findings:
        if finding.severity == "error" and finding.unit in errors:
            errors[finding.unit] += 1
    for code in reversed(tree.order):  # children before parents: gather the subtree
        parent = tree[code].parent
        if parent is not None:
            files[parent] |= files[code]
            errors[parent] += errors[code]
    out = []
    for code in tree.order:
        kids = tree.children.get(code, [])
        if not kids:
            continue
        rows = []
        for c in kids:
            rep, exp = int(agg.reported[c]), int(agg.expected[c])
            status = ("failed" if errors[c] else "missing" if rep == 0 else "partial" if rep < exp else "reported")
            rows.append(ChildStatus(c, tree[c].name, status, rep, exp, errors[c], tuple(sorted(files[c]))))
        out.append((code, rows))
    return out


def status_json(report: ValidationReport, agg: Aggregate) -> dict[str, Any]:
    tree = agg.tree
    parents = []
    for code, rows in coverage(report, agg):
        counts = {k: sum(1 for r in rows if r.status == k) for k in ("reported", "partial", "missing", "failed")}
        parents.append({"code": code, "name": tree[code].name, "reported": int(agg.reported[code]),
                        "expected": int(agg.expected[code]), **{f"children_{k}": v for k, v in counts.items()},
                        "children": [{"code": r.code, "name": r.name, "status": r.status, "reported": r.reported,
                                      "expected": r.expected, "errors": r.errors, "files": list(r.files)} for r in rows]})
    return {"period": agg.period.id, "parents": parents}
