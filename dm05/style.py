"""Style profiles: every layout number of a party document, kept as data and versioned by the rule it
follows (``dm05/styles/*.toml``: ``hd36-2018`` for Hướng dẫn 36-HD/VPTW, ``qd399-2026`` for Quy định
399-QĐ/TW). ``[report] style`` in dm05.toml picks one; a workspace may add its own in ``styles/<name>.toml``
(or change a built-in one under its name): a profile ``based_on`` another gives only what differs."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from dm05 import tomlfile
from dm05.config_errors import problems
from dm05.errors import WorkspaceError
from dm05.messages import both, joined, same

STYLES_DIR = "styles"


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Page(_M):
    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float
    page_number_from_top_mm: float
    header_left_col_mm: float


class Font(_M):
    name: str


class Size(_M):
    party: float
    superior: float
    issuer: float
    number: float
    date: float
    title: float
    subject: float
    body: float
    signer: float
    recipients_label: float
    recipients: float
    page_number: float
    table: float
    annex_table: float


class Body(_M):
    first_line_indent_mm: float
    space_before_pt: float
    space_after_pt: float
    line_spacing_pt: float


class StyleProfile(_M):
    name: str
    description: str = ""
    basis: str = ""  # the rule the profile follows
    unconfirmed: str = ""  # what of it is not confirmed from the official text, and what was kept instead
    page: Page
    font: Font
    size: Size
    body: Body


def builtin_names() -> list[str]:
    return sorted(p.name.removesuffix(".toml") for p in resources.files("dm05").joinpath(STYLES_DIR).iterdir()
                  if p.name.endswith(".toml"))


def style_names(root: Path | None = None) -> list[str]:
    """The profiles a workspace may choose: the built-in ones and its own ``styles/*.toml``."""
    own = sorted(p.stem for p in (root / STYLES_DIR).glob("*.toml")) if root is not None and (root / STYLES_DIR).is_dir() else []
    return sorted({*builtin_names(), *own})


def _files(name: str, root: Path | None) -> list[tuple[str, dict[str, Any]]]:
    """The built-in file of ``name`` and the workspace's, in that order (either may be missing)."""
    out = []
    ref = resources.files("dm05").joinpath(f"{STYLES_DIR}/{name}.toml")
    if ref.is_file():
        out.append((f"dm05/styles/{name}.toml", tomlfile.loads(ref.read_text(encoding="utf-8"), f"dm05/styles/{name}.toml")))
    own = root / STYLES_DIR / f"{name}.toml" if root is not None else None
    if own is not None and own.is_file():
        try:
            text = own.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise WorkspaceError("style.invalid", file=str(own), detail=both("config.utf8")) from None
        out.append((str(own), tomlfile.loads(text, str(own))))
    return out


def _merged(name: str, root: Path | None, seen: tuple[str, ...] = ()) -> tuple[dict[str, Any], str]:
    """The profile's fields: its ``based_on`` profile's, then its own (table by table); and its file."""
    if name in seen:
        raise WorkspaceError("style.invalid", file=name, detail=both("style.cycle", chain=" → ".join((*seen, name))))
    files = _files(name, root)
    data: dict[str, Any] = {}
    for _, part in files:
        for key, value in part.items():
            data[key] = {**data[key], **value} if isinstance(value, dict) and isinstance(data.get(key), dict) else value
    base = data.pop("based_on", None)
    if base is not None:
        if base not in style_names(root):
            raise WorkspaceError("style.invalid", file=files[-1][0],
                                 detail=both("style.no_base", base=base, styles=", ".join(style_names(root))))
        start, _ = _merged(str(base), root, (*seen, name))
        for key, value in data.items():
            start[key] = {**start[key], **value} if isinstance(value, dict) and isinstance(start.get(key), dict) else value
        data = start
    data["name"] = name
    return data, files[-1][0]


def load_style(name: str, root: Path | None = None) -> StyleProfile:
    """The profile ``name``: built-in, or the workspace's ``styles/<name>.toml`` (over the built-in one of
    that name, if any); unknown names are an error listing the choices."""
    choices = style_names(root)
    if name not in choices:  # a name, never a path ("../catalogue/indicators")
        raise WorkspaceError("config.invalid", file=str(root / "dm05.toml") if root is not None else "dm05.toml",
                             detail=joined([same("report.style: "),
                                            both("config.no_style", name=name, styles=", ".join(choices))], ""))
    data, file = _merged(name, root)
    try:
        return StyleProfile.model_validate(data)
    except ValidationError as e:
        raise WorkspaceError("style.invalid", file=file, detail=problems(e, StyleProfile)) from None
