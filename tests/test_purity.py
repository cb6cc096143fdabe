"""One language per output (issue 19): every output, rendered in id and in en, holds no word that
only the other language's catalogue uses (see ``purity.py`` for the rules).

Each output is registered in ``OUTPUTS`` as ``name -> (command line, files it writes)``; a new
command or output format is covered by adding one line here. A command listed in ``cli.COMMANDS``
without a line here fails ``test_every_command_is_covered``.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import purity
from scorecard import cli

ROOT = Path(__file__).resolve().parent.parent
SMART = ROOT / "indicators" / "contoh_smart_city.xlsx"
REHEARSAL = ROOT / "indicators" / "contoh_rehearsal_kota_balikpapan.xlsx"
FOCUS = "Kota Bandung"

# name -> (arguments after "scorecard --lang L", output files relative to the run folder);
# "{smart}", "{rehearsal}" and "{dir}" are filled in. stdout and stderr are always checked.
OUTPUTS: dict[str, tuple[list[str], list[str]]] = {
    "help": (["--help"], []),
    "score-table": (["score", "{smart}"], []),
    "score-json": (["score", "{smart}", "--format", "json", "--uncertainty", "--sensitivity", "--audit",
                    "--focus", FOCUS], []),
    "score-csv": (["score", "{smart}", "--format", "csv"], []),
    "recommend-table": (["recommend", "{smart}", "--focus", FOCUS], []),
    "recommend-json": (["recommend", "{smart}", "--focus", FOCUS, "--format", "json"], []),
    "report": (["report", "{smart}", "--focus", FOCUS, "-o", "{dir}/laporan.html", "--excel"],
               ["laporan.html", "laporan.xlsx"]),
    "report-all": (["report", "{smart}", "--all", "-o", "{dir}/semua", "-j", "1"], ["semua/index.html"]),
    "whatif": (["whatif", "{smart}", "--focus", FOCUS, "--set", "sanitasi_layak=90"], []),
    "whatif-json": (["whatif", "{smart}", "--focus", FOCUS, "--set", "sanitasi_layak=90", "--format", "json"], []),
    "rehearse-1": (["rehearse", "{rehearsal}", "--stage", "1"], []),
    "rehearse-2-html": (["rehearse", "{rehearsal}", "--stage", "2", "-o", "{dir}/gladi.html"], ["gladi.html"]),
    "rehearse-xlsx": (["rehearse", "{rehearsal}", "--stage", "1", "-o", "{dir}/gladi.xlsx"], ["gladi.xlsx"]),
    "rehearse-json": (["rehearse", "{rehearsal}", "--stage", "2", "--format", "json"], []),
    "validate": (["validate", "{smart}"], []),
    "init": (["init", "{dir}/baru", "--regions", "Kota Bandung,Kota Surabaya"], ["baru"]),
    "init-rehearsal": (["init", "{dir}/gladi-baru", "--rehearsal"], ["gladi-baru"]),
    "rubrics": (["rubrics"], []),  # 'rubrics show' prints the bilingual rubric file itself
    "demo": (["demo", "-o", "{dir}/demo"], ["demo"]),
}
# outputs of commands other areas are adding: covered as soon as the command exists
OPTIONAL: dict[str, tuple[list[str], list[str]]] = {
    "brief": (["brief", "{smart}", "--focus", FOCUS, "-o", "{dir}/brief.docx"], ["brief.docx"]),
    "context": (["context", "--focus", FOCUS], []),
    "context-json": (["context", "--focus", FOCUS, "--format", "json"], []),
    "context-html": (["context", "--focus", FOCUS, "--format", "html", "-o", "{dir}/konteks.html"], ["konteks.html"]),
}
# commands whose every output is covered by a line above (help of each command is checked too)
COVERED = {"score", "recommend", "report", "whatif", "rehearse", "validate", "init", "rubrics", "demo",
           "brief", "context"}


def _outputs() -> dict[str, tuple[list[str], list[str]]]:
    out = dict(OUTPUTS)
    out.update({k: v for k, v in OPTIONAL.items() if v[0][0] in cli.COMMANDS})  # once the command exists
    for name in sorted(cli.COMMANDS):
        out[f"help-{name}"] = ([name, "--help"], [])
    return out


def _files(root: Path, rel: str) -> list[Path]:
    path = root / rel
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix.lower() in (".xlsx", ".html", ".docx", ".json",
                                                                           ".csv", ".txt", ".md"))
    return [path]


def render(name: str, lang: str, tmp: Path) -> dict[str, str]:
    """Run one registered output in ``lang``: {"<name>:stdout": text, "<name>:<file>": text, ...}."""
    args, files = _outputs()[name]
    run_dir = tmp / f"{name}-{lang}"
    run_dir.mkdir(parents=True, exist_ok=True)
    fill = {"smart": str(SMART), "rehearsal": str(REHEARSAL), "dir": str(run_dir)}
    argv = ["--lang", lang] + [a.format(**fill) for a in args]
    res = CliRunner().invoke(cli.cli, argv, catch_exceptions=False, env={"SCORECARD_LANG": None, "COLUMNS": "200"})
    assert res.exit_code in (0, 1), (name, res.output)
    stdout = res.stdout
    if "csv" in argv:  # CSV: the header row is text, the rest is data (codes, numbers)
        stdout = stdout.split("\n", 1)[0]
    elif stdout.lstrip().startswith(("{", "[")):
        stdout = purity.json_text(stdout)  # JSON: its string values (the keys are the API)
    out = {f"{name}:stdout": stdout, f"{name}:stderr": res.stderr}
    for rel in files:
        for path in _files(run_dir, rel):
            assert path.exists(), (name, path)
            out[f"{name}:{path.relative_to(run_dir)}"] = purity.text_of(path)
    return out


@pytest.fixture(scope="module")
def exempt() -> set[str]:
    return purity.workbook_texts(SMART, REHEARSAL)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("name", sorted(_outputs()))
def test_output_is_in_one_language(name, lang, tmp_path, exempt):
    texts = render(name, lang, tmp_path)
    if name.startswith("init"):
        # a template lists the codes the planner types (Sangat Baik, Ada, WTP): data, not prose
        exempt = exempt | set(purity.rubric_identifiers())
    problems = {}
    for where, text in texts.items():
        found = purity.check(text, lang, exempt)
        if found:
            problems[where] = {w: purity.context(purity.strip_exempt(text, exempt), w) for w in found}
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


def test_every_command_is_covered():
    assert set(cli.COMMANDS) <= COVERED, sorted(set(cli.COMMANDS) - COVERED)


def test_the_checker_finds_the_quoted_slips():
    """The slips quoted in issue 19 are caught (so a passing purity test means something)."""
    assert purity.check("Kriteria: evidence/excellence/gap", "id")  # English words in Indonesian
    assert set(purity.check("Governance awards 10.9 tahun, Baik (3.12), nilai", "en")) >= {"tahun", "nilai"}
    assert set(purity.check("value 6.2 is below the minimum", "id")) >= {"value", "below", "the"}
    assert not purity.check("Kota Palangka Raya: 3 years in a row", "en")
    # user text and identifiers are exempt
    assert not purity.check("columns jumlah_desa, luas_km2 of 'wilayah' in contoh_smart_city.xlsx", "en")
    assert not purity.check("source: kunjungan Pemkab", "en", {"kunjungan Pemkab"})
