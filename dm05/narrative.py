"""The words of a report: a small Markdown-like Jinja text rendered in a sandbox into typed blocks.

Syntax: ``# `` section (I.), ``## `` subsection (1.), ``### `` point (a)), ``> `` a place the clerk must
complete (shown in italics), ``@bang_tong_hop`` the summary table, ``@bang_theo_nam`` the per-year table of a
multi-year review, blank lines between paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jinja2 import StrictUndefined
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.sandbox import SandboxedEnvironment

from dm05.errors import TemplateError
from dm05.messages import both, joined, same
from dm05.sandbox import RENDER_FAILURES, BoundedSandbox, budget, failure_text, template_line

TABLE_MARK = "@bang_tong_hop"
YEARS_MARK = "@bang_theo_nam"


@dataclass
class Block:
    kind: str  # h1 h2 h3 p todo table years
    text: str = ""
    rows: list[dict[str, str]] = field(default_factory=list)


def _capfirst(s: str) -> str:
    return s[:1].upper() + s[1:]


def text_env() -> SandboxedEnvironment:
    """The sandbox for plain-text templates (narratives, subject lines): no autoescape, strict names,
    bounded work (:mod:`dm05.sandbox`)."""
    env = BoundedSandbox(undefined=StrictUndefined, keep_trailing_newline=True,
                         trim_blocks=True, lstrip_blocks=True)
    env.filters["capfirst"] = _capfirst
    return env


def render_text(source: str, context: dict[str, Any], name: str) -> str:
    try:
        with budget():
            return text_env().from_string(source).render(context)
    except JinjaTemplateError as e:
        raise TemplateError("template.error", template=name, detail=joined(
            [failure_text(e), _where(source, getattr(e, "lineno", None) or template_line(e))], "")) from None
    except RENDER_FAILURES as e:
        raise TemplateError("template.error", template=name,
                            detail=joined([failure_text(e), _where(source, template_line(e))], "")) from None


def _where(source: str, line: int | None) -> dict[str, str]:
    """" — dòng 12: «…»": the narrative line a failure happened at, as the clerk wrote it."""
    lines = source.splitlines()
    if not line or not 0 < line <= len(lines):
        return same("")
    return both("template.line_text", line=line, text=lines[line - 1].strip()[:80])


def parse_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Block("p", " ".join(para)))
            para.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        for prefix, kind in (("### ", "h3"), ("## ", "h2"), ("# ", "h1"), ("> ", "todo")):
            if line.startswith(prefix):
                flush()
                blocks.append(Block(kind, line[len(prefix):].strip()))
                break
        else:
            if line in (TABLE_MARK, YEARS_MARK):
                flush()
                blocks.append(Block("table" if line == TABLE_MARK else "years"))
            elif line.startswith(("- ", "+ ")):
                flush()
                blocks.append(Block("p", line))
            else:
                para.append(line)
    flush()
    return blocks
