"""Language purity: find words of the other language in an output (issue 19).

The vocabulary of each language is every word of its catalogue texts (``scorecard/locale``) and
of the shipped rubrics' labels in that language. A word is *foreign* to ``lang`` when only the
other language uses it (``dan``, ``nilai``, ``tahun`` are foreign to English; ``the``, ``value``,
``years`` to Indonesian); words both use (``Smart``, ``WTP``, ``data``, ``km``) never count.

Text the user typed is not ours to translate: every text cell of the input workbooks, the
region and province names of the registry, and identifiers (column ids such as
``jumlah_desa``, file names, ``--options``, quoted sheet names such as ``'wilayah'``) are removed
before the words are checked.

Outputs are extracted to plain text: an .xlsx (every text cell, sheet names, headers/footers), an
.html (visible text plus ``title``/``aria-label``/``alt``/``placeholder``; no style or script), a
.docx (paragraphs, tables, headers/footers), JSON (every string value; keys are the API), CSV (as
text).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from scorecard import i18n

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
IDENTIFIER = re.compile(r"""(?x)
      \S*_\S*                    # jumlah_desa, luas_km2
    | (?<!\w)(?:[A-Za-z]:)?[\\/]\S+  # /tmp/x, C:\\x
    | \S+\.(?:xlsx|xls|ods|html|yaml|yml|csv|json|docx|pdf)\b
    | --?[a-z][a-z0-9-]*          # --peers, -o
    | '[^'\s]{1,40}'              # 'wilayah': a sheet or key name
    | \bhttps?://\S+
    | \bCC[ -]BY(?:-[A-Z]{2})*     # a licence name (CC BY 4.0)
    | "[^"\n]{1,150}"              # a quoted title: "Kunjungan Balasan ke Pemkot ..." (a citation)
    | “[^”\n]{1,150}”
""")


def _words(text: str) -> set[str]:
    text = IDENTIFIER.sub(" ", re.sub(r"\{[^}]*\}", " ", text))
    return {w.lower() for w in WORD.findall(text)}


@lru_cache(maxsize=None)
def vocabulary(lang: str) -> frozenset[str]:
    out: set[str] = set()
    for entry in i18n.catalogue().values():
        text = entry.get(lang)
        if text is None:
            continue
        for form in text.values() if isinstance(text, dict) else [text]:
            out |= _words(form)
    root = Path(__file__).resolve().parent.parent / "rubrics"
    import yaml

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if set(node) >= {"id", "en"} and isinstance(node.get(lang), str):
                out.update(_words(node[lang]))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for path in root.glob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return frozenset(out)


@lru_cache(maxsize=None)
def foreign_words(lang: str) -> frozenset[str]:
    """Words only the other language uses."""
    other = "en" if lang == "id" else "id"
    return vocabulary(other) - vocabulary(lang)


@lru_cache(maxsize=1)
def registry_names() -> tuple[str, ...]:
    """Region and province names (proper names: "Kota Bandung", "Jawa Timur")."""
    import csv

    path = Path(i18n.__file__).resolve().parent / "data" / "regions.csv"
    names: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names |= {row["name"], row["name_title"], row["province_name"]}
            # "Kota Bandung" is also written "Bandung"
            names.add(row["name_title"].split(" ", 1)[-1])
    return tuple(sorted((n for n in names if n), key=len, reverse=True))


def workbook_texts(*paths: Path) -> set[str]:
    """Every text cell of the input workbooks: the user's words, exempt from the check."""
    from python_calamine import CalamineWorkbook

    out: set[str] = set()
    for path in paths:
        wb = CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            out.add(name)
            for row in wb.get_sheet_by_name(name).to_python():
                out |= {c.strip() for c in row if isinstance(c, str) and c.strip()}
    return out


def strip_exempt(text: str, exempt: Iterable[str] = ()) -> str:
    text = _alternation(tuple(sorted({s for s in exempt if len(s) >= 3}))).sub(" ", text)
    text = _alternation(registry_names()).sub(" ", text)
    return IDENTIFIER.sub(" ", text)


@lru_cache(maxsize=8)
def _alternation(items: tuple[str, ...]) -> re.Pattern[str]:
    if not items:
        return re.compile(r"(?!x)x")
    return re.compile("|".join(re.escape(s) for s in sorted(items, key=len, reverse=True)))


def check(text: str, lang: str, exempt: Iterable[str] = ()) -> Counter[str]:
    """The foreign words in ``text`` (read as ``lang``), with counts."""
    bad = foreign_words(lang)
    text = strip_exempt(text, exempt)
    return Counter(w.lower() for w in WORD.findall(text) if len(w) > 1 and w.lower() in bad)


def context(text: str, word: str, width: int = 60) -> list[str]:
    out = []
    for m in re.finditer(rf"(?i)\b{re.escape(word)}\b", text):
        out.append(" ".join(text[max(0, m.start() - width):m.end() + width].split()))
        if len(out) == 2:
            break
    return out


# --------------------------------------------------------------------------------------------
# extraction of each output format to text


def text_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return xlsx_text(path)
    if suffix in (".html", ".htm"):
        return html_text(path.read_text(encoding="utf-8"))
    if suffix == ".docx":
        return docx_text(path)
    if suffix == ".json":
        return json_text(path.read_text(encoding="utf-8"))
    if suffix == ".csv":  # the header row; the rest is data
        return path.read_text(encoding="utf-8").split("\n", 1)[0]
    return path.read_text(encoding="utf-8")


def xlsx_text(path: Path) -> str:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ids = {i for i in rubric_identifiers() if TOKEN.match(i)}
    parts = []
    for ws in wb.worksheets:
        parts.append(ws.title)
        for hf in (ws.oddHeader, ws.oddFooter):
            for side in (hf.left, hf.center, hf.right):
                if side.text:
                    parts.append(re.sub(r"&[A-Z]|&\"[^\"]*\"|&\d+", " ", side.text))
        for row in ws.iter_rows():
            # a cell holding exactly a rubric id ("sanitasi", the id column) is an identifier
            parts += [c.value for c in row if isinstance(c.value, str) and not c.value.startswith("=")
                      and c.value.strip() not in ids]
        for dv in getattr(ws.data_validations, "dataValidation", []):
            parts += [x for x in (dv.promptTitle, dv.prompt, dv.errorTitle, dv.error) if x and x.strip() not in ids]
    return "\n".join(parts)


def html_text(html: str) -> str:
    html = re.sub(r"(?is)<(style|script)\b.*?</\1>", " ", html)
    attrs = re.findall(r"""(?i)\b(?:title|aria-label|alt|placeholder)="([^"]*)\"""", html)
    svg_text = re.findall(r"(?is)<(?:text|tspan|title|desc)\b[^>]*>([^<]*)<", html)
    html = re.sub(r"(?is)<svg\b.*?</svg>", " ", html)
    body = re.sub(r"<[^>]+>", " ", html)
    import html as _html

    return _html.unescape("\n".join([body, *attrs, *svg_text]))


def docx_text(path: Path) -> str:
    import docx

    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    for section in d.sections:
        for hf in (section.header, section.footer):
            parts += [p.text for p in hf.paragraphs]
    return "\n".join(parts)


# JSON fields that hold codes, not prose: the API's identifiers are the same in every language
CODE_KEYS = re.compile(r"(^|_)(code|codes|id|ids|grade|grades|key|type|kind|level|method|status|column|unit)s?$")
TOKEN = re.compile(r"^[a-z0-9_.\-]+$")


def json_text(text: str) -> str:
    """The prose in a JSON document: string values, except codes (``"grade": "BB"``, enum values
    such as ``"arithmetic"``, catalogue keys) and bilingual ``{"id": ..., "en": ...}`` labels,
    which carry both languages on purpose."""
    parts: list[str] = []

    def walk(node: Any, key: str = "") -> None:
        if isinstance(node, dict):
            if {"id", "en"} <= set(node) and all(isinstance(node[k], str) for k in ("id", "en")):
                return
            for k, v in node.items():
                walk(v, str(k))
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and not CODE_KEYS.search(key) and not TOKEN.match(node):
            parts.append(node)

    walk(json.loads(text))
    return "\n".join(parts)


@lru_cache(maxsize=1)
def rubric_identifiers() -> frozenset[str]:
    """Ids, column names and grade codes of the shipped rubrics (identifiers, not prose)."""
    import yaml

    out: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("id", "column", "code") and isinstance(v, str):
                    out.add(v)
                if k == "columns" and isinstance(v, dict):
                    out.update(str(c) for c in v)
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    root = Path(__file__).resolve().parent.parent / "rubrics"
    for path in root.glob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    from scorecard import validate

    # the template's column headers (kategori, tingkat, jumlah, ...)
    template = Path(validate.__file__).resolve().parent / "template.py"
    out.update(re.findall(r'TemplateColumn\(\s*"([a-z_]+)"', template.read_text(encoding="utf-8")))
    # the workbook's context and opinion column headers (tipe, provinsi, opini, ...)
    out.update(getattr(validate, "REGISTRY_CONTEXT", {}))
    out.update(getattr(validate, "OPINION_HEADERS", {}))
    return frozenset(out)
