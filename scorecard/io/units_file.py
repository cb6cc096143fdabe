"""Load a unit list (``--units FILE`` or the rubric's ``units:`` key): the units to benchmark when
they are not the 514 kabupaten/kota — typically desa/kelurahan keyed by their Kepmendagri code
``PP.KK.CC.DDDD``. See ``docs/units.md``.

The file is a CSV (UTF-8, comma or semicolon) with the columns of the shipped region registry
(``scorecard/data/regions.csv``) or their Indonesian names:

=====================  ===================================  ========================================
column                 also accepted                        meaning
=====================  ===================================  ========================================
``kemendagri_code``    ``kode``, ``code``, ``kode_desa``    unit code, ``PP.KK.CC.DDDD`` (or 10 digits)
``name_title``         ``nama``, ``name``, ``nama_desa``    official name ("Desa Sukamaju")
``type``               ``tipe``, ``jenis``                  ``desa`` / ``kelurahan`` (optional)
``province_name``      ``provinsi``                         province (optional)
``kabupaten``          ``kabupaten_kota``, ``kab_kota``     kabupaten/kota name (optional; else its code)
``kecamatan``          ``nama_kecamatan``                   kecamatan name (optional; else its code)
``lat``, ``lng``       ``latitude``, ``longitude``          centre, for travel distances (optional)
``area_km2``           ``luas_km2``                         area (optional)
``population``         ``penduduk``                         population (optional)
=====================  ===================================  ========================================

Every problem (missing column, malformed or repeated code, unreadable number) is reported at
once with the file, the row and the column.
"""

from __future__ import annotations

import io
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from scorecard.issues import ERROR, WARNING, InputError, Issue, IssueReport, Phrase, column_letter, file_unreadable
from scorecard.registry import DESA, DIGITS, KELURAHAN, Registry, codes_at_once, parse_type

ALIASES: dict[str, tuple[str, ...]] = {
    "kemendagri_code": ("kemendagri_code", "kode", "code", "kode_desa", "kode_wilayah", "kode_kemendagri"),
    "name_title": ("name_title", "nama", "name", "nama_desa", "nama_wilayah", "wilayah", "desa_kelurahan"),
    "type": ("type", "tipe", "jenis", "status"),
    "province_name": ("province_name", "provinsi", "nama_provinsi"),
    "kabupaten": ("kabupaten", "kabupaten_kota", "kab_kota", "nama_kabupaten"),
    "kecamatan": ("kecamatan", "nama_kecamatan"),
    "lat": ("lat", "latitude", "lintang"),
    "lng": ("lng", "lon", "longitude", "bujur"),
    "area_km2": ("area_km2", "luas_km2", "luas"),
    "population": ("population", "penduduk", "jumlah_penduduk"),
    "n_kecamatan": ("n_kecamatan",),
    "n_kelurahan": ("n_kelurahan",),
    "n_desa": ("n_desa",),
}
NUMERIC = ("lat", "lng", "area_km2", "population", "n_kecamatan", "n_kelurahan", "n_desa")
REQUIRED = ("kemendagri_code", "name_title")


def _norm(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "_", str(text).strip().lower()).strip("_")


def read_units(path: str | Path) -> Registry:
    """The unit list at ``path`` as a :class:`Registry` (``frame.attrs["unit"] == "village"``).
    Raises :class:`InputError` listing every problem."""
    p = Path(path)
    key = str(p.resolve()) if p.exists() else str(p)
    try:
        stat = p.stat()
    except OSError:
        stat = None
    return _read_units_cached(key, str(path), stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0)


@lru_cache(maxsize=2)
def _read_units_cached(key: str, shown: str, _mtime: int, _size: int) -> Registry:
    import pandas as pd

    p = Path(key)
    name = shown
    if not p.exists():
        raise InputError(Issue("units-not-found", file=name))
    if p.is_dir():
        raise InputError(Issue("file-is-directory", file=name))
    if not p.is_file():  # a FIFO, a character device: said as what it is, never read
        import stat as stat_mod

        mode = p.stat().st_mode
        kind = ("fifo" if stat_mod.S_ISFIFO(mode) else "char-device" if stat_mod.S_ISCHR(mode)
                else "block-device" if stat_mod.S_ISBLK(mode) else "socket" if stat_mod.S_ISSOCK(mode) else "other")
        raise InputError(Issue("units-not-regular", file=name, params={"kind": Phrase(f"file-kind.{kind}")}))
    if p.suffix.lower() != ".csv":
        raise InputError(Issue("units-format", file=name, params={"suffix": p.suffix or "(none)"}))
    from scorecard import limits

    limits.check_file_size(p, name)
    from scorecard.units import check_units_bytes, check_units_rows

    check_units_bytes(p, name)  # the unit list's own bounds, before a byte is read
    try:
        data = p.read_bytes()
        check_units_rows(data, name)
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(Issue("not-utf8", file=name, params={"offset": exc.start})) from None
    except OSError as exc:
        raise file_unreadable(exc, name) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    # A plain CSV (no quotes, no line with more fields than the header: almost every unit list) is
    # read by the C parser for the columns the unit list uses only; any other file whole, as it
    # always was, so the parser's errors and its reading of odd lines stay exactly the same.
    layout = _plain_csv_lines(data, delimiter)
    raw = None
    if layout is not None:
        try:
            headers = [str(h) for h in pd.read_csv(_utf8(data), sep=delimiter, dtype=str, keep_default_na=False,
                                                   na_filter=False, skip_blank_lines=False, engine="c",
                                                   encoding="utf-8", nrows=0).columns]
        except (pd.errors.ParserError, ValueError):
            layout = None
    if layout is None:
        from scorecard.io.workbook import csv_unreadable

        try:  # C-speed parse; every cell as text, nothing guessed
            raw = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False, na_filter=False,
                              skip_blank_lines=False, engine="c")
        except (pd.errors.ParserError, ValueError) as exc:
            raise csv_unreadable(exc, name) from None
        headers = [str(h) for h in raw.columns]
    report = IssueReport()
    header = [_norm(h) for h in headers]
    pos: dict[str, int] = {}
    for canonical, names in ALIASES.items():
        for alias in names:  # the registry's own column name first, then the Indonesian ones
            if alias in header and header.index(alias) not in pos.values():
                pos[canonical] = header.index(alias)
                break
    for needed in REQUIRED:
        if needed not in pos:
            report.add("units-missing-column", ERROR, file=name, row=1, params={
                "column": needed, "accepted": ", ".join(ALIASES[needed]), "found": ", ".join(headers) or "-"})
    report.raise_if_errors()
    used = sorted(set(pos.values()))
    numeric = [j for c, j in pos.items() if c in NUMERIC]
    some = None if layout is None else _read_used_columns(data, delimiter, layout, headers, used, numeric)
    cells: dict[int, Any]  # column position -> stripped texts (a list), or exact floats (an array)
    if some is not None:
        assert layout is not None
        cells = {j: v if isinstance(v, np.ndarray) else list(map(str.strip, v)) for j, v in some.items()}
        filled = _plain_records_filled(data, delimiter, layout[0], cells[pos["kemendagri_code"]])
    else:
        if raw is None:  # the plain reading did not see the lines as records (never seen): read it all
            from scorecard.io.workbook import csv_unreadable

            try:
                raw = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False,
                                  na_filter=False, skip_blank_lines=False, engine="c")
            except (pd.errors.ParserError, ValueError) as exc:
                raise csv_unreadable(exc, name) from None
        filled = np.fromiter((any(v.strip() for v in r) for r in raw.itertuples(index=False, name=None)),
                             dtype=bool, count=len(raw)) if (raw == "").any(axis=1).any() else np.ones(len(raw), bool)
        cells = {j: list(map(str.strip, raw.iloc[:, j].tolist())) for j in used}
    rows = np.arange(len(filled)) + 2  # file row of each record (header = row 1)
    if not filled.all():  # blank lines are skipped
        cells = {j: v[filled] if isinstance(v, np.ndarray) else np.asarray(v, dtype=object)[filled].tolist()
                 for j, v in cells.items()}
        rows = rows[filled]
    n_units = len(rows)
    problems: list[tuple[int, int, str, str, Any, dict]] = []  # (row, column, code, header, value, params)

    def col(c: str) -> pd.Series:  # the column's cells, stripped
        return pd.Series(cells[pos[c]], dtype=object)

    def flag(mask: np.ndarray, c: str, code: str, values: Any, **params: Any) -> None:
        for i in np.flatnonzero(mask).tolist():
            problems.append((int(rows[i]), pos[c], code, headers[pos[c]], values[i], params))

    raw_code_list = cells[pos["kemendagri_code"]]
    code_list, codes_u13 = _unit_codes(raw_code_list)
    codes = pd.Series(code_list, dtype=object)
    bad = codes.isna().to_numpy()
    flag(bad, "kemendagri_code", "units-bad-code", raw_code_list)
    dup = codes.duplicated(keep="first").to_numpy() & ~bad
    if dup.any():
        first = dict(zip(codes[~bad & ~dup].tolist(), rows[~bad & ~dup].tolist()))
        for i in np.flatnonzero(dup).tolist():
            problems.append((int(rows[i]), pos["kemendagri_code"], "units-duplicate-code",
                             headers[pos["kemendagri_code"]], code_list[i], {"first_row": first[code_list[i]]}))
    titles = col("name_title")
    flag((titles == "").to_numpy() & ~bad & ~dup, "name_title", "units-missing-name", code_list)
    out: dict[str, Any] = {"kemendagri_code": codes, "name_title": titles}
    if "type" in pos:
        given = col("type")
        types = pd.Series(_per_distinct(given.to_numpy(), lambda v: parse_type(v) if v else None), dtype=object)
        flag(((given != "") & types.isna()).to_numpy(), "type", "units-bad-type", given.tolist())
        out["type"] = types
    for c in pos:
        if c in NUMERIC:
            if isinstance(cells[pos[c]], np.ndarray):  # read as exact floats, nothing unreadable
                out[c] = pd.Series(cells[pos[c]], dtype=float)
                continue
            text_values = col(c)
            numbers = pd.to_numeric(text_values, errors="coerce").astype(float)
            nan = numbers.isna().to_numpy()
            retry = nan & (text_values != "").to_numpy() if nan.any() else nan
            if retry.any():  # a decimal comma (3,5) read per cell: the rare case
                numbers[retry] = [float(v.replace(",", ".")) if v.count(",") == 1 and "." not in v and
                                  v.replace(",", "", 1).lstrip("+-").isdigit() else np.nan for v in text_values[retry]]
            value = numbers.to_numpy()
            odd = np.isnan(value) | ~np.isfinite(value)
            unreadable = odd & (text_values != "").to_numpy() if odd.any() else odd
            flag(unreadable, c, "units-bad-number", text_values.tolist())
            out[c] = numbers.where(~unreadable)
        elif c not in out:
            out[c] = col(c)
    warnings: list[tuple[int, int, str, str, Any, dict]] = []
    _check_meaning(out, codes_u13, bad | dup, rows, pos, headers, problems, warnings)
    for row, j, code, head, value, params in sorted(problems, key=lambda p: (p[0], p[1])):
        report.add(code, ERROR, file=name, row=row, column=head, column_letter=column_letter(j), value=value,
                   params=params)
    for row, j, code, head, value, params in sorted(warnings, key=lambda p: (p[0], p[1])):
        report.add(code, WARNING, file=name, row=row, column=head, column_letter=column_letter(j), value=value,
                   params=params)
    report.raise_if_errors()
    if not n_units:
        raise InputError(Issue("units-empty", file=name))
    frame = pd.DataFrame(out)
    # every code is now a village code PP.KK.CC.DDDD: its parts by position, for all units at once
    chars = codes_u13.view(np.uint32).reshape(n_units, 13)
    # Kepmendagri: the desa/kelurahan number starts with 1 for a kelurahan, 2 for a desa
    by_code = pd.Series(np.where(chars[:, 9] == ord("1"), KELURAHAN, DESA).astype(object), index=frame.index,
                        dtype=object)
    frame["type"] = frame["type"].where(frame["type"].notna(), by_code) if "type" in frame.columns else by_code
    frame["code"] = np.ascontiguousarray(chars[:, DIGITS]).view("<U10").ravel().tolist()
    kabupaten_codes = codes_u13.astype("<U5")
    kecamatan_codes = codes_u13.astype("<U8")
    frame["kabupaten_code"] = kabupaten_codes.tolist()
    frame["kecamatan_code"] = kecamatan_codes.tolist()
    for col_name, code_name, code_col in (("kabupaten", "kabupaten_code", kabupaten_codes),
                                          ("kecamatan", "kecamatan_code", kecamatan_codes)):
        if col_name not in frame.columns:
            frame[col_name] = frame[code_name]
        else:
            given_names = frame[col_name].to_numpy(dtype=object)
            frame[col_name] = np.where(given_names == "", code_col.astype(object), given_names).tolist()
    if "province_name" not in frame.columns:
        frame["province_name"] = codes_u13.astype("<U2").tolist()
    frame["name"] = list(map(str.upper, frame["name_title"].tolist()))
    for c in NUMERIC:
        if c not in frame.columns:
            frame[c] = math.nan
        frame[c] = frame[c].astype(float)
    frame = frame.set_index("kemendagri_code", drop=False)
    frame.index.name = "code"
    frame.attrs["unit"] = "village"
    frame.attrs["source"] = name
    frame.attrs["notes"] = [i for i in report if i.severity != ERROR]  # shown with the workbook's notes
    return Registry(frame)


def _plain_csv_lines(data: bytes, delimiter: str) -> tuple[np.ndarray, np.ndarray] | None:
    """Positions of the line ends and of the delimiters of a plain CSV: no quote, no NUL, no lone
    carriage return, no line with more fields than the header. There every line is one record of
    the C parser (the header first) and reading some columns only sees what reading all of them
    sees. Else None."""
    if b'"' in data or b"\x00" in data:
        return None
    a = np.frombuffer(data, np.uint8)
    returns = np.flatnonzero(a[:-1] == 13)
    if a[-1:].tolist() == [13] or (a[returns + 1] != 10).any():  # a carriage return not before a line feed
        return None
    ends = np.flatnonzero(a == 10)
    seps = np.flatnonzero(a == ord(delimiter))
    per_line = np.diff(np.searchsorted(seps, np.concatenate(([0], ends, [len(a)]))))
    return (ends, seps) if per_line.max(initial=0) <= per_line[0] else None


def _read_used_columns(data: bytes, delimiter: str, layout: tuple[np.ndarray, np.ndarray],
                       headers: list[str], used: list[int], numeric: list[int]) -> dict[int, Any] | None:
    """The cells of the columns at ``used`` of a plain CSV (:func:`_plain_csv_lines`) by column
    position: lists of str, except that a column of ``numeric`` whose every cell the C parser reads
    exactly as ``pd.to_numeric`` reads its text (:func:`_exact_numbers`) comes as its float array
    (NaN where blank), so its 84,000 cells never become strings. None unless every line after the
    header is one record."""
    import pandas as pd

    ends, _ = layout
    options: dict[str, Any] = {"sep": delimiter, "engine": "c", "skip_blank_lines": False, "usecols": used,
                               "keep_default_na": False, "encoding": "utf-8"}
    columns: dict[int, Any] | None = None
    if numeric:  # a cell True/false (any case) would be read as 1/0
        boolean_like = _fields_led_by_t_or_f(data, layout)
        numeric = [j for j in numeric if j not in boolean_like]
    if numeric:
        try:
            raw = pd.read_csv(_utf8(data), dtype={headers[j]: (float if j in numeric else str) for j in used},
                              na_values={headers[j]: [""] for j in numeric}, **options)
        except (pd.errors.ParserError, ValueError):  # a cell no float: every column as text
            pass
        else:
            columns = {j: raw.iloc[:, k].to_numpy() if j in numeric else raw.iloc[:, k].tolist()
                       for k, j in enumerate(used)}
            if not all(_exact_numbers(columns[j]) for j in numeric):
                columns = None
    if columns is None:
        try:
            raw = pd.read_csv(_utf8(data), dtype=str, na_filter=False, **options)
        except (pd.errors.ParserError, ValueError):
            return None
        columns = {j: raw.iloc[:, k].tolist() for k, j in enumerate(used)}
    if len(raw) != len(ends) - (1 if data.endswith(b"\n") else 0):
        return None
    return columns


def _utf8(data: bytes) -> io.BytesIO:
    """The file's bytes for the C parser without the BOM ``utf-8-sig`` drops (the parser reads
    bytes faster than the decoded text; the text was decoded once already, so they are UTF-8)."""
    return io.BytesIO(data[3:] if data.startswith(b"\xef\xbb\xbf") else data)


def _exact_numbers(values: np.ndarray) -> bool:
    """Whether the C parser's floats of a column are what ``pd.to_numeric`` makes of its texts
    (both parse with pandas' precise_xstrtod): only finite numbers and blanks (NaN), no -0 (which
    ``to_numeric`` reads as the integer 0) and no integer beyond 2**53 (read as an integer, then
    rounded). An unreadable or non-finite cell needs its text for the message: the column is then
    read as text, as every column used to be."""
    finite = values[~np.isnan(values)]
    return bool(np.isfinite(finite).all() and not np.signbit(finite[finite == 0]).any()
                and (np.abs(finite) < 2.0 ** 53).all())


def _fields_led_by_t_or_f(data: bytes, layout: tuple[np.ndarray, np.ndarray]) -> set[int]:
    """Positions of the columns holding a cell that starts with t or f below the header: the C
    parser reads True/false (any case) as 1/0 in a float column, pd.to_numeric does not."""
    ends, seps = layout
    a = np.frombuffer(data, np.uint8)
    leads = np.zeros(256, bool)
    leads[[ord(c) for c in "tTfF"]] = True
    fields: set[int] = set()
    line_starts = ends[ends + 1 < len(a)] + 1  # every line after the header: its first field
    if leads[a[line_starts]].any():
        fields.add(0)
    after = seps[seps + 1 < len(a)]
    hit = np.flatnonzero(leads[a[after + 1]])
    if len(hit):
        line = np.searchsorted(ends, after[hit])  # the line of each such cell (0: the header)
        body = line > 0
        hit, line = hit[body], line[body]
        first_sep = np.searchsorted(seps, ends[line - 1] + 1)  # the line's first delimiter
        fields.update(np.unique(hit - first_sep + 1).tolist())
    return fields


def _plain_records_filled(data: bytes, delimiter: str, ends: np.ndarray, codes: list[str]) -> np.ndarray:
    """Which records of a plain CSV are not blank: a blank record (every cell empty or spaces,
    also in the columns the unit list does not use) is skipped. Only the records without a code
    can be blank; their lines are looked at in the file's bytes (record i is line i + 1)."""
    filled = np.asarray(codes, dtype=object) != ""
    if not filled.all():
        starts = np.concatenate(([0], ends + 1))
        stops = np.concatenate((ends, [len(data)]))
        for i in np.flatnonzero(~filled).tolist():
            line = data[starts[i + 1]:stops[i + 1]].decode("utf-8")
            filled[i] = any(v.strip() for v in line.split(delimiter))
    return filled


def _unit_codes(values: list[str]) -> tuple[list[str | None], np.ndarray]:
    """Each unit code as :func:`normalise_code` reads it, None where it is not a village code
    ``PP.KK.CC.DDDD`` (a kabupaten/kota code ``PP.KK`` is not one: it used to stop the checks with
    an internal error); and the codes as one numpy ``<U13`` array ("" where None)."""
    codes, as_u13, found = codes_at_once(values)
    for i in np.flatnonzero(found & (np.char.str_len(as_u13) != 13)).tolist():
        codes[i], as_u13[i] = None, ""
    return codes, as_u13


def _per_distinct(values: np.ndarray, fn: Any) -> np.ndarray:
    """``fn`` of each value, computed once per distinct value."""
    import pandas as pd

    index, distinct = pd.factorize(values, use_na_sentinel=False)
    return np.array([fn(v) for v in distinct] + [None], dtype=object)[:-1][index]


# Indonesia's extent with a margin (Sabang ~6.1 N / 95 E, Rote ~11 S, Merauke ~141 E): a centre
# outside it is a typo or swapped columns, never a village of a Kemendagri unit list.
LAT_RANGE = (-11.5, 6.5)
LNG_RANGE = (94.5, 141.5)


def _province_key(text: str) -> str:
    import re

    s = re.sub(r"^\s*(provinsi|prov\.?|propinsi)\s+", "", str(text).lower())
    return re.sub(r"[^a-z0-9]", "", s)


def _check_meaning(out: dict[str, Any], codes: np.ndarray, skip: np.ndarray, rows: np.ndarray, pos: dict[str, int],
                   headers: list[str], problems: list, warnings: list) -> None:
    """What a readable unit list may still get wrong: centres outside Indonesia, a non-positive area
    or population, codes of a province or kabupaten/kota that does not exist, a province name, a
    type or kecamatan/kabupaten names that contradict the code (docs/units.md). Errors go to
    ``problems``; a desa/kelurahan number outside 1xxx/2xxx/3xxx goes to ``warnings``.

    ``codes`` holds the units' codes ``PP.KK.CC.DDDD`` as a numpy ``<U13`` array (rows in ``skip``,
    malformed or repeated codes, are not checked). Every check is made for all units at once, and
    anything written in Python runs once per distinct value (a province name, a kecamatan name) or
    per row found wrong."""
    import pandas as pd

    from scorecard.io.registry_file import load_registry
    from scorecard.template import PROVINCE_ALIASES

    def add(into: list, i: int, c: str, issue: str, value: Any, **params: Any) -> None:
        into.append((int(rows[i]), pos[c], issue, headers[pos[c]], value, params))

    for c, (lo, hi) in (("lat", LAT_RANGE), ("lng", LNG_RANGE)):
        if c in out:
            v = out[c].to_numpy(dtype=float)
            for i in np.flatnonzero((v < lo) | (v > hi)).tolist():
                add(problems, i, c, "units-out-of-range", out[c].iloc[i], low=lo, high=hi)
    for c in ("area_km2", "population"):
        if c in out:
            v = out[c].to_numpy(dtype=float)
            for i in np.flatnonzero(v <= 0).tolist():
                add(problems, i, c, "units-not-positive", out[c].iloc[i])
    n = len(codes)
    if not n:
        return
    frame = load_registry().frame
    kab_known = set(frame.index)
    prov_names = {str(pc).zfill(2): str(pn) for pc, pn in zip(frame["province_code"], frame["province_name"])}
    check = ~skip
    province_codes = codes.astype("<U2")
    kabupaten_codes = codes.astype("<U5")
    known_province = _per_distinct(province_codes, lambda p: p in prov_names).astype(bool)
    known_kabupaten = _per_distinct(kabupaten_codes, lambda k: k in kab_known).astype(bool)
    for i in np.flatnonzero(check & ~known_province).tolist():
        add(problems, i, "kemendagri_code", "units-unknown-province", str(codes[i]), province=str(province_codes[i]))
    for i in np.flatnonzero(check & known_province & ~known_kabupaten).tolist():
        add(problems, i, "kemendagri_code", "units-unknown-kabupaten", str(codes[i]), kabupaten=str(kabupaten_codes[i]))
    province = out.get("province_name")
    if province is not None:
        given = province.to_numpy(dtype=object)
        ask = check & known_province & known_kabupaten & (given != "")
        if ask.any():  # each distinct (name, province code) pair once
            names_at, name_list = pd.factorize(given[ask])
            prov_at, prov_list = pd.factorize(province_codes[ask])
            pair = names_at.astype(np.int64) * len(prov_list) + prov_at
            pairs, first, back = np.unique(pair, return_index=True, return_inverse=True)
            wrong_pair = np.array([_province_contradicts(name_list[names_at[k]], prov_list[prov_at[k]], prov_names,
                                                         PROVINCE_ALIASES) for k in first.tolist()], dtype=bool)
            at = np.flatnonzero(ask)
            for i in at[wrong_pair[back.ravel()]].tolist():
                p = str(province_codes[i])
                add(problems, i, "province_name", "units-province-contradicts", given[i], province=prov_names[p],
                    code=str(codes[i]))
    chars = codes.view(np.uint32).reshape(n, 13)
    digit = chars[:, 9]
    odd = check & (digit != ord("1")) & (digit != ord("2")) & (digit != ord("3"))
    for i in np.flatnonzero(odd).tolist():
        add(warnings, i, "kemendagri_code", "units-odd-number", str(codes[i]))
    given_type = out.get("type")
    if given_type is not None:
        types = given_type.to_numpy(dtype=object)
        by_code = np.where(digit == ord("1"), "kelurahan", "desa").astype(object)
        typed = check & ~odd & pd.notna(types)
        for i in np.flatnonzero(typed & (types != by_code)).tolist():
            add(problems, i, "type", "units-type-contradicts", types[i], code=str(codes[i]), type=by_code[i])
    issue_keys = {"kabupaten": ("units-kabupaten-two-names", "units-kabupaten-two-codes"),
                  "kecamatan": ("units-kecamatan-two-names", "units-kecamatan-two-codes")}
    for c, width, within in (("kabupaten", 5, 0), ("kecamatan", 8, 5)):
        if c not in out:
            continue
        names = out[c].to_numpy(dtype=object)
        at = np.flatnonzero(check & (names != ""))  # the rows compared, in file order
        if not len(at):
            continue
        # a name as compared: spaces collapsed, case folded (once per distinct name)
        name_id, distinct = pd.factorize(names[at])
        label_id = pd.factorize(np.array([" ".join(str(v).split()).casefold() for v in distinct] + [""],
                                         dtype=object)[:-1])[0][name_id]
        unit_id = pd.factorize(codes[at].astype(f"<U{width}"))[0]
        # one code, one name: each row's name against the name of its code's first row
        _, first_of_unit = np.unique(unit_id, return_index=True)
        first = first_of_unit[unit_id]
        two_names = label_id != label_id[first]
        for k in np.flatnonzero(two_names).tolist():
            i, f = int(at[k]), int(at[first[k]])
            add(problems, i, c, issue_keys[c][0], names[i], code=str(codes[i])[:width], first=names[f],
                first_row=int(rows[f]))
        # one name, one code (within the parent): rows whose name agreed, against the first row of
        # the same parent code and name
        rest = np.flatnonzero(~two_names)
        if not len(rest):
            continue
        parent_id = pd.factorize(codes[at[rest]].astype(f"<U{within}"))[0] if within else np.zeros(len(rest), np.int64)
        key = parent_id.astype(np.int64) * (int(label_id.max()) + 1) + label_id[rest]
        _, first_of_key, key_back = np.unique(key, return_index=True, return_inverse=True)
        other = first_of_key[key_back.ravel()]
        for k in np.flatnonzero(unit_id[rest] != unit_id[rest][other]).tolist():
            i, o = int(at[rest[k]]), int(at[rest[other[k]]])
            add(problems, i, c, issue_keys[c][1], names[i], code=str(codes[i])[:width], other=str(codes[o])[:width],
                first_row=int(rows[o]))


def _province_contradicts(name: str, code: str, prov_names: dict[str, str], aliases: dict[str, str]) -> bool:
    given = _province_key(name)
    return given != _province_key(prov_names[code]) and aliases.get(given) != code
