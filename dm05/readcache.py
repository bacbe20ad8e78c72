"""What reading a file gave, kept between commands: a clerk runs ``validate``, then ``aggregate``, then
``report`` on the same inbox, and last year's inbox does not change at all, so each file is read once
and not once per command.

A file's entry is found by the SHA-256 of its bytes and the name it is shown by; a period's entries are
valid only for one *context*: the bytes of dm05's own code and catalogues, of the workspace's dm05.toml,
units.csv, indicators.toml, unit_changes.csv and vocabulary.toml, the workspace's place and the period.
Change any of them and the period is read again. A file whose reading failed for a reason outside the
file (permissions, a crashed or stopped reader, a bug of dm05) is not kept: it is tried again next time.

The entries live in the user's cache folder (``platformdirs.user_cache_dir("dm05")``, or
``DM05_CACHE_DIR``), never in the workspace: a workspace is copied and sent between people, and a cache
file is a pickle, which only its own user should ever load. ``DM05_NO_CACHE=1`` turns the cache off;
deleting the folder is always safe. A cache that cannot be read or written is no error: the files are
read as if it were not there.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from functools import lru_cache
from pathlib import Path

from dm05.ingest import FileResult
from dm05.output import write_atomic

FORMAT = 1  # bump when FileResult's pickled shape changes in a way the code digest would not catch
KEEP_DAYS = 60  # a period's cache not used for this long is removed
NOT_KEPT = frozenset({"file.unreadable", "file.internal_error"})  # failures that may not be the file's


def enabled() -> bool:
    return os.environ.get("DM05_NO_CACHE", "").strip().lower() in ("", "0", "no", "false")


def cache_dir() -> Path:
    override = os.environ.get("DM05_CACHE_DIR", "").strip()
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("dm05", appauthor=False))


@lru_cache(maxsize=1)
def code_digest() -> bytes:
    """The bytes of dm05's own modules and catalogues: a new version, or a maintainer's edit, reads again."""
    package = Path(__file__).resolve().parent
    h = hashlib.sha256(str(FORMAT).encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".toml", ".csv") and "__pycache__" not in path.parts:
            h.update(path.relative_to(package).as_posix().encode())
            h.update(b"\0")
            h.update(path.read_bytes())
            h.update(b"\0")
    return h.digest()


def context_digest(root: Path, period_id: str, sources: list[Path]) -> str:
    """The context a period's entries are valid for (see the module's docstring)."""
    h = hashlib.sha256(code_digest())
    h.update(str(root.resolve()).encode("utf-8", "surrogateescape"))
    h.update(b"\0" + period_id.encode() + b"\0")
    for path in sources:
        h.update(path.name.encode() + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"<absent>")
        h.update(b"\0")
    return h.hexdigest()


def file_digest(path: Path) -> str | None:
    try:
        with path.open("rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


class ReadCache:
    """The entries of one period of one workspace: loaded when made, saved by :meth:`save` if changed."""

    def __init__(self, context: str, period_id: str, folder: Path | None = None) -> None:
        self.context = context
        self.folder = folder if folder is not None else cache_dir()
        self.path = self.folder / f"read-{context[:32]}-{_safe(period_id)}.pickle"
        self.entries: dict[tuple[str, str], FileResult] = {}
        self.used: set[tuple[str, str]] = set()
        self.changed = False
        try:
            with self.path.open("rb") as f:
                data = pickle.load(f)
            if isinstance(data, dict) and data.get("context") == context:
                self.entries = data["entries"]
        except Exception:  # noqa: BLE001 - no cache, an old or broken one: read the files as if none
            self.entries = {}

    def get(self, path: Path, display: str, digest: str | None) -> FileResult | None:
        if digest is None:
            return None
        result = self.entries.get((display, digest))
        if result is None:
            return None
        self.used.add((display, digest))
        result.path = path
        return result

    def put(self, display: str, digest: str | None, result: FileResult) -> None:
        if digest is None or any(f.rule in NOT_KEPT for f in result.findings.items):
            return
        self.entries[(display, digest)] = result
        self.used.add((display, digest))
        self.changed = True

    def save(self) -> None:
        """Keep the entries used this time (files gone from the inbox drop out); best effort."""
        if not self.changed and len(self.used) == len(self.entries):
            try:
                os.utime(self.path)  # in use: not pruned
            except OSError:
                pass
            return
        kept = {k: v for k, v in self.entries.items() if k in self.used}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _tag(self.folder)
            data = pickle.dumps({"context": self.context, "entries": kept}, protocol=pickle.HIGHEST_PROTOCOL)
            write_atomic(self.path, data, force=True)
            _prune(self.folder)
        except Exception:  # noqa: BLE001 - a read-only or full disk costs speed, never the command
            return


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)


def _tag(folder: Path) -> None:
    """Mark the folder as a cache for backup tools (https://bford.info/cachedir/)."""
    tag = folder / "CACHEDIR.TAG"
    if not tag.exists():
        tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n# dm05's cache of files read; safe to delete.\n",
                       encoding="utf-8")


def _prune(folder: Path) -> None:
    old = time.time() - KEEP_DAYS * 86400
    for path in folder.glob("read-*.pickle"):
        try:
            if path.stat().st_mtime < old:
                path.unlink()
        except OSError:
            pass
