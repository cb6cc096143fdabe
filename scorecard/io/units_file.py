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

import csv
import io
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

from scorecard.issues import ERROR, InputError, Issue, IssueReport, column_letter
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
        raise InputError(Issue("file-not-found", file=name, params={"known": "-"}))
    if not p.is_file():
        raise InputError(Issue("file-is-directory", file=name))
    if p.suffix.lower() != ".csv":
        raise InputError(Issue("units-format", file=name, params={"suffix": p.suffix or "(none)"}))
    from scorecard import limits

    limits.check_file_size(p, name)
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(Issue("not-utf8", file=name, params={"offset": exc.start})) from None
    except OSError as exc:
        raise InputError(Issue("file-unreadable", file=name, params={"reason": exc.strerror or str(exc)})) from None
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    report = IssueReport()
    if not rows:
        raise InputError(Issue("workbook-empty-file", file=name))
    header = [_norm(h) for h in rows[0]]
    pos: dict[str, int] = {}
    for canonical, names in ALIASES.items():
        for alias in names:  # the registry's own column name first, then the Indonesian ones
            if alias in header and header.index(alias) not in pos.values():
                pos[canonical] = header.index(alias)
                break
    for needed in REQUIRED:
        if needed not in pos:
            report.add("units-missing-column", ERROR, file=name, row=1, params={
                "column": needed, "accepted": ", ".join(ALIASES[needed]), "found": ", ".join(rows[0]) or "-"})
    report.raise_if_errors()
    out: dict[str, list[Any]] = {c: [] for c in pos}
    first_row: dict[str, int] = {}
    for i, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(c: str) -> str:
            j = pos.get(c)
            return row[j].strip() if j is not None and j < len(row) else ""

        raw_code = cell("kemendagri_code")
        code = normalise_code(raw_code)
        j = pos["kemendagri_code"]
        if code is None:
            report.add("units-bad-code", ERROR, file=name, row=i, column=rows[0][j], column_letter=column_letter(j),
                       value=raw_code)
            continue
        if code in first_row:
            report.add("units-duplicate-code", ERROR, file=name, row=i, column=rows[0][j],
                       column_letter=column_letter(j), value=code, params={"first_row": first_row[code]})
            continue
        first_row[code] = i
        title = cell("name_title")
        if not title:
            jn = pos["name_title"]
            report.add("units-missing-name", ERROR, file=name, row=i, column=rows[0][jn],
                       column_letter=column_letter(jn), value=code)
            continue
        for c in pos:
            v: Any = cell(c)
            if c == "kemendagri_code":
                v = code
            elif c == "type":
                t = parse_type(v) if v else None
                if v and t is None:
                    report.add("units-bad-type", ERROR, file=name, row=i, column=rows[0][pos[c]],
                               column_letter=column_letter(pos[c]), value=v)
                v = t
            elif c in NUMERIC:
                if v == "":
                    v = math.nan
                else:
                    try:
                        v = float(v.replace(",", ".")) if v.count(",") == 1 and "." not in v else float(v)
                    except ValueError:
                        report.add("units-bad-number", ERROR, file=name, row=i, column=rows[0][pos[c]],
                                   column_letter=column_letter(pos[c]), value=v)
                        v = math.nan
                    if not math.isfinite(v):
                        report.add("units-bad-number", ERROR, file=name, row=i, column=rows[0][pos[c]],
                                   column_letter=column_letter(pos[c]), value=cell(c))
                        v = math.nan
            out[c].append(v)
    report.raise_if_errors()
    if not first_row:
        raise InputError(Issue("units-empty", file=name))
    frame = pd.DataFrame(out)
    codes = frame["kemendagri_code"]
    if "type" not in frame.columns or frame["type"].isna().all():
        # Kepmendagri: the desa/kelurahan digit group starts with 1 for a kelurahan, 2 for a desa
        frame["type"] = [KELURAHAN if c[9] == "1" else DESA if c[9] == "2" else DESA for c in codes]
    else:
        frame["type"] = frame["type"].fillna(DESA)
    frame["code"] = codes.str.replace(".", "", regex=False)
    frame["kabupaten_code"] = codes.str[:5]
    frame["kecamatan_code"] = codes.str[:8]
    for col, code_col in (("kabupaten", "kabupaten_code"), ("kecamatan", "kecamatan_code")):
        if col not in frame.columns:
            frame[col] = frame[code_col]
        else:
            frame[col] = frame[col].where(frame[col].astype(str).str.len() > 0, frame[code_col])
    if "province_name" not in frame.columns:
        frame["province_name"] = codes.str[:2]
    frame["name"] = frame["name_title"].str.upper()
    for c in NUMERIC:
        if c not in frame.columns:
            frame[c] = math.nan
        frame[c] = frame[c].astype(float)
    frame = frame.set_index("kemendagri_code", drop=False)
    frame.index.name = "code"
    frame.attrs["unit"] = "village"
    frame.attrs["source"] = name
    return Registry(frame)


def is_village_code(code: str) -> bool:
    return len(code) == 13 and code[2] == "." and code[5] == "." and code[8] == "."
