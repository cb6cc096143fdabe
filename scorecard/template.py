"""What goes into the planner's template workbook (``scorecard init``): sheets, columns, dropdowns,
pre-filled rows and instructions. Pure: rubric + registry + chosen regions in, a
:class:`TemplateSpec` out; :mod:`scorecard.io.template_writer` turns it into an .xlsx file.

The header row holds the identifiers :mod:`scorecard.validate` recognises (``wilayah``, ``kode``,
rubric column ids, ``sumber_<column>``), so a filled copy validates with no change other than the
typed values. Above it, a title row and a label row show each column in words with its unit; both
sit above the header and are skipped by the header search (which looks for the region-name column).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from scorecard import i18n
from scorecard.issues import ERROR, NOTE, IssueReport
from scorecard.registry import Registry, normalise_code
from scorecard.rubric import Column, Rubric

TITLE_ROW, LABEL_ROW, HEADER_ROW = 1, 2, 3
FIRST_DATA_ROW = 4
OPINION_YEARS = 5  # LKPD years pre-filled per region in opini_bpk
# registry context written next to the name (registry column -> workbook header); population is
# left blank on purpose: blank is filled from the registry at validate time and cited as such.
CONTEXT = (("tipe", "type"), ("provinsi", "province_name"), ("jumlah_kecamatan", "n_kecamatan"),
           ("jumlah_kelurahan", "n_kelurahan"), ("jumlah_desa", "n_desa"), ("luas_km2", "area_km2"))


@dataclass(frozen=True)
class TemplateColumn:
    """One column of a template sheet. ``header`` is what validate recognises."""

    header: str
    label: str  # words and unit, shown in the label row
    kind: str  # name code type province year integer number percent grade choice text source ignore context
    accepted: str  # what may be written (Petunjuk)
    source: str = ""  # where to find the figure (Petunjuk)
    required: bool = False
    choices: tuple[str, ...] = ()  # dropdown values
    strict: bool = True  # the dropdown refuses other values (False: a suggestion list, e.g. SAKIP 0-100 or code)
    min: float | None = None
    max: float | None = None
    prompt: str = ""  # input message shown when the cell is selected
    width: int = 14
    from_registry: bool = False  # pre-filled from the registry (shown in grey)
    choices_ref: str | None = None  # dropdown taken from a range instead of a literal list


@dataclass(frozen=True)
class TemplateSheet:
    name: str
    title: str
    columns: tuple[TemplateColumn, ...]
    rows: tuple[dict[str, Any], ...] = ()  # pre-filled values by header
    blank_rows: int = 50  # rows below the pre-filled ones that carry the validation rules
    # (index into rows, header, text): a comment on that cell, e.g. "a 2019 figure, not 2025" (init --context)
    notes: tuple[tuple[int, str, str], ...] = ()


@dataclass(frozen=True)
class TemplateSpec:
    rubric_id: str
    rubric_version: str
    lang: str
    year: int
    sheets: tuple[TemplateSheet, ...]
    instructions: tuple[str, ...]  # Petunjuk lines above the column table
    petunjuk_header: tuple[str, ...]
    petunjuk_title: str
    rubric_file: str
    workbook_file: str
    regions: tuple[str, ...] = field(default_factory=tuple)  # chosen region codes
    rubric_sha256: str = ""  # of the rubric copy beside the template (kept in the hidden _scorecard sheet)


# Common short names of provinces (normalised) -> province code
PROVINCE_ALIASES = {
    "dki": "31", "dkijakarta": "31", "jakarta": "31", "daerahkhususjakarta": "31", "dkj": "31",
    "diy": "34", "diyogyakarta": "34", "yogyakarta": "34", "jogja": "34", "jogjakarta": "34",
    "jabar": "32", "jateng": "33", "jatim": "35", "sumut": "12", "sumbar": "13", "sumsel": "16", "babel": "19",
    "kepri": "21", "ntb": "52", "ntt": "53", "kalbar": "61", "kalteng": "62", "kalsel": "63", "kaltim": "64",
    "kaltara": "65", "sulut": "71", "sulteng": "72", "sulsel": "73", "sultra": "74", "sulbar": "76",
    "malut": "82", "nad": "11",
}


def _norm_province(text: str) -> str:
    s = str(text).lower()
    s = re.sub(r"^\s*(provinsi|prov\.?|propinsi)\s+", "", s)
    return re.sub(r"[^a-z0-9]", "", s)


def select_regions(registry: Registry, names: list[str], province: str | None) -> tuple[list[str], IssueReport]:
    """Codes of the regions named (names or codes, comma list already split) plus every kab/kota
    of ``province`` (name or two-digit code); every name that cannot be matched is an issue with
    the candidates or suggestions. Order: as named, then the province's in code order."""
    report = IssueReport()
    codes: list[str] = []
    for raw in names:
        name = raw.strip()
        if not name:
            continue
        code = normalise_code(name)
        res = registry.resolve(None, name) if code else registry.resolve(name)
        if res.code is None:
            report.add(res.problem or "region-not-found", ERROR, value=name,
                       params={"candidates": "; ".join(res.candidates) or "-", "name": name})
            continue
        if res.code not in codes:
            codes.append(res.code)
            from scorecard.validate import renamed

            if not code and (res.note == "alias" or renamed(name, registry.frame.at[res.code, "name_title"])):
                # the template will say "Kota Palangkaraya": tell the planner who typed "Palangka Raya"
                report.add("region-matched-alias" if res.note == "alias" else "region-renamed", NOTE, value=name,
                           params={"region": registry.label(res.code) if res.note == "alias" else registry.title(res.code),
                                   "official_code": res.code})
    if province:
        frame = registry.frame
        want = _norm_province(province)
        prov_code = province.strip() if re.fullmatch(r"\s*\d{2}\s*", province) else PROVINCE_ALIASES.get(want)
        if prov_code:
            mask = frame["province_code"].astype(str).str.zfill(2) == prov_code.strip()
        else:
            mask = frame["province_name"].map(_norm_province) == want
        if not mask.any():
            from rapidfuzz import fuzz, process

            names_ = sorted(set(frame["province_name"]))
            hits = process.extract(want, [_norm_province(n) for n in names_], scorer=fuzz.ratio, limit=3,
                                   score_cutoff=60)
            report.add("province-not-found", ERROR, value=province,
                       params={"candidates": "; ".join(names_[i] for _, _, i in hits) or "-"})
        else:
            for code in frame.index[mask]:
                if code not in codes:
                    codes.append(code)
    return codes, report


def _fmt(x: float | None, lang: str) -> str:
    return i18n.number(x, lang) if x is not None else ""


def _range_text(lo: float | None, hi: float | None, lang: str) -> str:
    if lo is not None and hi is not None:
        return i18n.t("tpl.range-between", lang, lo=_fmt(lo, lang), hi=_fmt(hi, lang))
    if lo is not None:
        return i18n.t("tpl.range-min", lang, lo=_fmt(lo, lang))
    if hi is not None:
        return i18n.t("tpl.range-max", lang, hi=_fmt(hi, lang))
    return ""


def rubric_column(spec: Column, rubric: Rubric, lang: str) -> TemplateColumn:
    """The template column for a rubric column: dropdowns from its scale, number rules from its
    type and bounds, source text from ``columns.*.source``."""
    label = spec.label.get(lang)
    unit = spec.unit.get(lang) if spec.unit else ""
    if unit and unit not in label:
        label = f"{label} [{unit}]"
    source = spec.source.get(lang) if spec.source else ""
    common: dict[str, Any] = dict(header=spec.id, label=label, source=source, required=spec.required)
    if spec.type == "grade" and spec.scale:
        scale = rubric.scales[spec.scale]
        # the codes are what the planner types; a code that is an Indonesian word gets its
        # meaning in an English template: "Sangat Baik (Very good)"
        codes = ", ".join(g.code if g.label.get(lang) in (g.code, "") or g.code.isupper()
                          else f"{g.code} ({g.label.get(lang)})" for g in scale.grades)
        if scale.kind == "bands":
            lo, hi = scale.range or (min(g.min for g in scale.grades if g.min is not None),
                                     max(g.max for g in scale.grades if g.max is not None))
            accepted = i18n.t("tpl.accept-bands", lang, lo=_fmt(lo, lang), hi=_fmt(hi, lang), codes=codes)
            return TemplateColumn(kind="grade", accepted=accepted, choices=tuple(scale.codes()), strict=False,
                                  min=lo, max=hi, prompt=accepted, width=14, **common)
        accepted = i18n.t("tpl.accept-choice", lang, codes=codes)
        return TemplateColumn(kind="grade", accepted=accepted, choices=tuple(scale.codes()), strict=True,
                              prompt=accepted, width=14, **common)
    rng = _range_text(spec.min, spec.max, lang)
    if spec.type == "integer":
        lo = spec.min if spec.min is not None else 0
        accepted = i18n.t("tpl.accept-integer", lang, range=_range_text(lo, spec.max, lang))
        return TemplateColumn(kind="integer", accepted=accepted, min=lo, max=spec.max, prompt=accepted, width=16,
                              **common)
    if spec.type == "percent":
        accepted = i18n.t("tpl.accept-percent", lang, range=rng)
        return TemplateColumn(kind="percent", accepted=accepted, min=spec.min, max=spec.max, prompt=accepted,
                              width=14, **common)
    if spec.type == "number":
        accepted = i18n.t("tpl.accept-number", lang, range=rng)
        return TemplateColumn(kind="number", accepted=accepted, min=spec.min, max=spec.max, prompt=accepted,
                              width=18 if spec.unit and spec.unit.id == "Rp" else 14, **common)
    accepted = i18n.t("tpl.accept-text", lang)
    return TemplateColumn(kind="text", accepted=accepted, prompt=accepted, width=20, **common)


def build_template(rubric: Rubric, registry: Registry, codes: list[str], *, lang: str, year: int, latest: int,
                   rubric_file: str, workbook_file: str) -> TemplateSpec:
    """The template for ``rubric`` with one pre-filled row per region in ``codes`` (data year
    ``year``) and ``OPINION_YEARS`` LKPD years per region in opini_bpk; years up to ``latest``
    (the current year) are accepted."""
    t = lambda key, **kw: i18n.t(key, lang, **kw)  # noqa: E731
    reg = registry.frame
    names = [registry.title(c) for c in codes]
    last_region_row = FIRST_DATA_ROW + max(len(codes), 1) - 1 + 50
    name_ref = f"=wilayah!$B${FIRST_DATA_ROW}:$B${last_region_row}"

    # --- wilayah ---------------------------------------------------------------------------
    cols: list[TemplateColumn] = [
        TemplateColumn("No.", t("tpl.col.no"), "ignore", t("tpl.accept-no"), width=5),
        TemplateColumn("wilayah", t("tpl.col.name"), "name", t("tpl.accept-name"), t("tpl.src.registry"),
                       required=True, width=30, prompt=t("tpl.accept-name")),
        TemplateColumn("kode", t("tpl.col.code"), "code", t("tpl.accept-code"), t("tpl.src.registry"), width=12,
                       from_registry=True, prompt=t("tpl.accept-code")),
    ]
    for header, _ in CONTEXT:
        kind = "type" if header == "tipe" else "province" if header == "provinsi" else "context"
        accepted = t("tpl.accept-type") if kind == "type" else t("tpl.accept-context")
        cols.append(TemplateColumn(header, t(f"tpl.col.{header}"), kind, accepted, t("tpl.src.registry"),
                                   choices=("Kota", "Kabupaten") if kind == "type" else (),
                                   width=12 if kind != "province" else 20, from_registry=True, min=0 if kind == "context"
                                   else None, prompt=accepted))
    cols.append(TemplateColumn("tahun", t("tpl.col.year"), "year", t("tpl.accept-year", year=year), required=True,
                               min=1945, max=latest, width=8, prompt=t("tpl.accept-year", year=year)))
    used = {c for ind in rubric.indicators for c in ind.columns}
    rubric_cols = [c for cid, c in rubric.columns.items() if cid in used or c.required]
    rubric_cols += [c for cid, c in rubric.columns.items() if c not in rubric_cols]
    cols += [rubric_column(c, rubric, lang) for c in rubric_cols]
    cols.append(TemplateColumn("sumber", t("tpl.col.source-row"), "source", t("tpl.accept-source"), width=30,
                               prompt=t("tpl.accept-source")))
    for c in rubric_cols:
        cols.append(TemplateColumn(f"sumber_{c.id}", t("tpl.col.source-of", label=c.label.get(lang)), "source",
                                   t("tpl.accept-source"), width=24, prompt=t("tpl.accept-source")))
    rows = []
    for i, code in enumerate(codes, start=1):
        row: dict[str, Any] = {"No.": i, "wilayah": registry.title(code), "kode": code, "tahun": year}
        for header, theirs in CONTEXT:
            value = reg.at[code, theirs]
            if header == "tipe":
                value = "Kota" if value == "kota" else "Kabupaten"
            elif header != "provinsi":
                value = float(value)
                value = int(value) if value.is_integer() else value
            row[header] = value
        rows.append(row)
    wilayah = TemplateSheet("wilayah", t("tpl.title.wilayah", rubric=rubric.name.get(lang), version=rubric.version,
                                         year=year), tuple(cols), tuple(rows))

    sheets = [wilayah]
    # --- opini_bpk ---------------------------------------------------------------------------
    if rubric.opinion_scale:
        scale = rubric.scales[rubric.opinion_scale]
        codes_text = ", ".join(f"{g.code} ({g.label.get(lang)})" for g in scale.grades)
        ocols = (
            TemplateColumn("wilayah", t("tpl.col.name"), "name", t("tpl.accept-name-list"), width=30,
                           choices_ref=name_ref, strict=False, prompt=t("tpl.accept-name-list"), required=True),
            TemplateColumn("kode", t("tpl.col.code"), "code", t("tpl.accept-code"), width=9),
            TemplateColumn("tahun", t("tpl.col.lkpd-year"), "year", t("tpl.accept-lkpd-year"), required=True,
                           min=1945, max=latest, width=10, prompt=t("tpl.accept-lkpd-year")),
            TemplateColumn("opini", t("tpl.col.opinion"), "grade", t("tpl.accept-choice", codes=codes_text),
                           t("tpl.src.opinion"), required=True, choices=tuple(scale.codes()), strict=True, width=12,
                           prompt=t("tpl.accept-choice", codes=", ".join(scale.codes()))),
            TemplateColumn("sumber", t("tpl.col.source-row"), "source", t("tpl.accept-source-opinion"), width=40,
                           prompt=t("tpl.accept-source-opinion")),
        )
        orows = [{"wilayah": registry.title(c), "kode": c, "tahun": y}
                 for c in codes for y in range(year - OPINION_YEARS + 1, year + 1)]
        sheets.append(TemplateSheet("opini_bpk", t("tpl.title.opinion", years=OPINION_YEARS), ocols, tuple(orows),
                                    blank_rows=100))
    # --- penghargaan ----------------------------------------------------------------------------
    if rubric.award_categories:
        cats = tuple(c.code for c in rubric.award_categories)
        cats_text = ", ".join(f"{c.code} ({c.label.get(lang)})" for c in rubric.award_categories)
        acols = (
            TemplateColumn("wilayah", t("tpl.col.name"), "name", t("tpl.accept-name-list"), width=30,
                           choices_ref=name_ref, strict=False, prompt=t("tpl.accept-name-list"), required=True),
            TemplateColumn("kode", t("tpl.col.code"), "code", t("tpl.accept-code"), width=9),
            TemplateColumn("tahun", t("tpl.col.award-year"), "year", t("tpl.accept-year-plain"), required=True,
                           min=1945, max=latest, width=8, prompt=t("tpl.accept-year-plain")),
            TemplateColumn("penghargaan", t("tpl.col.award-title"), "text", t("tpl.accept-text"), width=36),
            TemplateColumn("kategori", t("tpl.col.award-category"), "grade", t("tpl.accept-choice", codes=cats_text),
                           t("tpl.src.award"), required=True, choices=cats, strict=True, width=14,
                           prompt=t("tpl.accept-choice", codes=", ".join(cats))),
            TemplateColumn("tingkat", t("tpl.col.award-level"), "choice", t("tpl.accept-level"),
                           choices=tuple(t("tpl.levels").split("|")), strict=False, width=14),
            TemplateColumn("jumlah", t("tpl.col.award-count"), "integer", t("tpl.accept-count"), min=1, width=9,
                           prompt=t("tpl.accept-count")),
            TemplateColumn("pemberi", t("tpl.col.award-giver"), "text", t("tpl.accept-text"), width=24),
            TemplateColumn("sumber", t("tpl.col.source-row"), "source", t("tpl.accept-source"), width=40,
                           prompt=t("tpl.accept-source")),
        )
        window = rubric.award_window
        sheets.append(TemplateSheet("penghargaan", t("tpl.title.awards", window=window), acols, (),
                                    blank_rows=300))

    instructions = tuple(
        t(f"tpl.howto.{i}", workbook=workbook_file, rubric_file=rubric_file, year=year, years=OPINION_YEARS)
        for i in range(1, 10)
    )
    return TemplateSpec(
        rubric_id=rubric.id, rubric_version=rubric.version, lang=lang, year=year, sheets=tuple(sheets),
        instructions=instructions, petunjuk_title=t("tpl.title.petunjuk", rubric=rubric.name.get(lang),
                                                    version=rubric.version),
        petunjuk_header=tuple(t(f"tpl.petunjuk.col.{k}") for k in ("sheet", "header", "label", "accepted",
                                                                    "source", "required")),
        rubric_file=rubric_file, workbook_file=workbook_file, regions=tuple(codes),
    )
