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


# --- class 4: small files that would eat the machine --------------------------------------------
def _ods(path: Path, body: str) -> Path:
    import zipfile

    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet>' + body + '</office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest)
        z.writestr("content.xml", content)
    return path


_NAME = '<table:table-cell office:value-type="string"><text:p>Kota Madiun</text:p></table:table-cell>'


@case("ods-repeated-cells", "limits", "a 1 KB .ods: one row repeated 30,000 times x 1,000 repeated cells (30 million)",
      where=(("limit-cells", "wilayah", None, None),), hint=("SCORECARD_MAX_CELLS", "SCORECARD_MAX_CELLS"),
      refused_before_read=True)
def _(d):
    body = ('<table:table table:name="wilayah"><table:table-row table:number-rows-repeated="30000">' + _NAME +
            '<table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1">'
            '<text:p>1</text:p></table:table-cell></table:table-row></table:table>')
    return {"workbook": _ods(d / "bom.ods", body), "rubric": rubric(d)}


@case("ods-repeated-rows", "limits", "an .ods with one value row repeated 1,000,000 times",
      where=(("limit-rows", "wilayah", None, None),), hint=("SCORECARD_MAX_ROWS", "SCORECARD_MAX_ROWS"),
      refused_before_read=True)
def _(d):
    body = ('<table:table table:name="wilayah"><table:table-row table:number-rows-repeated="1000000">' + _NAME +
            '</table:table-row></table:table>')
    return {"workbook": _ods(d / "baris.ods", body), "rubric": rubric(d)}


@case("ods-far-apart-cells", "limits", "an .ods sheet with A1 and a cell 16,000 columns x 1,000 rows away",
      where=(("limit-area", "catatan", None, None),), hint=("Ctrl+End", "Ctrl+End"), refused_before_read=True)
def _(d):
    far = ('<table:table-row table:number-rows-repeated="999"><table:table-cell/></table:table-row>'
           '<table:table-row><table:table-cell table:number-columns-repeated="16000"/>' + _NAME + '</table:table-row>')
    body = ('<table:table table:name="catatan"><table:table-row>' + _NAME + '</table:table-row>' + far +
            '</table:table>')
    return {"workbook": _ods(d / "jauh.ods", body), "rubric": rubric(d)}


def _far_xlsx(d: Path, keep_dimension: bool) -> dict[str, Path]:
    import re
    import zipfile

    import openpyxl

    from corpus.build_corpus import clean_sheets
    from wbtools import write_workbook

    p = write_workbook(d / "src.xlsx", {**clean_sheets(), "catatan": [["catatan"]]})
    book = openpyxl.load_workbook(p)
    book["catatan"]["ALL99999"] = "akhir"
    book.save(p)
    out = d / "jauh.xlsx"
    with zipfile.ZipFile(p) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if not keep_dimension and info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension[^>]*/>", b"", data)
            zout.writestr(info, data)
    p.unlink()
    return {"workbook": out, "rubric": rubric(d)}


case("xlsx-far-apart-declared", "limits", "a 7 KB .xlsx: A1 and ALL99999 on an ignored sheet (declared A1:ALL99999)",
     where=(("limit-area", "catatan", None, None),), hint=("Ctrl+End", "Ctrl+End"),
     refused_before_read=True)(lambda d: _far_xlsx(d, True))
case("xlsx-far-apart-undeclared", "limits", "the same without a <dimension> element: the cells themselves counted",
     where=(("limit-area", "catatan", None, None),), hint=("Ctrl+End", "Ctrl+End"),
     refused_before_read=True)(lambda d: _far_xlsx(d, False))


@case("csv-row-repeated", "csv", "one bad row pasted 5,000 times: the answer stays short ('… and 4,997 more like this')",
      where=(("not-a-number", "wilayah", 3, "D"), ("duplicate-region", "wilayah", 4, "A")),
      hint=("4.997", "4,997"))
def _(d):
    text = CSV_CLEAN.split("\n")[0] + "\nKota Madiun,35.77,82,300,1000,5\n" + "Kota Malang,35.73,BB,banyak,2000,4\n" * 5000
    (d / "ulang.csv").write_text(text, encoding="utf-8")
    return {"workbook": d / "ulang.csv", "rubric": rubric(d, CSV_RUBRIC)}


def _zero(d: Path, which: str) -> dict[str, Path]:
    import os

    if which == "workbook":
        wb = d / "data.xlsx"
        os.symlink("/dev/zero", wb)
        return {"workbook": wb, "rubric": rubric(d)}
    rub = d / "rubrik.yaml"
    os.symlink("/dev/zero", rub)
    return {"workbook": tiny_workbook(d / "data.xlsx"), "rubric": rub}


case("workbook-is-dev-zero", "file", "the workbook is a symbolic link to /dev/zero: refused, never read",
     where=(("file-not-regular", None, None, None),), hint=("file biasa", "regular file"))(lambda d: _zero(d, "workbook"))
CASES.append(Case("rubric-is-dev-zero", "rubric", "the rubric is a symbolic link to /dev/zero: refused, never read",
                  lambda d: _zero(d, "rubric"), where=(("file-not-regular", None, None),),
                  hint=("file biasa", "regular file"), culprit="rubric"))
