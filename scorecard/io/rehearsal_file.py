"""Read the evaluation instrument (YAML, ``kind: evaluation``) and a filled self-assessment workbook.

The self-assessment workbook (written by :mod:`scorecard.io.rehearsal_template`) has:

* ``profil`` — key / label / value rows: region, evaluation year, weight profile, last year's
  official result (overall, per result dimension, per smart dimension);
* ``penilaian_mandiri`` — one row per criterion (code, claimed level, evidence, notes) followed by
  one row per evidence item (code ``<criterion>/L<level>``) whose link/document cell is filled
  when the evidence exists;
* ``rekan`` (optional) — peers' official results, one row per peer: overall, result dimensions,
  smart dimensions and, when a peer shared its self-assessment, criterion codes as extra columns.

Every problem names the file, sheet, Excel row and column (letter and header).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Mapping

from scorecard import parse
from scorecard.issues import ERROR, NOTE, WARNING, InputError, Issue, IssueReport, column_letter
from scorecard.rehearsal import Assessment, Instrument, OfficialResult, PeerResult, build_instrument

DEFAULT_INSTRUMENT = "smart_city_evaluation"
SHEET_PROFILE = ("profil", "profile")
SHEET_ASSESS = ("penilaian_mandiri", "self_assessment", "penilaian")
SHEET_PEERS = ("rekan", "peers", "pembanding")
HEADERS = {
    "kode": ("kode", "code", "kode_kriteria", "criterion_code"),
    "level": ("level", "level_diklaim", "claimed_level", "level_klaim"),
    "bukti": ("bukti", "bukti_tautan_dokumen", "evidence", "evidence_link_document", "tautan_bukti", "dokumen_bukti"),
    "catatan": ("catatan", "notes", "note", "keterangan"),
}
PROFILE_HEADERS = {"kunci": ("kunci", "key"), "nilai": ("nilai", "value")}
PEER_BASE = {"wilayah": ("wilayah", "region", "nama_wilayah", "kabupaten_kota", "daerah"),
             "kode": ("kode", "code", "kode_wilayah"), "tahun": ("tahun", "year"),
             "indeks": ("indeks", "index", "indeks_keseluruhan", "overall", "overall_index")}
_LEVEL_RE = re.compile(r"^\s*(?:level\s*)?(\d+)\b")


def _norm(text: Any) -> str:
    from scorecard.validate import norm_header

    return norm_header(text)


# ----------------------------------------------------------------------------------------------
# Instrument


def instrument_path(ref: str | Path | None) -> Path:
    from scorecard.io.rubric_file import resolve_rubric_path, shipped_rubrics

    if ref is None:
        return shipped_rubrics()[DEFAULT_INSTRUMENT]
    return resolve_rubric_path(ref)


def load_instrument(ref: str | Path | None = None) -> Instrument:
    """Read and check the evaluation instrument (a path, a shipped id, or the default)."""
    from scorecard.io.rubric_file import read_rubric_yaml

    path = instrument_path(ref)
    loaded = read_rubric_yaml(path)
    if not isinstance(loaded.data, dict) or loaded.data.get("kind") != "evaluation":
        raise InputError(Issue("rubric-not-evaluation", file=str(path), key="kind", line=loaded.lines.get("kind")))
    return build_instrument(loaded.data, file=str(path), lines=loaded.lines)


# ----------------------------------------------------------------------------------------------
# Self-assessment workbook


class _Col:
    def __init__(self, file: str):
        self.file = file
        self.report = IssueReport()

    def cell(self, code: str, sheet: Any, row: int, col: int, header: str | None, value: Any = None,
             severity: str = ERROR, **params: Any) -> None:
        self.report.add(code, severity, file=self.file, sheet=sheet.name, row=row, column=header,
                        column_letter=column_letter(col), value=value, params=params)

    def sheet(self, code: str, sheet: str | None, severity: str = ERROR, **params: Any) -> None:
        self.report.add(code, severity, file=self.file, sheet=sheet, params=params)


def _find_sheet(wb: Any, names: tuple[str, ...]) -> Any:
    by = {_norm(s.name): s for s in wb.sheets if not s.hidden}
    return next((by[n] for n in names if n in by), None)


def _header(sheet: Any, known: Mapping[str, tuple[str, ...]], anchor: str, extra: dict[str, str] | None = None
            ) -> tuple[int, dict[str, int], dict[str, str]] | None:
    """(index of the header row, canonical -> position, canonical -> header text)."""
    for i, row in enumerate(sheet.rows[:15]):
        normed = [_norm(v) if isinstance(v, str) else "" for v in row]
        if not any(n in known[anchor] for n in normed):
            continue
        pos: dict[str, int] = {}
        labels: dict[str, str] = {}
        for j, n in enumerate(normed):
            if not n:
                continue
            canon = next((k for k, names in known.items() if n in names), None)
            if canon is None and extra is not None:
                canon = extra.get(n)
            if canon is not None and canon not in pos:
                pos[canon] = j
                labels[canon] = str(row[j]).strip()
        return i, pos, labels
    return None


def _get(row: list[Any], j: int | None) -> Any:
    return row[j] if j is not None and j < len(row) else None


def _parse_level(value: Any, ins: Instrument) -> tuple[int | None, bool]:
    """(level, ok). Accepts 3, 3.0, '3', '3 - Berjalan', 'Level 3' or a level label."""
    if parse.is_blank(value):
        return None, True
    n: int | None = None
    if isinstance(value, bool):
        return None, False
    if isinstance(value, (int, float)):
        if float(value).is_integer():
            n = int(value)
    elif isinstance(value, str):
        m = _LEVEL_RE.match(value.lower())
        if m:
            n = int(m.group(1))
        else:
            key = _norm(value)
            n = next((lv.level for lv in ins.levels if key in (_norm(lv.label.id), _norm(lv.label.en))), None)
    if n is None or not ins.min_level <= n <= ins.max_level:
        return None, False
    return n, True


def _parse_score(value: Any, ins: Instrument) -> tuple[float | None, str | None]:
    p = parse.parse_number(value)
    if not p.ok:
        return None, p.error
    if p.value is None:
        return None, None
    if not ins.min_level <= p.value <= ins.max_level:
        return None, "score-outside-scale"
    return p.value, None


def _resolve_region(registry: Any, name: Any, code: Any) -> Any:
    name_s = None if parse.is_blank(name) else str(name).strip()
    code_s = None if parse.is_blank(code) else str(code).strip()
    if isinstance(code, float):
        code_s = f"{code:.2f}"
    return registry.resolve(name_s, code_s), name_s, code_s


def read_assessment(path: str | Path, ins: Instrument, registry: Any, *, current_year: int
                    ) -> tuple[Assessment, IssueReport]:
    """Read a filled self-assessment; raise :class:`InputError` with every problem found."""
    from scorecard.io.workbook import read_workbook

    wb = read_workbook(path)
    col = _Col(wb.path)
    profile_sheet = _find_sheet(wb, SHEET_PROFILE)
    assess_sheet = _find_sheet(wb, SHEET_ASSESS)
    if assess_sheet is None:
        col.sheet("missing-sheet", None, wanted=SHEET_ASSESS[0], found=", ".join(s.name for s in wb.sheets) or "-")
        raise InputError(col.report)
    region_code, region_name, year, profile, last, illustrative = None, "", None, None, None, False
    if profile_sheet is not None:
        region_code, region_name, year, profile, last, illustrative = _read_profile(profile_sheet, ins, registry, col,
                                                                                    current_year)
    levels, evidence, notes, cells, blank = _read_criteria(assess_sheet, ins, col)
    peers_sheet = _find_sheet(wb, SHEET_PEERS)
    peers = _read_peers(peers_sheet, ins, registry, col, current_year) if peers_sheet is not None else ()
    col.report.raise_if_errors()
    if blank:
        col.sheet("rehearsal-levels-blank", assess_sheet.name, WARNING, n=len(blank),
                  codes=", ".join(blank[:5]) + (" …" if len(blank) > 5 else ""), level=ins.min_level)
    return Assessment(region_code, region_name, levels, evidence, notes, year, profile, last, peers, wb.path,
                      cells, tuple(blank), illustrative), col.report


def _read_profile(sheet: Any, ins: Instrument, registry: Any, col: _Col, current_year: int):
    hdr = _header(sheet, PROFILE_HEADERS, "kunci")
    if hdr is None:
        col.sheet("header-not-found", sheet.name, wanted="kunci / nilai", rows=15)
        return None, "", None, None, None, False
    idx, pos, labels = hdr
    if "nilai" not in pos:
        col.sheet("missing-column", sheet.name, column="Nilai", column_id="nilai", header_row=sheet.first_row + idx)
        return None, "", None, None, None, False
    values: dict[str, tuple[Any, int]] = {}
    for i, row in enumerate(sheet.rows[idx + 1:], start=idx + 1):
        key = _get(row, pos["kunci"])
        if parse.is_blank(key):
            continue
        values[str(key).strip().lower()] = (_get(row, pos["nilai"]), sheet.first_row + i)
    vcol = sheet.first_col + pos["nilai"]
    vlabel = labels["nilai"]

    region_code, region_name = None, ""
    name, name_row = values.get("wilayah", (None, None))
    code, code_row = values.get("kode", (None, None))
    if not parse.is_blank(name) or not parse.is_blank(code):
        res, name_s, code_s = _resolve_region(registry, name, code)
        if res.code is None:
            by_code = _code_problem(res.problem) and code_s  # the message is about the code: show the code
            col.cell(res.problem or "region-not-found", sheet, (code_row if by_code else name_row) or sheet.first_row,
                     vcol, vlabel, code_s if by_code else (name_s or code_s),
                     candidates="; ".join(res.candidates) or "-", name=name_s or "-")
        else:
            region_code, region_name = res.code, registry.title(res.code)
    year = None
    if "tahun_evaluasi" in values:
        v, r = values["tahun_evaluasi"]
        p = parse.parse_year(v, latest=current_year + 1)
        if not p.ok:
            col.cell(p.error or "not-a-year", sheet, r, vcol, vlabel, v, latest=current_year + 1)
        year = p.value
    profile = None
    if "profil_bobot" in values:
        v, r = values["profil_bobot"]
        if not parse.is_blank(v):
            text = str(int(v)) if isinstance(v, float) and v.is_integer() else str(v).strip()
            if text in ins.profiles:
                profile = text
            else:
                col.cell("rehearsal-unknown-profile", sheet, r, vcol, vlabel, text, options=", ".join(ins.profiles))
    last = _read_result(values, "hasil_lalu.", ins, col, sheet, vcol, vlabel, current_year)
    flag = values.get("ilustratif", (None, None))[0]
    illustrative = not parse.is_blank(flag) and str(flag).strip().lower() in ("ya", "yes", "true", "1", "benar")
    return region_code, region_name, year, profile, last, illustrative


def _read_result(values: dict[str, tuple[Any, int]], prefix: str, ins: Instrument, col: _Col, sheet: Any,
                 vcol: int, vlabel: str, current_year: int) -> OfficialResult | None:
    def score(key: str) -> float | None:
        if key not in values:
            return None
        v, r = values[key]
        x, err = _parse_score(v, ins)
        if err:
            col.cell("rehearsal-bad-score" if err == "score-outside-scale" else err, sheet, r, vcol, vlabel, v,
                     expected=f"{ins.min_level}-{ins.max_level}", low=ins.min_level, high=ins.max_level)
        return x

    overall = score(prefix + "indeks")
    results = {r.id: x for r in ins.results if (x := score(prefix + r.id)) is not None}
    dims = {d.id: x for d in ins.dimensions if (x := score(prefix + d.id)) is not None}
    year = None
    if prefix + "tahun" in values:
        v, r = values[prefix + "tahun"]
        p = parse.parse_year(v, latest=current_year)
        if not p.ok:
            col.cell(p.error or "not-a-year", sheet, r, vcol, vlabel, v, latest=current_year)
        year = p.value
    if overall is None and not results and not dims:
        return None
    return OfficialResult(year, overall, results, dims)


def _read_criteria(sheet: Any, ins: Instrument, col: _Col):
    hdr = _header(sheet, HEADERS, "kode")
    levels: dict[str, int] = {}
    evidence: dict[str, str] = {}
    notes: dict[str, str] = {}
    cells: dict[str, tuple[str, int, str]] = {}
    blank: list[str] = []
    if hdr is None:
        col.sheet("header-not-found", sheet.name, wanted="Kode, Level, Bukti", rows=15)
        return levels, evidence, notes, cells, blank
    idx, pos, labels = hdr
    for need in ("level", "bukti"):
        if need not in pos:
            col.sheet("missing-column", sheet.name, column=need.capitalize(), column_id=need,
                      header_row=sheet.first_row + idx)
    if "level" not in pos or "bukti" not in pos:
        return levels, evidence, notes, cells, blank
    crit_ids = {c.id for c in ins.criteria}
    ev_ids = {e.id for c in ins.criteria for e in c.evidence}
    seen: dict[str, int] = {}
    for i, row in enumerate(sheet.rows[idx + 1:], start=idx + 1):
        excel_row = sheet.first_row + i
        code = _get(row, pos["kode"])
        if parse.is_blank(code):
            continue
        code = str(code).strip()
        kcol = sheet.first_col + pos["kode"]
        if code in seen:
            col.cell("rehearsal-duplicate-code", sheet, excel_row, kcol, labels["kode"], code, first_row=seen[code])
            continue
        seen[code] = excel_row
        link = _get(row, pos["bukti"])
        note = _get(row, pos.get("catatan"))
        if code in crit_ids:
            value = _get(row, pos["level"])
            n, ok = _parse_level(value, ins)
            lcol = sheet.first_col + pos["level"]
            if not ok:
                col.cell("rehearsal-bad-level", sheet, excel_row, lcol, labels["level"], value,
                         low=ins.min_level, high=ins.max_level)
            elif n is None:
                blank.append(code)
            else:
                levels[code] = n
            cells[code] = (sheet.name, excel_row, column_letter(lcol))
        elif code in ev_ids:
            cells[code] = (sheet.name, excel_row, column_letter(sheet.first_col + pos["bukti"]))
        elif any(ch.isspace() for ch in code):  # codes have no spaces: a note the planner added
            col.cell("rehearsal-note-row-skipped", sheet, excel_row, kcol, labels["kode"], code, severity=NOTE)
            continue
        else:
            col.cell("rehearsal-unknown-code", sheet, excel_row, kcol, labels["kode"], code, instrument=ins.id,
                     version=ins.version)
            continue
        if not parse.is_blank(link):
            evidence[code] = str(link).strip()
        if not parse.is_blank(note):
            notes[code] = str(note).strip()
    missing = [c.id for c in ins.criteria if c.id not in seen]
    if missing:
        col.sheet("rehearsal-criteria-missing", sheet.name, n=len(missing),
                  codes=", ".join(missing[:5]) + (" …" if len(missing) > 5 else ""), instrument=ins.id)
    return levels, evidence, notes, cells, blank


def _peer_columns(ins: Instrument) -> dict[str, str]:
    out: dict[str, str] = {}
    for r in ins.results:
        for n in (r.id, r.name.id, r.name.en):
            out.setdefault(_norm(n), "r:" + r.id)
    for d in ins.dimensions:
        for n in (d.id, d.name.id, d.name.en, d.name.en.replace("Smart ", "")):
            out.setdefault(_norm(n), "d:" + d.id)
    for c in ins.criteria:
        out.setdefault(_norm(c.id), "c:" + c.id)
        out.setdefault(c.id.lower(), "c:" + c.id)
    return out


def _code_problem(problem: str | None) -> bool:
    """Is this registry problem about the code (so the message must show the code, not the name)?"""
    return problem in ("code-not-found", "code-name-mismatch")


def _read_peers(sheet: Any, ins: Instrument, registry: Any, col: _Col, current_year: int) -> tuple[PeerResult, ...]:
    hdr = _header(sheet, PEER_BASE, "wilayah", _peer_columns(ins))
    if hdr is None:
        return ()  # an empty peers sheet (header missing) is simply not used
    idx, pos, labels = hdr
    out: list[PeerResult] = []
    seen: dict[str, int] = {}  # region code -> Excel row where it was first listed
    for i, row in enumerate(sheet.rows[idx + 1:], start=idx + 1):
        excel_row = sheet.first_row + i
        name, code = _get(row, pos.get("wilayah")), _get(row, pos.get("kode"))
        if parse.is_blank(name) and parse.is_blank(code):
            continue
        res, name_s, code_s = _resolve_region(registry, name, code)
        where = pos.get("wilayah", pos.get("kode", 0))
        if res.code is None:
            by_code = _code_problem(res.problem) and code_s  # the message is about the code: show the code
            key = "kode" if by_code and "kode" in pos else "wilayah"
            col.cell(res.problem or "region-not-found", sheet, excel_row, sheet.first_col + pos.get(key, where),
                     labels.get(key), code_s if by_code else (name_s or code_s),
                     candidates="; ".join(res.candidates) or "-", name=name_s or "-")
            continue
        if res.code in seen:  # a region, not a code: say so, and where it was first
            col.cell("rehearsal-duplicate-region", sheet, excel_row, sheet.first_col + where, labels.get("wilayah"),
                     name_s or code_s, first_row=seen[res.code], region=registry.label(res.code))
            continue
        seen[res.code] = excel_row
        year = None
        if "tahun" in pos and not parse.is_blank(_get(row, pos["tahun"])):
            p = parse.parse_year(_get(row, pos["tahun"]), latest=current_year)
            if not p.ok:
                col.cell(p.error or "not-a-year", sheet, excel_row, sheet.first_col + pos["tahun"], labels["tahun"],
                         _get(row, pos["tahun"]), latest=current_year)
            year = p.value
        vals: dict[str, float] = {}
        crit: dict[str, int] = {}
        for canon, j in pos.items():
            if canon in ("wilayah", "kode", "tahun"):
                continue
            v = _get(row, j)
            if parse.is_blank(v):
                continue
            if canon.startswith("c:"):
                n, ok = _parse_level(v, ins)
                if not ok:
                    col.cell("rehearsal-bad-level", sheet, excel_row, sheet.first_col + j, labels[canon], v,
                             low=ins.min_level, high=ins.max_level)
                elif n is not None:
                    crit[canon[2:]] = n
                continue
            x, err = _parse_score(v, ins)
            if err:
                col.cell("rehearsal-bad-score" if err == "score-outside-scale" else err, sheet, excel_row,
                         sheet.first_col + j, labels[canon], v, expected=f"{ins.min_level}-{ins.max_level}",
                         low=ins.min_level, high=ins.max_level)
            elif x is not None:
                vals[canon] = x
        result = OfficialResult(year, vals.get("indeks"),
                                {k[2:]: v for k, v in vals.items() if k.startswith("r:")},
                                {k[2:]: v for k, v in vals.items() if k.startswith("d:")})
        out.append(PeerResult(res.code, registry.title(res.code), result, crit))
    return tuple(out)


def places_for(registry: Any, codes: list[str]) -> dict[str, Any]:
    """What the registry knows about each region (type, centroid, population, land area) as
    :class:`scorecard.hosts.Place`, for choosing the peer to ask. Unknown codes are left out."""
    from scorecard.hosts import Place

    frame = registry.frame
    out: dict[str, Any] = {}

    def num(code: str, col: str) -> float | None:
        if col not in frame.columns:
            return None
        v = frame.at[code, col]
        return None if parse.is_blank(v) else float(v)

    for code in codes:
        if code not in frame.index:
            continue
        tipe = str(frame.at[code, "type"]) if "type" in frame.columns else None
        out[code] = Place(code, registry.title(code), tipe=tipe if tipe in ("kota", "kabupaten") else None,
                          lat=num(code, "lat"), lng=num(code, "lng"), population=num(code, "population"),
                          area_km2=num(code, "area_km2"))
    return out
