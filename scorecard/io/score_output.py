"""Render an :class:`~scorecard.analysis.Analysis` (its score and the stages it holds) as JSON,
CSV or a terminal table.

The JSON shape is documented in ``docs/output.md``; its keys are stable.
"""

from __future__ import annotations

from scorecard.peers import first_code, label_key, relative_note_key

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from scorecard import i18n
from scorecard.io.output import FORMULA_TRIGGERS, safe_cell, text_table

if TYPE_CHECKING:
    from scorecard.analysis import Analysis
    from scorecard.results import ScoreResult


def _int(x: Any) -> int | None:
    return None if x is None or pd.isna(x) else int(x)


def full_number(x: Any) -> Any:
    """A number for a machine output (JSON, CSV) at full double precision: NaN/inf -> None, a whole
    float below 2**53 -> int, any other float unchanged (written in its shortest round-trip form).
    Rounding is for human outputs only (docs/output.md)."""
    if x is None:
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return x
    if not math.isfinite(f):
        return None
    if f.is_integer() and abs(f) < 2**53:
        return int(f)
    return f


def numbers(values: Any) -> list[Any]:
    """:func:`full_number` over a whole array at numpy speed: a list of Python ints, floats and None."""
    a = np.asarray(values, dtype=float)
    out = a.astype(object)
    finite = np.isfinite(a)
    out[~finite] = None
    whole = finite & (a == np.trunc(a)) & (np.abs(a) < 2**53)
    if whole.any():
        out[whole] = a[whole].astype(np.int64).tolist()
    return out.tolist()


def ints(values: Any) -> list[int | None]:
    """Ranks and years: a list of Python ints and None."""
    a = np.asarray(values, dtype=float)
    out = a.astype(object)
    finite = np.isfinite(a)
    out[~finite] = None
    if finite.any():
        out[finite] = a[finite].astype(np.int64).tolist()
    return out.tolist()


def texts(values: Any) -> list[Any]:
    """Text cells: NaN/None -> None (anything else unchanged). The missing-looking cells are found
    at C speed (pd.isna over the column) and only those are looked at one by one."""
    cells = values.tolist() if isinstance(values, np.ndarray) else list(values)
    if set(map(type, cells)) <= {str}:  # no cell can be missing (the common case: names, grades)
        return cells
    column = np.empty(len(cells), dtype=object)
    column[:] = cells
    for i in np.flatnonzero(pd.isna(column)).tolist():
        v = cells[i]
        if v is None or (isinstance(v, float) and v != v):  # (pd.NA, NaT: kept as they were)
            cells[i] = None
    return cells


class _Order:
    """Positions of the output's regions in a frame's index, computed once per index object (the
    result's frames share one index): taking rows by position replaces a ``reindex`` per frame."""

    def __init__(self, codes: list[str]) -> None:
        self.codes = codes
        self._index = pd.Index(codes)
        self._cache: dict[int, tuple[pd.Index, np.ndarray]] = {}

    def positions(self, index: pd.Index) -> np.ndarray:
        hit = self._cache.get(id(index))
        if hit is None or hit[0] is not index:
            for seen, pos in list(self._cache.values()):  # another frame's equal index (1 ms, not a lookup)
                if seen.is_unique and seen.dtype == index.dtype and seen.equals(index):
                    hit = self._cache[id(index)] = (index, pos)
                    return pos
            if index.equals(self._index):
                pos = np.arange(len(index))
            elif index.is_unique:
                pos = index.get_indexer(self._index)
            else:  # duplicate labels: the caller falls back to reindex (which refuses them, as before)
                pos = np.full(len(self._index), -1)
            hit = self._cache[id(index)] = (index, pos)
        return hit[1]

    def series(self, values: pd.Series) -> np.ndarray:
        """``values.reindex(codes).to_numpy()``, by position when every region is there once."""
        pos = self.positions(values.index)
        if values.index.is_unique and (pos >= 0).all():
            return values.to_numpy()[pos]
        return values.reindex(self.codes).to_numpy()


class _Columns:
    """The columns of one frame, reordered to the output's region order, as arrays; converted to
    Python values (None for NaN, int for whole numbers) a column or a block of rows at a time at
    numpy speed — no pandas call per cell, and at village scale never all at once."""

    def __init__(self, frame: pd.DataFrame | None, order: list[str] | _Order, conv: Any, columns: Any = None
                 ) -> None:
        self.present = frame is not None
        self.arrays: dict[str, np.ndarray] = {}
        self.conv = conv
        self._frame = frame
        self._rows: set[str] | None = None
        self._full: dict[str, list[Any]] = {}
        # bool per output row: the frame has that region (a reindex would have filled it with NaN)
        self.has: np.ndarray = np.zeros(len(order.codes if isinstance(order, _Order) else order), dtype=bool)
        if frame is None:
            return
        order = order if isinstance(order, _Order) else _Order(list(order))
        pos = order.positions(frame.index)
        wanted = [c for c in (columns if columns is not None else frame.columns) if c in frame.columns]
        if (pos >= 0).all() and frame.index.is_unique and frame.columns.is_unique:
            self.has[:] = True
            dtypes = set(frame.dtypes.tolist())
            if len(wanted) > 1 and len(dtypes) == 1 and isinstance(next(iter(dtypes)), np.dtype):
                # one numpy dtype (scores, flags, grades): one array (pandas' own block, no copy), each
                # column taken in output order by itself (a gather over one contiguous column is 2x
                # faster than one over the whole transposed array)
                whole = frame.to_numpy()
                at = frame.columns.get_indexer(wanted)
                for c, j in zip(wanted, at.tolist()):
                    self.arrays[c] = np.ascontiguousarray(whole[:, j])[pos]
                return
            for c in wanted:
                self.arrays[c] = frame[c].to_numpy()[pos]
            return
        self.has = pos >= 0
        frame = frame.reindex(order.codes)  # some regions missing: exactly what reindex fills in
        for c in wanted:
            self.arrays[c] = frame[c].to_numpy()

    @property
    def rows(self) -> set[str]:
        """The regions the frame has (the per-region writers ask ``code in rows``)."""
        if self._rows is None:
            self._rows = set(self._frame.index) if self._frame is not None else set()
        return self._rows

    def __contains__(self, column: str) -> bool:
        return column in self.arrays

    def __getitem__(self, column: str) -> list[Any]:
        if column not in self._full:
            self._full[column] = self.conv(self.arrays[column])
        return self._full[column]

    def block(self, column: str, a: int, b: int) -> list[Any]:
        return self.conv(self.arrays[column][a:b])


def _bools(values: Any) -> list[bool]:
    return np.asarray(values, dtype=bool).tolist()


class _Lookup:
    """Every cell the writers need, converted once per column for the regions in output order
    (the per-cell pandas lookups dominated the writers at village scale; see BENCHMARKS.md)."""

    def __init__(self, a: Analysis) -> None:
        result = a.score
        self.codes = codes = list(result.codes)
        self.n = len(codes)
        order = _Order(codes)
        keys = ("name", "tipe", "provinsi", "peer_group")
        reg = _Columns(result.regions, order, texts, keys)
        self.region = {c: reg[c] if c in reg else [None] * self.n for c in keys}
        self.dims = _Columns(result.dimension_scores, order, numbers)
        self.ranks = _Columns(result.ranks, order, ints)
        self.grades = _Columns(result.grades, order, texts)
        self.values = _Columns(result.values, order, numbers)
        self.scores = _Columns(result.indicator_scores, order, numbers)
        self.display = _Columns(result.display, order, texts)
        self.subdims = _Columns(result.subdimension_scores, order, numbers)
        self.overall_raw = order.series(result.overall)
        self.coverage_raw = order.series(result.coverage)
        self.overall = numbers(self.overall_raw)
        self.coverage = numbers(self.coverage_raw)
        status = result.status
        self.status = texts(order.series(status)) if status is not None else None
        imputed = result.imputed
        self.flags = _Columns(imputed, order, _bools)
        wins = result.winsorised
        self.wins = _Columns(wins, order, _bools)
        unc = a.uncertainty
        self.unc = None if unc is None else (_Columns(unc.median, order, ints), _Columns(unc.low, order, ints),
                                             _Columns(unc.high, order, ints), set(unc.median.columns))
        rows = _trend_rows(a)
        self.trends: dict | None = None
        if rows is not None:
            self.trends = {}
            for r in rows[["code", "dimension", "previous_year", "change", "rank_change"]].itertuples(index=False):
                self.trends.setdefault(r.code, {})[r.dimension] = r


_BLOCK = 4096  # regions converted to Python values at a time (bounded memory at village scale)


def band_key(rubric: Any) -> str:
    """The CSV column / JSON key of the overall and dimension bands: ``position`` for a relative
    scale (a place in the peer group, never an official grade), ``grade`` otherwise (docs/output.md)."""
    from scorecard.judgement import scoring_scale

    scale = scoring_scale(rubric)
    return "position" if scale is not None and scale.relative else "grade"


def _region_entries(a: Analysis):
    """The JSON entry of each region, best first, one at a time."""
    result = a.score
    rubric = result.rubric
    fast = _Lookup(a)
    dim_ids = [d.id for d in rubric.dimensions]
    ind_ids = [i.id for i in rubric.indicators]
    sub_ids = [s.id for s in rubric.subdimensions() if s.id in fast.subdims]
    imp_cols = list(result.imputed.columns)
    imp = result.imputed.reindex(fast.codes).fillna(False).to_numpy(dtype=bool)
    flag_rows = fast.flags.rows if fast.flags.present else set()
    win_rows = fast.wins.rows if fast.wins.present else set()
    band = band_key(rubric)
    name, tipe, prov, group = (fast.region[c] for c in ("name", "tipe", "provinsi", "peer_group"))
    for a0 in range(0, fast.n, _BLOCK):
        b0 = min(fast.n, a0 + _BLOCK)
        none = [None] * (b0 - a0)
        dim_cols = [(d, fast.dims.block(d, a0, b0) if d in fast.dims else none, fast.ranks.block(d, a0, b0),
                     fast.grades.block(d, a0, b0)) for d in dim_ids]
        ind_cols = [(i, fast.values.block(i, a0, b0), fast.scores.block(i, a0, b0),
                     fast.display.block(i, a0, b0) if i in fast.display else None,
                     fast.flags.block(i, a0, b0) if i in fast.flags else None,
                     fast.wins.block(i, a0, b0) if i in fast.wins else None)
                    for i in ind_ids]
        sub_cols = [(s, fast.subdims.block(s, a0, b0)) for s in sub_ids]
        rank_all, grade_all = fast.ranks.block("overall", a0, b0), fast.grades.block("overall", a0, b0)
        for j in range(b0 - a0):
            k = a0 + j
            code = fast.codes[k]
            dims = {d: {"score": s[j], "rank": r[j], band: g[j]} for d, s, r, g in dim_cols}
            inds = {}
            flagged, won = code in flag_rows, code in win_rows
            for i, v, s, shown, flags, wins in ind_cols:
                entry = {"value": v[j], "score": s[j]}
                if shown is not None and shown[j] is not None:
                    entry["grade"] = shown[j]
                if flagged and flags is not None:
                    entry["imputed"] = flags[j]
                if won and wins is not None and wins[j]:
                    entry["winsorised"] = True
                inds[i] = entry
            region = {
                "name": name[k],
                "code": code,
                "type": tipe[k],
                "province": prov[k],
                "peer_group": group[k],
                "score": fast.overall[k],
                "rank": rank_all[j],
                band: grade_all[j],
                "coverage": fast.coverage[k],
                "dimensions": dims,
            }
            if sub_cols:
                region["subdimensions"] = {s: {"score": col[j]} for s, col in sub_cols}
            region["indicators"] = inds
            region["status"] = fast.status[k] if fast.status is not None else None
            region["imputed"] = [imp_cols[c] for c in np.flatnonzero(imp[k])]
            if fast.unc is not None or fast.trends is not None:
                _method_region_fields(a, code, region, fast, k, indicators=False)
            yield region


class _Tokens:
    """JSON tokens (orjson's bytes) of cell values, encoded once per distinct value: numbers of a
    whole column in one orjson call, texts through a memo (grades, groups and types repeat)."""

    def __init__(self) -> None:
        import orjson

        self.dumps = orjson.dumps
        self.memo: dict[tuple[type, Any], bytes] = {}

    def numbers(self, values: list[Any]) -> list[bytes]:
        """Python ints, floats and None (never a comma inside a number's token)."""
        return self.dumps(values)[1:-1].split(b",") if values else []

    def one(self, v: Any) -> bytes:
        key = (v.__class__, v)  # the type too: True == 1 == 1.0 share a dict slot
        tok = self.memo.get(key)
        if tok is None:
            tok = self.memo[key] = self.dumps(v)
        return tok

    def texts(self, values: list[Any]) -> list[bytes]:
        distinct = set(values)
        if all(v is None or type(v) is str for v in distinct):  # grades, groups, types: few, all text
            tokens = {v: self.one(v) for v in distinct}
            return list(map(tokens.__getitem__, values))
        one = self.one
        return [one(v) for v in values]

    def each(self, values: list[Any]) -> list[bytes]:
        """Texts that rarely repeat (codes, names), not remembered: when all are text, one orjson
        call over the whole list, split at the ``","`` between two strings (inside a JSON string
        every ``"`` is escaped, so that sequence is always a boundary), each part quoted again;
        else one by one."""
        dumps = self.dumps
        if values and all(type(v) is str for v in values):
            return list(map(b'"%b"'.__mod__, dumps(values)[2:-2].split(b'","')))
        return [dumps(v) for v in values]


def _fast_region_blocks(a: Analysis):
    """The regions of ``score --format json`` as bytes, best first, a block of ``_BLOCK`` regions
    at a time: each region exactly as ``_dumps(region)`` of :func:`_region_entries` indented two
    levels deep would write it, but assembled from whole-column tokens (no dict per cell; the
    per-region dicts and their encoding were most of the JSON time at village scale). None when
    the analysis has per-region methodology fields (uncertainty, trends): those take the plain
    path. ``tests/test_writer_equivalence.py`` checks both paths give the same bytes."""
    if a.uncertainty is not None:
        return None
    return _fast_blocks(a)


class _Changes:
    """The change since the previous year (trends) per dimension key (``overall`` and each
    dimension), aligned to the output's region order: which regions have one, and its fields."""

    def __init__(self, fast: _Lookup, rows: pd.DataFrame) -> None:
        rows = rows.drop_duplicates(["code", "dimension"], keep="last")  # as the dict of the plain path
        order = pd.Index(fast.codes)
        self.has: dict[str, np.ndarray] = {}
        self.fields: dict[str, dict[str, list[Any]]] = {}
        for dim, part in rows.groupby("dimension", sort=False):
            pos = order.get_indexer(part["code"])
            keep = pos >= 0
            has = np.zeros(fast.n, dtype=bool)
            has[pos[keep]] = True
            self.has[str(dim)] = has
            cols: dict[str, list[Any]] = {}
            for name, conv in (("previous_year", ints), ("change", numbers), ("rank_change", ints)):
                full = np.full(fast.n, np.nan)
                full[pos[keep]] = part[name].to_numpy(dtype=float)[keep]
                cols[name] = conv(full)
            self.fields[str(dim)] = cols

    def tail(self, tok: _Tokens, dim: str, names: tuple[str, ...], indent: bytes, a0: int, b0: int) -> list[bytes]:
        """Per region of the block: ``,<indent>"name": value`` for each field, or nothing."""
        has = self.has.get(dim)
        if has is None:
            return [b""] * (b0 - a0)
        heads = [b"," + indent + tok.one(n) + b": " for n in names]
        columns = [tok.numbers(self.fields[dim][n][a0:b0]) for n in names]
        return [b"".join(h + v for h, v in zip(heads, values)) if here else b""
                for here, values in zip(has[a0:b0].tolist(), zip(*columns))]


class _Cat:
    """A per-region piece drawn from a few values (grades, flags): ``table[codes[j]]`` for region j."""

    __slots__ = ("codes", "table")

    def __init__(self, codes: np.ndarray, table: list[bytes]) -> None:
        self.codes, self.table = codes, table

    def rows(self) -> list[bytes]:
        return self.column().tolist()

    def column(self) -> np.ndarray:
        """The region pieces as an object array."""
        column = np.empty(len(self.table), dtype=object)
        column[:] = self.table
        return column[self.codes]


class _Num:
    """A numeric field of every region of a block, as :func:`numbers` (or :func:`ints` with
    ``whole_numbers``) would convert it; written with the block's other numbers by one orjson call
    (see :func:`_number_grid`)."""

    __slots__ = ("values", "whole_numbers")

    def __init__(self, values: Any, whole_numbers: bool) -> None:
        self.values, self.whole_numbers = values, whole_numbers

    def tokens(self, tok: _Tokens) -> list[bytes]:
        """The plain path: the converted values' orjson tokens."""
        return tok.numbers(ints(self.values) if self.whole_numbers else numbers(self.values))


_BIG = float(2**53)
_Piece = Any  # bytes (the same in every region) | list of bytes (one per region) | _Cat | _Num


def _number_grid(nums: list[_Num], m: int, flat: bool) -> tuple[np.ndarray, bool, list[int]]:
    """The block's numbers as one float64 array that orjson's numpy writer turns into exactly the
    plain path's tokens, with a sentinel 0.5 after them so that every real number is followed by a
    comma: ``flat``, one row (region after region, then the sentinel), else regions x (fields + a
    sentinel column). Non-finite -> null (as orjson writes NaN), -0.0 -> 0, ints() fields
    truncated; a whole value below 2**53 is written ``12.0`` by orjson, so the caller removes ``.0``
    (only whole numbers below 1e16 end in ``.0``; the flag says whether any is there). Returns the array, that flag and the fields whose
    plain tokens orjson cannot give this way: a whole value in [2**53, 1e16), which the plain path
    keeps as a float (``9007199254740992.0``), or an ints() value beyond 2**53. Never seen in
    practice; those fields take the token path."""
    k = len(nums)
    if flat:
        out = np.empty(m * k + 1)
        g = out[:-1].reshape(m, k)
        out[-1] = 0.5
    else:
        out = np.empty((m, k + 1))
        g = out[:, :k]
        out[:, k] = 0.5
    for j, n in enumerate(nums):
        g[:, j] = n.values  # (as np.asarray(values, dtype=float))
    ints_at = [j for j, n in enumerate(nums) if n.whole_numbers]
    if ints_at:
        g[:, ints_at] = np.trunc(g[:, ints_at])  # ints(): astype(int64) truncates toward zero
    whole = np.isfinite(g) & (g == np.trunc(g))
    size = np.abs(g)
    odd = whole & (size >= _BIG)
    if odd.any():
        as_int = np.zeros(k, dtype=bool)
        as_int[ints_at] = True
        odd &= (size < 1e16) | as_int
    np.copyto(g, 0.0, where=g == 0)  # -0.0 == 0: written 0, as int(-0.0)
    return out, bool(whole.any()), np.flatnonzero(odd.any(axis=0)).tolist()


def _text_piece(tok: _Tokens, values: list[Any], prefix: bytes = b"", skip_none: bool = False) -> _Cat | list[bytes]:
    """Text cells (few distinct: grades, types, statuses) as a categorical piece: ``prefix`` and
    the value's JSON token, or nothing for a missing value with ``skip_none``."""
    distinct = list(dict.fromkeys(values))
    if len(distinct) > 256 or not all(v is None or type(v) is str for v in distinct):
        one = tok.one
        return [b"" if v is None and skip_none else prefix + one(v) for v in values]
    index = {v: n for n, v in enumerate(distinct)}
    codes = np.fromiter(map(index.__getitem__, values), dtype=np.intp, count=len(values))
    return _Cat(codes, [b"" if v is None and skip_none else prefix + tok.one(v) for v in distinct])


def _merge(pieces: list[_Piece]) -> _Piece:
    """One piece for a run of pieces: bytes when all are the same in every region, a _Cat while
    the combinations stay few, else a list of bytes (one %-template per region)."""
    out: list[Any] = []
    for p in pieces:
        last = out[-1] if out else None
        if isinstance(p, bytes):
            if isinstance(last, bytes):
                out[-1] = last + p
            elif isinstance(last, _Cat):
                out[-1] = _Cat(last.codes, [t + p for t in last.table])
            else:
                out.append(p)
        elif isinstance(p, _Cat):
            if isinstance(last, bytes):
                out[-1] = _Cat(p.codes, [last + t for t in p.table])
            elif isinstance(last, _Cat) and len(last.table) * len(p.table) <= 1024:
                out[-1] = _Cat(last.codes * len(p.table) + p.codes, [x + y for x in last.table for y in p.table])
            else:
                out.append(p)
        else:
            out.append(p)
    if not out:
        return b""
    if len(out) == 1:
        return out[0]
    template = b"".join(p.replace(b"%", b"%%") if isinstance(p, bytes) else b"%b" for p in out)
    columns = [p.rows() if isinstance(p, _Cat) else p for p in out if not isinstance(p, bytes)]
    if template == b"%b%b" and len(columns) == 2:
        return list(map(bytes.__add__, *columns))
    return [template % r for r in zip(*columns)]


def _rows(piece: _Piece, a: int, b: int) -> _Piece:
    """The piece for regions a..b-1 of the block."""
    if isinstance(piece, bytes):
        return piece
    if isinstance(piece, _Cat):
        return _Cat(piece.codes[a:b], piece.table)
    return piece[a:b]


def _assemble(parts: list[_Piece], m: int) -> bytes:
    """The text of ``m`` regions (joined by ``,\\n    ``) from their parts in document order.

    Every numeric field goes into one float64 array written by a single orjson call (its tokens
    are exactly those of the plain path: :func:`_number_grid`); the text between two numbers becomes
    a ``%b`` slot of one %-template for the whole block, filled from one tuple. No Python object
    per number, no formatting call per region."""
    import orjson

    slots: list[list[_Piece]] = [[]]
    nums: list[_Num] = []
    for p in parts:
        if isinstance(p, _Num):
            nums.append(p)
            slots.append([])
        else:
            slots[-1].append(p)
    k = len(nums)
    if k == 0 or m == 0:
        merged = _merge(slots[0])
        rows = [merged] * m if isinstance(merged, bytes) else (merged.rows() if isinstance(merged, _Cat) else merged)
        return b",\n    ".join(rows)
    flat, whole, odd = _number_grid(nums, m, flat=True)
    if odd:  # these fields take the token path: their tokens join the text between numbers
        tok = _Tokens()
        bad = {id(nums[j]) for j in odd}
        return _assemble([p.tokens(tok) if isinstance(p, _Num) and id(p) in bad else p for p in parts], m)
    text = orjson.dumps(flat, option=orjson.OPT_SERIALIZE_NUMPY)
    if whole:
        text = text.replace(b".0,", b",")  # 12.0 -> 12 (only whole numbers end in .0: _number_grid)
    template = b"%b" + text[1:-4].replace(b",", b"%b")  # "[a,b,...,z,0.5]" -> "%ba%bb...%bz%b"
    merged = [_merge(s) for s in slots]
    grid_args = np.empty((m, k), dtype=object)
    for j in range(1, k):
        piece = merged[j]
        grid_args[:, j] = piece if isinstance(piece, bytes) else (piece.column() if isinstance(piece, _Cat) else piece)
    first, last = merged[0], merged[k]
    grid_args[0, 0] = _rows(first, 0, 1) if isinstance(first, bytes) else _row_list(first, 0, 1)[0]
    if m > 1:  # between two regions: the end of one, the separator, the start of the next
        between = _merge([_rows(last, 0, m - 1), b",\n    ", _rows(first, 1, m)])
        grid_args[1:, 0] = between if isinstance(between, bytes) else _row_list(between, 0, m - 1)
    args = grid_args.ravel().tolist()
    args.append(last if isinstance(last, bytes) else _row_list(last, m - 1, m)[0])
    return template % tuple(args)


def _row_list(piece: _Piece, a: int, b: int) -> list[bytes]:
    piece = _rows(piece, a, b)
    return piece.rows() if isinstance(piece, _Cat) else piece


def _fast_blocks(a: Analysis):
    result = a.score
    rubric = result.rubric
    fast = _Lookup(a)
    tok = _Tokens()
    key = tok.one
    dim_ids = [d.id for d in rubric.dimensions]
    ind_ids = [i.id for i in rubric.indicators]
    sub_ids = [s.id for s in rubric.subdimensions() if s.id in fast.subdims]
    imp_cols = list(result.imputed.columns)
    imp = result.imputed.reindex(fast.codes).fillna(False).to_numpy(dtype=bool)
    band = key(band_key(rubric))
    flagged = fast.flags.has if fast.flags.present else np.zeros(fast.n, dtype=bool)
    won = fast.wins.has if fast.wins.present else np.zeros(fast.n, dtype=bool)
    trend_rows = _trend_rows(a)
    changes = _Changes(fast, trend_rows) if trend_rows is not None else None
    i6, i8, i10 = b"\n      ", b"\n        ", b"\n          "
    grade_pre = b"," + i10 + b'"grade": '
    flag_choice = [b"", b"," + i10 + b'"imputed": false', b"," + i10 + b'"imputed": true']
    win_choice = [b"", b"," + i10 + b'"winsorised": true']

    def encode(a0: int) -> bytes:
        """The text of the block of regions starting at a0."""
        b0 = min(fast.n, a0 + _BLOCK)
        m = b0 - a0
        parts: list[_Piece] = []

        def lit(b: bytes) -> None:
            parts.append(b)

        def field(name: bytes, piece: _Piece, first: bool = False, indent: bytes = i6) -> None:
            parts.append((b"" if first else b",") + indent + name + b": ")
            parts.append(piece)

        def num(arrays: dict[str, np.ndarray], column: str, whole_numbers: bool = False) -> _Piece:
            return _Num(arrays[column][a0:b0], whole_numbers)

        lit(b"{")
        field(b'"name"', tok.each(fast.region["name"][a0:b0]), first=True)
        field(b'"code"', tok.each(fast.codes[a0:b0]))
        field(b'"type"', _text_piece(tok, fast.region["tipe"][a0:b0]))
        field(b'"province"', _text_piece(tok, fast.region["provinsi"][a0:b0]))
        field(b'"peer_group"', _text_piece(tok, fast.region["peer_group"][a0:b0]))
        field(b'"score"', _Num(fast.overall_raw[a0:b0], False))
        field(b'"rank"', num(fast.ranks.arrays, "overall", True))
        field(band, _text_piece(tok, fast.grades.block("overall", a0, b0)))
        field(b'"coverage"', _Num(fast.coverage_raw[a0:b0], False))
        lit(b"," + i6 + b'"dimensions": ' + (b"{" if dim_ids else b"{}"))
        for n, d in enumerate(dim_ids):
            lit((b"" if n == 0 else b",") + i8 + key(d) + b": {")
            field(b'"score"', num(fast.dims.arrays, d) if d in fast.dims else b"null", True, i10)
            field(b'"rank"', num(fast.ranks.arrays, d, True), indent=i10)
            field(band, _text_piece(tok, fast.grades.block(d, a0, b0)), indent=i10)
            if changes is not None:
                parts.append(changes.tail(tok, d, ("change", "rank_change"), i10, a0, b0))
            lit(i8 + b"}")
        if dim_ids:
            lit(i6 + b"}")
        if sub_ids:
            lit(b"," + i6 + b'"subdimensions": {')
            for n, sid in enumerate(sub_ids):
                lit((b"" if n == 0 else b",") + i8 + key(sid) + b": {")
                field(b'"score"', num(fast.subdims.arrays, sid), True, i10)
                lit(i8 + b"}")
            lit(i6 + b"}")
        lit(b"," + i6 + b'"indicators": ' + (b"{" if ind_ids else b"{}"))
        for n, i in enumerate(ind_ids):
            lit((b"" if n == 0 else b",") + i8 + key(i) + b": {")
            field(b'"value"', num(fast.values.arrays, i), True, i10)
            field(b'"score"', num(fast.scores.arrays, i), indent=i10)
            if i in fast.display:
                parts.append(_text_piece(tok, fast.display.block(i, a0, b0), grade_pre, skip_none=True))
            if i in fast.flags:
                flags = np.asarray(fast.flags.arrays[i][a0:b0], dtype=bool)
                parts.append(_Cat((flagged[a0:b0] * (1 + flags)).astype(np.intp), flag_choice))
            if i in fast.wins:
                wins = np.asarray(fast.wins.arrays[i][a0:b0], dtype=bool)
                parts.append(_Cat((won[a0:b0] & wins).astype(np.intp), win_choice))
            lit(i8 + b"}")
        if ind_ids:
            lit(i6 + b"}")
        field(b'"status"', _text_piece(tok, fast.status[a0:b0]) if fast.status is not None else b"null")
        lit(b"," + i6 + b'"imputed": ')
        rows = imp[a0:b0]
        listed = np.flatnonzero(rows.any(axis=1)).tolist()
        if listed:
            lists = [b"[]"] * m
            for j in listed:
                lists[j] = (b"[" + b",".join(i8 + key(imp_cols[c]) for c in np.flatnonzero(rows[j]).tolist())
                            + i6 + b"]")
            parts.append(lists)
        else:
            lit(b"[]")
        if changes is not None:
            parts.append(changes.tail(tok, "overall", ("previous_year", "change", "rank_change"), i6, a0, b0))
        lit(b"\n    }")
        return _assemble(parts, m)

    # each block's regions as one text (score_json_chunks joins the list); every other block
    # encoded by a helper process when that is worth it (scorecard.io.helper)
    from scorecard.io.helper import blocks_in_order

    for text in blocks_in_order(encode, list(range(0, fast.n, _BLOCK))):
        yield [text]


def _top(a: Analysis, regions: Any, lang: str) -> dict[str, Any]:
    result = a.score
    rubric = result.rubric
    out = {
        "rubric": {"id": rubric.id, "version": rubric.version,
                   "file": Path(rubric.source).name if rubric.source else None},  # name only: same bytes anywhere
        "peers": result.peers,
        "peer_groups": {str(k): int(v) for k, v in result.group_sizes.sort_index().items()},
        "focus": result.focus,
        "year": result.year,
        "regions": regions,
    }
    out["methodology"] = method_summary(result)
    _method_top_fields(a, out, lang)
    _judgement_top_fields(result, out, lang)
    return out


def _judgement_top_fields(result, out: dict, lang: str) -> None:
    """Issue 13: small peer groups flagged (docs/output.md, "What a page may claim")."""
    from scorecard.judgement import judgement_of, small_groups, small_group_warning

    small = small_groups(result)
    from scorecard.judgement import scores_are_relative, scoring_scale

    scale = scoring_scale(result.rubric)
    out["scores_relative"] = scores_are_relative(result.rubric)
    out["grade_scale"] = None if scale is None else {"id": scale.id, "relative": scale.relative,
                                                     "name": scale.name.get(lang)}
    out["small_group_min"] = judgement_of(result.rubric).small_group
    out["small_peer_groups"] = small
    out["warnings"] = [small_group_warning(result, g, n, lang) for g, n in small.items()]


def score_dict(a: Analysis, lang: str = "id") -> dict[str, Any]:
    return _top(a, list(_region_entries(a)), lang)


def method_summary(result: ScoreResult) -> dict[str, Any]:
    """What was done, for the JSON output (documented in docs/output.md)."""
    rubric = result.rubric
    treatment = []
    for rec in result.treatment.to_dict("records"):
        treatment.append({k: (round(float(v), 6) if isinstance(v, float) and np.isfinite(v) else
                              (None if isinstance(v, float) else v)) for k, v in rec.items()})
    return {
        "normalisation": rubric.scoring.normalisation,
        "aggregation": rubric.scoring.aggregation,
        "range": list(rubric.scoring.range),
        "missing": rubric.missing.method,
        "min_coverage": rubric.missing.min_coverage,
        "outliers": rubric.outliers.method,
        "treatment": treatment,
    }


# --- methodology fields (docs/output.md, "Methodology fields") -----------------------------------

def _trend_rows(a: Analysis) -> pd.DataFrame | None:
    result = a.score
    trends = a.trends
    if trends is None or trends.empty:
        return None
    year = result.year if result.year is not None else int(trends["year"].max())
    return trends[trends["year"] == year]


def _method_region_fields(a: Analysis, code: str, entry: dict, fast: _Lookup | None = None, k: int | None = None,
                          indicators: bool = True) -> None:
    result = a.score
    fast = fast or _Lookup(a)
    if k is None:
        k = fast.codes.index(code)
    if fast.unc is not None and code in fast.unc[0].rows:
        median, low, high, unc_cols = fast.unc
        if "overall" in median:
            entry["median_rank"] = median["overall"][k]
            entry["rank_interval"] = ([low["overall"][k], high["overall"][k]]
                                      if median["overall"][k] is not None else None)
        for dim, d in entry["dimensions"].items():
            if dim in unc_cols:
                d["median_rank"] = median[dim][k]
                d["rank_interval"] = [low[dim][k], high[dim][k]] if median[dim][k] is not None else None
    if fast.trends is not None:
        mine = fast.trends.get(code, {})
        if "overall" in mine:
            entry["previous_year"] = _int(mine["overall"].previous_year)
            entry["change"] = full_number(mine["overall"].change)
            entry["rank_change"] = _int(mine["overall"].rank_change)
        for dim, d in entry["dimensions"].items():
            if dim in mine:
                d["change"] = full_number(mine[dim].change)
                d["rank_change"] = _int(mine[dim].rank_change)
    if not indicators:  # the imputed/winsorised flags were set with the indicator entries
        return
    if fast.flags.present and code in fast.flags.rows:
        for ind, e in entry["indicators"].items():
            if ind in fast.flags:
                e["imputed"] = fast.flags[ind][k]
    if fast.wins.present and code in fast.wins.rows:
        for ind, e in entry["indicators"].items():
            if ind in fast.wins and fast.wins[ind][k]:
                e["winsorised"] = True


def _method_top_fields(a: Analysis, out: dict, lang: str) -> None:
    result = a.score
    unc = a.uncertainty
    if unc is not None:
        out["uncertainty"] = {"replications": unc.replications, "seed": unc.seed, "weights": unc.weights,
                              "normalisations": list(unc.normalisations), "aggregations": list(unc.aggregations),
                              "drop_indicators": unc.drop_indicators, "interval": [5, 95]}
    sens = a.sensitivity
    if sens is not None:
        from scorecard.sensitivity import explain

        out["sensitivity"] = {
            "focus": sens.focus, "column": sens.column, "nominal_rank": sens.nominal,
            "factors": [{"factor": e.factor, "best_rank": e.low, "worst_rank": e.high, "swing": e.swing,
                         "moved_most_by": e.moved_most_by, "rank_then": e.rank_then, "ranks": e.ranks}
                        for e in sens.effects],
            "explanation": explain(sens, result.rubric, lang),
        }
        if unc is not None and sens.nominal is not None:
            from scorecard.sensitivity import variance_shares

            out["sensitivity"]["variance_shares"] = {k: round(v, 4) for k, v in
                                                     variance_shares(unc, sens.focus, sens.column).items()}
    aud = a.audit
    if aud is not None:
        out["audit"] = aud.to_dict()
    rows = _trend_rows(a)
    if rows is not None:
        from scorecard.trends import most_improved

        best = most_improved(a.trends, int(rows["year"].iloc[0]) if len(rows) else None)
        best = best[best["code"].isin(result.regions.index)]
        from scorecard.trends import years as workbook_years

        out["years"] = [int(y) for y in workbook_years(result.tables)]  # every year in the workbook
        out["most_improved"] = [
            {"peer_group": r.peer_group, "dimension": r.dimension, "code": r.code, "name": r.name,
             "change": full_number(r.change), "rank_change": _int(r.rank_change)}
            for r in best.itertuples()]


def _footer(a: Analysis, lang: str) -> str:
    """Lines under the table: regions without a rank, imputed values, sensitivity, audit."""
    result = a.score
    from scorecard.judgement import small_groups, small_group_warning

    from scorecard.judgement import scores_are_relative

    lines: list[str] = [small_group_warning(result, g, n, lang) for g, n in small_groups(result).items()]
    if scores_are_relative(result.rubric):  # issue 13 point 2: say what the numbers are relative to
        lines.append(i18n.t(relative_note_key(result.rubric), lang, peers=i18n.t(_pk, lang)
                            if i18n.has(_pk := label_key(result.peers, first_code(result))) else result.peers))
    status = result.status
    for state, key in (("insufficient-data", "method.insufficient"), ("not-comparable", "method.not-comparable")):
        if status is None or not (status == state).any():
            continue
        names = ", ".join(f"{result.regions.at[c, 'name']} ({i18n.percent(result.coverage[c], lang)})"
                          for c in result.codes if status[c] == state)
        lines.append(i18n.t(key, lang, regions=names, min=i18n.percent(result.rubric.missing.min_coverage, lang)))
    flags = result.imputed
    if flags is not None and flags.to_numpy().any():
        lines.append(i18n.t("method.imputed", lang, n=int(flags.to_numpy().sum()),
                            method=i18n.t(f"method.missing.{result.rubric.missing.method}", lang)))
    treatment = result.treatment
    if treatment is not None and len(treatment):
        done = treatment[treatment["applied"] != "none"]
        for r in done.itertuples():
            name = result.rubric.indicator(r.indicator).name.get(lang)
            lines.append(i18n.t(f"method.treated.{r.applied}", lang, indicator=name, n=int(r.points)))
    unc = a.uncertainty
    if unc is not None:
        lines.append(i18n.t("method.uncertainty-note", lang, n=unc.replications, seed=unc.seed,
                            pct=round(unc.weights * 100)))
    sens = a.sensitivity
    if sens is not None:
        from scorecard.sensitivity import explain

        lines.append("")
        lines.append(i18n.t("method.sensitivity-title", lang, region=result.regions.at[sens.focus, "name"]))
        lines += ["  " + x for x in explain(sens, result.rubric, lang)]
        if unc is not None and sens.nominal is not None:
            from scorecard.sensitivity import variance_shares

            shares = variance_shares(unc, sens.focus, sens.column)
            if shares:
                parts = ", ".join(i18n.t(f"sens.share.{k}", lang, pct=i18n.number(v * 100, lang, 0))
                                  for k, v in sorted(shares.items(), key=lambda kv: -kv[1]))
                lines.append("  " + i18n.t("sens.shares", lang, parts=parts))
    aud = a.audit
    if aud is not None:
        lines.append("")
        lines += audit_lines(aud, result.rubric, lang)
    return ("\n" + "\n".join(lines) + "\n") if lines else ""


def audit_lines(aud, rubric, lang: str) -> list[str]:
    out = [i18n.t("audit.title", lang)]
    for d in rubric.dimensions:
        a = aud.alpha.get(d.id)
        out.append("  " + i18n.t("audit.alpha", lang, dimension=d.name.get(lang),
                                 alpha=i18n.number(a, lang, 2), n=int(aud.alpha_n.get(d.id, 0))))
    flagged = aud.correlations[aud.correlations["flag"].notna()]
    for ind, row in flagged.iterrows():
        out.append("  " + i18n.t(f"audit.corr.{row.flag}", lang, indicator=rubric.indicator(ind).name.get(lang),
                                 dimension=rubric.dimension(row.dimension).name.get(lang),
                                 r=i18n.number(row.r_dimension, lang, 2)))
    for ind, row in aud.near_constant.iterrows():
        out.append("  " + i18n.t("audit.flat", lang, indicator=rubric.indicator(ind).name.get(lang),
                                 share=i18n.number(row.same_share * 100, lang, 0)))
    if flagged.empty and aud.near_constant.empty:
        out.append("  " + i18n.t("audit.clean", lang))
    return out


_REGIONS_SLOT = "\x00regions\x00"


def _dumps(obj: Any) -> bytes:
    """orjson with a 2-space indent (C speed; shortest round-trip floats; UTF-8, no escaping of
    non-ASCII text), newline-terminated like :func:`scorecard.io.output.dumps_json`."""
    import orjson

    return orjson.dumps(obj, option=orjson.OPT_INDENT_2) + b"\n"


def score_json_chunks(a: Analysis, lang: str = "id", chunk: int = 1 << 20):
    """The ``score --format json`` document as UTF-8 byte chunks of about ``chunk`` bytes. Each
    region is encoded on its own, indented as it sits in the document (two levels deep), and
    spliced in: neither the dicts of 84,000 villages nor the 0.4 GB of text are held at once."""
    head, slot, tail = _dumps(_top(a, _REGIONS_SLOT, lang)).partition(_dumps(_REGIONS_SLOT)[:-1])
    if not slot or not head.endswith(b'\n  "regions": '):  # layout not as expected: the plain path
        yield _dumps(score_dict(a, lang))
        return
    parts = [head]
    size = len(head)
    first = True
    blocks = _fast_region_blocks(a)
    if blocks is None:
        blocks = ([_dumps(region)[:-1].replace(b"\n", b"\n    ")] for region in _region_entries(a))
    for bodies in blocks:
        if not bodies:
            continue
        parts.append(b"[\n    " if first else b",\n    ")
        # a block of regions at once (4,096 at village scale: ~20 MB); one block is not copied again
        body = bodies[0] if len(bodies) == 1 else b",\n    ".join(bodies)
        first = False
        if len(body) >= chunk:  # yielded as it is (not copied once more into a chunk)
            yield b"".join(parts)
            yield body
            parts, size = [], 0
            continue
        parts.append(body)
        size += len(body)
        if size >= chunk:
            yield b"".join(parts)
            parts, size = [], 0
    parts.append(b"[]" if first else b"\n  ]")
    parts.append(tail)
    yield b"".join(parts)


def score_json_bytes(a: Analysis, lang: str = "id") -> bytes:
    """The ``score --format json`` document as UTF-8 bytes (see :func:`score_json_chunks`)."""
    return b"".join(score_json_chunks(a, lang))


def score_json(a: Analysis, lang: str = "id") -> str:
    """``score --format json`` as text (see :func:`score_json_bytes`)."""
    return score_json_bytes(a, lang).decode("utf-8")


def _csv_columns(a: Analysis) -> tuple[list[str], list[Any]]:
    """Header and columns of ``score --format csv`` in region order: text columns as lists, numeric
    columns as ``(array, converter)`` so that they are converted a block of rows at a time."""
    result = a.score
    rubric = result.rubric
    fast = _Lookup(a)
    n = fast.n

    def num(source: _Columns, key: str) -> Any:
        return (source.arrays[key], source.conv) if key in source else [None] * n

    header = ["rank", "code", "name", "peer_group", "score", band_key(rubric), "coverage"]
    cols: list[Any] = [num(fast.ranks, "overall"), fast.codes, fast.region["name"], fast.region["peer_group"],
                       (fast.overall_raw, numbers), fast.grades["overall"], (fast.coverage_raw, numbers)]
    header += [f"{d.id}_score" for d in rubric.dimensions] + [f"{d.id}_rank" for d in rubric.dimensions]
    cols += [num(fast.dims, d.id) for d in rubric.dimensions]
    cols += [num(fast.ranks, d.id) for d in rubric.dimensions]
    subs = [s.id for s in rubric.subdimensions() if s.id in fast.subdims]
    header += [f"{s}_score" for s in subs]
    cols += [num(fast.subdims, s) for s in subs]
    header += [f"{i.id}_value" for i in rubric.indicators] + [f"{i.id}_score" for i in rubric.indicators]
    cols += [num(fast.values, i.id) for i in rubric.indicators] + [num(fast.scores, i.id) for i in rubric.indicators]
    unc = a.uncertainty
    if rubric.missing.min_coverage > 0 or (result.status is not None and bool((result.status != "ok").any())):
        header.append("status")  # "ok" | "insufficient-data" | "not-comparable" (docs/output.md)
        cols.append(fast.status if fast.status is not None else [None] * n)
    if rubric.missing.method != "exclude":
        header.append("imputed")
        flags = result.imputed
        if flags is None:
            cols.append([""] * n)
        else:
            f = flags.reindex(fast.codes).fillna(False).to_numpy(dtype=bool)
            names = list(flags.columns)
            cols.append([" ".join(names[j] for j in np.flatnonzero(row)) for row in f])
    if unc is not None:
        header += ["median_rank", "rank_low", "rank_high"]
        cols += [ints(frame["overall"].reindex(fast.codes).to_numpy()) for frame in (unc.median, unc.low, unc.high)]
    from scorecard.judgement import small_groups

    small = small_groups(result)
    if small:  # issue 13 point 3: a row in a small peer group says so
        header.append("small_peer_group")
        cols.append([str(g) in small for g in fast.region["peer_group"]])
    return header, cols


_CSV_SPECIAL = frozenset(',"\r\n')


def _csv_text(v: Any) -> str:
    """One field as Python's csv.writer (QUOTE_MINIMAL) writes it, text neutralised first."""
    if v is None:
        return ""
    if not isinstance(v, str):
        return str(v)
    v = safe_cell(v)
    return '"' + v.replace('"', '""') + '"' if not _CSV_SPECIAL.isdisjoint(v) else v


def _csv_tokens(values: list[Any]) -> list[str]:
    """The fields of one column block: numbers formatted by orjson in C (the same shortest
    round-trip form as the JSON output; missing = empty), anything else as csv.writer would."""
    if any(isinstance(v, (str, bool)) for v in values):
        return _csv_texts(values)
    return _csv_numbers(values)


def _csv_texts(values: list[Any]) -> list[str]:
    """:func:`_csv_text` of every cell: once per distinct value when few (groups, grades), and for
    codes and names checked at C speed over the whole column: text that needs no quoting and no
    formula neutralising is its own field."""
    distinct = set(values)
    if len(distinct) <= 256:
        memo = {v: _csv_text(v) for v in distinct}
        return list(map(memo.__getitem__, values))
    if all(type(v) is str for v in distinct):
        joined = "\n" + "\n".join(values)
        if (joined.count("\n") == len(values) and '"' not in joined and "," not in joined and "\r" not in joined
                and not any("\n" + t in joined for t in FORMULA_TRIGGERS)):
            return list(values)
    return [_csv_text(v) for v in values]


def _csv_numbers(values: list[Any]) -> list[str]:
    """Python ints, floats and None as CSV fields: orjson's tokens, ``null`` -> empty (no number's
    token contains a comma or the letters of null), split at C speed."""
    import orjson

    return orjson.dumps(values)[1:-1].replace(b"null", b"").decode("ascii").split(",") if values else []


def _csv_blocks(a: Analysis) -> tuple[str, int, Any]:
    """``score --format csv``'s header line, its number of rows, and a function giving the text of
    the ``_BLOCK`` rows starting at a row."""
    header, cols = _csv_columns(a)
    n = len(cols[1])  # the codes (ScoreResult.codes sorts the regions: not again)
    runs: list[tuple[str, Any]] = []  # a text column, or a run of consecutive numeric columns (array, converter)
    for c in cols:
        if isinstance(c, list):
            runs.append(("text", c))
        elif runs and runs[-1][0] == "numbers":
            runs[-1][1].append(c)
        else:
            runs.append(("numbers", [c]))

    def rows(a0: int) -> str:
        b0 = min(n, a0 + _BLOCK)
        block = [_csv_tokens(c[a0:b0]) if kind == "text" else _csv_run(c, a0, b0) for kind, c in runs]
        return "\n".join(map(",".join, zip(*block))) + "\n"

    return ",".join(_csv_text(h) for h in header) + "\n", n, rows


def score_csv_chunks(a: Analysis, lang: str = "id"):
    """``score --format csv`` as text chunks of ``_BLOCK`` rows (bounded memory at village scale)."""
    head, n, rows = _csv_blocks(a)
    yield head
    for a0 in range(0, n, _BLOCK):
        yield rows(a0)


def score_csv_byte_chunks(a: Analysis, lang: str = "id"):
    """:func:`score_csv_chunks` as UTF-8 bytes, for a file: from 16,000 rows on, every other block
    is encoded by a helper process (``scorecard.io.helper``), started here before the first chunk
    (before the file's writer thread exists)."""
    from scorecard.io.helper import blocks_in_order

    head, n, rows = _csv_blocks(a)
    blocks = blocks_in_order(lambda a0: rows(a0).encode("utf-8"), list(range(0, n, _BLOCK)))
    try:
        yield head.encode("utf-8")
        yield from blocks
    finally:
        blocks.close()  # (the helper ends now, however the writing ended)


def _csv_run(run: list[tuple[np.ndarray, Any]], a0: int, b0: int) -> list[str]:
    """Consecutive numeric columns (array, converter) of rows a0..b0-1 as one text per row: the
    columns in one float64 array written by one orjson call (the tokens of :func:`_number_grid`,
    ``null`` -> empty), its rows split apart. Numeric columns are numbers by construction: no
    per-cell type check."""
    import orjson

    def plain() -> list[str]:
        columns = [_csv_numbers(conv(arr[a0:b0])) for arr, conv in run]
        return columns[0] if len(columns) == 1 else list(map(",".join, zip(*columns)))

    if len(run) == 1 or not all(conv in (numbers, ints) for _arr, conv in run):
        return plain()
    grid, whole, odd = _number_grid([_Num(arr[a0:b0], conv is ints) for arr, conv in run], b0 - a0, flat=False)
    if odd:
        return plain()
    text = orjson.dumps(grid, option=orjson.OPT_SERIALIZE_NUMPY)  # a sentinel column: every number has a comma
    if whole:
        text = text.replace(b".0,", b",")  # 12.0 -> 12 (_number_grid)
    if b"null" in text:
        text = text.replace(b"null", b"")
    return text[2:-6].decode("ascii").split(",0.5],[")  # "[[a,b,0.5],[c,d,0.5]]" -> ["a,b", "c,d"]


def score_csv(a: Analysis, lang: str = "id") -> str:
    """``score --format csv``: one row per region, numbers at full precision (as in the JSON), text
    neutralised against formula injection (docs/output.md). Written a block of rows at a time."""
    return "".join(score_csv_chunks(a, lang))


def score_table(a: Analysis, lang: str = "id") -> str:
    result = a.score
    rubric = result.rubric
    from scorecard.judgement import band_heading, band_text, scoring_scale
    from scorecard.view import not_rated_text  # here: the JSON/CSV paths do not import the view model

    banded = scoring_scale(rubric) is not None  # the report's rule (has_bands): no column of "-"
    header = [i18n.t("col.rank", lang), i18n.t("col.region", lang), i18n.t("col.code", lang),
              i18n.t("col.score", lang)] + ([band_heading(rubric, lang)] if banded else [])
    header += [d.name.get(lang).replace("Smart ", "") for d in rubric.dimensions]
    multi = result.group_sizes.size > 1
    unc = a.uncertainty
    if unc is not None:
        header.insert(1, i18n.t("col.rank-interval", lang))
    if multi:
        header.insert(0, i18n.t("col.peer-group", lang))
    from scorecard.judgement import rated_group_sizes

    ranked = rated_group_sizes(result)
    rows = []
    status = result.status
    for code in result.codes:
        reg = result.regions.loc[code]
        rank = _int(result.ranks.at[code, "overall"])
        n = ranked.get(str(reg["peer_group"]), int(result.group_sizes[reg["peer_group"]]))  # rated only
        if status is not None and status[code] != "ok":  # issue 13: not yet rated, no score at all
            row = ["-", reg["name"], code, not_rated_text(result.coverage[code], lang, str(status[code]))]
            row += [""] * (len(rubric.dimensions) + banded)
        else:
            row = [f"{rank}/{n}" if rank else "-", reg["name"], code,
                   i18n.number(result.overall[code], lang, 1)]
            row += [band_text(rubric, result.grades.at[code, "overall"], lang) or "-"] if banded else []
            row += [i18n.number(result.dimension_scores.at[code, d.id], lang, 1) for d in rubric.dimensions]
        if unc is not None:
            row.insert(1, unc.label(code))
        if multi:
            row.insert(0, str(reg["peer_group"]))
        rows.append(row)
    align = ["<"] * len(header)
    for i in range(len(header) - len(rubric.dimensions) - 1 - banded, len(header)):
        align[i] = ">"
    title = i18n.t("score.title", lang, rubric=rubric.name.get(lang), n=len(result.regions),
                   peers=i18n.t(label_key(result.peers, first_code(result)), lang))
    return title + "\n\n" + text_table(header, rows, align) + _footer(a, lang)
