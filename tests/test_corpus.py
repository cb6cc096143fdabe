"""The bad-input corpus (tests/corpus/build_corpus.py): every case gets a clear answer.

For each case, ``scorecard score`` is run in both languages. A bad input must give exit 1 (2 for a
usage error), a message naming the culprit file and, where it applies, the sheet, row and column
or the rubric key path, plus the advice of the catalogue message; never a traceback; and the
input files are left byte-identical. ``validate --format json`` must list the expected issue codes
at the expected places. An odd but valid workbook must score exactly like the clean file.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.build_corpus import CASES, clean_inputs, markdown_table
from scorecard.cli import cli

CATEGORIES = {"file", "structure", "values", "csv", "rubric", "limits", "usage", "nothing", "odd-valid"}


def _digest(path: Path) -> dict[str, str]:
    if path.is_dir():
        return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(path.rglob("*")) if p.is_file()}
    if path.is_file():
        return {str(path): hashlib.sha256(path.read_bytes()).hexdigest()}
    if path.exists():  # a device (a link to /dev/zero): never read it
        return {str(path): "special"}
    return {str(path): "absent"}


def _invoke(args: list[str]):
    return CliRunner().invoke(cli, args)


@pytest.fixture(scope="module")
def clean_json(tmp_path_factory) -> dict[str, str]:
    out = {}
    for kind in ("xlsx", "csv"):
        paths = clean_inputs(tmp_path_factory.mktemp("bersih"), kind)
        res = _invoke(["score", str(paths["workbook"]), "--rubric", str(paths["rubric"]), "--format", "json"])
        assert res.exit_code == 0, res.output
        out[kind] = res.stdout
    return out


def test_corpus_size_and_categories():
    names = [c.name for c in CASES]
    assert len(names) == len(set(names)), "case names must be distinct"
    bad = [c for c in CASES if not c.same_as_clean]
    assert len(bad) >= 40
    assert {c.category for c in CASES} == CATEGORIES
    for kind in ("file", "csv", "rubric", "limits"):  # workbooks, CSVs and rubrics all covered
        assert sum(c.category == kind for c in CASES) >= 4, kind


def test_docs_table_lists_every_case():
    doc = (Path(__file__).resolve().parents[1] / "docs" / "reliability.md").read_text(encoding="utf-8")
    assert markdown_table() in doc, "run: .venv/bin/python tests/corpus/fill_docs.py"
    assert f"{len(CASES)} cases" in doc


def assert_terminal_safe(text: str) -> None:
    """No control character from a user's file reaches the terminal raw (issue 18, class 5)."""
    bad = [ch for ch in text if (ord(ch) < 0x20 and ch not in "\n\t") or 0x7F <= ord(ch) < 0xA0
           or 0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069]
    assert not bad, repr(bad[:5])


EMPTY_PLACE = re.compile(r"(?:\b(?:baris|row|kolom|column|sheet|line|pertama di baris|first (?:on|in) row)\s+-(?:[\s),.;]|$))"
                         r"|\(\s*\)|\bkunci\s*,|\bkey\s*,|: :")


def assert_locations_filled(stderr: str) -> None:
    """Every rendered message names real places: no 'row -', 'baris -', '()' or empty key
    (issue 18, class 6: 'muncul dua kali (pertama di baris -)')."""
    for line in stderr.splitlines():
        assert not EMPTY_PLACE.search(line), line


# What a rendered message must never hold (issue 18, class 6): a placeholder left unfilled, a
# Python None/NaN/inf leaking into the text, an empty quoted name.
UNFILLED = re.compile(r"\{[a-z_]+\}|\bNone\b|(?<!\.)\bnan\b|\bNaN\b(?! \()|(?<!\.)\binf\b|''|\(\s*,|,\s*\)")


def assert_messages_filled(stderr: str) -> None:
    """Every line the user reads names real places and fills every placeholder."""
    assert_locations_filled(stderr)
    for line in stderr.splitlines():
        assert not UNFILLED.search(line), line


def _matches(issue: dict, want: tuple, fields: tuple[str, ...]) -> bool:
    return all(w is None or issue.get(f) == w for f, w in zip(fields, want))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_case(case, tmp_path, monkeypatch, clean_json):
    for key, value in case.env.items():
        monkeypatch.setenv(key, value)
    paths = case.build(tmp_path)
    workbook, rubric = paths["workbook"], paths["rubric"]
    before = {**_digest(workbook), **_digest(rubric)}
    if case.refused_before_read:  # a limit must be enforced before the workbook is read whole
        import python_calamine

        def never(*a, **k):
            raise AssertionError("the workbook was read although it exceeds a limit")
        monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", never)

    args = ["score", str(workbook), "--rubric", str(rubric), *case.args]
    for lang, hint in zip(("id", "en"), case.hint):
        res = _invoke(args + ["--lang", lang])
        output = res.stdout + res.stderr
        assert "Traceback" not in output
        assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
        assert res.exit_code == case.exit, output
        for fragment in case.stderr_has:  # located: the key path, column or value the answer is about
            assert fragment in res.stderr, (fragment, res.stderr)
        assert_messages_filled(res.stderr)
        assert len(res.stderr) < 20_000  # a bounded answer, even for a 200,000-row sheet or 16,384 columns
        if case.exit == 0:
            if hint:  # an odd-but-valid answer that still says something: says why and what to do
                assert hint in res.stderr, res.stderr
                assert_terminal_safe(res.stdout + res.stderr)
            continue
        if case.exit == 1:
            culprit = paths[case.culprit]
            assert culprit.name in res.stderr, res.stderr  # names the file
            assert "Kesalahan:" in res.stderr if lang == "id" else "Error:" in res.stderr
        assert hint in res.stderr, res.stderr  # says what to do
        assert len(res.stderr) < 20_000  # a bounded answer, even for a 200,000-row sheet
        assert_terminal_safe(res.stdout + res.stderr)
        assert_locations_filled(res.stderr)

    if case.same_as_clean:
        res = _invoke(args + ["--format", "json"])
        assert res.exit_code == 0
        assert res.stdout == clean_json[case.clean]
    elif case.exit == 1:
        res = _invoke(["validate", str(workbook), "--rubric", str(rubric), "--format", "json", "--lang", "en",
                       *case.validate_args])
        data = json.loads(res.stdout)
        if case.validate_warns:  # a correct but empty workbook (a fresh template): validate warns, score refuses
            assert res.exit_code == 0 and data["valid"] is True, res.stdout
            errors = [i for i in data["issues"] if i["severity"] == "warning"]
        else:
            assert res.exit_code == 1
            assert data["valid"] is False
            errors = [i for i in data["issues"] if i["severity"] == "error"]
        assert errors
        fields = ("code", "key", "line") if case.culprit == "rubric" else ("code", "sheet", "row", "column_letter")
        for want in case.where:
            assert any(_matches(i, want, fields) for i in errors), (want, errors)
        for issue in errors:
            assert issue["file"] and Path(issue["file"]).name == paths[case.culprit].name
            assert issue["message"] and not re.search(r"\{[a-z_]+\}", issue["message"])  # placeholders filled
            if issue["row"] is not None:  # a cell: sheet, row and column letter all named
                assert issue["sheet"] and issue["column_letter"], issue
    assert {**_digest(workbook), **_digest(rubric)} == before, "an input file was modified"


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_formula_errors_from_libreoffice_are_reported(fmt, tmp_path, libreoffice_path):
    """Real files: LibreOffice computes =1/0 and =NA() and saves the error values; scorecard must
    name both cells instead of reading them as blanks (python-calamine returns them as '')."""
    import subprocess

    from corpus.build_corpus import clean_sheets, rubric
    from wbtools import write_workbook

    sheets = clean_sheets()
    sheets["wilayah"][2][3] = "=1/0"
    sheets["wilayah"][3][5] = "=NA()"
    src = write_workbook(tmp_path / "rumus.xlsx", sheets)
    out = tmp_path / "lo"
    subprocess.run([libreoffice_path, "--headless", f"-env:UserInstallation=file://{tmp_path}/profil",
                    "--convert-to", fmt, "--outdir", str(out), str(src)], check=True, capture_output=True,
                   timeout=180)
    book = out / f"rumus.{fmt}"
    res = _invoke(["validate", str(book), "--rubric", str(rubric(tmp_path)), "--format", "json"])
    assert res.exit_code == 1, res.output
    got = {(i["code"], i["sheet"], i["row"], i["column_letter"]) for i in json.loads(res.stdout)["issues"]}
    assert ("excel-error", "wilayah", 3, "D") in got and ("excel-error", "wilayah", 4, "F") in got


@pytest.mark.slow
@pytest.mark.parametrize("name", ["rows-200000", "million-formatted-rows", "billion-laughs", "csv-too-many-rows",
                                  "ods-repeated-cells", "ods-repeated-rows", "ods-far-apart-cells",
                                  "xlsx-far-apart-declared", "xlsx-far-apart-undeclared", "csv-row-repeated",
                                  "class4-styles-212mb", "class4-shared-strings-10m", "class4-16384-columns"])
def test_huge_inputs_stay_in_bounded_memory(name, tmp_path):
    """The whole `scorecard score` process, run alone under a fresh parent, peaks well below what a
    whole-sheet read would take (a 200,000-row sheet loaded and resolved would need gigabytes)."""
    import os
    import subprocess
    import sys

    case = next(c for c in CASES if c.name == name)
    paths = case.build(tmp_path)
    argv = [sys.executable, "-m", "scorecard", "score", str(paths["workbook"]), "--rubric", str(paths["rubric"])]
    probe = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True); "
             "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
             "sys.stderr.write(r.stderr.decode('utf-8', 'replace'))")
    res = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True, text=True, timeout=300,
                         env={**os.environ, **case.env})
    code, peak_kb = map(int, res.stdout.split())
    assert code == case.exit, res.stderr[-2000:]
    assert peak_kb < 400 * 1024, f"peak {peak_kb // 1024} MB"


@pytest.mark.slow
def test_every_corpus_case_peaks_under_500_mb(tmp_path):
    """Issue 18: "peak memory of any refused or accepted file in the corpus stays under 500 MB".
    One fresh process builds and scores every case in turn and reports its own peak resident
    memory; each case's peak is at most that (conservative: the builders' memory counts too)."""
    import os
    import subprocess
    import sys

    tests = Path(__file__).resolve().parent
    script = (
        "import os, resource, shutil, sys\n"
        f"sys.path.insert(0, {str(tests)!r})\n"
        "from pathlib import Path\n"
        "from click.testing import CliRunner\n"
        "from corpus.build_corpus import CASES\n"
        "from scorecard.cli import cli\n"
        "root = Path(sys.argv[1])\n"
        "for c in CASES:\n"
        "    d = root / c.name\n"
        "    d.mkdir()\n"
        "    saved = {k: os.environ.get(k) for k in c.env}\n"
        "    os.environ.update(c.env)\n"
        "    try:\n"
        "        p = c.build(d)\n"
        "        r = CliRunner().invoke(cli, ['score', str(p['workbook']), '--rubric', str(p['rubric']), *c.args])\n"
        "        assert r.exit_code == c.exit, (c.name, r.output[-300:])\n"
        "    finally:\n"
        "        for k, v in saved.items():\n"
        "            os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)\n"
        "        shutil.rmtree(d, ignore_errors=True)\n"
        "print(len(CASES), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")
    res = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=900,
                         env={**os.environ, "PYTHONPATH": str(tests.parent)})
    assert res.returncode == 0, res.stderr[-3000:]
    n, peak_kb = map(int, res.stdout.split()[-2:])
    assert n == len(CASES)
    print(f"corpus: {n} cases, peak {peak_kb // 1024} MB")  # shown with pytest -s
    assert peak_kb < 500 * 1024, f"peak {peak_kb // 1024} MB over {n} cases"
