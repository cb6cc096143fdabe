"""Problems found in user input, as data.

Every check (rubric, workbook, registry lookup) yields :class:`Issue` objects into an
:class:`IssueReport` instead of raising at the first problem, so the planner sees everything
that is wrong at once. An :class:`InputError` is raised only when the input is unusable; it
carries the whole report. The CLI prints the report on stderr and exits 1.

An issue has a stable kebab-case ``code`` (tests and ``--json`` consumers rely on it), the
place as the planner sees it (file, sheet, Excel row number, column letter and header), the
value found and the params for its message, which is rendered from the catalogue in the
reader's language.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from scorecard import i18n

ERROR = "error"
WARNING = "warning"
NOTE = "note"


def column_letter(index: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 25 -> Z, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# Characters that must never reach a terminal raw: C0/C1 controls (ESC starts terminal escape
# sequences: title changes, hyperlinks, cursor moves), DEL, bidirectional overrides and isolates
# ("Trojan source") and the Unicode line/paragraph separators.
_BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | {0x200E, 0x200F, 0x061C, 0x2028, 0x2029}


def visible(text: str, keep: str = "\n") -> str:
    """``text`` with every control character shown as an escape (``\\x1b``, ``\\u202e``) instead
    of being sent to the terminal; the characters in ``keep`` (newline) pass through."""
    if text.isprintable() or not text:
        return text
    out = []
    for ch in text:
        o = ord(ch)
        if ch in keep:
            out.append(ch)
        elif o < 0x20 or 0x7F <= o < 0xA0:
            out.append(f"\\x{o:02x}")
        elif o in _BIDI:
            out.append(f"\\u{o:04x}")
        else:
            out.append(ch)
    return "".join(out)


def row_ranges(rows: Iterable[int], dash: str = "-") -> str:
    """Row numbers in ascending order as ranges for a message: (4, 5, 6, 9) -> '4-6, 9' (``dash``
    between a range's ends: the rows init filled are said '4–41')."""
    rows = list(rows)
    parts: list[str] = []
    start = prev = rows[0]
    for r in rows[1:] + [None]:
        if r is not None and r == prev + 1:
            prev = r
            continue
        parts.append(str(start) if start == prev else f"{start}{dash}{prev}")
        if r is not None:
            start = prev = r
    return ", ".join(parts)


def ascii_digits(text: str) -> str | None:
    """``text`` with its digits other than 0-9 (Arabic-Indic, Persian, Devanagari, full-width,
    superscript ...) written as 0-9, or None when it has none: what a message shows the planner
    to type instead ('٣٥.٧٧' -> '35.77'). Nothing is read from it: such a code stays refused."""
    if text.isascii():
        return None
    out = []
    found = False
    for ch in text:
        if not ch.isascii() and ch.isdigit():
            try:
                out.append(str(unicodedata.digit(ch)))
                found = True
                continue
            except ValueError:
                pass
        out.append(ch)
    return "".join(out) if found else None


# message parameters that hold a list (or a bound) of names: empty, they are said in words
LIST_PARAMS = ("candidates", "known", "declared", "found", "keys", "expected", "grades", "accepted", "min", "max")


class Phrase(str):
    """A catalogue phrase used as a message parameter ("what was expected" in a rubric message):
    the English text as a plain string (JSON, comparisons), rendered in the reader's language when
    the message is (``Issue.message``)."""

    key: str
    params: dict[str, Any]

    def __new__(cls, key: str, **params: Any) -> "Phrase":
        obj = super().__new__(cls, i18n.t(key, "en", **params))
        obj.key = key
        obj.params = params
        return obj

    def render(self, lang: str | None) -> str:
        return i18n.t(self.key, lang, **{k: _param(v, lang) for k, v in self.params.items()})

    def __reduce__(self) -> tuple[Any, ...]:  # pickled for report --all workers, copied by dataclasses
        return (_phrase, (self.key, self.params))


def _phrase(key: str, params: dict[str, Any]) -> Phrase:
    return Phrase(key, **params)


def _param(value: Any, lang: str | None) -> Any:
    """A message parameter in the reader's language: a catalogue phrase (also one inside a
    phrase) or a bilingual rubric text (``schema.Text``: an indicator or dimension name)."""
    if isinstance(value, Phrase):
        return value.render(lang)
    if hasattr(value, "en") and hasattr(value, "id") and callable(getattr(value, "get", None)):
        return value.get(lang)
    return value


@dataclass(frozen=True)
class Issue:
    """One problem (or note) about the input, with where it is and what was expected."""

    code: str
    severity: str = ERROR
    file: str | None = None
    sheet: str | None = None
    row: int | None = None  # Excel row number, 1-based, as the planner sees it
    column: str | None = None  # header text of the column
    column_letter: str | None = None  # Excel column letter(s)
    key: str | None = None  # rubric key path, e.g. dimensions[2].indicators[0].weight
    line: int | None = None  # line in a YAML file, 1-based
    value: Any = None
    params: dict[str, Any] = field(default_factory=dict)
    option: str | None = None  # a command-line option the problem is about (--focus, --set), not a cell

    def where(self, lang: str | None = None) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.option:
            parts.append(i18n.t("where.option", lang, option=self.option))
        if self.sheet is not None:
            parts.append(i18n.t("where.sheet", lang, sheet=self.sheet))
        if self.row is not None:
            parts.append(i18n.t("where.row", lang, row=self.row))
        if self.column is not None or self.column_letter is not None:
            if self.column_letter and self.column:
                label = f"{self.column_letter} ({self.column})"
            else:
                label = self.column_letter or self.column or ""
            parts.append(i18n.t("where.column", lang, column=label))
        if self.key:
            parts.append(i18n.t("where.key", lang, key=self.key))
        if self.line is not None:
            parts.append(i18n.t("where.line", lang, line=self.line))
        return ", ".join(parts)

    def message(self, lang: str | None = None) -> str:
        params = {k: _param(v, lang) for k, v in self.params.items()}
        params.setdefault("value", _show(self.value, lang))
        key = f"issue.{self.code}"
        # a code typed in digits other than 0-9 ('٣٥.٧٧'): say so, and show it in 0-9, rather
        # than "province ٣٣ does not exist" or "not a code" with no reason a planner can see
        if isinstance(self.value, str) and i18n.has(f"{key}.foreign-digits"):
            plain = ascii_digits(self.value)
            if plain is not None:
                key = f"{key}.foreign-digits"
                params["ascii"] = _show(plain, lang)
        # an empty list is said in words, never as "-": a variant of the message where one reads
        # better ("Did you mean: -?" -> "... and no similar name exists"; "Declared scales: -" -> "the
        # rubric declares no scale"), else the list reads "none" / "tidak ada"
        for name in LIST_PARAMS:
            if name in params and params[name] in ("", "-", None):
                if i18n.has(f"{key}.no-{name}"):
                    key = f"{key}.no-{name}"
                else:
                    params[name] = i18n.t("list.none", lang)
        if "candidates" not in params and i18n.has(f"{key}.no-candidates"):
            key = f"{key}.no-candidates"
        if self.option and i18n.has(f"{key}.option"):  # typed on the command line: no "fill the code column"
            key = f"{key}.option"
        return i18n.t(key, lang, **params)

    def render(self, lang: str | None = None) -> str:
        """One line for the terminal; control characters from the user's files are made visible."""
        where = self.where(lang)
        label = i18n.t(f"severity.{self.severity}", lang)
        text = f"{label}: {where}: {self.message(lang)}" if where else f"{label}: {self.message(lang)}"
        return visible(text)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "column_letter": self.column_letter,
            "key": self.key,
            "line": self.line,
            "value": _jsonable(self.value),
            "message": self.message(lang),
            **({"option": self.option} if self.option else {}),
        }


def _show(value: Any, lang: str | None = None) -> str:
    """The cell value as the planner typed it, numbers in the reader's locale ("6,2" in id)."""
    if value is None:
        return i18n.t("issue.value-empty", lang)
    if isinstance(value, str):
        text = value if len(value) <= 80 else value[:77] + "..."
        return repr(text)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):  # as YAML writes it (.inf, -.inf, .nan), never "nan"
        return ".nan" if value != value else (".inf" if value > 0 else "-.inf")
    if isinstance(value, (list, tuple)) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        return "[" + ", ".join(_show(v, lang) for v in value) + "]"  # a rubric range: [-.inf, .inf]
    if isinstance(value, (int, float)) and not (isinstance(value, float) and not math.isfinite(value)):
        # 2999, not 2999.0; 6,2 in Indonesian; every decimal the cell holds (up to 10)
        # a tiny non-zero number keeps its digits (-1e-300 is below 0, never shown as "0")
        small = value != 0 and abs(value) < 1e-6
        return i18n.decimal(value, lang, 10, group=False) if abs(value) < 1e15 and not small else repr(value)
    if hasattr(value, "isoformat"):  # a date or time cell: 2022-01-01, not datetime.date(2022, 1, 1)
        text = value.isoformat()
        return text[:-9] if text.endswith("T00:00:00") else text
    return repr(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, float) and (value != value or abs(value) == float("inf")):
        return repr(value)  # "inf", "nan": a cell's value as text, strict JSON has no such numbers
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


@dataclass
class IssueReport:
    """All issues found so far, errors and notes together, in the order found."""

    issues: list[Issue] = field(default_factory=list)

    def add(self, code: str, severity: str = ERROR, **kwargs: Any) -> Issue:
        issue = Issue(code=code, severity=severity, **kwargs)
        self.issues.append(issue)
        return issue

    def extend(self, issues: Iterable[Issue]) -> None:
        self.issues.extend(issues)

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.issues)

    def __len__(self) -> int:
        return len(self.issues)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == ERROR]

    @property
    def notes(self) -> list[Issue]:
        return [i for i in self.issues if i.severity != ERROR]

    @property
    def valid(self) -> bool:
        return not self.errors

    def raise_if_errors(self) -> None:
        if not self.valid:
            raise InputError(self)

    def tuples(self, *fields: str) -> list[tuple[Any, ...]]:
        """Compact view for tests, e.g. ``tuples("sheet", "row", "column", "code")``."""
        fields = fields or ("sheet", "row", "column", "code")
        return [tuple(getattr(i, f) for f in fields) for i in self.errors]


class InputError(Exception):
    """The input cannot be used; ``report`` lists every problem found."""

    def __init__(self, report: IssueReport | Issue | Iterable[Issue]):
        if isinstance(report, Issue):
            report = IssueReport([report])
        elif not isinstance(report, IssueReport):
            report = IssueReport(list(report))
        self.report = report
        self.detail: str | None = None  # a library's own words (English), printed only with --debug
        first = report.errors[0] if report.errors else None
        super().__init__(first.render("en") if first else "invalid input")

    def __reduce__(self) -> tuple[Any, ...]:  # survives the trip back from a worker process
        return (InputError, (self.report,))


def os_reason(exc: OSError) -> Phrase:
    """Why a file could not be opened or read, as a catalogue phrase (the system's own words are
    English whatever the reader's language): permission, a folder on the way that is a file, a
    name too long, too many symbolic links, an input/output error; else a generic phrase."""
    import errno

    known = {errno.EACCES: "permission", errno.EPERM: "permission", errno.ENOTDIR: "not-dir",
             errno.ENAMETOOLONG: "name-too-long", errno.ELOOP: "loop", errno.EIO: "io",
             errno.EISDIR: "is-dir", errno.ENOENT: "missing"}
    return Phrase(f"os-reason.{known.get(exc.errno or 0, 'other')}")


def file_unreadable(exc: OSError, name: str) -> "InputError":
    """``file-unreadable`` for a file that could not be opened or read, the reason in the reader's
    language (:func:`os_reason`); the system's own words kept as ``detail`` for ``--debug``."""
    err = InputError(Issue("file-unreadable", file=name, params={"reason": os_reason(exc)}))
    err.detail = f"{type(exc).__name__}: {exc}"
    return err
