"""Start-up of a ``scorecard`` process: the heavy libraries imported with the garbage collector paused.

Importing pandas (with numpy) creates ~96,000 objects the collector tracks (functions, classes,
dicts), all of them living as long as the process. Python's cyclic garbage collector, left on, walks them again and again while they are
being created: ~130 young and ~12 middle collections and one full one during ``import pandas``
alone, about a tenth of that import's time (measured: 0.37 s -> 0.34 s CPU, best of 20, on the
shared 2-core machine), and every later full collection of the run walks them once more.

So a command that will import pandas anyway (:data:`scorecard.cli.CORE_COMMANDS`, once its
options are parsed: ``--help`` still imports nothing) imports it here first, with the collector
paused; what start-up allocated is then frozen (:func:`gc.freeze`: moved out of the collector's
generations, so later collections skip it; reference counting still frees it) and the collector
resumes for the command's own work. Nothing is disabled for the rest of the run, so the memory of
large runs (84,000 villages) is collected as before.

Only a process that scorecard owns does this (the console script and ``python -m scorecard``:
:func:`scorecard.cli.main`); the library, and ``cli.main()`` called by a host program or by click's
``CliRunner`` in tests, leave the host's collector alone.
"""

from __future__ import annotations

import gc
import importlib
import sys

# the libraries every data command imports first (pandas brings numpy)
CORE_LIBRARIES = ("pandas",)


def import_core(modules: tuple[str, ...] = CORE_LIBRARIES) -> None:
    """Import ``modules`` with the garbage collector paused, freeze what they allocated, and
    restore the collector as it was. Cheap when they are already imported."""
    if all(name in sys.modules for name in modules):
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
