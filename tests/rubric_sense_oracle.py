"""The rubric's sense checks as they were before they moved into the builders (scorecard.rubric,
``_check_sense`` at 969d556: a second walk over the parsed YAML), kept verbatim as the oracle of
tests/test_rubric_sense_oracle.py: the builders' checks must say the same problems, in the same
order, for every rubric."""

from __future__ import annotations

import math
from typing import Any, Mapping

from scorecard.rubric import Column, Scoring
from scorecard.schema import Ctx


def _number(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) else None


def _blank_text(v: Any) -> bool:
    """A name that shows nothing: an empty (or blank) text, or an id/en mapping with one blank."""
    if isinstance(v, str):
        return not v.strip()
    if isinstance(v, dict):
        return any(isinstance(v.get(k), str) and not v[k].strip() for k in ("id", "en"))
    return False


def _check_sense(top: Mapping[str, Any], ctx: Ctx, columns: Mapping[str, Column], scoring: Scoring) -> None:
    """Issue 18 class 3 (QA item 12): settings that parse but make the scores mean nothing, each an
    error with its key path and line (rules and reasons in docs/rubric.md, "Settings that must make
    sense"): an empty dimension or indicator name; a ``target`` that is not above 0 or lies outside
    its column's min/max (with ``normalisation: target`` every region would score 100 or 0); a ratio
    ``multiplier`` not above 0; a ``percent`` column whose ``max`` is above 100; one column read by
    two indicators; a ``judgement.host.min_score`` outside ``scoring.range``."""
    for cid, spec in (top.get("columns") or {}).items() if isinstance(top.get("columns"), dict) else ():
        hi = _number(spec.get("max")) if isinstance(spec, dict) else None
        if isinstance(spec, dict) and spec.get("type") == "percent" and hi is not None and hi > 100:
            ctx.add("percent-max-above-100", f"columns.{cid}.max", spec.get("max"))
    first_use: dict[str, str] = {}

    def node(raw: Any, path: str) -> None:
        if not isinstance(raw, dict):
            return
        if "name" in raw and _blank_text(raw["name"]):
            ctx.add("name-empty", f"{path}.name", raw["name"])
        for key in ("subdimensions", "indicators"):
            kids = raw.get(key)
            for k, kid in enumerate(kids if isinstance(kids, list) else ()):
                (node if key == "subdimensions" else indicator)(kid, f"{path}.{key}[{k}]")

    def indicator(raw: Any, path: str) -> None:
        if not isinstance(raw, dict):
            return
        if "name" in raw and _blank_text(raw["name"]):
            ctx.add("name-empty", f"{path}.name", raw["name"])
        if raw.get("kind") == "ratio" and "multiplier" in raw:
            m = _number(raw["multiplier"])
            if m is not None and m <= 0:
                ctx.add("multiplier-not-positive", f"{path}.multiplier", raw["multiplier"])
        norm = raw.get("normalisation")
        method = norm.get("method") if isinstance(norm, dict) else norm
        target = _number(raw.get("target"))
        if method == "target" and target is not None:
            col_id = raw.get("column")
            col = columns.get(col_id) if isinstance(col_id, str) else None
            lo, hi = (col.min, col.max) if col is not None else (None, None)
            if target <= 0:
                ctx.add("target-not-positive", f"{path}.target", raw.get("target"))
            elif (lo is not None and target < lo) or (hi is not None and target > hi):
                ctx.add("target-outside-column", f"{path}.target", raw.get("target"),
                        column=raw.get("column"), min="-" if lo is None else lo, max="-" if hi is None else hi)
        column = raw.get("column")
        if isinstance(column, str) and raw.get("kind") not in ("streak", "awards"):
            if column in first_use:
                ctx.add("column-used-twice", f"{path}.column", column, first=first_use[column])
            else:
                first_use[column] = path

    dims = top.get("dimensions")
    for d, dim in enumerate(dims if isinstance(dims, list) else ()):
        node(dim, f"dimensions[{d}]")
    judgement = top.get("judgement")
    host = judgement.get("host") if isinstance(judgement, dict) else None
    if isinstance(host, dict) and "min_score" in host:
        got = _number(host["min_score"])
        lo, hi = scoring.range
        if got is not None and not lo <= got <= hi:
            ctx.add("host-min-score-outside-range", "judgement.host.min_score", host["min_score"], low=lo, high=hi)
