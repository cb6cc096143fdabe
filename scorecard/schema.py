"""The shared schema toolkit: check a parsed YAML document key by key, every problem at once.

Used by every document the user writes: the rubric (:mod:`scorecard.rubric`), its sections owned by
later stages (``recommend:``, ``judgement:``, ``units:``; see ``rubric.SECTIONS``) and the Smart
City evaluation instrument (:mod:`scorecard.rehearsal`). A :class:`Ctx` carries the file name and
the YAML line of each key path (from :mod:`scorecard.io.yamlload`); each problem becomes an
:class:`~scorecard.issues.Issue` with file, key path, line, the value found and what was expected.
Pure: nothing here reads a file.
"""

from __future__ import annotations

from scorecard.issues import Phrase

import math
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from scorecard.issues import ERROR, IssueReport

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")  # ids written in YAML: lower case, digits, underscores


@dataclass(frozen=True)
class Text:
    """A bilingual label."""

    id: str
    en: str

    def get(self, lang: str | None) -> str:
        return self.en if lang == "en" else self.id

    def __str__(self) -> str:  # pragma: no cover - convenience
        return self.id


class Ctx:
    """Checks a parsed YAML document and collects every problem with file, key path and line.

    Each getter checks one value at a key path (``dimensions[2].indicators[0].weight``), records
    an issue when it is wrong and returns the usable value (or None / the default), so that a
    builder goes on and reports *all* problems at once (:meth:`raise_if_errors` at the end)."""

    def __init__(self, file: str | None, lines: Mapping[str, int]):
        self.file = file
        self.lines = lines
        self.report = IssueReport()

    def add(self, code: str, path: str, value: Any = None, **params: Any) -> None:
        self.report.add(code, ERROR, file=self.file, key=path or None, line=self.line(path), value=value,
                        params=params)

    def line(self, path: str) -> int | None:
        """The YAML line of ``path``, or of the nearest enclosing key that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path.rsplit(".", 1)[0] if "." in path else (path.rsplit("[", 1)[0] if "[" in path else "")
        return None

    _line = line  # the old private name, still used by section checkers

    def raise_if_errors(self) -> None:
        self.report.raise_if_errors()

    # typed getters --------------------------------------------------------------------------
    def mapping(self, value: Any, path: str, allowed: set[str], required: set[str] | frozenset[str] = frozenset()) -> dict:
        if not isinstance(value, dict):
            self.add("wrong-type", path, value, expected=Phrase("expected.mapping-key-value"))
            return {}
        for key in value:
            if key not in allowed:
                self.add("unknown-key", f"{path}.{key}" if path else str(key), key,
                         allowed=", ".join(sorted(allowed)))
        for key in sorted(required):
            if key not in value:
                self.add("missing-key", f"{path}.{key}" if path else key, None, key=key)
        return value

    def text(self, value: Any, path: str, required: bool = True) -> Text | None:
        if value is None:
            if required:
                self.add("missing-key", path, None, key=path.rsplit(".", 1)[-1])
            return None
        if isinstance(value, str):
            return Text(value, value)
        if isinstance(value, dict):
            self.mapping(value, path, {"id", "en"}, {"id", "en"})
            id_, en = value.get("id"), value.get("en")
            if isinstance(id_, str) and isinstance(en, str):
                return Text(id_, en)
            if id_ is not None and not isinstance(id_, str):
                self.add("wrong-type", f"{path}.id", id_, expected=Phrase("expected.text"))
            if en is not None and not isinstance(en, str):
                self.add("wrong-type", f"{path}.en", en, expected=Phrase("expected.text"))
            return Text(str(id_ or en or ""), str(en or id_ or ""))
        self.add("wrong-type", path, value, expected=Phrase("expected.text-or-id-en"))
        return None

    def ident(self, value: Any, path: str) -> str | None:
        if not isinstance(value, str) or not ID_RE.match(value):
            self.add("bad-id", path, value)
            return None
        return value

    def number(self, value: Any, path: str, positive: bool = False, required: bool = False) -> float | None:
        if value is None:
            if required:
                self.add("missing-key", path, None, key=path.rsplit(".", 1)[-1])
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            self.add("wrong-type", path, value, expected=Phrase("expected.number"))
            return None
        if positive and value <= 0:
            self.add("non-positive-weight", path, value)
            return None
        return float(value)

    def choice(self, value: Any, path: str, options: tuple[str, ...] | Mapping[str, Any], default: str | None = None) -> str | None:
        if value is None:
            return default
        if value not in options:
            self.add("bad-choice", path, value, options=", ".join(options))
            return default
        return value


SectionChecker = Callable[[Any, Ctx, str], Any]
"""``checker(value, ctx, path) -> the section's typed value``; problems go to ``ctx``."""


__all__ = ["Ctx", "Text", "ID_RE", "SectionChecker"]
