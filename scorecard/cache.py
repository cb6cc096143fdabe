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

Where: ``$SCORECARD_CACHE_DIR`` when set (``off`` disables the cache), else
``$XDG_CACHE_HOME/scorecard`` or ``~/.cache/scorecard`` (Linux), ``~/Library/Caches/scorecard``
(macOS), ``%LOCALAPPDATA%\\scorecard\\Cache`` (Windows). Each kind of file keeps its 16 newest entries
(one per content seen; several installed versions do not evict each other); older ones are removed.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any, Callable, Iterable

_FORMAT = b"scorecard-parsed-cache-1"
_OFF = ("", "0", "off", "no", "false", "none")
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


def parsed(kind: str, content: bytes, parse: Callable[[], Any], code_files: Iterable[Path] = ()) -> Any:
    """``parse()``, the parse of ``content``, from the cache when a process stored it before.

    ``kind`` names the entry (``catalogue``, ``rubric``); ``code_files`` are the source files of
    the code that parses (their bytes are part of the key). Whatever ``parse()`` raises is raised
    and nothing is stored; a result marshal cannot store (a date, say) is simply not cached."""
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
    path = folder / f"{kind}-{digest.hexdigest()}.marshal"
    try:
        return marshal.loads(path.read_bytes())
    except FileNotFoundError:
        pass
    except Exception:  # unreadable or corrupt: parse again and store it afresh
        pass
    value = parse()
    _store(folder, kind, path, value)
    return value


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _store(folder: Path, kind: str, path: Path, value: Any) -> None:
    try:
        blob = marshal.dumps(value)
    except ValueError:  # not plain data
        return
    tmp = folder / f".{path.name}.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(blob)
        os.replace(tmp, path)
        # the newest KEEP entries of this kind stay (two installed versions, or several checkouts,
        # must not evict each other on every run); older ones go
        entries = sorted(folder.glob(f"{kind}-*.marshal"), key=_mtime, reverse=True)
        for old in entries[KEEP:]:
            if old.name != path.name:
                old.unlink(missing_ok=True)
    except OSError:  # read-only or full disk, no permission: stay uncached
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
