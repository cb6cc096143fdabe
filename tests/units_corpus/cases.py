"""Bad (and good) unit lists, one per kind of problem the unit-list checks detect
(``scorecard.io.units_file``): written at test time from the bytes below, read with
``read_units``, and compared with the messages pinned in ``expected.json``.

``expected.json`` was written by ``python tests/units_corpus/cases.py --pin`` on the tree BEFORE
the unit-list checks were vectorised (commit 23eaa88, the per-row checks): every message — code,
severity, file, row, column, column letter, value, parameters, the rendered line in both languages —
and its order must stay as it was. For a list that reads, the unit frame (every column, dtype and
the index) and its notes are pinned too. Rerun ``--pin`` only for a deliberate change of messages.

Deliberate repins: a code or number in digits other than 0-9 (``codes.csv`` row 11, ``numbers.csv``
row 5 column H) now gets the message that says so (``*.foreign-digits``) instead of "province ٣٣
does not exist" and "not a number"; ``foreign_digits.csv`` was added for that class.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
H = "kemendagri_code,name_title,type,province_name,kabupaten,kecamatan,lat,lng,area_km2,population"
KAB = "Kabupaten Magelang"
KEC = "Kecamatan Satu"


def rows(*lines: str, header: str = H) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode("utf-8")


CASES: dict[str, bytes] = {
    # repeated codes, also written differently (10 digits, spaces); bad and repeated rows get no
    # further checks, but their numbers are still checked
    "duplicates.csv": rows(
        f"33.08.01.2001,Desa A,desa,Jawa Tengah,{KAB},{KEC},-7.5,110.2,5,100",
        f"3308012001,Desa B,desa,Jawa Tengah,{KAB},{KEC},-7.5,110.2,5,100",
        f"33.08.01.2001,Desa C,kelurahan,Papua,Kabupaten Lain,{KEC},-95,110.2,5,100",
        f"33.08.01.2002,Desa D,desa,Jawa Tengah,{KAB},{KEC},-7.5,110.2,5,100",
        f" 33.08.01.2002 ,,desa,Jawa Tengah,{KAB},{KEC},-7.5,110.2,-5,100",
        f"33.08.01.2003,,desa,Jawa Tengah,{KAB},{KEC},-7.5,110.2,5,100",
        f"33.08.1.2004,Desa E,desa,Jawa Tengah,{KAB},{KEC},-7.5,110.2,5,100",
        f"33.08.1.2004,,dusun,Jawa Tengah,{KAB},{KEC},-7.5,110.2,5,0",
        f"33.08.01.2001,Desa F,desa,Jawa Tengah,{KAB},{KEC},-7.5,110.2,5,100",
        f"33.08.01.2005,   ,desa,Jawa Tengah,{KAB},{KEC},-7.5,110.2,5,100",
    ),
    # code shapes: malformed ones refused, accepted spellings normalised (10 digits, .0, inner spaces)
    "codes.csv": rows(
        "33.08.1.2001,Desa A,,,,,,,,",
        "abc,Desa B,,,,,,,,",
        ",Desa C,,,,,,,,",
        "3308022001.0,Desa D,,,,,,,,",
        "33 08 02 2002,Desa E,,,,,,,,",
        "33.08.01.2001x,Desa F,,,,,,,,",
        "33.08.01.20011,Desa G,,,,,,,,",
        "3308012001.00,Desa H,,,,,,,,",
        "33.08.02.2003,Desa I,,,,,,,,",
        "\u0663\u0663.\u0660\u0668.\u0660\u0661.\u0662\u0660\u0660\u0661,Desa J,,,,,,,,",
        "33-08-01-2001,Desa K,,,,,,,,",
        "3308012001,Desa L,,,,,,,,",
        "\t33.08.02.2004\t,Desa M,,,,,,,,",
    ),
    # codes and numbers in digits other than 0-9 (Arabic-Indic, Persian, full-width, Devanagari,
    # superscript): refused as bad codes that say so and show the 0-9 reading, never "province ٣٣
    # does not exist"; control characters and bidi overrides in a code are shown escaped
    "foreign_digits.csv": rows(
        "\u0663\u0663.\u0660\u0668.\u0660\u0661.\u0662\u0660\u0660\u0661,Desa A,desa,,,,,,,",
        "\u06f3\u06f3\u06f0\u06f8\u06f0\u06f1\u06f2\u06f0\u06f0\u06f2,Desa B,desa,,,,,,,",
        "\uff13\uff13.\uff10\uff18.\uff10\uff11.\uff12\uff10\uff10\uff13,Desa C,desa,,,,,,,",
        "\u0969\u0969.\u0966\u096e.\u0966\u0967.\u0968\u0966\u0966\u096a,Desa D,desa,,,,,,,",
        "\u00b3\u00b3.\u2070\u2078.\u2070\u00b9.\u00b2\u2070\u2070\u2075,Desa E,desa,,,,,,,",
        "33.08.01.2\u0660\u0660\u0666,Desa F,desa,,,,,,,",
        "33.08\x1b[31m.01.2007,Desa G,desa,,,,,,,",
        "33.08.01.20\u202e08,Desa H,desa,,,,,,,",
        "33.08.01.2009,Desa I,desa,,,,\u0667.\u0665,110.2,\uff15,\u0661\u0660\u0660",
        "33.08.01.2010,Desa J,desa,,,,-7.5,110.2,5,100",
    ),
    # types: unreadable, contradicting the code (1xxx kelurahan, 2xxx/3xxx desa), a kab/kota word
    "types.csv": rows(
        "33.08.01.2001,Desa A,dusun,,,,,,,",
        "33.08.01.1002,Kelurahan B,Desa,,,,,,,",
        "33.08.01.2003,Desa C,kel.,,,,,,,",
        "33.08.01.1004,Kelurahan D,Kelurahan,,,,,,,",
        "33.08.01.2005,Desa E,,,,,,,,",
        "33.08.01.2006,Desa F,village,,,,,,,",
        "33.08.01.1007,Kelurahan G,urban village,,,,,,,",
        "33.08.01.3008,Desa H,desa,,,,,,,",
        "33.08.01.3009,Desa I,kelurahan,,,,,,,",
        "33.08.01.4010,Desa J,kelurahan,,,,,,,",
        "33.08.01.2011,Desa K,kota,,,,,,,",
        "33.08.01.2012,Desa L,  DESA  ,,,,,,,",
        "33.08.01.2013,Desa M,Dusun,,,,,,,",
    ),
    # numbers (semicolon file, so a decimal comma can be written): unreadable, non-finite, accepted
    "numbers.csv": rows(
        "33.08.01.2001;Desa A;desa;;;;-7,5;110,2;1e999;abc",
        "33.08.01.2002;Desa B;desa;;;;nan;inf;  2.5 ;1.000",
        "33.08.01.2003;Desa C;desa;;;;1,2,3;0x10;-0;+5",
        "33.08.01.2004;Desa D;desa;;;;1_000;\u0661\u0662;   ;-inf",
        "33.08.01.2005;Desa E;desa;;;;-7.25;110.5;3,25;4 000",
        "33.08.01.2006;Desa F;desa;;;;NaN;Infinity;,5;5,",
        "33.08.01.2007;Desa G;desa;;;;-7.5e0;1.1e2;.5;7.",
        header=H.replace(",", ";"),
    ),
    # values that cannot be right: centres outside Indonesia, non-positive area or population
    "ranges.csv": rows(
        "33.08.01.2001,Desa A,desa,,,,-95,500,5,100",
        "33.08.01.2002,Desa B,desa,,,,6.6,94.4,0,0",
        "33.08.01.2003,Desa C,desa,,,,-11.5,141.5,-5,-1",
        "33.08.01.2004,Desa D,desa,,,,6.5,94.5,0.0001,1",
        "33.08.01.2005,Desa E,desa,,,,-11.6,141.6,,",
        "33.08.01.2006,Desa F,desa,,,,7,90,-0.5,-100",
    ),
    # codes of a province/kabupaten that does not exist, province names contradicting the code,
    # accepted province spellings, odd desa/kelurahan numbers (a warning)
    "places.csv": rows(
        "99.01.01.2001,Desa A,desa,Jawa Tengah,,,,,,",
        "33.98.01.2002,Desa B,desa,Jawa Tengah,,,,,,",
        "33.08.01.2003,Desa C,desa,Papua,,,,,,",
        "33.08.01.2004,Desa D,desa,jateng,,,,,,",
        "33.08.01.2005,Desa E,desa,Prov. Jawa Tengah,,,,,,",
        "33.08.01.2006,Desa F,desa,PROVINSI JAWA TENGAH,,,,,,",
        "33.08.01.2007,Desa G,desa,DKI Jakarta,,,,,,",
        "31.71.01.1001,Kelurahan H,kelurahan,DKI Jakarta,,,,,,",
        "33.08.01.2009,Desa I,desa,,,,,,,",
        "99.01.01.4010,Desa J,desa,Papua,,,,,,",
        "33.08.01.4011,Desa K,desa,Jawa Tengah,,,,,,",
        "33.08.01.0012,Desa L,kelurahan,Jawa Tengah,,,,,,",
        "33.98.01.9013,Desa M,desa,Papua,,,,,,",
        "32.73.01.1014,Kelurahan N,kelurahan,Jawa   Barat,,,,,,",
        "33.08.01.2015,Desa O,desa,Jawa-Tengah,,,,,,",
        "33.08.01.2016,Desa P,desa,Propinsi Jawa Timur,,,,,,",
        "34.71.01.1017,Kelurahan Q,kelurahan,DIY,,,,,,",
        "00.00.00.0000,Desa R,desa,,,,,,,",
    ),
    # kecamatan and kabupaten/kota names that contradict the codes
    "names.csv": rows(
        "33.08.01.2001,Desa A,desa,,Kabupaten Magelang,Kecamatan Satu,,,,",
        "33.08.01.2002,Desa B,desa,,kabupaten  MAGELANG,kecamatan satu,,,,",
        "33.08.01.2003,Desa C,desa,,Kabupaten Lain,Kecamatan Dua,,,,",
        "33.08.02.2004,Desa D,desa,,Kabupaten Magelang,Kecamatan Satu,,,,",
        "33.08.02.2005,Desa E,desa,,Kabupaten Magelang,Kecamatan Dua,,,,",
        "33.08.03.2006,Desa F,desa,,,,,,,",
        "33.71.01.1007,Kelurahan G,kelurahan,,Kabupaten Magelang,Kecamatan Satu,,,,",
        "33.71.01.1008,Kelurahan H,kelurahan,,Kota Magelang,Kecamatan Satu,,,,",
        "33.08.1.2009,Desa I,desa,,Kabupaten Salah,Kecamatan Salah,,,,",
        "33.08.01.2001,Desa J,desa,,Kabupaten Salah,Kecamatan Salah,,,,",
        "33.08.03.2010,Desa K,desa,,Kabupaten Magelang,Kecamatan Tiga,,,,",
        "33.08.04.2011,Desa L,desa,,Kabupaten Magelang,Kecamatan Tiga,,,,",
        "33.08.04.2012,Desa M,desa,,Kabupaten Magelang,Kecamatan Empat,,,,",
        "33.01.01.2013,Desa N,desa,,Kabupaten Cilacap,Kecamatan Satu,,,,",
        "33.01.02.2014,Desa O,desa,,Kabupaten Cilacap,Kecamatan Satu,,,,",
        "33.08.05.2015,Desa P,desa,,Kabupaten Magelang,  Kecamatan   Lima ,,,,",
        "33.08.05.2016,Desa Q,desa,,Kabupaten Magelang,kecamatan lima,,,,",
    ),
    # blank lines and rows of blanks are skipped; a row with a value only in a column the unit
    # list does not use is not blank
    "blanks.csv": (
        "kemendagri_code,name_title,catatan,lat\n"
        "33.08.01.2001,Desa A,,-7.5\n"
        "\n"
        ",,,\n"
        "  ,  , ,\n"
        "33.08.01.2002,Desa B,x,-7.5\n"
        ",,catatan saja,\n"
        "33.08.01.2003,,,\n"
        "\n\n"
    ).encode("utf-8"),
    "blanks_only.csv": b"kode,nama\n\n,\n  , \n",
    "header_only.csv": b"kode,nama\n",
    # a row with more fields than the header: the CSV reader's error (in the first data row pandas
    # reads the first field as an index instead)
    "extra_field.csv": rows("33.08.01.2001,Desa A,desa,,,,,,,,extra", "33.08.01.2002,Desa B,desa,,,,,,,"),
    "extra_field_later.csv": rows("33.08.01.2001,Desa A,desa,,,,,,,", "33.08.01.2002,Desa B,desa,,,,,,,,extra"),
    # every row with one field more than the header (pandas then reads the first field as an index)
    "index_inferred.csv": b"kode,nama,lat\n33.08.01.2001,Desa A,-7.5,\n33.08.01.2002,Desa B,-95,\n",
    # quoted fields: commas and a line break inside a name
    "quoted.csv": (
        'kode,nama,kabupaten\n'
        '33.08.01.2001,"Desa A, Ujung",Kabupaten Magelang\n'
        '33.08.01.2002,"Desa ""B""",Kabupaten Magelang\n'
        '33.08.01.2003,"Desa\nC",Kabupaten Lain\n'
        '33.08.01.2004,,Kabupaten Magelang\n'
    ).encode("utf-8"),
    "unterminated_quote.csv": b'kode,nama\n33.08.01.2001,"Desa A\n',
    "missing_columns.csv": b"code_x,nama_x,lat\n33.08.01.2001,Desa A,-7.5\n",
    "missing_name_column.csv": b"kode,nama_x\n33.08.01.2001,Desa A\n",
    # Indonesian headers, a BOM, CRLF line ends, semicolons, a repeated header
    "aliases.csv": (
        "\ufeffkode;nama;tipe;provinsi;kab_kota;nama_kecamatan;latitude;longitude;luas_km2;penduduk;nama\r\n"
        "33.08.01.2001;Desa A;Desa;Jawa Tengah;Kabupaten Magelang;Kecamatan Satu;-7,5;110,25;5,5;1000;x\r\n"
        "33.08.01.1002;Kelurahan B;Kelurahan;Jawa Tengah;Kabupaten Magelang;Kecamatan Satu;-95;110,25;0;1000;y\r\n"
        "33.08.01.2003;;Desa;Jawa Tengah;Kabupaten Magelang;Kecamatan Dua;-7,5;110,25;5,5;abc;z\r\n"
    ).encode("utf-8"),
    # line ends: old Mac carriage returns, CRLF with blank lines, a last carriage return
    "lone_cr.csv": b"kode,nama,lat\r33.08.01.2001,Desa A,-7.5\r33.08.01.2001,Desa B,-95\r",
    "crlf.csv": b"kode,nama,catatan,lat\r\n33.08.01.2001,Desa A,,-7.5\r\n\r\n,,x,\r\n , , ,\r\n33.08.01.2002,,,-95\r\n\r\n",
    "trailing_cr.csv": b"kode,nama,lat\n33.08.01.2001,Desa A,-7.5\n33.08.01.2002,Desa B,-95\r",
    # numbers a fast float reading could take differently from pd.to_numeric: each alone in a
    # plain comma file (True/false read as 1/0, -0, infinities, integers beyond 2**53)
    "number_bool.csv": rows("33.08.01.2001,Desa A,desa,,,,-7.5,110.2,5,True", "33.08.01.2002,Desa B,desa,,,,-7.5,110.2,5,100"),
    "number_bool_lower.csv": b"kode,nama,n_desa,n_kelurahan\n33.08.01.2001,Desa A,1,false\n33.08.01.2002,Desa B,tRUE,0\n",
    "number_bool_first.csv": b"lat,kode,nama\nFALSE,33.08.01.2001,Desa A\n-7.5,33.08.01.2002,Desa B\n",
    "number_negative_zero.csv": rows("33.08.01.2001,Desa A,desa,,,,-7.5,110.2,-0,100", "33.08.01.2002,Desa B,desa,,,,-0.0,110.2,5,-0"),
    "number_infinite.csv": rows("33.08.01.2001,Desa A,desa,,,,-7.5,inf,5,100", "33.08.01.2002,Desa B,desa,,,,-Infinity,110.2,5,1e999"),
    "number_big_integer.csv": rows("33.08.01.2001,Desa A,desa,,,,-7.5,110.2,5,12345678901234567891",
                                   "33.08.01.2002,Desa B,desa,,,,-7.5,110.2,5,9007199254740993"),
    "number_spaces.csv": rows("33.08.01.2001,Desa A,desa,,,, -7.5 ,110.2\t,5,   ", "33.08.01.2002,Desa B,desa,,,,-7.5,110.2,\u00a05,100"),
    "number_plain_good.csv": rows("33.08.01.2001,Desa A,desa,,,,-7.525241,110.200051,5.58,3340",
                                  "33.08.01.2002,Desa B,desa,,,,-7.1,110.7,1e-3,0012",
                                  "33.08.01.2003,Desa C,desa,,,,,,,",
                                  "33.08.01.2004,Desa D,desa,,,,-7.123456789012345678,110.5E0,.5,+7"),
    # lines shorter than the header (their missing cells are blank), an empty file, header names
    # repeated or spaced, a trailing delimiter on every line, a BOM with CRLF in a plain comma file
    "short_lines.csv": b"kode,nama,lat,catatan\n33.08.01.2001,Desa A,-7.5,x\n33.08.01.2002,Desa B\n33.08.01.2003\n\n",
    "short_lines_numbers.csv": b"kode,nama,catatan,lat\n33.08.01.2001,Desa A,x,-7.5\n33.08.01.2002,Desa B,y\n",
    "empty.csv": b"",
    "dup_headers_plain.csv": b"nama,kode,nama,lat,lat\nDesa A,33.08.01.2001,x,-7.5,-95\nDesa B,33.08.01.2002,y,-95,-7.5\n",
    "header_spacing.csv": b" Kode Desa ,NAMA DESA,Luas (km2),Penduduk \n33.08.01.2001,Desa A,5.5,1000\n33.08.01.2002,,-1,0\n",
    "trailing_delimiter.csv": b"kode,nama,lat,\n33.08.01.2001,Desa A,-7.5,\n33.08.01.2002,Desa B,-95,\n",
    "bom_crlf_plain.csv": "\ufeffkode,nama,lat,lng,penduduk\r\n33.08.01.2001,Desa A,-7.5,110.2,1000\r\n33.08.01.1002,Kelurahan B,-7.25,110.25,2000\r\n".encode("utf-8"),
    "not_utf8.csv": "kode,nama\n33.08.01.2001,Désa A\n".encode("latin-1"),
    # lists that read: their unit frames are pinned too
    "good.csv": rows(
        f"3308012001,Desa Satu,desa,Jawa Tengah,{KAB},{KEC},-7.5,110.2,5.5,1000",
        f"33.08.01.1002,Kelurahan Dua,,Jawa Tengah,,{KEC},-7.25,110.25,,",
        "33.08.02.3003,Desa Adat Tiga,desa,,,,,,3,250",
        "33.08.02.4004,Desa Empat,,,,,,,,",
        f"33.71.01.1005,  Kelurahan Lima  ,Kel.,jateng,Kota Magelang,,-7.47,110.22,1.25,12000",
        "33.08.02.2006,Desa Sukamaju,,,,,,,,",
        "33.08.03.2007,Desa Sukamaju,,,,,,,,",
    ),
    "good_minimal.csv": b"kode,nama\n33.08.01.2001,Desa A\n3308011002,Kelurahan B\n\n33.08.01.2003,Desa C\n",
    "good_counts.csv": (
        "kemendagri_code,name_title,n_kecamatan,n_kelurahan,n_desa,province_name,status\n"
        "33.08.01.2001,Desa A,1,0,1,Jawa Tengah,desa\n"
        "33.08.01.2002,Desa B,,,,,\n"
        "33.08.01.2003,Desa C,x,-1,1.5,,kelurahan\n"
    ).encode("utf-8"),
}


def _plain(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if hasattr(value, "item"):  # a numpy scalar
        return _plain(value.item())
    return str(value)


def issue_record(issue: Any) -> dict[str, Any]:
    return {
        "code": issue.code, "severity": issue.severity, "file": issue.file, "row": issue.row,
        "column": issue.column, "column_letter": issue.column_letter, "value": _plain(issue.value),
        "value_type": type(issue.value).__name__,
        "params": {k: _plain(v) for k, v in issue.params.items()},
        "id": issue.render("id"), "en": issue.render("en"),
    }


def frame_record(frame: Any) -> dict[str, Any]:
    return {
        "columns": [str(c) for c in frame.columns],
        "dtypes": [str(d) for d in frame.dtypes],
        "index": [_plain(v) for v in frame.index.tolist()],
        "index_name": frame.index.name,
        "values": {str(c): [_plain(v) for v in frame[c].tolist()] for c in frame.columns},
        "attrs": {k: v for k, v in frame.attrs.items() if k != "notes"},
        "notes": [issue_record(i) for i in frame.attrs.get("notes", [])],
    }


def outcome(folder: Path, name: str) -> dict[str, Any]:
    """What ``read_units`` makes of the case ``name`` written into ``folder`` (the file is named
    relative to the current folder, as a planner types it)."""
    import os

    from scorecard.io.units_file import _read_units_cached, read_units
    from scorecard.issues import InputError

    (folder / name).write_bytes(CASES[name])
    _read_units_cached.cache_clear()
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        registry = read_units(name)
    except InputError as exc:
        return {"issues": [issue_record(i) for i in exc.report]}
    finally:
        os.chdir(cwd)
    return {"frame": frame_record(registry.frame)}


def main(argv: list[str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        pinned = {name: outcome(Path(tmp), name) for name in CASES}
    if "--pin" in argv:
        (HERE / "expected.json").write_text(json.dumps(pinned, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    else:
        print(json.dumps(pinned, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent.parent))
    main(sys.argv[1:])
