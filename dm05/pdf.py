"""PDF through LibreOffice: a fresh profile per conversion, no restore dialog, a time limit, and a check
that the PDF was really written (soffice can exit 0 without writing it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from dm05.errors import OutputError
from dm05.messages import both
from dm05.output import check_writable

TIMEOUT_S = 120  # for a short report; a long annex gets more (timeout_for)
SECONDS_PER_MB = 60  # of the document's XML: LibreOffice lays out a 1,500-row annex (~3 MB) in well under a minute
_WINDOWS_PATHS = [Path(os.environ.get(v, "")) / "LibreOffice" / "program" / "soffice.exe"
                  for v in ("PROGRAMFILES", "PROGRAMFILES(X86)")]


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((str(p) for p in _WINDOWS_PATHS if p.is_file()), None)


def timeout_for(docx: Path) -> int:
    """The conversion's time limit, growing with the document: a fixed limit either kills a long annex
    or lets a stuck LibreOffice hang a short report for minutes."""
    try:
        with zipfile.ZipFile(docx) as z:
            size = z.getinfo("word/document.xml").file_size
    except (OSError, KeyError, zipfile.BadZipFile):
        return TIMEOUT_S
    return TIMEOUT_S + int(SECONDS_PER_MB * size / (1024 * 1024))


def check_pdf_output(path: Path, force: bool) -> None:
    """Refuse, before any work, a report output that is neither .docx nor .pdf, and a .pdf that cannot be made
    (no LibreOffice) — never a .docx written under a .pdf name."""
    suffix = path.suffix.lower()
    if suffix not in (".docx", ".pdf"):
        raise OutputError("report.output_suffix", path=str(path))
    check_writable(path, force)
    if suffix == ".pdf" and find_soffice() is None:
        raise OutputError("pdf.needs_libreoffice", path=str(path), docx=str(path.with_suffix(".docx")))


def docx_to_pdf_file(data: bytes, target: Path, force: bool = False) -> Path:
    """Write the PDF of a .docx held in memory to ``target``; the .docx itself is kept nowhere."""
    with tempfile.TemporaryDirectory(prefix="dm05-docx-") as tmp:
        docx = Path(tmp, target.with_suffix(".docx").name)
        docx.write_bytes(data)
        return to_pdf(docx, force, target)


def to_pdf(docx: Path, force: bool = False, target: Path | None = None) -> Path:
    """Write ``docx``'s PDF to ``target`` (by default beside it: same name, .pdf) and return its path."""
    target = target or docx.with_suffix(".pdf")
    if target.exists() and not force:
        raise OutputError("output.exists", path=str(target))
    soffice = find_soffice()
    if soffice is None:
        raise OutputError("pdf.no_libreoffice")
    with tempfile.TemporaryDirectory(prefix="dm05-lo-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        outdir = Path(tmp, "out")
        outdir.mkdir()
        cmd = [soffice, "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation={profile}",
               "--convert-to", "pdf", "--outdir", str(outdir), str(docx)]
        limit = timeout_for(docx)
        try:
            run = subprocess.run(cmd, capture_output=True, text=True, timeout=limit, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise OutputError("pdf.failed", path=str(docx), detail=both("pdf.timeout", seconds=limit)) from None
        except OSError as e:
            raise OutputError("pdf.failed", path=str(docx), detail=str(e)) from None
        produced = outdir / docx.with_suffix(".pdf").name
        if not produced.is_file() or produced.stat().st_size == 0:
            detail = (run.stderr or run.stdout or f"exit {run.returncode}").strip().splitlines()
            raise OutputError("pdf.failed", path=str(docx), detail=detail[-1] if detail else f"exit {run.returncode}")
        tmp_target = target.with_name(f".{target.name}.tmp")
        shutil.copyfile(produced, tmp_target)
        os.replace(tmp_target, target)
    return target
