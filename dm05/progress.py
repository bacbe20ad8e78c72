"""How long work tells the caller where it is: a callback ``(done, total, label)`` with a no-op default,
so that library modules never import rich or typer."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int, str], None]


def no_progress(done: int, total: int, label: str) -> None:
    return None
