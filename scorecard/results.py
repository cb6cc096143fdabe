"""Result objects passed from the core to the edges (CLI output, reports)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from scorecard.issues import IssueReport
from scorecard.rubric import Rubric


@dataclass(frozen=True)
class ScoreResult:
    """Everything one scoring run produced, with the parameters that produced it.

    All frames are indexed by Kemendagri region code. Scores are on the rubric's scoring range
    (0-100 by default); ranks are within each region's peer group (ties share the best rank).
    """

    rubric: Rubric
    tables: Any  # scorecard.validate.Tables
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
    methods: dict[str, str]  # indicator id -> normalisation applied ("excluded: constant" etc.)
    notes: IssueReport = field(default_factory=IssueReport)
    opinion_year: int | None = None
    award_years: tuple[int, int] | None = None
    year: int | None = None
    # Methodology and later stages add here: "status" (Series), "imputed"/"winsorised" (bool frames),
    # "treatment" (frame), "treated_values", "subdimension_scores", "region_fields"/"top_fields"
    # (merged into the JSON output), and on request "uncertainty" (uncertainty.RankUncertainty),
    # "sensitivity" (sensitivity.Sensitivity), "audit" (audit.Audit), "trends" (trends frame).
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> pd.Series:
        """``ok`` or ``insufficient-data`` per region (coverage below ``missing.min_coverage``)."""
        got = self.extras.get("status")
        return got if got is not None else pd.Series("ok", index=self.regions.index)

    @property
    def imputed(self) -> pd.DataFrame:
        """True where a missing value was filled by imputation (regions x indicators)."""
        got = self.extras.get("imputed")
        return got if got is not None else pd.DataFrame(False, index=self.values.index, columns=self.values.columns)

    @property
    def subdimension_scores(self) -> pd.DataFrame:
        """Scores of the rubric's sub-dimensions (empty when it has none)."""
        got = self.extras.get("subdimension_scores")
        return got if got is not None else pd.DataFrame(index=self.regions.index)

    @property
    def codes(self) -> list[str]:
        """Region codes, best overall first (then by name)."""
        order = pd.DataFrame({"g": self.regions["peer_group"], "r": self.ranks["overall"],
                              "n": self.regions["name"]})
        return list(order.sort_values(["g", "r", "n"], na_position="last").index)
