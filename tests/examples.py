"""One example builder for the tests (COINr's ``build_example_coin(up_to=...)`` habit).

Two tools, so that no test file carries its own copy of a tiny rubric:

* :func:`rubric_yaml` writes a rubric from its parts — the grade scales come from one library
  (:data:`SCALES`: SAKIP, BPK opinions, the seven-band predikat and the short A/B, A/B/C ones), the
  columns and dimensions are plain Python — so a test shows only what it is about.
* :func:`build_example` builds the standard tiny example (``wbtools.TINY_RUBRIC`` and
  ``tiny_workbook``: three regions, two dimensions, a grade, a streak, awards, a ratio and a
  lower-is-better percent) up to the stage a test needs: ``"files"``, ``"rubric"``, ``"tables"``,
  ``"result"`` or ``"analysis"``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


SEVEN = (("AA", 90, 100), ("A", 80, 90), ("BB", 70, 80), ("B", 60, 70), ("CC", 50, 60), ("C", 30, 50), ("D", 0, 30))
SAKIP_WORDS = {"AA": "Sangat Memuaskan", "A": "Memuaskan", "BB": "Sangat Baik", "B": "Baik", "CC": "Cukup",
               "C": "Kurang", "D": "Sangat Kurang"}

SCALES: dict[str, dict[str, Any]] = {
    # SAKIP bands with the number each grade stands for when written as a letter
    "sakip": {"name": "SAKIP", "kind": "bands", "grades": [
        {"code": c, "label": SAKIP_WORDS[c], "min": lo, "max": hi, "value": (lo + hi) / 2} for c, lo, hi in SEVEN]},
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


def rubric_yaml(*, id: str, name: Any, columns: dict[str, dict[str, Any]], dimensions: list[dict[str, Any]],
                scales: tuple[str, ...] = (), scoring_scale: str | None = None, normalisation: str = "minmax",
                aggregation: str = "arithmetic", **sections: Any) -> str:
    """The YAML text of a rubric. ``scales`` are names in :data:`SCALES` (``predikat_ab`` is
    written as ``predikat``); ``scoring_scale`` grades the scores; ``sections`` are further
    top-level sections as written (``outliers={"method": "none"}``, ``recommend={...}``)."""
    scoring: dict[str, Any] = {"normalisation": normalisation, "aggregation": aggregation}
    if scoring_scale:
        scoring["scale"] = scoring_scale
    doc: dict[str, Any] = {"id": id, "version": "1", "name": name, "scoring": scoring}
    doc.update(sections)
    if scales:
        doc["scales"] = {s.split("_")[0] if s.startswith("predikat") else s: SCALES[s] for s in scales}
    doc["columns"] = columns
    doc["dimensions"] = dimensions
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120)


def write_rubric(path: Path, **parts: Any) -> Path:
    path.write_text(rubric_yaml(**parts), encoding="utf-8")
    return path


STAGES = ("files", "rubric", "tables", "result", "analysis")


def build_example(tmp_path: Path, up_to: str = "result", **kwargs: Any) -> Any:
    """The standard tiny example built up to ``up_to``: ``files`` -> (workbook, rubric) paths;
    ``rubric`` -> the checked Rubric; ``tables`` -> (rubric, tables) as the CLI reads them;
    ``result`` -> ScoreResult; ``analysis`` -> Analysis (``kwargs`` go to ``analyse``)."""
    from wbtools import tiny_rubric, tiny_workbook

    if up_to not in STAGES:
        raise ValueError(f"up_to must be one of {STAGES}")
    files = (tiny_workbook(tmp_path / "tiny.xlsx"), tiny_rubric(tmp_path / "tiny.yaml"))
    if up_to == "files":
        return files
    if up_to == "rubric":
        from scorecard.io.rubric_file import load_rubric

        return load_rubric(str(files[1]))
    from scorecard.commands.common import load_inputs

    rub, tables, _ = load_inputs(str(files[0]), str(files[1]))
    if up_to == "tables":
        return rub, tables
    if up_to == "result":
        from scorecard.pipeline import score

        return score(tables, rub)
    from scorecard.analysis import analyse

    return analyse(tables, rub, **kwargs)
