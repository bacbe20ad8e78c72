"""Writing outputs safely: never over an existing file without ``force``, always through a temporary
file renamed into place, so an interrupted run leaves the previous output intact and no partial file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from dm05.errors import OutputError


def check_writable(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise OutputError("output.exists", path=str(path))


TMP_SUFFIX = ".dm05tmp"


def write_atomic(path: Path, data: bytes, force: bool = False) -> Path:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it into place.
    Interrupted (Ctrl-C, SIGTERM, an error), the temporary file is removed and ``path`` is untouched."""
    check_writable(path, force)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=path.parent)
    except OSError as e:
        raise OutputError("output.failed", path=str(path), detail=e.strerror or str(e)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _mode(path))
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError("output.failed", path=str(path), detail=e.strerror or str(e)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


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
