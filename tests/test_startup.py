"""Start-up of a scorecard process (issue 17, the import floor): properties, never timings.

* A data command run as scorecard's own process (``python -m scorecard``, the console script)
  imports pandas with the garbage collector paused, then freezes what start-up created and resumes
  the collector (``scorecard.startup``, called by ``load_inputs``).
* ``cli.main()`` called in-process (click's CliRunner, a host program) leaves the collector alone.
* ``--help`` of a data command still imports no pandas.

Speed itself is measured by ``python benchmarks/run.py --only imports`` (BENCHMARKS.md).
"""

from __future__ import annotations

import gc
import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard import cli as cli_module
from scorecard import startup
from scorecard.resources import sample_workbook

ROOT = Path(__file__).resolve().parent.parent

# runs `scorecard ARGS` through the console-script entry point (scorecard.cli.main) and reports, as
# JSON on the last stdout line, every garbage collection that started while pandas was being imported
_DRIVER = r"""
import gc, json, sys
during_import = []
def watch(phase, info):
    mod = sys.modules.get("pandas")
    if phase == "start" and mod is not None and getattr(getattr(mod, "__spec__", None), "_initializing", False):
        during_import.append(info["generation"])
gc.callbacks.append(watch)
sys.argv = ["scorecard", *json.loads(sys.argv[1])]
from scorecard.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
from scorecard import startup
print(json.dumps({"code": code, "during_import": during_import, "frozen": gc.get_freeze_count(),
                  "enabled": gc.isenabled(), "pandas": "pandas" in sys.modules,
                  "malloc": startup.malloc_steadied, "numpy_hugepages_off": startup.numpy_hugepages_off}))
"""


def _run(args: list[str], tmp_path: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", _DRIVER, json.dumps(args)], capture_output=True, text=True,
                          cwd=tmp_path, timeout=300, env=_env())
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    return env


def test_score_process_imports_pandas_with_the_collector_paused(tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    got = _run(["score", str(sample_workbook()), "--format", "json", "-o", str(out), "--lang", "en"], tmp_path)
    assert got["code"] == 0
    assert got["pandas"]
    assert got["during_import"] == []  # no collection while pandas was being imported
    assert got["frozen"] > 10_000  # start-up's objects moved out of the collector's generations
    assert got["enabled"]  # and the collector back on for the command's own work
    assert len(json.loads(out.read_text(encoding="utf-8"))["regions"]) > 0
    if sys.platform.startswith("linux") and (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc"):
        # glibc's malloc thresholds fixed for the run, not left to depend on what was freed first
        assert got["malloc"] == {"mmap_threshold": 32 << 20, "trim_threshold": 64 << 20}
    # numpy's huge-page advice off for the run (fresh huge pages cost more than they save here)
    assert got["numpy_hugepages_off"] is ("NUMPY_MADVISE_HUGEPAGE" not in os.environ)


def test_missing_workbook_still_exits_1_with_the_collector_restored(tmp_path: Path) -> None:
    got = _run(["validate", str(tmp_path / "missing.xlsx"), "--lang", "en"], tmp_path)
    assert got["code"] == 1
    assert got["during_import"] == [] and got["enabled"]


def test_help_of_a_data_command_imports_no_pandas(tmp_path: Path) -> None:
    got = _run(["score", "--help"], tmp_path)
    assert got["code"] == 0
    assert not got["pandas"] and got["frozen"] == 0 and got["malloc"] is None and not got["numpy_hugepages_off"]


def test_a_command_without_pandas_is_not_given_it(tmp_path: Path) -> None:
    got = _run(["rubrics"], tmp_path)
    assert got["code"] == 0
    assert not got["pandas"] and got["frozen"] == 0


def test_in_process_cli_leaves_the_host_collector_alone(tmp_path: Path) -> None:
    frozen, enabled = gc.get_freeze_count(), gc.isenabled()
    result = CliRunner().invoke(cli_module.cli, ["score", str(sample_workbook()), "--format", "json",
                                                 "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert not startup.is_own_process()
    assert gc.get_freeze_count() == frozen and gc.isenabled() == enabled
    assert startup.malloc_steadied is None  # a host program's malloc is left as it is
    assert not startup.numpy_hugepages_off  # and its numpy


def test_import_core_outside_scorecards_process_does_nothing() -> None:
    frozen = gc.get_freeze_count()
    startup.import_core(("scorecard.startup_absent_module_never_imported",))  # not own process: no import
    assert gc.get_freeze_count() == frozen


# ---------------------------------------------------------------- the cache of parsed shipped files

def _sys_modules_after(args: list[str], tmp_path: Path, cache_dir: Path) -> set[str]:
    code = ("import sys\nsys.argv = ['scorecard', *%r]\nfrom scorecard.cli import main\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    assert exc.code in (0, None), exc.code\n"
            "print(sorted({m.split('.')[0] for m in sys.modules}))" % (args,))
    env = _env()
    env["SCORECARD_CACHE_DIR"] = str(cache_dir)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=300,
                          env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return set(json.loads(proc.stdout.strip().splitlines()[-1].replace("'", '"')))


def test_second_score_process_parses_no_yaml(tmp_path: Path) -> None:
    """The catalogue and the shipped rubric come from the cache once a process stored them: a
    score with the default rubric then imports no PyYAML at all."""
    cache_dir = tmp_path / "cache"
    args = ["score", str(sample_workbook()), "--format", "json", "-o", str(tmp_path / "s.json"), "--force"]
    assert "yaml" in _sys_modules_after(args, tmp_path, cache_dir)  # cold: parsed, then stored
    assert sorted(p.name.split("-")[0] for p in cache_dir.glob("*.marshal")) == ["catalogue", "rubric"]
    first = (tmp_path / "s.json").read_bytes()
    assert "yaml" not in _sys_modules_after(args, tmp_path, cache_dir)  # warm
    assert (tmp_path / "s.json").read_bytes() == first


def test_cached_catalogue_and_rubrics_equal_the_parsed_files(tmp_path: Path, monkeypatch) -> None:
    from scorecard import i18n
    from scorecard.io.rubric_file import read_rubric_yaml, shipped_rubrics
    from scorecard.io.yamlload import load_yaml

    monkeypatch.setenv("SCORECARD_CACHE_DIR", str(tmp_path))
    files = [(p.name, p.read_bytes()) for p in sorted(i18n._LOCALE_DIR.glob("*.yaml"))]
    parsed = i18n._merge(files)
    for _ in range(2):  # stored, then read back
        i18n.catalogue.cache_clear()
        try:
            assert i18n.catalogue() == parsed
        finally:
            i18n.catalogue.cache_clear()
    for path in shipped_rubrics().values():
        plain = load_yaml(path.read_bytes().decode("utf-8-sig"), str(path))
        for _ in range(2):
            got = read_rubric_yaml(path)
            assert (got.data, got.lines) == (plain.data, plain.lines)
    assert len(list(tmp_path.glob("rubric-*.marshal"))) == len(shipped_rubrics())


def test_a_users_own_rubric_is_never_cached(tmp_path: Path, monkeypatch) -> None:
    from scorecard.io.rubric_file import load_rubric, resolve_rubric_path

    monkeypatch.setenv("SCORECARD_CACHE_DIR", str(tmp_path / "cache"))
    own = tmp_path / "mine.yaml"
    own.write_bytes(resolve_rubric_path(None).read_bytes())
    assert load_rubric(str(own)).id
    assert not (tmp_path / "cache").exists()


def test_cache_follows_the_content_and_survives_corruption(tmp_path: Path, monkeypatch) -> None:
    from scorecard import cache

    monkeypatch.setenv("SCORECARD_CACHE_DIR", str(tmp_path))
    calls: list[bytes] = []

    def parse(content: bytes):
        return lambda: calls.append(content) or {"parsed": content.decode(), "n": [1, 2.5, True, None]}

    assert cache.parsed("k", b"one", parse(b"one")) == {"parsed": "one", "n": [1, 2.5, True, None]}
    assert cache.parsed("k", b"one", parse(b"one"))["parsed"] == "one" and calls == [b"one"]  # read back
    assert cache.parsed("k", b"two", parse(b"two"))["parsed"] == "two" and calls == [b"one", b"two"]  # edited
    assert len(list(tmp_path.glob("k-*.marshal"))) == 2  # both contents kept (two installed versions)
    for n in range(cache.KEEP + 3):
        cache.parsed("k", b"v%d" % n, parse(b"v%d" % n))
    assert len(list(tmp_path.glob("k-*.marshal"))) == cache.KEEP  # the oldest removed
    calls.clear()
    cache.parsed("k", b"two", parse(b"two"))
    calls.clear()
    (entry,) = [p for p in tmp_path.glob("k-*.marshal") if b"two" in p.read_bytes()]
    entry.write_bytes(b"\x00garbage")
    assert cache.parsed("k", b"two", parse(b"two"))["parsed"] == "two" and calls == [b"two"]  # parsed again
    import datetime

    assert cache.parsed("d", b"x", lambda: datetime.date(2024, 1, 1)) == datetime.date(2024, 1, 1)  # not storable
    assert not list(tmp_path.glob("d-*"))


def test_a_dead_writers_temporary_file_is_removed_by_the_next_store(tmp_path: Path, monkeypatch) -> None:
    """A process that died while storing leaves `.k-<key>.marshal.<pid>.<rand>.tmp`; the next
    store of that kind removes it once it is an hour old, never a fresh one (another process may
    be writing it now) and never another kind's."""
    import os
    import time

    from scorecard import cache

    monkeypatch.setenv("SCORECARD_CACHE_DIR", str(tmp_path))
    old = tmp_path / ".k-0123.marshal.999.abcd.tmp"
    fresh = tmp_path / ".k-4567.marshal.998.ef01.tmp"
    other = tmp_path / ".r-89ab.marshal.997.2345.tmp"
    for left in (old, fresh, other):
        left.write_bytes(b"half")
    hour_ago = time.time() - cache.STALE_TMP_SECONDS - 60
    os.utime(old, (hour_ago, hour_ago))
    os.utime(other, (hour_ago, hour_ago))
    assert cache.parsed("k", b"one", lambda: {"v": 1}) == {"v": 1}
    assert not old.exists() and fresh.exists() and other.exists()
    assert len(list(tmp_path.glob("k-*.marshal"))) == 1
    assert sorted(p.name for p in tmp_path.glob(".k-*.tmp")) == [fresh.name]


def test_cache_off_or_unwritable_parses_every_time(tmp_path: Path, monkeypatch) -> None:
    from scorecard import cache

    monkeypatch.setenv("SCORECARD_CACHE_DIR", "off")
    assert cache.cache_dir() is None
    assert cache.parsed("k", b"x", lambda: [1]) == [1]
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("SCORECARD_CACHE_DIR", str(blocker / "cache"))
    assert cache.parsed("k", b"x", lambda: [2]) == [2]
    assert cache.parsed("k", b"x", lambda: [3]) == [3]  # nothing stored: parsed again
    assert blocker.read_text(encoding="utf-8") == "not a folder"


# ---- damaged entries (QA): whatever lies at an entry's path, a run parses again, silently

def _entry(folder: Path, kind: str) -> Path:
    (entry,) = folder.glob(f"{kind}-*.marshal")
    return entry


def test_decodable_but_wrong_entries_are_parsed_again(tmp_path: Path, monkeypatch) -> None:
    """An entry overwritten with something marshal still decodes ({} or None over the catalogue,
    [1, 2] over a rubric) used to be served: every run then failed (KeyError 'cli.internal-error'
    on --help; a rubric error blaming the shipped file) until the user deleted the cache."""
    from scorecard import i18n
    from scorecard.io.rubric_file import read_rubric_yaml, resolve_rubric_path
    from scorecard.io.yamlload import load_yaml

    monkeypatch.setenv("SCORECARD_CACHE_DIR", str(tmp_path))
    rubric = resolve_rubric_path(None)
    plain = load_yaml(rubric.read_bytes().decode("utf-8-sig"), str(rubric))
    i18n.catalogue.cache_clear()
    try:
        parsed = i18n.catalogue()
        read_rubric_yaml(rubric)
        for bad in ({}, None, [1, 2], {"cli.internal-error": "not an entry"}, (plain.data, {"id": "1"})):
            _entry(tmp_path, "catalogue").write_bytes(marshal.dumps(bad))
            _entry(tmp_path, f"rubric-{rubric.stem}").write_bytes(marshal.dumps(bad))
            i18n.catalogue.cache_clear()
            assert i18n.catalogue() == parsed, bad
            got = read_rubric_yaml(rubric)
            assert (got.data, got.lines) == (plain.data, plain.lines), bad
            # and the entry was written afresh: the next process reads it back
            assert len(_entry(tmp_path, "catalogue").read_bytes()) > 100_000
            assert len(_entry(tmp_path, f"rubric-{rubric.stem}").read_bytes()) > 1_000
    finally:
        i18n.catalogue.cache_clear()
    # the shape checks themselves (an intact entry of a wrong shape gets past the digest)
    from scorecard.io.rubric_file import _is_plain

    assert i18n._is_catalogue(parsed) and _is_plain((plain.data, plain.lines))
    entry = next(iter(parsed.values()))
    for bad in ({}, None, [1, 2], {"cli.internal-error": {"en": "no Indonesian"}},
                {**parsed, "x": {"id": 5}}, {**parsed, "x": {"id": {"one": "no other"}}}, {**parsed, 7: entry}):
        assert not i18n._is_catalogue(bad)
    for bad in (None, [1, 2], (plain.data,), ([1, 2], plain.lines), ({}, plain.lines), (plain.data, {"id": "1"}),
                (plain.data, [1])):
        assert not _is_plain(bad)
    _entry(tmp_path, "catalogue").write_bytes(marshal.dumps(None))
    env = _env()
    env["SCORECARD_CACHE_DIR"] = str(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "scorecard", "--help"], capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=300)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr and proc.stderr == "", proc.stderr
    assert "scorecard" in proc.stdout


def test_an_entry_is_trusted_only_with_its_own_header_digest_and_shape(tmp_path: Path, monkeypatch) -> None:
    """A well-formed entry whose bytes were altered (the digest in its header no longer matches),
    an entry copied over another key's name, and an intact entry of a shape the caller refuses:
    each is parsed again, never served."""
    from scorecard import cache

    monkeypatch.setenv("SCORECARD_CACHE_DIR", str(tmp_path))
    calls: list[str] = []

    def parse(text: str):
        return lambda: calls.append(text) or {"parsed": text}

    assert cache.parsed("k", b"one", parse("one")) == {"parsed": "one"}
    entry = _entry(tmp_path, "k")
    blob = entry.read_bytes()
    assert blob.count(b"one") == 1
    entry.write_bytes(blob.replace(b"one", b"owt"))  # still decodes, to {"parsed": "owt"}
    assert marshal.loads(entry.read_bytes()[-len(marshal.dumps({"parsed": "owt"})):]) == {"parsed": "owt"}
    assert cache.parsed("k", b"one", parse("one")) == {"parsed": "one"} and calls == ["one", "one"]
    assert entry.read_bytes() == blob  # written afresh
    assert cache.parsed("k", b"one", parse("one")) == {"parsed": "one"} and calls == ["one", "one"]  # trusted
    # an intact entry of another key, copied over this one's name
    cache.parsed("k", b"two", parse("two"))
    (other,) = [p for p in tmp_path.glob("k-*.marshal") if p != entry]
    entry.write_bytes(other.read_bytes())
    calls.clear()
    assert cache.parsed("k", b"one", parse("one")) == {"parsed": "one"} and calls == ["one"]
    # an intact entry whose value the caller's check refuses
    calls.clear()
    assert cache.parsed("k", b"one", parse("one"), valid=lambda v: "n" in v) == {"parsed": "one"} and calls == ["one"]
    assert cache.parsed("k", b"one", parse("one"), valid=lambda v: v["parsed"] == "one") == {"parsed": "one"}
    assert calls == ["one"]
    # a check that itself fails on the value (a KeyError, say) counts as a refusal
    assert cache.parsed("k", b"one", parse("one"), valid=lambda v: v["absent"]) == {"parsed": "one"}
    assert calls == ["one", "one"]
    # an entry that is a folder: parsed every time, nothing raised
    entry.unlink()
    entry.mkdir()
    assert cache.parsed("k", b"one", parse("one")) == {"parsed": "one"} and entry.is_dir()


def test_a_named_pipe_at_an_entry_is_never_opened(tmp_path: Path) -> None:
    """A FIFO at an entry's path made every run wait forever for a writer. It is now left unopened,
    the file parsed, and the pipe replaced by a regular entry (run in a child process: a regression
    would hang, and the timeout turns that into a failure)."""
    import os
    import stat

    if not hasattr(os, "mkfifo"):
        return
    env = _env()
    env["SCORECARD_CACHE_DIR"] = str(tmp_path)
    code = ("from scorecard import cache\n"
            "print(cache.parsed('k', b'one', lambda: {'parsed': 'one'}))\n")
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert first.returncode == 0, first.stderr
    entry = _entry(tmp_path, "k")
    entry.unlink()
    os.mkfifo(entry)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0 and proc.stdout.strip() == "{'parsed': 'one'}", proc.stderr
    assert stat.S_ISREG(entry.stat().st_mode)  # the pipe replaced (renamed over), never written into
    # the catalogue too: --help with a pipe at the catalogue's entry
    catalogue_code = "from scorecard import i18n\nprint(len(i18n.catalogue()) > 100)\n"
    assert subprocess.run([sys.executable, "-c", catalogue_code], env=env, timeout=300).returncode == 0
    catalogue = _entry(tmp_path, "catalogue")
    catalogue.unlink()
    os.mkfifo(catalogue)
    proc = subprocess.run([sys.executable, "-m", "scorecard", "--help", "--lang", "en"], capture_output=True,
                          text=True, env=env, timeout=300)
    assert proc.returncode == 0 and proc.stderr == "" and "Usage" in proc.stdout, proc.stderr
    assert stat.S_ISREG(catalogue.stat().st_mode)

# ---------------------------------------------------------------- leaving without the interpreter's teardown

_LEAVE = r"""
import atexit, os, sys, threading
from scorecard import startup
atexit.register(lambda: sys.stdout.write("teardown ran\n"))
sys.stdout.write("written before leaving\n")  # still in the buffer: leave() must flush it
case = sys.argv[1]
if case == "thread":
    stop = threading.Event()
    threading.Thread(target=stop.wait, args=(5,), daemon=False).start()
    threading.Timer(0.5, stop.set).start()
if case == "profiled":
    sys.setprofile(lambda *a: None)
code = {"none": None, "int": 3, "text": "a message", "bool": True, "big": 300}.get(case, 0)
startup.leave(code)
sys.setprofile(None)
sys.stdout.write("leave returned\n")
sys.exit(code)
"""


@pytest.mark.parametrize("case, leaves, status", [
    ("none", True, 0), ("int", True, 3), ("text", False, 1), ("bool", False, 1), ("big", False, 300 % 256),
    ("thread", False, 0), ("profiled", False, 0), ("full", False, 0),
])
def test_leave_exits_at_once_only_when_nothing_is_lost(case: str, leaves: bool, status: int, tmp_path: Path) -> None:
    """An integer status (or None) with nothing pending: the process ends with that status, its
    buffered output flushed, and no teardown (the atexit hook does not run). An exit message, a
    non-daemon thread still running, a profiler or SCORECARD_FULL_EXIT=1: leave() returns and
    Python exits as usual (the hook runs)."""
    env = _env()
    if case == "full":
        env["SCORECARD_FULL_EXIT"] = "1"
    proc = subprocess.run([sys.executable, "-c", _LEAVE, case], capture_output=True, text=True, cwd=tmp_path,
                          timeout=60, env=env)
    assert proc.returncode == status, proc.stderr[-2000:]
    assert proc.stdout.startswith("written before leaving\n")
    if leaves:
        assert proc.stdout == "written before leaving\n"
    else:
        assert proc.stdout == "written before leaving\nleave returned\nteardown ran\n"


def test_console_entry_point_output_is_complete(tmp_path: Path) -> None:
    """`python -m scorecard` (run(): main, then leave) writes the same complete JSON to a pipe and
    to a file as the in-process CLI, and exits 0; an input error still exits 1 with its message."""
    args = ["score", str(sample_workbook()), "--format", "json", "--lang", "en"]
    expected = CliRunner().invoke(cli_module.cli, args).stdout
    piped = subprocess.run([sys.executable, "-m", "scorecard", *args], capture_output=True, text=True, cwd=tmp_path,
                           timeout=300, env=_env())
    assert piped.returncode == 0, piped.stderr[-2000:]
    assert piped.stdout == expected and json.loads(piped.stdout)["regions"]
    to_file = subprocess.run([sys.executable, "-m", "scorecard", *args, "-o", "s.json"], capture_output=True,
                             text=True, cwd=tmp_path, timeout=300, env=_env())
    assert to_file.returncode == 0, to_file.stderr[-2000:]
    assert (tmp_path / "s.json").read_text(encoding="utf-8") == expected
    missing = subprocess.run([sys.executable, "-m", "scorecard", "score", "missing.xlsx", "--lang", "en"],
                             capture_output=True, text=True, cwd=tmp_path, timeout=300, env=_env())
    assert missing.returncode == 1 and "missing.xlsx" in missing.stderr and "Traceback" not in missing.stderr
