"""One example builder for the tests (COINr's ``build_example_coin(up_to=...)`` habit).

Two tools, so that no test file carries its own copy of a tiny rubric:

* :func:`rubric_yaml` writes a rubric from its parts — the grade scales come from one library
  (:data:`SCALES`: SAKIP, BPK opinions, the seven-band predikat and the short A/B, A/B/C ones), the
  columns and dimensions are plain Python — so a test shows only what it is about. The text is
  laid out the way people write rubrics by hand (block style, one flow line per column, grade and
  indicator), so error lines and text edits in tests read like a user's file.
* :func:`build_example` builds the standard tiny example (:func:`tiny_rubric_yaml`, also
  ``wbtools.TINY_RUBRIC``, and ``wbtools.tiny_workbook``: three regions, two dimensions, a grade,
  a streak, awards, a ratio and a lower-is-better percent) up to the stage a test needs:
  ``"files"``, ``"rubric"``, ``"tables"``, ``"result"`` or ``"analysis"``.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml


SEVEN = (("AA", 90, 100), ("A", 80, 90), ("BB", 70, 80), ("B", 60, 70), ("CC", 50, 60), ("C", 30, 50), ("D", 0, 30))
SAKIP_WORDS = {"AA": "Sangat Memuaskan", "A": "Memuaskan", "BB": "Sangat Baik", "B": "Baik", "CC": "Cukup",
               "C": "Kurang", "D": "Sangat Kurang"}

SCALES: dict[str, dict[str, Any]] = {
    # SAKIP bands with the number each grade stands for when written as a letter
    "sakip": {"name": "SAKIP", "kind": "bands", "grades": [
        {"code": c, "label": SAKIP_WORDS[c], "min": lo, "max": hi, "value": (lo + hi) // 2} for c, lo, hi in SEVEN]},
    "opini": {"name": "Opini BPK", "kind": "ordinal", "grades": [
        {"code": "WTP", "label": "Wajar Tanpa Pengecualian", "value": 100, "aliases": ["WTP-DPP"]},
        {"code": "WDP", "label": "Wajar Dengan Pengecualian", "value": 60},
        {"code": "TW", "label": "Tidak Wajar", "value": 10},
        {"code": "TMP", "label": "Tidak Menyatakan Pendapat", "value": 0}]},
    "predikat": {"name": "Predikat", "kind": "bands", "grades": [
        {"code": c, "label": c, "min": lo, "max": hi} for c, lo, hi in SEVEN]},
    "predikat_ab": {"name": "Predikat", "kind": "bands", "grades": [
        {"code": "A", "label": "A", "min": 50, "max": 100}, {"code": "B", "label": "B", "min": 0, "max": 50}]},
    "predikat_abc": {"name": "Predikat", "kind": "bands", "grades": [
        {"code": "A", "label": "A", "min": 80, "max": 100}, {"code": "B", "label": "B", "min": 60, "max": 80},
        {"code": "C", "label": "C", "min": 0, "max": 60}]},
}


def ind(id_: str, column: str | None = None, *, kind: str = "number", name: Any = None, **keys: Any) -> dict[str, Any]:
    """An indicator: ``ind("pad", "pad")`` reads column ``pad`` as a number; extra keys as written
    in the rubric (``weight=3``, ``direction="lower"``, ``normalisation={...}``)."""
    out: dict[str, Any] = {"id": id_, "name": name if name is not None else id_.upper(), "kind": kind}
    if column is not None:
        out["column"] = column
    out.update(keys)
    return out


def bi(id_text: str, en_text: str) -> dict[str, str]:
    """A name in both languages: ``bi("Tata kelola", "Governance")``."""
    return {"id": id_text, "en": en_text}


def number_columns(*names: str, **keys: Any) -> dict[str, dict[str, Any]]:
    """Number columns labelled by their upper-cased name: ``number_columns("a", "b", min=0)``."""
    return {n: {"label": n.upper(), "type": "number", **keys} for n in names}


def dim(id_: str, *indicators: dict[str, Any], name: Any = None, weight: float | None = None,
        subdimensions: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A dimension (or sub-dimension) with its indicators, or with ``subdimensions``."""
    out: dict[str, Any] = {"id": id_, "name": name if name is not None else id_.upper()}
    if weight is not None:
        out["weight"] = weight
    if subdimensions is not None:
        out["subdimensions"] = subdimensions
    else:
        out["indicators"] = list(indicators)
    return out


def _is_scalar(v: Any) -> bool:
    return v is None or isinstance(v, (str, int, float, bool))


def _flat(v: Any) -> bool:
    """A mapping of scalars and lists of scalars: written on one line."""
    return isinstance(v, dict) and all(
        _is_scalar(x) or (isinstance(x, list) and all(_is_scalar(y) for y in x)) for x in v.values())


def _scalar(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v != v:
            return ".nan"
        if v in (float("inf"), float("-inf")):
            return ".inf" if v > 0 else "-.inf"
        text = repr(v)
        return text.replace("e", ".0e", 1) if "e" in text and "." not in text else text
    plain = (v and v == v.strip() and "\n" not in v and ": " not in v and " #" not in v and not v.endswith(":")
             and not any(c in v for c in ",[]{}&*!|>'\"%@`") and v[0] not in "-?:#"
             and yaml.safe_load(v) == v)
    return v if plain else json.dumps(v, ensure_ascii=False)


def _flow(v: Any) -> str:
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_scalar(k)}: {_flow(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(_flow(x) for x in v) + "]"
    return _scalar(v)


def _one_line(v: Any, in_list: bool) -> bool:
    """Flat mappings, lists of scalars, and list items (grades, indicators) holding no list of
    mappings go on one line; everything else is written as a block."""
    if isinstance(v, list):
        return all(_is_scalar(x) for x in v)
    if isinstance(v, dict):
        return _flat(v) or (in_list and all(_is_scalar(x) or _flat(x) or (isinstance(x, list) and _one_line(x, False))
                                            for x in v.values()))
    return True


def _block(v: dict[str, Any], indent: int) -> list[str]:
    pad, out = " " * indent, []
    for key, x in v.items():
        if _one_line(x, False):
            out.append(f"{pad}{_scalar(key)}: {_flow(x)}")
        elif isinstance(x, dict):
            out += [f"{pad}{_scalar(key)}:", *_block(x, indent + 2)]
        else:
            out.append(f"{pad}{_scalar(key)}:")
            for item in x:
                if _one_line(item, True):
                    out.append(f"{pad}  - {_flow(item)}")
                else:
                    inner = _block(item, indent + 4)
                    out += [f"{pad}  - {inner[0].lstrip()}", *inner[1:]]
    return out


def to_yaml(doc: dict[str, Any]) -> str:
    """``doc`` as a hand-written rubric would look (``version: "1"`` stays a text)."""
    return "\n".join(_block(doc, 0)) + "\n"


def rubric_yaml(*, id: str, name: Any, columns: dict[str, dict[str, Any]], dimensions: list[dict[str, Any]],
                scales: tuple[str | tuple[str, dict[str, Any]], ...] = (), scoring_scale: str | None = None,
                normalisation: str = "minmax", aggregation: str = "arithmetic", scoring: dict[str, Any] | None = None,
                after: dict[str, Any] | None = None, **sections: Any) -> str:
    """The YAML text of a rubric. ``scales`` are names in :data:`SCALES` (``predikat_ab`` is
    written as ``predikat``), or ``(name, scale)`` pairs for a scale of the test's own;
    ``scoring_scale`` grades the scores; ``scoring`` adds keys to the scoring section; ``sections``
    are further top-level sections as written (``outliers={"method": "none"}``), placed after the
    scales, ``after`` the ones placed after the dimensions (``after={"recommend": {...}}``)."""
    score_part: dict[str, Any] = {"normalisation": normalisation, "aggregation": aggregation}
    if scoring_scale:
        score_part["scale"] = scoring_scale
    score_part.update(scoring or {})
    doc: dict[str, Any] = {"id": id, "version": "1", "name": name, "scoring": score_part}
    if scales:
        doc["scales"] = dict(_scale(s) for s in scales)
    doc.update(sections)
    doc["columns"] = columns
    doc["dimensions"] = dimensions
    doc.update(after or {})
    return to_yaml(doc)


def _scale(s: str | tuple[str, dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    if isinstance(s, tuple):
        return s
    return (s.split("_")[0] if s.startswith("predikat") else s), SCALES[s]


def line_of(text: str, fragment: str) -> int:
    """The number (from 1) of the one line of ``text`` that contains ``fragment``: for asserting
    where an error is reported without counting lines by hand."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if fragment in line]
    assert len(hits) == 1, f"{fragment!r} is on lines {hits}, not on exactly one"
    return hits[0]


def edited(text: str, old: str, new: str) -> str:
    """``text`` with ``old`` replaced by ``new``; ``old`` must occur exactly once, so a test's
    deliberate mistake (a misspelt key, a reused id) can never silently not happen."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def write_rubric(path: Path, **parts: Any) -> Path:
    path.write_text(rubric_yaml(**parts), encoding="utf-8")
    return path


# The standard tiny example's rubric (``wbtools.TINY_RUBRIC``), part by part.
TINY_COLUMNS: dict[str, dict[str, Any]] = {
    "nilai_sakip": {"label": "Nilai SAKIP", "type": "grade", "scale": "sakip"},
    "pad": {"label": "PAD", "type": "number", "min": 0},
    "pendapatan": {"label": "Total pendapatan", "type": "number", "min": 0},
    "miskin": {"label": "Penduduk miskin", "type": "percent", "min": 0, "max": 100},
}


def tiny_dimensions() -> list[dict[str, Any]]:
    """Tata kelola (weight 2: SAKIP x3, WTP streak, governance awards) and Ekonomi (weight 1: PAD
    per revenue, poverty lower-is-better); a fresh copy each call."""
    return [
        dim("tata_kelola",
            ind("sakip", "nilai_sakip", kind="grade", name="SAKIP", weight=3),
            ind("wtp", kind="streak", name="WTP berturut-turut", weight=1),
            ind("award_gov", kind="awards", name="Penghargaan", awards={"category": "governance"}, weight=1),
            name="Tata kelola", weight=2),
        dim("ekonomi",
            ind("pad_share", kind="ratio", name="PAD per pendapatan", numerator="pad", denominator="pendapatan",
                multiplier=100, weight=1),
            ind("miskin", "miskin", kind="percent", name="Penduduk miskin", direction="lower", weight=1),
            name="Ekonomi", weight=1),
    ]


def tiny_rubric_yaml(**changes: Any) -> str:
    """The tiny example's rubric; ``changes`` replace its parts by name (any :func:`rubric_yaml`
    argument or top-level section: ``scales=(...)``, ``awards={...}``, ``recommend={...}``)."""
    parts: dict[str, Any] = {
        "id": "tiny", "name": {"id": "Rubrik kecil", "en": "Tiny rubric"},
        "scales": ("sakip", "opini", "predikat"), "scoring_scale": "predikat",
        "opinions": {"scale": "opini"},
        "awards": {"window_years": 2, "categories": [{"code": "governance", "label": "Tata kelola"}]},
        "columns": TINY_COLUMNS, "dimensions": tiny_dimensions(),
    }
    parts.update(changes)
    return rubric_yaml(**parts)


def mm(x: float, lo: float, hi: float) -> float:
    """Min-max onto 0..100 by hand."""
    return (x - lo) / (hi - lo) * 100


def _tiny_by_hand() -> SimpleNamespace:
    """The tiny example scored by hand (min-max 0-100 over the three regions, one peer group,
    weighted arithmetic means): one dict per indicator and dimension, code -> score."""
    # SAKIP: Madiun 82 (score), Malang "BB" -> 75 (the grade's value), Bangka 60.5
    sakip = {"35.77": mm(82, 60.5, 82), "35.73": mm(75, 60.5, 82), "19.01": mm(60.5, 60.5, 82)}
    # WTP streak ending at LKPD 2023: Madiun 3, Malang 1 (2022 was WDP), Bangka 0 (2023 WDP)
    wtp = {"35.77": mm(3, 0, 3), "35.73": mm(1, 0, 3), "19.01": mm(0, 0, 3)}
    # awards over 2022-2023 (window 2): Madiun 3+1, Malang 2 (2021 is outside), Bangka none
    awards = {"35.77": mm(4, 0, 4), "35.73": mm(2, 0, 4), "19.01": mm(0, 0, 4)}
    # PAD share: 30 %, 45 %, 10 %
    pad = {"35.77": mm(30, 10, 45), "35.73": mm(45, 10, 45), "19.01": mm(10, 10, 45)}
    # poverty, lower is better: 5, 4, 6 -> reversed min-max
    poverty = {"35.77": (6 - 5) / (6 - 4) * 100, "35.73": (6 - 4) / (6 - 4) * 100, "19.01": 0.0}
    governance = {c: (3 * sakip[c] + 1 * wtp[c] + 1 * awards[c]) / 5 for c in sakip}
    economy = {c: (pad[c] + poverty[c]) / 2 for c in sakip}
    overall = {c: (2 * governance[c] + 1 * economy[c]) / 3 for c in sakip}
    return SimpleNamespace(sakip=sakip, wtp=wtp, awards=awards, pad=pad, poverty=poverty, governance=governance,
                           economy=economy, overall=overall)


TINY_BY_HAND = _tiny_by_hand()


STAGES = ("files", "rubric", "tables", "result", "analysis")


def build_example(tmp_path: Path, up_to: str = "result", *, sheets: dict[str, list[Any]] | None = None,
                  rubric: str | None = None, name: str = "tiny", **kwargs: Any) -> Any:
    """The standard tiny example built up to ``up_to``: ``files`` -> (workbook, rubric) paths;
    ``rubric`` -> the checked Rubric; ``tables`` -> (rubric, tables) as the CLI reads them;
    ``result`` -> ScoreResult (``kwargs`` go to ``score``: ``peers=``; the reading notes are its
    ``notes`` unless given); ``analysis`` -> Analysis (``kwargs`` go to ``analyse``).

    A test's own small example goes through the same stages: ``sheets`` (sheet name -> rows, as
    for ``wbtools.write_workbook``) replaces the tiny workbook, ``rubric`` (YAML text) the tiny
    rubric; the files are ``tmp_path / name`` + ``.xlsx`` / ``.yaml``."""
    from wbtools import TINY_RUBRIC, tiny_rubric, tiny_workbook, write_workbook

    if up_to not in STAGES:
        raise ValueError(f"up_to must be one of {STAGES}")
    book = tmp_path / f"{name}.xlsx"
    files = (tiny_workbook(book) if sheets is None else write_workbook(book, sheets),
             tiny_rubric(tmp_path / f"{name}.yaml", TINY_RUBRIC if rubric is None else rubric))
    if up_to == "files":
        return files
    if up_to == "rubric":
        from scorecard.io.rubric_file import load_rubric

        return load_rubric(str(files[1]))
    from scorecard.commands.common import load_inputs

    rub, tables, report = load_inputs(str(files[0]), str(files[1]))
    if up_to == "tables":
        return rub, tables
    if up_to == "result":
        from scorecard.pipeline import score

        kwargs.setdefault("notes", report)
        return score(tables, rub, **kwargs)
    from scorecard.analysis import analyse

    return analyse(tables, rub, **kwargs)
