"""Corpus cases from the second attack (issue 18): rubrics that parse but mean nonsense (class 3),
user text echoed to the terminal (class 5). Imported at the end of build_corpus.py, so they run
through the same checks as every other case (both languages, validate JSON, inputs untouched)."""

from __future__ import annotations

from pathlib import Path

from corpus.build_corpus import CASES, CSV_CLEAN, CSV_RUBRIC, Case, case, rcase, rubric
from wbtools import TINY_RUBRIC, tiny_workbook

AA = "{code: AA, label: Sangat Memuaskan, min: 90, max: 100, value: 95}"
A = "{code: A, label: Memuaskan, min: 80, max: 90, value: 85}"
PAD = "pad: {label: PAD, type: number, min: 0}"
MISKIN = "miskin: {label: Penduduk miskin, type: percent, min: 0, max: 100}"
SAKIP_SCALE = "    name: SAKIP\n    kind: bands\n"
STREAK = "kind: streak, weight: 1}"
ORDER_HINT = ("harus", "must")

# --- class 3: numbers, bands, aliases, references -------------------------------------------------
rcase("alias-is-another-grade", "grade AA aliased 'BB' (another grade's code): 'BB' would score as AA",
      TINY_RUBRIC.replace(AA, AA[:-1] + ", aliases: [BB]}"),
      where=(("alias-names-other-grade", "scales.sakip.grades[0].aliases", 11),), hint=("Hapus alias", "Remove the alias"))
rcase("alias-shared-by-two-grades", "grades AA and A both aliased 'Istimewa'",
      TINY_RUBRIC.replace(AA, AA[:-1] + ", aliases: [Istimewa]}").replace(A, A[:-1] + ", aliases: [istimewa]}"),
      where=(("alias-names-other-grade", "scales.sakip.grades[1].aliases", 12),), hint=("Hapus alias", "Remove the alias"))
rcase("alias-is-another-label", "opinion WTP aliased 'Wajar Dengan Pengecualian' (WDP's label)",
      TINY_RUBRIC.replace("aliases: [WTP-DPP]", "aliases: [WTP-DPP, Wajar Dengan Pengecualian]"),
      where=(("alias-names-other-grade", "scales.opini.grades[0].aliases", None),),
      hint=("Hapus alias", "Remove the alias"))
rcase("streak-opinion-not-in-scale", "streak counts opinion 'WTPP', not in the opinion scale: every streak 0",
      TINY_RUBRIC.replace(STREAK, "kind: streak, opinion: WTPP, weight: 1}"),
      where=(("streak-opinion-not-in-scale", "dimensions[0].indicators[1].opinion", None),),
      hint=("WTP, WDP, TW, TMP", "WTP, WDP, TW, TMP"))
rcase("column-range-infinite", "column pad with min -.inf and max .inf",
      TINY_RUBRIC.replace(PAD, "pad: {label: PAD, type: number, min: -.inf, max: .inf}"),
      where=(("wrong-type", "columns.pad.min", None), ("wrong-type", "columns.pad.max", None)),
      hint=("diharapkan", "expected"))
rcase("column-min-nan", "column miskin with min .nan",
      TINY_RUBRIC.replace(MISKIN, "miskin: {label: Penduduk miskin, type: percent, min: .nan, max: 100}"),
      where=(("wrong-type", "columns.miskin.min", None),), hint=("diharapkan", "expected"))
rcase("column-range-reversed", "column miskin with min 100 and max 0",
      TINY_RUBRIC.replace(MISKIN, "miskin: {label: Penduduk miskin, type: percent, min: 100, max: 0}"),
      where=(("min-max-order", "columns.miskin.max", None),), hint=ORDER_HINT)
rcase("scale-range-infinite", "scale sakip with range [-.inf, .inf]",
      TINY_RUBRIC.replace(SAKIP_SCALE, SAKIP_SCALE + "    range: [-.inf, .inf]\n"),
      where=(("range-not-finite", "scales.sakip.range", None),), hint=("[0, 100]", "[0, 100]"))
rcase("scale-range-nan", "scale sakip with range [.nan, 100]",
      TINY_RUBRIC.replace(SAKIP_SCALE, SAKIP_SCALE + "    range: [.nan, 100]\n"),
      where=(("range-not-finite", "scales.sakip.range", None),), hint=("[0, 100]", "[0, 100]"))
rcase("scale-range-reversed", "scale sakip with range [100, 0]",
      TINY_RUBRIC.replace(SAKIP_SCALE, SAKIP_SCALE + "    range: [100, 0]\n"),
      where=(("range-order", "scales.sakip.range", None),), hint=("[bawah, atas]", "[low, high]"))
rcase("band-inverted", "band AA written 100..90 (min above max)",
      TINY_RUBRIC.replace(AA, "{code: AA, label: Sangat Memuaskan, min: 100, max: 90, value: 95}"),
      where=(("bands-gap", "scales.sakip.grades[1].max", None),), hint=("bertumpuk", "overlap"))
rcase("bands-overlap", "band A 80..100 overlaps AA 90..100",
      TINY_RUBRIC.replace(A, "{code: A, label: Memuaskan, min: 80, max: 100, value: 85}"),
      where=(("bands-gap", "scales.sakip.grades[1].max", None),), hint=("bertumpuk", "overlap"))
rcase("weight-infinite", "indicator weight .inf",
      TINY_RUBRIC.replace("weight: 3}", "weight: .inf}"),
      where=(("wrong-type", "dimensions[0].indicators[0].weight", None),), hint=("diharapkan", "expected"))
rcase("grade-value-nan", "grade value .nan",
      TINY_RUBRIC.replace("value: 95}", "value: .nan}"),
      where=(("wrong-type", "scales.sakip.grades[0].value", None),), hint=("diharapkan", "expected"))
rcase("yaml-merge-then-duplicate", "a merge key (<<: *band) is fine, but 'max' then written twice",
      TINY_RUBRIC.replace("      - {code: AA, label: AA, min: 90, max: 100}\n      - {code: A, label: A, min: 80, max: 90}",
                          "      - &band {code: AA, label: AA, min: 90, max: 100}\n"
                          "      - {<<: *band, code: A, label: A, min: 80, max: 90, max: 91}"),
      where=(("yaml-duplicate-key", "scales.predikat.grades[1].max", None),), hint=("dua kali", "twice"))


def _merge_rubric(d: Path) -> dict[str, Path]:
    text = TINY_RUBRIC.replace(
        "      - {code: AA, label: AA, min: 90, max: 100}\n      - {code: A, label: A, min: 80, max: 90}",
        "      - &band {code: AA, label: AA, min: 90, max: 100}\n      - {<<: *band, code: A, label: A, min: 80, max: 90}")
    return {"workbook": tiny_workbook(d / "data.xlsx"), "rubric": rubric(d, text)}


CASES.append(Case("yaml-merge-key", "odd-valid",
                  "valid YAML merge key (<<: *band, then code/label/min/max overridden): accepted", _merge_rubric,
                  exit=0, same_as_clean=True))


# --- class 5: what users type comes back escaped ----------------------------------------------
@case("csv-terminal-escape-in-name", "csv", "region name with a terminal escape (ESC ]0;… BEL): echoed escaped",
      where=(("region-not-found", "wilayah", 3, "A"),), hint=("\\x1b", "\\x1b"))
def _(d):
    (d / "data.csv").write_text(CSV_CLEAN.replace("Kota Malang,35.73", "Kota \x1b]0;dibobol\x07Malang,"),
                                encoding="utf-8")
    return {"workbook": d / "data.csv", "rubric": rubric(d, CSV_RUBRIC)}


@case("csv-terminal-escape-in-header", "csv", "a header cell with ESC [2J (clear screen) and a bidi override",
      where=(("missing-column", "wilayah", None, None),), hint=("\\x1b", "\\x1b"))
def _(d):
    text = CSV_CLEAN.replace(",miskin\n", ",miskin\u202e\x1b[2J\n", 1).replace("Kota Malang,35.73,BB,900", "Kota Malang,35.73,BB,n/a")
    text = text.replace("Wilayah,Kode,nilai_sakip,pad,", "Wilayah,Kode,nilai_sakip,pad\x1b[2J,", 1)
    (d / "data.csv").write_text(text, encoding="utf-8")
    return {"workbook": d / "data.csv", "rubric": rubric(d, CSV_RUBRIC)}
