"""Writing results: atomic files, JSON, CSV (formula-safe) and terminal tables."""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


_NUMBER_TEXT = None


def safe_cell(value: Any) -> Any:
    """Neutralise text that a spreadsheet would run as a formula (OWASP CSV injection): text
    starting with ``=``, ``+``, ``-``, ``@``, tab or CR gets an apostrophe in front. Numbers are
    left alone, and so are a lone sign ("-" for "no value") and a number typed as text ("-2,5",
    "+3%"): re-imported they are a number again, never a formula. Used for every text cell of
    every CSV and Excel output (docs/reliability.md, "Hostile content")."""
    global _NUMBER_TEXT
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        if _NUMBER_TEXT is None:
            import re

            _NUMBER_TEXT = re.compile(r"[+-]?(\d[\d.,]*%?)?")
        if value[0] in "+-" and _NUMBER_TEXT.fullmatch(value):
            return value
        return "'" + value
    return value


_INPUTS_KEY = "scorecard.inputs"


def protect_inputs(*paths: str | Path | None) -> None:
    """Remember the input files of the running command (a folder: every file in it), so that no
    output of this run is ever written over any of them (workbook, rubric, instrument, units,
    reference data: every file a command reads must be registered here). Scoped to the current
    click invocation; a no-op outside one."""
    import click

    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return
    store: set[str] = ctx.meta.setdefault(_INPUTS_KEY, set())
    for p in paths:
        if p is None:
            continue
        path = Path(p)
        try:
            files = [f for f in path.iterdir() if f.is_file()] if path.is_dir() else [path]
        except OSError:
            files = [path]
        store.update(os.path.realpath(f) for f in files)


def _is_input(path: str | Path) -> bool:
    import click

    ctx = click.get_current_context(silent=True)
    inputs = ctx.meta.get(_INPUTS_KEY, set()) if ctx is not None else set()
    if not inputs:
        return False
    real = os.path.realpath(path)
    if real in inputs:
        return True
    try:
        st = os.stat(real)
    except OSError:
        return False
    for other in inputs:
        try:
            ost = os.stat(other)
        except OSError:
            continue
        if (ost.st_dev, ost.st_ino) == (st.st_dev, st.st_ino):  # the same file under another name
            return True
    return False


def check_not_input(path: str | Path) -> None:
    """Raise :class:`InputError` (exit 1) when ``path`` is one of the protected inputs: same
    path after resolving symlinks and ``..``, or the same file under another name (hard link)."""
    if _is_input(path):
        from scorecard.issues import InputError, Issue

        raise InputError(Issue("output-is-input", file=str(path), params={"path": str(path)}))


# --- the overwrite rule: which existing files a command may replace ------------------------------
#
# A *kind* names what a command writes ("score", "report", "recommend" …). An existing regular
# file is replaced without --force only when it carries the mark of the same kind, i.e. it is an
# earlier output of the same command:
#   * HTML:  <meta name="generator" content="scorecard KIND"> in its first 64 KiB;
#   * .xlsx/.docx (zip): docProps/core.xml category "scorecard KIND" (see mark_workbook);
#   * JSON, CSV, text tables: a recogniser registered with register_kind (key order, header line).
# Anything else (an unrelated file, a scorecard file of another kind such as a filled-in init
# template) needs --force. Kind None means "never replace without --force" (init's rule).

Recogniser = Callable[[bytes], bool]
_KINDS: dict[str, list[Recogniser]] = {}
HEAD_BYTES = 65536


def register_kind(kind: str, *recognisers: Recogniser) -> None:
    """Teach the overwrite rule to recognise earlier outputs of ``kind`` written as JSON, CSV or
    text (HTML and zip documents carry a mark instead: :func:`html_generator`, :func:`mark_workbook`).
    Each recogniser gets the first 64 KiB of the existing file and says whether it is such an output."""
    _KINDS.setdefault(kind, []).extend(recognisers)


def json_keys(*keys: str) -> Recogniser:
    """Recognise a JSON file written with ``indent=2`` whose first top-level key is ``keys[0]`` and
    which has the other ``keys`` at the top level within its first 64 KiB (keys added to an
    output later do not break the recognition)."""
    import re

    pattern = re.compile(r'^  "([^"\n]+)":', re.M)

    def recognise(head: bytes) -> bool:
        text = head.decode("utf-8", "replace").lstrip("\ufeff")
        if not text.startswith("{"):
            return False
        found = pattern.findall(text)
        return bool(found) and found[0] == keys[0] and set(keys) <= set(found)
    return recognise


def first_line(regex: str) -> Recogniser:
    """Recognise a text file whose first line matches ``regex`` (re.match)."""
    import re

    pattern = re.compile(regex)

    def recognise(head: bytes) -> bool:
        text = head.decode("utf-8", "replace").lstrip("\ufeff")
        return bool(pattern.match(text.split("\n", 1)[0]))
    return recognise


def html_generator(kind: str) -> str:
    """The ``<meta name="generator">`` content that marks an HTML output of ``kind``."""
    return f"scorecard {kind}"


def mark_workbook(wb: Any, kind: str) -> None:
    """Mark an openpyxl workbook (or python-docx document) as an output of ``kind``: creator
    "scorecard" and category "scorecard KIND" in its document properties."""
    props = getattr(wb, "properties", None) or getattr(wb, "core_properties", None)
    assert props is not None, "an openpyxl workbook or a python-docx document"
    props.creator = "scorecard"
    props.category = f"scorecard {kind}"


def _zip_category(path: Path) -> str | None:
    import re
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("docProps/core.xml")
            if info.file_size > 1_000_000:
                return None
            body = zf.read(info).decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError, EOFError):
        return None
    m = re.search(r"<cp:category>([^<]*)</cp:category>", body)
    return m.group(1).strip() if m else None


LEGACY_HTML = ("report", "report-index")


def written_by(kind: str | Recogniser | None, path: str | Path) -> bool:
    """Is the existing regular file ``path`` an earlier output of ``kind``? (Never opens anything
    but a regular file; reads at most 64 KiB, or a zip's small core.xml.)"""
    import re
    import stat

    if kind is None:
        return False
    path = Path(path)
    custom = kind if callable(kind) else None  # a command's own recogniser (older API)
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            return False
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError:
        return False
    if custom is not None:
        return bool(custom(head))
    assert isinstance(kind, str)
    if head.startswith(b"PK\x03\x04"):
        return _zip_category(path) == f"scorecard {kind}"
    text = head.decode("utf-8", "replace")
    meta = re.search(r'<meta\s+name="generator"\s+content="([^"]*)"', text[:8192])
    if meta is not None:  # plain "scorecard": reports and index pages written before kinds were marked
        return meta.group(1) == html_generator(kind) or (meta.group(1) == "scorecard" and kind in LEGACY_HTML)
    return any(r(head) for r in _KINDS.get(kind, ()))


# --- where an output goes: a new or existing regular file, a stream, or something refused -------

STREAM_ALIASES = {"-": 1, "/dev/stdout": 1, "/dev/stderr": 2}


def _stream_fd(path: str) -> int | None:
    """The inherited file descriptor a path names (``-``, /dev/stdout, /dev/stderr, /dev/fd/N,
    /proc/self/fd/N), or None."""
    import re

    if path in STREAM_ALIASES:
        return STREAM_ALIASES[path]
    m = re.fullmatch(r"/(?:dev/fd|proc/self/fd)/(\d+)", path)
    return int(m.group(1)) if m else None


def is_stream(path: str | Path | None) -> bool:
    """Does ``path`` name a stream (``-``, /dev/stdout, a character device, a FIFO) rather than a
    file? Such outputs are written directly, so file-name rules (suffixes) do not apply."""
    import stat

    if path is None:
        return False
    if _stream_fd(str(path)) is not None:
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def is_standard_stream(path: str | Path | None) -> bool:
    """Does ``path`` name the standard output or error (``-``, /dev/stdout, /dev/stderr, /dev/fd/1 …)?
    What is written there is not a file: no "Written: -" is said about it."""
    return path is not None and _stream_fd(str(path)) in (1, 2)


def names_folder(path: str | Path | None) -> bool:
    """Does the typed ``path`` name a folder by its spelling: a final ``/`` (``-o hasil.json/``) or a
    final ``.``/``..`` component (``-o hasil/.``)? Path() drops both, so a one-file output would
    otherwise be written as the file ``hasil.json`` although the user asked for a folder."""
    if path is None or isinstance(path, Path):
        return False
    text = str(path)
    if not text or _stream_fd(text) is not None:
        return False
    seps = tuple(s for s in (os.sep, os.altsep) if s)
    return text.endswith(seps) or text in (".", "..") or text.endswith(tuple(s + d for s in seps for d in (".", "..")))


def _folder_spelling(text: str, kind: "str | Recogniser | None") -> "Any":
    """The refusal of a one-file output whose path is spelled as a folder (:func:`names_folder`)
    and is not an existing folder: leave out the final part, or name a file in that folder."""
    seps = "".join(s for s in (os.sep, os.altsep) if s)
    stem = text.rstrip(seps)
    tail = text[len(stem):]
    if stem.endswith("..") and os.path.basename(stem) == "..":  # "x/..": not a folder to drop
        stem, tail = stem[:-2].rstrip(seps), "/.." + tail
    elif os.path.basename(stem) == ".":
        stem, tail = stem[:-1].rstrip(seps), "/." + tail
    example = example_name(kind)
    inside = _Named(f"{stem}/{example.id}" if stem else example.id, f"{stem}/{example.en}" if stem else example.en)
    return _refusal("output-names-folder", text, tail=tail or text, name=stem or example, inside=inside)


def _refusal(code: str, path: str | Path, **params: Any) -> "Any":
    from scorecard.issues import Issue

    return Issue(code, file=str(path), params={"path": str(path), **params})


def _os_error_issue(exc: OSError, path: str | Path) -> "Any":
    """A write that failed because of the user's environment: full disk, read-only file system,
    no permission … one issue naming the path and what to do (exit 1, never 'this is a bug')."""
    import errno

    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return _refusal("output-disk-full", path, reason=reason)
    if exc.errno == errno.EROFS:
        return _refusal("output-read-only", path, reason=reason)
    return _refusal("output-cannot-write", path, reason=reason)


_HELD: dict[str, int] = {}  # FIFO path -> write end opened at check time (keeps the reader waiting)


class OutputPlan:
    """Every file one command run will write, checked together **before anything is written**.

    Usage (see docs/reliability.md, "Writing outputs")::

        plan = OutputPlan(force=force)
        plan.add(output, "score")          # one call per file (or plan.add_folder for a folder)
        plan.check()                        # InputError (exit 1) listing every refused path
        ...                                 # the actual work
        plan.write(output, text_or_bytes)   # atomic for files, direct for devices and pipes

    The rules, for every command:
      * an input of the run (:func:`protect_inputs`) is never written, --force or not;
      * a character device or a pipe (``-o /dev/stdout``, ``-o -``, a FIFO someone reads from)
        is written directly, never renamed over; a FIFO nobody reads from is refused (it would
        hang); a folder, socket, block device or other special file is refused;
      * a missing file is created; an existing regular file is replaced only when it is an
        earlier output of the same ``kind`` (:func:`written_by`) or with ``force``;
      * regular files are written atomically (temporary file beside it, fsync, rename).
    """

    def __init__(self, force: bool = False) -> None:
        self.force = force
        self.paths: list[tuple[str, str | Recogniser | None]] = []
        self.folders: list[str] = []

    def add(self, path: str | Path | None, kind: str | Recogniser | None) -> Path | None:
        if path is None:
            return None
        self.paths.append((str(path), kind))
        return Path(path)

    def add_folder(self, path: str | Path) -> Path:
        self.folders.append(str(path))
        return Path(path)

    def problems(self) -> list[Any]:
        issues = []
        for folder in self.folders:
            issue = folder_problem(folder)
            if issue is not None:
                issues.append(issue)
        for path, kind in self.paths:
            issue = target_problem(path, kind, self.force)
            if issue is not None:
                issues.append(issue)
        return issues

    def check(self) -> None:
        issues = self.problems()
        if issues:
            from scorecard.issues import InputError

            release_held()
            raise InputError(issues)

    def write(self, path: str | Path, data: bytes | str) -> Path:
        return write_file(path, data)


def folder_problem(folder: str | Path) -> Any:
    """Why ``folder`` cannot take outputs (an existing file, a device …), or None."""
    import stat

    try:
        st = os.stat(folder)
    except FileNotFoundError:
        return _parent_problem(Path(folder))
    except OSError as exc:
        return _os_error_issue(exc, folder)
    if not stat.S_ISDIR(st.st_mode):
        return _refusal("output-folder-is-file", folder)
    return None


def _parent_problem(path: Path) -> Any:
    """A missing path can be created only if its nearest existing ancestor is a folder."""
    import stat

    for parent in path.absolute().parents:
        try:
            st = os.stat(parent)
        except FileNotFoundError:
            continue
        except OSError as exc:
            return _os_error_issue(exc, parent)
        if not stat.S_ISDIR(st.st_mode):
            return _refusal("output-folder-is-file", parent)
        return None
    return None


class _Named:
    """A file name in the reader's language (i18n gives a parameter with ``id``/``en``/``get`` the
    reader's one)."""

    def __init__(self, id: str, en: str) -> None:
        self.id, self.en = id, en

    def get(self, lang: str | None) -> str:
        return self.en if lang == "en" else self.id

    def __repr__(self) -> str:
        return self.id


# -o naming a folder: the file name suggested instead, in the command's own format. Document
# outputs have one (brief: DOCX by default, HTML too; rehearse and report: the HTML page); the
# others write what --format says.
_DOCUMENT_EXAMPLES = {
    "brief": ("telaahan_staf", "staff_brief", ".docx"),
    "rehearse": ("laporan_gladi", "rehearsal", ".html"),
    "report": ("laporan", "report", ".html"),
    "report-index": ("index", "index", ".html"),
}
_FORMAT_SUFFIX = {"table": ".txt", "text": ".txt", "json": ".json", "csv": ".csv"}


def example_name(kind: str | Recogniser | None, fmt: str | None = None) -> _Named:
    """The file name an ``-o FOLDER`` message suggests for an output of ``kind``: the document
    kinds' own format, otherwise the suffix of ``fmt`` (the command's ``--format``; read from the
    running command when not given; JSON when there is none)."""
    if isinstance(kind, str) and kind in _DOCUMENT_EXAMPLES:
        id_base, en_base, suffix = _DOCUMENT_EXAMPLES[kind]
        if kind == "rehearse" and _current_format(fmt) == "json":
            suffix = ".json"
        return _Named(id_base + suffix, en_base + suffix)
    suffix = _FORMAT_SUFFIX.get(_current_format(fmt) or "json", ".json")
    return _Named("hasil" + suffix, "result" + suffix)


def _current_format(fmt: str | None) -> str | None:
    if fmt is not None:
        return fmt
    try:
        import click

        ctx = click.get_current_context(silent=True)
    except ImportError:  # pragma: no cover - click is a dependency
        return None
    value = ctx.params.get("fmt") if ctx is not None else None
    return value if isinstance(value, str) else None


def target_problem(path: str | Path, kind: str | Recogniser | None, force: bool) -> Any:
    """Why ``path`` must not be written by an output of ``kind`` (an Issue), or None."""
    import errno
    import stat

    text = str(path)
    if _stream_fd(text) is not None:
        return None
    if _is_input(text):
        return _refusal("output-is-input", text)
    if names_folder(text) and not os.path.isdir(text):  # -o nn.json/: a folder was asked for, never the file nn.json
        return _folder_spelling(text, kind)
    try:
        st = os.stat(text)  # follows symlinks: the thing that would be written
    except FileNotFoundError:
        return _parent_problem(Path(os.path.realpath(text)))
    except OSError as exc:
        return _os_error_issue(exc, text)
    mode = st.st_mode
    if stat.S_ISCHR(mode):
        return None
    if stat.S_ISFIFO(mode):
        if text in _HELD:
            return None
        try:  # never opened for reading; without a reader this open fails instead of hanging
            fd = os.open(text, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno == errno.ENXIO:
                return _refusal("output-fifo-no-reader", text)
            return _os_error_issue(exc, text)
        os.set_blocking(fd, True)
        _HELD[text] = fd
        return None
    if stat.S_ISDIR(mode):  # "-o out/" says "-o out/hasil.json", not "out//hasil.json"
        issue = _refusal("output-is-folder", text, example=example_name(kind))
        issue.params["path"] = text.rstrip("".join(s for s in (os.sep, os.altsep) if s)) or text
        return issue
    if not stat.S_ISREG(mode):
        return _refusal("output-special-file", text)
    if not force and not written_by(kind, text):
        return _refusal("output-exists", text)
    return None


def release_held() -> None:
    """Close FIFO write ends kept open since the check (the reader then sees end of file)."""
    for key in list(_HELD):
        try:
            os.close(_HELD.pop(key))
        except OSError:
            pass


stream_unfinished = False  # a write to standard output, a pipe or a device is under way (Ctrl-C then leaves it cut)


def _write_fd(fd: int, data: bytes | Iterable[bytes]) -> None:
    global stream_unfinished
    stream_unfinished = True
    for chunk in _chunks(data):
        view = memoryview(chunk)
        while view:
            n = os.write(fd, view)
            view = view[n:]
    stream_unfinished = False


def _chunks(data: bytes | Iterable[bytes]) -> Iterable[bytes | bytearray | memoryview]:
    """``data`` as a sequence of byte chunks: a large output (the score JSON of 84,000 villages,
    0.4 GB) can be written as it is produced instead of being held whole."""
    return (data,) if isinstance(data, (bytes, bytearray, memoryview)) else data


def write_file(path: str | Path, data: bytes | str | Iterable[bytes]) -> Path:
    """Write one output. A stream (``-``, /dev/stdout, a character device, a FIFO) is written
    directly; a regular file atomically (never renamed over anything that is not a regular file);
    anything else, or an input of the run, is refused with :class:`InputError` (exit 1), as is a
    full disk or a read-only folder."""
    import stat

    from scorecard.issues import InputError

    body = data.encode("utf-8") if isinstance(data, str) else data
    text = str(path)
    fd = _stream_fd(text)
    if fd is not None:
        import sys

        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        try:
            _write_fd(fd, body)
        except BrokenPipeError:
            pass  # `| head`: the reader has gone; nothing to report
        except OSError as exc:
            raise InputError(_os_error_issue(exc, text)) from None
        return Path(text)
    check_not_input(text)
    if names_folder(text) and not os.path.isdir(text):  # never the file "nn.json" for "-o nn.json/"
        raise InputError(_folder_spelling(text, None))
    try:
        st: os.stat_result | None = os.stat(text)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise InputError(_os_error_issue(exc, text)) from None
    if st is not None and (stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
        try:
            if text in _HELD:
                fd = _HELD.pop(text)
            elif stat.S_ISFIFO(st.st_mode):
                fd = os.open(text, os.O_WRONLY | os.O_NONBLOCK)
                os.set_blocking(fd, True)
            else:
                fd = os.open(text, os.O_WRONLY)
            try:
                _write_fd(fd, body)
            finally:
                os.close(fd)
        except BrokenPipeError:
            pass
        except OSError as exc:
            import errno

            issue = (_refusal("output-fifo-no-reader", text) if exc.errno == errno.ENXIO
                     else _os_error_issue(exc, text))
            raise InputError(issue) from None
        return Path(text)
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise InputError(_refusal("output-is-folder", text, example=example_name(None)))
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise InputError(_refusal("output-special-file", text))
    try:
        _atomic_replace(Path(os.path.realpath(text)), body, st)
    except InputError:
        raise
    except OSError as exc:  # named by the output the user asked for, never by its temporary file
        named = exc.filename if exc.filename and not str(exc.filename).endswith(TMP_MARK) else text
        raise InputError(_os_error_issue(exc, named)) from None
    return Path(text)


TMP_MARK = ".scorecard.tmp"


def _write_chunks(fh: Any, body: bytes | Iterable[bytes]) -> None:
    """Write ``body`` to the open file ``fh``. A sequence of chunks is written by a second thread
    while the next chunk is being produced (a file write releases the GIL: the 0.47 GB score JSON of
    84,000 villages is encoded and written at the same time, issue 17). At most one chunk waits
    between the two (bounded memory). A failed write (full disk, read-only folder …) stops the
    producer and is raised here, in the caller's thread, as the same OSError; an error of the
    producer stops the writer, and is raised as it is."""
    if isinstance(body, (bytes, bytearray, memoryview)):
        fh.write(body)
        return
    import queue
    import threading

    pending: queue.Queue[Any] = queue.Queue(maxsize=1)
    failed: list[BaseException] = []
    done = object()
    flow = _Writeback(fh)

    def writer() -> None:
        while True:
            chunk = pending.get()
            if chunk is done:
                if not failed:
                    try:
                        flow.finish()
                    except BaseException as exc:
                        failed.append(exc)
                return
            if failed:
                continue  # keep taking chunks until the producer has seen the failure
            try:
                flow.write(fh, chunk)
            except BaseException as exc:  # re-raised by the producer's thread
                failed.append(exc)

    chunks = iter(body)
    first = next(chunks, None)  # produced before the thread exists (scorecard.io.helper may fork meanwhile)
    if first is None:
        return
    thread = threading.Thread(target=writer, name="scorecard-writer", daemon=True)
    thread.start()
    try:
        if first:
            pending.put(first)
        for chunk in chunks:
            if failed:
                break
            if chunk:
                pending.put(chunk)
    finally:
        pending.put(done)
        thread.join()
    if failed:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()  # the producer's own clean-up now (a helper process ends), not at exit
        raise failed[0]


class _Writeback:
    """Linux only, for a large output written in chunks (the 0.47 GB score JSON of 84,000 villages):
    the writeback of each written stretch is started at once without waiting
    (``sync_file_range(SYNC_FILE_RANGE_WRITE)``), and the stretch written ``WINDOW`` bytes earlier,
    whose writeback has long finished, is waited for and dropped from the page cache
    (``POSIX_FADV_DONTNEED``). The closing fsync then has almost nothing left to write, and the next
    chunks' page-cache pages are the ones just released, which on a virtual machine cost a fraction of
    fresh ones (BENCHMARKS.md, "Why the village target is not met"). Nothing else changes: the data
    still goes through the temporary file, the fsync and the rename. A writeback error is raised as
    the OSError it is (the caller reports it as a failed write); where the calls do not exist or are
    not supported, this does nothing."""

    START = 8 << 20  # bytes written before a writeback is started (small outputs: never)
    WINDOW = 64 << 20  # bytes kept in the page cache behind the write position
    ALIGN = 1 << 20  # released in whole MBs (whole pages, never written again)
    DIRECT = True  # past START bytes, write straight to the disk (O_DIRECT) where the file system can
    DIRECT_BUFFER = 8 << 20  # the aligned buffer those writes are made from
    PAGE = 4096  # O_DIRECT: offsets, lengths and the buffer's address in multiples of this

    def __init__(self, fh: Any) -> None:
        self.fd = -1
        self.written = self.started = self.dropped = 0
        self._range: Any = None
        self._direct: Any = None  # the aligned buffer while writing with O_DIRECT
        self._fill = 0  # bytes waiting in it
        self._pad = 0  # bytes to write through the page cache first, up to a page boundary
        self._tried = False
        import sys

        if not sys.platform.startswith("linux") or not hasattr(os, "posix_fadvise"):
            return
        try:
            self.fd = fh.fileno()
        except (AttributeError, OSError, ValueError):
            self.fd = -1

    def _sync_range(self, start: int, length: int, flags: int) -> bool:
        """``sync_file_range``; False (and no further use) where the system does not offer it."""
        import errno

        if self._range is None:
            try:
                import ctypes

                libc = ctypes.CDLL(None, use_errno=True)
                func = libc.sync_file_range
                func.argtypes = [ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint]
                func.restype = ctypes.c_int
                self._range = (func, ctypes.get_errno)
            except (ImportError, OSError, AttributeError):
                self.fd = -1
                return False
        func, get_errno = self._range
        if func(self.fd, start, length, flags) == 0:
            return True
        err = get_errno()
        if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ESPIPE, errno.EBADF, errno.EPERM):
            self.fd = -1  # not supported here: the closing fsync does it all, as before
            return False
        raise OSError(err, os.strerror(err))  # a writeback error (EIO, ENOSPC …): the write failed

    def write(self, fh: Any, chunk: Any) -> None:
        """Write one chunk (in the writer thread)."""
        if (not self._tried and self.fd >= 0 and self.DIRECT and self.written + len(chunk) >= self.START
                and hasattr(os, "O_DIRECT")):
            self._tried = True
            fh.flush()  # (nothing waits in its buffer: every chunk so far went through fh.write)
            import mmap

            self._direct = mmap.mmap(-1, self.DIRECT_BUFFER)  # page-aligned, reused: no fresh pages
            self._pad = -self.written % self.PAGE
        if self._direct is None:
            fh.write(chunk)
            self.wrote(len(chunk))
            return
        self.written += len(chunk)
        view = memoryview(chunk)
        while view:
            if self._direct is None:  # O_DIRECT refused meanwhile: the rest through the page cache
                fh.write(view)
                return
            n = min(len(view), self.DIRECT_BUFFER - self._fill)
            self._direct[self._fill:self._fill + n] = view[:n]
            self._fill += n
            view = view[n:]
            if self._fill == self.DIRECT_BUFFER:
                self._flush_direct()

    def _set_direct(self, on: bool) -> None:
        import fcntl

        flags = fcntl.fcntl(self.fd, fcntl.F_GETFL)
        fcntl.fcntl(self.fd, fcntl.F_SETFL, (flags | os.O_DIRECT) if on else (flags & ~os.O_DIRECT))

    def _write_direct(self, data: memoryview) -> int:
        return os.write(self.fd, data)

    def _write_all(self, data: memoryview) -> None:
        while data:
            data = data[os.write(self.fd, data):]

    def _flush_direct(self) -> None:
        """Write the buffer's whole pages with O_DIRECT; keep the rest at its start. Where the file
        system refuses O_DIRECT (EINVAL), everything goes through the page cache from here on."""
        import errno

        assert self._direct is not None
        buf = memoryview(self._direct)
        try:
            if self._pad:  # up to the first page boundary of the file: through the page cache
                pad = min(self._pad, self._fill)
                self._write_all(buf[:pad])
                self._direct.move(0, pad, self._fill - pad)
                self._fill -= pad
                self._pad -= pad
                if self._pad:
                    return
            whole = self._fill // self.PAGE * self.PAGE
            if not whole:
                return
            try:
                self._set_direct(True)
                n = self._write_direct(buf[:whole])
            except OSError as exc:
                if exc.errno != errno.EINVAL:
                    raise
                n = 0
                self.DIRECT = False  # not on this file system: the page cache from here on
            finally:
                self._set_direct(False)
            if n % self.PAGE:  # a short write (a full disk): the rest through the page cache
                self.DIRECT = False
            if not self.DIRECT:
                self._write_all(buf[n:self._fill])
                n = self._fill
            self._direct.move(0, n, self._fill - n)
            self._fill -= n
        finally:
            buf.release()
        if not self.DIRECT:
            self.finish()

    def finish(self) -> None:
        """The bytes still in the aligned buffer, through the page cache (in the writer thread)."""
        if self._direct is None:
            return
        buf = memoryview(self._direct)
        try:
            self._write_all(buf[:self._fill])
        finally:
            buf.release()
            self._direct.close()
            self._direct = None
            self._fill = 0

    def wrote(self, n: int) -> None:
        if self.fd < 0:
            return
        self.written += n
        if self.written - self.started < self.START:
            return
        if not self._sync_range(self.started, self.written - self.started, 2):  # SYNC_FILE_RANGE_WRITE
            return
        self.started = self.written
        end = (self.written - self.WINDOW) // self.ALIGN * self.ALIGN
        if end - self.dropped < self.START:
            return
        # WAIT_BEFORE | WRITE | WAIT_AFTER: written back by now (started a window ago); then released
        if self._sync_range(self.dropped, end - self.dropped, 7):
            try:
                os.posix_fadvise(self.fd, self.dropped, end - self.dropped, os.POSIX_FADV_DONTNEED)
            except OSError:
                pass  # advice only
            self.dropped = end


def _atomic_replace(target: Path, body: bytes | Iterable[bytes], before: os.stat_result | None) -> None:
    """Temporary file beside ``target`` (a symlink's target: the link is kept), fsync, then
    rename into place — only over a regular file, and only over nothing when nothing was there."""
    import errno
    import stat

    from scorecard.issues import InputError

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TMP_MARK, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            _write_chunks(fh, body)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(before.st_mode) if before is not None else 0o644)
        try:
            now = os.lstat(target)
        except FileNotFoundError:
            now = None
        if now is not None and not stat.S_ISREG(now.st_mode):  # appeared or changed since the check
            raise InputError(_refusal("output-special-file", target))
        if now is not None and before is None:  # a file appeared since the check: not ours to replace
            raise InputError(_refusal("output-exists", target))
        if now is None:
            try:
                os.link(tmp, target)  # fails if something appeared meanwhile: never clobbers it
            except FileExistsError:
                raise InputError(_refusal("output-exists", target)) from None
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK, errno.EOPNOTSUPP):
                    raise
                os.replace(tmp, target)  # a file system without hard links
            else:
                os.unlink(tmp)
        else:
            os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_bytes(path: str | Path, data: bytes | Iterable[bytes]) -> Path:
    """Write one output (see :func:`write_file`): atomic for a regular file, direct for a device
    or pipe, refused for an input or any other special file. The overwrite rule for existing
    files is the caller's :class:`OutputPlan` check, done before any work."""
    return write_file(path, data)


def atomic_write_text(path: str | Path, text: str) -> Path:
    return write_file(path, text.encode("utf-8"))


def write_output(path: str | Path, data: bytes | str, kind: str | None, force: bool = False) -> Path:
    """Check and write a single output in one call (commands writing several files use
    :class:`OutputPlan` so that all are checked before the first is written)."""
    plan = OutputPlan(force=force)
    plan.add(path, kind)
    plan.check()
    return plan.write(path, data)


# Earlier outputs recognised by content (JSON, CSV, text tables). HTML and Excel carry a mark.
register_kind("score", json_keys("rubric", "peers"), first_line(r"rank,code,name,peer_group,"),
              first_line(r"[^\n]* — \d+ (wilayah|regions), (kelompok pembanding|peer group): "))
register_kind("recommend", json_keys("focus", "peers", "rubric"),
              first_line(r"(Rekomendasi studi tiru untuk|Study visit recommendation for) .* — "))
register_kind("whatif", json_keys("focus", "rubric", "changes"), first_line(r"(Bagaimana jika|What if) — "))
register_kind("rehearse", json_keys("estimate", "illustrative", "notice"),
              first_line(r"(Gladi evaluasi Smart City|Smart City evaluation rehearsal) — "))


def clean_number(x: Any, digits: int = 6) -> Any:
    """JSON-friendly number: NaN -> None, floats rounded to ``digits`` decimals, ints as ints."""
    if x is None:
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return x
    if math.isnan(f) or math.isinf(f):
        return None
    if f.is_integer() and abs(f) < 2**53:
        return int(f)
    return round(f, digits)


def dumps_json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False, allow_nan=False) + "\n"


def csv_text(header: list[str], rows: Iterable[list[Any]]) -> str:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buf.getvalue()


def text_table(header: list[str], rows: list[list[str]], align: list[str] | None = None) -> str:
    """A plain monospace table (no dependency; the terminal is the only place it goes)."""
    align = align or ["<"] * len(header)
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(str(h))
              for i, h in enumerate(header)]
    def fmt(row: list[Any]) -> str:
        return "  ".join(f"{str(v):{a}{w}}" for v, a, w in zip(row, align, widths)).rstrip()
    lines = [fmt(header), "  ".join("-" * w for w in widths)]
    lines += [fmt(r) for r in rows]
    return "\n".join(lines) + "\n"


# --- reproducible .xlsx ------------------------------------------------------------------------
FIXED_DOC_DATE = (2000, 1, 1, 0, 0, 0)


def doc_date() -> "Any":
    """The date stamped into generated documents: SOURCE_DATE_EPOCH when set (reproducible
    builds convention), else a fixed date — never the wall clock, so two runs give the same bytes."""
    import datetime as dt

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).replace(tzinfo=None)
    return dt.datetime(*FIXED_DOC_DATE)


def xlsx_bytes(wb: Any) -> bytes:
    """Save an openpyxl workbook with fixed document dates and zip entry times (see
    :func:`doc_date`): the same content always gives the same bytes."""
    import io
    import re
    import zipfile

    when = doc_date()
    wb.properties.created = when
    wb.properties.modified = when
    buf = io.BytesIO()
    wb.save(buf)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    date_time = (max(1980, when.year), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                              rb"\g<1>" + stamp.encode() + rb"\g<2>", body)
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, body)
    return out.getvalue()
