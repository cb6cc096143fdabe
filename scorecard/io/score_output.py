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


class _Rows:
    """Cells of one frame by (region code, column) from a numpy array: no pandas call per cell and
    no copy of the frame as Python objects. Same values as ``frame.at[code, column]``."""

    def __init__(self, frame) -> None:
        self.pos = {c: i for i, c in enumerate(frame.index)}
        self.col = {c: j for j, c in enumerate(frame.columns)}
        self.arr = frame.to_numpy()

    def __contains__(self, code) -> bool:
        return code in self.pos

    def row(self, code) -> "_Row":
        return _Row(self.arr[self.pos[code]], self.col)


class _Row:
    __slots__ = ("values", "col")

    def __init__(self, values, col) -> None:
        self.values, self.col = values, col

    def __getitem__(self, column):
        return self.values[self.col[column]]

    def __contains__(self, column) -> bool:
        return column in self.col

    def get(self, column, default=None):
        j = self.col.get(column)
        return default if j is None else self.values[j]


class _Lookup:
    """Read-only cell access for the per-region loops, built once per result (a pandas ``.at`` call
    per cell dominated the JSON output at village scale; see BENCHMARKS.md)."""

    def __init__(self, result) -> None:
        self.regions = _Rows(result.regions[[c for c in ("name", "tipe", "provinsi", "peer_group")
                                             if c in result.regions.columns]])
        self.dims = _Rows(result.dimension_scores)
        self.ranks = _Rows(result.ranks)
        self.grades = _Rows(result.grades)
        self.values = _Rows(result.values)
        self.scores = _Rows(result.indicator_scores)
        self.display = _Rows(result.display)
        self.overall = result.overall.to_dict()
        self.coverage = result.coverage.to_dict()
        extras = result.extras
        self.flags = _rows_or_none(extras.get("imputed"))
        self.wins = _rows_or_none(extras.get("winsorised"))
        unc = extras.get("uncertainty")
        self.unc = None if unc is None else (_Rows(unc.median), _Rows(unc.low), _Rows(unc.high),
                                             list(unc.median.columns))
        rows = _trend_rows(result)
        self.trends: dict | None = None
        if rows is not None:
            self.trends = {}
            for r in rows[["code", "dimension", "previous_year", "change", "rank_change"]].itertuples(index=False):
                self.trends.setdefault(r.code, {})[r.dimension] = r


def _rows_or_none(frame) -> _Rows | None:
    return None if frame is None else _Rows(frame)


def _region_entries(result):
    """The JSON entry of each region, best first, one at a time."""
    rubric = result.rubric
    fast = _Lookup(result)
    display_cols = set(result.display.columns)
    region_fields = result.extras.get("region_fields", {})
    for code in result.codes:
        reg = fast.regions.row(code)
        dim_score, dim_rank, grade = fast.dims.row(code), fast.ranks.row(code), fast.grades.row(code)
        dims = {
            d.id: {
                "score": clean_number(dim_score[d.id]),
                "rank": _int(dim_rank[d.id]),
                "grade": grade[d.id],
            }
            for d in rubric.dimensions
        }
        inds = {}
        values, scores, shown = fast.values.row(code), fast.scores.row(code), fast.display.row(code)
        for ind in rubric.indicators:
            entry = {"value": clean_number(values[ind.id]),
                     "score": clean_number(scores[ind.id])}
            if ind.id in display_cols and pd.notna(shown[ind.id]):
                entry["grade"] = shown[ind.id]
            inds[ind.id] = entry
        region = {
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
        }
        for key, value in region_fields.get(code, {}).items():
            region[key] = value
        _method_region_fields(result, code, region, fast)
        yield region


def _top(result, regions: Any, lang: str) -> dict[str, Any]:
    rubric = result.rubric
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


def score_dict(result, lang: str = "id") -> dict[str, Any]:
    return _top(result, list(_region_entries(result)), lang)


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
        median, low, high = fast.unc[0].row(code), fast.unc[1].row(code), fast.unc[2].row(code)
        unc_cols = fast.unc[3]
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
        flags = fast.flags.row(code)
        for ind, e in entry["indicators"].items():
            e["imputed"] = bool(flags[ind])
    if fast.wins is not None and code in fast.wins:
        wins = fast.wins.row(code)
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
        from scorecard.trends import years as workbook_years

        out["years"] = [int(y) for y in workbook_years(result.tables)]  # every year in the workbook
        out["most_improved"] = [
            {"peer_group": r.peer_group, "dimension": r.dimension, "code": r.code, "name": r.name,
             "change": clean_number(r.change), "rank_change": _int(r.rank_change)}
            for r in best.itertuples()]


def _footer(result, lang: str) -> str:
    """Lines under the table: regions without a rank, imputed values, sensitivity, audit."""
    lines: list[str] = []
    status = result.extras.get("status")
    if status is not None and (status != "ok").any():
        names = ", ".join(f"{result.regions.at[c, 'name']} ({i18n.percent(result.coverage[c], lang)})"
                          for c in result.codes if status[c] != "ok")
        lines.append(i18n.t("method.insufficient", lang, regions=names,
                            min=i18n.percent(result.rubric.missing.min_coverage, lang)))
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
                parts = ", ".join(i18n.t(f"sens.share.{k}", lang, pct=i18n.number(v * 100, lang, 0))
                                  for k, v in sorted(shares.items(), key=lambda kv: -kv[1]))
                lines.append("  " + i18n.t("sens.shares", lang, parts=parts))
    aud = result.extras.get("audit")
    if aud is not None:
        lines.append("")
        lines += audit_lines(aud, result.rubric, lang)
    return ("\n" + "\n".join(lines) + "\n") if lines else ""


def not_rated_text(coverage: float, lang: str) -> str:
    """"belum dapat dinilai — cakupan data 28 %" (issue 13): what every output shows instead of a
    score for a region below ``missing.min_coverage``."""
    return i18n.t("status.not-rated", lang, pct=i18n.percent(float(coverage), lang))


def audit_lines(aud, rubric, lang: str) -> list[str]:
    out = [i18n.t("audit.title", lang)]
    for d in rubric.dimensions:
        a = aud.alpha.get(d.id)
        out.append("  " + i18n.t("audit.alpha", lang, dimension=d.name.get(lang),
                                 alpha=i18n.number(a, lang, 2), n=int(aud.alpha_n.get(d.id, 0))))
    flagged = aud.correlations[aud.correlations["flag"].notna()]
    for ind, row in flagged.iterrows():
        out.append("  " + i18n.t(f"audit.corr.{row.flag}", lang, indicator=rubric.indicator(ind).name.get(lang),
                                 dimension=rubric.dimension(row.dimension).name.get(lang),
                                 r=i18n.number(row.r_dimension, lang, 2)))
    for ind, row in aud.near_constant.iterrows():
        out.append("  " + i18n.t("audit.flat", lang, indicator=rubric.indicator(ind).name.get(lang),
                                 share=i18n.number(row.same_share * 100, lang, 0)))
    if flagged.empty and aud.near_constant.empty:
        out.append("  " + i18n.t("audit.clean", lang))
    return out


_REGIONS_SLOT = "\x00regions\x00"


def score_json(result, lang: str = "id") -> str:
    """``dumps_json(score_dict(result))``, byte for byte, without holding every region's dict and the
    encoder's pieces for all of them at once (several GB for 84,000 villages): each region is encoded
    on its own, indented as it sits in the document (two levels deep), and spliced in."""
    head, slot, tail = dumps_json(_top(result, _REGIONS_SLOT, lang)).partition(dumps_json(_REGIONS_SLOT)[:-1])
    if not slot or not head.endswith('\n  "regions": '):  # layout not as expected: the plain path
        return dumps_json(score_dict(result, lang))
    parts = [head]
    first = True
    for region in _region_entries(result):
        parts.append("[\n    " if first else ",\n    ")
        parts.append(dumps_json(region)[:-1].replace("\n", "\n    "))
        first = False
    parts.append("[]" if first else "\n  ]")
    parts.append(tail)
    return "".join(parts)


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
    status = result.extras.get("status")
    for code in result.codes:
        reg = result.regions.loc[code]
        rank = _int(result.ranks.at[code, "overall"])
        n = int(result.group_sizes[reg["peer_group"]])
        if status is not None and status[code] != "ok":  # issue 13: not yet rated, no score at all
            row = ["-", reg["name"], code, not_rated_text(result.coverage[code], lang), ""]
            row += [""] * len(rubric.dimensions)
        else:
            row = [f"{rank}/{n}" if rank else "-", reg["name"], code,
                   i18n.number(result.overall[code], lang, 1), result.grades.at[code, "overall"] or "-"]
            row += [i18n.number(result.dimension_scores.at[code, d.id], lang, 1) for d in rubric.dimensions]
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
