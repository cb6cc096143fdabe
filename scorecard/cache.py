"""A cache of parsed files that ship with scorecard: the message catalogue and the shipped rubrics.

Every run used to parse ~220 KB of catalogue YAML (``scorecard/locale/*.yaml``) and the default
rubric, and to import PyYAML for it: ~25-35 ms of every command before any work (issue 17, the
import floor). The parsed result of such a file is stored once, with :mod:`marshal` (plain data
only: dicts, lists, strings, numbers), under the user's cache folder, named by a digest of

* the exact bytes parsed (so an edited file is simply parsed again, never served stale),
* the source of the code that parses them (``code_files``: an edited parser does the same),
* the Python version (marshal's format).

Later processes read it back in well under a millisecond and do not import PyYAML. Only files
shipped inside the package are cached (a user's own rubric never is: its contents stay where the
user keeps them). The cache is an optimisation only: a missing, unreadable, corrupt or unwritable
cache folder means the file is parsed as before, silently. Writes are atomic (a temporary file,
then a rename), so concurrent processes never see half a file.

An entry is trusted only when all of these hold, else the file is parsed again and the entry
written afresh (silently):

* it is a regular file (checked with ``stat`` before it is opened: a named pipe or a device at an
  entry's path is never opened, so it cannot make a run wait or read without end) of at most
  ``MAX_ENTRY_BYTES``;
* its header is this format's, names the same kind and key as its file name (an entry copied or
  renamed onto another is refused), and carries the blake2b digest of the marshalled bytes that
  follow, which must match (a truncated, overwritten or bit-flipped entry is refused even when
  what is left still decodes);
* the value decodes and the caller's ``valid`` check accepts its shape (the catalogue must be a
  mapping of message entries, a rubric a mapping with its line numbers): a decodable but wrong
  value never reaches the program.

Where: ``$SCORECARD_CACHE_DIR`` when set (``off`` disables the cache), else
``$XDG_CACHE_HOME/scorecard`` or ``~/.cache/scorecard`` (Linux), ``~/Library/Caches/scorecard``
(macOS), ``%LOCALAPPDATA%\\scorecard\\Cache`` (Windows). Each kind of file keeps its 16 newest entries
(one per content seen; several installed versions do not evict each other); older ones are removed.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterable

_FORMAT = b"scorecard-parsed-cache-2"  # also the first bytes of every entry (then kind, key, digest)
_DIGEST_SIZE = 32  # blake2b of the marshalled bytes, in each entry's header
MAX_ENTRY_BYTES = 64 << 20  # an entry larger than this is not read (the catalogue's is ~200 KB)
_OFF = ("", "0", "off", "no", "false", "none")
STALE_TMP_SECONDS = 3600  # a temporary file this old is a dead writer's, removed by the next store
KEEP = 16  # entries kept per kind of file (a catalogue entry is ~200 KB)


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is turned off (``SCORECARD_CACHE_DIR=off``)."""
    env = os.environ.get("SCORECARD_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in _OFF else Path(env)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "scorecard" / "Cache" if base else None
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg) and sys.platform != "darwin":
        return Path(xdg) / "scorecard"
    home = Path(os.path.expanduser("~"))
    if not home.is_absolute():  # no home folder
        return None
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "scorecard"
    return home / ".cache" / "scorecard"


def parsed(kind: str, content: bytes, parse: Callable[[], Any], code_files: Iterable[Path] = (),
           valid: Callable[[Any], bool] | None = None) -> Any:
    """``parse()``, the parse of ``content``, from the cache when a process stored it before.

    ``kind`` names the entry (``catalogue``, ``rubric-smart_city``); ``code_files`` are the source
    files of the code that parses (their bytes are part of the key); ``valid`` checks the shape of
    a value read back (one it refuses is parsed again, as a corrupt entry is). Whatever ``parse()``
    raises is raised and nothing is stored; a result marshal cannot store (a date, say) is simply
    not cached."""
    folder = cache_dir()
    if folder is None:
        return parse()
    digest = hashlib.blake2b(_FORMAT, digest_size=20)
    digest.update(repr(sys.version_info[:2]).encode())
    try:
        for code in code_files:
            digest.update(code.read_bytes())
    except OSError:  # the parser's source is not readable (a frozen build): parse every time
        return parse()
    digest.update(b"\0")
    digest.update(content)
    key = digest.hexdigest()
    path = folder / f"{kind}-{key}.marshal"
    header = _header(kind, key)
    found = _read_entry(path, header)
    if found is not None:
        try:
            value = marshal.loads(found)
            if valid is None or valid(value):
                return value
        except Exception:  # undecodable, or a shape the check cannot even look at: parse again
            pass
    value = parse()
    _store(folder, kind, path, header, value)
    return value


def _header(kind: str, key: str) -> bytes:
    return _FORMAT + b"\0" + kind.encode("utf-8", "surrogateescape") + b"\0" + key.encode("ascii") + b"\0"


def _read_entry(path: Path, header: bytes) -> bytes | None:
    """The marshalled bytes of the entry at ``path`` when it is a regular file whose header is
    ``header`` followed by the right digest of what follows; else None (missing, a pipe, a device,
    a folder, too large, unreadable, another entry's or damaged)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None  # never opened: opening a pipe waits for a writer, a device reads without end
        # O_NONBLOCK: should the entry turn into a pipe between the stat and the open, the open does not wait
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
                return None
            blob = fh.read(MAX_ENTRY_BYTES + 1)
    except (OSError, ValueError):
        return None
    start = len(header) + _DIGEST_SIZE
    if len(blob) > MAX_ENTRY_BYTES or len(blob) < start or not blob.startswith(header):
        return None
    body = blob[start:]
    if hashlib.blake2b(body, digest_size=_DIGEST_SIZE).digest() != blob[len(header):start]:
        return None
    return body


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _store(folder: Path, kind: str, path: Path, header: bytes, value: Any) -> None:
    try:
        body = marshal.dumps(value)
    except ValueError:  # not plain data
        return
    blob = header + hashlib.blake2b(body, digest_size=_DIGEST_SIZE).digest() + body
    tmp = folder / f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # a new file of our own (O_EXCL: never a pipe, device or link someone left at that name)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, path)  # a pipe or a stale file at the entry's name is replaced, never opened
        # the newest KEEP entries of this kind stay (two installed versions, or several checkouts,
        # must not evict each other on every run); older ones go
        entries = sorted(folder.glob(f"{kind}-*.marshal"), key=_mtime, reverse=True)
        for old in entries[KEEP:]:
            if old.name != path.name:
                old.unlink(missing_ok=True)
        # a temporary file left by a process that died while storing (another process's
        # temporary file being written now is younger than this)
        stale = time.time() - STALE_TMP_SECONDS
        for left in folder.glob(f".{kind}-*.tmp"):
            if left != tmp and _mtime(left) < stale:
                left.unlink(missing_ok=True)
    except OSError:  # read-only or full disk, no permission: stay uncached
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
