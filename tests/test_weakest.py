"""QA issue 14 (trip review) item 3: the three weakest areas are computed once in the core
(Recommendation.weakest) and every output names the same three."""
from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from scorecard import resources
from scorecard.analysis import analyse
from scorecard.cli import cli
from scorecard.commands.common import load_inputs
from scorecard.pipeline import score
from scorecard.recommend import WeakArea, recommend, weakest_areas
from scorecard.report_model import build_report

SAMPLE = str(resources.sample_workbook())
THREE_ID = ["Smart Branding", "Smart Governance", "Smart Society"]


@pytest.fixture(scope="module")
def sample():
    rubric, tables, report = load_inputs(SAMPLE, None)
    return score(tables, rubric, notes=report)


def _w(area: str, level: str) -> WeakArea:
    return WeakArea(area, level, {"id": area, "en": area}, 0.0, 0.0, 0.0, 1.0, 1, None, None, None, (), "impact", ())


def test_one_per_dimension_in_impact_order():
    # Branding (dimension), then tourism (an indicator of Branding: skipped), Governance, then
    # SAKIP (of Governance: skipped), waste (its dimension Environment not yet named), Society
    weak = [_w("branding", "dimension"), _w("tourism", "indicator"), _w("governance", "dimension"),
            _w("sakip", "indicator"), _w("waste", "indicator"), _w("society", "dimension")]
    dims = {"branding": "branding", "tourism": "branding", "governance": "governance", "sakip": "governance",
            "waste": "environment", "society": "society"}
    assert weakest_areas(weak, dims) == ("branding", "governance", "waste")
    assert weakest_areas(weak[:2], dims) == ("branding",)


def test_every_output_names_the_same_three(sample):
    rec = recommend(sample, "64.71")
    # by impact the first rows are Branding +5,93, Governance +5,33, tourism +2,24 (part of
    # Branding), branding awards +2,23 (Branding), Society +1,70: the third is Smart Society
    assert [w.area_id for w in rec.weak_areas[:3]] == ["branding", "governance", "wisatawan_per_penduduk"]
    assert [rec.weak_areas[[w.area_id for w in rec.weak_areas].index(a)].name.get("id") for a in rec.weakest] == THREE_ID
    rubric, tables, report = load_inputs(SAMPLE, None)
    analysis = analyse(tables, rubric, focus="64.71", notes=report, recommend=True)
    assert analysis.recommendation.weakest == rec.weakest
    for lang in ("id", "en"):
        m = build_report(analysis, lang)
        assert [f.label for f in m.weakest] == THREE_ID
        # section titles carry no ordinal that could contradict the list above
        prefix = "Area lemah: " if lang == "id" else "Weak area: "
        assert m.weak_sections[2].title == prefix + ("Wisatawan per penduduk" if lang == "id" else "Tourists per resident") \
            or all(s.title.startswith(prefix) for s in m.weak_sections)
        assert not any(s.title.startswith(("Area lemah 3", "Weak area 3")) for s in m.weak_sections)
    from scorecard.brief import build_brief

    b = build_brief(sample, rec, "id", today=dt.date(2025, 3, 4), workbook="contoh_smart_city.xlsx")
    assert b.sections[0].blocks[0].text.endswith("yang paling menentukan: Smart Branding, Smart Governance, dan Smart Society.")
    out = CliRunner().invoke(cli, ["recommend", SAMPLE, "--focus", "Kota Balikpapan"])
    assert out.exit_code == 0, out.output
    assert "Tiga area terlemah (satu per dimensi, menurut dampak): Smart Branding, Smart Governance, Smart Society" \
        in out.output
    out = CliRunner().invoke(cli, ["--lang", "en", "recommend", SAMPLE, "--focus", "Kota Balikpapan"])
    assert "Three weakest areas (one per dimension, by impact): Smart Branding, Smart Governance, Smart Society" \
        in out.output
    out = CliRunner().invoke(cli, ["recommend", SAMPLE, "--focus", "Kota Balikpapan", "--format", "json"])
    import json

    assert json.loads(out.output[out.output.index("{"):])["weakest"] == ["branding", "governance", "society"]
