"""``dm05 init``: write a commented workspace skeleton that works as it is — without ever losing a clerk's files.

A file that already holds something else is replaced only with ``--force``, and then its old content is first
copied beside it (``units.csv.bak``). The sample data file goes only into a workspace with no data yet: in a real
inbox it would be counted as a unit's figures.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from dm05.errors import OutputError
from dm05.output import write_atomic
from dm05.workspace import CONFIG_FILE, DATA_SUFFIXES, INBOX_DIR, INDICATORS_FILE, UNITS_FILE

SAMPLE = "vi_du.csv"


@dataclass
class InitResult:
    root: Path
    inbox: Path  # where the units' files go
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)  # already the skeleton's own content
    backups: list[tuple[Path, Path]] = field(default_factory=list)  # (file replaced, the copy of its old content)
    sample: Path | None = None  # the sample data file, when written (or already there)
    sample_skipped: bool = False  # the workspace holds data: no sample was added


def _skeleton(name: str, year: int) -> bytes:
    data = resources.files("dm05").joinpath("skeleton").joinpath(name).read_bytes()
    if name != CONFIG_FILE:
        return data
    return data.replace(b'"2026" =', f'"{year}" ='.encode()).replace(b"2026-12-05", f"{year}-12-05".encode())


def backup_path(path: Path) -> Path:
    """``units.csv.bak``, or ``units.csv.bak2``, … — never an earlier backup."""
    n = 1
    while True:
        candidate = path.with_name(f"{path.name}.bak{n if n > 1 else ''}")
        if not candidate.exists():
            return candidate
        n += 1


def _has_data(folder: Path) -> bool:
    return folder.is_dir() and any(p.is_file() and p.suffix.lower() in DATA_SUFFIXES and p.name != SAMPLE
                                   for p in folder.rglob("*"))


def init_workspace(root: Path, year: int, force: bool = False) -> InitResult:
    """Create ``root`` with dm05.toml, units.csv, indicators.toml and, in a workspace with no data yet,
    inbox/<year>/vi_du.csv. Refuses (naming the file) to replace a file that holds something else unless
    ``force``, and then keeps its old content as ``<name>.bak`` first."""
    result = InitResult(root, root / INBOX_DIR / str(year))
    plan = {root / name: _skeleton(name, year) for name in (CONFIG_FILE, UNITS_FILE, INDICATORS_FILE)}
    sample_target = result.inbox / SAMPLE
    if _has_data(root / INBOX_DIR):
        result.sample_skipped = True
    else:
        plan[sample_target] = _skeleton(SAMPLE, year)
    changed = [t for t, data in plan.items() if t.exists() and (not t.is_file() or t.read_bytes() != data)]
    if changed and not force:
        raise OutputError("init.not_empty", path=str(root), file=changed[0].name)
    for target, data in plan.items():
        if target.is_file() and target.read_bytes() == data:
            result.unchanged.append(target)
        else:
            if target in changed and target.is_file():
                backup = backup_path(target)
                shutil.copy2(target, backup)
                result.backups.append((target, backup))
            result.written.append(write_atomic(target, data, force=True))
        if target == sample_target:
            result.sample = target
    result.inbox.mkdir(parents=True, exist_ok=True)
    return result
