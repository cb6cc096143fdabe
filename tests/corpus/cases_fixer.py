"""Corpus cases of issue 18 (fixer engineer, QA items 1, 2, 12, 14): numbers beyond the plausibility
rule (class 2) and rubrics that mean nonsense (class 3). Imported at the end of build_corpus.py:
they run through the same checks as every case (both languages, located, advice, inputs
untouched)."""

from __future__ import annotations

from corpus.build_corpus import CLEAN_REGIONS, case, clean_sheets, wb
from wbtools import TINY_RUBRIC

IMPLAUSIBLE = ("Periksa angkanya", "Check the number")


def _pad(value: object) -> list[list[object]]:
    rows = [list(r) for r in CLEAN_REGIONS]
    rows[1][3] = value
    return rows


@case("class2-huge-float-cell", "values", "pad 1.7e308 (finite, but squares overflow): refused by the plausibility rule",
      where=(("number-implausible", "wilayah", 3, "D"),), hint=IMPLAUSIBLE, stderr_has=("1.7e+308",))
def _(d):
    return wb(d, clean_sheets(regions=_pad(1.7e308)))


@case("class2-denormal-cell", "values", "pad 1e-320 (a denormal: a ratio over it is inf): refused, named",
      where=(("number-implausible", "wilayah", 3, "D"),), hint=IMPLAUSIBLE, stderr_has=("1e-320",))
def _(d):
    return wb(d, clean_sheets(regions=_pad(1e-320)))


@case("class2-huge-text-cell", "values", "pad typed as the text '1e200': refused like a stored number",
      where=(("number-implausible", "wilayah", 3, "D"),), hint=IMPLAUSIBLE)
def _(d):
    return wb(d, clean_sheets(regions=_pad("1e200")))


@case("class2-ratio-overflow", "values", "ratio multiplier 1e102: every derived value beyond the rule, cells named",
      where=(("derived-not-usable", None, None, None),), hint=("pengali indikator", "multiplier"),
      stderr_has=("wilayah!D2 (pad)", "wilayah!E2 (pendapatan)"))
def _(d):
    return wb(d, clean_sheets(), text=TINY_RUBRIC.replace("multiplier: 100,", "multiplier: 1.0e+102,"))


# --- class 3: rubric settings that parse but make the scores mean nothing (docs/rubric.md) --------
from corpus.build_corpus import rcase  # noqa: E402

_MISKIN = "{id: miskin, name: Penduduk miskin, kind: percent, column: miskin, direction: lower, weight: 1}"
_RATIO = "multiplier: 100,"
_MISKIN_COL = "miskin: {label: Penduduk miskin, type: percent, min: 0, max: 100}"
assert _MISKIN in TINY_RUBRIC and _RATIO in TINY_RUBRIC and _MISKIN_COL in TINY_RUBRIC


def _target(t: str) -> str:
    return TINY_RUBRIC.replace(_MISKIN, _MISKIN.replace("weight: 1}", f"weight: 1, normalisation: target, target: {t}}}"))


rcase("class3-target-zero", "target normalisation with target 0: every region 100 (or 0), refused",
      _target("0"), where=(("target-not-positive", "dimensions[1].indicators[1].target", None),),
      hint=("mis. 90", "e.g. 90"))
rcase("class3-target-negative", "target normalisation with target -5: every region 0, refused",
      _target("-5"), where=(("target-not-positive", "dimensions[1].indicators[1].target", None),),
      hint=("mis. 90", "e.g. 90"))
rcase("class3-target-outside-column", "target 150 on a percent column with max 100: unreachable, refused",
      _target("150"), where=(("target-outside-column", "dimensions[1].indicators[1].target", None),),
      hint=("di dalam batas", "within those bounds"))
rcase("class3-ratio-multiplier-negative", "ratio multiplier -100: reverses the indicator, refused",
      TINY_RUBRIC.replace(_RATIO, "multiplier: -100,"),
      where=(("multiplier-not-positive", "dimensions[1].indicators[0].multiplier", None),),
      hint=("direction: lower", "direction: lower"))
rcase("class3-percent-max-1000", "a percent column with max 1000, refused (a share is at most 100)",
      TINY_RUBRIC.replace(_MISKIN_COL, _MISKIN_COL.replace("max: 100", "max: 1000")),
      where=(("percent-max-above-100", "columns.miskin.max", None),), hint=("type: number", "type: number"))
rcase("class3-host-min-score-150", "judgement.host.min_score 150 above the 0-100 range: no region could host",
      TINY_RUBRIC + "judgement:\n  host: {min_score: 150}\n",
      where=(("host-min-score-outside-range", "judgement.host.min_score", None),), hint=("mis. 60", "e.g. 60"))
rcase("class3-indicator-name-empty", "an indicator named '' (a blank row in every table), refused",
      TINY_RUBRIC.replace("name: Penduduk miskin, kind", "name: '', kind"),
      where=(("name-empty", "dimensions[1].indicators[1].name", None),), hint=("id dan en", "id and en"))
rcase("class3-same-column-twice", "column miskin read by two indicators (opposite directions cancel), refused",
      TINY_RUBRIC.replace(_MISKIN, _MISKIN + "\n      - {id: miskin2, name: Miskin lagi, kind: percent, column: miskin, "
                          "direction: higher, weight: 1}"),
      where=(("column-used-twice", "dimensions[1].indicators[2].column", None),), hint=("weight", "weight"))


# --- class 4: one cell larger than any spreadsheet writes (QA item 3) ------------------------------
from corpus.build_corpus import raw_xlsx, rubric  # noqa: E402


@case("class4-huge-cell-ignored-sheet", "limits",
      "a 17 MB inline string in one cell of an ignored sheet (small zip): refused while streaming, cell named",
      where=(("limit-cell-size", "keterangan", None, None),), hint=("32.767", "32,767"), refused_before_read=True,
      stderr_has=("A3",))
def _(d):
    sheets: dict = dict(clean_sheets())
    sheets["keterangan"] = [["Catatan"], ["baris biasa"], ["A" * (17 << 20)]]
    return {"workbook": raw_xlsx(d / "catatan_besar.xlsx", sheets), "rubric": rubric(d)}
