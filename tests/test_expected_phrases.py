"""What a rubric value should have been is said in the reader's language: an Indonesian rubric
message said 'diharapkan whole number >= 1' (issue 19: one language per output)."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

from click.testing import CliRunner

from scorecard.cli import cli
from scorecard.issues import Phrase
from scorecard.resources import default_rubric, sample_workbook

SRC = Path(__file__).resolve().parents[1] / "scorecard"


def test_phrase_renders_per_language_and_survives_pickling():
    p = Phrase("expected.whole-number-from-to", lo=1, hi=5)
    assert str(p) == "a whole number from 1 to 5"
    assert p.render("id") == "bilangan bulat dari 1 sampai 5"
    assert pickle.loads(pickle.dumps(p)).render("id") == "bilangan bulat dari 1 sampai 5"


def test_no_english_expected_literal_is_left_in_the_package():
    # join separators (", ".join(codes)) list user codes, and f"{low}-{high}" is a number range: no words
    hits = [f"{p.name}:{i}" for p in SRC.rglob("*.py")
            for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if re.search(r'expected=f?"(?!, ")(?!\{)', line)]
    assert hits == []


def test_rubric_message_in_indonesian_and_english(tmp_path):
    text = default_rubric().read_text(encoding="utf-8")
    bad = tmp_path / "rubrik.yaml"
    bad.write_text(text.replace("dimensions:", "dimensions: 5\nxdimensions:", 1), encoding="utf-8")
    for lang, want, other in (("id", "daftar dimensi yang tidak kosong", "a non-empty list"),
                              ("en", "a non-empty list of dimensions", "daftar dimensi")):
        res = CliRunner().invoke(cli, ["--lang", lang, "score", str(sample_workbook()), "--rubric", str(bad)])
        assert res.exit_code == 1, res.output
        assert want in res.output and other not in res.output
