"""A helper process for a large output encoded block by block (the score JSON of 84,000 villages).

Encoding the 0.47 GB indented JSON holds the interpreter lock for about a second, so a second
thread cannot share it; a second *process* can. :func:`blocks_in_order` forks one helper that
encodes every other block and sends each back through a pipe, while this process encodes the
others: both cores work, and the blocks are yielded in document order, byte for byte what this
process alone would give (the same function encodes both halves, from the same data).

When it is used: Linux (``fork``), at least two usable cores, at least ``MIN_BLOCKS`` blocks, and
no other thread running in this process (a fork copies only the calling thread; the output's
writer thread is started after the first block, see ``scorecard.io.output._write_chunks``).
Anywhere else, and after any failure of the helper (it died, its pipe broke, it could not encode
a block), this process encodes the remaining blocks itself: an error in the data is then raised
here, as without a helper. The helper never outlives this process: it is killed and reaped when
the blocks are done or abandoned (Ctrl-C, a failed write), it dies on Ctrl-C itself (default
SIGINT), and the kernel kills it if this process dies (``PR_SET_PDEATHSIG``). It writes nothing
but the pipe (its standard output and error go to the null device, its warnings are ignored) and
leaves with ``os._exit`` (no clean-up handlers, no buffered output written twice).
"""

from __future__ import annotations

import os
import sys
from typing import Any, Callable, Generator

MIN_BLOCKS = 4  # blocks of 4,096 regions: below ~16,000 regions one process is fast enough


def wanted(blocks: int) -> bool:
    """Whether a helper process is worth starting for ``blocks`` blocks here and now."""
    if blocks < MIN_BLOCKS or not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    if cores < 2:
        return False
    import threading

    return threading.active_count() == 1  # a fork with other threads running could deadlock the helper


def blocks_in_order(encode: Callable[[int], Any], starts: list[int]) -> Generator[Any, None, None]:
    """``encode(s)`` for each ``s`` of ``starts``, in order; every second one encoded by a helper
    process when :func:`wanted` (its text arrives as a bytearray). The helper is started by this
    call, not at the first block; closing the returned iterator ends it."""
    from scorecard import startup

    # (scorecard's own process has fixed the thresholds for the whole run already: startup)
    reuse = len(starts) >= MIN_BLOCKS and startup.malloc_steadied is None and _reuse_freed_memory(True)
    helper = _Helper.start(encode, starts[1::2]) if wanted(len(starts)) else None
    blocks = _in_order(encode, starts, helper, reuse)
    next(blocks)  # into its try: from now on, closing it stops the helper
    return blocks


def _reuse_freed_memory(on: bool) -> bool:
    """glibc only: while the blocks are encoded, allocations up to 32 MB come from the heap and
    what is freed stays there for the next block (``mallopt``), instead of fresh pages from the
    kernel for every block: each block allocates and frees ~40 MB, and on a virtual machine the
    fresh pages cost more than the encoding (84,000 villages: ~200,000 page faults in the stage ->
    ~35,000 per process). Afterwards freed memory is given back to the system again as usual (the
    32 MB threshold stays). Only where :func:`scorecard.startup._steady_malloc` has not fixed both
    thresholds for the whole run (a library caller). True if it was done."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        if not hasattr(libc, "gnu_get_libc_version"):  # the parameters below are glibc's
            return False
        mallopt = libc.mallopt
        mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        if on:
            mallopt(-3, 32 << 20)  # M_MMAP_THRESHOLD: 32 MB (glibc's largest)
        return bool(mallopt(-1, (1 << 30) if on else (128 << 10)))  # M_TRIM_THRESHOLD (default 128 KB)
    except (OSError, AttributeError):
        return False


def _in_order(encode: Callable[[int], Any], starts: list[int], helper: "_Helper | None", reuse: bool
              ) -> Generator[Any, None, None]:
    try:
        yield None
        for k, s in enumerate(starts):
            text = None
            if helper is not None and k % 2:
                text = helper.take()
                if text is None:  # the helper failed: this process does the rest
                    helper.stop()
                    helper = None
            yield encode(s) if text is None else text
    finally:
        if helper is not None:
            helper.stop()
        if reuse:
            _reuse_freed_memory(False)


def _write_all(fd: int, data: Any) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _die_with_parent(parent: int) -> None:
    """The kernel kills this (helper) process when its parent dies."""
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _silence() -> None:
    """The helper never writes to the terminal: a warning its blocks raise is the parent's to show
    (the same code runs there), and nothing is said twice."""
    import warnings

    warnings.simplefilter("ignore")
    null = os.open(os.devnull, os.O_WRONLY)
    for fd in (1, 2):
        os.dup2(null, fd)
    os.close(null)
    sys.stdout = sys.stderr = open(os.devnull, "w")  # (also where they were not file descriptors 1 and 2)


class _Helper:
    def __init__(self, pid: int, fd: int) -> None:
        self.pid, self.fd = pid, fd

    @classmethod
    def start(cls, encode: Callable[[int], Any], starts: list[int]) -> "_Helper | None":
        try:
            r, w = os.pipe()
        except OSError:
            return None
        try:
            import fcntl

            fcntl.fcntl(w, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)  # fewer, larger copies
        except (OSError, ImportError):
            pass
        parent = os.getpid()
        try:
            import warnings

            with warnings.catch_warnings():  # Python 3.12+ counts native threads too (numpy's BLAS
                warnings.simplefilter("ignore", DeprecationWarning)  # pool: fork-safe, idle here)
                pid = os.fork()
        except OSError:
            os.close(r)
            os.close(w)
            return None
        if pid == 0:  # the helper: encode its blocks, send them, leave
            code = 1
            try:
                import gc
                import signal

                signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C: gone at once, silently
                os.close(r)
                _die_with_parent(parent)
                _silence()
                gc.disable()  # short-lived: no collection walking (and copying) the parent's objects
                for s in starts:
                    text = encode(s)
                    _write_all(w, len(text).to_bytes(8, "little"))
                    _write_all(w, text)
                code = 0
            except BaseException:  # the parent sees the pipe end early and encodes the block itself
                pass
            finally:
                os._exit(code)
        os.close(w)
        return cls(pid, r)

    def _read_into(self, view: memoryview) -> bool:
        while view:
            n = os.readv(self.fd, [view])
            if n == 0:
                return False
            view = view[n:]
        return True

    def take(self) -> bytearray | None:
        """The helper's next block, or None if it failed."""
        try:
            head = bytearray(8)
            if not self._read_into(memoryview(head)):
                return None
            text = bytearray(int.from_bytes(head, "little"))
            return text if self._read_into(memoryview(text)) else None
        except OSError:
            return None

    def stop(self) -> None:
        """Kill (if still there) and reap the helper; close the pipe."""
        import signal

        try:
            os.close(self.fd)
        except OSError:
            pass
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except (OSError, ChildProcessError):
            pass
