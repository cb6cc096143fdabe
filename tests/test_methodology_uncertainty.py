"""Monte Carlo rank uncertainty and one-at-a-time sensitivity."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from click.testing import CliRunner

from examples import line_of
from test_methodology_fixtures import REF_VALUES, REGIONS, ref_csv, ref_rubric, run, write_csv
from test_methodology_reference import A, B, C, D

CODES = [c for c, _ in REGIONS[:4]]


def _unc(weights=0.25, norms="[minmax]", aggs="[arithmetic]", drop="true", reps=200, seed=""):
    seed_s = f", seed: {seed}" if seed != "" else ""
    return (f"uncertainty: {{weights: {weights}, normalisations: {norms}, aggregations: {aggs}, "
            f"drop_indicators: {drop}, replications: {reps}{seed_s}}}")


def _ranks_by_hand(dim1, dim2):
    """Rank 1 = highest (dimension weights 1 and 2); no ties in these data."""
    index = [(x + 2 * y) / 3 for x, y in zip(dim1, dim2)]
    order = sorted(range(4), key=lambda k: -index[k])
    ranks = [0] * 4
    for pos, k in enumerate(order):
        ranks[k] = pos + 1
    return ranks


DIM1 = [(2 * a + b) / 3 for a, b in zip(A, B)]
DIM2 = [(c + 3 * d) / 4 for c, d in zip(C, D)]
NOMINAL = _ranks_by_hand(DIM1, DIM2)  # [3, 2, 4, 1]
DROPPED = {  # ranks when one indicator is left out (its dimension keeps the other one)
    "ia": _ranks_by_hand(B, DIM2),
    "ib": _ranks_by_hand(A, DIM2),
    "ic": _ranks_by_hand(DIM1, D),
    "id_": _ranks_by_hand(DIM1, C),
}


def test_no_doubts_means_no_interval(tmp_path):
    from scorecard.uncertainty import rank_uncertainty

    res = run(ref_csv(tmp_path), ref_rubric(tmp_path, extra=_unc(weights=0, drop="false")))
    u = rank_uncertainty(res, seed=1)
    assert NOMINAL == [3, 2, 4, 1]
    for col in ("median", "low", "high"):
        assert getattr(u, col).loc[CODES, "overall"].tolist() == NOMINAL
    assert u.label("35.71") == "3 (3-3)"


def test_dropping_indicators_gives_the_hand_computed_ranks(tmp_path):
    from scorecard.uncertainty import rank_uncertainty

    res = run(ref_csv(tmp_path), ref_rubric(tmp_path, extra=_unc(weights=0)))
    u = rank_uncertainty(res, replications=400, seed=5)
    ranks = u.rank_draws[:, :, 0]  # replications x regions, overall
    for k, code in enumerate(u.codes):
        j = CODES.index(code)
        possible = {NOMINAL[j], *(DROPPED[i][j] for i in DROPPED)}
        assert set(ranks[:, k].astype(int)) == possible
    # each replication's rank is exactly the hand-computed one for what it left out
    for r, dropped in enumerate(u.draws["dropped"]):
        expected = NOMINAL if dropped is None else DROPPED[dropped]
        assert [int(ranks[r, u.codes.index(c)]) for c in CODES] == expected


def test_seed_reproduces_and_interval_contains_nominal(tmp_path):
    from scorecard.uncertainty import rank_uncertainty

    values = REF_VALUES + [(25, 250, 12, 0.6), (40, 150, 8, 0.3), (15, 350, 18, 0.8), (35, 120, 6, 0.4),
                           (45, 380, 9, 0.55)]
    rows = [(c, n, *v) for (c, n), v in zip(REGIONS, values)]
    csv = write_csv(tmp_path, ["a", "b", "c", "d"], rows)
    res = run(csv, ref_rubric(tmp_path, extra=_unc(norms="[minmax, zscore, rank]", aggs="[arithmetic, geometric]")))
    u1 = rank_uncertainty(res, seed=42)
    u2 = rank_uncertainty(res, seed=42)
    u3 = rank_uncertainty(res, seed=43)
    assert np.array_equal(u1.rank_draws, u2.rank_draws, equal_nan=True)
    assert u1.draws.equals(u2.draws) and not u1.draws.equals(u3.draws)
    assert set(u1.draws["normalisation"]) == {"minmax", "zscore", "rank"}
    assert set(u1.draws["aggregation"]) == {"arithmetic", "geometric"}
    for code in u1.codes:
        assert u1.low.at[code, "overall"] <= res.ranks.at[code, "overall"] <= u1.high.at[code, "overall"]
        assert u1.low.at[code, "overall"] <= u1.median.at[code, "overall"] <= u1.high.at[code, "overall"]
    # quantiles are ranks that occurred (whole numbers within 1..9)
    assert set(np.unique(u1.median.to_numpy())) <= set(range(1, 10))


def test_vectorised_alternatives_match_the_pipeline(tmp_path):
    """The matrix-product engine gives the same scores as the pandas pipeline for each method."""
    from scorecard.uncertainty import Engine

    csv = ref_csv(tmp_path)
    res = run(csv, ref_rubric(tmp_path, extra=_unc(norms="[minmax, zscore, rank]", aggs="[arithmetic, geometric]")))
    engine = Engine(res)
    assert engine.range == (1.0, 100.0)  # geometric among the alternatives: scores on 1..100
    for norm in ("zscore", "rank"):
        for agg in ("arithmetic", "geometric"):
            # on 1..100 like the engine's geometric alternatives (a geometric rubric is there already)
            one_100 = {"range": [1, 100]} if agg == "arithmetic" else None
            path = ref_rubric(tmp_path, agg=agg, norm=norm, scoring=one_100, name=f"{norm}{agg}.yaml")
            ref = run(csv, path)
            d = engine.nominal(1)
            d = type(d)(np.array([engine.norms.index(norm)]), np.array([engine.aggs.index(agg)]), d.w_ind,
                        d.w_node, d.dropped)
            s = engine.scores(d)[0]
            assert s[:, engine.node_pos["overall"]] == pytest.approx(ref.overall.loc[engine.codes].to_numpy(), abs=1e-9)
            assert s[:, engine.node_pos["dim2"]] == pytest.approx(
                ref.dimension_scores.loc[engine.codes, "dim2"].to_numpy(), abs=1e-9)


def test_insufficient_data_region_has_no_interval(tmp_path):
    from scorecard.uncertainty import rank_uncertainty

    vals = [list(v) for v in REF_VALUES]
    vals[1][2] = vals[1][3] = None
    rows = [(c, n, *v) for (c, n), v in zip(REGIONS, vals)]
    csv = write_csv(tmp_path, ["a", "b", "c", "d"], rows)
    res = run(csv, ref_rubric(tmp_path, extra=_unc() + "\nmissing: {min_coverage: 0.5}"))
    u = rank_uncertainty(res, seed=1)
    assert np.isnan(u.median.at["35.72", "overall"]) and u.label("35.72") == "-"
    assert np.nanmax(u.rank_draws[:, :, 0]) <= 3  # only three regions are ranked


def test_sensitivity_names_the_assumption_that_moves_the_rank(tmp_path):
    from scorecard.sensitivity import explain, sensitivity

    res = run(ref_csv(tmp_path), ref_rubric(tmp_path, extra=_unc(weights=0)))
    s = sensitivity(res, "35.72")
    assert s.nominal == 2
    drop = {e.factor: e for e in s.effects}["drop"]
    j = CODES.index("35.72")
    hand = {i: DROPPED[i][j] for i in DROPPED}
    assert drop.ranks == hand
    worst = max(hand, key=lambda i: (abs(hand[i] - 2), -list(hand).index(i)))
    assert drop.moved_most_by == worst and drop.rank_then == hand[worst]
    assert drop.swing == abs(hand[worst] - 2)
    lines = explain(s, res.rubric, "en")
    assert lines[0] == "The assumption that moves the rank (now 2) most: which indicators are used."
    name = res.rubric.indicator(worst).name.en
    assert f"without '{name}' the rank becomes {hand[worst]}" in lines[1]


def test_cli_uncertainty_table_json_and_usage_errors(tmp_path):
    from scorecard.cli import cli

    csv, rubric = str(ref_csv(tmp_path)), str(ref_rubric(tmp_path, extra=_unc(weights=0, drop="false")))
    runner = CliRunner()
    out = runner.invoke(cli, ["score", csv, "-r", rubric, "--uncertainty", "--seed", "3", "--lang", "en"],
                        catch_exceptions=False)
    assert out.exit_code == 0, out.output
    assert "Rank (median, 5-95%)" in out.stdout
    line = next(x for x in out.stdout.splitlines() if "Kota Kediri" in x)
    assert line.startswith("3/4") and "3 (3-3)" in line
    assert "Repeat exactly with --seed 3" in out.stdout
    out = runner.invoke(cli, ["score", csv, "-r", rubric, "--uncertainty", "--replications", "50", "--format", "json",
                              "--sensitivity", "--focus", "35.72"], catch_exceptions=False)
    data = json.loads(out.stdout)
    assert data["uncertainty"]["replications"] == 50 and data["uncertainty"]["interval"] == [5, 95]
    by = {r["code"]: r for r in data["regions"]}
    assert by["35.72"]["median_rank"] == 2 and by["35.72"]["rank_interval"] == [2, 2]
    assert by["35.72"]["dimensions"]["dim1"]["rank_interval"] == [3, 3]
    assert data["sensitivity"]["focus"] == "35.72" and data["sensitivity"]["nominal_rank"] == 2
    # no doubts configured (weights 0, nothing dropped, one method each): nothing moves the rank
    assert data["sensitivity"]["explanation"] == ["Peringkat 2 tidak berubah oleh satu pun asumsi yang diuji."]
    bad = runner.invoke(cli, ["score", csv, "-r", rubric, "--sensitivity"])
    assert bad.exit_code == 2 and "--focus" in bad.output
    bad = runner.invoke(cli, ["score", csv, "-r", rubric, "--seed", "4"])
    assert bad.exit_code == 2 and "--uncertainty" in bad.output


def test_subprocess_run_is_reproducible(tmp_path):
    csv, rubric = str(ref_csv(tmp_path)), str(ref_rubric(tmp_path, extra=_unc(norms="[minmax, rank]")))
    cmd = [sys.executable, "-m", "scorecard", "score", csv, "-r", rubric, "--uncertainty", "--seed", "11",
           "--replications", "300", "--format", "json"]
    first = subprocess.run(cmd, capture_output=True, text=True, check=False)
    second = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    data = json.loads(first.stdout)
    assert data["uncertainty"]["seed"] == 11
    assert all(r["rank_interval"][0] <= r["rank"] <= r["rank_interval"][1] for r in data["regions"])


def test_bad_uncertainty_section_names_key_and_line(tmp_path):
    from scorecard.cli import cli

    extra = ("uncertainty:\n  weights: 2\n  normalisations: [minmax, magic]\n  aggregations: median\n"
             "  drop_indicators: maybe\n  replications: 5\n  seed: -1\n  colour: red")
    rubric = ref_rubric(tmp_path, extra=extra)
    out = CliRunner().invoke(cli, ["score", str(ref_csv(tmp_path)), "-r", str(rubric), "--lang", "en"])
    assert out.exit_code == 1 and "Traceback" not in out.output
    text = rubric.read_text(encoding="utf-8")
    for key, written in (("uncertainty.weights", "weights: 2"), ("uncertainty.normalisations[1]", "magic"),
                         ("uncertainty.aggregations", "aggregations: median"),
                         ("uncertainty.drop_indicators", "drop_indicators: maybe"),
                         ("uncertainty.replications", "replications: 5"), ("uncertainty.seed", "seed: -1"),
                         ("uncertainty.colour", "colour: red")):
        assert f"key {key}, line {line_of(text, written)}:" in out.stderr, key


def test_help_lists_the_methodology_options():
    from scorecard.cli import cli

    out = CliRunner().invoke(cli, ["score", "--help", "--lang", "en"], catch_exceptions=False)
    for opt in ("--uncertainty", "--replications", "--seed", "--sensitivity", "--audit"):
        assert opt in out.output
    assert "median rank and 5-95% interval" in " ".join(out.output.split())


def test_engine_follows_sub_dimensions(tmp_path):
    """Nominal replications through a three-level tree equal the pipeline's scores; weights on a
    sub-dimension move the result as computed by hand."""
    from scorecard.uncertainty import Engine
    from test_methodology_reference import sub_rubric

    rubric = tmp_path / "deep.yaml"
    rubric.write_text(sub_rubric(uncertainty={"weights": 0.25}), encoding="utf-8")
    res = run(ref_csv(tmp_path), rubric)
    engine = Engine(res)
    d = engine.nominal(2)
    w_node = d.w_node.copy()
    w_node[1, engine.node_pos["s1"]] = 1.0  # second replication: s1 weighs 1 instead of 3
    s = engine.scores(type(d)(d.norm, d.agg, d.w_ind, w_node, d.dropped))
    assert s[0, :, engine.node_pos["overall"]] == pytest.approx(res.overall.loc[engine.codes].to_numpy(), abs=1e-9)
    s1 = [(2 * a + b) / 3 for a, b in zip(A, B)]
    dim1 = [(x + y) / 2 for x, y in zip(s1, C)]  # s1 and s2 now weigh 1 each
    assert s[1, :, engine.node_pos["dim1"]] == pytest.approx([dim1[CODES.index(c)] for c in engine.codes], abs=1e-9)


KABUPATEN = [("35.01", "Kabupaten Pacitan"), ("35.02", "Kabupaten Ponorogo"), ("35.03", "Kabupaten Trenggalek"),
             ("35.04", "Kabupaten Tulungagung")]


@pytest.mark.parametrize("norm", ["minmax", "zscore", "rank", "percentile"])
def test_engine_equals_pipeline_on_gappy_data_in_two_peer_groups(tmp_path, norm):
    """Random values with blanks, kota and kabupaten ranked apart: for every aggregation the
    vectorised replication with nominal weights equals the pandas pipeline, scores and ranks."""
    from scorecard.uncertainty import Engine

    rng = np.random.default_rng(7)
    regions = REGIONS + KABUPATEN
    vals = rng.uniform(1, 100, size=(len(regions), 4)).round(2)
    vals[rng.random(vals.shape) < 0.15] = np.nan
    rows = [(c, n, *(None if np.isnan(v) else v for v in row)) for (c, n), row in zip(regions, vals)]
    csv = write_csv(tmp_path, ["a", "b", "c", "d"], rows)
    for agg in ("arithmetic", "geometric", "harmonic"):
        path = ref_rubric(tmp_path, agg=agg, norm=norm, name=f"{agg}.yaml")
        res = run(csv, path, peers="type")
        engine = Engine(res)
        s = engine.scores(engine.nominal(1))
        for node in ("dim1", "dim2", "overall"):
            want = (res.overall if node == "overall" else res.dimension_scores[node]).loc[engine.codes].to_numpy()
            assert s[0, :, engine.node_pos[node]] == pytest.approx(want, abs=1e-9, nan_ok=True)
        ranks = engine.ranks(s[:, :, [engine.node_pos["overall"]]])[0, :, 0]
        assert ranks == pytest.approx(res.ranks["overall"].loc[engine.codes].to_numpy(), nan_ok=True)
        assert set(res.regions["peer_group"]) == {"kota", "kabupaten"}


def test_first_order_variance_share_by_hand():
    from scorecard.sensitivity import first_order

    # the label decides everything: conditional means 1 and 3, variance 1 of 1
    assert first_order(np.array([1, 1, 3, 3.0]), np.array(["a", "a", "b", "b"])) == pytest.approx(1.0)
    # the label decides nothing: both conditional means are 2
    assert first_order(np.array([1, 3, 1, 3.0]), np.array(["a", "a", "b", "b"])) == pytest.approx(0.0)
    # y = 1,2,3,6 with labels a,a,b,b: means 1.5 and 4.5 around 3 -> between = (2.25 + 2.25) / 2 = 2.25;
    # Var(y) = (4 + 1 + 0 + 9) / 4 = 3.5 -> share 2.25 / 3.5
    assert first_order(np.array([1, 2, 3, 6.0]), np.array(["a", "a", "b", "b"])) == pytest.approx(2.25 / 3.5)


def test_variance_shares_with_uncertainty_and_sensitivity(tmp_path):
    from scorecard.cli import cli

    csv, rubric = str(ref_csv(tmp_path)), str(ref_rubric(tmp_path, extra=_unc(weights=0)))
    out = CliRunner().invoke(cli, ["score", csv, "-r", rubric, "--uncertainty", "--seed", "2", "--sensitivity",
                                   "--focus", "35.72", "--format", "json"], catch_exceptions=False)
    data = json.loads(out.stdout)
    # only the indicator left out varies (weights 0, one method each): it explains all of the spread
    assert data["sensitivity"]["variance_shares"] == {"drop": 1.0}
    out = CliRunner().invoke(cli, ["score", csv, "-r", rubric, "--uncertainty", "--seed", "2", "--sensitivity",
                                   "--focus", "35.72", "--lang", "en"], catch_exceptions=False)
    assert "the share explained by one choice alone: the indicator left out 100%" in out.stdout
