"""The workspace files dm05 writes for the clerk — ``receipts.csv``, ``explanations.toml``,
``approvals.toml``: plain text a person reads, corrects and backs up with the rest of the workspace.

dm05 never loses a clerk's edit to them. It only ever *appends*: the file is read again just before
writing, checked (a line the clerk broke stops the command with the file and the line, and the file is
left as it was), then written back byte for byte as it was with the new lines after it, through a
temporary file renamed into place (:func:`dm05.output.write_atomic`). Its encoding mark and line endings
are kept. The one edit inside a clerk's text — binding a hand-written explanation to its figure — adds a
line under the entry's header and is written only when the file then parses to the same entries.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from dm05.errors import WorkspaceError
from dm05.messages import both
from dm05.output import write_atomic

BOM = b"\xef\xbb\xbf"


def read_text(path: Path) -> str | None:
    """The file's text (UTF-8, with or without BOM), or None when there is no file."""
    raw = _read_bytes(path)
    return None if raw is None else _decode(raw, path)


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise WorkspaceError("wsfile.unreadable", file=str(path), detail=e.strerror or str(e)) from None


def _decode(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[:e.start].count(b"\n") + 1
        raise WorkspaceError("wsfile.invalid", file=str(path), line=line,
                             detail=both("config.utf8")) from None


def append(path: Path, addition: str, check: Callable[[str], object], new_file: str = "", bom: bool = False) -> None:
    """Add ``addition`` (lines ending in ``\\n``) at the end of ``path``, after checking the file as it is
    now with ``check`` (which raises on a line the clerk broke). A new file starts with ``new_file``
    (a header, a comment for the clerk), with a BOM when ``bom`` (Excel needs it to read UTF-8 CSV)."""
    raw = _read_bytes(path) or b""
    check(_decode(raw, path))
    newline = "\r\n" if b"\r\n" in raw else "\n"
    if not raw:
        head = (BOM if bom else b"") + new_file.replace("\n", newline).encode("utf-8")
        write_atomic(path, head + addition.replace("\n", newline).encode("utf-8"), force=True)
        return
    gap = b"" if raw.endswith(b"\n") else newline.encode()
    write_atomic(path, raw + gap + addition.replace("\n", newline).encode("utf-8"), force=True)


def replace_text(path: Path, before: str, after: str) -> None:
    """Write ``after`` over ``path`` only if the file still reads ``before`` (re-read just now)."""
    raw = _read_bytes(path)
    if raw is None or _decode(raw, path) != before:
        return
    write_atomic(path, (BOM if raw.startswith(BOM) else b"") + after.encode("utf-8"), force=True)


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped, one line."""
    out = []
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else toml_string(key)


def toml_time(when: datetime) -> str:
    """An offset date-time TOML reads back as the same moment: 2026-12-03T09:15:00+07:00."""
    return when.isoformat(timespec="seconds")


def header_lines(text: str, table: str) -> list[int]:
    """The 1-based lines of each ``[[table]]`` header, outside multi-line strings: where a clerk finds
    the N-th entry. A header inside a multi-line string is no header (tomllib agrees)."""
    pattern = re.compile(r"^\s*\[\[\s*" + re.escape(table) + r"\s*\]\]\s*(#.*)?$")
    lines, quote = [], ""
    for number, line in enumerate(text.splitlines(), 1):
        if not quote and pattern.match(line):
            lines.append(number)
        quote = _quote_state(line, quote)
    return lines


def _quote_state(line: str, quote: str) -> str:
    """Whether a multi-line string (''' or \"\"\") is still open at the end of ``line``."""
    i = 0
    while i < len(line):
        if quote:
            if quote == '"""' and line[i] == "\\":
                i += 2
                continue
            if line.startswith(quote, i):
                quote, i = "", i + 3
                continue
            i += 1
            continue
        ch = line[i]
        if ch == "#":
            break
        if line.startswith('"""', i) or line.startswith("'''", i):
            quote, i = line[i:i + 3], i + 3
            continue
        if ch in "\"'":
            end = i + 1
            while end < len(line) and line[end] != ch:
                end += 2 if ch == '"' and line[end] == "\\" else 1
            i = end + 1
            continue
        i += 1
    return quote


def error_line(e: Exception) -> int:
    """The line a tomllib error names ("… (at line 3, column 5)"; Python 3.14 also sets ``lineno``)."""
    line = getattr(e, "lineno", None)
    if isinstance(line, int):
        return line
    match = re.search(r"at line (\d+)", str(e))
    return int(match.group(1)) if match else 0


def line_of(lines: list[int], index: int) -> int:
    """The line of the ``index``-th entry (0-based), or 0 when it cannot be told."""
    return lines[index] if 0 <= index < len(lines) else 0


def parse_time(value: object) -> datetime | None:
    """A moment as a clerk may type it, or TOML gives it: an offset date-time, a local date-time or a
    date (then midnight), ``2026-12-03``, ``2026-12-03 09:15``, ``03/12/2026 09:15``. A moment without a
    UTC offset is in this computer's zone. None when it is none of these."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.astimezone()
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day).astimezone()
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?", text)
        if not match:
            return None
        d, m, y, hh, mm, ss = match.groups()
        try:
            when = datetime(int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
        except ValueError:
            return None
    return when if when.tzinfo else when.astimezone()
