"""Indicator kinds are one registry entry each (scorecard.kinds): the rubric, the derivation, the
report and the reasons look a kind up instead of testing its name."""

from __future__ import annotations

import pytest

from scorecard.kinds import KINDS, Kind, kind_of
from examples import edited
from test_methodology_fixtures import ref_csv, ref_rubric_yaml, run


def test_every_kind_has_a_checker_a_derivation_and_a_label():
    from scorecard import derive, i18n, rubric

    for name, kind in KINDS.items():
        assert kind.family in rubric._KIND_CHECKS and kind.family in derive._DERIVE, name
        assert i18n.t(kind.label_key, "id") and i18n.t(kind.label_key, "en"), name
        for key in (kind.source_key, kind.missing_key, kind.unit_key):
            assert not key or i18n.has(key), (name, key)
    assert set(rubric.KINDS) == set(KINDS)


def test_a_new_kind_is_one_entry(tmp_path, monkeypatch):
    """A kind added to the registry alone is accepted by the rubric, derived from its column,
    left out of the keys it does not take, and cited as a whole number in reasons."""
    from scorecard.recommend import _num

    monkeypatch.setitem(KINDS, "points", Kind("points", "column", ("column",), whole=True))
    path = tmp_path / "points.yaml"
    path.write_text(ref_rubric_yaml(kind="points"))  # ia of the new kind
    res = run(ref_csv(tmp_path), path)
    ia = res.rubric.indicator("ia")
    assert ia.kind == "points" and kind_of(ia).whole
    assert res.values["ia"].tolist() == [10.0, 20.0, 30.0, 50.0]  # a's raw values, derived from its column
    assert res.indicator_scores["ia"].tolist() == pytest.approx([0.0, 25.0, 50.0, 100.0])
    assert _num(ia, 12.4) == 12  # a whole-number kind


def test_kind_keys_are_checked_from_the_registry(tmp_path):
    from scorecard.io.rubric_file import load_rubric
    from scorecard.issues import InputError

    text = edited(ref_rubric_yaml(), "{id: ib, name: B, kind: number, column: b",
                  "{id: ib, name: B, kind: number, column: b, numerator: a")
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as err:
        load_rubric(str(path))
    assert [(i.code, i.key) for i in err.value.report.errors] == [
        ("key-not-for-kind", "dimensions[0].indicators[1].numerator")]
