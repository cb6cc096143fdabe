"""The indicator-kind registry: what each ``kind:`` of indicator reads, how it is checked and
derived, its unit and source, and how reasons cite it. One object per kind; the modules that
used to test ``ind.kind == "…"`` look the answer up here instead.

Light on purpose (no pandas: the rubric checker imports it). ``family`` picks the checker in
:mod:`scorecard.rubric` (``_KIND_CHECKS``) and the derivation in :mod:`scorecard.derive`
(``_DERIVE``): ``column`` (a value read from one column), ``ratio`` (numerator / denominator x
multiplier), ``streak`` (consecutive BPK opinions from the ``opini_bpk`` sheet), ``awards`` (award
count from the ``penghargaan`` sheet). How to add a kind: CONTRIBUTING.md, "Add an indicator kind".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

OPINIONS = "opini_bpk"  # the workbook sheets a kind may be counted from
AWARDS = "penghargaan"


@dataclass(frozen=True)
class Kind:
    """An indicator kind: the keys it reads, how the rubric checks it and how derive computes it."""

    name: str
    family: str  # "column" | "ratio" | "streak" | "awards": checker (rubric) and derivation (derive)
    columns: tuple[str, ...] = ()  # indicator keys naming a declared column (required for this kind)
    keys: tuple[str, ...] = ()  # other indicator keys only this kind reads
    scale: bool = False  # needs a grade scale (the column's, or ``scale:``)
    sheet: str | None = None  # counted from this workbook sheet rather than from columns
    source_key: str | None = None  # report: where the figure comes from (catalogue key), besides columns
    missing_key: str | None = None  # report, "not rated" list: what is missing (catalogue key)
    unit_key: str | None = None  # report: the unit (catalogue key); None: the column's unit; "": none
    whole: bool = False  # values are whole numbers: reasons cite them as integers
    cite: str = "value"  # how reasons cite a value: "value" | "grade" (value and grade) | "grade-only"
    credential: str = "grade"  # as a governance credential: "grade" (its grade) | "years" (WTP years)
    absent_zero: bool = False  # a 0 read from the absence of rows is not a filled input (issue 13)

    @property
    def label_key(self) -> str:
        """The catalogue key of the kind's name in the report's method table."""
        return f"report.kind.{self.name}"


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("number", "column", ("column",)),
    Kind("count", "column", ("column",), whole=True),
    Kind("percent", "column", ("column",)),
    Kind("grade", "column", ("column",), scale=True, cite="grade"),
    Kind("ordinal", "column", ("column",), scale=True, cite="grade-only"),
    Kind("streak", "streak", keys=("opinion",), sheet=OPINIONS, source_key="report.source.opinions",
         missing_key="report.not-rated.opinions", unit_key="report.unit.years", whole=True, credential="years"),
    Kind("ratio", "ratio", ("numerator", "denominator"), keys=("multiplier",)),
    Kind("awards", "awards", keys=("awards",), sheet=AWARDS, source_key="report.source.awards",
         missing_key="report.not-rated.awards", unit_key="", whole=True, absent_zero=True),
)}


def kind_of(ind: Any) -> Kind:
    """The registry entry of an indicator (anything with a ``kind`` attribute)."""
    return KINDS[ind.kind]


__all__ = ["KINDS", "Kind", "kind_of", "OPINIONS", "AWARDS"]
