"""One analysis: the score and, when asked for, every later stage, as one typed, immutable object.

:func:`analyse` is the single entry point the commands (``score``, ``recommend``, ``report``,
``demo``, ``whatif``) and Python users call: validated :class:`~scorecard.validate.Tables` and a
:class:`~scorecard.rubric.Rubric` in, an :class:`Analysis` out. Each stage is a typed field that
is ``None`` when it was not asked for (or does not apply, such as trends with a single year); no
stage is attached after the fact. See ``docs/api.md``.

Adding a stage: add a typed field with a ``None`` default to :class:`Analysis` (import its type
under ``TYPE_CHECKING`` to keep ``import scorecard`` cheap), a keyword to :func:`analyse` that asks
for it, and compute it there from the fields before it. Renderers read the field.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Sequence

from scorecard.issues import IssueReport
from scorecard.peers import DEFAULT_SIMILAR_K, SIMILAR, parse_peers, similar_groups
from scorecard.results import ScoreResult
from scorecard.rubric import Rubric

if TYPE_CHECKING:
    import pandas as pd

    from scorecard.audit import Audit
    from scorecard.comparison import Comparison
    from scorecard.context import WorkbookSimilarity
    from scorecard.recommend import Recommendation
    from scorecard.reference import Reference
    from scorecard.sensitivity import Sensitivity
    from scorecard.uncertainty import RankUncertainty
    from scorecard.validate import Tables


@dataclass(frozen=True)
class Analysis:
    """The outcome of :func:`analyse`. ``score`` is always there; the other stages are ``None``
    unless asked for (and applicable)."""

    score: ScoreResult
    focus: str | None = None  # region the analysis is about (recommendation, sensitivity, report)
    comparison: Comparison | None = None  # the focus against its peers: medians, best peers, ranks
    trends: pd.DataFrame | None = None  # scorecard.trends.COLUMNS; the shown year and the one before
    uncertainty: RankUncertainty | None = None
    sensitivity: Sensitivity | None = None
    audit: Audit | None = None
    recommendation: Recommendation | None = None  # for ``focus``
    reference: Reference | None = None  # national reference data (docs/context.md): the report's context section
    similarity: WorkbookSimilarity | None = None  # with peers ``similar[:K]``: the K most similar regions
    # the whole workbook scored as one group, when the peer group is smaller: where a clearly better
    # host from outside the group is looked for (docs/recommend.md, "Hosts outside the comparison group")
    wide: ScoreResult | None = None

    @property
    def rubric(self) -> Rubric:
        return self.score.rubric

    @property
    def tables(self) -> Tables:
        return self.score.tables

    @property
    def notes(self) -> IssueReport:
        return self.score.notes

    def for_focus(self, focus: str, *, recommend: bool = True, top: int = 3, stops: int = 2) -> Analysis:
        """The same analysis about another region of it (``report --all`` builds one per region
        from a single scoring run): ``focus`` set and, with ``recommend``, its recommendation — the
        same one ``analyse(..., focus=focus, recommend=True)`` gives, hosts from outside a smaller
        peer group included (call :meth:`with_wide` once first, or each call scores the workbook)."""
        from scorecard.comparison import compare

        rec = None
        if recommend:
            from scorecard.recommend import recommend as run_recommend

            rec = run_recommend(self.score, focus, top=top, max_stops=stops, wide=self.with_wide().wide)
        return dataclasses.replace(self, focus=focus, comparison=compare(self.score, focus), recommendation=rec)

    def with_wide(self) -> Analysis:
        """This analysis with :attr:`wide` (the whole workbook scored with peers ``all``) when its
        peer group is smaller and it is not there yet; itself otherwise."""
        if self.wide is not None or self.score.peers == "all":
            return self
        from scorecard.pipeline import score as run_score

        return dataclasses.replace(self, wide=run_score(self.score.tables, self.score.rubric, peers="all",
                                                        notes=IssueReport()))  # its notes repeat the run's


def _quiet_floats(fn: Callable[..., Analysis]) -> Callable[..., Analysis]:
    """Issue 18 class 2: no numpy floating-point warning leaves the analysis; what could overflow
    or vanish is checked explicitly (scorecard.derive.refuse_unusable, scorecard.validate.absurd)."""
    @functools.wraps(fn)
    def run(*args: Any, **kw: Any) -> Analysis:
        import numpy as np

        with np.errstate(all="ignore"):
            return fn(*args, **kw)
    return run


@_quiet_floats
def analyse(tables: Tables, rubric: Rubric, *, peers: str = "all", focus: str | None = None,
            year: int | None = None, notes: IssueReport | None = None, restrict_to_focus_group: bool = True,
            groups: pd.Series | None = None, trends: bool = True, uncertainty: bool = False,
            replications: int | None = None, seed: int | None = None, sensitivity: bool = False,
            audit: bool = False, recommend: bool = False, top: int = 3, stops: int = 2,
            exclude: Sequence[str] = (), reference: Reference | None = None,
            similarity: WorkbookSimilarity | None = None) -> Analysis:
    """Score ``tables`` with ``rubric`` and run the stages asked for. With a ``focus``, its
    comparison with its peers (:mod:`scorecard.comparison`) is always made.

    * ``peers``: peer mode (``all``, ``type``, ``province``, ``population``, or ``similar[:K]``: the
      focus region and the K workbook regions most similar to it, computed from ``reference`` —
      or reused from ``similarity`` — see docs/context.md; or ``similar`` with ``groups``, the
      labels from :func:`scorecard.peers.similar_groups`).
    * ``reference``: the national reference data (:mod:`scorecard.reference`); kept in the
      analysis for the report's national-context section.
    * ``focus``: the region the analysis is about (a Kemendagri code in ``tables``). With
      ``restrict_to_focus_group`` (default) only its peer group is scored, as the CLI does.
    * ``year``: score this year of a several-year workbook (the rebuild of
      :func:`scorecard.trends.tables_for_year`); default the year ``tables`` holds.
    * ``notes``: an :class:`IssueReport` that collects the notes of the run (a new one if None).
    * ``trends``: the change since the previous year (only when the workbook has several years).
    * ``uncertainty`` (``replications``, ``seed``: default the rubric's), ``sensitivity`` (needs
      ``focus``), ``audit``, ``recommend`` (needs ``focus``; ``top`` weak areas, ``stops`` visits,
      ``exclude`` regions never proposed as hosts).
    """
    from scorecard.pipeline import score as run_score

    if (sensitivity or recommend) and focus is None:
        raise ValueError("sensitivity and recommend need a focus region")
    if year is not None and year != tables.year:
        from scorecard.trends import past_year

        tables, rubric = past_year(tables, rubric, year)
    notes = notes if notes is not None else IssueReport()
    mode, k = parse_peers(peers)
    if mode == SIMILAR and groups is None:
        similarity = similarity or _similar(tables, reference, focus, k or DEFAULT_SIMILAR_K)
        groups = similar_groups(tables.regions.index, similarity.similarity.focus, similarity.similarity.codes)
    peers = mode
    result = run_score(tables, rubric, peers=peers, focus=focus if restrict_to_focus_group else None, notes=notes,
                       groups=groups)
    engine = None
    if uncertainty or sensitivity:
        from scorecard.uncertainty import Engine

        engine = Engine(result)
    unc = sens = aud = rec = change = cmp = wide = None
    if focus is not None:
        from scorecard.comparison import compare

        cmp = compare(result, focus)
    if uncertainty:
        from scorecard.uncertainty import rank_uncertainty

        unc = rank_uncertainty(result, replications=replications, seed=seed, engine=engine)
    if sensitivity:
        from scorecard.sensitivity import sensitivity as run_sensitivity

        assert focus is not None
        sens = run_sensitivity(result, focus, engine=engine)
    if audit:
        from scorecard.audit import audit as run_audit

        aud = run_audit(result)
    if trends:
        from scorecard.trends import change_trends

        change = change_trends(tables, rubric, peers, result.year, groups=groups, known=result)  # not scored twice
    if recommend:
        from scorecard.recommend import recommend as run_recommend

        assert focus is not None
        if result.peers != "all":  # hosts may come from outside the group when clearly better (docs/recommend.md)
            wide = run_score(tables, rubric, peers="all", notes=IssueReport())  # its notes repeat the run's
        rec = run_recommend(result, focus, top=top, max_stops=stops, exclude=tuple(exclude), wide=wide)
        from scorecard.recommend import per_capita_issues

        notes.extend(per_capita_issues(result, focus))  # a budget per resident that cannot be computed: said
    return Analysis(score=result, focus=focus, comparison=cmp, trends=change, uncertainty=unc, sensitivity=sens,
                    audit=aud, recommendation=rec, reference=reference,
                    similarity=similarity if mode == SIMILAR else None, wide=wide)


def _similar(tables: Tables, reference: Reference | None, focus: str | None, k: int) -> WorkbookSimilarity:
    """The similar peer group of ``focus`` among the workbook's regions (scorecard.context)."""
    from scorecard.context import similar_in_workbook
    from scorecard.issues import InputError, Issue

    if focus is None:
        raise ValueError("peers 'similar' needs a focus region")
    if reference is None:
        raise ValueError("peers 'similar' needs the reference data (scorecard.io.reference_file.load_reference)")
    if focus not in reference:  # a village unit: the reference data are kabupaten/kota figures
        raise InputError(Issue("similar-not-kabkota", file=tables.file, params={"region": focus}))
    return similar_in_workbook(reference, tables.regions, focus, k)
