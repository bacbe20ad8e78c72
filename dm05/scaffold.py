"""``dm05 init``: write a commented workspace skeleton that works as it is."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from dm05.errors import OutputError
from dm05.output import write_atomic
from dm05.workspace import CONFIG_FILE, INBOX_DIR, INDICATORS_FILE, UNITS_FILE


def init_workspace(root: Path, year: int, force: bool = False) -> list[Path]:
    """Create ``root`` with dm05.toml, units.csv, indicators.toml and inbox/<year>/vi_du.csv."""
    skeleton = resources.files("dm05").joinpath("skeleton")
    plan = {
        root / CONFIG_FILE: "dm05.toml",
        root / UNITS_FILE: "units.csv",
        root / INDICATORS_FILE: "indicators.toml",
        root / INBOX_DIR / str(year) / "vi_du.csv": "vi_du.csv",
    }
    if not force:
        for target in plan:
            if target.exists():
                raise OutputError("init.not_empty", path=str(root), file=target.name)
    written = []
    for target, name in plan.items():
        data = skeleton.joinpath(name).read_bytes()
        if name == "dm05.toml":
            data = data.replace(b'"2026" =', f'"{year}" ='.encode()).replace(b"2026-12-05", f"{year}-12-05".encode())
        written.append(write_atomic(target, data, force=True))
    return written
