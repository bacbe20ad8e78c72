"""Style profiles: every layout number of a party document, kept as data (dm05/styles/*.toml)."""

from __future__ import annotations

import tomllib
from importlib import resources

from pydantic import BaseModel, ConfigDict

from dm05.errors import WorkspaceError
from dm05.messages import both


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
    page: Page
    font: Font
    size: Size
    body: Body


def style_names() -> list[str]:
    """The built-in style profiles, by name."""
    return sorted(p.name.removesuffix(".toml") for p in resources.files("dm05").joinpath("styles").iterdir()
                  if p.name.endswith(".toml"))


def load_style(name: str) -> StyleProfile:
    ref = resources.files("dm05").joinpath(f"styles/{name}.toml")
    if not ref.is_file():
        raise WorkspaceError("config.invalid", file="dm05.toml",
                             detail=both("config.no_style", name=name, styles=", ".join(style_names())))
    return StyleProfile.model_validate(tomllib.loads(ref.read_text(encoding="utf-8")))
