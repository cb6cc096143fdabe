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

Only in a process that scorecard owns (the console script and ``python -m scorecard``, through
:func:`scorecard.cli.main`, which calls :func:`own_process`); the library, and ``cli.main()``
called by a host program or by click's ``CliRunner`` in tests, leave the host's collector alone
and import pandas as usual.
"""

from __future__ import annotations

import gc
import importlib
import sys

# the libraries every data command imports first (pandas brings numpy)
CORE_LIBRARIES = ("pandas",)

_own = False


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
