"""An empty list in a message is said in words a planner understands, never as "-" ("Declared
scales: -", "Did you mean: -?", "Study-visit hosts: before -; after -"): either a variant of the
message that says what is missing ("this rubric declares no scale at all under 'scales'") or the
list reads "none" / "tidak ada" (``list.none``). Checked over the whole message catalogue."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard import i18n
from scorecard.cli import cli
from scorecard.issues import LIST_PARAMS, Issue

# "-" standing for a list: after a colon or "min"/"max", before a full stop, "?", ",", ";" or ")"
DASH = re.compile(r"(?::|\b(?:min|max|maks)) -(?:[.?,;)]|$)")
VARIANTS = (".option", ".no-")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _texts(key: str, lang: str) -> list[str]:
    raw = i18n.text_of(key, lang)
    return list(raw.values()) if isinstance(raw, dict) else [raw]


CASES = sorted((key[len("issue."):], name) for key in i18n.catalogue() if key.startswith("issue.")
               and not any(v in key[len("issue."):] for v in VARIANTS)
               for name in sorted({p for lang in ("id", "en") for x in _texts(key, lang) for p in _placeholders(x)}
                                  & set(LIST_PARAMS)))


def test_the_catalogue_has_list_messages_to_check():
    codes = {code for code, _ in CASES}
    assert {"undeclared-scale", "undeclared-column", "missing-sheet", "region-not-found", "province-not-found",
            "key-not-for-method", "units-missing-column"} <= codes and len(CASES) > 20


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("code, name", CASES)
def test_no_message_says_an_empty_list_as_a_dash(code, name, lang):
    key = f"issue.{code}"
    names = {p for x in _texts(key, "en") + _texts(key, "id") for p in _placeholders(x)}
    params = {p: f"<{p}>" for p in names if p != "value"}
    params[name] = "-"
    for option in (None, "--focus"):
        text = Issue(code, params=params, value="X", option=option).message(lang)
        assert not DASH.search(text), text
        assert "<" + name + ">" not in text


@pytest.mark.parametrize("lang, words", [
    ("id", "skala 'sakip' tidak dideklarasikan: rubrik ini belum mendeklarasikan skala apa pun di 'scales'. "
           "Tambahkan skala 'sakip' di bawah 'scales'"),
    ("en", "scale 'sakip' is not declared: this rubric declares no scale at all under 'scales'. "
           "Add scale 'sakip' under 'scales'"),
])
def test_rubric_without_scales_names_the_missing_declaration(tmp_path, lang, words):
    from examples import tiny_rubric_yaml
    from wbtools import tiny_workbook

    rub = tmp_path / "r.yaml"
    rub.write_text(tiny_rubric_yaml(scales=(), scoring_scale=None, opinions={}), encoding="utf-8")
    res = CliRunner().invoke(cli, ["--lang", lang, "validate", str(tiny_workbook(tmp_path / "w.xlsx")),
                                   "--rubric", str(rub)])
    assert res.exit_code == 1
    line = next(x for x in res.stderr.splitlines() if "sakip" in x and "scale" in x.lower() and "'scales'" in x)
    assert f"{rub}, " in line and "key columns.nilai_sakip.scale".replace("key", "kunci" if lang == "id" else "key") \
        in line and words in line and not DASH.search(line), line


@pytest.mark.parametrize("lang, found", [("id", "Sheet yang ada: tidak ada."), ("en", "Sheets found: none.")])
def test_generic_list_reads_none(lang, found):
    text = Issue("missing-sheet", params={"wanted": "wilayah", "found": "-"}).message(lang)
    assert found in text
    bound = Issue("target-outside-column", params={"column": "c", "min": 0, "max": "-"}, value=5).message(lang)
    assert ("(min 0, maks tidak ada)" if lang == "id" else "(min 0, max none)") in bound


@pytest.mark.parametrize("lang, line", [("id", "Tujuan studi tiru: sebelum tidak ada; sesudah tidak ada"),
                                        ("en", "Study-visit hosts: before none; after none")])
def test_whatif_without_hosts_says_none(tmp_path, lang, line):
    """The tiny workbook's three regions are all equal: no weak area has a host before or after."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from corpus.build_corpus import CLEAN_REGIONS, clean_sheets, rubric
    from wbtools import write_workbook

    regions = [[r[0], r[1], 80, 5, 10, 3] for r in CLEAN_REGIONS]
    book = write_workbook(tmp_path / "sama.xlsx", clean_sheets(regions=regions))
    res = CliRunner().invoke(cli, ["--lang", lang, "whatif", str(book), "--rubric", str(rubric(tmp_path)),
                                   "--focus", "Kota Madiun", "--set", "pad=6"])
    assert res.exit_code == 0, res.output
    assert line in res.stdout, res.stdout
