"""Read one spreadsheet cell the way an Indonesian planner wrote it — or say exactly why not.

Accepted number forms (documented in ``docs/workbook.md``):

* real numbers stored by Excel (the usual case) are taken as they are;
* text with Indonesian separators: ``1.234.567,89``; ``1.234`` (= 1234: a dot followed by exactly
  three digits is a thousands separator); ``45,6`` (decimal comma);
* text with English separators when unambiguous: ``1,234,567.89``, ``2.75`` (a dot followed by
  one, two or four-plus digits cannot be a thousands separator);
* scientific notation as pandas and R write small numbers: ``1.6e-05``;
* a column is judged as a whole (:func:`judge_separators`): when some of its text cells can only
  be read with a dot decimal (``30.407857``, as pandas writes a CSV) and none with a decimal comma,
  ``35.378`` in the same column is 35.378, not 35378 (a located note says so); when both kinds
  occur, a cell that reads either way is an error naming it;
* ``Rp``/``IDR`` prefixes, spaces and non-breaking spaces; a trailing ``%`` or ``persen``;
* multipliers ``rb``/``ribu`` (10^3), ``jt``/``juta`` (10^6), ``M``/``miliar``/``milyar`` (10^9),
  ``T``/``triliun`` (10^12): ``Rp 2,5 M`` = 2 500 000 000.

Anything else — ``1,234`` with a comma *and* a dot pattern that contradict each other, two
decimal marks, a date, an Excel error value (``#DIV/0!``), free text, a number beyond the range of
a double (a 400-digit number) — is an error naming the cell. Nothing is guessed silently.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass
from typing import Any

from scorecard.rubric import Grade, Scale

EXCEL_ERRORS = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!",
                "#GETTING_DATA"}
_MULTIPLIERS = [
    (r"(triliun|trilyun|t)", 1e12),
    (r"(miliar|milyar|m)", 1e9),
    (r"(juta|jt)", 1e6),
    (r"(ribu|rb)", 1e3),
]
_NUM_RE = re.compile(r"^[+-]?[0-9][0-9.,]*$")


@dataclass(frozen=True)
class Parsed:
    """A parsed cell: ``value`` when readable, else ``error`` (an issue code) and ``expected``."""

    value: Any = None
    error: str | None = None
    from_text: bool = False  # the number was read from text, not a numeric cell
    grade: str | None = None  # grade code, for grade/ordinal cells

    @property
    def ok(self) -> bool:
        return self.error is None


BLANK = Parsed(None)


_DASHES = frozenset(("-", "–", "—"))
# the reader puts this in a cell holding a formula with no cached value (scorecard.limits): read as
# blank, and validation warns naming the cell
NO_CACHED_VALUE = "\x00formula-without-value"


def is_blank(value: Any) -> bool:
    """None, NaN, empty or whitespace-only text, or a lone dash. Called for every cell: keep it cheap."""
    if value is None or value == "":
        return True
    kind = type(value)
    if kind is float:
        return value != value  # NaN
    if kind is str:
        stripped = value.strip()
        return not stripped or stripped in _DASHES or value == NO_CACHED_VALUE
    if isinstance(value, float):
        return math.isnan(value)
    return False


def _clean_text(value: str) -> str:
    return value.replace("\u00a0", " ").replace("\u202f", " ").strip()


_SCI_RE = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)e[+-]?\d+$")

# How a column writes its numbers (judged from all its text cells, see :func:`judge_separators`):
ID, EN, MIXED = "id", "en", "mixed"


def _core(value: Any) -> tuple[str, float, bool] | Parsed:
    """The numeric part of a text cell (lower case, no spaces, no Rp/%/multiplier), its multiplier
    and whether it had a percent sign; or the Parsed error when it is no number at all."""
    text = _clean_text(str(value))
    if text.upper() in EXCEL_ERRORS:
        return Parsed(error="excel-error")
    s = text.lower()
    s = re.sub(r"^(rp\.?|idr)\s*", "", s)
    had_percent = s.endswith("%") or s.endswith("persen")
    if had_percent:
        s = s[:-6 if s.endswith("persen") else -1].strip()
    factor = 1.0
    if not _SCI_RE.match(s.replace(" ", "")):
        for pattern, mult in _MULTIPLIERS:
            m = re.fullmatch(r"(.*?)\s*" + pattern + r"\.?", s)
            if m and m.group(1) and re.search(r"\d$", m.group(1)):
                s, factor = m.group(1).strip(), mult
                break
    return s.replace(" ", ""), factor, had_percent


def parse_number(value: Any, *, percent: bool = False, convention: str = ID) -> Parsed:
    """Parse a numeric cell; see the module docstring for the accepted forms. ``convention`` is how
    the cell's column writes numbers (:func:`judge_separators`): ``id`` reads ``35.378`` as 35378
    (Indonesian thousands dot) and ``1,234`` as 1.234; ``en`` reads them as 35.378 and 1234;
    ``mixed`` (both kinds of cell in one column) refuses them as ambiguous."""
    if is_blank(value):
        return BLANK
    if isinstance(value, bool):
        return Parsed(error="bool-not-number")
    if isinstance(value, (int, float)):
        try:
            stored = float(value)
        except OverflowError:  # a Python int beyond the range of a double
            return Parsed(error="number-not-finite")
        if not math.isfinite(stored):  # a number cell beyond a double (1e400 stored): not "inf is not a number"
            return Parsed(error="number-not-finite-stored")
        return Parsed(stored)
    if isinstance(value, (_dt.date, _dt.datetime, _dt.time, _dt.timedelta)):
        return Parsed(error="date-not-number")
    core = _core(value)
    if isinstance(core, Parsed):
        return core
    s, factor, had_percent = core
    read: float | None
    if _SCI_RE.match(s):  # 1.6e-05, as pandas and R write small numbers
        read = float(s)
    elif not _NUM_RE.match(s):
        return Parsed(error="not-a-number")
    else:
        read = _separators(s, convention)
    if read is None:
        return Parsed(error="ambiguous-number")
    if had_percent and not percent:
        return Parsed(error="percent-not-expected")
    number = read * factor
    if not math.isfinite(number):  # a 400-digit number: beyond the range of a double
        return Parsed(error="number-not-finite")
    return Parsed(number, from_text=True)


@dataclass(frozen=True)
class Judgement:
    """How one column writes its numbers, judged from all its text cells."""

    convention: str  # id | en | mixed
    evidence: str | None = None  # a cell that shows the convention ("30.407857"), for messages
    evidence_index: int | None = None  # its position in the column


def _kind(s: str) -> str | None:
    """What one numeric text says about the separators: 'en' (a dot decimal: 30.407857, 1,234.5,
    1.6e-05), 'id' (a comma decimal or dot groups: 45,6, 1.234.567, 1.234,5), 'dot3'/'comma3' (one
    dot or comma followed by exactly three digits: either reading is possible), None (no separator)."""
    if _SCI_RE.match(s):
        return EN
    s = s.lstrip("+-")
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        return EN if s.rfind(".") > s.rfind(",") else ID
    if dots > 1:
        return ID
    if commas > 1:
        return EN
    if dots == 1:
        int_part, frac = s.split(".")
        return "dot3" if len(frac) == 3 and int_part and int_part != "0" else EN
    if commas == 1:
        int_part, frac = s.split(",")
        return "comma3" if len(frac) == 3 and int_part else ID
    return None


def ambiguous_kind(value: Any) -> str | None:
    """'dot3' / 'comma3' when a text cell reads differently under the two conventions, else None."""
    if not isinstance(value, str):
        return None
    core = _core(value)
    if isinstance(core, Parsed):
        return None
    kind = _kind(core[0]) if _NUM_RE.match(core[0]) else None
    return kind if kind in ("dot3", "comma3") else None


def judge_separators(values: list[Any]) -> Judgement:
    """The convention of one column from all its text cells: ``en`` when some cell can only be
    read with a dot decimal (``30.407857``, ``1.6e-05``) and none with a comma decimal; ``mixed``
    when both kinds occur; else ``id`` (the Indonesian default)."""
    en: tuple[str, int] | None = None
    idn: tuple[str, int] | None = None
    for i, v in enumerate(values):
        if type(v) is not str:
            continue
        core = _core(v)
        if isinstance(core, Parsed) or not (_NUM_RE.match(core[0]) or _SCI_RE.match(core[0])):
            continue
        kind = _kind(core[0])
        if kind == EN and en is None:
            en = (v, i)
        elif kind == ID and idn is None:
            idn = (v, i)
        if en and idn:
            break
    if en and idn:
        return Judgement(MIXED, en[0], en[1])
    if en:
        return Judgement(EN, en[0], en[1])
    if idn:
        return Judgement(ID, idn[0], idn[1])
    return Judgement(ID)


def _separators(s: str, convention: str = ID) -> float | None:
    sign = -1.0 if s.startswith("-") else 1.0
    s = s.lstrip("+-")
    dots, commas = s.count("."), s.count(",")
    if dots == 0 and commas == 0:
        return sign * float(s)
    if dots and commas:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        thou = "." if dec == "," else ","
        if s.count(dec) != 1:
            return None
        int_part, frac = s.split(dec)
        if not _grouped(int_part, thou):
            return None
        return sign * float(int_part.replace(thou, "") + "." + frac)
    sep = "." if dots else ","
    n = dots or commas
    if n > 1:  # 1.234.567 or 1,234,567: thousands groups only
        return sign * float(s.replace(sep, "")) if _grouped(s, sep) else None
    int_part, frac = s.split(sep)
    if sep == ",":  # Indonesian decimal comma: 45,6 and also 1,234 (= 1.234)
        if len(frac) == 3 and int_part and convention != ID:
            return sign * float(int_part + frac) if convention == EN else None
        return sign * float(int_part + "." + frac) if int_part and frac else None
    # a single dot: exactly three digits after it is an Indonesian thousands separator
    if len(frac) == 3 and int_part and int_part != "0":
        if convention == MIXED:
            return None
        if convention == ID:
            return sign * float(int_part + frac)
    return sign * float(int_part + "." + frac) if int_part and frac else None


def _grouped(int_part: str, sep: str) -> bool:
    groups = int_part.split(sep)
    return bool(groups[0]) and len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def parse_integer(value: Any, convention: str = ID) -> Parsed:
    """A whole number. Text like ``1,234`` (one comma, three digits) is refused as ambiguous in a
    whole-number column: it is 1234 to an English-locale spreadsheet but 1,234 (decimal comma) in
    Indonesian, and a count cannot be 1,234 — the writer almost surely meant 1234, which is a guess."""
    if convention != EN and isinstance(value, str) and re.fullmatch(r"[+-]?\d{1,3},\d{3}",
                                                                    _clean_text(value).replace(" ", "")):
        return Parsed(error="ambiguous-number")
    p = parse_number(value, convention=convention)
    if p.ok and p.value is not None and not float(p.value).is_integer():
        return Parsed(error="not-whole-number")
    return p


def parse_grade(value: Any, scale: Scale) -> Parsed:
    """A grade cell: a code/label/alias of ``scale`` (case and spacing ignored), or — for a bands
    scale — a numeric score inside the scale's range, which also gives its band."""
    if is_blank(value):
        return BLANK
    if scale.kind == "bands":
        if isinstance(value, (int, float)) and not isinstance(value, bool) or (
            isinstance(value, str) and re.fullmatch(r"\s*[+-]?[0-9][0-9.,]*\s*", value)
        ):
            p = parse_number(value)
            if not p.ok:
                return p
            lo, hi = scale.range or (-math.inf, math.inf)
            if not lo <= p.value <= hi:
                return Parsed(p.value, error="grade-score-out-of-range")
            band = scale.band_of(p.value)
            return Parsed(p.value, from_text=p.from_text, grade=band.code if band else None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(int(value)) if float(value).is_integer() else str(value)
    if not isinstance(value, str):
        return Parsed(error="not-a-grade")
    grade = find_grade(scale, value)
    if grade is None:
        return Parsed(error="not-a-grade")
    return Parsed(grade.value, from_text=False, grade=grade.code)


def find_grade(scale: Scale, text: str) -> Grade | None:
    """The grade written as ``text``: code, label or alias in any case and spacing (`` bb ``,
    ``Wajar Tanpa Pengecualian``), also with the code in brackets (``Wajar Tanpa Pengecualian
    (WTP)``, ``WTP (Wajar Tanpa Pengecualian)``) when both parts name the same grade."""
    text = _clean_text(str(text))
    grade: Grade | None = scale.find(text)
    if grade is not None:
        return grade
    m = re.fullmatch(r"(.*?)\s*\(([^()]*)\)\s*", text)
    if m and m.group(1).strip():
        outer, inner = scale.find(m.group(1)), scale.find(m.group(2))
        if outer is not None and outer == inner:
            return outer
    return None


def parse_year(value: Any, *, latest: int) -> Parsed:
    """A year: 2024, '2024', 2024.0, '2024.0' (a number exported as text), 'TA 2024', 'Tahun 2024',
    'LKPD 2024'; between 1945 and ``latest``."""
    if is_blank(value):
        return BLANK
    if isinstance(value, bool):
        return Parsed(error="not-a-year")
    if isinstance(value, (_dt.date, _dt.datetime)):
        return Parsed(error="date-not-year")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        # 0-9 only: \d would read a year typed in other digits (٢٠٢٤, ２０２４) silently (said: not-a-year)
        m = re.fullmatch(r"\s*(?:ta|tahun|lkpd|th\.?)?\s*([0-9]{4})(?:[.,]0+)?\s*", value.lower())
        if not m:
            return Parsed(error="not-a-year")
        value = int(m.group(1))
    if not isinstance(value, int):
        return Parsed(error="not-a-year")
    if value < 1945:
        return Parsed(value, error="year-too-early")
    if value > latest:
        return Parsed(value, error="year-in-future")
    return Parsed(value)


def parse_text(value: Any) -> Parsed:
    if is_blank(value):
        return BLANK
    return Parsed(text_value(value))


def text_value(value: Any) -> Any:
    """``parse_text(value).value`` without building a :class:`Parsed` (called for every cell of a
    text column: thousands of award titles)."""
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _clean_text(str(value))
