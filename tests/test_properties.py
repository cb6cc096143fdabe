"""Property-based tests (hypothesis) on the engine: validation and ``scorecard.pipeline.score`` on
workbooks built in memory (no file I/O), over many random tables.

- raising a higher-is-better indicator never lowers that region's score (min-max, arithmetic);
- the order of the rows never changes the results (scores, ranks, grades, JSON bytes);
- scaling an indicator's unit (rupiah vs thousand rupiah) never changes min-max scores;
- adding a region never changes another region's grade-band indicator values;
- validation is idempotent: validating the validated values again gives the same tables.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scorecard.io.registry_file import load_registry
from scorecard.io.rubric_file import load_rubric
from scorecard.analysis import Analysis
from scorecard.io.score_output import score_json
from scorecard.io.workbook import RawSheet, RawWorkbook
from scorecard.pipeline import score
from scorecard.validate import read_tables
from examples import dim, ind, rubric_yaml

RUBRIC = rubric_yaml(
    id="sifat", name={"id": "Uji sifat", "en": "Property test"}, scales=("sakip", "predikat_abc"),
    scoring_scale="predikat", outliers={"method": "none"}, missing={"method": "exclude"},
    columns={"nilai_sakip": {"label": "Nilai SAKIP", "type": "grade", "scale": "sakip"},
             "pad": {"label": "PAD", "type": "number", "min": 0},
             "belanja": {"label": "Belanja", "type": "number", "min": 0},
             "miskin": {"label": "Penduduk miskin", "type": "percent", "min": 0, "max": 100}},
    dimensions=[dim("tata_kelola", ind("sakip", "nilai_sakip", kind="grade", name="SAKIP", weight=3),
                    ind("pad", "pad", name="PAD", weight=1), name="Tata kelola", weight=2),
                dim("ekonomi", ind("belanja", "belanja", name="Belanja", weight=1),
                    ind("miskin", "miskin", kind="percent", name="Penduduk miskin", direction="lower", weight=1),
                    name="Ekonomi", weight=1)])
HEADER = ["Wilayah", "Kode", "nilai_sakip", "pad", "belanja", "miskin"]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def rubric(tmp_path_factory):
    path = tmp_path_factory.mktemp("sifat") / "sifat.yaml"
    path.write_text(RUBRIC, encoding="utf-8")
    return load_rubric(path)


CODES = sorted(load_registry().frame.index)
# figures a planner can type: the plausibility rule (docs/reliability.md) refuses a non-zero size below 1e-100;
# money stays at or above 1e-90 (or 0) so that the unit-scaling test's factors (down to 1/1024) keep it inside
money = st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False,
                  allow_subnormal=False).map(lambda x: 0.0 if x < 1e-90 else x)
percent = st.floats(min_value=0, max_value=100, allow_nan=False,
                    allow_subnormal=False).map(lambda x: 0.0 if x < 1e-100 else x)
maybe = lambda s: st.one_of(st.none(), s)  # noqa: E731  a blank cell


def region_rows(min_size: int = 2, max_size: int = 10, blanks: bool = True):
    cell = maybe if blanks else (lambda s: s)
    row = st.tuples(cell(percent), cell(money), cell(money), cell(percent))
    return st.lists(st.tuples(st.sampled_from(CODES), row), min_size=min_size, max_size=max_size,
                    unique_by=lambda t: t[0]).map(lambda rows: [[None, code, *vals] for code, vals in rows])


def workbook(rows: list[list]) -> RawWorkbook:
    return RawWorkbook("sifat.xlsx", [RawSheet("wilayah", [list(HEADER), *[list(r) for r in rows]])])


def run(rows: list[list], rubric):
    tables, report = read_tables(workbook(rows), rubric, load_registry(), current_year=2026)
    assert tables is not None, report.tuples()
    return tables, score(tables, rubric)


def close(a: float, b: float, tol: float = 1e-7) -> bool:
    if a is None or b is None or (isinstance(a, float) and math.isnan(a)) or (isinstance(b, float) and math.isnan(b)):
        return (a is None or math.isnan(a)) and (b is None or math.isnan(b))
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


@SETTINGS
@given(rows=region_rows(min_size=2, blanks=False), pick=st.integers(0, 9),
       bump=st.floats(min_value=1e-3, max_value=1e12, allow_nan=False))
def test_raising_a_higher_is_better_indicator_never_lowers_the_score(rubric, rows, pick, bump):
    i = pick % len(rows)
    code = rows[i][1]
    _, before = run(rows, rubric)
    raised = [list(r) for r in rows]
    raised[i][3] = rows[i][3] + bump  # pad: higher is better
    assume(raised[i][3] > rows[i][3])  # not lost in float rounding
    _, after = run(raised, rubric)

    def never_lower(b: float, a: float) -> bool:
        # A score that did not exist before (all regions equal: every indicator constant, so the
        # region is not rated) cannot be lowered; once it existed, raising PAD must keep it.
        if b is None or math.isnan(b):
            return True
        return not math.isnan(a) and a >= b - 1e-9

    assert never_lower(before.overall[code], after.overall[code])
    assert never_lower(before.dimension_scores.at[code, "tata_kelola"], after.dimension_scores.at[code, "tata_kelola"])
    assert never_lower(before.indicator_scores.at[code, "pad"], after.indicator_scores.at[code, "pad"])


@SETTINGS
@given(rows=region_rows(), data=st.data())
def test_row_order_never_changes_results(rubric, rows, data):
    shuffled = data.draw(st.permutations(rows))
    _, a = run(rows, rubric)
    _, b = run(shuffled, rubric)
    pd.testing.assert_series_equal(a.overall.sort_index(), b.overall.sort_index())
    pd.testing.assert_frame_equal(a.ranks.sort_index(), b.ranks.sort_index())
    pd.testing.assert_frame_equal(a.grades.sort_index(), b.grades.sort_index())
    assert score_json(Analysis(a)) == score_json(Analysis(b))


@SETTINGS
@given(rows=region_rows(), factor=st.sampled_from([1000.0, 0.001, 1e6, 1 / 1024, 3.0]))
def test_unit_scaling_never_changes_minmax_scores(rubric, rows, factor):
    """PAD in rupiah or in thousand rupiah: the same min-max scores."""
    scaled = [[*r[:3], None if r[3] is None else r[3] * factor, *r[4:]] for r in rows]
    _, a = run(rows, rubric)
    _, b = run(scaled, rubric)
    for code in a.indicator_scores.index:
        assert close(a.indicator_scores.at[code, "pad"], b.indicator_scores.at[code, "pad"]), code
        assert close(a.overall[code], b.overall[code]), code


@SETTINGS
@given(rows=region_rows(min_size=2, max_size=8), extra=region_rows(min_size=1, max_size=1))
def test_adding_a_region_never_changes_another_regions_grade_values(rubric, rows, extra):
    new = extra[0]
    assume(new[1] not in {r[1] for r in rows})
    _, a = run(rows, rubric)
    _, b = run(rows + [new], rubric)
    for code in a.values.index:
        assert close(a.values.at[code, "sakip"], b.values.at[code, "sakip"]), code  # the number of the grade
        grade_a, grade_b = (r.display["sakip"].get(code) if "sakip" in r.display else None for r in (a, b))
        assert (None if pd.isna(grade_a) else grade_a) == (None if pd.isna(grade_b) else grade_b), code  # AA, A …
        for ind in ("pad", "belanja", "miskin"):  # raw values are per region, whatever the peers
            assert close(a.values.at[code, ind], b.values.at[code, ind]), (code, ind)


@SETTINGS
@given(rows=region_rows(), text=st.booleans())
def test_validation_is_idempotent(rubric, rows, text):
    """Validating twice gives the same tables; validating the validated numbers again (typed as
    numbers, or as Indonesian text such as '1.234,5') gives the same numbers and grades."""
    from scorecard import i18n

    registry = load_registry()
    t1, r1 = read_tables(workbook(rows), rubric, registry, current_year=2026)
    t1b, r1b = read_tables(workbook(rows), rubric, registry, current_year=2026)
    assert t1 is not None and t1b is not None
    pd.testing.assert_frame_equal(t1.regions, t1b.regions)
    assert [i.to_dict() for i in r1] == [i.to_dict() for i in r1b]

    cols = ["nilai_sakip", "pad", "belanja", "miskin"]

    def cell(v):
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return None
        return i18n.number(v, "id", 6) if text else float(v)

    again = [[None, code, *(cell(t1.regions.at[code, c]) for c in cols)] for code in t1.regions.index]
    t2, _ = read_tables(workbook(again), rubric, registry, current_year=2026)
    assert t2 is not None
    for code in t1.regions.index:
        for c in cols:
            assert close(t1.regions.at[code, c], t2.regions.at[code, c], 1e-6 if text else 0.0), (code, c)
    pd.testing.assert_frame_equal(t1.grades.sort_index(), t2.grades.sort_index())
