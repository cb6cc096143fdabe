"""Result objects passed from the core to the edges (CLI output, reports).

:class:`ScoreResult` is what one scoring run produced. Everything later stages add (trends,
uncertainty, sensitivity, audit, the recommendation) lives beside it in
:class:`scorecard.analysis.Analysis`, each as a typed field; nothing is attached after the fact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from scorecard.issues import IssueReport
from scorecard.rubric import Rubric

if TYPE_CHECKING:
    from scorecard.validate import Tables


@dataclass(frozen=True)
class ScoreResult:
    """Everything one scoring run produced, with the parameters that produced it.

    All frames are indexed by Kemendagri region code. Scores are on the rubric's scoring range
    (0-100 by default); ranks are within each region's peer group (ties share the best rank).
    """

    rubric: Rubric
    tables: Tables
    regions: pd.DataFrame  # name, tipe, provinsi, penduduk, … + peer_group
    values: pd.DataFrame  # derived indicator values (indicator ids)
    display: pd.DataFrame  # grade codes for grade/ordinal indicators
    indicator_scores: pd.DataFrame  # normalised 0-100
    dimension_scores: pd.DataFrame  # dimension ids
    overall: pd.Series
    ranks: pd.DataFrame  # "overall" + dimension ids
    grades: pd.DataFrame  # "overall" + dimension ids (grade codes of scoring.scale)
    coverage: pd.Series  # share of weight with data, 0..1
    peers: str  # peer mode: all | type | province | population
    focus: str | None
    group_sizes: pd.Series  # peer group label -> number of regions
    methods: dict[str, str]  # indicator id -> normalisation applied ("constant", "no-data", …)
    status: pd.Series  # "ok" | "insufficient-data" per region (coverage below missing.min_coverage)
    imputed: pd.DataFrame  # bool, regions x indicators: value filled by imputation (or scored "worst")
    winsorised: pd.DataFrame  # bool, regions x indicators: value changed by outlier treatment
    treatment: pd.DataFrame  # one row per (group, indicator) considered for outlier treatment
    treated_values: pd.DataFrame  # values after imputation and outlier treatment (what got normalised)
    subdimension_scores: pd.DataFrame  # scores of the rubric's sub-dimensions (no columns when none)
    notes: IssueReport = field(default_factory=IssueReport)
    opinion_year: int | None = None
    award_years: tuple[int, int] | None = None
    year: int | None = None

    @property
    def codes(self) -> list[str]:
        """Region codes, best overall first (then by name)."""
        order = pd.DataFrame({"g": self.regions["peer_group"], "r": self.ranks["overall"],
                              "n": self.regions["name"]})
        return order.sort_values(["g", "r", "n"], na_position="last").index.tolist()  # (list(index): 1 call per code)
