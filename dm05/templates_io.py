"""``dm05 template export``: the built-in template and narrative of a report kind, to edit in Word."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from dm05.errors import InputError
from dm05.output import write_atomic
from dm05.report import report_kinds


def export_template(kind_name: str, directory: Path, force: bool = False) -> list[Path]:
    kinds = report_kinds()
    if kind_name not in kinds:
        raise InputError("report.kind_unknown", kind=kind_name, kinds=", ".join(kinds))
    kind = kinds[kind_name]
    files = resources.files("dm05").joinpath("templates")
    written = [write_atomic(directory / kind.template, files.joinpath(kind.template).read_bytes(), force)]
    if kind.narrative:
        written.append(write_atomic(directory / f"{kind_name}.md", files.joinpath(kind.narrative).read_bytes(), force))
    return written
