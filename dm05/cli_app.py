"""The click layer under dm05's typer app: help and usage mistakes in the user's language.

typer draws help in rich panels with English headings and metavars such as ``<bool>``, and a mistyped option as
an English box of several lines. A clerk gets neither here: every command made with :class:`Dm05Typer` writes its
help from the catalogue (``dm05.messages.HELP``) in the language asked for, and every usage mistake — unknown
command or option, missing argument, bad value, a mistyped choice — is one line from the catalogue, with the
"did you mean" that click computes, and exit code 2.

The language is read from the command line itself (``--lang en`` anywhere, else ``DM05_LANG``), because help and
most usage mistakes happen before any option has been parsed.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from difflib import get_close_matches
from enum import Enum
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.text import Text
from typer.core import TyperCommand, TyperGroup

from dm05.errors import EXIT_USAGE, Dm05Error
from dm05.messages import HELP, Lang, default_lang, error_text, text

# click's exceptions, wherever this typer takes them from (it vendors click in newer releases)
_click: Any = importlib.import_module(typer.BadParameter.__module__)

USAGE_MISTAKE: type[Exception] = _click.ClickException  # said by Dm05Group in one line, never "internal error"
_LANG: ContextVar[Lang | None] = ContextVar("dm05_lang", default=None)
ROOT = "dm05"  # what a clerk types, whatever the program was started as (python -m dm05, dm05.exe)


def language_of(args: Sequence[str]) -> Lang:
    """``--lang en`` or ``--lang=en`` anywhere on the command line, else DM05_LANG, else Vietnamese."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = arg.partition("=")[2] if arg.startswith("--lang=") else (
            args[i + 1] if arg == "--lang" and i + 1 < len(args) else None)
        if value in ("vi", "en"):
            return "en" if value == "en" else "vi"
    return default_lang()


def current_lang() -> Lang:
    """The language of this run: the command line's, while a command runs; else the environment's."""
    return _LANG.get() or default_lang()


def say_error(console: Console, message: str, lang: Lang) -> None:
    """One line on stderr: "Lỗi: …" (the terminal may wrap it; dm05 never breaks it)."""
    line = Text(text("cli.error", lang) + ": ", style="bold red")
    line.append(message)
    console.print(line, soft_wrap=True, highlight=False)


# ---- what a parameter is, on any typer (newer ones describe it by its annotation, older by click's type)

def _annotation(p: Any) -> Any:
    return getattr(getattr(p, "type_descriptor", None), "annotation", None)


def _is_flag(p: Any) -> bool:
    return bool(getattr(p, "is_flag", False)) or _annotation(p) is bool


def _is_option(p: Any) -> bool:
    return any(o.startswith("-") for o in p.opts)


def _choices(p: Any) -> list[str] | None:
    ann = _annotation(p)
    if isinstance(ann, type) and issubclass(ann, Enum):
        return [str(m.value) for m in ann]
    found = getattr(getattr(p, "type", None), "choices", None)
    return [str(getattr(c, "value", c)) for c in found] if found else None


def _is_int(p: Any) -> bool:
    return _annotation(p) is int or getattr(getattr(p, "type", None), "name", "") == "integer"


def _long_name(p: Any) -> str:
    return next((o for o in p.opts if o.startswith("--")), p.opts[0])


def _help(key: str, lang: Lang) -> str | None:
    entry = HELP.get(key)
    return None if entry is None else entry[1 if lang == "en" else 0]


def param_help(path: str, p: Any, lang: Lang) -> str:
    """A parameter's help: its command's own entry, else the entry shared by every command."""
    return _help(f"{path}.{p.name}", lang) or _help(f"*.{p.name}", lang) or ""


def _brief(path: str, p: Any, lang: Lang) -> str:
    """A parameter's help inside a sentence of an error: without its closing full stop."""
    return param_help(path, p, lang).rstrip(".")


def metavar(path: str, p: Any, lang: Lang) -> str:
    """What goes in the value's place: choices as they are typed (table|json), else a word in the language."""
    choices = _choices(p)
    if choices:
        return "|".join(choices)
    word = _help(f"metavar.{path}.{p.name}", lang) or _help(f"metavar.{p.name}", lang)
    if word is None:
        word = text("help.number", lang) if _is_int(p) else p.name.upper()
    return word


def command_path(ctx: Any) -> str:
    """``dm05 template export``: the names of the commands from the root, however the program was started."""
    names = []
    while ctx is not None:
        names.append(ctx.command.name or "")
        ctx = ctx.parent
    return " ".join([ROOT, *reversed(names[:-1])])


def examples(path: str, lang: Lang) -> list[str]:
    return [line for line in (_help(f"{path}:examples", lang) or "").splitlines() if line.strip()]


# ---- help

def _default_shown(p: Any) -> str | None:
    if _is_flag(p) or p.required or getattr(p, "show_default", True) is False:
        return None
    default = p.default
    if default is None or callable(default) or default == ():
        return None
    return str(getattr(default, "value", default))


def _usage_pieces(path: str, cmd: Any, lang: Lang) -> list[str]:
    pieces = [text("help.options_metavar", lang)]
    for p in cmd.params:
        if _is_option(p) or getattr(p, "hidden", False):
            continue
        word = metavar(path, p, lang) + ("..." if p.nargs == -1 else "")
        pieces.append(word if p.required else f"[{word}]")
    if isinstance(cmd, TyperGroup):
        pieces.append(text("help.command_metavar", lang))
    return pieces


def write_help(cmd: Any, ctx: Any, formatter: Any) -> None:
    """The help of a command or group, in the run's language, in click's plain layout."""
    lang = current_lang()
    path = command_path(ctx)
    formatter.write_usage(path, " ".join(_usage_pieces(path, cmd, lang)), text("help.usage", lang) + " ")
    described = _help(path, lang) or ""
    if described:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(described)
    arguments = [p for p in cmd.params if not _is_option(p) and not getattr(p, "hidden", False)]
    if arguments:
        with formatter.section(text("help.arguments", lang)):
            formatter.write_dl([(metavar(path, p, lang), param_help(path, p, lang)) for p in arguments])
    options = [p for p in cmd.get_params(ctx) if _is_option(p) and not getattr(p, "hidden", False)]
    rows = []
    for p in options:
        names = ", ".join(sorted(p.opts, key=lambda o: (o.startswith("--"), o)))
        if not _is_flag(p):
            names += " " + metavar(path, p, lang)
        extra = []
        shown = _default_shown(p)
        if shown is not None:
            extra.append(text("help.default", lang, value=shown))
        if p.required:
            extra.append(text("help.required", lang))
        rows.append((names, " ".join([param_help(path, p, lang), *(f"[{x}]" for x in extra)]).strip()))
    with formatter.section(text("help.options", lang)):
        formatter.write_dl(rows)
    if isinstance(cmd, TyperGroup):
        listed = [(name, sub) for name, sub in cmd.commands.items() if not sub.hidden]
        with formatter.section(text("help.commands", lang)):
            formatter.write_dl([(name, _first_sentence(_help(f"{path} {name}", lang) or "")) for name, _ in listed])
    lines = examples(path, lang)
    if lines:
        with formatter.section(text("help.examples", lang)):
            for line in lines:
                formatter.write(f"{'':>{formatter.current_indent}}{line}\n")
    if isinstance(cmd, TyperGroup):
        formatter.write_paragraph()
        formatter.write_text(text("help.more", lang, command=path))


def _first_sentence(s: str) -> str:
    m = re.match(r"(.+?[.:])(\s|$)", s)
    return m.group(1).rstrip(":.") if m else s


# ---- usage mistakes

class NoSuchCommand(_click.UsageError):
    """A word where a command should be that names none."""

    def __init__(self, name: str, ctx: Any) -> None:
        super().__init__(f"No such command {name!r}.", ctx)
        self.name = name


def _walk(root: Any, argv: Sequence[str]) -> tuple[str, Any, list[str]]:
    """The command ``argv`` names (its path and the words after it), following command names from the root."""
    path, cmd, i = ROOT, root, 0
    while isinstance(cmd, TyperGroup) and i < len(argv):
        word = argv[i]
        if word.startswith("-"):
            i += 1
            continue
        sub = cmd.commands.get(word)
        if sub is None:
            break
        path, cmd, i = f"{path} {word}", sub, i + 1
    return path, cmd, list(argv[i:])


def _given(p: Any, words: Sequence[str]) -> str | None:
    """The value typed for option ``p`` (the last one, as click takes), or its environment variable's."""
    found = None
    for i, w in enumerate(words):
        for opt in p.opts:
            if w == opt and i + 1 < len(words):
                found = words[i + 1]
            elif opt.startswith("--") and w.startswith(opt + "="):
                found = w[len(opt) + 1:]
            elif not opt.startswith("--") and w.startswith(opt) and len(w) > len(opt):
                found = w[len(opt):]
    if found is None and getattr(p, "envvar", None):
        found = os.environ.get(p.envvar)
    return found


def did_you_mean(word: str, candidates: Sequence[str], lang: Lang, close: Sequence[str] | None = None) -> str:
    """" Có phải «validate»?": the candidates nearest ``word`` (or those click found, ``close``), if any."""
    close = list(close) if close else get_close_matches(word, list(candidates), n=3, cutoff=0.6)
    quoted = ", ".join(text("usage.choice", lang, choice=c) for c in close)
    return text("usage.did_you_mean", lang, choices=quoted) if close else ""


def usage_line(e: Any, root: Any, argv: Sequence[str], lang: Lang) -> str:
    """A click usage error as one line of the catalogue."""
    path, cmd, rest = _walk(root, argv)
    example = (examples(path, lang) or [""])[0]

    def err(code: str, **params: object) -> str:
        return error_text(code, lang, {"command": path, "example": example, **params})

    if isinstance(e, NoSuchCommand):
        names = [n for n, c in cmd.commands.items() if not c.hidden]
        return err("usage.no_command", name=e.name, hint=did_you_mean(e.name, names, lang), commands=", ".join(names))
    if isinstance(e, _click.NoSuchOption):
        known = [o for p in cmd.params for o in p.opts if o.startswith("-")] + ["--help"]
        possible = sorted(getattr(e, "possibilities", None) or [])
        return err("usage.no_option", option=e.option_name, hint=did_you_mean(e.option_name, known, lang, possible))
    if isinstance(e, _click.MissingParameter) and e.param is not None:
        p = e.param
        if _is_option(p):
            return err("usage.missing_option", option=_long_name(p), metavar=metavar(path, p, lang),
                       help=_brief(path, p, lang))
        return err("usage.missing_argument", metavar=metavar(path, p, lang), help=_brief(path, p, lang))
    if isinstance(e, _click.BadParameter) and e.param is not None:
        p = e.param
        name = _long_name(p) if _is_option(p) else metavar(path, p, lang)
        value = _given(p, rest) if _is_option(p) else None
        choices = _choices(p)
        if choices:
            return err("usage.bad_choice", option=name, value=value or "", choices=", ".join(choices),
                       hint=did_you_mean(value or "", choices, lang))
        if _is_int(p):
            return err("usage.bad_number", option=name, value=value or "")
        if value is not None and Path(value).is_dir():
            return err("usage.is_folder", option=name, value=value)
        return err("usage.bad_value", option=name, value=value or "", help=_brief(path, p, lang))
    if isinstance(e, _click.BadOptionUsage):
        p = next((p for p in cmd.params if e.option_name in p.opts), None)
        if p is not None and _is_flag(p):
            return err("usage.no_value", option=e.option_name)
        return err("usage.needs_value", option=e.option_name,
                   metavar=metavar(path, p, lang) if p is not None else "",
                   help=_brief(path, p, lang) if p is not None else "")
    extra = re.search(r"unexpected extra argument\S* \((.*)\)", e.format_message())
    if extra:
        return err("usage.extra_args", args=extra.group(1))
    return err("usage.other", detail=e.format_message())


class Dm05Command(TyperCommand):
    """A command whose help comes from the catalogue, in the run's language."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        write_help(self, ctx, formatter)


class Dm05Group(TyperGroup):
    """dm05 itself: usage mistakes of any command below it become one line in the user's language."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        write_help(self, ctx, formatter)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None \
                and not ctx.resilient_parsing:
            raise NoSuchCommand(args[0], ctx)
        return super().resolve_command(ctx, args)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,  # type: ignore[override]
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        token = _LANG.set(language_of(argv))
        try:
            if not standalone_mode:
                return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            sys.exit(self._run(args, argv, prog_name, complete_var, extra))
        finally:
            _LANG.reset(token)

    def _run(self, args: Sequence[str] | None, argv: list[str], prog_name: str | None, complete_var: str | None,
             extra: dict[str, Any]) -> int:
        lang = current_lang()
        err = Console(stderr=True)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _click.ClickException as e:
            if type(e).__name__ == "NoArgsIsHelpError":  # dm05 (or dm05 template) alone: the help is the answer
                e.show()
                return int(e.exit_code)
            if not isinstance(e, _click.UsageError):
                say_error(err, e.format_message(), lang)
                return int(e.exit_code)
            say_error(err, usage_line(e, self, argv, lang), lang)
            return EXIT_USAGE
        except typer.Abort:
            err.print(text("cli.stopped", lang), highlight=False)
            return 1
        except Dm05Error as e:  # raised while options were read (a callback), before any command body ran
            say_error(err, e.message(lang), lang)
            return e.exit_code
        return rv if isinstance(rv, int) else 0


class Dm05Typer(typer.Typer):
    """typer.Typer whose groups and commands speak the catalogue's languages (dm05's defaults set once)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", Dm05Group)
        kwargs.setdefault("rich_markup_mode", None)
        kwargs.setdefault("pretty_exceptions_enable", False)
        kwargs.setdefault("add_completion", False)
        kwargs.setdefault("context_settings", {"help_option_names": ["-h", "--help"]})
        super().__init__(**kwargs)

    def command(self, name: str | None = None, *, cls: type[TyperCommand] | None = None,
                **kwargs: Any) -> Callable[[Any], Any]:
        return super().command(name, cls=cls or Dm05Command, **kwargs)
