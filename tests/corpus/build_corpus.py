"""The bad-input corpus: every file is generated here, at test time, into a temporary folder.

Nothing binary is committed. Each :class:`Case` knows how to write its input files (a workbook,
a CSV, a rubric), what ``scorecard score`` must answer (exit code, issue codes with their place,
a fragment of the "what to do" part of the message in both languages) and one line for the
table in ``docs/reliability.md``.

Large cases (200,000 rows, 1,000,000 formatted empty rows) are written as sheet XML streamed
straight into the zip, which takes a second, not the minutes openpyxl would need.

Run ``python tests/corpus/build_corpus.py OUTDIR`` to write every case to OUTDIR for a look,
or ``python tests/corpus/build_corpus.py --table`` to print the Markdown table of cases.
"""

from __future__ import annotations

import datetime as dt
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:  # tests/ holds wbtools (pytest puts it on the path too)
    sys.path.insert(0, str(HERE.parent))

from wbtools import REGION_HEADER, TINY_RUBRIC, tiny_workbook, write_workbook  # noqa: E402

CLEAN_REGIONS = [
    ["Kota Madiun", "35.77", 82, 300, 1000, 5.0],
    ["Kota Malang", "35.73", "BB", 900, 2000, 4.0],
    ["Kabupaten Bangka", "19.01", 60.5, 150, 1500, 6.0],
]
CLEAN_OPINIONS = [
    ["Kota Madiun", 2021, "WTP"], ["Kota Madiun", 2022, "WTP"], ["Kota Madiun", 2023, "WTP"],
    ["Kota Malang", 2021, "WTP"], ["Kota Malang", 2022, "WDP"], ["Kota Malang", 2023, "WTP"],
    ["Kabupaten Bangka", 2021, "WTP"], ["Kabupaten Bangka", 2022, "WTP"], ["Kabupaten Bangka", 2023, "WDP"],
]
CLEAN_AWARDS = [
    ["Kota Madiun", 2022, "A", "governance", 3], ["Kota Madiun", 2023, "B", "governance", 1],
    ["Kota Malang", 2021, "C", "governance", 5], ["Kota Malang", 2023, "D", "governance", 2],
]
OPINION_HEADER = ["Wilayah", "Tahun", "Opini"]
AWARD_HEADER = ["Wilayah", "Tahun", "Penghargaan", "Kategori", "Jumlah"]
# A rubric for single-sheet CSV input: no WTP streak, no awards.
CSV_RUBRIC = (TINY_RUBRIC
              .replace("      - {id: wtp, name: WTP berturut-turut, kind: streak, weight: 1}\n", "")
              .replace("      - {id: award_gov, name: Penghargaan, kind: awards, awards: {category: governance}, "
                       "weight: 1}\n", ""))
CSV_CLEAN = ("Wilayah,Kode,nilai_sakip,pad,pendapatan,miskin\n"
             "Kota Madiun,35.77,82,300,1000,5\n"
             "Kota Malang,35.73,BB,900,2000,4\n"
             "Kabupaten Bangka,19.01,60.5,150,1500,6\n")


@dataclass(frozen=True)
class Case:
    """One corpus case. ``where`` holds expected issues as ``(code, sheet, row, column_letter)``
    for workbook problems or ``(code, key, line)`` for rubric problems; None means "any"."""

    name: str
    category: str
    outcome: str  # one line for the docs table
    build: Callable[[Path], dict[str, Path]]  # -> {"workbook": …, "rubric": …} (rubric optional)
    exit: int = 1
    where: tuple[tuple[Any, ...], ...] = ()
    hint: tuple[str, str] = ("", "")  # fragment of the advice, (Bahasa Indonesia, English)
    args: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    same_as_clean: bool = False  # odd but valid: score --format json equals the clean file's
    culprit: str = "workbook"  # which input the message must name ("workbook" | "rubric")
    refused_before_read: bool = False  # a limit case: the workbook reader must never be called
    clean: str = "xlsx"  # the clean reference for same_as_clean: "xlsx" (3 sheets) or "csv" (CSV rubric)
    stderr_has: tuple[str, ...] = ()  # language-neutral fragments the answer must hold (a key path, a column)
    validate_args: tuple[str, ...] = ()  # options `validate` needs too (--year)
    validate_warns: bool = False  # `validate` exits 0 and lists ``where`` as warnings (nothing to score: a template)


CASES: list[Case] = []


def case(name: str, category: str, outcome: str, **kw: Any) -> Callable:
    def deco(fn: Callable[[Path], dict[str, Path]]) -> Callable:
        CASES.append(Case(name, category, outcome, fn, **kw))
        return fn
    return deco


# --- helpers ----------------------------------------------------------------------------------
def rubric(d: Path, text: str = TINY_RUBRIC, name: str = "rubrik.yaml") -> Path:
    p = d / name
    p.write_text(text, encoding="utf-8")
    return p


def clean_sheets(regions: list | None = None, opinions: list | None = None, awards: list | None = None,
                 region_header: list | None = None) -> dict[str, list]:
    # fresh copies of every row: a test that edits a cell must not change the module's clean data
    def rows(given: list | None, clean: list) -> list[list]:
        return [list(r) for r in (clean if given is None else given)]

    return {
        "wilayah": [list(region_header or REGION_HEADER), *rows(regions, CLEAN_REGIONS)],
        "opini_bpk": [list(OPINION_HEADER), *rows(opinions, CLEAN_OPINIONS)],
        "penghargaan": [list(AWARD_HEADER), *rows(awards, CLEAN_AWARDS)],
    }


def wb(d: Path, sheets: dict[str, list], name: str = "data.xlsx", text: str = TINY_RUBRIC) -> dict[str, Path]:
    return {"workbook": write_workbook(d / name, sheets), "rubric": rubric(d, text)}


def with_region(i: int, col: int, value: Any) -> list:
    rows = [list(r) for r in CLEAN_REGIONS]
    rows[i][col] = value
    return rows


def clean_inputs(d: Path, kind: str = "xlsx") -> dict[str, Path]:
    """The clean reference: same data as every odd-but-valid case (``kind`` "csv": one CSV sheet
    and the CSV rubric)."""
    if kind == "csv":
        (d / "bersih.csv").write_text(CSV_CLEAN, encoding="utf-8")
        return {"workbook": d / "bersih.csv", "rubric": rubric(d, CSV_RUBRIC)}
    return {"workbook": tiny_workbook(d / "bersih.xlsx"), "rubric": rubric(d)}


# --- raw .xlsx writer (fast; for huge sheets, error cells, formulas with cached values) ----------
_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/xl/workbook.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
       '<Override PartName="/xl/styles.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
       '{sheets}</Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_STYLES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
           '<fills count="2"><fill><patternFill patternType="none"/></fill>'
           '<fill><patternFill patternType="gray125"/></fill></fills>'
           '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
           '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
           '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
           '<xf numFmtId="4" fontId="0" fillId="1" borderId="0" xfId="0" applyFill="1" applyNumberFormat="1"/>'
           '</cellXfs></styleSheet>')


class Err(str):
    """An Excel error value written as a cached formula result (``t="e"``)."""


def _col(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _cell_xml(ref: str, v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, Err):
        return f'<c r="{ref}" t="e"><f>1/0</f><v>{escape(str(v))}</v></c>'
    if isinstance(v, bool):
        return f'<c r="{ref}" t="b"><v>{int(v)}</v></c>'
    if isinstance(v, (int, float)):
        return f'<c r="{ref}"><v>{v!r}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(v))}</t></is></c>'


def _row_xml(r: int, row: list) -> str:
    return f'<row r="{r}">' + "".join(_cell_xml(f"{_col(j)}{r}", v) for j, v in enumerate(row)) + "</row>"


def raw_xlsx(path: Path, sheets: dict[str, Any], formatted_empty_rows: dict[str, tuple[int, int]] | None = None
             ) -> Path:
    """Write ``sheets`` (name -> list of rows, or a callable yielding rows) straight as XML.
    ``formatted_empty_rows[name] = (n_rows, n_cols)`` appends that many styled, empty rows."""
    formatted_empty_rows = formatted_empty_rows or {}
    names = list(sheets)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(len(names)))
    wbxml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
             + "".join(f'<sheet name="{escape(n)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, n in enumerate(names))
             + "</sheets></workbook>")
    wbrels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              + "".join(f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/'
                        f'2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                        for i in range(len(names)))
              + f'<Relationship Id="rId{len(names) + 1}" Type="http://schemas.openxmlformats.org/officeDocument/'
                '2006/relationships/styles" Target="styles.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _CT.format(sheets=overrides))
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", wbxml)
        z.writestr("xl/_rels/workbook.xml.rels", wbrels)
        z.writestr("xl/styles.xml", _STYLES)
        for i, name in enumerate(names):
            rows = sheets[name]() if callable(sheets[name]) else sheets[name]
            with z.open(f"xl/worksheets/sheet{i + 1}.xml", "w") as f:
                f.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                buf: list[str] = []
                r = 0
                for r, row in enumerate(rows, start=1):
                    buf.append(_row_xml(r, list(row)))
                    if len(buf) >= 5000:
                        f.write("".join(buf).encode())
                        buf = []
                n_empty, n_cols = formatted_empty_rows.get(name, (0, 0))
                if n_empty:
                    cells = "".join(f'<c r="{_col(j)}{{r}}" s="1"/>' for j in range(n_cols))
                    tmpl = '<row r="{r}" s="1" customFormat="1">' + cells + "</row>"
                    for rr in range(r + 1, r + 1 + n_empty):
                        buf.append(tmpl.format(r=rr))
                        if len(buf) >= 20000:
                            f.write("".join(buf).encode())
                            buf = []
                f.write("".join(buf).encode())
                f.write(b"</sheetData></worksheet>")
    return path


# ================================================================================================
# 1. Files that are not a readable workbook
# ================================================================================================
@case("zero-byte-xlsx", "file", "0-byte .xlsx: refused, 'file kosong'",
      where=(("workbook-empty-file", None, None, None),), hint=("simpan ulang", "save the file again"))
def _(d):
    (d / "kosong.xlsx").write_bytes(b"")
    return {"workbook": d / "kosong.xlsx", "rubric": rubric(d)}


@case("zero-byte-csv", "csv", "0-byte .csv: refused, 'file kosong'",
      where=(("workbook-empty-file", None, None, None),), hint=("simpan ulang", "save the file again"))
def _(d):
    (d / "kosong.csv").write_bytes(b"")
    return {"workbook": d / "kosong.csv", "rubric": rubric(d, CSV_RUBRIC)}


@case("pdf-renamed-xlsx", "file", "a PDF renamed .xlsx: not a zip container",
      where=(("workbook-unreadable", None, None, None),), hint=("simpan ulang", "save it again"))
def _(d):
    (d / "laporan.xlsx").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    return {"workbook": d / "laporan.xlsx", "rubric": rubric(d)}


@case("csv-renamed-xlsx", "file", "a CSV renamed .xlsx: not a zip container",
      where=(("workbook-unreadable", None, None, None),), hint=("simpan ulang", "save it again"))
def _(d):
    (d / "data.xlsx").write_text(CSV_CLEAN, encoding="utf-8")
    return {"workbook": d / "data.xlsx", "rubric": rubric(d)}


@case("truncated-zip", "file", "an .xlsx cut in half (download interrupted)",
      where=(("workbook-unreadable", None, None, None),), hint=("simpan ulang", "save it again"))
def _(d):
    full = tiny_workbook(d / "full.xlsx").read_bytes()
    (d / "terpotong.xlsx").write_bytes(full[: len(full) // 2])
    (d / "full.xlsx").unlink()
    return {"workbook": d / "terpotong.xlsx", "rubric": rubric(d)}


@case("corrupt-zip-member", "file", "a zip whose sheet XML is garbage",
      where=(("workbook-unreadable", None, None, None),), hint=("simpan ulang", "save it again"))
def _(d):
    src = tiny_workbook(d / "src.xlsx")
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(d / "rusak.xlsx", "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = b"<worksheet><sheetData><row r='1'><c r='A1' t='s'><v>999999</v></c></row>" + b"\x00\xff" * 40
            zout.writestr(info, data)
    src.unlink()
    return {"workbook": d / "rusak.xlsx", "rubric": rubric(d)}


@case("zip-not-a-workbook", "file", "a zip of photos renamed .xlsx",
      where=(("workbook-unreadable", None, None, None),), hint=("simpan ulang", "save it again"))
def _(d):
    with zipfile.ZipFile(d / "foto.xlsx", "w") as z:
        z.writestr("foto/IMG_0001.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    return {"workbook": d / "foto.xlsx", "rubric": rubric(d)}


@case("encrypted-xlsx", "file", "a password-protected workbook (OLE container): refused",
      where=(("workbook-encrypted", None, None, None),), hint=("tanpa kata sandi", "without a password"))
def _(d):
    (d / "rahasia.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4088)
    return {"workbook": d / "rahasia.xlsx", "rubric": rubric(d)}


@case("corrupt-xls", "file", "an .xls that is not really BIFF",
      where=(("workbook-unreadable", None, None, None),), hint=("simpan ulang", "save it again"))
def _(d):
    (d / "lama.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x17" * 2040)
    return {"workbook": d / "lama.xls", "rubric": rubric(d)}


@case("unsupported-suffix", "file", "a .docx given as workbook",
      where=(("workbook-format", None, None, None),), hint=(".xlsx", ".xlsx"))
def _(d):
    (d / "notulen.docx").write_bytes(b"PK\x03\x04")
    return {"workbook": d / "notulen.docx", "rubric": rubric(d)}


@case("workbook-not-found", "file", "a workbook path that does not exist",
      where=(("file-not-found", None, None, None),), hint=("Periksa nama", "Check the name"))
def _(d):
    return {"workbook": d / "tidak_ada.xlsx", "rubric": rubric(d)}


@case("folder-without-csv", "csv", "a folder given as workbook, holding no .csv",
      where=(("workbook-folder-without-csv", None, None, None),), hint=(".csv", ".csv"))
def _(d):
    (d / "folder_data").mkdir()
    (d / "folder_data" / "catatan.txt").write_text("x", encoding="utf-8")
    return {"workbook": d / "folder_data", "rubric": rubric(d)}


# ================================================================================================
# 2. Workbook structure
# ================================================================================================
@case("missing-region-sheet", "structure", "no sheet named wilayah (two unnamed sheets)",
      where=(("missing-sheet", None, None, None),), hint=("Ganti nama", "Rename"))
def _(d):
    s = clean_sheets()
    return wb(d, {"Sheet1": s["wilayah"], "Sheet2": s["opini_bpk"]})


@case("missing-opinion-sheet", "structure", "rubric needs BPK opinions, sheet opini_bpk absent",
      where=(("missing-sheet", None, None, None),), hint=("Ganti nama", "Rename"))
def _(d):
    s = clean_sheets()
    return wb(d, {"wilayah": s["wilayah"], "penghargaan": s["penghargaan"]})


@case("region-sheet-hidden", "structure", "the only region sheet is hidden (Excel: Hide sheet)",
      where=(("sheet-hidden", "wilayah", None, None),), hint=("Unhide", "Unhide"))
def _(d):
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in clean_sheets().items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book["wilayah"].sheet_state = "hidden"
    book.save(d / "tersembunyi.xlsx")
    return {"workbook": d / "tersembunyi.xlsx", "rubric": rubric(d)}


@case("header-not-found", "structure", "region sheet without a region-name header in the first 30 rows",
      where=(("header-not-found", "wilayah", None, None),), hint=("Wilayah", "Wilayah"))
def _(d):
    s = clean_sheets()
    s["wilayah"] = [["Daerah X", "Kode", "pad"], *[[1, 2, 3]] * 3]
    s["wilayah"][0][0] = "Nm"
    return wb(d, s)


@case("merged-header", "odd-valid", "two-row header: group titles merged over C1:D1, rubric columns on row 2",
      exit=0, same_as_clean=True)
def _(d):
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = "wilayah"
    ws.append(["Wilayah", "Kode", "Keuangan", None, "Kinerja", "Sosial"])
    ws.append([None, None, "pad", "pendapatan", "nilai_sakip", "miskin"])
    for r in CLEAN_REGIONS:
        ws.append([r[0], r[1], r[3], r[4], r[2], r[5]])
    ws.merge_cells("A1:A2")
    ws.merge_cells("B1:B2")
    ws.merge_cells("C1:D1")
    for name, rows in list(clean_sheets().items())[1:]:
        w2 = book.create_sheet(name)
        for row in rows:
            w2.append(row)
    book.save(d / "gabung.xlsx")
    return {"workbook": d / "gabung.xlsx", "rubric": rubric(d)}


@case("duplicate-column", "structure", "column pad appears twice (D and G)",
      where=(("duplicate-column", "wilayah", 1, "G"),), hint=("pertama di kolom D", "first in column D"))
def _(d):
    s = clean_sheets(region_header=REGION_HEADER + ["PAD"], regions=[r + [1] for r in CLEAN_REGIONS])
    return wb(d, s)


@case("missing-column", "structure", "rubric column pendapatan missing from the workbook",
      where=(("missing-column", "wilayah", None, None),), hint=("Tambahkan kolom", "Add it"))
def _(d):
    hdr = [h for h in REGION_HEADER if h != "pendapatan"]
    rows = [[v for h, v in zip(REGION_HEADER, r) if h != "pendapatan"] for r in CLEAN_REGIONS]
    return wb(d, clean_sheets(regions=rows, region_header=hdr))


@case("rubric-column-not-in-workbook", "rubric", "rubric declares and uses a column (belanja) the workbook lacks",
      where=(("missing-column", "wilayah", None, None),), hint=("Tambahkan kolom", "Add it"))
def _(d):
    text = TINY_RUBRIC.replace("  miskin: {label: Penduduk miskin", "  belanja: {label: Belanja, type: number}\n"
                                                                     "  miskin: {label: Penduduk miskin")
    text = text.replace("numerator: pad,", "numerator: belanja,")
    return wb(d, clean_sheets(), text=text)


@case("duplicate-region", "structure", "Kota Malang listed twice",
      where=(("duplicate-region", "wilayah", 5, "A"),), hint=("Satu wilayah satu baris", "One row per region"))
def _(d):
    return wb(d, clean_sheets(regions=CLEAN_REGIONS + [CLEAN_REGIONS[1]]))


@case("duplicate-region-spelling", "structure", "Kota Madiun twice: 'Kota Madiun' and 'KOTA  MADIUN' + code",
      where=(("duplicate-region", "wilayah", 5, "A"),), hint=("ejaan lain", "spelled differently"))
def _(d):
    return wb(d, clean_sheets(regions=CLEAN_REGIONS + [["KOTA  MADIUN", "35.77", 80, 1, 2, 3]]))


@case("unknown-region", "structure", "a region that is not one of the 514 kab/kota",
      where=(("region-not-found", "wilayah", 3, "A"),), hint=("Periksa ejaan", "Check the spelling"))
def _(d):
    return wb(d, clean_sheets(regions=[CLEAN_REGIONS[0], ["Kota Atlantis", None, 80, 1, 2, 3], CLEAN_REGIONS[2]]))


@case("ambiguous-region", "structure", "'Madiun' without Kota/Kabupaten and no code",
      where=(("region-ambiguous", "wilayah", 2, "A"),), hint=("Tulis 'Kota", "Write 'Kota"))
def _(d):
    return wb(d, clean_sheets(regions=[["Madiun", None, 82, 300, 1000, 5.0], *CLEAN_REGIONS[1:]]))


@case("code-name-mismatch", "structure", "Kota Madiun with the code of Kota Malang",
      where=(("code-name-mismatch", "wilayah", 2, "B"),), hint=("Periksa kode", "Check the code"))
def _(d):
    return wb(d, clean_sheets(regions=with_region(0, 1, "35.73")))


@case("empty-region-sheet", "structure", "header row but no region rows",
      where=(("no-regions", "wilayah", None, None),), hint=("Isi", "Fill"))
def _(d):
    return wb(d, clean_sheets(regions=[]))


# ================================================================================================
# 3. Cell values
# ================================================================================================
@case("text-in-number", "values", "pad = 'banyak' (text where a number belongs)",
      where=(("not-a-number", "wilayah", 3, "D"),), hint=("angka", "number"))
def _(d):
    return wb(d, clean_sheets(regions=with_region(1, 3, "banyak")))


@case("negative-count", "values", "pad = -300 (minimum 0)",
      where=(("below-minimum", "wilayah", 2, "D"),), hint=("minimum 0", "minimum 0"))
def _(d):
    return wb(d, clean_sheets(regions=with_region(0, 3, -300)))


@case("negative-award-count", "values", "award count -1 on sheet penghargaan",
      where=(("below-minimum", "penghargaan", 3, "E"),), hint=("minimum 1", "minimum 1"))
def _(d):
    awards = [list(a) for a in CLEAN_AWARDS]
    awards[1][4] = -1
    return wb(d, clean_sheets(awards=awards))


@case("percent-over-100", "values", "miskin = 150 % (maximum 100)",
      where=(("above-maximum", "wilayah", 4, "F"),), hint=("maksimum 100", "maximum 100"))
def _(d):
    return wb(d, clean_sheets(regions=with_region(2, 5, 150)))


@case("grade-not-in-scale", "values", "SAKIP grade 'ZZ'",
      where=(("not-a-grade", "wilayah", 3, "C"),), hint=("AA, A, BB", "AA, A, BB"))
def _(d):
    return wb(d, clean_sheets(regions=with_region(1, 2, "ZZ")))


@case("grade-score-out-of-range", "values", "SAKIP score 150 (scale 0-100)",
      where=(("grade-score-out-of-range", "wilayah", 2, "C"),), hint=("0-100", "0-100"))
def _(d):
    return wb(d, clean_sheets(regions=with_region(0, 2, 150)))


@case("opinion-not-in-scale", "values", "BPK opinion 'Baik Sekali' (not WTP/WDP/TW/TMP)",
      where=(("not-a-grade", "opini_bpk", 4, "C"),), hint=("WTP, WDP", "WTP, WDP"))
def _(d):
    ops = [list(o) for o in CLEAN_OPINIONS]
    ops[2][2] = "Baik Sekali"
    return wb(d, clean_sheets(opinions=ops))


@case("year-in-future", "values", "opinion year 2999",
      where=(("year-in-future", "opini_bpk", 2, "B"),), hint=("paling akhir", "at most"))
def _(d):
    ops = [list(o) for o in CLEAN_OPINIONS]
    ops[0][1] = 2999
    return wb(d, clean_sheets(opinions=ops))


@case("year-as-text", "values", "opinion year 'dua ribu dua satu'",
      where=(("not-a-year", "opini_bpk", 2, "B"),), hint=("contoh: 2024", "e.g. 2024"))
def _(d):
    ops = [list(o) for o in CLEAN_OPINIONS]
    ops[0][1] = "dua ribu dua satu"
    return wb(d, clean_sheets(opinions=ops))


@case("year-as-date", "values", "opinion year typed as a date 01/01/2022",
      where=(("date-not-year", "opini_bpk", 3, "B"),), hint=("tahunnya saja", "year only"))
def _(d):
    ops = [list(o) for o in CLEAN_OPINIONS]
    ops[1][1] = dt.datetime(2022, 1, 1)
    return wb(d, clean_sheets(opinions=ops))


@case("formula-div0", "values", "pad holds a formula whose cached value is #DIV/0!",
      where=(("excel-error", "wilayah", 3, "D"),), hint=("Perbaiki rumusnya", "Fix the formula"))
def _(d):
    s = clean_sheets(regions=with_region(1, 3, Err("#DIV/0!")))
    return {"workbook": raw_xlsx(d / "rumus.xlsx", s), "rubric": rubric(d)}


@case("formula-ref", "values", "miskin holds #REF! (a deleted sheet referenced)",
      where=(("excel-error", "wilayah", 4, "F"),), hint=("Perbaiki rumusnya", "Fix the formula"))
def _(d):
    s = clean_sheets(regions=with_region(2, 5, Err("#REF!")))
    return {"workbook": raw_xlsx(d / "rumus_ref.xlsx", s), "rubric": rubric(d)}


@case("date-in-number", "values", "pendapatan typed as a date",
      where=(("date-not-number", "wilayah", 2, "E"),), hint=("Ubah format sel", "Change the cell format"))
def _(d):
    return wb(d, clean_sheets(regions=with_region(0, 4, dt.datetime(2024, 3, 5))))


@case("bool-in-number", "values", "pad = TRUE",
      where=(("bool-not-number", "wilayah", 2, "D"),), hint=("angka", "number"))
def _(d):
    return wb(d, clean_sheets(regions=with_region(0, 3, True)))


@case("ambiguous-number-text", "values", "pad typed as text '1.234,56.7'",
      where=(("ambiguous-number", "wilayah", 2, "D"),), hint=("1.234.567,89", "1.234.567,89"))
def _(d):
    return wb(d, clean_sheets(regions=with_region(0, 3, "1.234,56.7")))


@case("very-long-string", "values", "a 100,000-character region name",
      where=(("region-not-found", "wilayah", 3, "A"),), hint=("Periksa ejaan", "Check the spelling"))
def _(d):
    return wb(d, clean_sheets(regions=[CLEAN_REGIONS[0], ["Kota " + "Panjang" * 14_285, None, 80, 1, 2, 3],
                                       CLEAN_REGIONS[2]]))


@case("many-errors-at-once", "values", "five bad cells in three sheets: all reported in one run",
      where=(("not-a-number", "wilayah", 2, "D"), ("above-maximum", "wilayah", 4, "F"),
             ("not-a-grade", "opini_bpk", 3, "C"), ("year-in-future", "opini_bpk", 4, "B"),
             ("not-an-award-category", "penghargaan", 2, "D")), hint=("angka", "number"))
def _(d):
    ops = [list(o) for o in CLEAN_OPINIONS]
    ops[1][2] = "?"
    ops[2][1] = 3000
    aw = [list(a) for a in CLEAN_AWARDS]
    aw[0][3] = "olahraga"
    regs = with_region(0, 3, "x")
    regs[2][5] = 101
    return wb(d, clean_sheets(regions=regs, opinions=ops, awards=aw))


# ================================================================================================
# 4. CSV
# ================================================================================================
@case("csv-not-utf8", "csv", "CSV saved as Windows-1252 (ANSI) with 'Pemkab Tanah Bumbu – Kalsel'",
      where=(("not-utf8", None, None, None),), hint=("UTF-8", "UTF-8"))
def _(d):
    (d / "ansi.csv").write_bytes((CSV_CLEAN + "Catatan: data – sementara\n").encode("cp1252"))
    return {"workbook": d / "ansi.csv", "rubric": rubric(d, CSV_RUBRIC)}


@case("csv-binary-garbage", "csv", "random binary bytes saved as .csv",
      where=(("not-utf8", None, None, None),), hint=("UTF-8", "UTF-8"))
def _(d):
    (d / "acak.csv").write_bytes(bytes(range(256)) * 8)
    return {"workbook": d / "acak.csv", "rubric": rubric(d, CSV_RUBRIC)}


@case("csv-wrong-type", "csv", "CSV with pad = 'n/a'",
      where=(("not-a-number", "wilayah", 3, "D"),), hint=("angka", "number"))
def _(d):
    (d / "data.csv").write_text(CSV_CLEAN.replace("Kota Malang,35.73,BB,900", "Kota Malang,35.73,BB,n/a"),
                                encoding="utf-8")
    return {"workbook": d / "data.csv", "rubric": rubric(d, CSV_RUBRIC)}


@case("csv-missing-column", "csv", "CSV without the miskin column",
      where=(("missing-column", "wilayah", None, None),), hint=("Tambahkan kolom", "Add it"))
def _(d):
    lines = [",".join(line.split(",")[:-1]) for line in CSV_CLEAN.splitlines()]
    (d / "data.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"workbook": d / "data.csv", "rubric": rubric(d, CSV_RUBRIC)}


@case("csv-duplicate-region", "csv", "CSV with Kota Malang twice",
      where=(("duplicate-region", "wilayah", 5, "A"),), hint=("Satu wilayah satu baris", "One row per region"))
def _(d):
    (d / "data.csv").write_text(CSV_CLEAN + "Kota Malang,35.73,A,1,2,3\n", encoding="utf-8")
    return {"workbook": d / "data.csv", "rubric": rubric(d, CSV_RUBRIC)}


@case("csv-excel-indonesia", "odd-valid", "CSV as Excel (Indonesian locale) saves it: BOM, CRLF, ';' and decimal comma",
      exit=0, same_as_clean=True, clean="csv")
def _(d):
    text = CSV_CLEAN.replace(",", ";").replace("60.5", "60,5")
    (d / "excel_id.csv").write_bytes(("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"))
    return {"workbook": d / "excel_id.csv", "rubric": rubric(d, CSV_RUBRIC)}


@case("csv-unclosed-quote", "csv", "CSV with an unclosed quote swallowing the rest of the file",
      where=(("not-a-number", "wilayah", 3, "D"),), hint=("angka", "number"))
def _(d):
    (d / "kutip.csv").write_text(CSV_CLEAN.replace("Kota Malang,35.73,BB,900", 'Kota Malang,35.73,BB,"900'),
                                 encoding="utf-8")
    return {"workbook": d / "kutip.csv", "rubric": rubric(d, CSV_RUBRIC)}


@case("csv-too-many-rows", "limits", "CSV with 100,001 data rows (limit 100,000)",
      where=(("limit-rows", None, None, None),), hint=("SCORECARD_MAX_ROWS", "SCORECARD_MAX_ROWS"))
def _(d):
    with open(d / "besar.csv", "w", encoding="utf-8") as f:
        f.write("Wilayah,pad\n")
        f.write("Kota Madiun,1\n" * 100_001)
    return {"workbook": d / "besar.csv", "rubric": rubric(d, CSV_RUBRIC)}


# ================================================================================================
# 5. Resource limits (refused before the workbook is read whole)
# ================================================================================================
def _big_rows(n: int):
    def gen():
        yield REGION_HEADER
        for i in range(n):
            yield [f"Desa {i}", None, 80, i, 1000, 5.0]
    return gen


@case("rows-200000", "limits", "a 200,000-row sheet: refused (limit 100,000 rows)",
      where=(("limit-rows", "wilayah", None, None),), hint=("SCORECARD_MAX_ROWS", "SCORECARD_MAX_ROWS"),
      refused_before_read=True)
def _(d):
    return {"workbook": raw_xlsx(d / "besar.xlsx", {"wilayah": _big_rows(200_000)}), "rubric": rubric(d)}


@case("cells-over-limit", "limits", "more value cells than SCORECARD_MAX_CELLS=1000",
      where=(("limit-cells", None, None, None),), hint=("SCORECARD_MAX_CELLS", "SCORECARD_MAX_CELLS"),
      env={"SCORECARD_MAX_CELLS": "1000"}, refused_before_read=True)
def _(d):
    return {"workbook": raw_xlsx(d / "sel.xlsx", {"wilayah": _big_rows(400)}), "rubric": rubric(d)}


@case("uncompressed-over-limit", "limits", "zip bomb: 40 MB of sheet XML in a small file (limit set to 20 MB)",
      where=(("limit-uncompressed", None, None, None),),
      hint=("SCORECARD_MAX_UNCOMPRESSED_MB", "SCORECARD_MAX_UNCOMPRESSED_MB"),
      env={"SCORECARD_MAX_UNCOMPRESSED_MB": "20"}, refused_before_read=True)
def _(d):
    src = tiny_workbook(d / "src.xlsx")
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(d / "bom.xlsx", "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info))
        zout.writestr("xl/media/padding.xml", b" " * 40_000_000)
    src.unlink()
    return {"workbook": d / "bom.xlsx", "rubric": rubric(d)}


@case("file-over-limit", "limits", "a 2 MB workbook with SCORECARD_MAX_FILE_MB=1",
      where=(("limit-file-size", None, None, None),), hint=("SCORECARD_MAX_FILE_MB", "SCORECARD_MAX_FILE_MB"),
      env={"SCORECARD_MAX_FILE_MB": "1"}, refused_before_read=True)
def _(d):
    import os

    src = tiny_workbook(d / "src.xlsx")
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(d / "lampiran.xlsx", "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
        zout.writestr("xl/media/foto.bin", os.urandom(2_000_000))  # stored, incompressible
    src.unlink()
    return {"workbook": d / "lampiran.xlsx", "rubric": rubric(d)}


# ================================================================================================
# 6. Rubrics
# ================================================================================================
def rcase(name: str, outcome: str, text: str | Callable[[], str | bytes], where: tuple = (), hint=("", ""),
          **kw: Any) -> None:
    def build(d: Path) -> dict[str, Path]:
        body = text() if callable(text) else text
        p = d / "rubrik.yaml"
        if isinstance(body, bytes):
            p.write_bytes(body)
        else:
            p.write_text(body, encoding="utf-8")
        return {"workbook": tiny_workbook(d / "data.xlsx"), "rubric": p}
    CASES.append(Case(name, "rubric", outcome, build, where=where, hint=hint, culprit="rubric", **kw))


rcase("yaml-syntax-error", "unclosed bracket on line 3: line and column reported",
      "id: x\nversion: '1'\nname: [unclosed\nscoring: {}\n", where=(("yaml-syntax", None, None),),
      hint=("kolom teks", "column"))
rcase("yaml-tab-indent", "a tab used for indentation",
      TINY_RUBRIC.replace("\n  miskin: {", "\n\tmiskin: {"), where=(("yaml-syntax", None, None),),
      hint=("kolom teks", "column"))
rcase("unknown-key", "misspelt key 'wieght' in a dimension",
      TINY_RUBRIC.replace("    weight: 1\n    indicators:", "    weight: 1\n    wieght: 2\n    indicators:"),
      where=(("unknown-key", "dimensions[1].wieght", None),), hint=("Kunci yang boleh", "Allowed keys"))
rcase("zero-weight", "indicator weight 0",
      TINY_RUBRIC.replace("weight: 3}", "weight: 0}"),
      where=(("non-positive-weight", "dimensions[0].indicators[0].weight", None),), hint=("lebih besar dari 0",
                                                                                          "greater than 0"))
rcase("negative-weight", "dimension weight -1",
      TINY_RUBRIC.replace("    weight: 2\n", "    weight: -1\n", 1),
      where=(("non-positive-weight", "dimensions[0].weight", None),), hint=("lebih besar dari 0", "greater than 0"))
rcase("weight-as-text", "indicator weight 'tiga' instead of a number",
      TINY_RUBRIC.replace("weight: 3}", "weight: tiga}"),
      where=(("wrong-type", "dimensions[0].indicators[0].weight", None),), hint=("diharapkan", "expected"))
rcase("duplicate-indicator-id", "two indicators with id sakip",
      TINY_RUBRIC.replace("id: miskin, name: Penduduk miskin", "id: sakip, name: Penduduk miskin"),
      where=(("duplicate-id", "dimensions[1].indicators[1].id", None),), hint=("lebih dari sekali", "more than once"))
rcase("duplicate-yaml-key", "key 'weight' written twice in one mapping",
      TINY_RUBRIC.replace("    weight: 2\n", "    weight: 2\n    weight: 3\n", 1),
      where=(("yaml-duplicate-key", "dimensions[0].weight", None),), hint=("dua kali", "twice"))
rcase("hierarchy-cycle", "a sub-dimension that contains itself (recursive YAML alias)",
      TINY_RUBRIC.replace("""  - id: ekonomi
    name: Ekonomi
    weight: 1
    indicators:""", """  - id: ekonomi
    name: Ekonomi
    weight: 1
    subdimensions: &loop
      - id: putaran
        name: Putaran
        subdimensions: *loop
    indicators:"""), where=(("yaml-too-complex", None, None),), hint=("ditolak", "refused"))
rcase("hierarchy-duplicate-id", "a sub-dimension with the same id as a dimension",
      TINY_RUBRIC.replace("""  - id: ekonomi
    name: Ekonomi
    weight: 1
    indicators:
""", """  - id: ekonomi
    name: Ekonomi
    weight: 1
    subdimensions:
      - id: tata_kelola
        name: Sama
        indicators:
""").replace("      - {id: pad_share", "          - {id: pad_share").replace(
          "      - {id: miskin", "          - {id: miskin"),
      where=(("duplicate-id", None, None),), hint=("lebih dari sekali", "more than once"))
rcase("python-object-tag", "!!python/object/apply:os.system tag: refused, never constructed",
      "id: !!python/object/apply:os.system ['echo diretas > /tmp/scorecard-pwned']\n",
      where=(("yaml-tag-refused", "id", 1),), hint=("data biasa", "plain data"))


def _laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for n in "bcdefghi":
        lines.append(f"{n}: &{n} [" + ", ".join([f"*{prev}"] * 9) + "]")
        prev = n
    return "\n".join(lines) + "\n"


rcase("billion-laughs", "alias bomb (9^9 nodes once expanded): refused quickly", _laughs,
      where=(("yaml-too-complex", None, None),), hint=("ditolak", "refused"))
rcase("rubric-not-utf8", "rubric saved as Latin-1", lambda: TINY_RUBRIC.replace("Rubrik kecil", "Rubrik kécil")
      .encode("latin-1"), where=(("not-utf8", None, None),), hint=("UTF-8", "UTF-8"))
rcase("rubric-empty", "an empty rubric file", "", where=(("wrong-type", None, None),), hint=("pemetaan", "mapping"))
rcase("rubric-is-a-list", "rubric top level is a list, not a mapping", "- id: x\n- version: 1\n",
      where=(("wrong-type", None, None),), hint=("pemetaan", "mapping"))
rcase("undeclared-scale", "a column refers to scale 'sakipp'",
      TINY_RUBRIC.replace("type: grade, scale: sakip}", "type: grade, scale: sakipp}"),
      where=(("undeclared-scale", "columns.nilai_sakip.scale", None),), hint=("Skala yang ada", "Declared scales"))
rcase("rubric-too-large", "a 6 MB rubric: refused", lambda: TINY_RUBRIC + ("# " + "x" * 98 + "\n") * 60_000,
      where=(("yaml-too-large", None, None),), hint=("ditolak", "refused"))


@case("rubric-not-found", "rubric", "--rubric names a file that does not exist", culprit="rubric",
      where=(("file-not-found", None, None),), hint=("smart_city", "smart_city"))
def _(d):
    return {"workbook": tiny_workbook(d / "data.xlsx"), "rubric": d / "tidak_ada.yaml"}


# ================================================================================================
# 7. Usage errors (exit 2)
# ================================================================================================
@case("bad-format-option", "usage", "--format pdf: exit 2, choices listed", exit=2, args=("--format", "pdf"),
      hint=("'pdf' bukan salah satu dari 'table', 'json', 'csv'", "'pdf' is not one of 'table', 'json', 'csv'"))
def _(d):
    return clean_inputs(d)


@case("bad-peers-option", "usage", "--peers tetangga: exit 2, choices listed", exit=2, args=("--peers", "tetangga"),
      hint=("'tetangga' bukan salah satu dari", "'tetangga' is not one of"))
def _(d):
    return clean_inputs(d)


@case("year-not-a-number", "usage", "--year duaribu: exit 2", exit=2, args=("--year", "duaribu"),
      hint=("'duaribu' bukan bilangan yang valid", "'duaribu' is not a valid integer"))
def _(d):
    return clean_inputs(d)


@case("unknown-option", "usage", "a misspelt option --tahn: exit 2, the likely options suggested", exit=2,
      args=("--tahn", "2024"), hint=("opsi '--tahn' tidak dikenal", "No such option '--tahn'"))
def _(d):
    return clean_inputs(d)


# ================================================================================================
# 8. Odd but valid: must score exactly like the clean file
# ================================================================================================
@case("title-rows", "odd-valid", "two title rows and a blank row above the header", exit=0, same_as_clean=True)
def _(d):
    s = clean_sheets()
    s["wilayah"] = [["DATA INDIKATOR KABUPATEN/KOTA"], ["Tahun 2024"], [], *s["wilayah"]]
    return wb(d, s, name="judul.xlsx")


@case("trailing-blank-and-notes", "odd-valid", "blank rows, a total row and 'Sumber: BPS' under the table", exit=0,
      same_as_clean=True)
def _(d):
    s = clean_sheets()
    s["wilayah"] = [*s["wilayah"], [], [], ["Jumlah", None, None, 1350, 4500, None], [], ["Sumber: BPS, diolah"]]
    return wb(d, s, name="catatan.xlsx")


@case("trailing-formatted-rows", "odd-valid", "1,000 styled empty rows under each table (openpyxl)", exit=0,
      same_as_clean=True)
def _(d):
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    book = Workbook()
    book.remove(book.active)
    fill = PatternFill("solid", fgColor="FFFF00")
    for name, rows in clean_sheets().items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
        for r in range(len(rows) + 1, len(rows) + 1001):
            for c in range(1, 7):
                ws.cell(r, c).fill = fill
    book.save(d / "format.xlsx")
    return {"workbook": d / "format.xlsx", "rubric": rubric(d)}


@case("million-formatted-rows", "odd-valid", "1,000,000 formatted empty rows under the region table", exit=0,
      same_as_clean=True)
def _(d):
    return {"workbook": raw_xlsx(d / "sejuta.xlsx", clean_sheets(), {"wilayah": (1_000_000, 3)}),
            "rubric": rubric(d)}


@case("raw-xml-writer", "odd-valid", "the same data written by another producer (inline strings, no shared strings)",
      exit=0, same_as_clean=True)
def _(d):
    return {"workbook": raw_xlsx(d / "lain.xlsx", clean_sheets()), "rubric": rubric(d)}


@case("numbers-as-indonesian-text", "odd-valid", "figures typed as text: '300', '1.000', '5,0'", exit=0,
      same_as_clean=True)
def _(d):
    regs = [list(r) for r in CLEAN_REGIONS]
    regs[0][3], regs[0][4], regs[0][5] = "300", "1.000", "5,0"
    return wb(d, clean_sheets(regions=regs), name="teks.xlsx")


from corpus import cases_part2  # noqa: E402,F401  (issue 18 cases; they append to CASES)
from corpus import cases_part3  # noqa: E402,F401  (issue 18 classes 2, 3, 5, 6: nothing to score, messages)
from corpus import cases_class4  # noqa: E402,F401  (issue 18 class 4: styles, shared strings, wide files)
from corpus import cases_fixer  # noqa: E402,F401  (issue 18 classes 2 and 3: magnitudes, rubric sense)


def build_all(root: Path) -> dict[str, dict[str, Path]]:
    """Write every case under ``root/<case name>/``; returns name -> its input paths."""
    out = {}
    for c in CASES:
        d = root / c.name
        d.mkdir(parents=True, exist_ok=True)
        out[c.name] = c.build(d)
    return out


def markdown_table() -> str:
    lines = ["| # | case | category | input | expected |", "|---|---|---|---|---|"]
    for i, c in enumerate(CASES, 1):
        if c.same_as_clean:
            exp = "exit 0; `score --format json` identical to the clean file"
        else:
            codes = ", ".join(dict.fromkeys(f"`{w[0]}`" for w in c.where)) or "message"
            exp = f"exit {c.exit}; {codes}"
            if c.refused_before_read:
                exp += " (before reading)"
        lines.append(f"| {i} | {c.name} | {c.category} | {c.outcome} | {exp} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--table":
        print(markdown_table(), end="")
    elif len(sys.argv) > 1:
        for name, paths in build_all(Path(sys.argv[1])).items():
            print(name, *(str(p) for p in paths.values()))
    else:
        print(__doc__)
