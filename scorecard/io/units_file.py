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

from scorecard.issues import ERROR, WARNING, InputError, Issue, IssueReport, Phrase, column_letter
from scorecard.registry import DESA, KELURAHAN, Registry, normalise_code, parse_type

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
        raise InputError(Issue("file-unreadable", file=name, params={"reason": exc.strerror or str(exc)})) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:  # C-speed parse; every cell as text, nothing guessed
        raw = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False, na_filter=False,
                          skip_blank_lines=False, engine="c")
    except (pd.errors.ParserError, ValueError) as exc:
        raise InputError(Issue("workbook-unreadable", file=name, params={"reason": f"CSV: {exc}"})) from None
    report = IssueReport()
    headers = [str(h) for h in raw.columns]
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
    rows = np.arange(len(raw)) + 2  # file row of each record (header = row 1)
    filled = np.fromiter((any(v.strip() for v in r) for r in raw.itertuples(index=False, name=None)),
                         dtype=bool, count=len(raw)) if (raw == "").any(axis=1).any() else np.ones(len(raw), bool)
    raw, rows = raw[filled].reset_index(drop=True), rows[filled]  # blank lines are skipped
    problems: list[tuple[int, int, str, str, Any, dict]] = []  # (row, column, code, header, value, params)

    stripped: dict[str, pd.Series] = {}

    def col(c: str) -> pd.Series:
        if c not in stripped:
            stripped[c] = pd.Series([v.strip() for v in raw.iloc[:, pos[c]].tolist()], dtype=object)
        return stripped[c]

    def flag(mask: np.ndarray, c: str, code: str, values: pd.Series, **params: Any) -> None:
        for i in np.flatnonzero(mask):
            problems.append((int(rows[i]), pos[c], code, headers[pos[c]], values.iloc[i], params))

    raw_codes = col("kemendagri_code")
    codes = pd.Series([normalise_code(v) for v in raw_codes.tolist()], dtype=object)
    bad = codes.isna().to_numpy()
    flag(bad, "kemendagri_code", "units-bad-code", raw_codes)
    dup = codes.duplicated(keep="first").to_numpy() & ~bad
    if dup.any():
        first = {c: int(r) for c, r in zip(codes[~bad & ~dup], rows[~bad & ~dup])}
        for i in np.flatnonzero(dup):
            problems.append((int(rows[i]), pos["kemendagri_code"], "units-duplicate-code",
                             headers[pos["kemendagri_code"]], codes.iloc[i], {"first_row": first[codes.iloc[i]]}))
    titles = col("name_title")
    flag((titles == "").to_numpy() & ~bad & ~dup, "name_title", "units-missing-name", codes)
    out: dict[str, Any] = {"kemendagri_code": codes, "name_title": titles}
    if "type" in pos:
        given = col("type")
        memo = {v: parse_type(v) if v else None for v in set(given.tolist())}
        types = pd.Series([memo[v] for v in given.tolist()], dtype=object)
        flag(((given != "") & types.isna()).to_numpy(), "type", "units-bad-type", given)
        out["type"] = types
    for c in pos:
        if c in NUMERIC:
            text_values = col(c)
            numbers = pd.to_numeric(text_values, errors="coerce").astype(float)
            retry = numbers.isna() & (text_values != "")
            if retry.any():  # a decimal comma (3,5) read per cell: the rare case
                numbers[retry] = [float(v.replace(",", ".")) if v.count(",") == 1 and "." not in v and
                                  v.replace(",", "", 1).lstrip("+-").isdigit() else np.nan for v in text_values[retry]]
            unreadable = ((text_values != "") & (numbers.isna() | ~np.isfinite(numbers.fillna(0)))).to_numpy()
            flag(unreadable, c, "units-bad-number", text_values)
            out[c] = numbers.where(~unreadable)
        elif c not in out:
            out[c] = col(c)
    warnings: list[tuple[int, int, str, str, Any, dict]] = []
    _check_meaning(out, codes, bad | dup, rows, pos, headers, problems, warnings)
    for row, j, code, head, value, params in sorted(problems, key=lambda p: (p[0], p[1])):
        report.add(code, ERROR, file=name, row=row, column=head, column_letter=column_letter(j), value=value,
                   params=params)
    for row, j, code, head, value, params in sorted(warnings, key=lambda p: (p[0], p[1])):
        report.add(code, WARNING, file=name, row=row, column=head, column_letter=column_letter(j), value=value,
                   params=params)
    report.raise_if_errors()
    if not len(raw):
        raise InputError(Issue("units-empty", file=name))
    frame = pd.DataFrame(out)
    code_list = frame["kemendagri_code"].tolist()
    # Kepmendagri: the desa/kelurahan number starts with 1 for a kelurahan, 2 for a desa
    by_code = pd.Series([KELURAHAN if c[9] == "1" else DESA for c in code_list], index=frame.index, dtype=object)
    frame["type"] = frame["type"].where(frame["type"].notna(), by_code) if "type" in frame.columns else by_code
    frame["code"] = [c.replace(".", "") for c in code_list]
    frame["kabupaten_code"] = [c[:5] for c in code_list]
    frame["kecamatan_code"] = [c[:8] for c in code_list]
    for col_name, code_col in (("kabupaten", "kabupaten_code"), ("kecamatan", "kecamatan_code")):
        if col_name not in frame.columns:
            frame[col_name] = frame[code_col]
        else:
            frame[col_name] = [v if v else c for v, c in zip(frame[col_name].tolist(), frame[code_col].tolist())]
    if "province_name" not in frame.columns:
        frame["province_name"] = [c[:2] for c in code_list]
    frame["name"] = [t.upper() for t in frame["name_title"].tolist()]
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


# Indonesia's extent with a margin (Sabang ~6.1 N / 95 E, Rote ~11 S, Merauke ~141 E): a centre
# outside it is a typo or swapped columns, never a village of a Kemendagri unit list.
LAT_RANGE = (-11.5, 6.5)
LNG_RANGE = (94.5, 141.5)


def _province_key(text: str) -> str:
    import re

    s = re.sub(r"^\s*(provinsi|prov\.?|propinsi)\s+", "", str(text).lower())
    return re.sub(r"[^a-z0-9]", "", s)


def _check_meaning(out: dict[str, Any], codes: Any, skip: np.ndarray, rows: np.ndarray, pos: dict[str, int],
                   headers: list[str], problems: list, warnings: list) -> None:
    """What a readable unit list may still get wrong: centres outside Indonesia, a non-positive area
    or population, codes of a province or kabupaten/kota that does not exist, a province name, a
    type or kecamatan/kabupaten names that contradict the code (docs/units.md). Errors go to
    ``problems``; a desa/kelurahan number outside 1xxx/2xxx/3xxx goes to ``warnings``."""
    from scorecard.io.registry_file import load_registry
    from scorecard.template import PROVINCE_ALIASES

    def add(into: list, i: Any, c: str, issue: str, value: Any, **params: Any) -> None:
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
    frame = load_registry().frame
    kab_known = set(frame.index)
    prov_names = {str(pc).zfill(2): str(pn) for pc, pn in zip(frame["province_code"], frame["province_name"])}
    code_list = codes.tolist()
    given_type = out.get("type")
    province = out.get("province_name")
    for i, code in enumerate(code_list):
        if skip[i]:
            continue
        if code[:2] not in prov_names:
            add(problems, i, "kemendagri_code", "units-unknown-province", code, province=code[:2])
        elif code[:5] not in kab_known:
            add(problems, i, "kemendagri_code", "units-unknown-kabupaten", code, kabupaten=code[:5])
        elif province is not None and province.iloc[i]:
            given = _province_key(province.iloc[i])
            if given != _province_key(prov_names[code[:2]]) and PROVINCE_ALIASES.get(given) != code[:2]:
                add(problems, i, "province_name", "units-province-contradicts", province.iloc[i],
                    province=prov_names[code[:2]], code=code)
        digit = code[9]
        if digit not in "123":
            add(warnings, i, "kemendagri_code", "units-odd-number", code)
        elif given_type is not None and given_type.iloc[i] is not None:
            by_code = "kelurahan" if digit == "1" else "desa"
            if given_type.iloc[i] != by_code:
                add(problems, i, "type", "units-type-contradicts", given_type.iloc[i], code=code, type=by_code)
    issue_keys = {"kabupaten": ("units-kabupaten-two-names", "units-kabupaten-two-codes"),
                  "kecamatan": ("units-kecamatan-two-names", "units-kecamatan-two-codes")}
    for c, width, within in (("kabupaten", 5, 0), ("kecamatan", 8, 5)):
        if c not in out:
            continue
        names = out[c].tolist()
        name_of: dict[str, tuple[str, int]] = {}  # unit code -> (name, first row)
        code_of: dict[tuple[str, str], tuple[str, int]] = {}  # (parent code, name) -> (unit code, first row)
        for i, code in enumerate(code_list):
            if skip[i] or not names[i]:
                continue
            unit, label = code[:width], " ".join(names[i].split()).casefold()
            first = name_of.setdefault(unit, (names[i], int(rows[i])))
            if " ".join(first[0].split()).casefold() != label:
                add(problems, i, c, issue_keys[c][0], names[i], code=unit, first=first[0], first_row=first[1])
                continue
            other = code_of.setdefault((code[:within], label), (unit, int(rows[i])))
            if other[0] != unit:
                add(problems, i, c, issue_keys[c][1], names[i], code=unit, other=other[0], first_row=other[1])

