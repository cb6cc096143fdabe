"""Villages after the QA attack (issue 17 part 3): the sample handed out by ``demo --desa``, the
commands of docs/units.md run as written from a fresh folder, ``init`` with a unit list, the rubric's
``units:`` key located when its file is missing, ``--units`` on ``brief``, unit-list validation,
village labels and messages."""

from __future__ import annotations

import os
import re
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard import resources
from scorecard.cli import cli

ROOT = Path(__file__).resolve().parent.parent
UNITS = resources.indicators_dir() / "contoh_desa_units.csv"
SAMPLE = resources.indicators_dir() / "contoh_desa.xlsx"


def run(*args, lang: str = "id"):
    return CliRunner().invoke(cli, ["--lang", lang, *[str(a) for a in args]])


def scorecard(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "scorecard", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def test_docs_units_sample_commands_work_as_written_from_an_empty_folder(tmp_path):
    """docs/units.md's first bash block: `demo --desa -o DIR`, `cd DIR`, then the commands, each
    run as a subprocess from a folder that is not the checkout (as after `pip install .`)."""
    text = (ROOT / "docs" / "units.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n(.*?)```", text, re.S).group(1)
    cwd = tmp_path
    commands = [line for line in block.splitlines() if line.strip()]
    assert commands[0].startswith("scorecard demo --desa")
    for line in commands:
        argv = shlex.split(line)
        if argv[0] == "cd":
            cwd = cwd / argv[1]
            continue
        assert argv[0] == "scorecard"
        done = scorecard(argv[1:], cwd)
        assert done.returncode == 0, (line, done.stderr[-2000:])
    assert {"contoh_desa.xlsx", "contoh_desa_units.csv", "indeks_desa_contoh.yaml", "skor.json",
            "desa_cibodas.html"} <= {p.name for p in cwd.iterdir()}
    assert "units: contoh_desa_units.csv" in (cwd / "indeks_desa_contoh.yaml").read_text(encoding="utf-8")


def test_init_with_the_village_rubric_writes_a_working_folder(tmp_path):
    out = tmp_path / "desa"
    res = run("init", "--rubric", "indeks_desa_contoh", out)
    assert res.exit_code == 0, res.output
    assert (out / "contoh_desa_units.csv").read_bytes() == UNITS.read_bytes()
    assert "\nunits: contoh_desa_units.csv\n" in (out / "rubrik_indeks_desa_contoh.yaml").read_text(encoding="utf-8")
    assert "24 wilayah" in res.output  # one row per unit of the list, not 0
    from openpyxl import load_workbook

    ws = load_workbook(out / "template_indeks_desa_contoh.xlsx", read_only=True)["wilayah"]
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "Desa Cibodas" in cells and "33.08.03.2006" in cells
    # the template's rubric copy finds its unit list: validate fails only on the empty values
    res = run("validate", out / "template_indeks_desa_contoh.xlsx")
    assert "tidak ditemukan" not in res.output and "tidak ada yang dapat dinilai" in res.output, res.output


@pytest.mark.parametrize("lang, words", [("id", ["kunci units", "baris teks", "'nope/x.csv'", "--units FILE"]),
                                         ("en", ["key units", "line", "'nope/x.csv'", "--units FILE"])])
def test_missing_units_file_is_reported_at_the_rubric_key(tmp_path, lang, words):
    rubric = tmp_path / "r.yaml"
    text = (resources.rubrics_dir() / "indeks_desa_contoh.yaml").read_text(encoding="utf-8")
    rubric.write_text(re.sub(r"(?m)^units:.*$", "units: nope/x.csv", text), encoding="utf-8")
    line = 1 + text.split("\nunits:")[0].count("\n") + 1
    res = run("score", SAMPLE, "--rubric", rubric, lang=lang)
    assert res.exit_code == 1, res.output
    assert f"{rubric}" in res.output and str(line) in res.output
    for w in words:
        assert w in res.output, (w, res.output)
    assert "Traceback" not in res.output


def test_brief_accepts_units(tmp_path):
    out = tmp_path / "t.html"
    res = run("brief", SAMPLE, "--rubric", "indeks_desa_contoh", "--units", UNITS, "--focus", "Desa Cibodas",
              "-o", out)
    assert res.exit_code == 0, res.output
    assert "Desa Cibodas" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang, said", [("id", "FIFO (pipa bernama)"), ("en", "FIFO (named pipe)")])
def test_a_fifo_as_unit_list_is_called_a_fifo(tmp_path, lang, said):
    fifo = tmp_path / "u.csv"
    os.mkfifo(fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    res = run("score", SAMPLE, "--rubric", "indeks_desa_contoh", "--units", fifo, lang=lang)
    assert res.exit_code == 1 and said in res.output, res.output
    assert "folder" not in res.output


HEADER = "kemendagri_code,name_title,type,province_name,kabupaten,kecamatan,lat,lng,area_km2,population\n"


def unit_list(tmp_path, rows: list[str]) -> Path:
    """The sample unit list with some rows replaced (row n of the file = index n-2 of the data)."""
    lines = UNITS.read_text(encoding="utf-8").splitlines()
    assert lines[0] + "\n" == HEADER
    body = lines[1:]
    for spec in rows:
        n, text = spec.split(":", 1)
        body[int(n) - 2] = text
    p = tmp_path / "u.csv"
    p.write_text("\n".join([lines[0], *body]) + "\n", encoding="utf-8")
    return p


BAD = [
    "3:33.08.01.2002,Desa Mekarsari,desa,Jawa Tengah,Kabupaten Magelang,Kecamatan Contoh Utara,-95,500,6.35,5945",
    "4:33.08.01.2003,Desa Sidomulyo,desa,Papua,Kabupaten Magelang,Kecamatan Contoh Utara,-7.5,110.2,-5,0",
    "5:99.01.01.2004,Desa Tegalrejo,desa,,Kabupaten Magelang,Kecamatan Contoh Utara,-7.5,110.2,5,100",
    "6:33.08.01.2005,Desa Wonosari,kelurahan,Jawa Tengah,Kabupaten Magelang,Kecamatan Contoh Utara,-7.5,110.2,5,100",
]


@pytest.mark.parametrize("lang, expected", [
    ("id", ["baris 3, kolom G (lat): -95 di luar wilayah Indonesia; yang diharapkan: angka -11,5 … 6,5",
            "baris 3, kolom H (lng): 500 di luar wilayah Indonesia",
            "baris 4, kolom D (province_name): provinsi 'Papua' bertentangan dengan kode 33.08.01.2003, yang berada "
            "di provinsi Jawa Tengah",
            "baris 4, kolom I (area_km2): -5 tidak masuk akal; yang diharapkan: angka > 0",
            "baris 4, kolom J (population): 0 tidak masuk akal",
            "baris 5, kolom A (kemendagri_code): kode unit '99.01.01.2004': provinsi 99 tidak ada",
            "baris 6, kolom C (type): jenis 'kelurahan' bertentangan dengan kode 33.08.01.2005"]),
    ("en", ["row 3, column G (lat): -95 is outside Indonesia; expected: a number -11.5 … 6.5",
            "row 4, column D (province_name): province 'Papua' contradicts the code 33.08.01.2003, which is in the "
            "province Jawa Tengah",
            "row 4, column I (area_km2): -5 makes no sense; expected: a number > 0",
            "row 5, column A (kemendagri_code): unit code '99.01.01.2004': province 99 does not exist",
            "row 6, column C (type): type 'kelurahan' contradicts the code 33.08.01.2005"]),
])
def test_unit_list_nonsense_is_located_errors(tmp_path, lang, expected):
    res = run("score", SAMPLE, "--rubric", "indeks_desa_contoh", "--units", unit_list(tmp_path, BAD), lang=lang)
    assert res.exit_code == 1, res.output
    for text in expected:
        assert text in res.output, (text, res.output)


def test_unknown_kabupaten_and_odd_village_number(tmp_path):
    """33.98 is no kabupaten/kota of Jawa Tengah: an error. A number 4xxx follows none of the
    Kepmendagri blocks (1 kelurahan, 2 desa, 3 desa adat): only a warning, the rule is not known
    to be exhaustive, so a 3xxx desa adat passes silently."""
    rows = ["3:33.98.01.2002,Desa Mekarsari,desa,Jawa Tengah,,,,,,",
            "4:33.08.01.4003,Desa Sidomulyo,desa,Jawa Tengah,,,,,,"]
    res = run("score", SAMPLE, "--rubric", "indeks_desa_contoh", "--units", unit_list(tmp_path, rows))
    assert "baris 3, kolom A (kemendagri_code): kode unit '33.98.01.2002': kabupaten/kota 33.98 tidak ada" \
        in res.output, res.output
    assert "Peringatan: " in res.output and "33.08.01.4003': nomor desa/kelurahan tidak diawali 1" in res.output
    rows = ["4:33.08.01.3003,Desa Sidomulyo,desa,Jawa Tengah,,,,,,"]
    res = run("score", SAMPLE, "--rubric", "indeks_desa_contoh", "--units", unit_list(tmp_path, rows))
    assert res.exit_code == 1 and "Peringatan" not in res.output  # the workbook still lists 33.08.01.2003


@pytest.mark.parametrize("lang, texts", [
    ("id", ["kecamatan 33.08.01 bernama 'Kecamatan Contoh Selatan' di sini tetapi 'Kecamatan Contoh Utara' di baris 2",
            "nama kecamatan 'Kecamatan Contoh Utara' dipakai untuk kode 33.08.02 di sini dan untuk 33.08.01 di baris 2",
            "kabupaten/kota 33.08 bernama 'Kabupaten Lain' di sini"]),
    ("en", ["kecamatan 33.08.01 is named 'Kecamatan Contoh Selatan' here but 'Kecamatan Contoh Utara' in row 2",
            "the kecamatan name 'Kecamatan Contoh Utara' is used for code 33.08.02 here and for 33.08.01 in row 2"]),
])
def test_kecamatan_and_kabupaten_names_must_agree_with_codes(tmp_path, lang, texts):
    """QA: villages of 33.08.01 labelled like another kecamatan were grouped by name while hosts
    were preferred by code; now the list is refused where the names contradict the codes."""
    body = UNITS.read_text(encoding="utf-8").splitlines()
    rows = [f"3:{body[2].replace('Kecamatan Contoh Utara', 'Kecamatan Contoh Selatan')}"]
    i = next(k for k, line in enumerate(body) if line.startswith("33.08.02."))
    rows.append(f"{i + 1}:{re.sub(r'Kecamatan Contoh [A-Za-z]+', 'Kecamatan Contoh Utara', body[i])}")
    rows.append(f"4:{re.sub(r'Kabupaten Magelang[^,]*', 'Kabupaten Lain', body[3])}")
    res = run("validate", SAMPLE, "--rubric", "indeks_desa_contoh", "--units", unit_list(tmp_path, rows), lang=lang)
    assert res.exit_code == 1
    for text in texts:
        assert text in res.output, (text, res.output)


def test_unit_list_size_is_bounded_before_reading(tmp_path, monkeypatch):
    from scorecard import units

    big = tmp_path / "big.csv"
    big.write_text(HEADER + "33.08.01.2001,Desa A,desa,,,,,,,\n" * 30, encoding="utf-8")
    monkeypatch.setenv(units.ENV_UNITS, "20")
    res = run("score", SAMPLE, "--rubric", "indeks_desa_contoh", "--units", big, lang="en")
    assert res.exit_code == 1 and "the unit list has 30 rows, above the limit of 20" in res.output, res.output
    monkeypatch.delenv(units.ENV_UNITS)
    monkeypatch.setenv(units.ENV_UNITS_MB, "0.001")
    res = run("score", SAMPLE, "--rubric", "indeks_desa_contoh", "--units", big)
    assert res.exit_code == 1 and "melebihi batas 0.001 MB" in res.output and "SCORECARD_MAX_UNITS_MB" in res.output
    monkeypatch.delenv(units.ENV_UNITS_MB)
    # the workbook row limit a unit list raises is bounded by the unit-list limit itself
    assert units.unit_limits(10**9)["rows"] == units.ROWS_PER_UNIT * units.MAX_UNITS + 10_000


@pytest.mark.parametrize("lang, label, wrong", [("id", "jenis yang sama, desa atau kelurahan", "kota/kabupaten"),
                                                ("en", "same type, desa or kelurahan", "kota/kabupaten")])
def test_peers_type_among_villages_is_labelled_desa_kelurahan(lang, label, wrong):
    for args in (("score",), ("recommend", "--focus", "Desa Cibodas")):
        res = run(*args, SAMPLE, "--rubric", "indeks_desa_contoh", "--units", UNITS, "--peers", "type", lang=lang)
        assert res.exit_code == 0, res.output
        assert label in res.output and wrong not in res.output, res.output


def _text(path: Path) -> str:
    import html as html_mod

    return " ".join(html_mod.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))).split())


@pytest.mark.parametrize("lang, to, standing, weak", [
    ("id", "Yth. Kepala Desa Cibodas", "Desa Cibodas: peringkat 24 dari 24, skor 27,9. Bidang lemah",
     "menambah sedikitnya 0,5 poin skor total."),
    ("en", "Head of Desa Cibodas", "Desa Cibodas: rank 24 of 24, score 27.9. Weak areas",
     "adds at least 0.5 overall points."),
])
def test_village_telaahan_is_addressed_to_the_village_head_without_empty_clauses(tmp_path, lang, to, standing, weak):
    """Judgement (docs/units.md, "The telaahan and report for a village"): a desa's studi tiru is
    decided by its kepala desa (RKP Desa/APBDes, UU 6/2014), so the brief goes to the Kepala Desa,
    not a "Kepala Bappeda Desa …"; the sample has no year column and the village rubric no grades
    and no grade rule, so no "data –", "tahun –", "predikat –" nor "SAKIP di bawah A"."""
    out = tmp_path / "desa.html"
    res = run("report", SAMPLE, "--rubric", "indeks_desa_contoh", "--units", UNITS, "--focus", "Desa Cibodas",
              "-o", out, lang=lang)
    assert res.exit_code == 0, res.output
    tel = next(p for p in tmp_path.iterdir() if "telaahan" in p.name or "brief" in p.name)
    brief, report = _text(tel), _text(out)
    assert to in brief and "Bappeda" not in brief
    assert standing in brief and weak in brief
    for empty in ("data –", "tahun –", "year –", "predikat –", "grade –", "SAKIP"):
        assert empty not in brief, empty
    assert ("dengan skor 27,9." if lang == "id" else "with a score of 27.9.") in report
    for empty in ("data tahun –", "data year –", "predikat –.", "grade –."):
        assert empty not in report, empty


def test_kabupaten_kota_telaahan_keeps_bappeda_year_and_grade(tmp_path):
    """The same brief for Kota Balikpapan (sample with years and SAKIP) is unchanged: Bappeda,
    the data year, the grade and the SAKIP example (its rule applies)."""
    out = tmp_path / "b.html"
    res = run("brief", resources.sample_workbook(), "--focus", "Kota Balikpapan", "-o", out)
    assert res.exit_code == 0, res.output
    text = _text(out)
    assert "Yth. Kepala Bappeda Kota Balikpapan" in text and "SAKIP di bawah A" in text
    assert re.search(r"berdasarkan data 20\d\d", text)


@pytest.mark.parametrize("lang, said", [("id", "kolom 'lat', 'lng', 'luas_km2', 'penduduk', 'provinsi', 'tipe' diisi dari "
                                               "daftar unit"),
                                        ("en", "columns 'lat', 'lng', 'luas_km2', 'penduduk', 'provinsi', 'tipe' were "
                                               "filled from the unit list")])
def test_filled_from_units_names_only_columns_the_unit_list_has(lang, said):
    """The sample unit list has no jumlah_desa/jumlah_kecamatan/jumlah_kelurahan: not named."""
    res = run("score", SAMPLE, "--rubric", "indeks_desa_contoh", "--units", UNITS, lang=lang)
    assert res.exit_code == 0 and said in res.output and "jumlah_" not in res.output, res.output


@pytest.mark.parametrize("lang, texts", [
    ("id", ["'33.08.01.2001' adalah desa/kelurahan (kode PP.KK.CC.DDDD", "Berikan --units DAFTAR_UNIT.csv"]),
    ("en", ["'33.08.01.2001' is a desa/kelurahan (code PP.KK.CC.DDDD", "Give --units UNIT_LIST.csv"]),
])
def test_village_workbook_without_units_hints_at_units(tmp_path, lang, texts):
    rubric = tmp_path / "r.yaml"
    text = (resources.rubrics_dir() / "indeks_desa_contoh.yaml").read_text(encoding="utf-8")
    rubric.write_text(re.sub(r"(?m)^units:.*$", "", text), encoding="utf-8")
    res = run("validate", SAMPLE, "--rubric", rubric, lang=lang)
    assert res.exit_code == 1
    for t in texts:
        assert t in res.output, (t, res.output)
    assert "PP.KK, contoh 35.77" not in res.output and "PP.KK, e.g. 35.77" not in res.output
    res = run("recommend", resources.sample_workbook(), "--focus", "33.08.01.2001", lang=lang)
    assert res.exit_code == 1 and texts[1] in res.output, res.output


@pytest.mark.parametrize("lang, texts, wrong", [
    ("id", ["kode '33.08.09.2001' tidak ada di daftar unit yang dipakai", "PP.KK.CC.DDDD"], "kabupaten/kota"),
    ("en", ["code '33.08.09.2001' is not in the unit list in force", "PP.KK.CC.DDDD"], "kabupaten/kota"),
])
def test_village_code_missing_from_the_unit_list(lang, texts, wrong):
    res = run("recommend", SAMPLE, "--rubric", "indeks_desa_contoh", "--units", UNITS, "--focus", "33.08.09.2001",
              lang=lang)
    assert res.exit_code == 1
    for t in texts:
        assert t in res.output, (t, res.output)
    assert wrong not in res.output


@pytest.mark.parametrize("lang, said", [("id", "Nama desa berulang; berikan kode desa/kelurahan (PP.KK.CC.DDDD)"),
                                        ("en", "Village names repeat; give the desa/kelurahan code (PP.KK.CC.DDDD)")])
def test_ambiguous_village_name_asks_for_the_village_code(tmp_path, lang, said):
    """Two Desa Sukamaju (as in real life): the advice is the village code, never "Kota …/
    Kabupaten …" nor "--focus 35.77"."""
    body = UNITS.read_text(encoding="utf-8").splitlines()
    i = next(k for k, line in enumerate(body) if line.startswith("33.08.03."))
    name = body[i].split(",")[1]
    units = unit_list(tmp_path, [f"{i + 1}:{body[i].replace(name, 'Desa Sukamaju')}"])
    wb = tmp_path / "w.xlsx"
    from openpyxl import load_workbook

    book = load_workbook(SAMPLE)
    ws = book["wilayah"]
    for row in ws.iter_rows():
        for c in row:
            if c.value == name:
                c.value = "Desa Sukamaju"
    book.save(wb)
    res = run("recommend", wb, "--rubric", "indeks_desa_contoh", "--units", units, "--focus", "Desa Sukamaju",
              lang=lang)
    assert res.exit_code == 1 and said in res.output, res.output
    assert "35.77" not in res.output and "Kabupaten …" not in res.output


def test_village_report_has_no_empty_grade_card(tmp_path):
    """The village rubric grades nothing: the summary cards show rank, score, peers, coverage and
    no "Predikat –" card (the kabupaten/kota sample keeps its grade card)."""
    out = tmp_path / "d.html"
    assert run("report", SAMPLE, "--rubric", "indeks_desa_contoh", "--units", UNITS, "--focus", "Desa Cibodas",
               "-o", out).exit_code == 0
    assert "Predikat –" not in _text(out) and "Skor keseluruhan 27,9" in _text(out)
    out = tmp_path / "k.html"
    assert run("report", resources.sample_workbook(), "--focus", "Kota Balikpapan", "-o", out).exit_code == 0
    assert "Posisi relatif Paruh atas" in _text(out)  # its relative band card stays


@pytest.mark.parametrize("lang, texts", [
    ("id", ["opsi --focus: '33.08.03.2006' adalah desa/kelurahan", "hanya per kabupaten/kota, tanpa desa/kelurahan",
            "(--focus 33.08)"]),
    ("en", ["option --focus: '33.08.03.2006' is a desa/kelurahan", "per kabupaten/kota, with no desa/kelurahan",
            "(--focus 33.08)"]),
])
def test_context_with_a_village_code_names_the_option_and_says_why(lang, texts):
    res = run("context", "--focus", "33.08.03.2006", lang=lang)
    assert res.exit_code == 1
    for t in texts:
        assert t in res.output, (t, res.output)
    assert "--units DAFTAR" not in res.output and "--units UNIT" not in res.output  # context has no --units


def test_init_regions_names_villages_of_the_unit_list(tmp_path):
    """QA: `init --regions "Desa Sukamaju"` was refused as "not among the 514 kab/kota"."""
    res = run("init", "--rubric", "indeks_desa_contoh", "--regions", "Desa Cibodas,33.08.01.2001", tmp_path / "t",
              lang="en")
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[-1].startswith("2 "), res.output


def test_demo_desa_in_english(tmp_path):
    res = run("demo", "--desa", "-o", tmp_path / "v", lang="en")
    assert res.exit_code == 0, res.output
    assert "Village sample (synthetic, 24 invented desa/kelurahan)" in res.output
    assert {p.name for p in (tmp_path / "v").iterdir()} == {"contoh_desa.xlsx", "contoh_desa_units.csv",
                                                           "indeks_desa_contoh.yaml", "scores.json", "scores.csv"}
    # the copies may have been edited since: a second run replaces them only with --force
    again = run("demo", "--desa", "-o", tmp_path / "v", lang="en")
    assert again.exit_code == 1 and "--force" in again.output and "contoh_desa_units.csv" in again.output
    assert run("demo", "--desa", "-o", tmp_path / "v", "--force", lang="en").exit_code == 0


@pytest.mark.parametrize("lang, said, wrong", [
    ("id", "Ini posisi relatif, bukan status atau predikat resmi.", "SAKIP"),
    ("en", "They are relative positions, not an official status or grade.", "SAKIP"),
])
def test_village_scores_do_not_point_at_grades_the_rubric_does_not_have(lang, said, wrong):
    """The note under relative scores named SAKIP, RB, SPBE and BPK opinions for the village
    rubric, which has none of them; it now says what the scores are (relative, no status)."""
    res = run("score", SAMPLE, "--rubric", "indeks_desa_contoh", "--units", UNITS, lang=lang)
    assert res.exit_code == 0 and said in res.output and wrong not in res.output, res.output
    res = run("score", resources.sample_workbook(), lang=lang)
    assert "SAKIP" in res.output  # the Smart City rubric grades SAKIP: its note keeps them


@pytest.mark.parametrize("lang, grade_word, columns", [
    ("id", "Predikat", ["#", "Bidang", "Tingkat", "Skor", "Tolok", "ukur", "Dampak", "Dasar"]),
    ("en", "Grade", ["#", "Area", "Level", "Score", "Benchmark", "Impact", "Flagged", "by"])])
def test_recommend_table_has_no_grade_column_when_the_rubric_grades_nothing(lang, grade_word, columns):
    """The village rubric has no grades: a 'Predikat' column of '-' on every row says nothing, so it
    is left out; the kab/kota sample (SAKIP, RB, opinions) keeps it."""
    out = run("recommend", str(SAMPLE), "--rubric", "indeks_desa_contoh", "--units", str(UNITS),
              "--focus", "Desa Cibodas", lang=lang)
    assert out.exit_code == 0, out.output
    header = next(line for line in out.stdout.splitlines() if line.startswith("#  "))
    assert header.split() == columns and grade_word not in header
    kabkota = run("recommend", str(resources.indicators_dir() / "contoh_smart_city.xlsx"), "--focus", "64.71",
                  lang=lang)
    assert grade_word in next(line for line in kabkota.stdout.splitlines() if line.startswith("#  "))


@pytest.mark.parametrize("lang, drafter, role, nip", [
    ("id", "Kepala Urusan Perencanaan (disusun dengan scorecard)", "Kepala Urusan Perencanaan,", "NIP"),
    ("en", "Head of planning affairs (prepared with scorecard)", "Head of planning affairs,", "Staff ID")])
def test_village_brief_is_drafted_by_the_desa_planning_officer_without_nip(tmp_path, lang, drafter, role, nip):
    """A desa's telaahan is drafted by its Kaur Perencanaan (Permendagri 84/2015), not by Bappeda's
    planning analyst, and perangkat desa have no NIP: no NIP (Staff ID) line under the signature. A
    kabupaten/kota brief keeps the analyst and the NIP line."""
    import docx

    out = tmp_path / "desa.docx"
    res = run("brief", SAMPLE, "--rubric", "indeks_desa_contoh", "--units", UNITS, "--focus", "Desa Cibodas",
              "-o", out, lang=lang)
    assert res.exit_code == 0, res.output
    doc = docx.Document(str(out))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    paras = [p.text for p in doc.paragraphs]
    assert drafter in cells and role in paras
    assert not any(p.startswith(nip) for p in paras)
    kab = tmp_path / "kota.docx"
    res = run("brief", resources.indicators_dir() / "contoh_smart_city.xlsx", "--focus", "64.71", "-o", kab, lang=lang)
    assert res.exit_code == 0, res.output
    kdoc = docx.Document(str(kab))
    kparas = [p.text for p in kdoc.paragraphs]
    assert any(p.startswith(nip) for p in kparas) and role not in kparas


def test_village_report_tables_have_no_grade_column_of_dashes(tmp_path):
    """The village rubric grades nothing: the dimension and ranking tables of the page leave out
    the "Predikat" column (it would be "–" on every row); the kabupaten/kota sample keeps it."""
    import re

    from scorecard.io.rubric_file import load_rubric
    from scorecard.judgement import band_heading

    def headers(page: Path) -> list[list[str]]:
        html = page.read_text(encoding="utf-8")
        return [[re.sub(r"<[^>]+>", "", th).strip() for th in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)]
                for head in re.findall(r"<thead>(.*?)</thead>", html, re.S)]

    out = tmp_path / "d.html"
    assert run("report", SAMPLE, "--rubric", "indeks_desa_contoh", "--units", UNITS, "--focus", "Desa Cibodas",
               "-o", out).exit_code == 0
    village = headers(out)
    assert any("Peringkat" in h for h in village) and not any("Predikat" in h for h in village), village
    out = tmp_path / "k.html"
    assert run("report", resources.sample_workbook(), "--focus", "Kota Balikpapan", "-o", out).exit_code == 0
    heading = band_heading(load_rubric("smart_city"), "id")
    assert sum(heading in h for h in headers(out)) >= 2  # dimensions and ranking keep it


@pytest.mark.parametrize("lang", ["id", "en"])
def test_village_excel_report_has_no_grade_columns_of_blanks(tmp_path, lang):
    """The Excel report follows the page's rule (``has_bands``: the rubric's ``scoring.scale``): the
    village rubric bands no dimension, so the Dimensi/Dimensions sheet has score and rank per
    dimension and no "predikat"/"grade" column; no village indicator reads a graded column (SAKIP,
    BPK opinion), so the Indikator/Indicators sheet has no grade column either. The kabupaten/kota
    sample keeps both (its rubric bands dimensions, SAKIP/RB/SPBE are grades)."""
    from openpyxl import load_workbook

    from scorecard import i18n

    def headers(path: Path) -> dict[str, list[str]]:
        wb = load_workbook(path, read_only=True)
        return {ws.title: [c for c in next(ws.iter_rows(min_row=1, max_row=1, values_only=True)) if c]
                for ws in wb.worksheets}

    grade = i18n.t("report.col.grade", lang)
    dims, inds = i18n.t("report.sheet.dimensions", lang), i18n.t("report.sheet.indicators", lang)
    out = tmp_path / "d.xlsx"
    assert run("report", SAMPLE, "--rubric", "indeks_desa_contoh", "--units", UNITS, "--focus", "Desa Cibodas",
               "-o", out, lang=lang).exit_code == 0
    h = headers(out)
    social = "Ketahanan sosial" if lang == "id" else "Social resilience"
    assert [c for c in h[dims] if c.startswith(social)] == [
        i18n.t("report.col.dim-score", lang, dim=social), i18n.t("report.col.dim-rank", lang, dim=social)]
    assert len(h[dims]) == 2 + 2 * 3  # code, region; score and rank of three dimensions
    assert grade not in h[inds] and i18n.t("report.col.score", lang) in h[inds]
    # the rows follow their header: the score column holds scores (numbers), not the dropped grade
    wb = load_workbook(out, read_only=True)
    rows = list(wb[inds].iter_rows(min_row=1, max_row=3, values_only=True))
    score_at = list(rows[0]).index(i18n.t("report.col.score", lang))
    assert isinstance(rows[1][score_at], (int, float)) and isinstance(rows[1][score_at - 1], (int, float))
    out = tmp_path / "k.xlsx"
    assert run("report", resources.sample_workbook(), "--focus", "Kota Balikpapan", "-o", out,
               lang=lang).exit_code == 0
    h = headers(out)
    assert grade in h[inds] and len(h[dims]) == 2 + 3 * 6  # score, rank and band of six dimensions


@pytest.mark.parametrize("lang", ["id", "en"])
def test_village_score_table_has_no_grade_column_of_dashes(lang):
    """``score``'s terminal table follows the same rule: no band scale, no "Predikat"/"Grade"
    column; the score is followed by the first dimension's score."""
    from scorecard.io.rubric_file import load_rubric
    from scorecard.judgement import band_heading

    res = run("score", SAMPLE, "--rubric", "indeks_desa_contoh", "--units", UNITS, lang=lang)
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith(("Peringkat", "Rank")))
    cols = re.split(r"\s{2,}", lines[head].strip())
    social = "Ketahanan sosial" if lang == "id" else "Social resilience"
    assert cols[3:5] == [("Skor" if lang == "id" else "Score"), social], cols
    first = re.split(r"\s{2,}", lines[head + 2].strip())
    assert len(first) == len(cols) and first[0] == "1/24" and "-" not in first[3:], first
    res = run("score", resources.sample_workbook(), lang=lang)
    assert band_heading(load_rubric("smart_city"), lang) in res.output


@pytest.mark.parametrize("lang", ["id", "en"])
def test_village_index_page_has_no_grade_column_and_no_year_dash(tmp_path, lang):
    """``report --all``'s index page follows the same rule (no band scale: no "Predikat" column of
    "–"), and a workbook without a year column gets a title without "data tahun –"."""
    from scorecard.io.rubric_file import load_rubric
    from scorecard.judgement import band_heading

    out = tmp_path / "semua"
    res = run("report", SAMPLE, "--rubric", "indeks_desa_contoh", "--units", UNITS, "--all", "-o", out, "-j", "1",
              lang=lang)
    assert res.exit_code == 0, res.output
    html = (out / "index.html").read_text(encoding="utf-8")
    heads = [re.sub(r"<[^>]+>|[↕▲▼]", "", th).strip() for th in re.findall(r"<th[^>]*>(.*?)</th>", html, re.S)]
    assert heads[:4] == (["Peringkat", "Wilayah", "Kode", "Skor"] if lang == "id" else ["Rank", "Region", "Code", "Score"])
    assert band_heading(load_rubric("smart_city"), lang) not in heads and "Predikat" not in heads, heads
    title = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert "–" not in title.split("—", 1)[1] and ("tahun" not in title and "year" not in title), title
