"""The evaluation instrument YAML: what it holds, what it labels as public or assumed, and every
problem reported with its key path and line."""

from __future__ import annotations

import pytest

from scorecard.io.rehearsal_file import load_instrument
from scorecard.io.yamlload import load_yaml
from scorecard.issues import InputError
from scorecard.rehearsal import build_instrument
from scorecard.resources import rubrics_dir

SUBDIMENSIONS_2024 = {
    "governance": ["Layanan Publik", "Kebijakan Publik", "Tata Kelola Birokrasi"],
    "branding": ["Pariwisata", "Bisnis", "Wajah Kota"],
    "economy": ["Industri", "Kesejahteraan", "Ekosistem Transaksi Keuangan"],
    "living": ["Harmoni (tata ruang/permukiman)", "Kesehatan", "Mobilitas"],
    "society": ["Komunitas", "Pendidikan (ekosistem belajar)", "Keamanan"],
    "environment": ["Proteksi", "Sampah/limbah", "Energi"],
}


def test_shipped_instrument_content_and_labels():
    ins = load_instrument(None)
    assert {d.id: [s.name.id for s in d.subdimensions] for d in ins.dimensions} == SUBDIMENSIONS_2024
    assert [r.id for r in ins.results] == ["baseline", "output", "outcome", "impact", "quick_win"]
    assert len(ins.criteria) == 6 * 3 * 5
    p2021 = ins.profiles["2021"]
    assert dict(p2021.weights) == {"baseline": 10, "output": 20, "outcome": 30, "impact": 30, "quick_win": 10}
    assert p2021.status == "public" and "B-1013" in p2021.source.id
    alt = ins.profiles["alt_jambiekspres"]
    assert alt.status == "partly-public" and (alt.weights["outcome"], alt.weights["impact"],
                                              alt.weights["quick_win"]) == (30, 20, 20)
    assert "NOT public" in alt.note.en
    assert ins.default_profile == "2021"
    assert (ins.min_level, ins.max_level, ins.scale_status, ins.bands_status) == (1, 5, "assumed", "placeholder")
    text = (rubrics_dir() / "smart_city_evaluation.yaml").read_text(encoding="utf-8")
    assert "THIS IS NOT THE OFFICIAL INSTRUMENT" in text
    assert "Copy each year's official instrument" in text
    # every criterion can be evidenced for every level above the lowest
    for c in ins.criteria:
        assert sorted(e.level for e in c.evidence) == [2, 3, 4, 5]


def _build(text: str):
    loaded = load_yaml(text, "i.yaml")
    return build_instrument(loaded.data, file="i.yaml", lines=loaded.lines)


def _shipped_text() -> str:
    return (rubrics_dir() / "smart_city_evaluation.yaml").read_text(encoding="utf-8")


def test_every_problem_with_key_and_line():
    text = _shipped_text()
    text = text.replace("      quick_win: 10\n", "      quick_win: -10\n", 1)
    text = text.replace("    - {level: 3,", "    - {level: 4,", 1)
    text = text.replace("    stage: 1\n", "    stage: 3\n", 1)
    text = text.replace("criteria: []", "criteria:\n  - {subdimension: layanan_publik, result: hasil, name: X}\n"
                                         "  - {subdimension: nope, result: output, name: Y, weight: 0}")
    lines = text.splitlines()

    def line_of(fragment: str) -> int:
        return next(i for i, ln in enumerate(lines, start=1) if fragment in ln)

    with pytest.raises(InputError) as exc:
        _build(text)
    got = [(i.key, i.line, i.code) for i in exc.value.report.errors]
    assert ("scale.levels[2].level", line_of("{level: 4, label: {id: \"Berjalan\""), "levels-not-consecutive") in got
    assert ("result_dimensions[0].stage", line_of("    stage: 3"), "bad-choice") in got
    assert ("weights.profiles.2021.quick_win", line_of("quick_win: -10"), "negative-weight") in got
    assert ("criteria[0].result", line_of("result: hasil"), "undeclared-result") in got
    assert ("criteria[1].subdimension", line_of("subdimension: nope"), "undeclared-subdimension") in got
    assert ("criteria[1].weight", line_of("subdimension: nope"), "non-positive-weight") in got
    for issue in exc.value.report:
        assert issue.render("en") and issue.render("id")


def test_listed_criteria_replace_the_generated_cell():
    text = _shipped_text().replace("criteria: []", """criteria:
  - {id: layanan_publik.output.mpp, subdimension: layanan_publik, result: output, weight: 2, effort: 3, stage: 2,
     name: {id: Mal Pelayanan Publik, en: Public service mall},
     evidence: {2: {id: Perwal MPP, en: MPP regulation}, 4: [{id: DPA MPP, en: MPP budget}, {id: SK tim, en: Team decree}]}}
  - {id: layanan_publik.output.sp4n, subdimension: layanan_publik, result: output, name: SP4N-LAPOR}""")
    ins = _build(text)
    ids = [c.id for c in ins.criteria]
    assert "layanan_publik.output" not in ids
    assert len(ids) == 91
    mpp = ins.criterion("layanan_publik.output.mpp")
    assert (mpp.weight, mpp.effort, mpp.stage, mpp.source) == (2.0, 3, 2, "listed")
    assert [(e.id, e.level) for e in mpp.evidence] == [
        ("layanan_publik.output.mpp/L2", 2), ("layanan_publik.output.mpp/L4a", 4), ("layanan_publik.output.mpp/L4b", 4)]
    # SP4N-LAPOR takes the Output ladder of its result dimension
    assert [e.level for e in ins.criterion("layanan_publik.output.sp4n").evidence] == [2, 3, 4, 5]


def test_benchmark_rubric_is_not_an_instrument():
    with pytest.raises(InputError) as exc:
        load_instrument("smart_city")
    assert [i.code for i in exc.value.report.errors] == ["rubric-not-evaluation"]
