"""Start-up of a ``scorecard`` process: pandas imported with the garbage collector paused.

Importing pandas (with numpy) creates ~96,000 objects that the cyclic garbage collector tracks
(functions, classes, dicts), all of them living as long as the process. Left on, the collector
walks them again and again while they are being created (~130 young, ~12 middle and one full
collection during ``import pandas`` alone, about a tenth of that import's time) and every later
full collection of the run walks them once more.

So :func:`import_core`, called by ``load_inputs`` (``scorecard.commands.common``) where a data
command first needs pandas (while the workbook is being read in its thread), imports pandas with
the collector paused, then freezes what start-up created (:func:`gc.freeze`: moved out of the
collector's generations, so later collections skip it; reference counting still frees it) and
resumes the collector for the command's own work. Nothing stays disabled, so the memory of large
runs (84,000 villages) is collected as before.

In the same place it fixes glibc's malloc thresholds for the run (:func:`_steady_malloc`): left
to itself, glibc raises them as it goes, from the largest block freed so far, so whether the
encoding of an 84,000-village JSON gives its memory back to the system after every block (and
faults it in again, ~170,000 page faults, ~0.7 GB touched) depended on the size of an array freed
much earlier, during validation.

Only in a process that scorecard owns (the console script and ``python -m scorecard``, through
:func:`scorecard.cli.main`, which calls :func:`own_process`); the library, and ``cli.main()``
called by a host program or by click's ``CliRunner`` in tests, leave the host's collector alone
and import pandas as usual.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys

# the libraries every data command imports first (pandas brings numpy)
CORE_LIBRARIES = ("pandas",)

_own = False

# glibc malloc in scorecard's own process: blocks up to MMAP_THRESHOLD come from the heap (glibc's
# own ceiling for the threshold it adjusts), and up to TRIM_THRESHOLD of free memory at the top of
# the heap is kept for the next block instead of being given back and faulted in again
MMAP_THRESHOLD = 32 << 20
TRIM_THRESHOLD = 64 << 20
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # mallopt parameters (glibc's malloc.h)
malloc_steadied: dict[str, int] | None = None  # what _steady_malloc set, for tests
numpy_hugepages_off = False  # whether _steady_malloc turned numpy's MADV_HUGEPAGE advice off, for tests


def own_process() -> None:
    """Mark this process as scorecard's own (called by :func:`scorecard.cli.main`)."""
    global _own
    _own = True


def is_own_process() -> bool:
    return _own


def import_core(modules: tuple[str, ...] = CORE_LIBRARIES) -> None:
    """In scorecard's own process, import ``modules`` with the garbage collector paused, freeze
    what the process has created so far and restore the collector as it was. Elsewhere, or when
    they are already imported, nothing happens (the caller's own imports load them)."""
    if not _own or all(name in sys.modules for name in modules):
        return
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for name in modules:
            importlib.import_module(name)
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
    _steady_malloc()


def _steady_malloc() -> None:
    """Fix glibc's malloc thresholds (:data:`MMAP_THRESHOLD`, :data:`TRIM_THRESHOLD`) for the rest
    of the run. glibc adjusts them itself, upwards, each time a block larger than the threshold is
    freed (up to 32 MB, keeping twice as much free at the heap's top): the same run then gives
    memory back to the system or keeps it depending on which arrays happened to be freed before.
    Fixed, the large blocks a run allocates again and again (the JSON encoder's blocks, numpy's
    temporaries) reuse the same pages. Linux with glibc only (ctypes is already imported by
    pandas); anywhere else, or should the call fail, nothing changes."""
    global malloc_steadied
    _numpy_small_pages()
    if malloc_steadied is not None or not sys.platform.startswith("linux"):
        return
    try:
        if not (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc"):
            return
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
        mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
        # the mmap threshold first: setting either stops glibc's own adjustment
        if mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD) != 1 or mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD) != 1:
            return
    except (OSError, ValueError, AttributeError):
        return
    malloc_steadied = {"mmap_threshold": MMAP_THRESHOLD, "trim_threshold": TRIM_THRESHOLD}


def _numpy_small_pages() -> None:
    """Turn off numpy's ``madvise(MADV_HUGEPAGE)`` on its large arrays for the rest of the run,
    unless the user chose with ``NUMPY_MADVISE_HUGEPAGE``. Each fresh 2 MB huge page is zeroed,
    and often compacted for, at its first touch: measured on the 84,000-village ``score``, the
    scoring stage spent 0.18 s of system time on ~80 MB of new arrays with huge pages and 0.03-0.04 s
    with ordinary pages (more, cheaper faults); whole command -0.2 s (median of 5 alternated runs).
    Large arrays here are made and dropped once per stage, where huge pages save little."""
    global numpy_hugepages_off
    if numpy_hugepages_off or "NUMPY_MADVISE_HUGEPAGE" in os.environ or "numpy" not in sys.modules:
        return
    try:
        from numpy._core import multiarray
    except ImportError:  # another numpy layout: left as it is
        return
    switch = getattr(multiarray, "_set_madvise_hugepage", None)
    if switch is None:
        return
    switch(False)
    numpy_hugepages_off = True


def leave(code: object) -> None:
    """End scorecard's own process now with exit status ``code`` (None = 0), without the
    interpreter's teardown, when that loses nothing; else return (the caller re-raises SystemExit
    and Python exits as usual).

    At exit Python frees every object one by one: for an 84,000-village run the ~0.6 GB of cells,
    frames and strings the command no longer needs (tenths of a second), ~0.04 s for the national
    workbook. Every output has been written, flushed and synced by then (atomic writes complete
    before the command returns). mypy leaves the same way (``util.hard_exit``). It is skipped when
    anything could still need the normal exit: an exit message to print (a non-integer code),
    a non-daemon thread still running (Python would wait for it), a profiler or tracer (cProfile,
    coverage write their results at exit), standard output or error that cannot be flushed (a closed
    pipe is then reported by Python as before), or ``SCORECARD_FULL_EXIT=1``."""
    if code is None:
        status = 0
    elif isinstance(code, int) and not isinstance(code, bool):
        status = code
    else:
        return
    if not 0 <= status <= 255 or os.environ.get("SCORECARD_FULL_EXIT") == "1":
        return
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return
    threading = sys.modules.get("threading")
    if threading is not None:
        main_thread = threading.main_thread()
        if any(t is not main_thread and not t.daemon and t.is_alive() for t in threading.enumerate()):
            return
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return
    os._exit(status)
