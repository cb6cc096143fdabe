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


def score_dict(result, lang: str = "id") -> dict[str, Any]:
    rubric = result.rubric
    regions = []
    for code in result.codes:
        reg = result.regions.loc[code]
        dims = {
            d.id: {
                "score": clean_number(result.dimension_scores.at[code, d.id]),
                "rank": _int(result.ranks.at[code, d.id]),
                "grade": result.grades.at[code, d.id],
            }
            for d in rubric.dimensions
        }
        inds = {}
        for ind in rubric.indicators:
            entry = {"value": clean_number(result.values.at[code, ind.id]),
                     "score": clean_number(result.indicator_scores.at[code, ind.id])}
            if ind.id in result.display.columns and pd.notna(result.display.at[code, ind.id]):
                entry["grade"] = result.display.at[code, ind.id]
            inds[ind.id] = entry
        regions.append({
            "name": reg["name"],
            "code": code,
            "type": reg.get("tipe"),
            "province": reg.get("provinsi"),
            "peer_group": reg["peer_group"],
            "score": clean_number(result.overall[code]),
            "rank": _int(result.ranks.at[code, "overall"]),
            "grade": result.grades.at[code, "overall"],
            "coverage": clean_number(result.coverage[code], 4),
            "dimensions": dims,
            "indicators": inds,
        })
        for key, value in result.extras.get("region_fields", {}).get(code, {}).items():
            regions[-1][key] = value
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
    return out


def score_json(result, lang: str = "id") -> str:
    return dumps_json(score_dict(result, lang))


def score_csv(result, lang: str = "id") -> str:
    rubric = result.rubric
    header = ["rank", "code", "name", "peer_group", "score", "grade", "coverage"]
    header += [f"{d.id}_score" for d in rubric.dimensions] + [f"{d.id}_rank" for d in rubric.dimensions]
    header += [f"{i.id}_value" for i in rubric.indicators] + [f"{i.id}_score" for i in rubric.indicators]
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
        rows.append(row)
    return csv_text(header, rows)


def score_table(result, lang: str = "id") -> str:
    rubric = result.rubric
    header = [i18n.t("col.rank", lang), i18n.t("col.region", lang), i18n.t("col.code", lang),
              i18n.t("col.score", lang), i18n.t("col.grade", lang)]
    header += [d.name.get(lang).replace("Smart ", "") for d in rubric.dimensions]
    multi = result.group_sizes.size > 1
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
        if multi:
            row.insert(0, str(reg["peer_group"]))
        rows.append(row)
    align = ["<"] * len(header)
    for i in range(len(header) - len(rubric.dimensions) - 2, len(header)):
        align[i] = ">"
    title = i18n.t("score.title", lang, rubric=rubric.name.get(lang), n=len(result.regions),
                   peers=i18n.t(f"peers.{result.peers}", lang))
    return title + "\n\n" + text_table(header, rows, align)
