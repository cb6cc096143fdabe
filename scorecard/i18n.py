"""The message catalogue: every user-facing string, in Bahasa Indonesia and English.

The catalogue is one mapping ``key -> {"id": ..., "en": ...}``, kept in YAML files under
``scorecard/locale/`` (one file per area of the product so that areas can grow independently;
a key defined twice is an error caught by the tests). Templates, reasons, CLI help and issue
messages all come from here: no user-facing string is scattered in the code.

Numbers are formatted per language: ``1.234,5`` (id) and ``1,234.5`` (en).
"""

from __future__ import annotations

import math
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

LANGS = ("id", "en")
DEFAULT_LANG = "id"
_LOCALE_DIR = Path(__file__).resolve().parent / "locale"


class CatalogueError(RuntimeError):
    """The shipped catalogue itself is broken (a packaging bug, not a user error)."""


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """Load and merge every ``locale/*.yaml`` file; duplicate keys or a missing language raise."""
    import yaml

    merged: dict[str, dict[str, str]] = {}
    origin: dict[str, str] = {}
    for path in sorted(_LOCALE_DIR.glob("*.yaml")):
        # libyaml's C loader when PyYAML was built with it: 10x faster at start-up
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
        for key, entry in data.items():
            if key in merged:
                raise CatalogueError(f"message key {key!r} defined in {origin[key]} and {path.name}")
            if not isinstance(entry, dict) or set(entry) != set(LANGS):
                raise CatalogueError(f"message key {key!r} in {path.name} needs exactly id and en")
            merged[key] = {lang: str(entry[lang]) for lang in LANGS}
            origin[key] = path.name
    return merged


def normalise_lang(lang: str | None) -> str:
    lang = (lang or os.environ.get("SCORECARD_LANG") or DEFAULT_LANG).strip().lower()
    return lang if lang in LANGS else DEFAULT_LANG


def has(key: str) -> bool:
    return key in catalogue()


def t(key: str, lang: str | None = None, /, **params: Any) -> str:
    """Translate ``key`` into ``lang`` and fill ``{placeholders}`` from ``params``.

    Numbers passed as params are formatted for the language when the placeholder has no format
    spec of its own. A missing key is a bug: it raises ``KeyError`` so tests catch it.
    """
    entry = catalogue()[key]
    lang = normalise_lang(lang)
    text = entry[lang]
    if not params:
        return text
    shown = {k: (fmt_number(v, lang) if isinstance(v, float) else v) for k, v in params.items()}
    return text.format(**shown)


def fmt_number(value: Any, lang: str | None = None, decimals: int | None = None) -> str:
    """Format a number the way the reader's language writes it.

    >>> fmt_number(1234567.891, "id", 2)
    '1.234.567,89'
    >>> fmt_number(1234567.891, "en", 2)
    '1,234,567.89'
    >>> fmt_number(12.0, "id")
    '12'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    lang = normalise_lang(lang)
    x = float(value)
    if decimals is None:
        decimals = 0 if x.is_integer() else (1 if abs(x) >= 100 else 2)
    text = f"{x:,.{decimals}f}"
    if lang == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def fmt_km(value: float, lang: str | None = None) -> str:
    return f"{fmt_number(round(value), lang, 0)} km"
