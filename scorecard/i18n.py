"""The message catalogue and every locale-dependent format, in Bahasa Indonesia and English.

**Catalogue.** One mapping ``key -> {"id": ..., "en": ...}``, kept in YAML files under
``scorecard/locale/`` (one file per area of the product so that areas can grow independently; a
key defined twice is an error). Templates, reasons, CLI help and issue messages all come from
here: no user-facing string is scattered in the code. Indonesian is the reference language: every
key must have ``id``; a key missing in another language falls back to the Indonesian text
(:func:`untranslated` lists such keys, so a third language can start partial).

A text that depends on a count gives its plural forms by the CLDR categories of the language
(``one``, ``other``; Indonesian has only ``other``) and names the parameter that counts::

    rec.reason.wtp:
      count: years
      id: "WTP {years} tahun berturut-turut"
      en: {one: "WTP {years} year in a row", other: "WTP {years} years in a row"}

**Formats.** Numbers, percentages, money (Rp), distances and dates are formatted by Babel from the
CLDR data of ``id_ID`` and ``en`` — no separator is written by hand anywhere in scorecard:

=====================================  ===================  ===================
call                                   ``id``               ``en``
=====================================  ===================  ===================
``number(1234567.891, lang, 2)``       ``1.234.567,89``     ``1,234,567.89``
``number(12.0, lang)``                 ``12``               ``12``
``decimal(72.10, lang, 2)``            ``72,1``             ``72.1``
``percent(0.864, lang)``               ``86%``              ``86%``
``money(1234567, lang)``               ``Rp1.234.567``      ``IDR1,234,567``
``km(12.4, lang)``                     ``12 km``            ``12 km``
``date(date(2026, 11, 30), lang)``     ``30 November 2026`` ``November 30, 2026``
``t("key", lang, n=3)``                plural by ``n``      plural by ``n``
=====================================  ===================  ===================

Float parameters of :func:`t` are formatted with :func:`decimal` (so a message reads "nilai 6,2"
in Indonesian); integers are left as they are (years, row numbers).
"""

from __future__ import annotations

import datetime as _dt
import math
import os
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

LANGS = ("id", "en")
DEFAULT_LANG = "id"
# the Babel (CLDR) locale of each language
BABEL_LOCALES = {"id": "id_ID", "en": "en"}
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
MISSING = "–"
_LOCALE_DIR = Path(__file__).resolve().parent / "locale"


class CatalogueError(RuntimeError):
    """The shipped catalogue itself is broken (a packaging bug, not a user error)."""


# a translation is a plain string, or plural forms {category: string}
Entry = dict[str, Any]


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Entry]:
    """Load and merge every ``locale/*.yaml`` file.

    Raises :class:`CatalogueError` for a key defined twice, a key without Indonesian text, an
    unknown language, or plural forms without ``other``. The merged catalogue is kept in the
    user's cache folder (:mod:`scorecard.cache`, keyed by these files' bytes and this module's
    source), so a later process neither parses the YAML again nor imports PyYAML.
    """
    from scorecard import cache

    files = [(path.name, path.read_bytes()) for path in sorted(_LOCALE_DIR.glob("*.yaml"))]
    content = b"".join(name.encode() + b"\0" + data + b"\0" for name, data in files)
    return cache.parsed("catalogue", content, lambda: _merge(files), code_files=(Path(__file__),),
                        valid=_is_catalogue)


def _is_catalogue(value: Any) -> bool:
    """Whether ``value`` (read back from the cache) has the shape :func:`_merge` gives: a mapping of
    message keys (``cli.internal-error`` among them) to entries with Indonesian text, each text a
    string or plural forms with ``other`` (under a millisecond for the whole catalogue)."""
    if type(value) is not dict or "cli.internal-error" not in value:
        return False
    if not all(type(key) is str for key in value):
        return False
    for entry in value.values():
        if type(entry) is not dict or DEFAULT_LANG not in entry:
            return False
        for lang, text in entry.items():
            if type(text) is not str and (lang not in LANGS or type(text) is not dict or "other" not in text
                                          or not all(type(v) is str for v in text.values())):
                return False
    return True


def _merge(files: list[tuple[str, bytes]]) -> dict[str, Entry]:
    import yaml

    merged: dict[str, Entry] = {}
    origin: dict[str, str] = {}
    for name, text in files:
        # libyaml's C loader when PyYAML was built with it: 10x faster at start-up
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(text.decode("utf-8"), Loader=loader) or {}
        for key, raw in data.items():
            if key in merged:
                raise CatalogueError(f"message key {key!r} defined in {origin[key]} and {name}")
            merged[key] = _entry(key, raw, name)
            origin[key] = name
    return merged


def _entry(key: str, raw: Any, where: str) -> Entry:
    if not isinstance(raw, dict) or DEFAULT_LANG not in raw:
        raise CatalogueError(f"message key {key!r} in {where} needs at least the Indonesian text (id)")
    entry: Entry = {}
    for lang, text in raw.items():
        if lang == "count":
            entry["count"] = str(text)
            continue
        if lang not in LANGS:
            raise CatalogueError(f"message key {key!r} in {where}: unknown language {lang!r}")
        if isinstance(text, dict):
            if "other" not in text or not set(text) <= set(PLURAL_CATEGORIES):
                raise CatalogueError(f"message key {key!r} in {where}: plural forms need 'other' "
                                     f"and only {', '.join(PLURAL_CATEGORIES)}")
            if "count" not in raw:
                raise CatalogueError(f"message key {key!r} in {where}: plural forms need 'count: <param>'")
            entry[lang] = {cat: str(v) for cat, v in text.items()}
        else:
            entry[lang] = str(text)
    return entry


def untranslated(lang: str) -> list[str]:
    """Keys that have no text of their own in ``lang`` (they fall back to Indonesian)."""
    return sorted(k for k, e in catalogue().items() if lang not in e)


def normalise_lang(lang: str | None) -> str:
    lang = (lang or os.environ.get("SCORECARD_LANG") or DEFAULT_LANG).strip().lower()
    return lang if lang in LANGS else DEFAULT_LANG


def has(key: str) -> bool:
    return key in catalogue()


def text_of(key: str, lang: str | None = None) -> str | dict[str, str]:
    """The raw catalogue text of ``key`` in ``lang`` (Indonesian when missing), unformatted."""
    entry = catalogue()[key]
    got = entry.get(normalise_lang(lang))
    return got if got is not None else entry[DEFAULT_LANG]


def t(key: str, lang: str | None = None, /, **params: Any) -> str:
    """Translate ``key`` into ``lang`` and fill ``{placeholders}`` from ``params``.

    A text with plural forms picks the form by the locale's plural rule for the ``count``
    parameter. Float parameters are formatted with :func:`decimal` when the placeholder has no
    format spec of its own. A missing key is a bug: it raises ``KeyError`` so tests catch it.
    """
    entry = catalogue()[key]
    lang = normalise_lang(lang)
    text: Any = entry.get(lang, entry[DEFAULT_LANG])
    if isinstance(text, dict):
        text = text.get(plural_category(params.get(entry["count"], 0), lang), text["other"])
    if not params:
        return str(text)
    return str(text).format(**{k: _param(v, lang) for k, v in params.items()})


def _param(value: Any, lang: str) -> Any:
    if isinstance(value, float):
        return decimal(value, lang)
    if hasattr(value, "en") and hasattr(value, "id") and callable(getattr(value, "get", None)):
        return value.get(lang)  # a bilingual label (rubric.Text): the reader's language
    return value


# ----------------------------------------------------------------------------------------------
# Locale formats (Babel)


@lru_cache(maxsize=8)
def babel_locale(lang: str | None = None) -> Any:
    """The Babel ``Locale`` of a scorecard language (``id`` -> ``id_ID``)."""
    from babel import Locale

    return Locale.parse(BABEL_LOCALES[normalise_lang(lang)])


@lru_cache(maxsize=64)
def _pattern(decimals: int, trim: bool, group: bool = True) -> Any:
    from babel.numbers import parse_pattern

    frac = ("#" if trim else "0") * decimals
    return parse_pattern(("#,##0" if group else "0") + ("." + frac if decimals else ""))


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(value)
    except TypeError:
        return False


@lru_cache(maxsize=65536)
def _apply(value: float, lang: str, decimals: int, trim: bool, group: bool = True) -> str:
    # Decimal(value) is the exact binary value: rounds exactly like round()/f"{x:.2f}" do
    if round(value, decimals) == 0:
        value = 0.0  # no "-0"
    try:
        return str(_pattern(decimals, trim, group).apply(Decimal(value), babel_locale(lang)))
    except (InvalidOperation, ValueError):  # inf, nan, 1e300 (beyond the decimal context): as Python writes it
        return repr(float(value))


def number(value: Any, lang: str | None = None, decimals: int | None = None) -> str:
    """A number with exactly ``decimals`` decimals in the reader's locale; ``–`` when missing.

    Without ``decimals``: none for a whole number, 1 from 100 up, else 2.

    >>> number(1234567.891, "id", 2)
    '1.234.567,89'
    >>> number(1234567.891, "en", 2)
    '1,234,567.89'
    >>> number(12.0, "id")
    '12'
    """
    if _missing(value):
        return MISSING
    x = float(value)
    if decimals is None:
        decimals = 0 if x.is_integer() else (1 if abs(x) >= 100 else 2)
    return _apply(x, normalise_lang(lang), decimals, False)


def decimal(value: Any, lang: str | None = None, max_decimals: int | None = None, group: bool = True) -> str:
    """A figure with as many decimals as it needs, at most ``max_decimals``: ``72,1`` not ``72,10``.

    Without ``max_decimals``, a planner's habit: none from 1000 up, 1 from 10 up, else 2.
    ``group=False`` leaves out the thousands separator (a cell value or a year as typed: 2024).

    >>> decimal(72.10, "id", 2), decimal(3.0, "en", 2), decimal(1051319.4, "id")
    ('72,1', '3', '1.051.319')
    """
    if _missing(value):
        return MISSING
    if isinstance(value, bool):
        return str(value)
    x = float(value)
    if max_decimals is None:
        max_decimals = 0 if abs(x) >= 1000 else (1 if abs(x) >= 10 else 2)
    return _apply(x, normalise_lang(lang), max_decimals, True, group)


def integer(value: Any, lang: str | None = None) -> str:
    """A whole number with the locale's grouping: ``1.051.319`` (id)."""
    return number(value, lang, 0)


def percent(ratio: Any, lang: str | None = None, decimals: int = 0) -> str:
    """A ratio as a percentage in the locale's pattern: ``percent(0.864)`` -> ``86%``."""
    if _missing(ratio):
        return MISSING
    from babel.numbers import format_percent

    fmt = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return str(format_percent(Decimal(float(ratio)), fmt, locale=babel_locale(lang)))


def money(value: Any, lang: str | None = None, currency: str = "IDR") -> str:
    """An amount in rupiah (or ``currency``) in the locale's pattern, whole units: ``Rp1.234.567``."""
    if _missing(value):
        return MISSING
    from babel.numbers import format_currency

    return str(format_currency(Decimal(round(float(value))), currency, format="¤#,##0",
                               locale=babel_locale(lang), currency_digits=False))


def km(value: Any, lang: str | None = None) -> str:
    """A distance rounded to whole kilometres: ``1.234 km`` (id)."""
    if _missing(value):
        return MISSING
    from babel.units import format_unit

    return str(format_unit(round(float(value)), "length-kilometer", "short", locale=babel_locale(lang)))


def date(value: _dt.date | _dt.datetime, lang: str | None = None, style: str = "long") -> str:
    """A date in the locale's ``style`` (short, medium, long): ``30 November 2026`` (id)."""
    from babel.dates import format_date

    return str(format_date(value, style, locale=babel_locale(lang)))


def plural_category(n: Any, lang: str | None = None) -> str:
    """The CLDR plural category of ``n`` in ``lang``: ``one``/``other`` (en), always ``other`` (id)."""
    try:
        x = float(n)
    except (TypeError, ValueError):
        return "other"
    if math.isnan(x):
        return "other"
    return str(babel_locale(lang).plural_form(int(x) if x.is_integer() else x))


def join(items: list[str] | tuple[str, ...], lang: str | None = None, style: str = "standard") -> str:
    """A list in the locale's words: ``a, b, dan c`` (id), ``a, b, and c`` (en)."""
    from babel.lists import format_list

    return str(format_list(list(items), style=style, locale=babel_locale(lang))) if items else ""  # type: ignore[arg-type]

