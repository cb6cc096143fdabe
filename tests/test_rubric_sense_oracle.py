"""The rubric's sense checks (``scorecard.rubric._Sense``: an empty name, a target outside its
column, a ratio multiplier not above 0, a percent column above 100, one column read twice, a host
min_score outside the range) run as the builders read each part, no longer as a second walk over the
parsed YAML. They must say exactly what the second walk said — same codes, key paths, lines, values,
parameters, both languages, same order — for the shipped rubrics and for 400 rubrics that mix those
settings with structural errors (a node with both indicators and sub-dimensions, nesting too deep,
nodes that are not mappings, bad column ids, missing ids). The old walk is kept verbatim in
``tests/rubric_sense_oracle.py``."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

import scorecard.rubric as rubric_mod
from rubric_sense_oracle import _check_sense
from scorecard.issues import InputError
from wbtools import TINY_RUBRIC

# the benchmark rubrics (the evaluation instrument, kind: evaluation, has a builder of its own)
RUBRICS = [p for p in sorted((Path(__file__).resolve().parent.parent / "rubrics").glob("*.yaml"))
           if "kind: evaluation" not in p.read_text(encoding="utf-8")]


class _OldSense(rubric_mod._Sense):
    """The builders' hooks switched off; at the end, the old second walk over the whole rubric."""

    top: Any = None

    def column(self, cid: Any, spec: Any) -> None:
        pass

    def node(self, raw: Any, path: str) -> None:
        pass

    def indicator(self, raw: Any, path: str) -> None:
        pass

    def unread(self, raw: Any, path: str, keys: tuple[str, ...] = ()) -> None:
        pass

    def finish(self, judgement: Any, scoring: Any) -> None:
        _check_sense(self.top, self.ctx, self.columns, scoring)


def _outcome(data: Any) -> list[tuple]:
    try:
        rubric_mod.build_rubric(copy.deepcopy(data), file="r.yaml")
    except InputError as exc:
        return [(i.code, i.severity, i.key, i.line, repr(i.value), repr(sorted(i.params.items())),
                 i.render("id"), i.render("en")) for i in exc.report]
    return []


def _old_outcome(data: Any, monkeypatch) -> list[tuple]:
    with monkeypatch.context() as m:
        _OldSense.top = data
        m.setattr(rubric_mod, "_Sense", _OldSense)
        return _outcome(data)


def _same(data: Any, monkeypatch) -> list[tuple]:
    new = _outcome(data)
    assert new == _old_outcome(data, monkeypatch)
    return new


@pytest.mark.parametrize("path", RUBRICS, ids=lambda p: p.name)
def test_shipped_rubrics(path, monkeypatch):
    assert _same(yaml.safe_load(path.read_text(encoding="utf-8")), monkeypatch) == []


def _mutations(base: dict, rng: random.Random) -> dict:
    """``base`` with 1-5 of the sense problems and 0-3 structural errors, at random places."""
    data = copy.deepcopy(base)
    dims = data["dimensions"]
    inds = [ind for d in dims for ind in d.get("indicators", []) if isinstance(ind, dict)]
    cols = data.setdefault("columns", {})

    def sense() -> None:
        pick = rng.randrange(8)
        ind = rng.choice(inds)
        if pick == 0:
            ind["name"] = rng.choice(["", "  ", {"id": "", "en": "x"}, {"id": "x", "en": " "}])
        elif pick == 1:
            rng.choice([d for d in dims if isinstance(d, dict)])["name"] = ""
        elif pick == 2:
            ind.update(kind="ratio", multiplier=rng.choice([-100, 0, 0.0, -1e-9, 5, "x", True]))
        elif pick == 3:
            ind.update(normalisation=rng.choice(["target", {"method": "target"}]),
                       target=rng.choice([0, -5, 150, 1e9, 50, "x"]))
        elif pick == 4:
            other = rng.choice(inds)
            if other.get("column"):
                ind["column"] = other["column"]
        elif pick == 5:
            cid = rng.choice(list(cols) or ["pct"])
            cols[cid] = {**(cols.get(cid) or {"label": "x"}), "type": "percent", "max": rng.choice([150, 1000, 100, 99.5])}
        elif pick == 6:
            data["judgement"] = {"host": {"min_score": rng.choice([150, -1, 60, "x", None])}}
        else:
            cols[rng.choice(["1bad id", "pct x", "ok_col"])] = {"label": "x", "type": "percent", "max": 500}

    def structural() -> None:
        pick = rng.randrange(6)
        d = rng.choice([d for d in dims if isinstance(d, dict)])
        if pick == 0:  # both indicators and sub-dimensions: not built, still checked
            d["subdimensions"] = [{"id": f"s{rng.randrange(99)}", "name": "", "indicators": [
                {"id": f"q{rng.randrange(999)}", "name": " ", "kind": "ratio", "multiplier": -1, "column": "pad"}]}]
        elif pick == 1:  # nested deeper than allowed
            leaf: dict = {"id": "deep", "name": "", "indicators": [{"id": "dx", "name": "", "kind": "value",
                                                                  "column": "pad"}]}
            for k in range(rubric_mod.MAX_SUB_LEVELS + 1):
                leaf = {"id": f"l{k}", "name": "" if k % 2 else "L", "subdimensions": [leaf]}
            d.pop("indicators", None)
            d["subdimensions"] = [leaf]
        elif pick == 2 and isinstance(d.get("indicators", []), list):
            d.setdefault("indicators", []).append(rng.choice(["not a mapping", 7, None, []]))
        elif pick in (2, 3):
            dims.append(rng.choice(["x", {}, {"name": "", "indicators": []}, {"id": "z", "name": "Z"}]))
        elif pick == 4:
            d.pop("id", None)
        else:
            d["indicators"] = "not a list"

    for _ in range(rng.randint(1, 5)):
        sense()
    for _ in range(rng.randint(0, 3)):
        structural()
    return data


@pytest.mark.parametrize("seed", range(8))
def test_mixed_problems_say_the_same(seed, monkeypatch):
    rng = random.Random(seed)
    bases = [yaml.safe_load(TINY_RUBRIC)] + [yaml.safe_load(p.read_text(encoding="utf-8")) for p in RUBRICS]
    said = 0
    for _ in range(50):
        said += bool(_same(_mutations(rng.choice(bases), rng), monkeypatch))
    assert said >= 45  # the mutations do make problems


def test_a_problem_inside_an_unread_node_is_still_said(monkeypatch):
    data = yaml.safe_load(TINY_RUBRIC)
    d = data["dimensions"][0]
    d["subdimensions"] = [{"id": "s", "name": "", "indicators": [{"id": "q", "name": "", "kind": "value", "column": "pad"}]}]
    got = [(c, key) for c, _s, key, *_rest in _same(data, monkeypatch)]
    assert ("indicators-or-subdimensions", "dimensions[0]") in got
    assert ("name-empty", "dimensions[0].subdimensions[0].name") in got
    assert ("name-empty", "dimensions[0].subdimensions[0].indicators[0].name") in got
