"""Units other than the 514 kabupaten/kota: the rubric's ``units:`` key and the limits a unit list
brings with it (docs/units.md).

``units: desa_contoh.csv`` in a rubric names the unit list to use with it (a path relative to the
rubric file); ``--units FILE`` on the command line overrides it. Pure: the file itself is read by
:mod:`scorecard.io.units_file`.
"""

from __future__ import annotations

from scorecard.issues import Phrase

from pathlib import Path
from typing import TYPE_CHECKING, Any

from scorecard.schema import Ctx

if TYPE_CHECKING:
    from scorecard.rubric import Rubric

# Default limits when a unit list is in force: a national village workbook (~84,000 desa/kelurahan
# x 40 indicators, two years of data) must be admitted; see scorecard.limits for the variables.
ROWS_PER_UNIT = 2
CELLS_PER_ROW = 64


def check_section(value: Any, ctx: Ctx, path: str) -> str | None:
    """The rubric's ``units:`` key (declared in ``rubric.SECTIONS``)."""
    if not isinstance(value, str) or not value.strip():
        ctx.add("wrong-type", path, value, expected=Phrase("expected.path-of-a-unit-list-csv-relative-to-the-rubric"))
        return None
    if not value.strip().lower().endswith(".csv"):
        ctx.add("wrong-type", path, value, expected=Phrase("expected.path-of-a-unit-list-csv-relative-to-the-rubric"))
        return None
    return value.strip()


def units_path(rubric: Rubric | None, option: str | None) -> Path | None:
    """The unit list in force: ``--units`` when given, else the rubric's ``units:`` (relative to
    the rubric file), else None (the shipped kabupaten/kota registry)."""
    if option:
        return Path(option)
    if rubric is None or not rubric.units:
        return None
    ref = rubric.units
    import os

    p = Path(ref)
    if not p.is_absolute() and rubric.source:
        p = Path(os.path.normpath(Path(rubric.source).parent / p))
    return p


def unit_limits(n_units: int) -> dict[str, float]:
    """Default limits raised for a unit list of ``n_units`` (never lowered): rows for two years of
    every unit, 64 filled cells per row, and the uncompressed size those cells take."""
    from scorecard.limits import DEFAULTS

    rows = max(DEFAULTS["rows"], ROWS_PER_UNIT * n_units + 10_000)
    cells = max(DEFAULTS["cells"], rows * CELLS_PER_ROW)
    return {"rows": rows, "cells": cells,
            "uncompressed_mb": max(DEFAULTS["uncompressed_mb"], cells * 60 / 1_048_576)}
