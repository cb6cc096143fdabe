"""Corpus cases for issue 18, class 4 (small files that would eat the machine): the parts besides
the sheets (styles, shared strings) and a valid workbook of 16,384 columns whose notes must stay
short. Imported at the end of build_corpus.py, so they run through the same checks as every other
case; the bombs also run in ``test_huge_inputs_stay_in_bounded_memory`` (whole process < 400 MB)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from corpus.build_corpus import case, clean_sheets, rubric
from wbtools import tiny_workbook, write_workbook


def _with_part(d: Path, name: str, part: str, head: bytes, item: bytes, n: int, tail: bytes,
               replace: bytes | None = None) -> Path:
    """The tiny workbook with ``part`` written as ``head + item * n + tail`` (streamed into the zip,
    never held whole); ``replace``: insert at this marker of the existing part instead."""
    src = tiny_workbook(d / "src.xlsx")
    out = d / name
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename != part:
                zout.writestr(info.filename, data)
                continue
            if replace is not None:
                i = data.index(replace) + len(replace)
                head, tail = data[:i], data[i:]
        with zout.open(part, "w", force_zip64=True) as fh:
            fh.write(head)
            block = item * 10_000
            for _ in range(n // 10_000):
                fh.write(block)
            fh.write(item * (n % 10_000))
            fh.write(tail)
    src.unlink()
    return out


@case("class4-styles-212mb", "limits", "a 0.7 MB .xlsx whose styles part is 212 MB (2.8 million copied cell formats)",
      where=(("limit-styles", None, None, None),), hint=("SCORECARD_MAX_PART_MB", "SCORECARD_MAX_PART_MB"),
      refused_before_read=True)
def _(d):
    xf = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    wb = _with_part(d, "gaya.xlsx", "xl/styles.xml", b"", xf, 212_000_000 // len(xf), b"", replace=b"<cellXfs")
    return {"workbook": wb, "rubric": rubric(d)}


@case("class4-shared-strings-10m", "limits",
      "a 0.2 MB .xlsx whose shared-strings part lists 10 million empty texts (50 MB, 240 MB in the reader)",
      where=(("limit-shared-strings-count", None, None, None),), hint=("SCORECARD_MAX_CELLS", "SCORECARD_MAX_CELLS"),
      refused_before_read=True)
def _(d):
    head = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            b'2006/main" count="10000000" uniqueCount="10000000">')
    wb = _with_part(d, "teks.xlsx", "xl/sharedStrings.xml", head, b"<si/>", 10_000_000, b"</sst>")
    return {"workbook": wb, "rubric": rubric(d)}


@case("class4-16384-columns", "odd-valid",
      "a valid workbook 16,384 columns wide (16,378 columns the rubric does not use): notes summarised, "
      "'… and 16,375 more columns like this'", same_as_clean=True, exit=0)
def _(d):
    sheets = clean_sheets()
    header, *rows = sheets["wilayah"]
    extra = 16_384 - len(header)
    sheets["wilayah"] = [header + [f"kolom_lain_{j}" for j in range(extra)],
                         *(r + [j % 10 for j in range(extra)] for r in rows)]
    return {"workbook": write_workbook(d / "lebar.xlsx", sheets), "rubric": rubric(d)}
