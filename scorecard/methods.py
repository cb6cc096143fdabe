"""The normalisation registry: every method a rubric may name, its function and its keys.

Light on purpose (no numpy or pandas: the rubric checker imports it): an entry names its function
in :mod:`scorecard.normalise`, where :func:`scorecard.normalise.normalise` calls it as
``function(x, direction=…, lo=…, hi=…, <params>)``. The rubric's allowed names and keys
(:mod:`scorecard.rubric`), its default and uncertainty alternatives, the report's labels
(``report.norm.<name>``) and the judgement of relative scores all come from here; nothing else in
the package names a method. How to add one: CONTRIBUTING.md, "Add a normalisation method".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Where = tuple[str | None, str | None, int | None]  # rubric file, key path, YAML line of a method's spec


@dataclass(frozen=True)
class Param:
    """One parameter of a method, written in the rubric's ``normalisation:`` mapping (or, with
    ``on_indicator``, as a key of the indicator itself, like ``target``)."""

    key: str  # the key in the rubric
    type: str  # "number" | "region" (a region code, in quotes) | "bool"
    required: bool = True
    default: Any = None
    on_indicator: bool = False
    arg: str | None = None  # the function's argument, when not named like the key


@dataclass(frozen=True)
class Method:
    """A normalisation method.

    ``default_ok``: may be the rubric's default (``scoring.normalisation``; it needs no key);
    ``uncertainty_ok``: may be drawn as an alternative by the uncertainty analysis; ``relative``:
    the scores move when the peer group changes (every method but fixed goalposts); ``located``:
    the function receives ``where`` (rubric file, key path, line) to locate errors only the data
    reveals."""

    name: str
    function: str  # the function's name in scorecard.normalise
    params: tuple[Param, ...] = ()
    default_ok: bool = False
    uncertainty_ok: bool = False
    relative: bool = True
    located: bool = False
    missing_code: str = "method-needs-keys"  # the rubric's issue when a required key is missing
    ordered: tuple[str, str] | None = None  # two keys that must be written low < high

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys this method takes in the ``normalisation:`` mapping (besides ``method``)."""
        return tuple(p.key for p in self.params if not p.on_indicator)

    @property
    def label_key(self) -> str:
        """The catalogue key of the method's name in reports."""
        return f"report.norm.{self.name}"


METHODS: dict[str, Method] = {m.name: m for m in (
    Method("minmax", "minmax", default_ok=True, uncertainty_ok=True),
    Method("goalposts", "goalposts", (Param("min", "number", arg="gmin"), Param("max", "number", arg="gmax")),
           relative=False, missing_code="goalposts-need-min-max", ordered=("min", "max")),
    Method("zscore", "zscore", default_ok=True, uncertainty_ok=True),
    Method("rank", "rank", default_ok=True, uncertainty_ok=True),
    Method("percentile", "percentile", default_ok=True, uncertainty_ok=True),
    Method("target", "target", (Param("target", "number", on_indicator=True, arg="tgt"),)),
    Method("best", "best", uncertainty_ok=True),
    Method("dist2max", "dist2max", uncertainty_ok=True),
    Method("dist2ref", "dist2ref", (Param("reference", "region"), Param("cap", "bool", required=False, default=True)),
           located=True),
)}

__all__ = ["METHODS", "Method", "Param", "Where"]
