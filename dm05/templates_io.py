"""``dm05 template export``: a report kind's Word template and narrative, to edit in Word.

Given a workspace, the template is built for its style profile and columns and the kind may be one the
workspace defines; without one, the built-in template and kinds."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from dm05.errors import InputError
from dm05.output import write_atomic
from dm05.report import kind_narrative, report_kinds
from dm05.reporttemplate import template_source
from dm05.workspace import Workspace


def export_template(kind_name: str, directory: Path, force: bool = False, ws: Workspace | None = None) -> list[Path]:
    kinds = report_kinds(ws)
    if kind_name not in kinds:
        raise InputError("report.kind_unknown", kind=kind_name, kinds=", ".join(kinds))
    kind = kinds[kind_name]
    files = resources.files("dm05").joinpath("templates")
    if ws is not None:
        data = template_source(ws, kind).data
    else:
        data = files.joinpath(kind.template).read_bytes()
    written = [write_atomic(directory / kind.template, data, force)]
    if kind.narrative:
        if ws is not None:
            text = kind_narrative(ws, kind)[0]
        else:
            text = files.joinpath(kind.narrative).read_text(encoding="utf-8")
        written.append(write_atomic(directory / f"{kind_name}.md", text.encode("utf-8"), force))
    return written

