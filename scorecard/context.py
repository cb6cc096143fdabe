"""Similar regions: the K regions closest in structure to a focus region (``--peers similar[:K]``).

Pure. The idea is Orkestra's "reference regions": compare a region with the regions that are
structurally like it, not with the whole country. The distance (documented for planners in
``docs/context.md``):

1. Features: population, population density, GRDP per capita (each on a log scale, because they
   span orders of magnitude), IPM, the type (kota / kabupaten) and — when the workbook has it —
   fiscal capacity (total regional revenue per inhabitant, log scale; own-source revenue PAD per
   inhabitant when total revenue is absent).
2. Each numeric feature is standardised: ``z = (x - mean) / sd`` with the mean and the sample
   standard deviation over all regions with a figure (all 514 for the reference figures, the
   workbook's regions for fiscal capacity), so one unit is one standard deviation.
3. Type counts as a gap of ``TYPE_GAP`` = 1 standard deviation when the two types differ, 0 when
   they are the same.
4. ``distance = sqrt(mean of squared gaps)`` over the features both regions have (at least
   ``MIN_FEATURES`` of them, type included; a region with fewer is not compared). Equal weights.
5. The K regions with the smallest distance (ties by code) are the peers. A feature whose gap is
   at most ``CLOSE`` = 0.5 standard deviations is a reason "why similar".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scorecard.reference import MEASURES, Reference

DEFAULT_K = 12
SIMILAR_FEATURES = ("penduduk", "kepadatan", "pdrb_per_kapita", "ipm")
TYPE = "tipe"
FISCAL = "kapasitas_fiskal"
TYPE_GAP = 1.0
MIN_FEATURES = 3
CLOSE = 0.5
# workbook columns for fiscal capacity, in order of preference (rubric column ids)
FISCAL_COLUMNS = ("total_pendapatan", "pad")


@dataclass(frozen=True)
class Gap:
    """One feature compared: the two values (natural units) and the gap in standard deviations."""

    feature: str  # a measure id, "tipe" or "kapasitas_fiskal"
    focus_value: float | str | None
    peer_value: float | str | None
    gap: float  # |z_focus - z_peer|, or TYPE_GAP / 0 for the type


@dataclass(frozen=True)
class SimilarPeer:
    code: str
    distance: float
    gaps: tuple[Gap, ...]  # every feature compared, smallest gap first

    @property
    def reasons(self) -> tuple[Gap, ...]:
        """The features on which the peer is close (gap <= CLOSE), smallest gap first."""
        return tuple(g for g in self.gaps if g.gap <= CLOSE + 1e-12)

    @property
    def largest(self) -> Gap | None:
        """The feature on which the peer differs most (to say honestly where it is not alike)."""
        return max(self.gaps, key=lambda g: g.gap) if self.gaps else None


@dataclass(frozen=True)
class Scale:
    mean: float
    sd: float
    n: int
    log: bool


@dataclass(frozen=True)
class Similarity:
    focus: str
    k: int
    peers: tuple[SimilarPeer, ...]
    features: tuple[str, ...]  # features used for the focus (those it has a figure for)
    scales: dict[str, Scale]
    candidates: int  # regions that could be compared

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.peers]


def fiscal_capacity(regions: pd.DataFrame) -> tuple[pd.Series, str] | None:
    """Revenue per inhabitant (Rp) from the workbook's columns, with the column used; None when
    the workbook has neither total revenue nor PAD, or no population."""
    if "penduduk" not in regions.columns:
        return None
    pop = pd.to_numeric(regions["penduduk"], errors="coerce").astype(float)
    for col in FISCAL_COLUMNS:
        if col in regions.columns:
            rev = pd.to_numeric(regions[col], errors="coerce").astype(float)
            per = rev / pop.where(pop > 0)
            per = per.where(np.isfinite(per) & (per > 0))
            if per.notna().sum() >= 2:
                return per, col
    return None


def _scale(values: pd.Series, log: bool) -> Scale | None:
    v = values.dropna()
    if log:
        v = np.log(v[v > 0])
    if len(v) < 2:
        return None
    sd = float(v.std(ddof=1))
    if not math.isfinite(sd) or sd <= 0:
        return None
    return Scale(float(v.mean()), sd, int(len(v)), log)


def _z(x: float | None, s: Scale) -> float | None:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    if s.log:
        if x <= 0:
            return None
        x = math.log(x)
    return (x - s.mean) / s.sd


def feature_table(ref: Reference, extra: pd.Series | None = None) -> tuple[pd.DataFrame, dict[str, Scale]]:
    """Natural-unit values of the numeric features for every region, and their scales."""
    cols: dict[str, pd.Series] = {}
    scales: dict[str, Scale] = {}
    for m in SIMILAR_FEATURES:
        layer = ref.layers.get(m)
        if layer is None:
            continue
        s = _scale(layer.values, MEASURES[m].log)
        if s is not None:
            cols[m] = layer.values.reindex(ref.regions.index).astype(float)
            scales[m] = s
    if extra is not None:
        s = _scale(extra.astype(float), True)
        if s is not None:
            cols[FISCAL] = extra.reindex(ref.regions.index).astype(float)
            scales[FISCAL] = s
    return pd.DataFrame(cols, index=ref.regions.index), scales


def similar(ref: Reference, focus: str, k: int = DEFAULT_K, candidates: list[str] | pd.Index | None = None,
            fiscal: pd.Series | None = None) -> Similarity:
    """The ``k`` regions (among ``candidates``, default all 514) closest to ``focus``."""
    if focus not in ref:
        raise KeyError(focus)
    values, scales = feature_table(ref, fiscal)
    pool = [c for c in (ref.regions.index if candidates is None else candidates) if c != focus and c in ref]
    z = pd.DataFrame({f: [_z(v, scales[f]) for v in values[f]] for f in values.columns}, index=values.index,
                     dtype=float)
    zf = z.loc[focus]
    used = tuple(f for f in values.columns if not pd.isna(zf[f])) + (TYPE,)
    kind = ref.regions["type"]
    scored: list[SimilarPeer] = []
    for code in pool:
        gaps: list[Gap] = []
        for f in used:
            if f == TYPE:
                same = kind.at[code] == kind.at[focus]
                gaps.append(Gap(TYPE, kind.at[focus], kind.at[code], 0.0 if same else TYPE_GAP))
                continue
            zp = z.at[code, f]
            if pd.isna(zp):
                continue
            gaps.append(Gap(f, float(values.at[focus, f]), float(values.at[code, f]), abs(float(zf[f]) - float(zp))))
        if len(gaps) < MIN_FEATURES:
            continue
        dist = math.sqrt(sum(g.gap ** 2 for g in gaps) / len(gaps))
        scored.append(SimilarPeer(code, dist, tuple(sorted(gaps, key=lambda g: (g.gap, g.feature)))))
    scored.sort(key=lambda p: (round(p.distance, 12), p.code))
    return Similarity(focus, k, tuple(scored[:k]), used, scales, len(scored))


def parse_similar(mode: str) -> int | None:
    """``similar`` -> DEFAULT_K, ``similar:8`` -> 8; None when ``mode`` is not a similar mode.
    Raises ValueError for ``similar:0`` or ``similar:x``."""
    if mode == "similar":
        return DEFAULT_K
    if not mode.startswith("similar:"):
        return None
    k = int(mode.split(":", 1)[1])
    if k < 1:
        raise ValueError(mode)
    return k


@dataclass(frozen=True)
class WorkbookSimilarity:
    """Similar regions among a workbook's regions, and the workbook column used for fiscal capacity."""

    similarity: Similarity
    fiscal_column: str | None


def similar_in_workbook(ref: Reference, regions: pd.DataFrame, focus: str, k: int = DEFAULT_K) -> WorkbookSimilarity:
    """The ``k`` regions of the workbook (``regions``, indexed by code, with its rubric columns)
    most similar to ``focus``; fiscal capacity is used when the workbook has revenue and population."""
    fiscal = fiscal_capacity(regions)
    sim = similar(ref, focus, k, candidates=list(regions.index), fiscal=fiscal[0] if fiscal else None)
    return WorkbookSimilarity(sim, fiscal[1] if fiscal and FISCAL in sim.features else None)
