"""Writing outputs safely: never over an existing file without ``force``, always through a temporary
file renamed into place, so an interrupted run leaves the previous output intact and no partial file."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from dm05.errors import OutputError


def check_writable(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise OutputError("output.exists", path=str(path))


TMP_SUFFIX = ".dm05tmp"
STALE_SECONDS = 3600  # a temporary file this old belongs to no run still writing


Data = bytes | Iterable[bytes]  # an output, whole or in pieces (a national JSON is written as it is made)


def write_atomic(path: Path, data: Data, force: bool = False) -> Path:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it into place.
    Interrupted (Ctrl-C, SIGTERM, an error), the temporary file is removed and ``path`` is untouched."""
    return write_batch([(path, data)], force)[0]


def write_batch(items: Sequence[tuple[Path, Data]], force: bool = False) -> list[Path]:
    """Write several outputs as one: every file goes to a temporary file first, and only when all are on
    disk are they renamed into place, so an interrupted batch leaves the previous batch whole. Temporary
    files a killed run left beside these outputs are removed first (see :func:`sweep`)."""
    for path, _ in items:
        check_writable(path, force)
    folders: dict[Path, set[str]] = {}
    for path, _ in items:
        folders.setdefault(path.parent, set()).add(path.name)
    for folder, names in folders.items():
        _sweep(folder, names)
    temps: list[tuple[str, Path]] = []
    try:
        for path, data in items:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=TMP_SUFFIX, dir=path.parent)
            except OSError as e:
                raise OutputError("output.failed", path=str(path), detail=e.strerror or str(e)) from None
            temps.append((tmp, path))
            try:
                with os.fdopen(fd, "wb") as f:
                    if isinstance(data, bytes | bytearray):
                        f.write(data)
                    else:
                        f.writelines(data)
                    f.flush()
                    os.fsync(f.fileno())
                os.chmod(tmp, _mode(path))
            except OSError as e:
                raise OutputError("output.failed", path=str(path), detail=e.strerror or str(e)) from None
        for tmp, path in temps:
            try:
                os.replace(tmp, path)
            except OSError as e:
                raise OutputError("output.failed", path=str(path), detail=e.strerror or str(e)) from None
    except BaseException:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
        raise
    return [path for path, _ in items]


def sweep(path: Path) -> list[Path]:
    """Remove the temporary files of ``path`` that a killed run left (SIGKILL, a power cut): those whose
    writing process is gone, or older than an hour. A temporary file of a run still writing is left."""
    return _sweep(path.parent, {path.name})


def _sweep(folder: Path, names: set[str]) -> list[Path]:
    removed: list[Path] = []
    try:
        candidates = [p for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(TMP_SUFFIX)]
    except OSError:
        return removed
    for tmp in candidates:
        # ".name.<pid>.<random>.dm05tmp": any output's litter here, not only the names written now
        owner = next((n for n in names if tmp.name.startswith(f".{n}.")), None)
        parts = tmp.name[len(owner) + 2:].split(".") if owner else tmp.name.split(".")[-3:-1]
        pid = parts[0] if parts else ""
        try:
            old = time.time() - tmp.stat().st_mtime > STALE_SECONDS
            if old or (pid.isdigit() and not _alive(int(pid))):
                tmp.unlink()
                removed.append(tmp)
        except OSError:
            continue
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill would end the process there; age alone decides
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def _mode(path: Path) -> int:
    """The permissions a plain file would get (mkstemp makes it private), or those of the file replaced."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def safe_filename(text: str, limit: int = 120) -> str:
    """A file name made from data (a unit's name) that stays in its folder on Windows and POSIX alike."""
    name = "".join("_" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in text)
    name = name.strip(" .") or "_"
    if name.split(".")[0].upper() in {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                                      *(f"LPT{i}" for i in range(1, 10))}:
        name = "_" + name
    return name[:limit]
