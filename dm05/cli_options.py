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


WorkspaceArg = Annotated[Path, typer.Argument(help="Thư mục làm việc (có dm05.toml). Workspace folder.",
                                              show_default=False)]
PeriodOpt = Annotated[str, typer.Option("--period", "-p", help="Kỳ báo cáo: 2026, 2026-H1, 2026-Q3, 2021-2025.",
                                        show_default=False)]
ForceOpt = Annotated[bool, typer.Option("--force", help="Ghi đè tệp kết quả đã có. Overwrite an existing output.")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Tệp kết quả. Output file.",
                                                   dir_okay=False, show_default=False)]
LangOpt = Annotated[LangChoice | None, typer.Option("--lang", envvar="DM05_LANG",
                                                 help="Ngôn ngữ thông báo: vi (mặc định) hoặc en.",
                                                 show_default=False)]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Không hiện thanh tiến trình. No progress bar.")]
