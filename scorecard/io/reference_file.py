"""Read the national reference data: the shipped tables in ``scorecard/data/`` and the newer
public tables a user adds (``--reference FILE`` or the ``SCORECARD_REFERENCE`` environment
variable; see docs/context.md).

A user table is read like a workbook (Excel, ODS or CSV) and checked the same way: every row must
name one of the 514 kabupaten/kota (by name, Kemendagri ``kode`` or BPS ``kode_bps`` — BPS codes
go through the crosswalk and, in Papua, must come with the name), one year and one source for the
whole table, numbers in range. Every problem is reported at once with sheet, row and column.
"""

from __future__ import annotations

import datetime as _dt
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from scorecard import parse, resources
from scorecard.crosswalk import Crosswalk, resolve_bps, rescue_bps
from scorecard.issues import NOTE, InputError, IssueReport, column_letter
from scorecard.reference import Layer, Reference, build_reference

ENV_VAR = "SCORECARD_REFERENCE"
HEADER_SCAN_ROWS = 30

# measure id -> accepted headers (normalised), the valid range and the expected unit (for messages)
USER_MEASURES: dict[str, tuple[tuple[str, ...], float, float, str]] = {
    "ipm": (("ipm", "indeks_pembangunan_manusia", "hdi"), 0.0, 100.0, "0-100"),
    "kemiskinan": (("kemiskinan", "persentase_penduduk_miskin", "penduduk_miskin", "p0", "poverty_rate",
                    "persen_penduduk_miskin"), 0.0, 100.0, "0-100 (%)"),
    "pdrb_per_kapita": (("pdrb_per_kapita", "pdrb_per_kapita_juta", "pdrb_per_kapita_adhk",
                         "grdp_per_capita"), 0.5, 5000.0, "juta Rp (ADHK 2010)"),
    "penduduk": (("penduduk", "jumlah_penduduk", "population"), 1000.0, 50_000_000.0, "jiwa"),
}
ID_HEADERS: dict[str, tuple[str, ...]] = {
    "wilayah": ("wilayah", "nama_wilayah", "kabupaten_kota", "kab_kota", "nama", "region", "nama_daerah", "daerah"),
    "kode": ("kode", "kode_wilayah", "kode_kemendagri", "kemendagri_code"),
    "kode_bps": ("kode_bps", "bps_code", "kode_wilayah_bps", "kode_bps_wilayah"),
    "tipe": ("tipe", "jenis", "type"),
    "tahun": ("tahun", "year", "tahun_data"),
    "sumber": ("sumber", "source", "sumber_data"),
    "provinsi": ("provinsi", "province"),
    "no": ("no", "nomor", "no_urut"),
}


def _frame(name: str, **dtypes: Any):
    import pandas as pd

    return pd.read_csv(resources.data_dir() / name, dtype={"kemendagri_code": str, **dtypes})


@lru_cache(maxsize=1)
def load_shipped() -> Reference:
    """The reference shipped with scorecard (cached; pure data, never modified)."""
    from scorecard.io.registry_file import load_registry

    registry = load_registry().frame
    return build_reference(registry.reset_index(drop=True), _frame("dapoer_kabkota_2019.csv"),
                           _frame("grdp_kabkota_2000_2017.csv"), _frame("daerah_tertinggal_2020_2024.csv"))


@lru_cache(maxsize=1)
def load_crosswalk() -> Crosswalk:
    return Crosswalk.from_frame(_frame("bps_kemendagri_crosswalk.csv", bps_code=str, bps_code_34prov=str))


def reference_files(given: tuple[str, ...] | list[str] | None = None) -> list[str]:
    """User tables to use: those given on the command line, else those in ``SCORECARD_REFERENCE``
    (paths separated by the system's path separator, ``:`` on Linux, ``;`` on Windows)."""
    if given:
        return list(given)
    env = os.environ.get(ENV_VAR, "").strip()
    return [p for p in env.split(os.pathsep) if p.strip()] if env else []


def load_reference(files: tuple[str, ...] | list[str] | None = None) -> Reference:
    """The shipped reference with the user's tables applied in order (a later table replaces an
    earlier one for the measures it has). Raises :class:`InputError` listing every problem."""
    ref = load_shipped()
    report = IssueReport()
    layers: list[Layer] = []
    for path in reference_files(files):
        layers.extend(read_user_table(path, report))
    if report.errors:
        raise InputError(report)
    for layer in layers:
        ref = apply_layer(ref, layer)
    return ref


def apply_layer(ref: Reference, layer: Layer) -> Reference:
    """Replace a measure's layer; a user population also gives a new density (population / BIG
    2024 area), with the user's year and source."""
    ref = ref.with_layer(layer)
    if layer.measure == "penduduk":
        area = ref.regions["area_km2"]
        dens = layer.values / area.where(area > 0)
        src = {"id": f"{layer.source['id']}, dibagi luas wilayah BIG 2024",
               "en": f"{layer.source['en']}, divided by the BIG 2024 area"}
        ref = ref.with_layer(Layer("kepadatan", dens, layer.year, src, {}, layer.user_file))
    return ref


def _norm(text: Any) -> str:
    from scorecard.validate import norm_header

    return norm_header(text)


def _find_header(rows: list[list[Any]]) -> tuple[int, dict[str, int], dict[str, str], list[tuple[int, str]]] | None:
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        keys = [_norm(v) if isinstance(v, str) else "" for v in row]
        if not any(k in ID_HEADERS["wilayah"] + ID_HEADERS["kode"] + ID_HEADERS["kode_bps"] for k in keys):
            continue
        cols: dict[str, int] = {}
        labels: dict[str, str] = {}
        unknown: list[tuple[int, str]] = []
        for j, k in enumerate(keys):
            if not k:
                continue
            cid = next((c for c, names in ID_HEADERS.items() if k in names), None)
            cid = cid or next((m for m, spec in USER_MEASURES.items() if k in spec[0]), None)
            if cid is None or cid in cols:
                unknown.append((j, str(row[j])))
                continue
            cols[cid] = j
            labels[cid] = str(row[j]).strip()
        return i, cols, labels, unknown
    return None


def read_user_table(path: str, report: IssueReport) -> list[Layer]:
    """Read one user table; add every problem to ``report``; return one layer per measure column."""
    import pandas as pd

    from scorecard.io.registry_file import load_registry
    from scorecard.io.workbook import read_workbook

    try:
        raw = read_workbook(path)
    except InputError as exc:
        report.extend(exc.report)
        return []
    sheets = [s for s in raw.sheets if not s.hidden and s.rows]
    if not sheets:
        report.add("reference-no-table", file=path)
        return []
    sheet = sheets[0]
    found = _find_header(sheet.rows)
    if found is None:
        report.add("reference-no-header", file=path, sheet=sheet.name)
        return []
    h, cols, labels, unknown = found
    header_row = sheet.first_row + h

    def loc(j: int) -> dict[str, Any]:
        return {"file": path, "sheet": sheet.name, "column_letter": column_letter(sheet.first_col + j)}

    for j, text in unknown:
        report.add("reference-column-ignored", NOTE, row=header_row, column=text, value=text, **loc(j))
    measures = [m for m in USER_MEASURES if m in cols]
    missing = [c for c in ("tahun", "sumber") if c not in cols]
    if not measures or missing or not ({"wilayah", "kode", "kode_bps"} & set(cols)):
        report.add("reference-columns-missing", file=path, sheet=sheet.name, row=header_row,
                   params={"missing": ", ".join(missing + ([] if measures else ["ipm | kemiskinan | "
                                                                               "pdrb_per_kapita | penduduk"])) or "-"})
        return []
    registry = load_registry()
    crosswalk = load_crosswalk()
    values: dict[str, dict[str, float]] = {m: {} for m in measures}
    seen: dict[str, int] = {}
    years: dict[Any, int] = {}
    sources: dict[str, int] = {}
    n_errors = len(report.errors)
    latest = _dt.date.today().year

    def cell(row: list[Any], cid: str) -> Any:
        j = cols.get(cid)
        return row[j] if j is not None and j < len(row) else None

    for i, row in enumerate(sheet.rows[h + 1:]):
        excel_row = header_row + 1 + i
        if all(parse.is_blank(v) for j, v in enumerate(row) if j != cols.get("no")):
            continue
        name = parse.parse_text(cell(row, "wilayah")).value
        kode = parse.parse_text(cell(row, "kode")).value
        bps = cell(row, "kode_bps")
        from scorecard.registry import parse_type

        hint = parse_type(cell(row, "tipe")) if "tipe" in cols else None
        name_s = str(name) if name is not None else None
        if not parse.is_blank(bps):
            res = resolve_bps(registry, crosswalk, name_s, bps, hint)
            where, shown = "kode_bps", bps
        else:
            res = registry.resolve(name_s, str(kode) if kode is not None else None, hint)
            if res.code is None and res.problem == "code-name-mismatch":
                res = rescue_bps(registry, crosswalk, name_s, str(kode), hint) or res
            where = "kode" if kode is not None and res.problem in ("code-not-found", "code-name-mismatch") else "wilayah"
            shown = kode if where == "kode" else name
        if res.code is None:
            j = cols.get(where, cols.get("wilayah", 0))
            report.add(res.problem or "region-not-found", row=excel_row, column=labels.get(where), value=shown,
                       params={"candidates": "; ".join(res.candidates) or "-", "name": name_s or "-"}, **loc(j))
            continue
        if res.code in seen:
            report.add("duplicate-region", row=excel_row, column=labels.get("wilayah"), value=name_s or kode,
                       params={"first_row": seen[res.code]}, **loc(cols.get("wilayah", 0)))
            continue
        seen[res.code] = excel_row
        y = parse.parse_year(cell(row, "tahun"), latest=latest)
        if parse.is_blank(cell(row, "tahun")) or not y.ok:
            report.add(y.error or "reference-year-missing", row=excel_row, column=labels["tahun"],
                       value=cell(row, "tahun"), params={"latest": latest}, **loc(cols["tahun"]))
        else:
            years.setdefault(y.value, excel_row)
        src = parse.parse_text(cell(row, "sumber")).value
        if src is None:
            report.add("reference-source-missing", row=excel_row, column=labels["sumber"], **loc(cols["sumber"]))
        else:
            sources.setdefault(str(src), excel_row)
        for m in measures:
            lo, hi, unit = USER_MEASURES[m][1:]
            raw_v = cell(row, m)
            p = parse.parse_number(raw_v, percent=(m == "kemiskinan"))
            if not p.ok:
                report.add(p.error or "not-a-number", row=excel_row, column=labels[m], value=raw_v,
                           params={"expected": unit}, **loc(cols[m]))
                continue
            if p.value is None:
                continue
            v = float(p.value)
            if m == "kemiskinan" and isinstance(raw_v, float) and 0 < v < 1 and (excel_row, cols[m]) in sheet.percent:
                v *= 100.0  # a percent-formatted cell: 12,5% is stored as 0.125
            if not lo <= v <= hi:
                report.add("reference-out-of-range", row=excel_row, column=labels[m], value=raw_v,
                           params={"low": float(lo), "high": float(hi), "unit": unit}, **loc(cols[m]))
                continue
            values[m][res.code] = v
    if len(years) > 1:
        rows = ", ".join(str(r) for r in years.values())
        report.add("reference-mixed-years", file=path, sheet=sheet.name, column=labels["tahun"],
                   params={"years": ", ".join(str(y) for y in years), "rows": rows})
    if len(sources) > 1:
        report.add("reference-mixed-sources", file=path, sheet=sheet.name, column=labels["sumber"],
                   params={"n": len(sources), "rows": ", ".join(str(r) for r in sources.values())})
    if not seen and len(report.errors) == n_errors:
        report.add("reference-no-rows", file=path, sheet=sheet.name)
    if len(report.errors) > n_errors or not years or not sources:
        return []
    year = next(iter(years))
    source = next(iter(sources))
    fname = Path(path).name
    cite = {"id": f"Sumber: {source} (data tahun {year}; tabel referensi pengguna: {fname})",
            "en": f"Source: {source} (data year {year}; user reference table: {fname})"}
    index = registry.frame.index
    return [Layer(m, pd.Series(values[m], dtype=float).reindex(index), year, cite, {}, path) for m in measures]
