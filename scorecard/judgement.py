"""The rubric's ``judgement:`` section: what a page may claim about a region (issue 13).

```yaml
judgement:
  small_group: 5            # peer groups with fewer regions are flagged as fragile in every output
  host:                     # "could host" (studi tiru visitors) only on real strengths:
    min_score: 70           #   the area score is at least this (on the rubric's scoring range) ...
    min_grades: {sakip: BB, rb: BB, spbe: Baik}   # ... and no official grade in it is below these
    any_type: [governance, economy, branding]  # practice that travels between kota and kabupaten;
                            # elsewhere (living, society, environment) hosts are of the focus's own type
```

Light (no pandas) so that the rubric loader can check the section. Every default is
scorecard's own choice, documented in ``docs/methodology.md`` ("What a page may claim") and
``docs/recommend.md``; delete the section to use them.
"""

from __future__ import annotations

from scorecard.issues import Phrase

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping

from scorecard.kinds import kind_of
from scorecard.methods import METHODS
from scorecard.schema import Ctx

if TYPE_CHECKING:
    from scorecard.rubric import Rubric

DEFAULT_SMALL_GROUP = 5
DEFAULT_HOST_MIN_SCORE = 70.0
DEFAULT_HOST_MIN_GRADES: Mapping[str, str] = {"sakip": "BB", "rb": "BB", "spbe": "Baik"}
DEFAULT_ANY_TYPE: tuple[str, ...] = ("governance", "economy", "branding")


@dataclass(frozen=True)
class HostRule:
    """A region "could host" an area only when its score there is at or above the peer benchmark
    (``recommend.benchmark``, the focus left out), at least ``min_score``, it is clearly ahead of
    at least one peer (``recommend.min_gap``), and none of the official grades in the area (the
    indicators named in ``min_grades``) is below the grade named there."""

    min_score: float = DEFAULT_HOST_MIN_SCORE
    min_grades: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_HOST_MIN_GRADES))
    explicit: bool = False
    # dimensions whose practice transfers between kota and kabupaten (issue 13 point 10): hosts for
    # them may be of either type; for every other area a host is of the focus's own type
    any_type: tuple[str, ...] = DEFAULT_ANY_TYPE
    # which keys the rubric wrote: only those are checked for ids that name nothing (the defaults
    # name Smart City indicators; a village rubric without them must not be warned about them)
    written: tuple[str, ...] = ()


@dataclass(frozen=True)
class Judgement:
    """The rubric's ``judgement:`` section: the small-group size and the host rule."""

    small_group: int = DEFAULT_SMALL_GROUP
    host: HostRule = field(default_factory=HostRule)


DEFAULT_JUDGEMENT = Judgement()


def check_section(value: Any, ctx: Ctx, path: str) -> Judgement:
    top = ctx.mapping(value, path, {"small_group", "host"})
    small = DEFAULT_SMALL_GROUP
    if "small_group" in top:
        raw = top["small_group"]
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
            ctx.add("wrong-type", f"{path}.small_group", raw, expected=Phrase("expected.a-whole-number-1-e-g-5"))
        else:
            small = raw
    host = HostRule()
    if "host" in top:
        hp = f"{path}.host"
        raw = ctx.mapping(top["host"], hp, {"min_score", "min_grades", "any_type"})
        min_score = DEFAULT_HOST_MIN_SCORE
        if "min_score" in raw:
            got = ctx.number(raw["min_score"], f"{hp}.min_score")
            min_score = got if got is not None and math.isfinite(got) else DEFAULT_HOST_MIN_SCORE
        grades = dict(DEFAULT_HOST_MIN_GRADES)
        if "min_grades" in raw:
            g = raw["min_grades"]
            if not isinstance(g, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in g.items()):
                ctx.add("wrong-type", f"{hp}.min_grades", g, expected=Phrase("expected.a-mapping-indicator-id-grade-code"))
            else:
                grades = dict(g)
        any_type = DEFAULT_ANY_TYPE
        if "any_type" in raw:
            lst = raw["any_type"]
            if not isinstance(lst, list) or not all(isinstance(x, str) for x in lst):
                ctx.add("wrong-type", f"{hp}.any_type", lst, expected=Phrase("expected.a-list-of-dimension-ids-e-g-governance"))
            else:
                any_type = tuple(lst)
        host = HostRule(min_score, grades, True, any_type, tuple(k for k in ("min_grades", "any_type") if k in raw))
    return Judgement(small, host)


def judgement_of(rubric: Rubric) -> Judgement:
    """The rubric's judgement settings, or the documented defaults."""
    got = rubric.judgement
    return got if got is not None else DEFAULT_JUDGEMENT


def grade_at_least(rubric: Any, indicator_id: str, value: float | None, code: str | None, minimum: str) -> bool | None:
    """Whether an indicator's official grade (from its grade code, or the band of its value) is at
    least ``minimum`` (None when the indicator, its scale, the grade or ``minimum`` is unknown)."""
    try:
        ind = rubric.indicator(indicator_id)
    except KeyError:
        return None
    scale = rubric.scales.get(ind.scale) if getattr(ind, "scale", None) else None
    if scale is None:
        return None
    target = scale.find(minimum)
    if target is None:
        return None
    g = scale.find(code) if code else None
    if g is None and scale.kind == "bands" and value is not None and value == value:
        g = scale.band_of(float(value))
    if g is None:
        return None
    return scale.grades.index(g) <= scale.grades.index(target)




# ----------------------------------------------------------------------------------------------
# Small peer groups (issue 13 point 3)

WIDER = {"province": "type", "population": "all", "type": "all"}


def rated_group_sizes(result: Any) -> dict[str, int]:
    """Peer group label -> number of regions ranked in it (not-rated regions do not count)."""
    status = getattr(result, "status", None)
    groups = result.regions["peer_group"]
    if status is not None:
        groups = groups[status.reindex(groups.index) == "ok"]
    counts = groups.astype(str).value_counts()
    out = {str(g): int(counts.get(str(g), 0)) for g in result.regions["peer_group"].astype(str).unique()}
    return dict(sorted(out.items()))


def small_groups(result: Any) -> dict[str, int]:
    """The peer groups with fewer ranked regions than the rubric's ``judgement.small_group``
    (default 5): ranks and min-max scores there are fragile — with 3 regions every indicator
    score is 0, 100 or one value between, and one region more or less can flip the order."""
    limit = judgement_of(result.rubric).small_group
    return {g: n for g, n in rated_group_sizes(result).items() if 0 < n < limit}  # 0: said as not comparable


def wider_peer_mode(mode: str) -> str | None:
    """The next wider ``--peers`` mode to suggest (None: already every region in the workbook)."""
    base = mode.split(":")[0] if isinstance(mode, str) else mode
    return WIDER.get(base)


def small_group_warning(result: Any, group: str, size: int, lang: str) -> str:
    """One sentence for every output: the group is small, why it matters, what to do instead."""
    from scorecard import i18n

    wider = wider_peer_mode(result.peers)
    suggest = i18n.t(f"judgement.suggest.{wider}" if wider else "judgement.suggest.more", lang)
    label = i18n.t(f"peers.{group}", lang) if group == "all" else group
    return i18n.t("judgement.small-group", lang, group=label, n=size,
                  min=judgement_of(result.rubric).small_group, suggest=suggest)


# ----------------------------------------------------------------------------------------------
# Relative bands vs official grades (issue 13 point 2)

ABSOLUTE_NORMALISATIONS = tuple(n for n, m in METHODS.items() if not m.relative)  # goalposts


def scoring_scale(rubric: Any) -> Any:
    sid = rubric.scoring.scale
    return rubric.scales.get(sid) if sid else None


def scores_are_relative(rubric: Any) -> bool:
    """True when the dimension and overall scores depend on the peer group: any indicator scored
    by a method other than fixed goalposts (min-max, z-score, rank, percentile, distance to the best
    or to a target) moves when the peers change."""
    return any(rubric.normalisation_of(ind).method not in ABSOLUTE_NORMALISATIONS for ind in rubric.indicators)


def official_words_on_relative_scores(rubric: Any) -> bool:
    """The rubric grades relative scores with a scale not marked ``relative: true`` (e.g. SAKIP's
    AA ... D): warned about at every scoring run."""
    scale = scoring_scale(rubric)
    return scale is not None and not scale.relative and scores_are_relative(rubric)


def band_text(rubric: Any, code: Any, lang: str) -> str:
    """How a dimension/overall band is shown: a relative band by its label in the reader's
    language ("Paruh atas kelompok ini"), any other band by its code; "" when there is none."""
    if code is None or code != code:
        return ""
    scale = scoring_scale(rubric)
    if scale is not None and scale.relative:
        g = scale.find(str(code))
        if g is not None:
            return g.label.get(lang)
    return str(code)


def band_heading(rubric: Any, lang: str) -> str:
    """The column heading of the dimension/overall band: "Posisi relatif" for a relative scale."""
    from scorecard import i18n

    scale = scoring_scale(rubric)
    return i18n.t("judgement.col.relative" if scale is not None and scale.relative else "col.grade", lang)


# ----------------------------------------------------------------------------------------------
# Coverage before scoring (issue 13 point 1: `validate` names the regions that will not be rated)


def coverage_table(tables: Any, rubric: Any) -> Any:
    """Per region: ``name``, ``coverage`` (share of the index weight with a value, 0-1),
    ``rated`` (coverage >= ``missing.min_coverage``) and ``missing`` (ids of the indicators
    without a value), in workbook order. The same coverage as :func:`scorecard.pipeline.score`."""
    import pandas as pd

    from scorecard import aggregate
    from scorecard.derive import derive
    from scorecard.issues import IssueReport

    values = derive(tables, rubric, IssueReport()).values  # notes are the score command's business
    cov = aggregate.coverage(values, pd.Series(rubric.effective_weights()))
    rated = cov >= rubric.missing.min_coverage - 1e-12
    missing = [[c for c in values.columns if row[c] != row[c]] for _, row in values.iterrows()] if len(values) else []
    return pd.DataFrame({"name": tables.regions["name"], "coverage": cov, "rated": rated,
                         "missing": pd.Series(missing, index=values.index, dtype=object)})


# ----------------------------------------------------------------------------------------------
# Absolute references beside a relative rank (issue 13 point 2)


# a grade code that is an official abbreviation (AA, BB, CC, WTP, WDP, TMP), the same in every language
ABBREVIATION = re.compile(r"^[A-Z]{1,4}[+-]?$")


def grade_word(grade: Any, lang: str) -> str:
    """A grade as the reader says it (issue 19): an official abbreviation stays (BB, WTP); a grade
    that is a word is shown in the reader's language (SPBE "Sangat Baik" -> "Very good")."""
    return str(grade.code) if ABBREVIATION.match(str(grade.code)) else grade.label.get(lang)


def official_grade_texts(result: Any, code: str, lang: str) -> list[str]:
    """The focus's official grades, as absolute anchors beside its relative rank: "SAKIP BB
    (72,1)", "Reformasi Birokrasi B", "WTP berturut-turut (tahun) 10". Only grade indicators on a
    non-relative scale, and WTP streaks (the BPK opinion)."""
    from scorecard import i18n

    rub = result.rubric
    out: list[str] = []
    disp = result.display
    for ind in rub.indicators:
        x = result.values.at[code, ind.id] if ind.id in result.values.columns else None
        kind = kind_of(ind)
        if kind.credential == "years":  # the WTP streak
            if x is not None and x == x:
                out.append(f"{ind.name.get(lang)} {i18n.decimal(x, lang)}")
            continue
        if kind.cite != "grade" or not getattr(ind, "scale", None):  # graded on a bands scale
            continue
        scale = rub.scales.get(ind.scale)
        if scale is None or scale.relative:
            continue
        shown = disp.at[code, ind.id] if ind.id in disp.columns else None
        g = scale.find(str(shown)) if isinstance(shown, str) and shown else None
        if g is None and scale.kind == "bands" and x is not None and x == x:
            g = scale.band_of(float(x))
        if g is None:
            continue
        typed_score = x is not None and x == x and not (isinstance(shown, str) and shown)
        out.append(f"{ind.name.get(lang)} {grade_word(g, lang)}" + (f" ({i18n.decimal(x, lang)})" if typed_score else ""))
    return out


def national_median_texts(result: Any, code: str, lang: str, ref: Any = None) -> list[str]:
    """"Penduduk miskin (%) 2019: 6,2 vs median nasional 9,4": for indicators read from a column with
    the same definition as a measure of the national reference data (docs/context.md), the
    region's own figure in the reference data against the national median of the same year."""
    from scorecard import i18n

    try:
        from scorecard.context_template import CONTEXT_COLUMNS
        from scorecard.reference import national_median

        if ref is None:
            from scorecard.io.reference_file import load_shipped

            ref = load_shipped()
    except Exception:  # reference data unavailable: no absolute reference, nothing invented
        return []
    out: list[str] = []
    for ind in result.rubric.indicators:
        measure = CONTEXT_COLUMNS.get(getattr(ind, "column", None) or "")
        if measure is None or measure == "penduduk" or measure not in ref.layers:
            continue
        # like with like: the region's own figure of the reference year against the national
        # median of that year (the workbook's figure may be of another year: comparing a 2021
        # value with a 2019 median put two poverty rates for one region on the same page)
        own = ref.value(code, measure)
        med = national_median(ref, measure)
        if own is None or med is None:
            continue
        layer = ref.layers[measure]
        out.append(i18n.t("judgement.national-median", lang, indicator=ind.name.get(lang),
                          value=i18n.decimal(own, lang), median=i18n.decimal(med, lang), year=layer.year))
    return out


def unknown_references(rubric: Any) -> list[tuple[str, str]]:
    """(key path, id) for every id in an explicit ``judgement.host`` that names no indicator
    (``min_grades``), no grade of that indicator's scale, or no dimension (``any_type``)."""
    rule = judgement_of(rubric).host
    if not rule.explicit:
        return []
    inds = {i.id: i for i in rubric.indicators}
    dims = {d.id for d in rubric.dimensions}
    out: list[tuple[str, str]] = []
    for ind_id, code in (rule.min_grades.items() if "min_grades" in rule.written else ()):
        ind = inds.get(ind_id)
        if ind is None:
            out.append((f"judgement.host.min_grades.{ind_id}", ind_id))
            continue
        scale = rubric.scales.get(ind.scale) if getattr(ind, "scale", None) else None
        if scale is None or scale.find(code) is None:
            out.append((f"judgement.host.min_grades.{ind_id}", code))
    if "any_type" in rule.written:
        out += [(f"judgement.host.any_type[{k}]", d) for k, d in enumerate(rule.any_type) if d not in dims]
    return out
