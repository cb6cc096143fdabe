"""National reference data: public figures for all 514 kabupaten/kota, with their year and source.

Pure: DataFrames in (loaded by :mod:`scorecard.io.reference_file`), typed objects out. Nothing
here reads a file. The shipped figures are described in ``scorecard/data/NOTICE.md`` and
``docs/context.md``:

* IPM (HDI, BPS new method), poverty rate and GRDP per capita, 2019 — World Bank INDO-DAPOER
  (CC BY 4.0), based on BPS data. Source errors are blank (``qa_flag``), never repaired.
* real GRDP per capita growth 2010-2017 — Santos-Marquez, Gunawan & Mendez (2021), QuaRCS lab
  (CC BY 4.0), based on BPS PDRB.
* population (Dukcapil, December 2024) and area (BIG 2024) — the region registry; density is
  population / area.
* the 62 daerah tertinggal 2020-2024 (Perpres 63/2020).

A user may add a newer public table (see :mod:`scorecard.io.reference_file`); its measures then
replace the shipped ones, with the user's year and source shown wherever they are used.

Percentiles: the *percentile rank* of a value among the regions with a figure is
``100 * (number below + 0.5 * number equal, itself included) / n``. The median is pandas'
median (the mean of the two middle values for an even count).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from scorecard import i18n

# ------------------------------------------------------------------------------------------------
# Measures: what the national context shows.


@dataclass(frozen=True)
class Measure:
    """One context figure. ``log`` says the similarity distance compares it on a log scale. Its
    label and unit are catalogue texts (``ctx.measure.<id>`` in ``scorecard/locale/context.yaml``)."""

    id: str
    decimals: int
    log: bool = False


MEASURES: dict[str, Measure] = {m.id: m for m in (
    Measure("ipm", 2),
    Measure("kemiskinan", 2),
    Measure("pdrb_per_kapita", 1, log=True),
    Measure("pertumbuhan_pdrb_per_kapita", 1),
    Measure("penduduk", 0, log=True),
    Measure("kepadatan", 0, log=True),
)}
CONTEXT_ORDER = ("ipm", "kemiskinan", "pdrb_per_kapita", "pertumbuhan_pdrb_per_kapita", "penduduk", "kepadatan")


def _citation(source: str) -> dict[str, str]:
    """The attribution of a shipped source in every output language, from the catalogue
    (``ref.source.<source>`` in ``scorecard/locale/context.yaml``). The DAPOER one is the wording
    the licence requires on every page or sheet that shows one of its figures
    (``scorecard/data/NOTICE.md``)."""
    return {lang: i18n.t(f"ref.source.{source}", lang) for lang in i18n.LANGS}


GROWTH_YEARS = (2010, 2017)


@dataclass(frozen=True)
class Layer:
    """The figures of one measure for (some of) the 514 regions, with their provenance."""

    measure: str
    values: pd.Series  # float, indexed by Kemendagri code; NaN = no figure
    year: int | str  # 2019, or "2010-2017" for a growth rate
    source: dict[str, str]  # lang -> citation
    notes: dict[str, str] = field(default_factory=dict)  # code -> why the figure is blank
    user_file: str | None = None  # the user's table it came from, None for shipped data

    @property
    def coverage(self) -> int:
        return int(self.values.notna().sum())

    def citation(self, lang: str) -> str:
        return self.source.get(lang) or self.source.get("id") or next(iter(self.source.values()), "")


@dataclass(frozen=True)
class Reference:
    """All 514 regions (``regions``: name, type, province, area_km2, tertinggal) and one layer per
    measure (the newest one in use)."""

    regions: pd.DataFrame
    layers: dict[str, Layer]

    def __contains__(self, code: object) -> bool:
        return code in self.regions.index

    def value(self, code: str, measure: str) -> float | None:
        layer = self.layers.get(measure)
        if layer is None or code not in layer.values.index:
            return None
        v = layer.values.at[code]
        return None if pd.isna(v) else float(v)

    def name(self, code: str) -> str:
        return str(self.regions.at[code, "name"])

    def kind(self, code: str) -> str:
        return str(self.regions.at[code, "type"])

    def province(self, code: str) -> str:
        return str(self.regions.at[code, "province"])

    def tertinggal(self, code: str) -> bool:
        return bool(self.regions.at[code, "tertinggal"])

    def with_layer(self, layer: Layer) -> Reference:
        """A copy where ``layer`` replaces the layer of its measure."""
        return replace(self, layers={**self.layers, layer.measure: layer})

    def sources(self, lang: str, measures: tuple[str, ...] | list[str] | None = None) -> list[str]:
        """The distinct citations of the layers used (for an attribution line)."""
        out: list[str] = []
        for m in measures or CONTEXT_ORDER:
            if m in self.layers:
                c = self.layers[m].citation(lang)
                if c not in out:
                    out.append(c)
        return out

    def aligned(self, measure: str) -> np.ndarray:
        """A measure's values in the order of ``regions`` (NaN where blank), computed once."""
        cache = self.__dict__.setdefault("_aligned", {})  # frozen dataclass: a plain per-object cache
        if measure not in cache:
            cache[measure] = self.layers[measure].values.reindex(self.regions.index).to_numpy(dtype=float)
        return cache[measure]

    @property
    def user_files(self) -> list[str]:
        return sorted({lay.user_file for lay in self.layers.values() if lay.user_file})


def build_reference(registry: pd.DataFrame, dapoer: pd.DataFrame, grdp: pd.DataFrame,
                    tertinggal: pd.DataFrame) -> Reference:
    """Assemble the shipped reference from the four tables (each keyed by ``kemendagri_code``)."""
    reg = registry.set_index("kemendagri_code", drop=False) if "kemendagri_code" in registry.columns else registry
    codes = reg.index
    regions = pd.DataFrame({
        "name": reg["name_title"].astype(str),
        "type": reg["type"].astype(str),
        "province": reg["province_name"].astype(str),
        "province_code": reg["province_code"].astype(str),
        "area_km2": pd.to_numeric(reg["area_km2"], errors="coerce"),
    }, index=codes)
    regions["tertinggal"] = regions.index.isin(set(tertinggal["kemendagri_code"].astype(str)))
    dp = dapoer.set_index("kemendagri_code").reindex(codes)
    notes = {c: str(f) for c, f in dp["qa_flag"].items() if isinstance(f, str) and f.strip()}
    pop = pd.to_numeric(reg["population"], errors="coerce").astype(float)
    layers = {
        "ipm": Layer("ipm", pd.to_numeric(dp["hdi"], errors="coerce").astype(float), 2019, _citation("dapoer")),
        "kemiskinan": Layer("kemiskinan", pd.to_numeric(dp["poverty_rate_pct"], errors="coerce").astype(float), 2019,
                            _citation("dapoer")),
        "pdrb_per_kapita": Layer("pdrb_per_kapita",
                                 pd.to_numeric(dp["grdp_per_capita_idr_million"], errors="coerce").astype(float),
                                 2019, _citation("dapoer"),
                                 {c: n for c, n in notes.items() if pd.isna(dp.at[c, "grdp_per_capita_idr_million"])}),
        "pertumbuhan_pdrb_per_kapita": _growth_layer(grdp, codes),
        "penduduk": Layer("penduduk", pop, 2024, _citation("dukcapil")),
        "kepadatan": Layer("kepadatan", pop / regions["area_km2"].where(regions["area_km2"] > 0), 2024,
                           _citation("density")),
    }
    return Reference(regions, layers)


def _growth_layer(grdp: pd.DataFrame, codes: pd.Index) -> Layer:
    """Average annual real growth of GRDP per capita, 2010-2017 (compound rate, in %)."""
    y0, y1 = GROWTH_YEARS
    g = grdp[grdp["year"].isin([y0, y1])]
    wide = g.pivot(index="kemendagri_code", columns="year",
                   values="grdp_per_capita_const2010_idr_thousand").reindex(codes)
    start, end = wide[y0].astype(float), wide[y1].astype(float)
    ok = (start > 0) & (end > 0)
    rate = ((end / start.where(ok)) ** (1.0 / (y1 - y0)) - 1.0) * 100.0
    flags = g.drop_duplicates("kemendagri_code").set_index("kemendagri_code")["qa_flag"]
    notes = {c: str(f) for c, f in flags.items() if isinstance(f, str) and f.strip() and c in codes}
    return Layer("pertumbuhan_pdrb_per_kapita", rate.astype(float), f"{y0}-{y1}", _citation("quarcs"), notes)


# ------------------------------------------------------------------------------------------------
# Percentiles and medians


def _finite(values: Any) -> np.ndarray:
    v = np.asarray(values, dtype=float)
    return v[~np.isnan(v)]


def percentile_rank(values: Any, x: float | None) -> float | None:
    """Percentile rank of ``x`` among ``values`` (NaN ignored): 100 * (below + 0.5 * equal) / n,
    where ``equal`` includes ``x`` itself when ``x`` is one of the values."""
    v = _finite(values)
    if len(v) == 0 or x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    below = float((v < x).sum())
    equal = float((v == x).sum())
    return 100.0 * (below + 0.5 * equal) / len(v)


@dataclass(frozen=True)
class Standing:
    """Where a region's figure stands within a set of regions (the nation or its province)."""

    n: int  # regions with a figure in the set
    median: float | None
    percentile: float | None  # percentile rank (see module docstring)
    rank: int | None  # 1 = the highest value in the set


def standing(values: Any, x: float | None) -> Standing:
    v = _finite(values)
    med = float(np.median(v)) if len(v) else None
    if x is None:
        return Standing(len(v), med, None, None)
    return Standing(len(v), med, percentile_rank(v, x), int((v > x).sum()) + 1)


@dataclass(frozen=True)
class ContextFact:
    """One figure of a region with its year, source, national and provincial standing."""

    measure: str
    value: float | None
    year: int | str
    source: dict[str, str]
    national: Standing
    province: Standing
    note: str | None = None  # why the figure is blank (source error blanked), in English as the data says
    user_file: str | None = None

    @property
    def scope_is_national(self) -> bool:
        """False when a user table covers only part of the 514: the "national" median is then
        the table's median and must be labelled so."""
        return self.national.n >= NATIONAL_MIN


NATIONAL_MIN = 500  # a layer with at least this many regions is "national" (514 with a few blanks)


@dataclass(frozen=True)
class RegionContext:
    code: str
    name: str
    type: str
    province: str
    tertinggal: bool
    facts: tuple[ContextFact, ...]

    def fact(self, measure: str) -> ContextFact | None:
        return next((f for f in self.facts if f.measure == measure), None)


def context_of(ref: Reference, code: str, measures: tuple[str, ...] = CONTEXT_ORDER,
               within: str | None = None) -> RegionContext:
    """The national context of one region: every measure with its national and provincial
    standing (``within``: another province to compare with instead of the region's own)."""
    if code not in ref:
        raise KeyError(code)
    prov = ref.regions["province"].to_numpy() == (within or ref.province(code))
    facts = []
    for m in measures:
        layer = ref.layers.get(m)
        if layer is None:
            continue
        x = ref.value(code, m)
        values = ref.aligned(m)
        facts.append(ContextFact(
            m, x, layer.year, layer.source, standing(values, x), standing(values[prov], x),
            layer.notes.get(code) if x is None else None, layer.user_file))
    return RegionContext(code, ref.name(code), ref.kind(code), ref.province(code), ref.tertinggal(code), tuple(facts))


def national_median(ref: Reference, measure: str) -> float | None:
    """The median of a measure over the regions that have it (for "national median" beside a rank)."""
    layer = ref.layers.get(measure)
    if layer is None:
        return None
    v = layer.values.dropna()
    return float(v.median()) if len(v) else None


def profile(ref: Reference, code: str) -> dict[str, Any]:
    """A region's size and structure in one flat dict (for other modules: transferability, peers):
    type, province, tertinggal flag and every measure's value (None when blank)."""
    out: dict[str, Any] = {"code": code, "name": ref.name(code), "type": ref.kind(code),
                           "province": ref.province(code), "tertinggal": ref.tertinggal(code)}
    for m in ref.layers:
        out[m] = ref.value(code, m)
    return out
