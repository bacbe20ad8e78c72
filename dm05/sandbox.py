"""The Jinja sandbox every template and narrative renders in, with a budget.

Jinja's ``SandboxedEnvironment`` stops templates reaching outside their data, but not exhausting the
machine: ``{{ 'x' * 10**10 }}``, ``{{ 9**(9**9) }}`` and nested loops are plain Python work. So:
``*`` and ``**`` are checked before they run (:meth:`BoundedSandbox.call_binop`), ``range`` is bounded per
call and per render, ``include``/``import``/``extends`` are refused when the template is parsed (a
template is one file), and the whole render runs under a time limit (``SIGALRM``, POSIX main thread) and
an address-space limit (``RLIMIT_AS``, POSIX). What a template still manages to raise (recursion, an
overflow, a division by zero) becomes a :class:`dm05.errors.TemplateError` naming the file and line.
On Windows the time and memory limits are not enforced; the operator and range bounds still are.
"""

from __future__ import annotations

import math
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from jinja2 import nodes
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from dm05.messages import both, same

MAX_REPEAT = 1_000_000  # items or characters one ``*`` may make
MAX_POWER_BITS = 4096  # bits of an integer one ``**`` may make
MAX_RANGE = 10_000  # items of one range()
MAX_RANGE_TOTAL = 100_000  # items of every range() of one render
RENDER_SECONDS = 60.0
RENDER_MB = 1024  # memory a render may take beyond what dm05 already uses

_REFUSED = {nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "import", nodes.Extends: "extends"}


class BudgetExceeded(Exception):
    """A render took longer than its time budget."""


class Refused(SecurityError):
    """An operation the budget refuses, with its words from the catalogue (``both(...)``)."""

    def __init__(self, words: dict[str, str]) -> None:
        super().__init__(words["en"])
        self.words = words


class RefusedSyntax(TemplateSyntaxError):
    """A tag a template may not use (include, import, extends), with its words from the catalogue."""

    def __init__(self, words: dict[str, str], lineno: int, name: str | None, filename: str | None) -> None:
        super().__init__(words["en"], lineno, name, filename)
        self.words = words


class BoundedSandbox(SandboxedEnvironment):
    """A sandbox whose templates cannot include others, nor multiply, raise to a power or loop beyond
    reason."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._range_left = MAX_RANGE_TOTAL
        self.globals["range"] = self._range

    def _range(self, *args: int) -> range:
        r = range(*args)
        if len(r) > MAX_RANGE or len(r) > self._range_left:
            raise Refused(both("sandbox.range", n=len(r)))
        self._range_left -= len(r)
        return r

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, bytes, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_REPEAT:
                    raise Refused(both("sandbox.repeat", n=MAX_REPEAT))
        if (operator == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0
                and right * math.log2(abs(left)) > MAX_POWER_BITS):
            raise Refused(both("sandbox.power"))
        return super().call_binop(context, operator, left, right)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        for node in tree.find_all(tuple(_REFUSED)):
            word = _REFUSED[type(node)]
            raise RefusedSyntax(both("sandbox.refused", word=word), node.lineno, name, filename)
        return tree


# What a template's own code may raise while rendering: the template's fault, named with its line.
RENDER_FAILURES = (ArithmeticError, RecursionError, MemoryError, TypeError, ValueError, LookupError,
                   AttributeError, BudgetExceeded)


def failure_text(e: BaseException) -> dict[str, str]:
    """A render failure in words, both languages: dm05's own refusals from the catalogue; what Jinja or the
    template's Python raised is quoted as it is (its type and message, for the template's author)."""
    words = getattr(e, "words", None)
    if isinstance(words, dict):
        return words
    if isinstance(e, RecursionError):
        return both("sandbox.recursion")
    if isinstance(e, MemoryError):
        return both("sandbox.memory", mb=RENDER_MB)
    if isinstance(e, BudgetExceeded):
        return both("sandbox.time", seconds=f"{RENDER_SECONDS:g}")
    quoted = f"{type(e).__name__}: {str(e)[:200]}"
    return same(quoted)


def template_line(e: BaseException, filename: str = "<template>") -> int | None:
    """The template line a render failure happened at (Jinja maps its frames to template lines)."""
    line = None
    tb: TracebackType | None = e.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _timeout(signum: int, frame: object) -> None:
    raise BudgetExceeded


@contextmanager
def budget(seconds: float | None = None, megabytes: float | None = None) -> Iterator[None]:
    """Run the block under a time limit and an address-space limit, where the platform allows."""
    seconds = RENDER_SECONDS if seconds is None else seconds
    megabytes = RENDER_MB if megabytes is None else megabytes
    timed = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    previous = None
    if timed:
        previous = signal.signal(signal.SIGALRM, _timeout)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    restore = _cap_memory(megabytes)
    try:
        yield
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        if restore is not None:
            restore()


def _cap_memory(megabytes: float) -> Any:
    try:
        import resource

        with open("/proc/self/statm") as f:
            used = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):  # Windows, or no /proc: not enforced
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = used + int(megabytes * 1024 * 1024)
    if soft != resource.RLIM_INFINITY and soft <= limit:
        return None
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        return None
    return lambda: resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
