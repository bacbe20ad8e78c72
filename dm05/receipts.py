"""Receipts: when each file of an inbox arrived, what it was then, and what became of it.

``dm05 receive WS --period P FILE…`` copies files into ``inbox/P/`` (the originals are only read) and
writes one line per file to ``receipts.csv`` in the workspace: the file as findings name it, the moment
it was received, how (``received``), its size, SHA-256 and the original's path. A file placed in the
inbox by hand is recorded the first time any command sees it (``found``, at that moment). A file whose
bytes differ from its last receipt gets a new line (``changed``). A file received through ``dm05
receive`` whose bytes are no longer those it was received with is a ``file.changed`` warning naming both
receipts, until it is explained (a resent correction: dm05 explain-finding) or received again; a file
placed by hand was never formally received, and its changes are recorded without a warning.

``receipts.csv`` is the clerk's as much as dm05's: a clerk who copied a file from an email days after it
came may correct its ``received_at`` to the email's date (``2026-12-03``, ``2026-12-03 09:15``,
``03/12/2026`` or ISO 8601 with an offset). dm05 only appends to it (:mod:`dm05.wsfiles`).
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from dm05 import wsfiles
from dm05.errors import InputError, OutputError, WorkspaceError
from dm05.findings import Finding, finding
from dm05.messages import both

RECEIPTS_FILE = "receipts.csv"
COLUMNS = ("file", "received_at", "how", "size", "sha256", "original")
HOW = ("received", "found", "changed")


def now() -> datetime:
    """This moment in this computer's zone, to the second (tests replace it)."""
    return datetime.now().astimezone().replace(microsecond=0)


@dataclass(frozen=True)
class Receipt:
    file: str  # as findings name it: inbox/2026/x.xlsx
    received_at: datetime
    how: str  # one of HOW
    size: int
    sha256: str
    original: str = ""  # the path it was copied from (dm05 receive)
    line: int = 0  # its line in receipts.csv

    @property
    def period(self) -> str:
        parts = PurePosixPath(self.file).parts
        return parts[1] if len(parts) > 2 and parts[0] == "inbox" else ""

    def describe(self) -> dict[str, str]:
        """``03/12/2026 09:15 (received, SHA-256 1a2b3c4d5e6f…)`` — a receipt as a message quotes it, in
        both languages (the message picks one)."""
        when, digest = f"{self.received_at:%d/%m/%Y %H:%M}", f"SHA-256 {self.sha256[:12]}…"
        return both("receipt.describe", when=when, how=both("receipt.how." + self.how), digest=digest)

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "received_at": wsfiles.toml_time(self.received_at), "how": self.how,
                "size": self.size, "sha256": self.sha256, "original": self.original}


class Book:
    """Every receipt of a workspace, in the order they were written."""

    def __init__(self, rows: list[Receipt]) -> None:
        self.rows = rows
        self._by_file: dict[str, list[Receipt]] = {}
        for r in rows:
            self._by_file.setdefault(r.file, []).append(r)

    def history(self, file: str) -> list[Receipt]:
        return list(self._by_file.get(file, []))

    def latest(self, file: str) -> Receipt | None:
        rows = self._by_file.get(file)
        return rows[-1] if rows else None

    def arrivals(self) -> dict[str, datetime]:
        """When each file first arrived (its first receipt): the moment deadlines are measured by."""
        return {f: rows[0].received_at for f, rows in self._by_file.items()}


def _parse(text: str, source: str) -> list[Receipt]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[Receipt] = []
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        if not header:
            return rows
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise WorkspaceError("wsfile.invalid", file=source, line=1, detail=both(
                "csv.missing_columns", missing=", ".join(missing), required=",".join(COLUMNS)))
        at = {c: header.index(c) for c in COLUMNS}
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            cells = {c: (row[i].strip() if i < len(row) else "") for c, i in at.items()}
            rows.append(_receipt(cells, source, line))
    except csv.Error as e:
        raise WorkspaceError("wsfile.invalid", file=source, line=reader.line_num,
                             detail=both("csv.bad_line", detail=e)) from None
    return rows


def _receipt(cells: dict[str, str], source: str, line: int) -> Receipt:
    def bad(detail: dict[str, str]) -> WorkspaceError:
        return WorkspaceError("wsfile.invalid", file=source, line=line, detail=detail)

    if not cells["file"]:
        raise bad(both("receipts.no_file"))
    when = wsfiles.parse_time(cells["received_at"])
    if when is None:
        raise bad(both("receipts.bad_time", value=cells["received_at"]))
    if cells["how"] not in HOW:
        raise bad(both("receipts.bad_how", value=cells["how"], choices=", ".join(HOW)))
    if not cells["size"].isdigit():
        raise bad(both("receipts.bad_size", value=cells["size"]))
    sha = cells["sha256"].lower()
    if len(sha) != 64 or any(ch not in "0123456789abcdef" for ch in sha):
        raise bad(both("receipts.bad_sha", value=cells["sha256"]))
    return Receipt(cells["file"], when, cells["how"], int(cells["size"]), sha, cells["original"], line)


def load(root: Path) -> Book:
    """The workspace's receipts; a line the clerk broke is an error naming the file and the line."""
    path = root / RECEIPTS_FILE
    text = wsfiles.read_text(path)
    return Book(_parse(text, str(path)) if text else [])


def _lines(receipts: Iterable[Receipt], delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    for r in receipts:
        writer.writerow([r.file, wsfiles.toml_time(r.received_at), r.how, r.size, r.sha256, r.original])
    return buffer.getvalue()


def _write(root: Path, receipts: list[Receipt]) -> None:
    path = root / RECEIPTS_FILE
    text = wsfiles.read_text(path) or ""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    wsfiles.append(path, _lines(receipts, delimiter), lambda t: _parse(t, str(path)),
                   new_file=",".join(COLUMNS) + "\n", bom=True)


def observe(root: Path, seen: Sequence[tuple[str, str | None, int]], moment: datetime | None = None) -> list[Finding]:
    """Record the inbox files a command sees — ``(file, sha256, size)`` — that receipts.csv does not
    hold as they are now, and return a ``file.changed`` warning for each received file whose bytes are
    not those received. A receipts file that cannot be written is a note, never the end of the command."""
    book = load(root)
    when = moment or now()
    new = []
    for file, digest, size in seen:
        last = book.latest(file)
        if digest is None or (last is not None and last.sha256 == digest):
            continue
        new.append(Receipt(file, when, "found" if last is None else "changed", size, digest))
    findings: list[Finding] = []
    if new:
        try:
            _write(root, new)
        except OutputError as e:
            findings.append(finding("receipts.unsaved", RECEIPTS_FILE, detail=str(e.params.get("detail", ""))))
        book = Book(book.rows + new)
    for file, digest, _ in seen:
        changed = changed_finding(book.history(file), digest)
        if changed is not None:
            findings.append(changed)
    return findings


def changed_finding(history: list[Receipt], digest: str | None) -> Finding | None:
    """``file.changed`` when a file received through ``dm05 receive`` no longer has the bytes it was last
    received with: that receipt, and the first one of the bytes it has now."""
    received = [r for r in history if r.how == "received"]
    if digest is None or not received or received[-1].sha256 == digest:
        return None
    before = received[-1]
    after = next((r for r in history[history.index(before) + 1:] if r.sha256 == digest), None)
    if after is None:
        return None
    return finding("file.changed", after.file, before=before.describe(), after=after.describe(),
                   before_sha256=before.sha256, after_sha256=after.sha256)


def file_sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


@dataclass(frozen=True)
class Received:
    """What ``dm05 receive`` did with one file: copied it (``copied``) or found it there already."""

    receipt: Receipt
    copied: bool

    def to_json(self) -> dict[str, Any]:
        return {**self.receipt.to_json(), "copied": self.copied}


def free_name(folder: Path, name: str) -> str:
    """``x (2).xlsx``, ``x (3).xlsx`` …: the first name not taken in ``folder``."""
    stem, suffix = PurePosixPath(name).stem, PurePosixPath(name).suffix
    n = 2
    while (folder / f"{stem} ({n}){suffix}").exists():
        n += 1
    return f"{stem} ({n}){suffix}"


def receive(root: Path, inbox: Path, sources: list[Path], as_name: str | None = None,
            moment: datetime | None = None) -> list[Received]:
    """Copy ``sources`` into ``inbox`` and record their receipts. Nothing is copied unless every file can
    be: a name already in the inbox with other bytes is refused with a free name to suggest (never
    overwritten); the same bytes under the same name are already received. The originals are only read."""
    from dm05.isolation import shown
    from dm05.output import write_batch
    from dm05.workspace import DATA_SUFFIXES

    if as_name is not None and len(sources) != 1:
        raise InputError("receive.as_many", count=len(sources))
    if as_name is not None and (PurePosixPath(as_name.replace("\\", "/")).name != as_name or as_name in (".", "..")
                                or not as_name.lower().endswith(DATA_SUFFIXES)):
        raise InputError("receive.bad_name", name=as_name)
    book = load(root)
    when = moment or now()
    results: list[Received | None] = []
    plan: list[tuple[int, Receipt, Path, bytes | None]] = []  # (position in results, receipt, target, bytes to copy)
    names: dict[str, Path] = {}
    for source in sources:
        if not source.is_file():
            raise InputError("input.not_found", path=str(source))
        if not source.name.lower().endswith(DATA_SUFFIXES):
            raise InputError("receive.not_data", path=str(source))
        name = as_name or source.name
        if name in names:
            raise InputError("receive.same_name", name=name, first=str(names[name]), second=str(source))
        names[name] = source
        data = source.read_bytes()
        target = inbox / name
        display = shown(target.relative_to(root).as_posix())
        receipt = Receipt(display, when, "received", len(data), hashlib.sha256(data).hexdigest(),
                          shown(str(source.resolve())))
        last = book.latest(display)
        if target.exists():
            if file_sha256(target) != receipt.sha256:
                raise InputError("receive.exists", target=display, source=str(source), suggestion=free_name(inbox, name),
                                 when=last.received_at.strftime("%d/%m/%Y %H:%M") if last else "?")
            # the same bytes: already received, or placed (or changed) by hand and received now
            formal = [r for r in book.history(display) if r.how == "received"]
            results.append(Received(formal[-1], False) if formal and formal[-1].sha256 == receipt.sha256 else None)
            if results[-1] is None:
                plan.append((len(results) - 1, receipt, target, None))
            continue
        results.append(None)
        plan.append((len(results) - 1, receipt, target, data))
    copies = [(target, data) for _, _, target, data in plan if data is not None]
    write_batch(copies, force=False)
    for position, receipt, _, copy in plan:
        results[position] = Received(receipt, copy is not None)
    if plan:
        _write(root, [receipt for _, receipt, _, _ in plan])
    return [r for r in results if r is not None]
