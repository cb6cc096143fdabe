"""How ``-o PATH`` is spelled matters (docs/reliability.md, "Writing outputs"; docs/output.md).

* A final ``/`` (or ``/.``) names a folder. ``score -o nn.json/`` wrote a file called ``nn.json``:
  Path() drops the slash. A one-file output is refused (exit 1, nothing written, no folder made)
  with both ways out: leave out the slash, or name a file in that folder. Commands that write into a
  folder (``init DIR/``, ``report --all -o DIR/``, ``demo -o DIR/``) take it as the folder it is.
* ``-o -`` (or /dev/stdout) is the standard output, not a file: no "Ditulis: -" / "Written: -"
  (``report -o -`` and ``brief -o -`` printed it on stdout, inside the HTML they had written)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from scorecard.cli import cli
from scorecard.io.output import is_standard_stream, names_folder
from scorecard.resources import indicators_dir

SAMPLE = str(indicators_dir() / "contoh_smart_city.xlsx")
REHEARSAL = str(indicators_dir() / "contoh_rehearsal_kota_balikpapan.xlsx")

WORDS = {
    "id": "-o {path} berakhiran '{tail}', jadi menamai sebuah folder, padahal keluaran ini satu file; tidak ada yang "
          "ditulis. Hapus '{tail}' di akhir (-o {name}) atau berikan nama file di folder itu (-o {name}/{example}).",
    "en": "-o {path} ends in '{tail}', so it names a folder, but this output is a single file; nothing was written. "
          "Leave out the final '{tail}' (-o {name}) or name a file in that folder (-o {name}/{example}).",
}

COMMANDS = [
    (["score", SAMPLE], "nn.json", {"id": "hasil.txt", "en": "result.txt"}),
    (["score", SAMPLE, "--format", "csv"], "nn.json", {"id": "hasil.csv", "en": "result.csv"}),  # not a mismatch
    (["recommend", SAMPLE, "--focus", "64.71"], "r.json", {"id": "hasil.txt", "en": "result.txt"}),
    (["whatif", SAMPLE, "--focus", "64.71", "--set", "indeks_spbe=3,6"], "w.txt",
     {"id": "hasil.txt", "en": "result.txt"}),
    (["context", "--focus", "Kota Madiun", "--format", "json"], "c.json", {"id": "hasil.json", "en": "result.json"}),
    (["report", SAMPLE, "--focus", "64.71"], "r.html", {"id": "laporan.html", "en": "report.html"}),
    (["brief", SAMPLE, "--focus", "64.71"], "b.docx", {"id": "telaahan_staf.docx", "en": "staff_brief.docx"}),
    (["rehearse", REHEARSAL, "--stage", "1"], "g.html", {"id": "laporan_gladi.html", "en": "rehearsal.html"}),
]


@pytest.mark.parametrize("args, name, example", COMMANDS)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_final_slash_names_a_folder_never_the_file(tmp_path, args, name, example, lang):
    path = f"{tmp_path / name}/"
    res = CliRunner().invoke(cli, ["--lang", lang, *args, "-o", path])
    assert res.exit_code == 1, res.output
    text = " ".join(res.stderr.split())
    want = WORDS[lang].format(path=path, tail="/", name=tmp_path / name, example=example[lang])
    assert want in text, text
    assert "Traceback" not in res.output
    assert list(tmp_path.iterdir()) == []  # neither the file nn.json nor a folder


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_final_dot_component_names_a_folder_too(tmp_path, lang):
    path = f"{tmp_path / 'nn'}/."
    res = CliRunner().invoke(cli, ["--lang", lang, "score", SAMPLE, "--format", "json", "-o", path])
    assert res.exit_code == 1, res.output
    want = WORDS[lang].format(path=path, tail="/.", name=tmp_path / "nn",
                              example="hasil.json" if lang == "id" else "result.json")
    assert want in " ".join(res.stderr.split())
    assert list(tmp_path.iterdir()) == []


def test_a_final_slash_after_an_existing_file_leaves_it_alone(tmp_path):
    """`-o skor.json/` when skor.json is a file (an earlier score output, which -o skor.json would
    replace): refused as a folder spelling, not a 'Not a directory' write error; the file is kept."""
    old = tmp_path / "skor.json"
    assert CliRunner().invoke(cli, ["score", SAMPLE, "-o", str(old)]).exit_code == 0
    before = old.read_bytes()
    res = CliRunner().invoke(cli, ["--lang", "en", "score", SAMPLE, "-o", f"{old}/", "--force"])
    assert res.exit_code == 1 and "so it names a folder" in res.stderr, res.output
    assert old.read_bytes() == before


def test_an_existing_folder_with_a_final_slash_gets_one_slash_in_the_hint(tmp_path):
    folder = tmp_path / "keluaran"
    folder.mkdir()
    res = CliRunner().invoke(cli, ["score", SAMPLE, "-o", f"{folder}/"])
    assert res.exit_code == 1
    assert f"-o {folder}/hasil.txt." in " ".join(res.stderr.split()) and "//" not in res.stderr


def test_a_folder_writing_command_takes_the_final_slash_as_its_folder(tmp_path):
    target = tmp_path / "kerja"
    res = CliRunner().invoke(cli, ["init", f"{target}/", "--regions", "Kota Madiun", "--year", "2024"])
    assert res.exit_code == 0, res.output
    assert target.is_dir() and list(target.glob("template_*.xlsx"))


def test_the_spelling_rules():
    assert names_folder("hasil.json/") and names_folder("a/b/") and names_folder("a/.") and names_folder("a/..")
    assert not names_folder("hasil.json") and not names_folder("a/.hidden") and not names_folder("a/b..")
    assert not names_folder("-") and not names_folder(None)
    assert is_standard_stream("-") and is_standard_stream("/dev/stdout") and is_standard_stream("/dev/stderr")
    assert not is_standard_stream("/dev/null") and not is_standard_stream("-x") and not is_standard_stream(None)


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scorecard", *args], capture_output=True, timeout=300)


def test_subprocess_final_slash_exit_code(tmp_path):
    proc = _run("score", SAMPLE, "-o", f"{tmp_path / 'nn.json'}/")
    assert proc.returncode == 1 and b"menamai sebuah folder" in proc.stderr
    assert not (tmp_path / "nn.json").exists()


@pytest.mark.parametrize("target", ["-", "/dev/stdout"])
def test_standard_output_is_not_called_a_file(target):
    proc = _run("score", SAMPLE, "--format", "csv", "-o", target)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(b"rank,code,name")
    assert b"Ditulis" not in proc.stderr and b"Ditulis" not in proc.stdout


@pytest.mark.parametrize("args, key", [
    (["report", SAMPLE, "--focus", "64.71", "--lang", "en"], b"Report written"),
    (["brief", SAMPLE, "--focus", "64.71"], b"Telaahan staf ditulis"),
])
def test_a_page_written_to_standard_output_ends_with_the_page(args, key):
    """The HTML on stdout is the whole output: "Report written: -" used to follow </html>."""
    proc = _run(*args, "-o", "-")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.rstrip().endswith(b"</html>"), proc.stdout[-200:]
    assert key not in proc.stdout and key not in proc.stderr


def test_a_file_is_still_announced(tmp_path):
    res = CliRunner().invoke(cli, ["--lang", "en", "score", SAMPLE, "-o", str(tmp_path / "s.csv")])
    assert res.exit_code == 0 and f"Written: {tmp_path / 's.csv'}" in res.stderr
