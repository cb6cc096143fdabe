"""The rubric a workbook was made for (issue 13 point 9: the rubric the planner edited is the rubric used).

``scorecard init`` writes a hidden sheet ``_scorecard`` into the template with one key per row:

=================  ===========================================================
``rubric_file``    the rubric copy written beside the template (``rubrik_smart_city.yaml``)
``rubric_id``      the rubric's id when the template was made
``rubric_version`` its version
``rubric_sha256``  the SHA-256 of the rubric file as init wrote it
=================  ===========================================================

and one row ``opinion_prefilled | CODE | YEAR`` per row init pre-filled in ``opini_bpk`` (region and
LKPD year, opinion left for the planner): ``validate`` skips such a row without a warning while
its opinion and source are still blank and its region and year are still the ones init wrote;
any other row without an opinion (one the planner typed or edited) is still reported.

When a command is run without ``--rubric``, the rubric file named there and lying beside the
workbook is used, and the command says so; when ``--rubric`` names another rubric (another id,
or a file whose content differs from the copy beside the workbook) a warning says which rubric the
workbook was made for. A workbook without the sheet (older templates, hand-made files) uses the
bundled rubric, as before. The sheet is hidden, so planners do not see it, and the reader never
reports it as an ignored sheet.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

META_SHEET = "_scorecard"
KEYS = ("rubric_file", "rubric_id", "rubric_version", "rubric_sha256")
PREFILLED_OPINION = "opinion_prefilled"


@dataclass(frozen=True)
class WorkbookMeta:
    """The rubric a workbook was made for, as recorded in the workbook itself."""

    rubric_file: str | None
    rubric_id: str | None
    rubric_version: str | None
    rubric_sha256: str | None


def sha256_of(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def meta_rows(rubric_file: str, rubric_id: str, rubric_version: str, rubric_sha256: str) -> list[tuple[str, str]]:
    return list(zip(KEYS, (rubric_file, rubric_id, rubric_version, rubric_sha256)))


def read_meta(raw: Any) -> WorkbookMeta | None:
    """The ``_scorecard`` sheet of a :class:`~scorecard.io.workbook.RawWorkbook`, or None."""
    sheet = next((s for s in getattr(raw, "sheets", ()) if s.name == META_SHEET), None)
    if sheet is None:
        return None
    got: dict[str, str] = {}
    for row in sheet.rows:
        if len(row) >= 2 and isinstance(row[0], str) and row[0] in KEYS and row[1] not in (None, ""):
            got[row[0]] = str(row[1])
    if not got.get("rubric_file"):
        return None
    name = Path(got["rubric_file"]).name  # a bare file name beside the workbook, never a path elsewhere
    return WorkbookMeta(name, got.get("rubric_id"), got.get("rubric_version"), got.get("rubric_sha256"))


def rubric_beside(workbook: str | Path, meta: WorkbookMeta | None) -> Path | None:
    """The rubric file the workbook remembers, when it lies beside the workbook."""
    if meta is None or not meta.rubric_file:
        return None
    wb = Path(workbook)
    candidate = (wb if wb.is_dir() else wb.parent) / meta.rubric_file
    return candidate if candidate.is_file() else None


def prefilled_opinions(raw: Any) -> Counter[tuple[str, int]]:
    """(region code, LKPD year) of each ``opini_bpk`` row ``scorecard init`` pre-filled, counted
    (empty for a workbook without the ``_scorecard`` sheet: every blank row is then reported)."""
    out: Counter[tuple[str, int]] = Counter()
    sheet = next((s for s in getattr(raw, "sheets", ()) if s.name == META_SHEET), None)
    if sheet is None:
        return out
    for row in sheet.rows:
        if len(row) >= 3 and row[0] == PREFILLED_OPINION and isinstance(row[1], str):
            try:
                year = float(row[2])
            except (TypeError, ValueError):
                continue
            if year.is_integer():
                out[(row[1], int(year))] += 1
    return out
