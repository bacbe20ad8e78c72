"""Reading files in worker processes, so that one file can cost only itself.

A spreadsheet reader written in Rust can do worse than raise: it panics (``PanicException`` derives from
``BaseException``), or aborts the process when an allocation fails. So every file is read in a worker
process whose memory is capped (``[limits] max_read_mb``, ``RLIMIT_AS`` on POSIX; not enforced on
Windows, where the sheet extent checks of :mod:`dm05.safety` are the bound). In a worker, any exception a
read raises becomes a ``file.unreadable`` finding on that file. A worker that dies breaks the pool: the
files it had started are then read again one per fresh worker, and the one that kills its worker again
gets the finding; every other file is read normally.

Measured on the project's machine (2 cores, Linux fork): a demo workbook reads in 19 ms in the process
and in 70 ms through a one-worker pool, so a single file costs ~50 ms more, and a run of many files
nothing measurable (the pool was already used from 16 files on). That buys a run that a reader's crash
can never end, so every file is read in a child process, a single one too. Under spawn (Windows, macOS)
each worker also imports dm05 once, about a second.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from dm05.ingest import FileResult, ReadContext, read_file
from dm05.messages import both

Progress = Callable[[int, int, str], None]
Job = tuple[Path, str]

MIN_FILES_FOR_POOL = 16
READ_SECONDS = 120.0  # CPU time one file may take (POSIX); the slowest real file reads in under a second
START_METHOD: str | None = None  # None: the platform's default; tests force "spawn" to check Windows safety

_STARTED, _FINISHED = 1, 2


def _no_progress(done: int, total: int, label: str) -> None:
    return None


def worker_count(files: int) -> int:
    """Processes to read with: one per core (at most 4) when there are enough files to pay for them,
    else one. ``DM05_WORKERS`` overrides."""
    wanted = os.environ.get("DM05_WORKERS", "")
    if wanted.isdigit():
        return max(1, min(int(wanted), files))
    return min(os.cpu_count() or 1, 4) if files >= MIN_FILES_FOR_POOL else 1


def shown(text: str) -> str:
    """A file name as it can be printed and written to JSON: bytes that are not UTF-8 (kept by POSIX as
    surrogates) are shown as ``\\xff``."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def leads_outside(path: Path, root: Path) -> bool:
    """True for a path inside the workspace by name that a link (symlink, Windows junction) leads out of
    it. A path named outside the workspace (a file given on the command line) is taken as named."""
    try:
        if not path.absolute().is_relative_to(root.absolute()):
            return False
        return not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return True


def failed(path: Path, display: str, reason: object) -> FileResult:
    """The result of a file whose reading failed: one ``file.unreadable`` finding."""
    result = FileResult(path, display, unreadable=True)
    result.findings.add("file.unreadable", display, reason=reason)
    return result


def _crashed(job: Job) -> FileResult:
    return failed(job[0], job[1], both("reason.reader_crashed"))


# --- in the worker ------------------------------------------------------------------------------

_context: ReadContext | None = None
_state: Any = None


def _lower_limit(which: str, soft: int) -> None:
    """Set the soft limit ``resource.<which>`` to ``soft`` (never above the hard limit); POSIX only."""
    try:
        import resource
    except ImportError:  # Windows: not enforced
        return
    key = getattr(resource, which)
    _, hard = resource.getrlimit(key)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    try:
        resource.setrlimit(key, (soft, hard))
    except (ValueError, OSError):
        pass


def _memory_cap(megabytes: float) -> None:
    """Cap this process's address space at what it uses now plus ``megabytes`` (POSIX only; on Windows
    the extent checks bound what a reader allocates)."""
    try:
        with open("/proc/self/statm") as f:
            used = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        used = 1 << 30  # no /proc (macOS): assume 1 GB already mapped
    _lower_limit("RLIMIT_AS", used + int(megabytes * 1024 * 1024))


def _cpu_budget(seconds: float) -> None:
    """Let this process use ``seconds`` more CPU time, then be stopped (SIGXCPU): a reader looping
    forever inside Rust never returns to Python, so no Python timer could stop it."""
    try:
        import resource
    except ImportError:  # Windows: not enforced
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _lower_limit("RLIMIT_CPU", int(usage.ru_utime + usage.ru_stime + seconds) + 1)


def _no_core_dumps() -> None:
    """A reader that aborts must not leave a core file in the user's folder."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
    except (ImportError, ValueError, OSError):
        pass


def _init_worker(ctx: ReadContext, state: Any) -> None:
    global _context, _state
    _context, _state = ctx, state
    if not os.environ.get("DM05_DEBUG"):
        faulthandler.disable()
        # a panicking or aborting Rust reader prints its backtrace on stderr: the finding says it instead
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    _no_core_dumps()
    _memory_cap(ctx.limits.max_read_mb)


def read_guarded(path: Path, ctx: ReadContext, display: str) -> FileResult:
    """``read_file``, with whatever escapes it (a bug, a reader's panic, memory) turned into a finding."""
    if ctx.root is not None and leads_outside(path, ctx.root):
        result = FileResult(path, display, unreadable=True)
        result.findings.add("file.outside_workspace", display)
        return result
    try:
        return read_file(path, ctx, display)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as e:  # read_file turns what a file can be blamed for into findings: this is dm05's bug
        if os.environ.get("DM05_DEBUG"):
            traceback.print_exc()
        result = FileResult(path, display, unreadable=True)
        result.findings.add("file.internal_error", display, reason=f"{type(e).__name__}: {str(e)[:160]}")
        return result
    except BaseException as e:  # noqa: BLE001 - PanicException derives from BaseException
        del e
        return failed(path, display, both("reason.reader_failed"))


def _read_chunk(indexed: list[tuple[int, Job]]) -> list[FileResult]:
    assert _context is not None
    out = []
    for i, (path, display) in indexed:
        _state[i] = _STARTED
        _cpu_budget(READ_SECONDS)
        out.append(read_guarded(path, _context, display))
        _state[i] = _FINISHED
    return out


# --- in the parent ------------------------------------------------------------------------------

def _pool(workers: int, ctx: ReadContext, state: Any) -> ProcessPoolExecutor:
    mp = multiprocessing.get_context(START_METHOD)
    return ProcessPoolExecutor(max_workers=workers, mp_context=mp, initializer=_init_worker, initargs=(ctx, state))


def read_all(jobs: list[Job], ctx: ReadContext, progress: Progress = _no_progress) -> list[FileResult]:
    """Read every file in worker processes; the results keep the order of ``jobs``, and a file that
    crashes its reader costs only itself."""
    jobs = [(path, shown(display)) for path, display in jobs]
    total = len(jobs)
    results: list[FileResult | None] = [None] * total
    state: Any = multiprocessing.get_context(START_METHOD).Array("b", max(total, 1), lock=False)
    suspects: list[int] = []
    workers = worker_count(total)
    done = 0

    def record(i: int, result: FileResult) -> None:
        nonlocal done
        results[i] = result
        done += 1
        progress(done, total, shown(jobs[i][0].name))

    pending = list(range(total))
    while pending:
        chunk = max(1, len(pending) // (workers * 8))
        batches = [pending[k:k + chunk] for k in range(0, len(pending), chunk)]
        with _pool(workers, ctx, state) as pool:
            futures: list[tuple[list[int], Future[list[FileResult]]]] = [
                (b, pool.submit(_read_chunk, [(i, jobs[i]) for i in b])) for b in batches]
            for batch, future in futures:
                try:
                    for i, result in zip(batch, future.result()):
                        record(i, result)
                except BrokenProcessPool:
                    pass
                except Exception:  # noqa: BLE001 - a result that could not come back (pickling): those files are unreadable
                    for i in batch:
                        if results[i] is None:
                            record(i, failed(jobs[i][0], jobs[i][1], both("reason.reader_failed")))
        left = [i for i in pending if results[i] is None]
        started = [i for i in left if state[i] == _STARTED]
        if not started and left:  # the pool broke outside any read: take no chances, one file per worker
            started = left
        suspects.extend(started)
        again = set(started)
        pending = [i for i in left if i not in again]
        for i in pending:
            state[i] = 0
    for i in suspects:
        record(i, _read_alone(jobs[i], ctx))
    progress(total, total, "")
    return [r for r in results if r is not None]


def _read_alone(job: Job, ctx: ReadContext) -> FileResult:
    """Read one file in a fresh worker of its own; if that worker dies too, the file gets the finding."""
    mp = multiprocessing.get_context(START_METHOD)
    state = mp.Array("b", 1, lock=False)
    with _pool(1, ctx, state) as pool:
        try:
            return pool.submit(_read_chunk, [(0, job)]).result()[0]
        except BrokenProcessPool:
            return _crashed(job)
