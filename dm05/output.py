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


def write_atomic(path: Path, data: bytes, force: bool = False) -> Path:
    check_writable(path, force)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise OutputError("output.failed", path=str(path), detail=e.strerror or str(e)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError("output.failed", path=str(path), detail=e.strerror or str(e)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
