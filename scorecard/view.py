"""The neutral view model: plain, localized view data that every human-readable output is built from.

Tables, cells, charts, facts and paragraphs whose text is already translated from the message
catalogue and whose numbers are already formatted for the language (``1.234,5`` / ``1,234.5``),
with the raw value kept beside the text so that the Excel renderer can store numbers as numbers
and the HTML table can sort on them. Builders (:mod:`scorecard.report_model` for the benchmark
report) translate and format; renderers (``scorecard.io.html_report``, ``scorecard.io.excel_report``)
only lay the view data out. :class:`Formatter` is the one place where a number becomes text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from scorecard import i18n

URL_RE = re.compile(r"https?://[^\s<>\"'`]+")
HEAT_STEPS = 10


@dataclass(frozen=True)
class Column:
    """A table column: ``kind`` says how the value is stored and formatted
    (text, rank, score, number, percent, km)."""

    key: str
    label: str
    kind: str = "text"


@dataclass(frozen=True)
class Cell:
    value: Any  # raw value (float, int, str or None) for sorting and for Excel
    text: str  # formatted for the reader's language
    heat: int | None = None  # 0..HEAT_STEPS-1 colour bucket for heatmap cells
    parts: tuple[tuple[str, str | None], ...] = ()  # (text, http(s) link or None) when the text has links
    flags: tuple[str, ...] = ()  # short localized markers (from registry, read from text, …)
    decimals: int | None = None  # a number shown with this many decimals (the same down a column
    unit: str = ""  # or an indicator) and this unit after it ("%": no space); None: as it needs


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    code: str | None = None
    highlight: bool = False


@dataclass(frozen=True)
class Table:
    id: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    note: str | None = None
    sortable: bool = False
    heatmap: bool = False


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    role: str  # focus | host | median | other


@dataclass(frozen=True)
class Chart:
    id: str
    kind: str  # radar | bar
    title: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    description: str  # text alternative for screen readers and print
    highlight: int | None = None  # bar chart: index of the focus bar
    range: tuple[float, float] = (0.0, 100.0)


@dataclass(frozen=True)
class Fact:
    label: str
    text: str
    value: Any = None
    kind: str = "text"
    anchor: str | None = None


@dataclass(frozen=True)
class Paragraph:
    title: str
    text: str


# ----------------------------------------------------------------------------------------------
# Formatting


def _nan(x: Any) -> bool:
    if x is None:
        return True
    if isinstance(x, float):
        return x != x
    if isinstance(x, (int, str)):
        return False
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _num(x: Any) -> float | None:
    if isinstance(x, float):
        return x if math.isfinite(x) else None
    if _nan(x):
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _int(x: Any) -> int | None:
    f = _num(x)
    return None if f is None else int(round(f))


def heat_bucket(score: float | None, lo: float = 0.0, hi: float = 100.0) -> int | None:
    """The heatmap colour bucket (0 = worst … HEAT_STEPS-1 = best) of a score in [lo, hi]."""
    if score is None:
        return None
    share = (score - lo) / (hi - lo) if hi > lo else 0.0
    return max(0, min(HEAT_STEPS - 1, int(share * HEAT_STEPS)))


def link_parts(text: str) -> tuple[tuple[str, str | None], ...]:
    """Split ``text`` into plain pieces and http(s) links (no other scheme ever becomes a link)."""
    if "http" not in text:
        return ()
    parts: list[tuple[str, str | None]] = []
    pos = 0
    for m in URL_RE.finditer(text):
        url = m.group(0).rstrip(".,;:)")
        end = m.start() + len(url)
        if m.start() > pos:
            parts.append((text[pos:m.start()], None))
        parts.append((url, url))
        pos = end
    if pos < len(text):
        parts.append((text[pos:], None))
    return tuple(parts) if any(h for _, h in parts) else ()


class Formatter:
    """Text and cells for one language: every number a reader sees is formatted here."""

    def __init__(self, lang: str):
        self.lang = lang

    def t(self, key: str, **params: Any) -> str:
        return i18n.t(key, self.lang, **params)

    def n(self, x: Any, decimals: int | None = None) -> str:
        return i18n.number(_num(x), self.lang, decimals)

    def raw(self, x: Any) -> str:
        """A raw figure: as many decimals as it needs (up to 2; 3 significant for small ratios)."""
        v = _num(x)
        if v is None:
            return i18n.number(None, self.lang)
        if v.is_integer():
            return i18n.number(v, self.lang, 0)
        decimals = 2 if abs(v) >= 1 else max(2, 2 - int(math.floor(math.log10(abs(v)))))
        decimals = 1 if abs(v) >= 1000 else decimals
        return i18n.decimal(v, self.lang, decimals)

    def score(self, x: Any) -> Cell:
        v = _num(x)
        return Cell(v, self.n(v, 1))

    def heat(self, x: Any, lo: float, hi: float) -> Cell:
        v = _num(x)
        return Cell(v, self.n(v, 1), heat=heat_bucket(v, lo, hi))

    def signed(self, x: Any) -> Cell:
        v = _num(x)
        if v is None:
            return Cell(None, "–")
        text = self.n(abs(v), 1)
        return Cell(v, ("+" if v > 0 else "−" if v < 0 else "±") + text)

    def rank(self, r: Any, n: Any | None = None) -> Cell:
        v = _int(r)
        if v is None:
            return Cell(None, "–")
        return Cell(v, f"{v}/{int(n)}" if n is not None else str(v))

    def text(self, s: Any, flags: tuple[str, ...] = ()) -> Cell:
        s = "" if _nan(s) else str(s)
        return Cell(s, s, parts=link_parts(s), flags=flags)

    def pct(self, x: Any) -> Cell:
        v = _num(x)
        return Cell(v, i18n.percent(v, self.lang))

    def km(self, x: Any) -> Cell:
        v = _num(x)
        return Cell(v, "–" if v is None else i18n.km(v, self.lang))


_Fmt = Formatter  # the name the report builder uses


def not_rated_text(coverage: float, lang: str, status: str | None = None) -> str:
    """"belum dapat dinilai — cakupan data 28 %" (issue 13): what every output shows instead of a
    score for a region below ``missing.min_coverage``; "belum dapat dibandingkan — …" for a region
    with data whose peer group gives no relative score (a group of one, indicators constant there)."""
    if status == "not-comparable":
        return i18n.t("status.not-comparable", lang, pct=i18n.percent(float(coverage), lang))
    return i18n.t("status.not-rated", lang, pct=i18n.percent(float(coverage), lang))
