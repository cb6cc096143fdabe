"""QA s4: `recommend --lang en` showed the workbook's Indonesian grade words in its Grade column
("Cukup" for the SPBE index, "Tidak" for the command centre) while the report said Adequate/No."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from scorecard import resources
from scorecard.cli import cli

SAMPLE = str(resources.sample_workbook())


def _grades(lang: str) -> dict[str, str]:
    res = CliRunner().invoke(cli, ["--lang", lang, "recommend", SAMPLE, "--focus", "11.73"])
    assert res.exit_code == 0, res.output
    out = {}
    for line in res.stdout.splitlines():
        m = re.match(r"^\d+\s+(SPBE index|Indeks SPBE|Command centre|Command center|SAKIP|Bureaucratic reform|"
                     r"Reformasi birokrasi)\s+\S+\s+\S+\s+\S+\s+\S+\s+(.+?)\s{2,}", line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


@pytest.mark.parametrize("lang,expected", [
    ("en", {"SPBE index": "Adequate", "Command centre": "No", "SAKIP": "B", "Bureaucratic reform": "CC"}),
    ("id", {"Command center": "Tidak ada", "SAKIP": "B"}),
])
def test_grade_column_in_the_readers_language(lang, expected):
    got = _grades(lang)
    for name, word in expected.items():
        assert got.get(name) == word, got
