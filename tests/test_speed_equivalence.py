"""The fast paths of issue 17 give exactly what the plain code gave: vectorised grade bands,
word-level name keys, positions computed on demand, filled cells kept per column."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest

from scorecard import resources
from scorecard.io.rubric_file import load_rubric
from scorecard.registry import _split_name_reference, split_name
from scorecard.validate import CellPositions, FilledCells


@pytest.mark.parametrize("scale_id", ["sakip", "rb", "spbe", "scoring"])
def test_band_codes_equal_band_of_at_every_edge(scale_id):
    rubric = load_rubric(None)
    scale = rubric.scales[rubric.scoring.scale if scale_id == "scoring" else scale_id]
    edges = [v for g in scale.grades for v in (g.min, g.max) if v is not None]
    values = sorted({*edges, *(e + d for e in edges for d in (-1e-9, 1e-9, -0.5, 0.5)), -1.0, 1e9})
    values += [float("nan")]
    expected = [g.code if (g := scale.band_of(v)) is not None else None for v in values]
    assert scale.band_codes(np.array(values)) == expected


def test_split_name_equals_the_regex_version_on_every_registry_name_and_variants():
    reg = pd.read_csv(resources.data_dir() / "regions.csv", dtype=str)
    names = list(reg["name_title"]) + list(reg["name"]) + [
        "Kab. Kep. Seribu", "Kota Madiun (Kabupaten)", "Tg. Pinang", "Djogjakarta", "Kota  Jogja", "Pd. Panjang",
        "Kab Toba-Samosir", "KOTA ADM. JAKARTA PUSAT", "Kota_Batu", "kota", "P. Morotai", "Kab\tBandung\u00a0Barat",
        "(Kota) Malang", "Pemerintah Kota Administrasi Jakarta Barat", "Kab. Sel.", "Jokjakarta", "Kabupaten"]
    assert [split_name(n) for n in names] == [_split_name_reference(n) for n in names]


def test_cell_positions_behave_like_the_dict_they_replace():
    cells = CellPositions("wilayah", {"35.77": 5, "35.78": 6}, {"pad": "D", "wilayah": "B"})
    as_dict = {(c, k): ("wilayah", r, letter) for c, r in (("35.77", 5), ("35.78", 6))
               for k, letter in (("pad", "D"), ("wilayah", "B"))}
    assert dict(cells) == as_dict and len(cells) == 4
    assert ("35.77", "pad") in cells and ("35.79", "pad") not in cells and "x" not in cells
    assert dict(cells.restricted({"35.78"})) == {k: v for k, v in as_dict.items() if k[0] == "35.78"}
    with pytest.raises(KeyError):
        cells[("35.79", "pad")]


def test_filled_cells_behave_like_a_set_of_pairs():
    filled = FilledCells()
    filled.add_column("penduduk", ["35.77", "35.78"])
    filled.add_column("luas_km2", ["35.78"])
    filled.add_column("penduduk", ["35.79"])
    assert set(filled) == {("35.77", "penduduk"), ("35.78", "penduduk"), ("35.79", "penduduk"),
                           ("35.78", "luas_km2")}
    assert len(filled) == 4 and ("35.78", "luas_km2") in filled and ("35.77", "luas_km2") not in filled
    assert filled.columns() == ["luas_km2", "penduduk"] and frozenset(filled) == set(filled)


@pytest.mark.parametrize("xml", [
    b'<sheetData><row r="1" spans="1:3" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c><c r="B1"/></row>'
    b'<row r="2"><c r="A2"/></row><row r="3"><c r="A3" t="inlineStr"><is><t>x</t></is></c><c r="B3"><v>2.5</v>'
    b'</c></row><row r="4"/><row r="5" s="1"><c r="C5"><v/></c></row></sheetData><rowBreaks count="1"/>',
    b'<c r="B9"><v>1</v></c></row><row r="10"><c r="A10"><v>3</v></c>',  # a chunk that starts mid-row
    b"",
])
@pytest.mark.parametrize("pending", [0, 1])
def test_limit_scan_counts_at_c_speed_like_the_token_loop(xml, pending):
    from scorecard import limits

    rows, cells, pend = 7, 11, pending
    for m in limits._XLSX_TOKEN.finditer(xml):
        if m.group(1) == b"row":
            pend = 1
            continue
        cells += 1
        if pend:
            rows, pend = rows + 1, 0
    assert limits._count_xlsx(xml, 7, 11, pending) == [rows, cells, pend]
    assert not limits._PREFIXED_TAG.search(xml)
    assert limits._PREFIXED_TAG.search(b'<x:row r="1"><x:c><x:v>1</x:v></x:c></x:row>')


_TALLY_XML = [
    b'<sheetData><row r="1" spans="1:3" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c><c r="B1"/></row>'
    b'<row r="2"><c r="A2"/></row><row r="3"><c r="A3" t="inlineStr"><is><t>x</t></is></c><c r="B3"><v>2.5</v>'
    b'</c></row><row r="4"/><row r="5" s="1"><c r="C5"><v/></c></row></sheetData><rowBreaks count="1"/>',
    b'<c r="B9"><v>1</v></c></row><row r="10"><c r="A10"><v>3</v></c>',  # a chunk that starts mid-row
    b'<c r="Q9"><v>1</v></c></row><row r="10"><c r="A10"/></row><row r="11">',  # ends on an empty row begun
    b'<row r="7"><c r="AB7"><f>A1</f><v>2</v></c><c r="ZZ7"/><c r="C7"><v>1</v></c></row>'
    b'<row r="99999"><c r="ALL99999" t="inlineStr"><is><t>akhir</t></is></c></row>',
    b'<row><c><v>1</v></c></row><row\n r="3"><c r="Z3"><v>1</v></c></row><row/>',
    b'<row r="1"><c r="A1"><v>1</v></c></row><x:row r="2"><x:c r="B2"><x:v>1</x:v></x:c></x:row>',  # prefixed
    b'<row r="2"><c r="A2" xml:space="preserve"><v>1</v></c></row>',  # a colon that is not a prefixed tag
    b"",
]


@pytest.mark.parametrize("xml", _TALLY_XML)
@pytest.mark.parametrize("pending,begun", [(0, 0), (1, 0), (1, 8), (0, 4)])
def test_vectorised_limit_scan_counts_and_extent_like_the_plain_scan(xml, pending, begun):
    """limits._tally_xlsx (numpy over the bytes) gives the same rows, cells and extent as
    _count_xlsx + _extent_xlsx, and declines chunks with prefixed tags (the token loop counts those)."""
    from scorecard import limits

    counts, extent = [7, 11, pending], [3, 2, begun]
    done = limits._tally_xlsx(xml, counts, extent)
    assert done == (not limits._PREFIXED_TAG.search(xml))
    if not done:
        assert counts == [7, 11, pending] and extent == [3, 2, begun]
        return
    plain_extent = [3, 2, begun]
    limits._extent_xlsx(xml, plain_extent)
    assert counts == limits._count_xlsx(xml, 7, 11, pending)
    assert extent == plain_extent


@pytest.mark.parametrize("xml", _TALLY_XML + [
    b'<c r="A1" t="e"><v>#DIV/0!</v></c>', b't="e"', b'x t="e', b'"e"', b'<c r="B2" t="str"><f>A1</f></c>',
    b'<row r="1"><c r="A1" xml:space="preserve" s="2"><v>1</v></c></row>', b'<f', b'<'])
def test_vectorised_scan_sees_formulas_and_error_cells_like_bytes_find(xml):
    """_tally_xlsx's ``seen`` flags (numpy) say what ``b"<f" in xml`` and ``b't="e"' in xml`` say:
    the scan looks for formulas without a value and for error cells only where they can be."""
    from scorecard import limits

    seen = [None, None]
    if limits._tally_xlsx(xml, [0, 0, 0], [0, 0, 0], seen):
        assert seen == [b"<f" in xml, b't="e"' in xml]


@pytest.mark.parametrize("xml", _TALLY_XML + [
    b'<sheetData><row r="1"/>', b'</sheetData>', b'<v>1</v></c></row></sheetData><mergeCells/>',
    b'</x:sheetData>', b'<x:sheetData></x:sheetData>', b'</x:y:sheetData>', b'< /sheetData>', b'</sheetData >',
    b'<t>sheetData></t></sheetData>', b'</_a.b-c:sheetData>', b'</1:sheetData>', b'sheetData>', b'</sheetdata>'])
def test_end_of_sheet_data_found_like_the_regex(xml):
    from scorecard import limits

    assert limits._ends_sheet_data(xml) == bool(limits._END_SHEET_DATA.search(xml))


def test_percent_cells_found_in_bytes_like_the_element_parse(tmp_path):
    """io.workbook finds percent-formatted cells with a regex over the sheet bytes and streams the
    styles: the same cells as parsing every element (strings, formulas, custom and quoted formats,
    chunk edges)."""
    import xml.etree.ElementTree as ET
    import zipfile

    import openpyxl

    from scorecard.io import workbook as w

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "wilayah"
    formats = ["0%", "0.0%", '0.0"%"', "[Red]0.00%", "0.00", "General"]
    for r in range(1, 3000):
        for c, fmt in enumerate(formats, start=1):
            cell = ws.cell(r, c, value=(r * c) / 1000 if r % 7 else f"teks {r}")
            cell.number_format = fmt
        ws.cell(r, 8, value=f"=A{r}*2").number_format = "0%"
    book.create_sheet("lain")["B2"] = 0.5
    book["lain"]["B2"].number_format = "0%"
    path = tmp_path / "persen.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as z:
        styles = ET.fromstring(z.read("xl/styles.xml"))  # the plain version: the whole tree
        custom = {el.get("numFmtId"): el.get("formatCode", "") for el in styles.iter(f"{w._MAIN_NS}numFmt")}
        ids = {"9", "10"} | {i for i, code in custom.items() if w._is_percent_format(code)}
        xfs = styles.find(f"{w._MAIN_NS}cellXfs")
        plain = {str(i) for i, xf in enumerate(xfs if xfs is not None else []) if xf.get("numFmtId", "0") in ids}
        with z.open("xl/styles.xml") as fh:
            assert w._percent_styles(fh) == plain and plain
        for part in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"):
            with z.open(part) as fh:
                want = w._percent_cells_parsed(fh, plain)
            assert want
            with z.open(part) as fh:
                class Small:  # chunk edges everywhere
                    def read(self, n: int) -> bytes:
                        return fh.read(997)
                assert w._percent_cells_of(Small(), plain) == want
            with z.open(part) as fh:
                assert w._percent_cells_of(fh, plain) == want
    assert set(w._percent_cells(path)) == {"wilayah", "lain"}


@pytest.mark.parametrize("seed", range(6))
def test_vectorised_extent_on_random_sheets(seed):
    """Random sheets (one- to three-letter columns, empty and formula cells, inline strings) cut
    into random chunks: the vectorised scan's extent equals the plain scan's at every step."""
    import random

    from scorecard import limits
    from scorecard.issues import column_letter

    rnd = random.Random(seed)
    parts = []
    for r in sorted(rnd.sample(range(1, 5000), 60)):
        cells = []
        for c in sorted(rnd.sample(range(0, 20000 if seed % 2 else 60), rnd.randint(0, 6))):
            ref = f"{column_letter(c)}{r}"
            kind = rnd.random()
            if kind < 0.3:
                cells.append(f'<c r="{ref}" s="1"/>')
            elif kind < 0.5:
                cells.append(f'<c r="{ref}"><f>A1</f><v>2</v></c>')
            elif kind < 0.6:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>x</t></is></c>')
            else:
                cells.append(f'<c r="{ref}"><v>{r}</v></c>')
        parts.append(f'<row r="{r}">' + "".join(cells) + "</row>")
    xml = ("<sheetData>" + "".join(parts) + "</sheetData>").encode()
    counts, extent, plain = [0, 0, 0], [0, 0, 0], [0, 0, 0]
    start = 0
    while start < len(xml):  # cut where the scan cuts: before a cell or row tag
        end = min(len(xml), start + rnd.randint(50, 3000))
        cut = limits._last_start(xml[:end], start + 1) if end < len(xml) else end
        cut = end if cut <= start else cut
        chunk = xml[start:cut]
        assert limits._tally_xlsx(chunk, counts, extent)
        limits._extent_xlsx(chunk, plain)
        assert extent == plain
        start = cut


def test_rows_with_the_exact_code_and_name_resolve_like_the_plain_resolver():
    """validate._resolve_rows skips the resolver for a row giving a code and its official name
    exactly as the registry writes them (no type): the plain resolver returns that code and says
    nothing for every such pair of the shipped registry."""
    from scorecard import validate
    from scorecard.io.registry_file import load_registry

    registry = load_registry()
    exact = registry.exact_titles()
    assert len(exact) == len(registry.frame) > 500
    hdr = validate._Header("wilayah", 1, 0, {"wilayah": 0, "kode": 1}, {"wilayah": "Wilayah", "kode": "Kode"}, 0)
    for code, name in exact.items():
        rec = validate._Recorder()
        assert validate._resolve(registry, rec, "wilayah", 2, hdr, [name, code]) == code
        assert rec.calls == []
    names = registry.exact_names()
    assert len(names) > 500
    for name, code in names.items():
        rec = validate._Recorder()
        assert validate._resolve(registry, rec, "wilayah", 2, hdr, [name, None]) == code
        assert rec.calls == []
    data = [(2, ["Kota Madiun", "35.77"]), (3, ["Kota  Madiun", "35.77"]), (4, ["Kota Madiun", "35.77 "])]
    codes, calls = validate._resolve_rows(registry, "wilayah", hdr, data, validate._columns(data, 2))
    assert codes == ["35.77"] * 3 and calls == [(), (), ()]  # spacing alone is no renaming


# --- the columnar input layer (validate._padded, _classify_block, _column_flags, _exact_codes) ---

class _Str(str):
    """A text cell of a str subclass: never from a reader, but the plain path must agree on it."""


def _tricky_cells() -> list:
    import datetime as dt

    from scorecard.parse import NO_CACHED_VALUE

    return [
        12.5, 0.0, -3.0, 7, -2, 10 ** 20, float("nan"), float("inf"), float("-inf"), 1e308,
        "", None, " ", "  \u00a0", "-", "–", "—", " - ", NO_CACHED_VALUE, " " + NO_CACHED_VALUE,
        "1.234,5", "45,6", "1,234", "35.378", "0.378", "2.75", "1.6e-05", "1e400", "1.234.567", "12%",
        "45,6 %", "Rp 2,5 M", "NaN", "nan", "inf", "-inf", "#DIV/0!", "abc", "JUMLAH", "Total Kota",
        "  rata-rata  ", "Sub-total", "Grand total", "mean", "Jumlah Penduduk", "Kota Madiun", "Ｊｕｍｌａｈ",
        "Sumber: BPS", True, False, dt.date(2024, 1, 31), dt.datetime(2024, 1, 31, 8, 0), dt.time(8, 0),
        np.float64(4.5), np.int64(3), _Str("9,5"), _Str(""), 1.5,
    ]


def _tricky_rows(width: int, n_rows: int, seed: int) -> list[list]:
    import random

    rng = random.Random(seed)
    pool = _tricky_cells()
    return [[rng.choice(pool) if rng.random() < 0.6 else rng.random() * 100 for _ in range(width)]
            for _ in range(n_rows)]


def _same_floats(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return np.array_equal(a, b, equal_nan=True)


@pytest.mark.parametrize("seed,chunk", [(0, 4096), (1, 4096), (2, 7), (3, 1)])
def test_block_classification_equals_the_plain_cell_by_cell_path(seed, chunk, monkeypatch):
    """validate._classify_block (the numeric columns of a sheet at once, in row order, only the
    cells that are not floats looked at one by one) gives every column the same number and
    empty masks and the same floats as _classify_column, which looks at one cell at a time:
    Indonesian decimal commas, '1.234,5', percent text, blanks, '-', NaN/inf text and numbers,
    booleans, dates, an int beyond a double (that column alone takes the slow path); the types
    taken a block of rows at a time (``chunk``: 7 and 1 rows, as well as the real size)."""
    from scorecard import validate

    monkeypatch.setattr(validate, "_BLOCK_ROWS", chunk)
    # types compared by id (CPython, the object array's buffer) and as objects: the same masks
    assert validate._TYPE_IDS == (sys.implementation.name == "cpython")
    monkeypatch.setattr(validate, "_TYPE_IDS", validate._TYPE_IDS and seed % 2 == 0)
    rows = _tricky_rows(9, 300, seed)
    rows[7][2] = 10 ** 400  # an int beyond a double: column 2 cannot be converted in bulk
    before = [list(r) for r in rows]
    for positions in ([0, 1, 2, 3, 4, 5, 6, 7, 8], [1, 3, 4, 8], [2, 5], [6], [3, 4, 5], [8, 0]):
        number, empty, floats = validate._classify_block(rows, positions)
        for k, j in enumerate(positions):
            column = [r[j] for r in rows]
            p_number, p_empty, p_floats = validate._classify_column(column)
            assert number[:, k].tolist() == p_number.tolist()
            assert empty[:, k].tolist() == p_empty.tolist()
            assert _same_floats(floats[k], p_floats), (j, positions)
    assert validate._classify_block(rows, [2])[2][0] is None
    assert validate._classify_block(rows, [1, 2, 3])[2][1] is None
    assert validate._classify_block(rows, [2, 7])[2][0] is None
    # the rows are only read: the same cells, the same objects
    assert all(a is b for r, s in zip(rows, before) for a, b in zip(r, s))
    clean = [[i * 0.5 - j, float(i), -0.0, 7] for i in range(50)]  # floats and ints only: nothing put aside
    number, empty, floats = validate._classify_block(clean, [0, 1, 2, 3])
    assert number.all() and not empty.any()
    assert [f.tolist() for f in floats] == [[float(r[j]) for r in clean] for j in range(4)]


def test_padded_rows_keep_every_cell_and_columns_are_read_as_they_are():
    from scorecard import validate

    rows = [[1.0, "a", None], ["x"], [], [2, "", "-", 4.5]]
    padded, w = validate._padded(rows, width=5)
    assert w == 5 and len(padded) == 4
    for r, p in zip(rows, padded):
        assert len(p) == 5 and all(c is v for c, v in zip(p, r)) and p[len(r):] == [None] * (5 - len(r))
    for j in range(5):
        cells = validate._column_cells(padded, j)
        assert all(c is (r[j] if j < len(r) else None) for c, r in zip(cells.tolist(), rows))
        assert validate._kinds(cells).tolist() == [type(r[j]) if j < len(r) else type(None) for r in rows]
    square = [[1.0, 2.0], [3.0, 4.0]]
    assert validate._padded(square)[0] is square  # a reader's rectangle is not copied
    odd = [["a", ("tuple", "cell")], [1.0, [2.0, 3.0]]]  # a cell holding a sequence: kept as it is
    assert validate._column_cells(odd, 1).tolist() == [("tuple", "cell"), [2.0, 3.0]]
    assert validate._padded([]) == ([], 0) and validate._padded([[], []], width=2)[0] == [[None] * 2] * 2
    data = validate._Data([5, 6, 8], validate._padded([[1.0, "a"], ["b"], [None, 2]], 3)[0], 3)
    assert data.column(1) == ["a", None, 2] and data.column(2) == [None] * 3 and data.column(7) == [None] * 3
    cells = validate._CellsOf(data.rows, 1)
    assert len(cells) == 3 and cells[0] == "a" and cells[2] == 2 and list(cells) == ["a", None, 2]
    assert cells[1:] == [None, 2]


@pytest.mark.parametrize("seed", range(3))
def test_column_flags_equal_the_per_cell_row_flags(seed):
    """The data-row decision reads each column's flags in bulk (texts with C-level maps, a text
    repeated on many rows once): the same as _row_flags / _counts / isinstance cell by cell."""
    from scorecard import validate

    rows = _tricky_rows(3, 400, seed)
    rows += [["Kalimantan Timur", "Aceh", "Aceh"]] * 200  # a repeated text (the distinct-text path)
    for j in range(3):
        column = [r[j] for r in rows]
        cells = validate._column_cells(rows, j)
        assert validate._column_flags(cells, True).tolist() == [validate._row_flags(v) for v in column]
        assert validate._column_flags(cells, False, validate._kinds(cells)).tolist() == \
            [validate._counts(v) for v in column]
        assert validate._numberish(cells).tolist() == [isinstance(v, (int, float)) for v in column]
    texts = [v for v in _tricky_cells() if type(v) is str] * 3
    assert validate._text_flags(texts, True).tolist() == [validate._row_flags(v) for v in texts]
    assert validate._name_inputs(texts) == [None if validate.parse.is_blank(v) else v.strip() for v in texts]
    assert validate._text_values(texts) == [validate.parse.text_value(v) for v in texts]
    mixed = _tricky_cells()
    assert validate._name_inputs(mixed) == [None if validate.parse.is_blank(v) else str(v).strip() for v in mixed]


def test_total_hint_finds_every_total_the_full_check_finds():
    """_TOTAL_HINT is a cheap first test for ASCII texts: every text whose header key starts like a
    total passes it (else a total row would be read as a region)."""
    from scorecard import validate

    words = [w.replace("_", sep) for w in validate.TOTAL_PREFIXES for sep in ("_", " ", "-", ". ", "")]
    texts = [pre + w.title() + post for w in words for pre in ("", " ", "(", "* ", "1. ")
             for post in ("", " Kota", ":", " 2024")]
    totals = [t for t in texts if validate._TOTAL_KEY.match(validate.norm_header(t))]
    assert len(totals) > 100
    assert all(validate._TOTAL_HINT.match(t) for t in totals)


def _plain_paths(monkeypatch) -> None:
    """validate's bulk steps replaced by their cell-by-cell equivalents."""
    from scorecard import validate

    def classify_block(rows, positions):
        parts = [validate._classify_column([r[j] for r in rows]) for j in positions]
        return (np.column_stack([p[0] for p in parts]), np.column_stack([p[1] for p in parts]),
                [p[2] for p in parts])

    monkeypatch.setattr(validate, "_classify_block", classify_block)
    monkeypatch.setattr(validate, "_column_flags", lambda values, lead, types=None: np.array(
        [(validate._row_flags if lead else validate._counts)(v) for v in values], dtype=np.int8))
    monkeypatch.setattr(validate, "_exact_codes", lambda registry, positions, picked: [None] * len(picked[0]))
    monkeypatch.setattr(validate, "_name_inputs", lambda values: [
        None if validate.parse.is_blank(v) else str(v).strip() for v in values])
    monkeypatch.setattr(validate, "_text_values", lambda values: [validate.parse.text_value(v) for v in values])


def _issues(report) -> list[tuple]:
    return [(i.code, i.severity, i.file, i.sheet, i.row, i.column, i.column_letter, repr(i.value),
             repr(sorted(i.params.items()))) for i in report]


@pytest.mark.parametrize("tricky", [False, True])
def test_read_tables_bulk_and_plain_paths_agree_on_a_messy_sample(monkeypatch, tricky):
    """The whole region sheet read through the columnar layer and through the cell-by-cell paths:
    the same messages, codes and locations (file, sheet, Excel row and column, value, expectation)
    and, when the workbook is valid, the same tables."""
    import dataclasses

    from scorecard import validate
    from scorecard.io.registry_file import load_registry
    from scorecard.io.workbook import RawSheet, RawWorkbook, read_workbook

    wb = read_workbook(resources.sample_workbook())
    sheet = wb.sheets[0]
    rows = [list(r) for r in sheet.rows]
    header = rows[2]
    numeric = [j for j, h in enumerate(header) if h not in ("No.", "Wilayah", "Kode", "Tahun", "command_center")
               and not str(h).startswith("sumber") and h]
    # text numbers a planner types (valid), blanks, dashes, NaN, a percent-formatted cell
    soft = ["45,6", "12,25", "-", "", None, float("nan"), "12,5", " 3,25 ", "0,75"]
    soft_whole = ["1.234", "-", "", None, "12", " 7 ", float("nan")]
    rubric = load_rubric(None)
    for i, r in enumerate(rows[3:], start=3):
        j = numeric[i % len(numeric)]
        choices = soft_whole if rubric.columns[header[j]].type == "integer" else soft
        r[j] = choices[i % len(choices)]
    rows.insert(8, ["", "JUMLAH", "", "", 1.0, 2.0])  # a total row
    rows.append(["", "Sumber: BPS 2024"])  # a note row, short
    rows.append([])  # a blank row, empty
    if tricky:  # every kind of bad cell, somewhere in the numeric columns
        pool = _tricky_cells()
        for i, r in enumerate(rows[3:], start=3):
            for k, j in enumerate(numeric):
                if (i + k) % 3 == 0 and j < len(r):
                    r[j] = pool[(i * 7 + k) % len(pool)]
    pct = [j for j in numeric if rubric.columns[header[j]].type == "percent"]
    percent = frozenset({(sheet.first_row + 5, pct[0]), (sheet.first_row + 6, pct[1])})
    rows[5][pct[0]], rows[6][pct[1]] = 0.456, 0.5  # typed as 45,6% and 50% in Excel
    messy = RawWorkbook(wb.path, [dataclasses.replace(sheet, rows=rows, percent=percent), *wb.sheets[1:]])

    def read():
        tables, report = validate.read_tables(messy, rubric, load_registry(), current_year=2026)
        return tables, _issues(report)

    fast_tables, fast_issues = read()
    with monkeypatch.context() as m:
        _plain_paths(m)
        plain_tables, plain_issues = read()
    assert fast_issues == plain_issues
    assert len(fast_issues) > (50 if tricky else 3)
    assert (fast_tables is None) == (plain_tables is None) == tricky, [i for i in fast_issues if i[1] == "error"]
    if fast_tables is not None:
        for name in ("regions", "grades", "opinions", "awards", "sources", "history"):
            pd.testing.assert_frame_equal(getattr(fast_tables, name), getattr(plain_tables, name))
        assert fast_tables.from_text == plain_tables.from_text
        assert set(fast_tables.filled) == set(plain_tables.filled)
        assert dict(fast_tables.cells) == dict(plain_tables.cells)


def test_mapped_and_text_values_equal_the_plain_calls():
    """validate._mapped calls its function once per distinct cell (by value when no two cell types
    can compare equal, else by (type, value)); _text_values cleans whole text columns at C speed:
    both give what the plain per-cell calls give, on the tricky cells and on award-like texts."""
    from scorecard import parse, validate

    cells = _tricky_cells() + ["Kota\u00a0Madiun ", "\u202fNasional", " - ", "WTP", 2024.0, 2024, "2024"]
    for values in (cells, [v for v in cells if type(v) in (str, float) or v is None],
                   [v for v in cells if type(v) in (str, int) or v is None], [1, 1.0, True, "1"]):
        for fn in (parse.is_blank, parse.text_value, repr, lambda v: (type(v), parse.text_value(v))):
            assert validate._mapped(values, fn) == [fn(v) for v in values]
    texts = [v for v in cells if type(v) is str] * 2
    assert validate._text_values(texts) == [parse.text_value(v) for v in texts]


def test_own_texts_gives_equal_new_strings():
    """validate._own_texts: every text an equal, new string object (a kept text must not keep the
    reader's memory alive), anything else as it is; by distinct text or in one join and split, and
    cell by cell when a text holds the separator."""
    from scorecard import validate

    def fresh(values):
        return [("\x00" + v)[1:] if type(v) is str else v for v in values]  # built here, not interned

    names = fresh([f"Desa Sumber Rejo {i}" for i in range(50)])
    provinces = fresh(["Jawa Timur", "Aceh", "Bali"] * 40)
    mixed = fresh(["Kota Madiun", None, 3.5, "a\x00b", "", "x" * 300, _Str("sub"), "Kota Batu"])
    many = fresh([f"Desa {i}" for i in range(20_000)])  # distinct beyond the rows it looks at first
    late = fresh(["Aceh"] * 5_000 + [f"Desa {i}" for i in range(3_000)] + ["Bali"] * 20_000)
    for values in (names, provinces, mixed, names + [None], [None, 1.0], [], many, late, many + mixed):
        out = validate._own_texts(list(values))
        assert out == values and [type(v) for v in out] == [type(v) for v in values]
        for old, new in zip(values, out):
            if type(old) is str and len(old) > 1:
                assert new is not old
            elif type(old) is not str:
                assert new is old


@pytest.mark.parametrize("large", [True, False])
def test_tables_keep_no_text_object_of_the_reader(large, monkeypatch):
    """What read_tables keeps of a large sheet (names as typed, provinces, sources, award titles)
    are new strings, not the reader's cells: a kept cell would keep the reader's memory of the
    whole sheet alive for the rest of the run (~140 MB at village scale). A small sheet (below
    OWN_TEXTS_CELLS; the sample stands in for both) keeps the reader's strings: the same tables."""
    from scorecard import validate
    from scorecard.io.registry_file import load_registry
    from scorecard.io.workbook import read_workbook

    assert validate.OWN_TEXTS_CELLS == 1_000_000
    monkeypatch.setattr(validate, "OWN_TEXTS_CELLS", 0 if large else 10 ** 12)
    wb = read_workbook(resources.sample_workbook())
    raw_texts = {id(v) for s in wb.sheets for r in s.rows for v in r if type(v) is str and len(v) > 1}
    tables, _report = validate.read_tables(wb, load_rubric(None), load_registry(), current_year=2026)
    assert tables is not None
    kept = [v for frame in (tables.regions, tables.opinions, tables.awards, tables.sources, tables.history)
            for c in frame.columns if frame[c].dtype.kind not in "fiub" for v in frame[c].tolist()
            if type(v) is str and len(v) > 1] + [c for c in tables.regions.index.tolist() if len(c) > 1]
    assert len(kept) > 100
    held = [v for v in kept if id(v) in raw_texts]
    assert not held if large else len(held) > 100


def test_prepare_registry_works_out_the_lookups_only_while_worth_it():
    """validate.prepare_registry (run by load_inputs while the workbook is still parsed) works out
    the registry's exact names, its code index and exact titles, one step at a time while the
    caller says it is worth it; validation answers the same whether it ran or not."""
    from scorecard import validate
    from scorecard.io.registry_file import load_registry
    from scorecard.io.workbook import read_workbook
    from scorecard.registry import Registry

    fresh = Registry(load_registry().frame.copy())
    asked: list[int] = []
    validate.prepare_registry(fresh, lambda: asked.append(1) is None and len(asked) < 2)
    assert "_exact_names" in fresh.__dict__ and "_exact_titles" not in fresh.__dict__ and len(asked) == 2
    validate.prepare_registry(fresh)
    assert fresh.__dict__["_exact_titles"] == Registry(load_registry().frame.copy()).exact_titles()
    validate.prepare_registry(object())  # a stand-in registry without those lookups: nothing to do
    wb = read_workbook(resources.sample_workbook())
    a, ra = validate.read_tables(wb, load_rubric(None), fresh, current_year=2026)
    b, rb = validate.read_tables(wb, load_rubric(None), Registry(load_registry().frame.copy()), current_year=2026)
    assert _issues(ra) == _issues(rb)
    pd.testing.assert_frame_equal(a.regions, b.regions)
