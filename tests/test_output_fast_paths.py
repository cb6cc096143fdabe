"""The fast ``score`` writers against the plain ones on tricky values (issue 17, BENCHMARKS.md).

* JSON: a block of regions is written by one orjson call over a float64 array (numbers) and one
  %-template (the text between numbers); the plain path encodes a dict per region. Both must give
  the same bytes for -0.0, 1e-05 style exponents, whole numbers on both sides of 2**53 and 1e16,
  NaN/inf (null), text with quotes, backslashes, control characters, ``%`` and non-ASCII.
* CSV: the numbers are orjson's tokens, text as Python's csv.writer (QUOTE_MINIMAL) writes it after
  formula neutralising; compared with csv.writer over the converted cells.
"""

from __future__ import annotations

import csv
import os
import sys
import dataclasses
import io
import json
from pathlib import Path

import numpy as np
import orjson
import pandas as pd
import pytest

from scorecard.analysis import analyse
from scorecard.io import score_output as so
from scorecard.io.output import safe_cell

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "indicators" / "contoh_smart_city.xlsx"

TRICKY = [0.0, -0.0, 1e-05, 2.5e-05, 1e-07, 6.666666666666665e-08, 0.1, 1 / 3, -2 / 3, 12.0, -3.0, 72.42,
          1e15, 2.0**53 - 1, -(2.0**53 - 1), 1e16, 1.5e16, 1e17, 1.2345678901234568e17, 1e22, 1e300, -1e300,
          5e-324, -5e-324, 1.7976931348623157e308, float("nan"), float("inf"), float("-inf"), 123456789.0,
          0.5, -0.5, 2.5, -2.5, 99.99999999999999, 100.0, 1e-300]
BIG_WHOLE = [2.0**53, 2.0**53 + 2, 9.5e15, -9.999999999999998e15]  # whole, >= 2**53, < 1e16: keep ".0"


def _plain_rows(columns: list[list], whole: list[bool]) -> list[bytes]:
    tok = so._Tokens()
    tokens = [tok.numbers(so.ints(c) if w else so.numbers(c)) for c, w in zip(columns, whole)]
    return [b"{" + b",".join(row) + b"}" for row in zip(*tokens)]


def _fast_rows(columns: list[list], whole: list[bool]) -> bytes:
    tok = so._Tokens()
    parts: list = [b"{"]
    for n, (c, w) in enumerate(zip(columns, whole)):
        if n:
            parts.append(b",")
        parts.append(so._Num(np.array(c, dtype=float), w))
    parts.append(b"}")
    return so._assemble(parts, len(columns[0]))


@pytest.mark.parametrize("seed", range(6))
def test_block_of_numbers_equals_orjson_of_the_converted_values(seed):
    rng = np.random.default_rng(seed)
    pool = np.array(TRICKY + (BIG_WHOLE if seed % 2 else []))
    m = [1, 2, 7, 50, 333, 1000][seed]
    ranks = pool[~(np.abs(pool) >= 1e18)]  # ints() casts to int64: no value beyond its range
    columns = [rng.choice(ranks if n in (1, 3) else pool, m).tolist() for n in range(5)]
    columns.append((rng.standard_normal(m) * 10.0 ** rng.integers(-12, 20, m)).tolist())  # any magnitude
    columns.append(np.trunc(rng.standard_normal(m) * 1e6).tolist())  # whole numbers
    whole = [False, True, False, True, False, False, True]
    plain = b",\n    ".join(_plain_rows(columns, whole))
    assert _fast_rows(columns, whole) == plain


def test_number_tokens_are_those_of_the_plain_path_one_by_one():
    values = TRICKY + BIG_WHOLE
    for whole in (False, True):
        column = [v for v in values if not (whole and abs(v) >= 1e18)]
        fast = _fast_rows([column], [whole]).split(b",\n    ")
        assert fast == _plain_rows([column], [whole])
    fast = _fast_rows([values], [False]).split(b",\n    ")
    assert fast[1] == b"{0}" and fast[2] == b"{0.00001}" and fast[9] == b"{12}"  # -0.0 -> 0; 1e-05; 12.0 -> 12
    assert fast[25] == fast[26] == b"{null}" and fast[len(TRICKY)] == b"{9007199254740992.0}"


def test_text_pieces_and_merges_keep_every_byte():
    tok = so._Tokens()
    texts = ['A', None, 'b"q', "c\\d", "e\nf", "%s %b 100%", "Ü\u2028", "=1+2", "A", None]
    cat = so._text_piece(tok, texts, b"<", skip_none=True)
    plain = [b"" if v is None else b"<" + orjson.dumps(v) for v in texts]
    rows = cat.rows() if isinstance(cat, so._Cat) else cat
    assert rows == plain
    merged = so._merge([b"%x", cat, b"%%", so._Cat(np.arange(len(texts)) % 3, [b"0", b"1", b"%b"]), ["r%d" % i
                        for i in range(len(texts))] and [b"r%d" % i for i in range(len(texts))]])
    assert merged == [b"%x" + p + b"%%" + [b"0", b"1", b"%b"][i % 3] + b"r%d" % i for i, p in enumerate(plain)]


def _plain_json(a) -> bytes:
    original = so._fast_region_blocks
    so._fast_region_blocks = lambda _a: None  # type: ignore[assignment]
    try:
        return so.score_json_bytes(a, "en")
    finally:
        so._fast_region_blocks = original


@pytest.fixture(scope="module")
def sample():
    from scorecard.io.registry_file import load_registry
    from scorecard.io.rubric_file import load_rubric
    from scorecard.io.workbook import read_workbook
    from scorecard.validate import read_tables

    rubric = load_rubric(None)
    tables, _ = read_tables(read_workbook(str(SAMPLE)), rubric, load_registry(), current_year=2026)
    return analyse(tables, rubric, trends=False)


def _tricky_analysis(a, seed: int, big_whole: bool):
    """The sample's analysis with its numbers replaced by tricky ones and its text by hostile text."""
    rng = np.random.default_rng(seed)
    res = a.score
    pool = np.array(TRICKY + (BIG_WHOLE if big_whole else []))

    def scramble(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.to_numpy(dtype=float, copy=True)
        mask = rng.random(out.shape) < 0.5
        out[mask] = rng.choice(pool, out.shape)[mask]
        return pd.DataFrame(out, index=frame.index, columns=frame.columns)

    regions = res.regions.copy()
    odd = ['Kota "Kutip"', "Kab. A\\B", "Tab\there", "Baris\nbaru", "=HYPERLINK(1)", "+62 811", "-", "-2,5",
           "100% %s %b", "Ünïcødé ✓", "@user", ",koma,", " spasi "]
    regions["name"] = [odd[i % len(odd)] + f" {i}" for i in range(len(regions))]
    regions["provinsi"] = [odd[(i * 7) % len(odd)] for i in range(len(regions))]
    grades = res.grades.astype(object).copy()
    grades.iloc[::3, 0] = '"A"'
    grades.iloc[1::5, 0] = None
    score = dataclasses.replace(res, regions=regions, values=scramble(res.values),
                                indicator_scores=scramble(res.indicator_scores),
                                dimension_scores=scramble(res.dimension_scores),
                                overall=pd.Series(rng.choice(pool, len(res.overall)), index=res.overall.index),
                                coverage=pd.Series(rng.choice(pool, len(res.coverage)), index=res.coverage.index),
                                grades=grades)
    return dataclasses.replace(a, score=score)


@pytest.mark.parametrize("seed, big_whole", [(1, False), (2, True), (3, False)])
def test_fast_json_equals_plain_json_on_tricky_values(sample, seed, big_whole):
    a = _tricky_analysis(sample, seed, big_whole)
    assert so._fast_region_blocks(a) is not None
    fast = so.score_json_bytes(a, "en")
    assert fast == _plain_json(a)
    doc = json.loads(fast)
    assert any(r["score"] is None for r in doc["regions"])  # NaN/inf written as null


def _csv_plain(a) -> str:
    """score --format csv as Python's csv.writer writes the converted cells (the reference)."""
    header, cols = so._csv_columns(a)
    columns = [c if isinstance(c, list) else c[1](c[0]) for c in cols]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([safe_cell(h) for h in header])

    def cell(v):
        if v is None:
            return ""
        if isinstance(v, float):  # the JSON's shortest round-trip token (orjson), not repr()
            return orjson.dumps(v).decode()
        return safe_cell(v)

    for row in zip(*columns):
        writer.writerow([cell(v) for v in row])
    return buf.getvalue()


@pytest.mark.parametrize("seed, big_whole", [(1, False), (2, True)])
def test_fast_csv_equals_csv_writer_on_tricky_values(sample, seed, big_whole):
    a = _tricky_analysis(sample, seed, big_whole)
    text = so.score_csv(a, "en")
    assert text == _csv_plain(a)
    assert "'=HYPERLINK(1) 4" in text and '"Kota ""Kutip"" 0"' in text


def test_fast_csv_equals_csv_writer_on_the_sample(sample):
    assert so.score_csv(sample, "en") == _csv_plain(sample)


# --- the writer thread of io/output.py: chunks written while the next is produced ----------------

def test_chunks_are_written_in_order_by_the_writer_thread(tmp_path):
    from scorecard.io import output

    chunks = [bytes([65 + n % 26]) * (n * 1000 + 1) for n in range(40)]
    target = tmp_path / "hasil.json"
    output.atomic_write_bytes(target, iter(chunks))
    assert target.read_bytes() == b"".join(chunks)
    assert [p.name for p in tmp_path.iterdir()] == ["hasil.json"]


@pytest.mark.parametrize("where", ["write", "producer"])
def test_a_failure_while_streaming_keeps_the_old_file_and_leaves_nothing(tmp_path, monkeypatch, where):
    import errno
    import threading

    from scorecard.io import output
    from scorecard.issues import InputError

    target = tmp_path / "hasil.json"
    target.write_bytes(b"versi lama\n")
    produced = []

    def chunks():
        for n in range(50):
            if where == "producer" and n == 7:
                raise RuntimeError("encoder failed")
            produced.append(n)
            yield b"x" * 100_000

    if where == "write":
        real = output._write_chunks

        def failing(fh, body):
            class Full:
                def __init__(self, raw):
                    self.raw, self.n = raw, 0

                def write(self, b):
                    self.n += 1
                    if self.n == 3:  # the third chunk: the disk is full (in the writer thread)
                        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
                    return self.raw.write(b)
            return real(Full(fh), body)
        monkeypatch.setattr(output, "_write_chunks", failing)
    before = threading.active_count()
    with pytest.raises(InputError if where == "write" else RuntimeError) as info:
        output.atomic_write_bytes(target, chunks())
    if where == "write":
        assert info.value.report.errors[0].code == "output-disk-full"
        assert len(produced) < 50  # the producer stopped soon after the failed write
    assert target.read_bytes() == b"versi lama\n"
    assert [p.name for p in tmp_path.iterdir()] == ["hasil.json"]
    assert threading.active_count() == before  # the writer thread has ended


# --- early writeback of a large chunked output (io/output.py _Writeback, Linux) -------------------

def _small_window(monkeypatch):
    from scorecard.io import output

    monkeypatch.setattr(output._Writeback, "START", 64 * 1024)
    monkeypatch.setattr(output._Writeback, "WINDOW", 256 * 1024)
    monkeypatch.setattr(output._Writeback, "ALIGN", 4096)
    monkeypatch.setattr(output._Writeback, "DIRECT", False)  # the page-cache path (O_DIRECT: below)
    seen: list[tuple[int, int]] = []
    real = output._Writeback._sync_range

    def spy(self, start, length, flags):
        seen.append((start, start + length, flags))
        return real(self, start, length, flags)

    monkeypatch.setattr(output._Writeback, "_sync_range", spy)
    return seen


def test_writeback_started_and_released_behind_the_writer_keeps_every_byte(tmp_path, monkeypatch):
    import sys

    from scorecard.io import output

    seen = _small_window(monkeypatch)
    chunks = [bytes([65 + n % 26]) * (30_001 + n * 997) for n in range(60)]  # not page-aligned
    target = tmp_path / "hasil.json"
    target.write_bytes(b"versi lama\n")
    output.atomic_write_bytes(target, iter(chunks))
    assert target.read_bytes() == b"".join(chunks)
    assert [p.name for p in tmp_path.iterdir()] == ["hasil.json"]
    if sys.platform.startswith("linux"):
        started = [(a, b) for a, b, f in seen if f == 2]
        waited = [(a, b) for a, b, f in seen if f == 7]
        assert started and waited
        assert all(b - a >= 64 * 1024 for a, b in started)  # started in stretches of START bytes or more
        assert [a for a, _ in started] == [0] + [b for _, b in started[:-1]]  # one after the other
        assert all(a % 4096 == 0 and b % 4096 == 0 for a, b in waited)  # whole pages only
        total = sum(map(len, chunks))
        assert waited[-1][1] <= total - 256 * 1024  # never the last WINDOW bytes
    else:
        assert seen == []


def test_a_writeback_error_is_a_failed_write_and_the_old_file_stays(tmp_path, monkeypatch):
    import errno

    from scorecard.io import output
    from scorecard.issues import InputError

    _small_window(monkeypatch)

    def broken(self, start, length, flags):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    real_init = output._Writeback.__init__

    def on_any_system(self, fh):
        real_init(self, fh)
        self.fd = fh.fileno()  # (elsewhere than Linux too: the failure path is what is tested)

    monkeypatch.setattr(output._Writeback, "_sync_range", broken)
    monkeypatch.setattr(output._Writeback, "__init__", on_any_system)
    target = tmp_path / "hasil.json"
    target.write_bytes(b"versi lama\n")
    with pytest.raises(InputError) as info:
        output.atomic_write_bytes(target, (b"x" * 100_000 for _ in range(20)))
    assert info.value.report.errors[0].code == "output-cannot-write"
    assert target.read_bytes() == b"versi lama\n"
    assert [p.name for p in tmp_path.iterdir()] == ["hasil.json"]


@pytest.mark.parametrize("err", ["EINVAL", "ENOSYS", "EOPNOTSUPP"])
def test_writeback_unsupported_here_is_left_to_the_closing_fsync(tmp_path, monkeypatch, err):
    import errno
    import sys

    from scorecard.io import output

    calls = []

    def unsupported(fd, start, length, flags):
        calls.append(flags)
        return -1

    with open(tmp_path / "probe", "wb") as fh:
        wb = output._Writeback(fh)
        if not sys.platform.startswith("linux"):
            assert wb.fd == -1  # a no-op elsewhere
            return
        wb._range = (unsupported, lambda: getattr(errno, err))
        wb.START, wb.WINDOW, wb.ALIGN = 10, 20, 1
        for _ in range(5):
            wb.wrote(100)  # no error: the first refusal switches it off
    assert calls == [2] and wb.fd == -1


# --- ScoreResult.codes: best first without sorting every name (results.best_first) ----------------

@pytest.mark.parametrize("seed", range(8))
def test_best_first_is_the_pandas_sort_of_group_rank_name(seed):
    from scorecard.results import best_first

    rng = np.random.default_rng(seed)
    n = [1, 2, 5, 40, 300, 1000, 2000, 64][seed]
    groups = rng.choice(["kota", "kabupaten", "Kota", "desa", None], n).tolist()
    ranks = rng.integers(1, max(2, n // 3), n).astype(float)  # many ties
    ranks[rng.random(n) < 0.2] = np.nan  # unranked regions: last in their group
    names = rng.choice(["Bantul", "bantul", "Ambon", "Élan", "Zeta", "ambon", "", "Ambon ", None], n).tolist()
    if seed % 2:
        names = [v if v is None else v + str(k % 7) for k, v in enumerate(names)]
    if seed == 7:
        ranks[:] = np.nan  # no region ranked: one run per group, ordered by name
    index = pd.Index([f"C{k:05d}" for k in rng.permutation(n)])
    dtype = "str" if seed % 3 == 0 else object
    regions = pd.DataFrame({"peer_group": pd.Series(groups, index=index, dtype=object),
                            "name": pd.Series(names, index=index, dtype=dtype)})
    r = pd.Series(ranks, index=index.copy())  # an equal index, not the same object
    expected = pd.DataFrame({"g": regions["peer_group"], "r": r, "n": regions["name"]}).sort_values(
        ["g", "r", "n"], na_position="last").index.tolist()
    assert best_first(regions["peer_group"], r, regions["name"]) == expected


def test_best_first_leaves_the_unusual_cases_to_pandas():
    from scorecard.results import best_first

    index = pd.Index(["a", "b", "c"])
    groups, names = pd.Series(["x", "x", "x"], index=index), pd.Series(["n", 5, "m"], index=index, dtype=object)
    assert best_first(groups, pd.Series([1.0, 1.0, 1.0], index=index), names) is None  # a number as a name, tied
    assert best_first(groups, pd.Series([1.0, 2.0], index=index[:2]), names) is None  # other regions
    assert best_first(groups, pd.Series([1, 2, 3], index=index), names) is None  # not floats
    assert best_first(groups, pd.Series([2.0, 1.0, 3.0], index=index), names) == ["b", "a", "c"]  # no tie: names unread


# --- the helper process of a large JSON (io/helper.py) ----------------------------------------------

def _no_child_left() -> bool:
    """No child process of this one, running or unreaped."""
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


needs_fork = pytest.mark.skipif(not hasattr(os, "fork") or not sys.platform.startswith("linux"),
                                reason="the helper process is Linux only")


@needs_fork
@pytest.mark.parametrize("fail", [None, "raise", "die"])
def test_helper_blocks_come_in_order_and_a_failed_helper_is_replaced(monkeypatch, fail):
    from scorecard.io import helper

    monkeypatch.setattr(helper, "wanted", lambda blocks: True)
    parent = os.getpid()

    def encode(s):
        if os.getpid() != parent and s == 5:  # only in the helper, at its third block
            if fail == "raise":
                raise RuntimeError("helper failed")
            if fail == "die":
                os.kill(os.getpid(), 9)
        return (f"blok {s} " * (s * 5000 + 1)).encode()

    starts = list(range(10))
    got = [bytes(t) for t in helper.blocks_in_order(encode, starts)]
    assert got == [encode(s) for s in starts]
    assert _no_child_left()


@needs_fork
def test_helper_is_reaped_when_the_blocks_are_abandoned(monkeypatch):
    from scorecard.io import helper

    monkeypatch.setattr(helper, "wanted", lambda blocks: True)
    blocks = helper.blocks_in_order(lambda s: b"x" * 3_000_000, list(range(8)))  # more than a pipe holds
    assert len(next(blocks)) == len(next(blocks)) == 3_000_000
    blocks.close()  # a failed write or Ctrl-C in the caller
    assert _no_child_left()


def test_helper_not_wanted_for_few_blocks_or_with_other_threads(monkeypatch):
    import threading

    from scorecard.io import helper

    assert not helper.wanted(helper.MIN_BLOCKS - 1)
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert not helper.wanted(100)  # a fork would copy only this thread
    finally:
        stop.set()
        t.join()


@needs_fork
@pytest.mark.parametrize("seed", range(2))
def test_fast_json_with_a_helper_is_the_same_bytes(sample, monkeypatch, seed):
    from scorecard.io import helper

    a = _tricky_analysis(sample, seed + 4, big_whole=bool(seed))
    alone = so.score_json_bytes(a)
    monkeypatch.setattr(so, "_BLOCK", 3)  # many blocks of three regions
    monkeypatch.setattr(helper, "wanted", lambda blocks: True)
    assert so.score_json_bytes(a) == alone
    assert _no_child_left()


# --- O_DIRECT past the first 8 MB (io/output.py _Writeback.write) -----------------------------------

def _direct_small(monkeypatch):
    from scorecard.io import output

    monkeypatch.setattr(output._Writeback, "START", 100_000)
    monkeypatch.setattr(output._Writeback, "DIRECT_BUFFER", 64 * 1024)
    used: list[bool] = []
    real = output._Writeback._set_direct

    def spy(self, on):
        used.append(on)
        return real(self, on)

    monkeypatch.setattr(output._Writeback, "_set_direct", spy)
    return used


def _odd_chunks() -> list[bytes]:
    return [bytes([65 + n % 26]) * (7_001 + n * 1_733) for n in range(90)]  # ~7.6 MB, never page-sized


def test_direct_writes_past_the_start_keep_every_byte(tmp_path, monkeypatch):
    from scorecard.io import output

    used = _direct_small(monkeypatch)
    chunks = _odd_chunks()
    target = tmp_path / "hasil.json"
    output.atomic_write_bytes(target, iter(chunks))
    assert target.read_bytes() == b"".join(chunks)
    assert [p.name for p in tmp_path.iterdir()] == ["hasil.json"]
    if sys.platform.startswith("linux") and hasattr(os, "O_DIRECT"):
        assert True in used and used[-1] is False  # switched on for each page-aligned write, then off


@pytest.mark.parametrize("how", ["refused", "short"])
def test_direct_writes_refused_or_short_go_on_through_the_page_cache(tmp_path, monkeypatch, how):
    import errno

    from scorecard.io import output

    _direct_small(monkeypatch)
    calls = []

    def direct(self, data):
        calls.append(len(data))
        if how == "refused":  # a file system without O_DIRECT
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        return os.write(self.fd, data[:len(data) // 2 + 100])  # a short, unaligned write

    monkeypatch.setattr(output._Writeback, "_write_direct", direct)
    chunks = _odd_chunks()
    target = tmp_path / "hasil.json"
    output.atomic_write_bytes(target, iter(chunks))
    assert target.read_bytes() == b"".join(chunks)
    if sys.platform.startswith("linux") and hasattr(os, "O_DIRECT"):
        assert len(calls) == 1  # tried once, then the page cache for the rest


def test_a_full_disk_during_a_direct_write_is_reported_and_the_old_file_stays(tmp_path, monkeypatch):
    import errno

    from scorecard.io import output
    from scorecard.issues import InputError

    if not (sys.platform.startswith("linux") and hasattr(os, "O_DIRECT")):
        pytest.skip("O_DIRECT is Linux only")
    _direct_small(monkeypatch)

    def full(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(output._Writeback, "_write_direct", full)
    target = tmp_path / "hasil.json"
    target.write_bytes(b"versi lama\n")
    with pytest.raises(InputError) as info:
        output.atomic_write_bytes(target, iter(_odd_chunks()))
    assert info.value.report.errors[0].code == "output-disk-full"
    assert target.read_bytes() == b"versi lama\n"
    assert [p.name for p in tmp_path.iterdir()] == ["hasil.json"]


def test_a_failed_write_closes_the_producer_at_once(tmp_path, monkeypatch):
    """The producer's clean-up (a helper process ending, its copy of the file released) runs before
    the failure is reported, not when the process exits."""
    import errno

    from scorecard.io import output
    from scorecard.issues import InputError

    closed = []

    def chunks():
        try:
            for _ in range(50):
                yield b"x" * 100_000
        finally:
            closed.append(True)

    real = output._write_chunks

    def failing(fh, body):
        class Full:
            def __init__(self, raw):
                self.raw = raw

            def write(self, b):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(Full(fh), body)

    monkeypatch.setattr(output, "_write_chunks", failing)
    with pytest.raises(InputError):
        output.atomic_write_bytes(tmp_path / "hasil.json", chunks())
    assert closed == [True]


@needs_fork
def test_the_helper_says_nothing_on_the_terminal(monkeypatch, capfd):
    import warnings

    from scorecard.io import helper

    monkeypatch.setattr(helper, "wanted", lambda blocks: True)
    parent = os.getpid()

    def encode(s):
        if os.getpid() != parent:
            print("helper stdout")
            os.write(2, b"helper stderr\n")
            warnings.warn("helper warning")
        return b"%d" % s

    assert [bytes(t) for t in helper.blocks_in_order(encode, list(range(6)))] == [b"0", b"1", b"2", b"3", b"4", b"5"]
    out, err = capfd.readouterr()
    assert "helper" not in out and "helper" not in err


@needs_fork
def test_fast_csv_with_a_helper_is_the_same_bytes(sample, monkeypatch):
    from scorecard.io import helper

    a = _tricky_analysis(sample, 9, big_whole=True)
    alone = so.score_csv(a).encode("utf-8")
    monkeypatch.setattr(so, "_BLOCK", 4)
    monkeypatch.setattr(helper, "wanted", lambda blocks: True)
    assert b"".join(so.score_csv_byte_chunks(a)) == alone
    chunks = so.score_csv_byte_chunks(a)
    next(chunks)  # the header; the helper is already running
    chunks.close()  # abandoned before any block: the helper still ends
    assert _no_child_left()


def test_freed_memory_reuse_is_switched_on_and_back_harmlessly():
    import platform

    from scorecard.io import helper

    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    try:
        assert helper._reuse_freed_memory(True) is glibc
        assert bytes(bytearray(50_000_000))[-1] == 0  # large allocations still work
    finally:
        assert helper._reuse_freed_memory(False) is glibc
