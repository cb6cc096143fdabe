"""From raw sheet cells to validated, typed tables — every problem reported at once.

Pure: takes a :class:`~scorecard.io.workbook.RawWorkbook` (cells with their positions), the
rubric and the region registry; returns :class:`Tables` plus an :class:`IssueReport`. Each
problem names the sheet, the Excel row, the column letter and header, the value found and what
was expected. Range checks (minimum, maximum, non-negative counts, percentages up to 100) run
through a pandera schema generated from the rubric; its failure cases are mapped back to cells.
"""

from __future__ import annotations

import collections
import functools
import itertools
import math
import operator
import re
import unicodedata
from dataclasses import dataclass, field
from collections.abc import Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any, Callable

import numpy as np
import pandas as pd

from scorecard import i18n, parse
from scorecard.issues import ERROR, NOTE, WARNING, IssueReport, column_letter, row_ranges
from scorecard.registry import Registry, normalise_code, parse_type
from scorecard.rubric import Column, Rubric, Text

# Sheet names (normalised) accepted for each table, first = the canonical name.
REGION_SHEETS = ("wilayah", "data_wilayah", "indikator", "data", "regions", "data_indikator")
OPINION_SHEETS = ("opini_bpk", "opini", "bpk", "opinions", "opini_lkpd")
AWARD_SHEETS = ("penghargaan", "awards", "prestasi")

# Built-in columns: canonical id -> accepted header spellings (normalised).
NAME_HEADERS = ("wilayah", "nama_wilayah", "kabupaten_kota", "kab_kota", "kota_kabupaten", "nama_daerah",
                "daerah", "region", "pemda", "nama_pemda", "nama")
CONTEXT_HEADERS: dict[str, tuple[str, ...]] = {
    "kode": ("kode", "kode_wilayah", "kode_kemendagri", "code", "kode_daerah"),
    "kode_bps": ("kode_bps", "bps_code", "kode_wilayah_bps", "kode_bps_wilayah"),  # via the crosswalk
    "tipe": ("tipe", "jenis", "type", "jenis_daerah", "kota_kab"),
    "provinsi": ("provinsi", "province", "nama_provinsi"),
    "tahun": ("tahun", "year", "tahun_data"),
    "sumber": ("sumber", "source", "sumber_data", "referensi"),
    "catatan": ("catatan", "keterangan", "notes", "note"),
    "jumlah_kecamatan": ("jumlah_kecamatan", "kecamatan", "n_kecamatan"),
    "jumlah_kelurahan": ("jumlah_kelurahan", "kelurahan", "n_kelurahan"),
    "jumlah_desa": ("jumlah_desa", "desa", "n_desa"),
    "luas_km2": ("luas_km2", "luas", "luas_wilayah", "area_km2"),
    "lat": ("lat", "latitude", "lintang"),
    "lng": ("lng", "lon", "longitude", "bujur"),
    # population: a rubric column in most rubrics; when the rubric has none it is still context
    # (peer groups by population class) and the registry fills it when absent
    "penduduk": ("penduduk", "jumlah_penduduk", "population", "populasi", "jumlah_penduduk_jiwa"),
}
IGNORED_HEADERS = ("no", "nomor", "no_urut", "number")
# registry column -> workbook context column, filled when the workbook leaves it out
REGISTRY_CONTEXT = {
    "tipe": "type", "provinsi": "province_name", "jumlah_kecamatan": "n_kecamatan",
    "jumlah_kelurahan": "n_kelurahan", "jumlah_desa": "n_desa", "luas_km2": "area_km2", "lat": "lat", "lng": "lng",
    "penduduk": "population",
}
NUMERIC_CONTEXT = ("jumlah_kecamatan", "jumlah_kelurahan", "jumlah_desa", "luas_km2", "lat", "lng", "penduduk")
OPINION_HEADERS = {"opini": ("opini", "opini_bpk", "opinion", "opini_lkpd")}
AWARD_HEADERS = {
    "penghargaan": ("penghargaan", "nama_penghargaan", "award", "judul"),
    "kategori": ("kategori", "dimensi", "category", "dimension", "bidang"),
    "tingkat": ("tingkat", "level", "lingkup"),
    "jumlah": ("jumlah", "count", "banyaknya"),
    "pemberi": ("pemberi", "pemberi_penghargaan", "giver", "instansi_pemberi"),
}
HEADER_SCAN_ROWS = 30


def norm_header(text: Any) -> str:
    if type(text) is str:
        return _norm_header(text)
    return _norm_header(str(text))


@functools.lru_cache(maxsize=1 << 16)  # headers and first cells repeat on thousands of rows
def _norm_header(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).strip().lower()
    s = re.sub(r"[^a-z0-9]+", "_", s)
    return s.strip("_")


@dataclass(frozen=True)
class Tables:
    """Validated input, ready for scoring. ``regions`` is indexed by Kemendagri code."""

    file: str
    regions: pd.DataFrame  # name, type, province, year, context, rubric columns (numbers)
    grades: pd.DataFrame  # grade codes for grade/ordinal columns, same index
    opinions: pd.DataFrame  # code, year, opinion, row
    awards: pd.DataFrame  # code, year, category, level, count, title, giver, source, row
    sources: pd.DataFrame  # index code; "sumber" = row source, "sumber_<column>" = per-value sources
    history: pd.DataFrame  # all years of the regions sheet, index (code, year); empty without 'tahun'
    cells: Mapping[tuple[str, str], tuple[str, int, str]] = field(default_factory=dict)  # (code, col) -> sheet,row,letter
    from_text: frozenset[tuple[str, str]] = frozenset()
    filled: AbstractSet[tuple[str, str]] = frozenset()  # (code, column) filled from the registry
    year: int | None = None
    registry: Any = field(default=None, repr=False, compare=False)  # the registry rows were matched against


# Citation for context values scorecard filled in from its own registry (see scorecard/data/NOTICE.md).
REGISTRY_SOURCE = ("Registri wilayah scorecard: kode dan nama Kepmendagri 300.2.2-2138/2025, luas BIG 2024, "
                   "penduduk Dukcapil semester II 2024")


def source_of(tables: Tables, code: str, column: str) -> str | None:
    """Where the figure ``column`` of region ``code`` comes from, for citing it in a report: the
    registry citation when scorecard filled the value from its registry (the workbook left it
    blank, so no workbook source applies), else the per-value source (``sumber_<column>``), else
    the row source (``sumber``), else None. Pure."""
    if (code, column) in tables.filled:
        registry = getattr(tables, "registry", None)
        if registry is not None and getattr(registry, "unit", "region") == "village":
            return str(registry.frame.attrs.get("source", REGISTRY_SOURCE))
        return REGISTRY_SOURCE
    src = tables.sources
    if code in src.index:
        for col in (f"sumber_{column}", "sumber"):
            if col in src.columns:
                value = src.at[code, col]
                if isinstance(value, str) and value.strip():
                    return value.strip()
    return None


@dataclass
class _Header:
    sheet_name: str
    row: int  # Excel row of the header
    index: int  # index of header row within RawSheet.rows
    columns: dict[str, int]  # canonical id -> position in row
    labels: dict[str, str]  # canonical id -> header text
    first_col: int


def _locate_sheet(wb: Any, wanted: tuple[str, ...]) -> Any:
    by_norm = {norm_header(s.name): s for s in wb.sheets}
    for name in wanted:
        if name in by_norm:
            return by_norm[name]
    return None


def _find_header(sheet: Any, aliases: dict[str, tuple[str, ...]], anchor: tuple[str, ...],
                 lookup: Callable[[str], str | None] | None = None) -> _Header | None:
    """The header row: among the first rows, one holding an anchor header (the region-name
    column). When consecutive rows both hold it — a two-row header whose "No." and "Nama Daerah"
    cells are merged down over a group row ("Tata Kelola", "Ekonomi") and the column row — the
    row naming more known columns wins (the first on a tie)."""
    known = {n for names in aliases.values() for n in names} | set(anchor)
    best: tuple[int, int] | None = None  # (recognised headers, row index)
    for i, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        normed = [norm_header(v) if isinstance(v, str) else "" for v in row]
        if not any(n in anchor for n in normed):
            if best is not None:
                break  # the header block is over
            continue
        hits = sum(1 for n in normed if n and (n in known or (lookup is not None and lookup(n) is not None)))
        if best is None or hits > best[0]:
            best = (hits, i)
    if best is None:
        return None
    i = best[1]
    return _Header(sheet.name, sheet.first_row + i, i, {}, {}, sheet.first_col)


class _Collector:
    """Issue helper that knows the file."""

    def __init__(self, file: str):
        self.file = file
        self.report = IssueReport()

    def cell(self, code: str, sheet: str, row: int, col: int, header: str | None, value: Any = None,
             severity: str = ERROR, **params: Any) -> None:
        self.report.add(code, severity, file=self.file, sheet=sheet, row=row,
                        column=header, column_letter=column_letter(col) if col is not None else None,
                        value=value, params=params)

    def sheet(self, code: str, sheet: str | None, severity: str = ERROR, **params: Any) -> None:
        self.report.add(code, severity, file=self.file, sheet=sheet, params=params)


def _map_headers(sheet: Any, hdr: _Header, known: dict[str, tuple[str, ...]], col: _Collector,
                 extra: Callable[[str], str | None] | None = None) -> None:
    row = sheet.rows[hdr.index]
    seen: dict[str, int] = {}
    for j, cell in enumerate(row):
        if parse.is_blank(cell):
            continue
        text = str(cell).strip()
        key = norm_header(text)
        canonical = None
        for cid, names in known.items():
            if key in names:
                canonical = cid
                break
        if canonical is None and extra is not None:
            canonical = extra(key)
        excel_col = sheet.first_col + j
        if canonical is None:
            if key not in IGNORED_HEADERS:
                col.cell("unknown-column", sheet.name, hdr.row, excel_col, text, text, severity=NOTE)
            continue
        if canonical in seen:
            col.cell("duplicate-column", sheet.name, hdr.row, excel_col, text, text,
                     first=column_letter(sheet.first_col + seen[canonical]))
            continue
        seen[canonical] = j
        hdr.columns[canonical] = j
        hdr.labels[canonical] = text


def _rubric_header_lookup(rubric: Rubric) -> Callable[[str], str | None]:
    names: dict[str, str] = {}
    for cid, c in rubric.columns.items():
        for n in (cid, c.label.id, c.label.en):
            names.setdefault(norm_header(n), cid)
    for cid in list(rubric.columns):
        names.setdefault(f"sumber_{cid}", f"sumber_{cid}")
        names.setdefault(f"source_{cid}", f"sumber_{cid}")

    def lookup(key: str) -> str | None:
        if key in names:
            return names[key]
        if key.startswith("sumber_") and key[7:] in names and not names[key[7:]].startswith("sumber_"):
            return f"sumber_{names[key[7:]]}"
        return None

    return lookup


TOTAL_PREFIXES = ("jumlah", "total", "rata_rata", "rerata", "average", "grand_total", "sub_total", "subtotal",
                  "mean", "median")
# A lone text cell starting like this, below or inside the table, is a note, not a region.
NOTE_PREFIXES = ("sumber", "source", "catatan", "keterangan", "ket", "note", "notes", "nb", "data_diolah",
                 "diolah", "dicetak", "dibuat", "disusun", "update", "diperbarui", "per_tanggal")
_REGION_WORDS = ("kota", "kab", "kabupaten", "pemkot", "pemko", "pemkab", "kotamadya", "pemerintah")


def _is_total_row(row: list[Any]) -> bool:
    """The first text among the first three cells is JUMLAH / Total / Rata-rata / Sub total …"""
    for v in row[:3]:
        if isinstance(v, str) and v.strip():
            return _TOTAL_KEY.match(norm_header(v)) is not None
    return False


# key == w or key.startswith(w + "_") for a w of TOTAL_PREFIXES, in one C call per row
_TOTAL_KEY = re.compile("(?:" + "|".join(map(re.escape, TOTAL_PREFIXES)) + ")(?:_|$)")


def _ignored_positions(sheet: Any, hdr: _Header) -> set[int]:
    """Positions of the 'No.' columns (their numbering alone does not make a row)."""
    row = sheet.rows[hdr.index]
    return {j for j, v in enumerate(row) if isinstance(v, str) and norm_header(v) in IGNORED_HEADERS}


def _note_text(row: list[Any], ignored: set[int], hdr: _Header, trailing: bool) -> str | None:
    """The text of a note row (one text cell and nothing else), else None."""
    filled = [(j, v) for j, v in enumerate(row) if not parse.is_blank(v)
              and not (j in ignored and isinstance(v, (int, float)))]
    if len(filled) != 1 or not isinstance(filled[0][1], str):
        return None
    j, text = filled[0]
    key = norm_header(text)
    if text.strip().startswith(("*", "\u00b9", "\u00b2", "\u00b3", "(")) or any(
            key == w or key.startswith(w + "_") for w in NOTE_PREFIXES):
        return text.strip()
    if j not in (hdr.columns.get("wilayah"), hdr.columns.get("kode")):
        return text.strip()  # a lone text outside the name/code columns cannot be a region row
    if j == hdr.columns.get("kode") and re.fullmatch(r"\d{2}\.\d{2}", text.strip()):
        return None  # a Kemendagri code (a region row with no data yet), wherever the row is
    if trailing and key.split("_")[0] not in _REGION_WORDS:
        return text.strip()  # a lone text under the last full row that does not start like a region name
    return None


_NONE_TYPE = type(None)
# a text cell is blank (parse.is_blank) when stripped it is one of these, or when it is the reader's
# formula-without-value marker
_BLANK_STRIPPED = frozenset(("",)) | parse._DASHES


def _padded(rows: Sequence[Sequence[Any]], width: int = 0) -> tuple[list[Any], int]:
    """``rows`` all of one length (short rows padded with None to the longest row or ``width``;
    only those are copied: a reader's rectangle is returned as it is) and that length."""
    lengths = set(map(len, rows))
    w = max(max(lengths, default=0), width)
    if lengths - {w}:
        return [r if len(r) == w else list(r) + [None] * (w - len(r)) for r in rows], w
    return rows if isinstance(rows, list) else list(rows), w


def _column_cells(rows: Sequence[Sequence[Any]], j: int) -> np.ndarray:
    """Column ``j`` of rows of one length as an object array (every cell stored as it is)."""
    return np.fromiter(map(operator.itemgetter(j), rows), dtype=object, count=len(rows))


def _kinds(values: np.ndarray) -> np.ndarray:
    """The exact type of every cell of one column (an object array)."""
    return np.fromiter(map(type, values), dtype=object, count=len(values))


def _text_blank(texts: Sequence[str], stripped: Sequence[str], joined: str | None = None) -> np.ndarray:
    """parse.is_blank of every text (exact ``str`` cells), at C speed (``joined``: the texts joined,
    when at hand: no cell is the formula-without-value marker unless its text is in there)."""
    n = len(texts)
    blank = np.fromiter(map(_BLANK_STRIPPED.__contains__, stripped), dtype=bool, count=n)
    if parse.NO_CACHED_VALUE in (texts if joined is None else joined):  # (a list: one C-level scan)
        blank |= np.fromiter(map(parse.NO_CACHED_VALUE.__eq__, texts), dtype=bool, count=n)
    return blank


def _text_flags(texts: list[str], lead: bool) -> np.ndarray:
    """:func:`_row_flags` (``lead``) or :func:`_counts` of every text (exact ``str`` cells), with
    C-level maps; only a text that may start like a total is looked at in Python. A column that
    repeats a few texts (a province on 84,000 rows) is worked out once per distinct text."""
    n = len(texts)
    # (a column of distinct names, told by its first rows, is not made into a set first)
    distinct = set(texts) if 4 * len(set(texts[:4096])) < min(n, 4096) else None
    if distinct is not None and 4 * len(distinct) < n:
        once = list(distinct)
        answer = dict(zip(once, _text_flags(once, lead).tolist()))
        return np.fromiter(map(answer.__getitem__, texts), dtype=np.int8, count=n)
    stripped = list(map(str.strip, texts))
    flags = np.where(_text_blank(texts, stripped), 0, _COUNTS).astype(np.int8)
    if lead:
        filled = np.fromiter(map(bool, stripped), dtype=bool, count=n)
        flags |= np.where(filled, _LEAD, 0).astype(np.int8)
        maybe = filled & (~np.fromiter(map(str.isascii, texts), dtype=bool, count=n)
                          | np.fromiter(map(bool, map(_TOTAL_HINT.match, texts)), dtype=bool, count=n))
        for k in np.flatnonzero(maybe).tolist():
            if _TOTAL_KEY.match(norm_header(texts[k])) is not None:
                flags[k] |= _TOTAL
    return flags


def _column_flags(values: np.ndarray, lead: bool, types: np.ndarray | None = None) -> np.ndarray:
    """:func:`_row_flags` (``lead``) or :func:`_counts` of every cell of one column, by cell type
    (``types``: :func:`_kinds` of the column, worked out here when not given): numbers and texts in
    bulk, any other cell (a date, a boolean) one by one."""
    n = len(values)
    types = _kinds(values) if types is None else types
    flags = np.zeros(n, dtype=np.int8)
    is_float = types == float
    is_str = types == str
    known = is_float | is_str | (types == int) | (types == _NONE_TYPE)
    flags[types == int] = _COUNTS
    if is_float.any():
        f = values[is_float].astype(float)
        flags[is_float] = np.where(f == f, _COUNTS, 0)  # NaN is blank
    if is_str.any():
        flags[is_str] = _text_flags(values[is_str].tolist(), lead)
    fn = _row_flags if lead else _counts
    for k in np.flatnonzero(~known).tolist():
        flags[k] = fn(values[k])
    return flags


def _numberish(values: np.ndarray, types: np.ndarray | None = None) -> np.ndarray:
    """isinstance(cell, (int, float)) for every cell of one column (``types`` as for
    :func:`_column_flags`)."""
    types = _kinds(values) if types is None else types
    out = (types == float) | (types == int)
    other = ~out & (types != str) & (types != _NONE_TYPE)
    for k in np.flatnonzero(other).tolist():
        out[k] = isinstance(values[k], (int, float))
    return out


# an ASCII text whose header key matches _TOTAL_KEY starts (after any signs or spaces) with one of
# these words: the key starts at the text's first letter or digit, and every total prefix begins
# with one of them (rata_rata, grand_total, sub_total …). Checked first: NFKC-normalising 84,000
# village names to learn that none is a total costs 0.2 s, an unanchored search 0.1 s.
_TOTAL_HINT = re.compile(r"[^A-Za-z0-9]*(?:jumlah|total|rata|rerata|average|grand|sub|mean|median)", re.IGNORECASE)
_COUNTS, _LEAD, _TOTAL = 1, 2, 4


def _row_flags(v: Any) -> int:
    """What one cell says about its row: it counts (not blank), it is text (the first text among a
    row's first three cells is what _is_total_row reads), that text starts like a total."""
    flags = 0 if parse.is_blank(v) else _COUNTS
    if isinstance(v, str) and v.strip():
        flags |= _LEAD
        if (not v.isascii() or _TOTAL_HINT.match(v)) and _TOTAL_KEY.match(norm_header(v)) is not None:
            flags |= _TOTAL
    return flags


def _counts(v: Any) -> int:
    return 0 if parse.is_blank(v) else _COUNTS


@dataclass
class _Data:
    """The data rows of a sheet: their Excel rows and the rows as the reader gave them, short rows
    padded with None to ``width`` cells (see :func:`_padded`). Cells are read from the rows column
    by column when needed (:meth:`column`, :class:`_CellsOf`) or a block of columns at a time
    (:func:`_classify_block`): no copy of the whole sheet is made."""

    excel_rows: list[int]
    rows: list[Any]
    width: int

    def __len__(self) -> int:
        return len(self.excel_rows)

    def column(self, j: int | None) -> list[Any]:
        """Column ``j`` of the data rows as a list (None past the row ends, or when ``j`` is None)."""
        if j is None or j >= self.width:
            return [None] * len(self.excel_rows)
        return list(map(operator.itemgetter(j), self.rows))

    def __getitem__(self, i: int) -> tuple[int, Any]:
        """``(excel_row, row)`` of data row ``i``, as :func:`_data_rows` lists them."""
        return self.excel_rows[i], self.rows[i]

    def pairs(self) -> list[tuple[int, Any]]:
        return list(zip(self.excel_rows, self.rows))


class _CellsOf(Sequence):
    """Column ``j`` of the data rows, cell by cell, without a list of it: what a numeric column
    needs (its cells are classified in a block, :func:`_classify_block`; single cells are looked
    at only for a message or the text parser)."""

    def __init__(self, rows: list[Any], j: int) -> None:
        self.rows, self.j = rows, j

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [row[self.j] for row in self.rows[i]]
        return self.rows[i][self.j]


def _data_grid(sheet: Any, hdr: _Header, col: "_Collector | None" = None, width: int = 0) -> _Data:
    """The data rows under the header: blank rows and rows holding only a 'No.' number are
    skipped; total rows (JUMLAH, Total, Rata-rata …) and note rows (a single text such as 'Sumber:
    BPS' or '*) angka sementara') are skipped with a note. Decided column by column from the cell
    types: the cells that count (two are enough, so usually the first two columns decide every
    row) and whether the first text among the first three cells starts like a total."""
    ignored = _ignored_positions(sheet, hdr)
    rows, w = _padded(sheet.rows[hdr.index + 1:], width)
    n = len(rows)
    first = sheet.first_row + hdr.index + 1
    if not n:
        return _Data([], [], w)
    counted = np.zeros(n, dtype=np.int32)  # cells that count, stopping at two
    total = np.zeros(n, dtype=bool)  # the first text among the first three cells starts like a total
    has_lead = np.zeros(n, dtype=bool)
    for j in range(w):
        if counted.min() >= 2 and (j >= 3 or has_lead.all()):
            break  # every row decided
        values = _column_cells(rows, j)
        kinds = _kinds(values)
        lead_needed = j < 3 and not has_lead.all()  # else no row's first text is still to be found
        flags = _column_flags(values, lead_needed, kinds)
        filled = (flags & _COUNTS).astype(bool)
        if j in ignored:  # the 'No.' column's numbering alone does not make a row
            filled &= ~_numberish(values, kinds)
        counted += filled & (counted < 2)
        if lead_needed:
            lead = (flags & _LEAD).astype(bool) & ~has_lead
            total |= lead & (flags & _TOTAL).astype(bool)
            has_lead |= lead
    full = np.flatnonzero(counted >= 2)
    last_full = int(full[-1]) if full.size else -1
    keep = (counted >= 2) & ~total

    def first_text(row: list[Any]) -> tuple[int, str]:
        return next(((j, str(v).strip()) for j, v in enumerate(row) if isinstance(v, str) and v.strip()), (0, ""))

    for i in np.flatnonzero((counted > 0) & ~keep).tolist():  # total rows and one-cell rows, in order
        row = rows[i]
        excel_row = first + i
        if total[i]:
            if col is not None:
                j, text = first_text(row)
                col.cell("total-row-skipped", sheet.name, excel_row, sheet.first_col + j, None,
                         severity=NOTE, text=text)
            continue
        note = _note_text(row, ignored, hdr, trailing=i > last_full)
        if note is not None:
            if col is not None:
                col.cell("note-row-skipped", sheet.name, excel_row, sheet.first_col + first_text(row)[0], None, note,
                         severity=NOTE)
            continue
        keep[i] = True
    kept = np.flatnonzero(keep)
    if kept.size == n:
        return _Data(list(range(first, first + n)), rows, w)
    return _Data((kept + first).tolist(), [rows[i] for i in kept.tolist()], w)


def _data_rows(sheet: Any, hdr: _Header, col: "_Collector | None" = None) -> list[tuple[int, list[Any]]]:
    """The data rows ``(excel_row, row)`` under the header (see :func:`_data_grid`)."""
    return _data_grid(sheet, hdr, col).pairs()


def _cell(row: list[Any], pos: int | None) -> Any:
    if pos is None or pos >= len(row):
        return None
    return row[pos]


def read_tables(wb: Any, rubric: Rubric, registry: Registry, *, current_year: int, year: int | None = None
                ) -> tuple[Tables | None, IssueReport]:
    """Validate the workbook against the rubric. Returns ``(tables, report)``; ``tables`` is None
    when the report has errors."""
    col = _Collector(wb.path)
    visible = [s for s in wb.sheets if not s.hidden]
    for s in wb.sheets:
        if s.hidden and s.name != "_scorecard":  # _scorecard: init's rubric memory (io/workbook_meta.py)
            col.sheet("hidden-sheet-ignored", s.name, severity=NOTE)
    sheet = _locate_sheet(type(wb)(wb.path, visible), REGION_SHEETS) if visible else None
    if sheet is None and len(visible) == 1:
        sheet = visible[0]
    if sheet is None:
        hidden = _locate_sheet(type(wb)(wb.path, [s for s in wb.sheets if s.hidden]), REGION_SHEETS)
        if hidden is not None:  # "sheet 'wilayah' is missing. Sheets found: wilayah" would be a riddle
            col.sheet("sheet-hidden", hidden.name)
            return None, col.report
        col.sheet("missing-sheet", None, wanted=REGION_SHEETS[0], found=", ".join(s.name for s in wb.sheets) or "-")
        return None, col.report

    others = [s for s in visible if s is not sheet and norm_header(s.name) in REGION_SHEETS]
    for other in others:  # never ignore a second region table silently
        col.sheet("region-sheet-chosen", other.name, severity=WARNING, used=sheet.name, other=other.name,
                  order=", ".join(REGION_SHEETS))
    lookup = _rubric_header_lookup(rubric)
    hdr = _find_header(sheet, CONTEXT_HEADERS, NAME_HEADERS, lookup)
    if hdr is None:
        col.sheet("header-not-found", sheet.name, wanted=", ".join(NAME_HEADERS[:4]), rows=HEADER_SCAN_ROWS)
        return None, col.report
    _map_headers(sheet, hdr, {"wilayah": NAME_HEADERS, **CONTEXT_HEADERS}, col, lookup)

    used_cols = {c for ind in rubric.indicators for c in ind.columns}
    for cid in sorted(used_cols | {c for c, spec in rubric.columns.items() if spec.required}):
        if cid not in hdr.columns and cid not in REGISTRY_CONTEXT:
            col.sheet("missing-column", sheet.name, column=rubric.columns[cid].label.id, column_id=cid,
                      header_row=hdr.row)

    records, from_text, cells = _read_region_rows(sheet, hdr, rubric, registry, col, current_year)
    regions, history, chosen_year = _select_year(records, hdr, col, sheet.name, year)
    opinions = _read_opinions(wb, rubric, registry, col, current_year)
    awards = _read_awards(wb, rubric, registry, col, current_year)
    if regions is None:
        return None, col.report
    _range_checks(regions, rubric, col, sheet.name, hdr)  # also when cells failed to parse: report all
    if not col.report.valid:
        return None, col.report

    filled = _fill_from_registry(regions, registry, hdr, col, sheet.name)
    grades = regions[[c for c in regions.columns if c.startswith("grade:")]].rename(columns=lambda c: c[6:])
    sources = regions[[c for c in regions.columns if c.startswith("sumber")]].copy()
    regions = regions.drop(columns=[c for c in regions.columns if c.startswith("grade:") or c.startswith("sumber")])
    known = set(regions.index.tolist())  # not item by item through the index
    for frame, sheet_label in ((opinions, "opini_bpk"), (awards, "penghargaan")):
        # each distinct code once (iterating the column yields 20,000 awards one pandas call at a time)
        stray = sorted(set(frame["code"].unique().tolist()) - known) if len(frame) else []
        for code in stray:
            col.sheet("region-not-in-regions-sheet", sheet_label, severity=NOTE, region=registry.label(code))
    opinions = opinions[opinions["code"].isin(known)] if len(opinions) else opinions
    awards = awards[awards["code"].isin(known)] if len(awards) else awards
    tables = Tables(
        file=wb.path, regions=regions, grades=grades, opinions=opinions.reset_index(drop=True),
        awards=awards.reset_index(drop=True), sources=sources, history=history,
        cells=cells.restricted(known), from_text=frozenset(from_text),
        filled=filled, year=chosen_year, registry=registry,
    )
    return tables, col.report


def prepare_registry(registry: Any, worth_it: Callable[[], bool] = lambda: True) -> None:
    """Work out what validation looks up in ``registry`` (names and codes as the registry writes
    them, its code index) before it is needed: ``load_inputs`` calls it while the workbook is still
    being parsed in its thread, time the command would otherwise spend waiting (~0.05 s for a
    list of 84,000 villages). Each step only while ``worth_it()`` (the parse still running); the
    registry keeps what it worked out, so validation gives the same answers either way."""
    frame = getattr(registry, "frame", None)
    steps = (getattr(registry, "exact_names", None),
             (lambda: frame.index.is_unique) if frame is not None else None,  # builds the index's table
             getattr(registry, "exact_titles", None))
    for step in steps:
        if step is None:
            continue
        if not worth_it():
            return
        step()


def _code_text(code: Any) -> str:
    """A code cell as text. Excel drops trailing zeros of a code typed as a number (35.10 is stored
    as 35.1): a number with at most two decimals is read back as PP.KK; 3510 as 35.10."""
    if isinstance(code, bool):
        return str(code)
    if isinstance(code, int) or (isinstance(code, float) and code.is_integer()):
        return str(int(code))
    if isinstance(code, float) and abs(round(code, 2) - code) < 1e-9 and 10 <= code < 100:
        return f"{code:.2f}"
    return str(code).strip()


_PREFIX = re.compile(r"^\s*(?:kota|kabupaten|kab\.?|kab)\s+", re.IGNORECASE)


@functools.lru_cache(maxsize=1 << 16)  # a region is named on many rows (years, opinions, awards)
def renamed(typed: str, official: str) -> bool:
    """Whether the name as typed differs from the official name in more than letter case, extra
    spaces or the type prefix (Kab. / Kabupaten): "Kota Palangka Raya" vs "Kota Palangkaraya"."""
    def norm(s: str) -> str:
        return " ".join(_PREFIX.sub("", str(s)).split()).casefold()

    return norm(typed) != norm(official)


def _resolve(registry: Registry, col: "_Collector | _Recorder", sheet: str, excel_row: int, hdr: _Header, row: list[Any]
             ) -> str | None:
    name_pos = hdr.columns.get("wilayah")
    code_pos = hdr.columns.get("kode")
    type_pos = hdr.columns.get("tipe")
    name = _cell(row, name_pos)
    code = _cell(row, code_pos)
    type_hint = parse_type(_cell(row, type_pos)) if type_pos is not None else None
    name_s = None if parse.is_blank(name) else str(name).strip()
    code_s = None if parse.is_blank(code) else _code_text(code)
    bps_pos = hdr.columns.get("kode_bps")
    bps = _cell(row, bps_pos)
    if name_s is None and code_s is None and parse.is_blank(bps):
        col.cell("missing-region-name", sheet, excel_row, hdr.first_col + (name_pos or 0), hdr.labels.get("wilayah"))
        return None
    if code_s is None and not isinstance(name, str) and normalise_code(_code_text(name)):
        name_s, code_s = None, _code_text(name)  # a code typed in the name column (3577, 35.77)
    elif code_s is None and normalise_code(name_s):
        name_s, code_s = None, name_s
    crosswalk = getattr(registry, "crosswalk", None)
    if code_s is None and crosswalk is not None and not parse.is_blank(bps):
        from scorecard.crosswalk import resolve_bps  # BPS code -> Kemendagri, checked against the name

        res = resolve_bps(registry, crosswalk, name_s, bps, type_hint)
        if res.code:
            return res.code
        col.cell(res.problem or "bps-code-not-found", sheet, excel_row, hdr.first_col + (bps_pos or 0),
                 hdr.labels.get("kode_bps"), _code_text(bps), candidates="; ".join(res.candidates) or "-",
                 name=name_s or "-")
        return None
    res = registry.resolve(name_s, code_s, type_hint)
    if res.code is None and res.problem == "code-name-mismatch" and crosswalk is not None:
        from scorecard.crosswalk import rescue_bps  # a BPS code typed in the Kemendagri column

        rescued = rescue_bps(registry, crosswalk, name_s, code_s, type_hint)
        if rescued is not None and rescued.code:
            col.cell("bps-code-in-kode", sheet, excel_row, hdr.first_col + (code_pos or 0), hdr.labels.get("kode"),
                     code_s, severity=NOTE, region=registry.label(rescued.code))
            return rescued.code
    if res.code:
        if res.note == "alias":
            col.cell("region-matched-alias", sheet, excel_row, hdr.first_col + (name_pos or 0), hdr.labels.get("wilayah"),
                     name_s, severity=NOTE, region=registry.label(res.code))
        elif name_s and renamed(name_s, registry.title(res.code)):
            # "Kota Palangka Raya" is shown everywhere as the official "Kota Palangkaraya": say so (issue 19)
            col.cell("region-renamed", sheet, excel_row, hdr.first_col + (name_pos or 0), hdr.labels.get("wilayah"),
                     name_s, severity=NOTE, region=registry.title(res.code), official_code=res.code)
        return res.code
    where_pos = code_pos if res.problem in ("code-not-found", "code-name-mismatch", "unit-code-not-found") or (
        res.problem == "village-without-units" and bool(code_s)) else name_pos
    where_label = hdr.labels.get("kode" if where_pos == code_pos else "wilayah")
    value = code_s if where_pos == code_pos else name_s
    col.cell(res.problem or "region-not-found", sheet, excel_row, hdr.first_col + (where_pos or 0), where_label,
             value, candidates="; ".join(res.candidates) or "-", name=name_s or "-")
    return None


class _Recorder:
    """Stands in for a collector: keeps the ``cell`` calls to replay them on other rows."""

    def __init__(self) -> None:
        self.calls: list[tuple[tuple, dict]] = []

    def cell(self, *args: Any, **kw: Any) -> None:
        self.calls.append((args, kw))


_NO_CALLS: tuple = ()


def _resolve_rows(registry: Registry, sheet: str, hdr: _Header, data: "Sequence[tuple[int, Any]]",
                  columns: Any) -> tuple[list[str | None], list[Any]]:
    """:func:`_resolve` for every data row, worked out once per distinct (name, code, type, BPS
    code) — a region is named on ten year rows, its opinions and its awards. Returns the codes and,
    per row, the issue calls to replay on that row with :func:`_replay` (in reading order)."""
    n = len(data)
    positions = [hdr.columns.get(k) for k in ("wilayah", "kode", "tipe", "kode_bps")]
    picked = [columns[p] if p is not None else (None,) * n for p in positions]
    quick = _exact_codes(registry, positions, picked)
    memo: dict[Any, tuple[str | None, Any]] = {}
    codes: list[str | None] = quick
    calls: list[Any] = [_NO_CALLS] * n
    todo = [i for i, c in enumerate(quick) if c is None]
    if not todo:  # a code matched as typed is the cell itself: kept as a new string (see _own_texts)
        return (_own_texts(codes) if positions[1] is not None and _owns_texts(data) else codes), calls
    name_col, code_col, kind_col, bps_col = picked
    for i in todo:
        excel_row, row = data[i]
        name, code, kind, bps = name_col[i], code_col[i], kind_col[i], bps_col[i]
        key: tuple[Any, ...] | None = (name, code, kind, bps, type(name), type(code), type(kind), type(bps))
        try:
            hit = memo.get(key)
        except TypeError:  # an unhashable cell (never from a workbook reader)
            key, hit = None, None
        if hit is None:
            rec = _Recorder()
            hit = (_resolve(registry, rec, sheet, excel_row, hdr, row), tuple(rec.calls) or _NO_CALLS)
            if key is not None:
                memo[key] = hit
        codes[i] = hit[0]
        calls[i] = hit[1]
    return (_own_texts(codes) if _owns_texts(data) else codes), calls  # a code may be the cell as typed


def _exact_codes(registry: Registry, positions: list[int | None], picked: Sequence[Sequence[Any]]
                 ) -> list[str | None]:
    """Per row, the code of a row that names its region exactly as the registry writes it, with
    no type: the official code and name (``35.77``, ``Kota Madiun``), or the official name alone
    with no code or BPS code; None for every other row (:func:`_resolve` works those out). The
    rows the resolver would match with nothing to say, found with C-level maps."""
    name_col, code_col, kind_col, bps_col = picked
    n = len(name_col)
    name_pos, code_pos, kind_pos, bps_pos = positions
    if name_pos is None or not n:
        return [None] * n
    exact = registry.exact_titles() if code_pos is not None and hasattr(registry, "exact_titles") else {}
    names = registry.exact_names() if hasattr(registry, "exact_names") else {}
    try:
        if code_pos is None and bps_pos is None:  # no code anywhere: the name alone decides
            quick = list(map(names.get, name_col))
        else:
            quick = [c if type(c) is str and exact.get(c) == m
                     else names.get(m) if (c is None or c == "") and (b is None or b == "") else None
                     for m, c, b in zip(name_col, code_col, bps_col)]
    except TypeError:  # an unhashable cell (never from a workbook reader): the resolver decides
        return [None] * n
    if set(map(type, name_col)) != {str}:  # only a name typed as text
        quick = [q if type(m) is str else None for q, m in zip(quick, name_col)]
    if kind_pos is not None:  # and no type given
        quick = [q if k is None or k == "" else None for q, k in zip(quick, kind_col)]
    return quick


def _replay(col: Any, calls: Any, excel_row: int) -> None:
    """Report on ``excel_row`` the issues :func:`_resolve` found for a row with the same cells."""
    for args, kw in calls:
        col.cell(args[0], args[1], excel_row, *args[3:], **kw)


def _mapped(values: Sequence[Any], fn: Callable[[Any], Any]) -> list[Any]:
    """``[fn(v) for v in values]``, calling ``fn`` once per distinct (type, value)."""
    kinds = set(map(type, values))
    if kinds <= {str, _NONE_TYPE, float} or kinds <= {str, _NONE_TYPE, int}:
        # no two cells of different types compare equal (1 == 1.0 == True): distinct values will do
        try:
            answer = {v: fn(v) for v in set(values)}
        except TypeError:  # an unhashable cell
            answer = None
        if answer is not None:
            return list(map(answer.__getitem__, values))
    memo: dict[tuple[type, Any], Any] = {}
    out: list[Any] = []
    for v in values:
        key = (type(v), v)
        try:
            r = memo[key]
        except KeyError:
            r = memo[key] = fn(v)
        except TypeError:
            r = fn(v)
        out.append(r)
    return out


def _parse_cell(value: Any, spec: Column, rubric: Rubric) -> parse.Parsed:
    if spec.type in ("number",):
        return parse.parse_number(value)
    if spec.type == "percent":
        return parse.parse_number(value, percent=True)
    if spec.type == "integer":
        return parse.parse_integer(value)
    if spec.type == "grade":
        return parse.parse_grade(value, rubric.scales[spec.scale]) if spec.scale else parse.parse_text(value)
    return parse.parse_text(value)


def _as_read(x: float) -> Text:
    """A number as read, for a note about separators: in each language's decimal mark and with no
    thousands separator, so that it cannot be misread again (1234 / 35,378 in id, 35.378 in en)."""
    return Text(i18n.decimal(float(x), "id", 6, group=False), i18n.decimal(float(x), "en", 6, group=False))


def _expected(spec: Column, rubric: Rubric, lang: str | None = None) -> Any:
    """What a cell of ``spec`` should hold, for a message: a bilingual text (the message shows it
    in the reader's language; numbers in its format), or a string in ``lang`` when one is given."""
    def both(make: Any) -> Any:
        text = Text(make("id"), make("en"))
        return text.get(lang) if lang else text

    if spec.type == "grade" and spec.scale:
        scale = rubric.scales[spec.scale]
        codes = ", ".join(scale.codes())
        if scale.kind == "bands" and scale.range:
            lo, hi = scale.range
            return both(lambda L: f"{codes} / {i18n.decimal(lo, L, 4, group=False)}-{i18n.decimal(hi, L, 4, group=False)}")
        return codes
    return both(lambda L: i18n.t(f"expect.{spec.type}", L))


class CellPositions(Mapping):
    """``(region code, column id) -> (sheet, Excel row, column letter)`` for every cell of the region
    sheet, computed on demand from one row number per region and one letter per column (a dict
    entry per cell cost ~0.7 GB at village scale)."""

    def __init__(self, sheet: str, rows: dict[str, int], letters: dict[str, str]) -> None:
        self.sheet, self.rows, self.letters = sheet, rows, letters

    def __getitem__(self, key: tuple[str, str]) -> tuple[str, int, str]:
        code, cid = key
        return self.sheet, self.rows[code], self.letters[cid]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, tuple) and len(key) == 2 and key[0] in self.rows and key[1] in self.letters

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return ((code, cid) for code in self.rows for cid in self.letters)

    def __len__(self) -> int:
        return len(self.rows) * len(self.letters)

    def restricted(self, codes: set[str]) -> "CellPositions":
        if self.rows.keys() <= codes:  # every region kept (one year, nothing dropped): the same rows
            return CellPositions(self.sheet, self.rows, self.letters)
        return CellPositions(self.sheet, {c: r for c, r in self.rows.items() if c in codes}, self.letters)


class FilledCells(AbstractSet):
    """The ``(region code, column)`` pairs scorecard filled from its registry or unit list, kept as
    one set of codes per column (a tuple per cell cost ~100 MB at village scale)."""

    def __init__(self) -> None:
        self._by_column: dict[str, frozenset[str]] = {}

    def add_column(self, column: str, codes: Any) -> None:
        if hasattr(codes, "tolist"):  # a pandas Index of strings yields its items one Python call at a time
            codes = codes.tolist()
        before = self._by_column.get(column)
        # frozenset(a frozenset) is that frozenset: columns filled for every region share one set
        self._by_column[column] = frozenset(codes) if before is None else before | frozenset(codes)

    def columns(self) -> list[str]:
        return sorted(c for c, codes in self._by_column.items() if codes)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, tuple) and len(key) == 2 and key[0] in self._by_column.get(key[1], ())

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return ((code, column) for column, codes in self._by_column.items() for code in codes)

    def __len__(self) -> int:
        return sum(len(codes) for codes in self._by_column.values())


class _Ordered:
    """Collects the cell issues of the region sheet, found column by column, and hands them to the
    collector in reading order (row by row, left to right) — the order a planner fixes them in."""

    def __init__(self, col: _Collector) -> None:
        self.col = col
        self.file = col.file
        self.items: list[tuple[int, int, int, tuple, dict]] = []
        self.seq = -1

    def cell(self, code: str, sheet: str, row: int, col: int, header: str | None, value: Any = None,
             severity: str = ERROR, **params: Any) -> None:
        self.items.append((row, self.seq, len(self.items), (code, sheet, row, col, header, value),
                           {"severity": severity, **params}))

    def flush(self) -> None:
        for _r, _s, _n, args, kw in sorted(self.items, key=lambda it: it[:3]):
            self.col.cell(*args, **kw)
        self.items.clear()


_NUMBER_KINDS = ("number", "percent", "integer")
_NUMBER_TYPES = frozenset((float, int))
# plain numeric text: digits, an optional dot decimal (group 1), an optional exponent (group 2)
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.([0-9]+))?([eE][+-]?[0-9]+)?")


def _columns(data: list[tuple[int, list[Any]]], width: int) -> list[tuple[Any, ...]]:
    """The data rows as columns (C-speed transposition; short rows padded with None)."""
    rows = [row for _r, row in data]
    if not rows:
        return [()] * width
    lengths = set(map(len, rows))
    if len(lengths) == 1 and min(lengths) >= width:  # a reader's rectangle (calamine pads every row)
        return list(itertools.islice(zip(*rows), width))
    rows = [list(r[:width]) + [None] * (width - len(r)) if len(r) != width else r for r in rows]
    return list(zip(*rows))


def _classify_column(values: Sequence[Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """The plain path of :func:`_classify_block`, one cell at a time: which cells are numbers
    (exactly ``float`` or ``int``), which are empty (None or ""), and the numbers as floats (NaN
    elsewhere; None when an int is beyond the range of a double)."""
    number = np.array([type(v) in _NUMBER_TYPES for v in values], dtype=bool)
    empty = np.array([v is None or (type(v) is str and v == "") for v in values], dtype=bool)
    try:
        floats = np.array([float(v) if k else np.nan for v, k in zip(values, number.tolist())], dtype=float)
    except OverflowError:
        return number, empty, None
    return number, empty, floats


def _type_ids_readable() -> bool:
    """Whether an object array's buffer shows each object's ``id`` (CPython: its address)."""
    try:
        probe = np.array([float, str, None], dtype=object)
        return np.frombuffer(probe, dtype=np.intp).tolist() == [id(float), id(str), id(None)]
    except (TypeError, ValueError, BufferError):
        return False


_TYPE_IDS = _type_ids_readable()


def _is_type(kinds: np.ndarray, kind: type) -> np.ndarray:
    """``kinds == kind`` for an object array of types: compared as the objects' ids when the
    array's buffer shows them (one integer comparison per cell instead of a Python comparison),
    else as objects."""
    if _TYPE_IDS:
        return np.frombuffer(kinds, dtype=np.intp) == id(kind)
    return kinds == kind


_BLOCK_ROWS = 512  # rows of a block classified at a time: ~20,000 cells, their objects still in cache


def _classify_block(rows: list[Any], positions: list[int]
                    ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray | None]]:
    """:func:`_classify_column` for the columns at ``positions`` of ``rows`` (all of one length,
    :func:`_padded`) at once, a few hundred rows at a time in the order the reader created the
    cells: each cell's type compared with ``float`` at C speed, only the cells that are not floats
    looked at again, the numbers converted by numpy. One pass over the cells' objects, each block
    while it is in the processor's cache (a pass column by column over 84,000 rows misses the cache
    on every cell; a copy of the whole sheet as an object array cost 29 MB and a reference count
    on every cell). Returns the number and empty masks (rows x columns) and each column's floats
    (NaN where the cell is not a number; None for a column holding an int beyond a double)."""
    n, k = len(rows), len(positions)
    a = positions[0]
    # a run of columns is a slice of each row; any other choice (two columns at least) a tuple
    pick = operator.itemgetter(slice(a, a + k)) if positions == list(range(a, a + k)) else operator.itemgetter(*positions)
    number = np.empty((n, k), dtype=bool)
    empty = np.zeros((n, k), dtype=bool)
    floats = np.empty((k, n))  # each column's floats, contiguous
    beyond: set[int] = set()  # columns holding an int beyond a double
    chain = itertools.chain.from_iterable
    for i in range(0, n, _BLOCK_ROWS):
        cells = list(chain(map(pick, rows[i:i + _BLOCK_ROWS])))
        m = len(cells)
        kinds = np.fromiter(map(type, cells), dtype=object, count=m)
        is_float = _is_type(kinds, float)
        number[i:i + m // k] = is_float.reshape(-1, k)
        if not is_float.all():
            at = np.flatnonzero(~is_float)
            odd_kinds = kinds[at]
            whole = odd_kinds == int
            number.reshape(-1)[at[whole] + i * k] = True
            blank = odd_kinds == _NONE_TYPE
            text = odd_kinds == str
            if text.any():
                blank[text] = np.fromiter(map(cells.__getitem__, at[text].tolist()), dtype=object,
                                          count=int(text.sum())) == ""
            empty.reshape(-1)[at + i * k] = blank
            if not whole.all():  # every cell that is not a number: NaN for the conversion (in C)
                collections.deque(map(cells.__setitem__, at[~whole].tolist(), itertools.repeat(math.nan)), 0)
        part = floats[:, i:i + m // k].T
        try:
            part[...] = np.fromiter(cells, dtype=float, count=m).reshape(-1, k)
        except OverflowError:  # an int beyond a double: its column alone takes the slow path
            for j in range(k):
                try:
                    part[:, j] = np.fromiter(cells[j::k], dtype=float, count=m // k)
                except OverflowError:
                    beyond.add(j)
    return number, empty, [None if j in beyond else floats[j] for j in range(k)]


def _numbers(values: Sequence[Any], kind: str, expected: Any, spec: Column | None, sheet: str, excel_rows: list[int],
             excel_col: int, label: str, out: _Ordered, percent_rows: set[int], rubric: Rubric,
             classified: tuple[np.ndarray, np.ndarray, np.ndarray | None] | None = None
             ) -> tuple[np.ndarray, np.ndarray]:
    """One numeric column: plain numbers at numpy speed, every other cell through :mod:`parse`
    with the column's separator convention. ``classified`` is the column's number and empty masks
    and floats (:func:`_classify_block`); worked out here one cell at a time when not given.
    Returns (values, read-from-text mask); the values are the given floats, completed in place
    (no other copy of the column is made)."""
    n = len(values)
    from_text = np.zeros(n, dtype=bool)
    number, empty, floats = classified if classified is not None else _classify_column(values)
    if percent_rows:
        in_pct = np.isin(np.asarray(excel_rows), list(percent_rows))
        plain = number & ~in_pct
        rest = np.flatnonzero(~empty & (~number | in_pct)).tolist()
    else:
        plain = number
        rest = np.flatnonzero(~empty & ~number).tolist()
    if floats is None:  # a Python int beyond a double: the slow path names it
        result = np.full(n, np.nan)
        rest = sorted(rest + np.flatnonzero(plain).tolist())
    elif not plain.any():
        result = floats
        result[:] = np.nan
    else:  # whole-column masks (floats is NaN wherever the cell is not a number)
        bad = plain & ~np.isfinite(floats)
        for i in np.flatnonzero(bad).tolist():
            if floats[i] != floats[i]:  # NaN stored in a numeric cell: read as blank, but never silently
                out.cell("nan-cell", sheet, excel_rows[i], excel_col, label, "NaN", severity=WARNING)
            else:  # a stored number beyond a double: the message says so, never "inf"
                out.cell("number-not-finite-stored", sheet, excel_rows[i], excel_col, label, values[i],
                         expected=expected)
        result = floats  # completed in place: NaN where the cell is no plain number or not finite
        result[~plain | bad] = np.nan
        if kind == "integer":
            frac = np.isfinite(result) & (result != np.trunc(result))
            for i in np.flatnonzero(frac).tolist():
                out.cell("not-whole-number", sheet, excel_rows[i], excel_col, label, values[i],
                         expected=expected, min=_bound(spec, "min"), max=_bound(spec, "max"))
            result[frac] = np.nan
    if not rest:
        return result, from_text
    fast_evidence: tuple[str, int] | None = None
    if kind != "integer":  # plain numeric text (a CSV): read in bulk when no convention can change it
        slow: list[int] = []
        fast_i: list[int] = []
        fast_v: list[float] = []
        match = _PLAIN_NUMBER.fullmatch
        for i in rest:
            v = values[i]
            m = match(v) if type(v) is str and excel_rows[i] not in percent_rows else None
            if m is None or (m.group(1) is not None and len(m.group(1)) == 3 and m.group(2) is None
                             and m.group(0).lstrip("+-").split(".")[0].strip("0") != ""):
                slow.append(i)  # not plain, or 35.378: the column's convention decides
                continue
            plain_value = float(v)
            if not math.isfinite(plain_value):
                slow.append(i)  # 1e400: parse names it
                continue
            fast_i.append(i)
            fast_v.append(plain_value)
            if fast_evidence is None and (m.group(1) is not None or m.group(2) is not None):
                fast_evidence = (v, excel_rows[i])  # a dot decimal or an exponent: the English form
        if fast_i:
            idx = np.asarray(fast_i, dtype=np.intp)
            result[idx] = fast_v
            from_text[idx] = True
        rest = slow
    judged = parse.judge_separators([values[i] for i in rest])
    evidence_row = excel_rows[rest[judged.evidence_index or 0]] if judged.evidence is not None else None
    if fast_evidence is not None:  # the bulk-read cells are evidence too
        if judged.convention == parse.ID and judged.evidence is not None:
            judged = parse.Judgement(parse.MIXED, judged.evidence)
        elif judged.convention == parse.ID:
            judged = parse.Judgement(parse.EN, fast_evidence[0])
            evidence_row = fast_evidence[1]
    noted: list[tuple[int, Any, float]] = []
    for i in rest:
        value = values[i]
        if parse.is_blank(value):
            if type(value) is float:  # NaN
                out.cell("nan-cell", sheet, excel_rows[i], excel_col, label, "NaN", severity=WARNING)
            elif value == parse.NO_CACHED_VALUE:
                out.cell("formula-without-value", sheet, excel_rows[i], excel_col, label, None, severity=WARNING)
            continue
        if excel_rows[i] in percent_rows and isinstance(value, (int, float)) and not isinstance(value, bool):
            # typed as "45,6%" in Excel: stored 0.456, shown 45,6% -> the percentage the planner sees
            shown = round(float(value) * 100, 10)
            if spec is None or spec.type != "percent":
                out.cell("percent-cell-format", sheet, excel_rows[i], excel_col, label, value, shown=shown)
                continue
            value = shown
        if kind == "integer":
            p = parse.parse_integer(value, judged.convention)
        else:
            p = parse.parse_number(value, percent=kind == "percent", convention=judged.convention)
        if not p.ok:
            out.cell(p.error or "not-a-number", sheet, excel_rows[i], excel_col, label, value, expected=expected,
                     min=_bound(spec, "min"), max=_bound(spec, "max"))
            continue
        result[i] = p.value
        from_text[i] = p.from_text
        if judged.convention != parse.MIXED and parse.ambiguous_kind(value):
            noted.append((i, value, p.value))
    if noted:
        i, value, read = noted[0]
        if judged.convention == parse.EN:
            out.cell("decimal-dot-column", sheet, excel_rows[i], excel_col, label, value, severity=NOTE,
                     n=len(noted), read=_as_read(read), evidence=judged.evidence, evidence_row=evidence_row)
        else:
            out.cell("separator-default", sheet, excel_rows[i], excel_col, label, value, severity=NOTE,
                     n=len(noted), read=_as_read(read))
    return result, from_text


# Issue 18 class 2: the plausibility rule (docs/reliability.md, "Numbers too large or too small").
# No figure a planner types (rupiah, people, km², percentages, counts) comes within 80 orders of
# magnitude of these; inside them every intermediate of the engine (squares of a z-score, a ratio
# times its multiplier, a sum over 100,000 regions) stays a finite, normal double.
ABSURD_LARGE = 1e100
ABSURD_SMALL = 1e-100


def absurd(values: Any) -> np.ndarray:
    """True where a finite number is beyond the plausibility rule (NaN and 0 are not)."""
    mag = np.abs(np.asarray(values, dtype=float))
    with np.errstate(invalid="ignore"):
        return np.isfinite(mag) & ((mag > ABSURD_LARGE) | ((mag < ABSURD_SMALL) & (mag > 0)))


def _refuse_absurd(result: np.ndarray, values: Sequence[Any], sheet: str, excel_rows: list[int], excel_col: int,
                   label: str, out: Any, expected: Any) -> None:
    """Refuse (located) a number read from a cell that is beyond the plausibility rule; it is then
    read as blank so that nothing downstream computes with it."""
    bad = absurd(result)
    if not bad.any():
        return
    for i in np.flatnonzero(bad):
        out.cell("number-implausible", sheet, excel_rows[int(i)], excel_col, label, values[int(i)], expected=expected)
    result[bad] = np.nan


def _bound(spec: Column | None, which: str) -> Any:
    if spec is None:
        return "-"
    v = getattr(spec, which)
    return v if v is not None else "-"


def _numeric_column(cid: str, rubric: Rubric) -> bool:
    """Whether :func:`_read_region_rows` reads column ``cid`` with :func:`_numbers`."""
    if cid in ("wilayah", "kode", "kode_bps", "tahun", "tipe", "provinsi", "sumber", "catatan") \
            or cid.startswith("sumber_"):
        return False
    if cid in NUMERIC_CONTEXT and cid not in rubric.columns:
        return True
    return cid in rubric.columns and rubric.columns[cid].type in _NUMBER_KINDS


class _Columns:
    """Columns of the data rows as lists, each made once on first use (``columns[None]``: a column
    the sheet does not have, all None)."""

    def __init__(self, data: _Data) -> None:
        self.data = data
        self.made: dict[int | None, list[Any]] = {}

    def __getitem__(self, j: int | None) -> list[Any]:
        if j not in self.made:
            self.made[j] = self.data.column(j)
        return self.made[j]


def _name_inputs(values: Sequence[Any]) -> list[Any]:
    """``[None if parse.is_blank(v) else str(v).strip() for v in values]``, texts at C speed."""
    if set(map(type, values)) != {str}:
        return [None if parse.is_blank(v) else str(v).strip() for v in values]
    stripped: list[Any] = list(map(str.strip, values))
    for k in np.flatnonzero(_text_blank(values, stripped)).tolist():
        stripped[k] = None
    return stripped


def _text_values(values: Sequence[Any]) -> list[Any]:
    """``[parse.text_value(v) for v in values]``, texts at C speed (a column repeating a few texts
    once per distinct text)."""
    if set(map(type, values)) != {str}:
        return [parse.text_value(v) for v in values]
    n = len(values)
    distinct = set(values)
    if 4 * len(distinct) < n:
        read = {v: parse.text_value(v) for v in distinct}
        return list(map(read.__getitem__, values))
    stripped: list[Any] = list(map(str.strip, values))
    joined = "".join(values)
    if "\u00a0" in joined or "\u202f" in joined:  # parse._clean_text: (narrow) no-break spaces are spaces
        nbsp = map(str.replace, values, itertools.repeat("\u00a0", n), itertools.repeat(" ", n))
        clean: list[Any] = list(map(str.strip, map(str.replace, nbsp, itertools.repeat("\u202f", n),
                                                   itertools.repeat(" ", n))))
    else:
        clean = stripped  # the same list: the blanks are found first
    for k in np.flatnonzero(_text_blank(values, stripped, joined)).tolist():
        clean[k] = None
    return clean


_PLAIN_KINDS = frozenset((str, float, int, bool, _NONE_TYPE))
# a sheet from this many cells on keeps its texts as new strings (see _own_texts): a village sheet's
# 3.6 million cells are ~140 MB the reader can give back; a national workbook's few hundred
# thousand are not worth the copies (~15 ms)
OWN_TEXTS_CELLS = 1_000_000


def _owns_texts(data: Any) -> bool:
    """Whether the texts kept from the data rows ``data`` are copied (:data:`OWN_TEXTS_CELLS`)."""
    return len(getattr(data, "rows", ())) * getattr(data, "width", 0) >= OWN_TEXTS_CELLS


def _own_texts(values: list[Any]) -> list[Any]:
    """``values`` with every text (exact ``str``) replaced by an equal new string: what the tables
    keep must not hold on to the reader's cells. A text kept from the sheet keeps the reader's
    memory block it sits in (pymalloc arenas of 1 MB, shared with the cells' numbers) from being
    given back when the sheet is dropped: one name per row kept ~140 MB of a village sheet alive
    for the rest of the run. A column repeating a few texts gets one copy per distinct text."""
    n = len(values)
    kinds = set(map(type, values))
    if str not in kinds:
        return values
    texts = values if kinds == {str} else [v for v in values if type(v) is str]
    # a few texts repeated (a province on every row): one copy of each; a column of distinct names
    # (told by its first rows) is copied in one join and split, without a set of all of them
    distinct = set(texts) if 4 * len(set(texts[:4096])) < min(len(texts), 4096) else None
    if distinct is not None and 4 * len(distinct) < len(texts):
        copies = {v: _new_text(v) for v in distinct}
        if kinds <= _PLAIN_KINDS:  # (no str subclass, equal to a text but not one: looked up in C)
            return list(map(copies.get, values, values))
        return [copies[v] if type(v) is str else v for v in values]
    joined = "\x00".join(texts)
    parts = joined.split("\x00") if joined.count("\x00") == len(texts) - 1 else list(map(_new_text, texts))
    if len(texts) == n:
        return parts
    it = iter(parts)
    return [next(it) if type(v) is str else v for v in values]


def _new_text(text: str) -> str:
    """An equal string that is a new object (``str(text)``, ``text[:]`` return ``text`` itself)."""
    return ("\x00" + text)[1:]


def _read_parts(p: parse.Parsed) -> tuple[parse.Parsed, Any, bool]:
    """(the parsed cell, its value when it was read else None, whether it was read)."""
    return (p, p.value, True) if p.ok else (p, None, False)


def _grade_parts(p: parse.Parsed) -> tuple[parse.Parsed, Any, Any, bool, bool]:
    """(the parsed cell, value, grade code, read, read from text) of a grade or text cell (None,
    None when it could not be read)."""
    return (p, p.value, p.grade, True, p.from_text) if p.ok else (p, None, None, False, False)


def _type_of(value: Any) -> tuple[str | None, bool]:
    """(kota/kabupaten of a type cell, or None; whether a cell that is not blank names no type)."""
    t = parse_type(value) if not parse.is_blank(value) else None
    return t, not parse.is_blank(value) and t is None


def _where(flags: Sequence[Any]) -> list[int]:
    """The positions where ``flags`` is true."""
    return list(itertools.compress(range(len(flags)), flags))


def _where_not(flags: Sequence[Any]) -> list[int]:
    """The positions where ``flags`` is false."""
    return [i for i, f in enumerate(flags) if not f]


def _unzip(parts: list[tuple[Any, ...]], k: int) -> tuple[Sequence[Any], ...]:
    """A list of k-tuples as k lists (not ``zip(*parts)``: that makes an iterator per row, 20,000
    objects for the garbage collector to count and walk)."""
    return tuple(list(map(operator.itemgetter(j), parts)) for j in range(k))


def _read_region_rows(sheet, hdr, rubric, registry, col, current_year):
    """The region sheet, column by column: plain numbers are checked at numpy speed and only the
    cells that need it go through :mod:`parse`; a cell's position is worked out only for a
    message (see :class:`CellPositions`). Returns (frame of every data row, from_text, positions)."""
    percent_cells = getattr(sheet, "percent", frozenset())
    width = max(hdr.columns.values(), default=-1) + 1
    data = _data_grid(sheet, hdr, col, width)
    out = _Ordered(col)
    excel_rows = data.excel_rows
    columns = _Columns(data)
    codes, calls = _resolve_rows(registry, sheet.name, hdr, data, columns)
    for excel_row, found in zip(excel_rows, calls):
        if found:
            _replay(out, found, excel_row)
    frame: dict[str, Any] = {"code": codes, "_row": excel_rows}
    frame["name_input"] = _name_inputs(columns[hdr.columns.get("wilayah")])
    from_text: set[tuple[str, str]] = set()
    letters = {cid: column_letter(hdr.first_col + pos) for cid, pos in hdr.columns.items()}
    # every numeric column classified at once, in row order (see _classify_block)
    numeric_at = {cid: k for k, cid in enumerate(c for c in hdr.columns if _numeric_column(c, rubric))}
    block = _classify_block(data.rows, [hdr.columns[c] for c in numeric_at]) if numeric_at and len(data) else None
    for seq, (cid, pos) in enumerate(hdr.columns.items()):
        out.seq = seq
        if cid in ("wilayah", "kode", "kode_bps"):
            continue
        values = _CellsOf(data.rows, pos) if cid in numeric_at else columns[pos]
        excel_col = hdr.first_col + pos
        label = hdr.labels[cid]
        if cid == "tahun":  # each distinct cell parsed once, the messages for the rows that need one
            years, read_years, fine = _unzip(_mapped(
                values, lambda v: _read_parts(parse.parse_year(v, latest=current_year))), 3)
            for i in _where_not(fine):
                out.cell(years[i].error, sheet.name, excel_rows[i], excel_col, label, values[i], latest=current_year)
            frame["tahun"] = list(read_years)
            continue
        if cid == "tipe":
            types, wrong = _unzip(_mapped(values, _type_of), 2)
            for i in _where(wrong):
                out.cell("not-a-type", sheet.name, excel_rows[i], excel_col, label, values[i])
            frame["tipe"] = list(types)
            continue
        if cid in ("provinsi", "sumber", "catatan") or cid.startswith("sumber_"):
            frame[cid] = _text_values(values)
            continue
        numeric_context = cid in NUMERIC_CONTEXT and cid not in rubric.columns
        spec = None if numeric_context else rubric.columns[cid]
        pct_rows = {r for r, c in percent_cells if c == excel_col} if percent_cells and not numeric_context \
            else set()
        if numeric_context or spec.type in _NUMBER_KINDS:
            kind = "number" if numeric_context else spec.type
            expected = _expected(Column(cid, Text("", ""), "number"), rubric) if numeric_context else _expected(spec, rubric)
            classified = None
            if block is not None:
                k = numeric_at[cid]
                classified = (block[0][:, k], block[1][:, k], block[2][k])
            nums, texty = _numbers(values, kind, expected, spec, sheet.name, excel_rows, excel_col,
                                   label, out, pct_rows, rubric, classified)
            _refuse_absurd(nums, values, sheet.name, excel_rows, excel_col, label, out, expected)
            frame[cid] = nums
            if not numeric_context:
                from_text.update((codes[i], cid) for i in np.flatnonzero(texty) if codes[i])
            continue
        # grade and text columns: a handful of distinct spellings, each parsed once; the messages for
        # the cells that need one (one message at most per cell: their order is the reading order)
        parts = _mapped(values, lambda v: _grade_parts(_parse_cell(v, spec, rubric)))
        parsed, read, grades, fine, texty = _unzip(parts, 5)
        parsed_col, grade_col = list(read), list(grades)
        skip: set[int] = set()
        if pct_rows:  # typed as "45,6%" in a cell formatted as a percentage: never read as 0.456
            for i, (excel_row, value) in enumerate(zip(excel_rows, values)):
                if excel_row in pct_rows and isinstance(value, (int, float)) and not isinstance(value, bool):
                    out.cell("percent-cell-format", sheet.name, excel_row, excel_col, label, value,
                             shown=round(float(value) * 100, 10))
                    parsed_col[i] = grade_col[i] = None
                    skip.add(i)
        if parse.NO_CACHED_VALUE in values:
            for i, value in enumerate(values):
                if i not in skip and value == parse.NO_CACHED_VALUE:
                    out.cell("formula-without-value", sheet.name, excel_rows[i], excel_col, label, None,
                             severity=WARNING)
        for i in _where_not(fine):
            if i not in skip:
                out.cell(parsed[i].error, sheet.name, excel_rows[i], excel_col, label, values[i],
                         expected=_expected(spec, rubric), min=_bound(spec, "min"), max=_bound(spec, "max"))
        for i in _where(texty):
            if codes[i] and i not in skip:
                from_text.add((codes[i], cid))
        frame[cid] = parsed_col
        if spec.type == "grade":
            frame[f"grade:{cid}"] = grade_col
    out.flush()
    for cid, kept in frame.items():  # the texts kept as new strings (see _own_texts)
        if isinstance(kept, list) and cid not in ("code", "_row", "tahun"):
            frame[cid] = _own_texts(kept) if _owns_texts(data) else kept
    rows_by_code = dict(zip(codes, excel_rows))  # the last row of a code, as the rows are read
    # (rows naming no region have no code)
    rows_by_code.pop(None, None)
    rows_by_code.pop("", None)
    return frame, from_text, CellPositions(sheet.name, rows_by_code, letters)


def _select_year(records, hdr, col, sheet_name, year):
    codes = records.get("code", [])
    # every row names another region (no year column): no duplicate to look for (a set of the codes
    # costs a fraction of pandas' duplicated() on a column of 84,000 texts)
    all_distinct = "tahun" not in hdr.columns and None not in codes and len(set(codes)) == len(codes)
    frame = pd.DataFrame(records)
    if len(frame):
        found = frame["code"].notna()
        if not found.all():  # (a copy of every column only when some row names no region)
            frame = frame[found].reset_index(drop=True)
    if frame.empty and not col.report.errors:
        col.sheet("no-regions", sheet_name)
        return None, pd.DataFrame(), None
    if frame.empty:
        return None, pd.DataFrame(), None
    has_year = "tahun" in hdr.columns
    chosen = None
    history = pd.DataFrame()
    if has_year:
        if frame["tahun"].isna().any():
            for row_no in frame.loc[frame["tahun"].isna(), "_row"].astype(int):  # itertuples renames "_row"
                if not any(i.row == row_no and i.column == hdr.labels["tahun"] for i in col.report.errors):
                    col.cell("missing-year", sheet_name, row_no, hdr.first_col + hdr.columns["tahun"],
                             hdr.labels["tahun"])
            frame = frame[frame["tahun"].notna()]
        frame["tahun"] = frame["tahun"].astype(int)
        key = ["code", "tahun"]
    else:
        key = ["code"]
    dup = frame.iloc[:0] if all_distinct else frame[frame.duplicated(key, keep=False)]
    for _, group in (dup.groupby(key) if len(dup) else ()):
        first = int(group["_row"].iloc[0])
        for row_no, name_input in zip(group["_row"].iloc[1:], group["name_input"].iloc[1:]):
            col.cell("duplicate-region", sheet_name, int(row_no), hdr.first_col + hdr.columns.get("wilayah", 0),
                     hdr.labels.get("wilayah"), name_input, first_row=first)
    if dup.shape[0]:
        return None, pd.DataFrame(), None
    if has_year:
        history = frame.set_index(["code", "tahun"]).sort_index()
        available = sorted(frame["tahun"].unique())
        chosen = int(year) if year is not None else int(available[-1])
        if chosen not in available:
            col.sheet("year-not-in-workbook", sheet_name, year=chosen, available=", ".join(map(str, available)))
            return None, history, None
        missing = sorted(set(frame["code"].unique().tolist())
                         - set(frame.loc[frame["tahun"] == chosen, "code"].unique().tolist()))
        for code in missing:
            col.sheet("region-missing-year", sheet_name, severity=WARNING, region=code, year=chosen)
        frame = frame[frame["tahun"] == chosen]
    elif year is not None:
        col.sheet("year-option-no-year-column", sheet_name, year=year)  # not "years present: -"
        return None, history, None
    regions = frame.set_index("code")
    regions.index.name = "code"
    return regions, history, chosen


def _range_checks(regions: pd.DataFrame, rubric: Rubric, col: _Collector, sheet_name: str, hdr: _Header) -> None:
    """Value ranges from the rubric, checked with a pandera schema; failures mapped to cells.
    A vectorised pass finds out first whether any value is out of range at all: pandera (slow to
    import) runs only to report the failures."""
    if not _any_out_of_range(regions, rubric):
        return
    import pandera.pandas as pa
    from pandera.errors import SchemaErrors

    columns: dict[str, Any] = {}
    for cid, spec in rubric.columns.items():
        if cid not in regions.columns or spec.type in ("text",):
            continue
        checks = []
        lo = spec.min
        hi = spec.max
        if spec.type == "grade":
            continue  # grade cells are range-checked against their scale while parsing
        if spec.type == "integer" and lo is None:
            lo = 0
        if lo is not None:
            checks.append(pa.Check.ge(lo, name=f"min:{lo:g}"))
        if hi is not None:
            checks.append(pa.Check.le(hi, name=f"max:{hi:g}"))
        if checks:
            columns[cid] = pa.Column(float, checks=checks, nullable=True, coerce=True)
    if not columns:
        return
    schema = pa.DataFrameSchema(columns, strict=False)
    frame = regions[list(columns)].astype(float).reset_index(drop=True)
    try:
        schema.validate(frame, lazy=True)
    except SchemaErrors as exc:
        fc = exc.failure_cases
        for rec in fc.itertuples():
            if rec.index is None or (isinstance(rec.index, float) and np.isnan(rec.index)):
                continue
            i = int(rec.index)
            cid = rec.column
            check = str(rec.check)
            kind, _, bound = check.partition(":")
            m = re.fullmatch(r"(greater|less)_than_or_equal_to\((.*)\)", check)
            if m:  # pandera reports the built-in check name, not ours: "greater_than_or_equal_to(0)"
                kind, bound = ("min" if m.group(1) == "greater" else "max"), f"{float(m.group(2)):g}"
            excel_row = int(regions["_row"].iloc[i])
            col.cell("below-minimum" if kind == "min" else "above-maximum", sheet_name, excel_row,
                     hdr.first_col + hdr.columns[cid], hdr.labels[cid], rec.failure_case,
                     bound=float(bound) if re.fullmatch(r"-?[\d.e+-]+", bound) else bound,  # 0,5 in Indonesian
                     unit=rubric.columns[cid].unit or "")  # a bilingual Text: t() shows it per language


def _any_out_of_range(regions: pd.DataFrame, rubric: Rubric) -> bool:
    """Is any value of a range-checked column below its minimum or above its maximum (the bounds
    :func:`_range_checks` gives pandera)?"""
    for cid, spec in rubric.columns.items():
        if cid not in regions.columns or spec.type in ("text", "grade"):
            continue
        lo = 0 if spec.type == "integer" and spec.min is None else spec.min
        hi = spec.max
        if lo is None and hi is None:
            continue
        x = pd.to_numeric(regions[cid], errors="coerce").to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            if lo is not None and (x < lo).any():
                return True
            if hi is not None and (x > hi).any():
                return True
    return False


def _fill_from_registry(regions: pd.DataFrame, registry: Registry, hdr: _Header, col: _Collector,
                        sheet_name: str) -> "FilledCells":
    filled = FilledCells()
    reg = registry.frame
    # every region's registry row, looked up once (a .loc per column hashed 84,000 codes each time)
    at = reg.index.get_indexer(regions.index) if reg.index.is_unique else None
    if at is not None and (at < 0).any():
        at = None

    def looked_up(theirs: str) -> pd.Series:
        if at is None:
            return reg.loc[regions.index, theirs]
        return reg[theirs].iloc[at].set_axis(regions.index)

    every = None  # the codes of all regions, one set shared by the columns filled for all of them
    regions["name"] = reg["name_title"].reindex(regions.index).to_numpy() if at is None else \
        reg["name_title"].to_numpy()[at]
    for extra in ("kabupaten", "kecamatan"):  # a village unit list: where each unit lies (peer groups, hosts)
        if extra in reg.columns:
            regions[extra] = reg[extra].reindex(regions.index).to_numpy() if at is None else reg[extra].to_numpy()[at]
    village = getattr(registry, "unit", "region") == "village"
    for ours, theirs in REGISTRY_CONTEXT.items():
        if theirs not in reg.columns:
            continue
        values = looked_up(theirs)
        if village and values.isna().all():  # a column the unit list does not have: nothing filled, nothing said
            if ours not in regions.columns:
                regions[ours] = values.to_numpy()
            continue
        if ours not in regions.columns:
            regions[ours] = values.to_numpy()
            every = frozenset(regions.index.tolist()) if every is None else every
            filled.add_column(ours, every)
            continue
        blank = regions[ours].isna()
        if blank.any():
            regions.loc[blank, ours] = values[blank.to_numpy()].to_numpy()
            filled.add_column(ours, regions.index[blank])
        if ours == "tipe":
            given = regions["tipe"]
            clash = given.notna() & (given != values.to_numpy())
            for code in regions.index[clash]:
                col.cell("type-mismatch", sheet_name, int(regions.at[code, "_row"]),
                         hdr.first_col + hdr.columns["tipe"], hdr.labels["tipe"], given[code],
                         region=registry.label(code))
    # the official province, whatever spelling the workbook used ("Jatim"): peer groups by province use it
    regions["provinsi_registri"] = looked_up("province_name").to_numpy()
    if filled:
        cols = filled.columns()
        quoted = ", ".join(f"'{c}'" for c in cols)  # column ids: the same in every language
        if getattr(registry, "unit", "region") == "village":
            col.sheet("filled-from-units", sheet_name, severity=NOTE, columns=quoted,
                      units=reg.attrs.get("source", "-"))
        else:
            col.sheet("filled-from-registry", sheet_name, severity=NOTE, columns=quoted)
    return filled


def _simple_sheet(wb, names, rubric, registry, col, known_headers, current_year, label):
    sheet = _locate_sheet(wb, names)
    if sheet is None:
        return None, None, None
    hdr = _find_header(sheet, {}, NAME_HEADERS + CONTEXT_HEADERS["kode"])
    if hdr is None:
        col.sheet("header-not-found", sheet.name, wanted="wilayah", rows=HEADER_SCAN_ROWS)
        return sheet, None, None
    _map_headers(sheet, hdr, {"wilayah": NAME_HEADERS, "kode": CONTEXT_HEADERS["kode"],
                              "tipe": CONTEXT_HEADERS["tipe"], "tahun": CONTEXT_HEADERS["tahun"],
                              "sumber": CONTEXT_HEADERS["sumber"], "catatan": CONTEXT_HEADERS["catatan"],
                              **known_headers}, col)
    for needed in ("tahun", *known_headers):
        if needed in ("jumlah", "tingkat", "penghargaan", "pemberi"):
            continue
        if needed not in hdr.columns:
            col.sheet("missing-column", sheet.name, column=needed, column_id=needed, header_row=hdr.row)
    return sheet, hdr, _data_grid(sheet, hdr, col, max(hdr.columns.values(), default=-1) + 1)


def _read_opinions(wb, rubric, registry, col, current_year) -> pd.DataFrame:
    """The opinion sheet, column by column: regions, years and opinions are each worked out once
    per distinct cell; the issues are reported row by row as before."""
    empty = pd.DataFrame(columns=["code", "year", "opinion", "source", "row"])
    sheet, hdr, data = _simple_sheet(wb, OPINION_SHEETS, rubric, registry, col, OPINION_HEADERS, current_year,
                                     "opini_bpk")
    if sheet is None:
        if rubric.needs_opinions():
            col.sheet("missing-sheet", None, wanted=OPINION_SHEETS[0],
                      found=", ".join(s.name for s in wb.sheets) or "-")
        return empty
    if hdr is None or "tahun" not in hdr.columns or "opini" not in hdr.columns:
        return empty
    scale = rubric.scales.get(rubric.opinion_scale) if rubric.opinion_scale else None
    recs: list[list[Any]] = [[], [], [], [], []]  # the columns of the frame (no tuple per row to collect)
    blank_rows: list[int] = []
    seen: dict[tuple[str, int], int] = {}
    from scorecard.io.workbook_meta import prefilled_opinions

    untouched = prefilled_opinions(wb)  # rows init wrote (region, year), opinion left to the planner
    columns = _Columns(data)
    codes, calls = _resolve_rows(registry, sheet.name, hdr, data, columns)
    year_cells = columns[hdr.columns["tahun"]]
    years = _mapped(year_cells, lambda v: parse.parse_year(v, latest=current_year))
    raws = columns[hdr.columns["opini"]]
    blank = _mapped(raws, parse.is_blank)
    grades = _mapped(raws, lambda v: None if parse.is_blank(v) or scale is None else parse.find_grade(scale, v))
    sources = columns[hdr.columns.get("sumber")]
    year_col, opinion_col = hdr.first_col + hdr.columns["tahun"], hdr.first_col + hdr.columns["opini"]
    for i, excel_row in enumerate(data.excel_rows):
        code = codes[i]
        if calls[i]:
            _replay(col, calls[i], excel_row)
        y = years[i]
        if not y.ok or y.value is None:
            col.cell(y.error or "missing-year", sheet.name, excel_row, year_col, hdr.labels["tahun"], year_cells[i],
                     latest=current_year)
            continue
        if blank[i]:  # no opinion for that year
            src = sources[i]
            if code is not None and parse.is_blank(src) and untouched[(code, int(y.value))] > 0:
                untouched[(code, int(y.value))] -= 1  # init's own row, left as init wrote it: not news
                continue
            blank_rows.append(excel_row)
            continue
        grade = grades[i]
        if grade is None:
            col.cell("not-a-grade", sheet.name, excel_row, opinion_col, hdr.labels["opini"],
                     raws[i], expected=", ".join(scale.codes()) if scale else "-")
            continue
        if code is None:
            continue
        if (code, y.value) in seen:
            col.cell("duplicate-opinion", sheet.name, excel_row, year_col,
                     hdr.labels["tahun"], y.value, first_row=seen[(code, y.value)], region=registry.label(code))
            continue
        seen[(code, y.value)] = excel_row
        src = sources[i]
        for column, value in zip(recs, (code, int(y.value), grade.code,
                                        None if parse.is_blank(src) else str(src).strip(), excel_row)):
            column.append(value)
    if blank_rows:
        col.sheet("opinion-rows-blank", sheet.name, severity=WARNING, n=len(blank_rows),
                  rows=row_ranges(blank_rows))
    if _owns_texts(data):  # the sources: new strings (see _own_texts)
        recs[3] = _own_texts(recs[3])
    return pd.DataFrame(dict(zip(empty.columns, recs))) if recs[0] else empty


def _read_awards(wb, rubric, registry, col, current_year) -> pd.DataFrame:
    """The award sheet, column by column like :func:`_read_opinions`: each distinct region, year,
    category, count and text is worked out once; the issues are reported row by row as before."""
    empty = pd.DataFrame(columns=["code", "year", "category", "level", "count", "title", "giver", "source", "row"])
    sheet, hdr, data = _simple_sheet(wb, AWARD_SHEETS, rubric, registry, col, AWARD_HEADERS, current_year,
                                     "penghargaan")
    if sheet is None:
        if rubric.needs_awards():
            col.sheet("missing-sheet", None, wanted=AWARD_SHEETS[0], found=", ".join(s.name for s in wb.sheets) or "-")
        return empty
    if hdr is None or "tahun" not in hdr.columns or "kategori" not in hdr.columns:
        return empty
    columns = _Columns(data)

    def column(cid: str) -> Sequence[Any]:
        return columns[hdr.columns.get(cid)]

    def texts(cid: str) -> list[Any]:
        return _text_values(column(cid))

    codes, calls = _resolve_rows(registry, sheet.name, hdr, data, columns)
    year_cells, cat_cells, count_cells = column("tahun"), column("kategori"), column("jumlah")

    def year_of(v: Any) -> tuple[parse.Parsed, int | None]:
        p = parse.parse_year(v, latest=current_year)
        return p, int(p.value) if p.ok and p.value is not None else None

    def category_of(v: Any) -> tuple[Any, str | None]:
        cat = None if parse.is_blank(v) else rubric.award_category(str(v))
        return cat, cat.code if cat is not None else None

    def count_of(v: Any) -> tuple[parse.Parsed, float | None]:
        p = parse.parse_integer(v)
        fine = p.ok and not (p.value is not None and p.value < 1)
        return p, float(p.value if p.value is not None else 1.0) if fine else None

    # each distinct cell worked out once (thousands of award rows repeat a handful of years, category
    # spellings and counts): the parsed cell for a message, and what a good row keeps (None: a message)
    years, year_ints = _unzip(_mapped(year_cells, year_of), 2)
    cats, cat_codes = _unzip(_mapped(cat_cells, category_of), 2)
    counts, counted = _unzip(_mapped(count_cells, count_of), 2) if "jumlah" in hdr.columns else \
        (None, (1.0,) * len(data))
    levels, titles, givers = texts("tingkat"), texts("penghargaan"), texts("pemberi")
    sources = _name_inputs(column("sumber"))  # None if blank, else the text stripped
    year_col, cat_col = hdr.first_col + hdr.columns["tahun"], hdr.first_col + hdr.columns["kategori"]
    # the rows with nothing to say (no region note, a year, a category, a count of at least 1), found
    # column by column; only the others are gone through one by one, in reading order
    n = len(data)
    fine = ~np.fromiter(map(bool, calls), dtype=bool, count=n)
    for kept_values in (year_ints, cat_codes, counted):
        fine &= np.fromiter(map(operator.is_not, kept_values, itertools.repeat(None)), dtype=bool, count=n)
    keep = fine & np.fromiter(map(operator.is_not, codes, itertools.repeat(None)), dtype=bool, count=n)
    for i in np.flatnonzero(~fine).tolist():
        excel_row = data.excel_rows[i]
        if calls[i]:
            _replay(col, calls[i], excel_row)
        y = years[i]
        if not y.ok or y.value is None:
            col.cell(y.error or "missing-year", sheet.name, excel_row, year_col, hdr.labels["tahun"], year_cells[i],
                     latest=current_year)
            continue
        if cats[i] is None:
            col.cell("not-an-award-category", sheet.name, excel_row, cat_col, hdr.labels["kategori"], cat_cells[i],
                     expected=", ".join(c.code for c in rubric.award_categories))
            continue
        if counts is not None and counted[i] is None:
            p = counts[i]
            col.cell(p.error or "below-minimum", sheet.name, excel_row, hdr.first_col + hdr.columns["jumlah"],
                     hdr.labels["jumlah"], count_cells[i], expected=Text(i18n.t("expect.count", "id"),
                                                                         i18n.t("expect.count", "en")),
                     bound="1", unit="")
            continue
        keep[i] = codes[i] is not None
    # the columns (code, year, category, level, count, title, giver, source, row) of the rows kept, in
    # reading order (a tuple per row cost ~30 garbage collections)
    kept = keep.tolist()
    recs = [list(itertools.compress(c, kept)) for c in (
        codes, year_ints, cat_codes, levels, counted, titles, givers, sources, data.excel_rows)]
    for j in (3, 5, 6, 7):  # level, title, giver, source: new strings (see _own_texts)
        recs[j] = _own_texts(recs[j]) if _owns_texts(data) else recs[j]
    return pd.DataFrame(dict(zip(empty.columns, recs))) if recs[0] else empty
