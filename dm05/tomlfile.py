"""Reading a workspace TOML file: a syntax error, or nesting beyond reason, is one line naming the file."""

from __future__ import annotations

import tomllib
from typing import Any

from dm05.config_errors import toml_problem
from dm05.errors import WorkspaceError
from dm05.messages import both

MAX_DEPTH = 100  # arrays and inline tables nested deeper than any configuration needs


def loads(text: str, file: str) -> dict[str, Any]:
    """Parse ``text``; tomllib recurses once per level of nesting, so a 5,000-deep array is refused here
    (with its line) instead of ending in RecursionError."""
    line = _too_deep(text)
    if line is not None:
        raise WorkspaceError("config.syntax", file=file, detail=both("toml.too_deep", line=line, depth=MAX_DEPTH))
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise WorkspaceError("config.syntax", file=file, detail=toml_problem(str(e), text)) from None
    except RecursionError:
        raise WorkspaceError("config.syntax", file=file, detail=both("toml.recursion")) from None


def _too_deep(text: str) -> int | None:
    """The line where brackets and braces first nest beyond MAX_DEPTH, outside strings and comments."""
    depth, line, quote, i = 0, 1, "", 0
    while i < len(text):
        ch = text[i]
        if ch == "\n":
            line += 1
        if quote:
            if ch == "\\" and quote == '"':
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            nl = text.find("\n", i)
            i = len(text) if nl < 0 else nl
            continue
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif ch in "]}":
            depth = max(0, depth - 1)
        i += 1
    return None
