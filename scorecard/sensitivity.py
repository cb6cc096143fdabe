"""Sensitivity: which assumption moves a focus region's rank most.

One assumption at a time (the others held as the rubric writes them), using the same vectorised
engine as :mod:`scorecard.uncertainty`:

* **weights** — ``n`` random draws of every weight within ``± uncertainty.weights``;
* **normalisation** — each allowed normalisation method in turn;
* **aggregation** — each allowed aggregation method in turn;
* **indicator left out** — each indicator left out in turn.

For each assumption we report the lowest and highest rank the focus region reaches and the
alternative that moves it furthest from its nominal rank; assumptions are ordered by that swing
(the largest first). This is the "one-at-a-time" design of the OECD/JRC Handbook (2008, step 7):
easy to explain ("if we dropped the SAKIP indicator we would be 6th instead of 3rd"), though it
does not show what two assumptions do together — the Monte Carlo rank interval does that.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scorecard.uncertainty import Draws, Engine

FACTORS = ("weights", "normalisation", "aggregation", "drop")


@dataclass(frozen=True)
class FactorEffect:
    factor: str  # weights | normalisation | aggregation | drop
    low: int | None  # best rank reached
    high: int | None  # worst rank reached
    swing: int  # largest distance from the nominal rank
    moved_most_by: str | None  # the alternative (method, indicator id) moving the rank furthest
    rank_then: int | None  # the rank under that alternative
    ranks: dict[str, int | None]  # alternative -> rank (empty for weights)


@dataclass(frozen=True)
class Sensitivity:
    focus: str
    column: str  # "overall" or a dimension id
    nominal: int | None
    effects: tuple[FactorEffect, ...]  # largest swing first

    @property
    def strongest(self) -> FactorEffect | None:
        return self.effects[0] if self.effects and self.effects[0].swing > 0 else None


def _int(x: float) -> int | None:
    return None if x is None or np.isnan(x) else int(x)


def sensitivity(result, focus: str, *, column: str = "overall", weight_draws: int = 200, seed: int = 0,
                engine: Engine | None = None) -> Sensitivity:
    """One-at-a-time sensitivity of ``focus``'s rank in ``column`` (overall or a dimension)."""
    engine = engine or Engine(result)
    j = engine.node_pos[column]
    f = engine.codes.index(focus)

    def ranks_of(d: Draws) -> np.ndarray:
        s = engine.scores(d)[:, :, [j]]
        return engine.ranks(s)[:, f, 0]

    nominal = _int(ranks_of(engine.nominal(1))[0])
    effects: list[FactorEffect] = []

    def effect(factor: str, labels: list[str], ranks: np.ndarray, keep_detail: bool = True) -> None:
        valid = ~np.isnan(ranks)
        if not valid.any() or nominal is None:
            effects.append(FactorEffect(factor, None, None, 0, None, None, {}))
            return
        dist = np.where(valid, np.abs(ranks - nominal), -1)
        k = int(np.argmax(dist))
        swing = int(dist[k])
        effects.append(FactorEffect(
            factor, int(np.nanmin(ranks)), int(np.nanmax(ranks)), swing,
            labels[k] if (labels and swing > 0) else None, _int(ranks[k]) if swing > 0 else None,
            {lab: _int(r) for lab, r in zip(labels, ranks)} if keep_detail else {}))

    rng = np.random.default_rng(seed)
    if engine.spec.weights > 0:
        d = engine.draw(weight_draws, rng, norm=False, agg=False, drop=False)
        effect("weights", [], ranks_of(d), keep_detail=False)
    if engine.norm_choices.size > 1 or engine.norms[engine.norm_choices[0]] != engine.norms[0]:
        d = engine.nominal(engine.norm_choices.size)
        d = Draws(engine.norm_choices.copy(), d.agg, d.w_ind, d.w_node, d.dropped)
        effect("normalisation", [engine.norms[i] for i in engine.norm_choices], ranks_of(d))
    if engine.agg_choices.size > 1 or engine.aggs[engine.agg_choices[0]] != engine.aggs[0]:
        d = engine.nominal(engine.agg_choices.size)
        d = Draws(d.norm, engine.agg_choices.copy(), d.w_ind, d.w_node, d.dropped)
        effect("aggregation", [engine.aggs[i] for i in engine.agg_choices], ranks_of(d))
    if engine.spec.drop_indicators and len(engine.ind_ids) > 1:
        n = len(engine.ind_ids)
        d = engine.nominal(n)
        w = d.w_ind.copy()
        w[np.arange(n), np.arange(n)] = 0.0
        d = Draws(d.norm, d.agg, w, d.w_node, np.arange(n))
        effect("drop", list(engine.ind_ids), ranks_of(d))
    effects.sort(key=lambda e: -e.swing)
    return Sensitivity(focus, column, nominal, tuple(effects))


def first_order(y: np.ndarray, labels: np.ndarray) -> float:
    """Share of the variance of ``y`` explained by ``labels`` alone: Var(E[y | label]) / Var(y)
    (the first-order sensitivity index of a discrete factor, estimated from Monte Carlo draws)."""
    y = np.asarray(y, dtype=float)
    labels = np.asarray(labels, dtype=object)
    ok = ~np.isnan(y)
    y, labels = y[ok], labels[ok]
    total = y.var()
    if y.size < 2 or total == 0:
        return 0.0
    between = 0.0
    for lab in set(labels.tolist()):
        sel = labels == lab
        between += sel.sum() * (y[sel].mean() - y.mean()) ** 2
    return float(between / y.size / total)


def variance_shares(unc, focus: str, column: str = "overall") -> dict[str, float]:
    """From a Monte Carlo run (:class:`~scorecard.uncertainty.RankUncertainty`): the share of the
    variance of ``focus``'s rank explained by the normalisation, the aggregation and the indicator
    left out, each on its own. What is left is due to the weights and to interactions."""
    y = unc.rank_draws[:, unc.codes.index(focus), unc.columns.index(column)]
    draws = unc.draws
    out = {}
    for factor, col in (("normalisation", "normalisation"), ("aggregation", "aggregation"), ("drop", "dropped")):
        labels = draws[col].map(lambda v: "-" if v is None or v != v else v).to_numpy(dtype=object)
        if len(set(labels.tolist())) > 1:
            out[factor] = first_order(y, labels)
    return out


def explain(sens: Sensitivity, rubric, lang: str = "id") -> list[str]:
    """Plain-words sentences, one per assumption, strongest first."""
    from scorecard import i18n

    if sens.nominal is None:
        return [i18n.t("sens.no-rank", lang)]
    lines = []
    for e in sens.effects:
        if e.low is None:
            continue
        what = e.moved_most_by
        if e.factor == "drop" and what:
            what = rubric.indicator(what).name.get(lang)
        elif e.factor in ("normalisation", "aggregation") and what:  # a method id: its name
            key_name = f"report.{'norm' if e.factor == 'normalisation' else 'agg'}.{what}"
            what = i18n.t(key_name, lang) if i18n.has(key_name) else what
        key = f"sens.{e.factor}" + (".moved" if e.swing > 0 and what else "")
        lines.append(i18n.t(key, lang, low=e.low, high=e.high, nominal=sens.nominal, what=what or "-",
                            rank=e.rank_then if e.rank_then is not None else "-",
                            pct=round(rubric.uncertainty.weights * 100)))
    if sens.strongest is None:
        lines.insert(0, i18n.t("sens.none", lang, nominal=sens.nominal if sens.nominal is not None else "-"))
    else:
        lines.insert(0, i18n.t("sens.strongest", lang, factor=i18n.t(f"sens.name.{sens.strongest.factor}", lang),
                               nominal=sens.nominal))
    return lines
