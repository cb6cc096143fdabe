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
