"""Options shared by several commands, declared once."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer


class LangChoice(str, Enum):
    """The values ``--lang`` accepts; the CLI turns them into dm05.messages.Lang."""

    vi = "vi"
    en = "en"


# their help is in the catalogue (dm05.messages.HELP, "*.<name>"), in both languages
WorkspaceArg = Annotated[Path, typer.Argument(show_default=False)]
PeriodOpt = Annotated[str, typer.Option("--period", "-p", show_default=False)]
ForceOpt = Annotated[bool, typer.Option("--force")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", dir_okay=False, show_default=False)]
LangOpt = Annotated[LangChoice | None, typer.Option("--lang", envvar="DM05_LANG", show_default=False)]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q")]
