"""Render a :class:`~scorecard.results.ScoreResult` as JSON, CSV or a terminal table.

The JSON shape is documented in ``docs/output.md``; its keys are stable.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from scorecard import i18n
from scorecard.io.output import clean_number, csv_text, dumps_json, text_table


def _int(x: Any) -> int | None:
    return None if x is None or pd.isna(x) else int(x)


class _Lookup:
    """Read-only cell access for the per-region loops: each frame turned into plain dicts once
    (``frame.to_dict``), instead of a pandas ``.at`` call per cell, which dominated the JSON
    output at village scale (see BENCHMARKS.md). Same values as ``.at``."""

    def __init__(self, result) -> None:
        self.regions = result.regions.to_dict("index")
        self.dims = result.dimension_scores.to_dict("index")
        self.ranks = result.ranks.to_dict("index")
        self.grades = result.grades.to_dict("index")
        self.values = result.values.to_dict("index")
        self.scores = result.indicator_scores.to_dict("index")
        self.display = result.display.to_dict("index")
        self.overall = result.overall.to_dict()
        self.coverage = result.coverage.to_dict()
        extras = result.extras
        self.flags = _frame_dict(extras.get("imputed"))
        self.wins = _frame_dict(extras.get("winsorised"))
        unc = extras.get("uncertainty")
        self.unc = None if unc is None else (_frame_dict(unc.median), _frame_dict(unc.low), _frame_dict(unc.high),
                                             list(unc.median.columns))
        rows = _trend_rows(result)
        self.trends: dict | None = None
        if rows is not None:
            self.trends = {}
            for r in rows[["code", "dimension", "previous_year", "change", "rank_change"]].itertuples(index=False):
                self.trends.setdefault(r.code, {})[r.dimension] = r


def _frame_dict(frame) -> dict | None:
    return None if frame is None else frame.to_dict("index")


def score_dict(result, lang: str = "id") -> dict[str, Any]:
    rubric = result.rubric
    fast = _Lookup(result)
    display_cols = set(result.display.columns)
    regions = []
    for code in result.codes:
        reg = fast.regions[code]
        dim_score, dim_rank, grade = fast.dims[code], fast.ranks[code], fast.grades[code]
        dims = {
            d.id: {
                "score": clean_number(dim_score[d.id]),
                "rank": _int(dim_rank[d.id]),
                "grade": grade[d.id],
            }
            for d in rubric.dimensions
        }
        inds = {}
        values, scores = fast.values[code], fast.scores[code]
        shown = fast.display.get(code, {})
        for ind in rubric.indicators:
            entry = {"value": clean_number(values[ind.id]),
                     "score": clean_number(scores[ind.id])}
            if ind.id in display_cols and pd.notna(shown[ind.id]):
                entry["grade"] = shown[ind.id]
            inds[ind.id] = entry
        regions.append({
            "name": reg["name"],
            "code": code,
            "type": reg.get("tipe"),
            "province": reg.get("provinsi"),
            "peer_group": reg["peer_group"],
            "score": clean_number(fast.overall[code]),
            "rank": _int(dim_rank["overall"]),
            "grade": grade["overall"],
            "coverage": clean_number(fast.coverage[code], 4),
            "dimensions": dims,
            "indicators": inds,
        })
        for key, value in result.extras.get("region_fields", {}).get(code, {}).items():
            regions[-1][key] = value
        _method_region_fields(result, code, regions[-1], fast)
    out = {
        "rubric": {"id": rubric.id, "version": rubric.version},
        "peers": result.peers,
        "peer_groups": {str(k): int(v) for k, v in result.group_sizes.sort_index().items()},
        "focus": result.focus,
        "year": result.year,
        "regions": regions,
    }
    for key, value in result.extras.get("top_fields", {}).items():
        out[key] = value
    _method_top_fields(result, out, lang)
    return out


# --- methodology fields (docs/output.md, "Methodology fields") -----------------------------------

def _trend_rows(result) -> pd.DataFrame | None:
    trends = result.extras.get("trends")
    if trends is None or trends.empty:
        return None
    year = result.year if result.year is not None else int(trends["year"].max())
    return trends[trends["year"] == year]


def _method_region_fields(result, code: str, entry: dict, fast: _Lookup | None = None) -> None:
    fast = fast or _Lookup(result)
    if fast.unc is not None and code in fast.unc[0]:
        median, low, high, unc_cols = fast.unc[0][code], fast.unc[1][code], fast.unc[2][code], fast.unc[3]
        entry["median_rank"] = _int(median["overall"])
        entry["rank_interval"] = ([_int(low["overall"]), _int(high["overall"])]
                                  if pd.notna(median["overall"]) else None)
        for dim, d in entry["dimensions"].items():
            if dim in unc_cols:
                d["median_rank"] = _int(median[dim])
                d["rank_interval"] = ([_int(low[dim]), _int(high[dim])]
                                      if pd.notna(median[dim]) else None)
    if fast.trends is not None:
        mine = fast.trends.get(code, {})
        if "overall" in mine:
            entry["previous_year"] = _int(mine["overall"].previous_year)
            entry["change"] = clean_number(mine["overall"].change)
            entry["rank_change"] = _int(mine["overall"].rank_change)
        for dim, d in entry["dimensions"].items():
            if dim in mine:
                d["change"] = clean_number(mine[dim].change)
                d["rank_change"] = _int(mine[dim].rank_change)
    if fast.flags is not None and code in fast.flags:
        flags = fast.flags[code]
        for ind, e in entry["indicators"].items():
            e["imputed"] = bool(flags[ind])
    if fast.wins is not None and code in fast.wins:
        wins = fast.wins[code]
        for ind, e in entry["indicators"].items():
            if bool(wins[ind]):
                e["winsorised"] = True


def _method_top_fields(result, out: dict, lang: str) -> None:
    unc = result.extras.get("uncertainty")
    if unc is not None:
        out["uncertainty"] = {"replications": unc.replications, "seed": unc.seed, "weights": unc.weights,
                              "normalisations": list(unc.normalisations), "aggregations": list(unc.aggregations),
                              "drop_indicators": unc.drop_indicators, "interval": [5, 95]}
    sens = result.extras.get("sensitivity")
    if sens is not None:
        from scorecard.sensitivity import explain

        out["sensitivity"] = {
            "focus": sens.focus, "column": sens.column, "nominal_rank": sens.nominal,
            "factors": [{"factor": e.factor, "best_rank": e.low, "worst_rank": e.high, "swing": e.swing,
                         "moved_most_by": e.moved_most_by, "rank_then": e.rank_then, "ranks": e.ranks}
                        for e in sens.effects],
            "explanation": explain(sens, result.rubric, lang),
        }
        if unc is not None and sens.nominal is not None:
            from scorecard.sensitivity import variance_shares

            out["sensitivity"]["variance_shares"] = {k: round(v, 4) for k, v in
                                                     variance_shares(unc, sens.focus, sens.column).items()}
    aud = result.extras.get("audit")
    if aud is not None:
        out["audit"] = aud.to_dict()
    rows = _trend_rows(result)
    if rows is not None:
        from scorecard.trends import most_improved

        best = most_improved(result.extras["trends"], int(rows["year"].iloc[0]) if len(rows) else None)
        best = best[best["code"].isin(result.regions.index)]
        out["years"] = sorted(int(y) for y in result.extras["trends"]["year"].unique())
        out["most_improved"] = [
            {"peer_group": r.peer_group, "dimension": r.dimension, "code": r.code, "name": r.name,
             "change": clean_number(r.change), "rank_change": _int(r.rank_change)}
            for r in best.itertuples()]


def _footer(result, lang: str) -> str:
    """Lines under the table: regions without a rank, imputed values, sensitivity, audit."""
    lines: list[str] = []
    status = result.extras.get("status")
    if status is not None and (status != "ok").any():
        names = ", ".join(f"{result.regions.at[c, 'name']} ({i18n.fmt_number(result.coverage[c] * 100, lang, 0)}%)"
                          for c in result.codes if status[c] != "ok")
        lines.append(i18n.t("method.insufficient", lang, regions=names,
                            min=i18n.fmt_number(result.rubric.missing.min_coverage * 100, lang, 0)))
    flags = result.extras.get("imputed")
    if flags is not None and flags.to_numpy().any():
        lines.append(i18n.t("method.imputed", lang, n=int(flags.to_numpy().sum()),
                            method=i18n.t(f"method.missing.{result.rubric.missing.method}", lang)))
    treatment = result.extras.get("treatment")
    if treatment is not None and len(treatment):
        done = treatment[treatment["applied"] != "none"]
        for r in done.itertuples():
            name = result.rubric.indicator(r.indicator).name.get(lang)
            lines.append(i18n.t(f"method.treated.{r.applied}", lang, indicator=name, n=int(r.points)))
    unc = result.extras.get("uncertainty")
    if unc is not None:
        lines.append(i18n.t("method.uncertainty-note", lang, n=unc.replications, seed=unc.seed,
                            pct=round(unc.weights * 100)))
    sens = result.extras.get("sensitivity")
    if sens is not None:
        from scorecard.sensitivity import explain

        lines.append("")
        lines.append(i18n.t("method.sensitivity-title", lang, region=result.regions.at[sens.focus, "name"]))
        lines += ["  " + x for x in explain(sens, result.rubric, lang)]
        if unc is not None and sens.nominal is not None:
            from scorecard.sensitivity import variance_shares

            shares = variance_shares(unc, sens.focus, sens.column)
            if shares:
                parts = ", ".join(i18n.t(f"sens.share.{k}", lang, pct=i18n.fmt_number(v * 100, lang, 0))
                                  for k, v in sorted(shares.items(), key=lambda kv: -kv[1]))
                lines.append("  " + i18n.t("sens.shares", lang, parts=parts))
    aud = result.extras.get("audit")
    if aud is not None:
        lines.append("")
        lines += audit_lines(aud, result.rubric, lang)
    return ("\n" + "\n".join(lines) + "\n") if lines else ""


def audit_lines(aud, rubric, lang: str) -> list[str]:
    out = [i18n.t("audit.title", lang)]
    for d in rubric.dimensions:
        a = aud.alpha.get(d.id)
        out.append("  " + i18n.t("audit.alpha", lang, dimension=d.name.get(lang),
                                 alpha=i18n.fmt_number(a, lang, 2), n=int(aud.alpha_n.get(d.id, 0))))
    flagged = aud.correlations[aud.correlations["flag"].notna()]
    for ind, row in flagged.iterrows():
        out.append("  " + i18n.t(f"audit.corr.{row.flag}", lang, indicator=rubric.indicator(ind).name.get(lang),
                                 dimension=rubric.dimension(row.dimension).name.get(lang),
                                 r=i18n.fmt_number(row.r_dimension, lang, 2)))
    for ind, row in aud.near_constant.iterrows():
        out.append("  " + i18n.t("audit.flat", lang, indicator=rubric.indicator(ind).name.get(lang),
                                 share=i18n.fmt_number(row.same_share * 100, lang, 0)))
    if flagged.empty and aud.near_constant.empty:
        out.append("  " + i18n.t("audit.clean", lang))
    return out


def score_json(result, lang: str = "id") -> str:
    return dumps_json(score_dict(result, lang))


def score_csv(result, lang: str = "id") -> str:
    rubric = result.rubric
    header = ["rank", "code", "name", "peer_group", "score", "grade", "coverage"]
    header += [f"{d.id}_score" for d in rubric.dimensions] + [f"{d.id}_rank" for d in rubric.dimensions]
    header += [f"{i.id}_value" for i in rubric.indicators] + [f"{i.id}_score" for i in rubric.indicators]
    unc = result.extras.get("uncertainty")
    with_status = result.rubric.missing.min_coverage > 0
    with_imputed = result.rubric.missing.method != "exclude"
    flags = result.extras.get("imputed")
    if with_status:
        header.append("status")
    if with_imputed:
        header.append("imputed")
    if unc is not None:
        header += ["median_rank", "rank_low", "rank_high"]
    rows = []
    for code in result.codes:
        reg = result.regions.loc[code]
        row = [_int(result.ranks.at[code, "overall"]), code, reg["name"], reg["peer_group"],
               clean_number(result.overall[code]), result.grades.at[code, "overall"],
               clean_number(result.coverage[code], 4)]
        row += [clean_number(result.dimension_scores.at[code, d.id]) for d in rubric.dimensions]
        row += [_int(result.ranks.at[code, d.id]) for d in rubric.dimensions]
        row += [clean_number(result.values.at[code, i.id]) for i in rubric.indicators]
        row += [clean_number(result.indicator_scores.at[code, i.id]) for i in rubric.indicators]
        if with_status:
            row.append(result.extras["status"][code])
        if with_imputed:
            row.append(" ".join(c for c in flags.columns if flags.at[code, c]) if flags is not None else "")
        if unc is not None:
            row += [_int(unc.median.at[code, "overall"]), _int(unc.low.at[code, "overall"]),
                    _int(unc.high.at[code, "overall"])]
        rows.append(row)
    return csv_text(header, rows)


def score_table(result, lang: str = "id") -> str:
    rubric = result.rubric
    header = [i18n.t("col.rank", lang), i18n.t("col.region", lang), i18n.t("col.code", lang),
              i18n.t("col.score", lang), i18n.t("col.grade", lang)]
    header += [d.name.get(lang).replace("Smart ", "") for d in rubric.dimensions]
    multi = result.group_sizes.size > 1
    unc = result.extras.get("uncertainty")
    if unc is not None:
        header.insert(1, i18n.t("col.rank-interval", lang))
    if multi:
        header.insert(0, i18n.t("col.peer-group", lang))
    rows = []
    for code in result.codes:
        reg = result.regions.loc[code]
        rank = _int(result.ranks.at[code, "overall"])
        n = int(result.group_sizes[reg["peer_group"]])
        row = [f"{rank}/{n}" if rank else "-", reg["name"], code, i18n.fmt_number(result.overall[code], lang, 1),
               result.grades.at[code, "overall"] or "-"]
        row += [i18n.fmt_number(result.dimension_scores.at[code, d.id], lang, 1) for d in rubric.dimensions]
        if unc is not None:
            row.insert(1, unc.label(code))
        if multi:
            row.insert(0, str(reg["peer_group"]))
        rows.append(row)
    align = ["<"] * len(header)
    for i in range(len(header) - len(rubric.dimensions) - 2, len(header)):
        align[i] = ">"
    title = i18n.t("score.title", lang, rubric=rubric.name.get(lang), n=len(result.regions),
                   peers=i18n.t(f"peers.{result.peers}", lang))
    return title + "\n\n" + text_table(header, rows, align) + _footer(result, lang)
