"""Corpus cases of issue 18, part 3 (hardening engineer): rubrics and workbooks where nothing (or
not everything) can be scored (class 3: "exits 0 with a table of '–': say why"), numbers that
vanish (class 2 variants), user text echoed (class 5) and messages that must name the right thing
(class 6). Imported at the end of build_corpus.py: they run through the same checks as every case
(both languages, located message, advice, inputs untouched, validate JSON for refusals)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from corpus.build_corpus import (CLEAN_AWARDS, CLEAN_OPINIONS, CLEAN_REGIONS, CSV_RUBRIC, CASES, Case, case,
                                 clean_sheets, raw_xlsx, rcase, rubric, wb)
from wbtools import TINY_RUBRIC

OPINION_HEADER = ["Wilayah", "Tahun", "Opini"]
AWARD_HEADER = ["Wilayah", "Tahun", "Penghargaan", "Kategori", "Jumlah"]


def _regions(fn: Any) -> list[list[Any]]:
    return [fn(list(r)) for r in CLEAN_REGIONS]


def _blank_indicators(r: list[Any]) -> list[Any]:
    return [r[0], r[1], None, None, None, None]


def _csv(d: Path, text: str, name: str = "data.csv", rub: str = CSV_RUBRIC) -> dict[str, Path]:
    (d / name).write_text(text, encoding="utf-8")
    return {"workbook": d / name, "rubric": rubric(d, rub)}


NOTHING = ("tidak ada yang dapat dinilai", "nothing can be scored")

# --- class 3: nothing can be scored -> error (exit 1), located ---------------------------------


@case("class3-nothing-to-score", "nothing",
      "every indicator column blank, opinion and award sheets with headers only: nothing to score",
      where=(("nothing-to-score", "wilayah", None, None),), hint=NOTHING, validate_warns=True,
      stderr_has=("dimensions[0].indicators[0]", "nilai_sakip", "dimensions[1].indicators[1]"))
def _(d):
    return wb(d, clean_sheets(regions=_regions(_blank_indicators), opinions=[], awards=[]))


@case("class3-nothing-to-score-csv", "nothing", "a CSV whose indicator columns are all blank",
      where=(("nothing-to-score", "wilayah", None, None),), hint=NOTHING, validate_warns=True, stderr_has=("'pad'", "'miskin'"))
def _(d):
    return _csv(d, "Wilayah,Kode,nilai_sakip,pad,pendapatan,miskin\n"
                   "Kota Madiun,35.77,,,,\nKota Malang,35.73,,,,\nKabupaten Bangka,19.01,,,,\n")


@case("class3-year-without-data", "nothing", "--year 2022: the 2022 rows are there but every figure is blank",
      where=(("nothing-to-score-year", "wilayah", None, None),), hint=("--year", "--year"), validate_warns=True,
      args=("--year", "2022"), validate_args=("--year", "2022"), stderr_has=("2022",))
def _(d):
    return _csv(d, "Wilayah,Kode,Tahun,nilai_sakip,pad,pendapatan,miskin\n"
                   "Kota Madiun,35.77,2022,,,,\nKota Malang,35.73,2022,,,,\nKabupaten Bangka,19.01,2022,,,,\n"
                   "Kota Madiun,35.77,2023,82,300,1000,5\nKota Malang,35.73,2023,BB,900,2000,4\n"
                   "Kabupaten Bangka,19.01,2023,60.5,150,1500,6\n")


_KINDS_ONLY = TINY_RUBRIC.split("dimensions:")[0] + """dimensions:
  - id: tata_kelola
    name: Tata kelola
    weight: 1
    indicators:
      - {id: wtp, name: WTP berturut-turut, kind: streak, weight: 1}
      - {id: award_gov, name: Penghargaan, kind: awards, awards: {category: governance}, weight: 1}
"""


@case("class3-kinds-without-data", "nothing",
      "rubric of opinion streaks and awards only; those sheets hold headers only", culprit="workbook",
      where=(("nothing-to-score", "wilayah", None, None),), hint=NOTHING, validate_warns=True,
      stderr_has=("dimensions[0].indicators[0]", "dimensions[0].indicators[1]"))
def _(d):
    return wb(d, clean_sheets(opinions=[], awards=[]), text=_KINDS_ONLY)


@case("class3-year-option-without-year-column", "nothing",
      "--year 2010 on a workbook without a year column (said 'years present: -')",
      where=(("year-option-no-year-column", "wilayah", None, None),), hint=("Hapus --year", "Leave out --year"),
      args=("--year", "2010"), validate_args=("--year", "2010"), stderr_has=("2010",))
def _(d):
    return wb(d, clean_sheets())


rcase("class3-all-weights-zero", "every indicator weight 0: nothing would carry weight",
      TINY_RUBRIC.replace("weight: 3}", "weight: 0}").replace(", weight: 1}", ", weight: 0}"),
      where=(("non-positive-weight", "dimensions[0].indicators[0].weight", None),
             ("non-positive-weight", "dimensions[1].indicators[1].weight", None)), hint=("harus lebih besar dari 0", "must be greater than 0"))


rcase("class3-undeclared-award-category", "an awards indicator counts category 'lingkungan', not declared",
      TINY_RUBRIC.replace("awards: {category: governance}", "awards: {category: lingkungan}"),
      where=(("undeclared-award-category", "dimensions[0].indicators[2].awards.category", 54),),
      hint=("governance", "governance"))
rcase("class3-grade-column-undeclared", "a grade indicator reads column 'nilai_sakipp' (typo): one error, no cascade",
      TINY_RUBRIC.replace("column: nilai_sakip, weight: 3}", "column: nilai_sakipp, weight: 3}"),
      where=(("undeclared-column", "dimensions[0].indicators[0].column", 52),), hint=("nilai_sakip", "nilai_sakip"),
      stderr_has=("'nilai_sakipp'",))


# --- class 3: part of the rubric, or every rank, without a score -> a located warning, exit 0 ------------


@case("class3-indicator-column-empty", "nothing", "column miskin blank in every row: the indicator is said, not dropped",
      exit=0, hint=("hapus indikator itu", "remove the indicator"),
      stderr_has=("dimensions[1].indicators[1]", "'miskin'"))
def _(d):
    return wb(d, clean_sheets(regions=_regions(lambda r: r[:5] + [None])))


@case("class3-dimension-without-data", "nothing", "both Ekonomi columns blank: the dimension column of '–' is explained",
      exit=0, hint=("dimensi lain saja", "other dimensions only"), stderr_has=("dimensions[1]", "'pad'", "'miskin'"))
def _(d):
    return wb(d, clean_sheets(regions=_regions(lambda r: r[:3] + [None, None, None])))


@case("class3-ratio-denominator-all-zero", "nothing", "pendapatan 0 everywhere: the ratio has no value anywhere",
      exit=0, hint=("bukan 0", "non-zero"), stderr_has=("dimensions[1].indicators[0]", "'pendapatan'"))
def _(d):
    return wb(d, clean_sheets(regions=_regions(lambda r: r[:4] + [0, r[5]])))


@case("class3-opinion-sheet-empty", "nothing", "opinion sheet with its header only: the streak indicator is said",
      exit=0, hint=("opini BPK", "BPK opinion sheet"), stderr_has=("dimensions[0].indicators[1]",))
def _(d):
    return wb(d, clean_sheets(opinions=[]))


@case("class3-every-indicator-equal", "nothing", "every figure the same for every region: no rank, and why",
      exit=0, hint=("tidak ada yang membedakan", "nothing tells the regions apart"))
def _(d):
    regions = _regions(lambda r: r[:2] + [80, 5, 10, 3])
    opinions = [[r[0], 2023, "WTP"] for r in CLEAN_REGIONS]
    awards = [[r[0], 2023, "X", "governance", 1] for r in CLEAN_REGIONS]
    return wb(d, clean_sheets(regions=regions, opinions=opinions, awards=awards))


@case("class3-single-region", "nothing", "a workbook of one region: nothing to compare with, and what to do",
      exit=0, hint=("Tambahkan wilayah pembanding", "Add comparison regions"))
def _(d):
    keep = [o for o in CLEAN_OPINIONS if o[0] == "Kota Madiun"]
    return wb(d, clean_sheets(regions=[list(CLEAN_REGIONS[0])], opinions=keep,
                              awards=[a for a in CLEAN_AWARDS if a[0] == "Kota Madiun"]))


@case("class3-peer-groups-of-one", "nothing", "--peers province with three regions in three provinces: no rank, and why",
      exit=0, hint=("--peers all", "--peers all"), args=("--peers", "province"))
def _(d):
    regions = [list(CLEAN_REGIONS[0]), ["Kota Balikpapan", "64.71", "BB", 900, 2000, 4.0], list(CLEAN_REGIONS[2])]
    opinions = [[("Kota Balikpapan" if o[0] == "Kota Malang" else o[0]), *o[1:]] for o in CLEAN_OPINIONS]
    awards = [[("Kota Balikpapan" if a[0] == "Kota Malang" else a[0]), *a[1:]] for a in CLEAN_AWARDS]
    return wb(d, clean_sheets(regions=regions, opinions=opinions, awards=awards))


@case("class3-below-min-coverage", "nothing", "missing.min_coverage 0.95 and a blank in every region: why no one is rated",
      exit=0, hint=("missing.min_coverage", "missing.min_coverage"))
def _(d):
    regions = [list(r) for r in CLEAN_REGIONS]
    regions[0][5], regions[1][3], regions[2][2] = None, None, None
    text = TINY_RUBRIC.replace("opinions: {scale: opini}", "missing: {min_coverage: 0.95}\nopinions: {scale: opini}")
    return wb(d, clean_sheets(regions=regions), text=text)


# --- class 2 variants: numbers that would overflow or vanish --------------------------------------


@case("class2-400-digit-text", "values", "pad typed as text with 400 digits: not inf, an error naming the cell",
      where=(("number-not-finite", "wilayah", 3, "D"),), hint=("jumlah digitnya", "number of digits"))
def _(d):
    return wb(d, clean_sheets(regions=[list(CLEAN_REGIONS[0]), [*CLEAN_REGIONS[1][:3], "1" * 400, *CLEAN_REGIONS[1][4:]],
                                       list(CLEAN_REGIONS[2])]))


@case("class2-400-digit-number", "values", "pad stored as a 401-digit number in the sheet XML",
      where=(("number-not-finite-stored", "wilayah", 2, "D"),), hint=("308 digit", "308 digits"))
def _(d):
    sheets = clean_sheets()
    sheets["wilayah"][1][3] = 10 ** 400
    return {"workbook": raw_xlsx(d / "besar.xlsx", sheets), "rubric": rubric(d)}


@case("class2-formula-without-value", "values",
      "a formula saved without its value (written by a program that does not calculate): a warning naming the cell",
      exit=0, hint=("simpan ulang", "save it again"), stderr_has=("'wilayah'",))
def _(d):
    sheets = clean_sheets()
    sheets["wilayah"][2][5] = "=E3/100"  # openpyxl writes it as a formula, with no cached value
    return wb(d, sheets)


@case("class2-two-region-sheets", "values", "two sheets both named like the region table: which was used, and why",
      exit=0, hint=("Ganti nama sheet", "Rename the unused sheet"), stderr_has=("'wilayah'", "'data'"))
def _(d):
    sheets = clean_sheets()
    sheets["data"] = [list(r) for r in sheets["wilayah"]]
    sheets["data"][1][3] = 999
    return wb(d, sheets)


# --- class 5: user text echoed safely ----------------------------------------------------------------


@case("class5-bidi-in-xlsx-name", "values", "an .xlsx region name holding a right-to-left override: echoed escaped",
      where=(("region-not-found", "wilayah", 3, "A"),), hint=("\\u202e", "\\u202e"))
def _(d):
    regions = [list(r) for r in CLEAN_REGIONS]
    regions[1][0], regions[1][1] = "Kota \u202enalaM", None
    return wb(d, clean_sheets(regions=regions))


# --- class 6: messages name the right thing --------------------------------------------------------


@case("class6-name-as-code", "structure", "'Kota Atlantis' with Kota Malang's code 35.73: the code shown as the code",
      where=(("code-name-mismatch", "wilayah", 2, "B"),), hint=("Periksa kode atau nama", "Check the code or the name"),
      stderr_has=("'35.73'", "35.73 Kota Malang", "'Kota Atlantis'"))
def _(d):
    regions = [list(r) for r in CLEAN_REGIONS]
    regions[0][0], regions[0][1] = "Kota Atlantis", "35.73"
    regions[1][1] = None
    return wb(d, clean_sheets(regions=regions))


@case("class6-names-in-code-column", "structure", "region names typed in the Kode column: the code column named",
      where=(("code-not-found", "wilayah", 2, "B"), ("code-not-found", "wilayah", 3, "B")),
      hint=("PP.KK", "PP.KK"), stderr_has=("'Kota Samarinda'",))
def _(d):
    regions = [list(r) for r in CLEAN_REGIONS]
    regions[0][0], regions[0][1] = None, "Kota Samarinda"
    regions[1][0], regions[1][1] = None, "Kota Samarinda"
    return wb(d, clean_sheets(regions=regions))


@case("class6-duplicate-names-first-row", "structure", "Kota Madiun twice: the message names the first row, never '-'",
      where=(("duplicate-region", "wilayah", 5, "A"),), hint=("baris 2", "row 2"), stderr_has=("'Kota Madiun'",))
def _(d):
    return wb(d, clean_sheets(regions=[*[list(r) for r in CLEAN_REGIONS], ["Kota Madiun", None, 80, 1, 2, 3]]))


assert all(isinstance(c, Case) for c in CASES)


@case("class3-one-region-with-data", "nothing", "three regions, only one with any figure: no rank, and which data to fill in",
      exit=0, hint=("isi data wilayah lain", "fill in the others' data"))
def _(d):
    regions = [list(CLEAN_REGIONS[0]), *[_blank_indicators(list(r)) for r in CLEAN_REGIONS[1:]]]
    return wb(d, clean_sheets(regions=regions, opinions=[o for o in CLEAN_OPINIONS if o[0] == "Kota Madiun"],
                              awards=[]))
