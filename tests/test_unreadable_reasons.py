"""Why a workbook cannot be read, in the reader's language (QA): the reason inside
``workbook-unreadable`` used to be python-calamine's or zipfile's English ("File not found
'_rels/.rels'", "not a zip container") inside the Indonesian message, and a folder named .xlsx
without CSV files was "format file '(folder without .csv)'". Each reason is now a catalogue phrase
in both languages; the library's own words appear only with --debug."""

from __future__ import annotations

import errno
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard import resources
from scorecard.cli import cli
from scorecard.issues import InputError, os_reason
from scorecard.io.workbook import csv_unreadable, read_workbook, unreadable

SAMPLE = resources.indicators_dir() / "contoh_smart_city.xlsx"
ENGLISH_LEAKS = ("File not found", "not a zip", "folder without", "ill-formed", "container", "(none)")


def _files(d: Path) -> dict[str, Path]:
    with zipfile.ZipFile(d / "corrupt.xlsx", "w") as z:  # a zip, but no workbook parts
        z.writestr("hello.txt", "hi")
    data = SAMPLE.read_bytes()
    (d / "trunc.xlsx").write_bytes(data[: len(data) // 2])  # a download cut in half
    (d / "folder.xlsx").mkdir()  # a folder named like a workbook, without .csv files
    with zipfile.ZipFile(SAMPLE) as zin, zipfile.ZipFile(d / "badxml.xlsx", "w") as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = b'<worksheet><sheetData><row r="1"><c r="A1"><v>1'
            zout.writestr(info.filename, body)
    (d / "noext").write_bytes(b"abc")
    return {p.name: p for p in d.iterdir()}


EXPECTED = {  # file -> (Indonesian words, English words, sheet named in the location)
    "corrupt.xlsx": ("bagian '_rels/.rels' yang wajib ada di setiap workbook tidak ditemukan",
                     "the part '_rels/.rels' every workbook has is missing from the archive", None),
    "trunc.xlsx": ("isinya bukan arsip ZIP yang utuh", "its content is not a complete ZIP archive", None),
    "folder.xlsx": ("folder ini tidak berisi file .csv", "this folder holds no .csv file", None),
    "badxml.xlsx": ("isi XML di dalamnya rusak atau terpotong", "the XML inside it is damaged or cut short", "wilayah"),
    "noext": ("format file '(tanpa akhiran)' tidak didukung", "file format '(no suffix)' is not supported", None),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_reason_is_in_the_readers_language_and_located(name: str, tmp_path: Path) -> None:
    path = _files(tmp_path)[name]
    id_words, en_words, sheet = EXPECTED[name]
    for lang, words, severity in ((None, id_words, "Kesalahan: "), ("en", en_words, "Error: ")):
        args = ["score", str(path), "-o", str(tmp_path / "out.json")] + (["--lang", lang] if lang else [])
        res = CliRunner().invoke(cli, args)
        assert res.exit_code == 1, res.output
        first = res.stderr.splitlines()[0]
        where = f"{path}, sheet '{sheet}': " if sheet else f"{path}: "
        assert first.startswith(severity + where), first  # located: the file (and the sheet)
        assert words in first, first
        assert not any(leak in res.stderr for leak in ENGLISH_LEAKS), res.stderr
        assert "debug:" not in res.stderr and "Traceback" not in res.stderr
        if lang is None:  # one language: none of the English reason in the Indonesian message
            assert en_words not in res.stderr and "Error" not in res.stderr
    assert not (tmp_path / "out.json").exists()


def test_the_libraries_own_words_only_with_debug(tmp_path: Path) -> None:
    files = _files(tmp_path)
    res = CliRunner().invoke(cli, ["score", str(files["corrupt.xlsx"]), "--debug"])
    assert res.exit_code == 1
    assert "debug: CalamineError: File not found '_rels/.rels'" in res.stderr
    assert "Traceback" not in res.stderr
    res = CliRunner().invoke(cli, ["--debug", "score", str(files["badxml.xlsx"]), "--lang", "en"])
    assert res.exit_code == 1 and "debug: XmlError: " in res.stderr
    with pytest.raises(InputError) as exc:  # and on the error itself, for a caller of read_workbook
        read_workbook(files["trunc.xlsx"])
    assert exc.value.report.errors[0].code == "workbook-unreadable"
    assert exc.value.report.errors[0].params["reason"].key == "workbook-reason.not-zip"


def test_reasons_by_kind_of_failure() -> None:
    import xml.etree.ElementTree as ET

    def reason(err: InputError) -> str:
        return err.report.errors[0].params["reason"].key

    assert reason(unreadable(zipfile.BadZipFile("Bad CRC-32"), "w.xlsx")) == "workbook-reason.zip"
    assert reason(unreadable(ET.ParseError("junk"), "w.xlsx", "s")) == "workbook-reason.xml"
    assert unreadable(ET.ParseError("junk"), "w.xlsx", "s").report.errors[0].sheet == "s"
    assert reason(unreadable(RuntimeError("something new"), "w.xlsx")) == "workbook-reason.damaged"
    err = csv_unreadable(ValueError("Error tokenizing data. C error: Expected 3 fields in line 5, saw 4"), "u.csv")
    assert reason(err) == "workbook-reason.csv-fields" and err.report.errors[0].row == 5
    # a CSV is not called an Excel workbook, nor told to become one
    assert err.report.errors[0].code == "csv-unreadable"
    assert err.report.errors[0].render("id") == (
        "Kesalahan: u.csv, baris 5: bukan file CSV yang dapat dibaca (baris ini berisi 4 sel, padahal baris "
        "judulnya 3). Perbaiki di editor teks, atau buka file di Excel atau LibreOffice lalu simpan ulang sebagai CSV UTF-8.")
    assert "Excel/ODS" not in err.report.errors[0].render("en") and ".xlsx" not in err.report.errors[0].render("en")
    err = csv_unreadable(ValueError("field larger than field limit (131072)"), "u.csv", "wilayah", 7)
    assert reason(err) == "workbook-reason.csv-field" and (err.report.errors[0].sheet, err.report.errors[0].row) == (
        "wilayah", 7)
    assert "131072 karakter" in err.report.errors[0].render("id")


def test_system_reasons_are_translated() -> None:
    assert os_reason(PermissionError(errno.EACCES, "Permission denied")).key == "os-reason.permission"
    assert os_reason(OSError(errno.EIO, "Input/output error")).key == "os-reason.io"
    assert os_reason(OSError(errno.ENOTDIR, "Not a directory")).key == "os-reason.not-dir"
    assert os_reason(OSError(errno.EDEADLK, "Resource deadlock avoided")).key == "os-reason.other"
    assert os_reason(OSError(errno.EACCES, "Permission denied")).render("id") == "tidak ada izin untuk membacanya"
    assert os_reason(OSError(errno.EACCES, "Permission denied")).render("en") == "no permission to read it"
