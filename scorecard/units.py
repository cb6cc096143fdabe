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
# Bounds of the unit list itself, checked before it is read (like the workbook's, docs/units.md):
# Indonesia has ~84,000 desa and kelurahan, so 200,000 rows and 64 MB leave room for any real list
# and keep a 3-million-row file from taking gigabytes. The workbook row limit a unit list raises
# (2N + 10,000) is therefore bounded too. Environment variables change them.
MAX_UNITS = 200_000
MAX_UNITS_MB = 64
ENV_UNITS = "SCORECARD_MAX_UNITS"
ENV_UNITS_MB = "SCORECARD_MAX_UNITS_MB"


def _env_limit(var: str, default: float) -> float:
    import os

    try:
        value = float(os.environ.get(var, ""))
    except ValueError:
        return default
    return value if value > 0 else default


def check_units_bytes(path: Path, name: str) -> None:
    """Refuse a unit list larger than SCORECARD_MAX_UNITS_MB before reading it."""
    from scorecard.issues import InputError, Issue

    limit = _env_limit(ENV_UNITS_MB, MAX_UNITS_MB)
    size = path.stat().st_size
    if size > limit * 1_048_576:
        raise InputError(Issue("limit-units-size", file=name, params={
            "size_mb": round(size / 1_048_576, 1), "limit": f"{limit:g}", "env": ENV_UNITS_MB}))


def check_units_rows(data: bytes, name: str) -> None:
    """Refuse a unit list of more than SCORECARD_MAX_UNITS rows before parsing it."""
    from scorecard.issues import InputError, Issue

    limit = int(_env_limit(ENV_UNITS, MAX_UNITS))
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1) - 1  # minus the header
    if lines > limit:
        raise InputError(Issue("limit-units-rows", file=name, params={
            "rows": lines, "limit": limit, "env": ENV_UNITS}))


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

    n_units = min(n_units, int(_env_limit(ENV_UNITS, MAX_UNITS)))  # never more than the unit list admits
    rows = max(DEFAULTS["rows"], ROWS_PER_UNIT * n_units + 10_000)
    cells = max(DEFAULTS["cells"], rows * CELLS_PER_ROW)
    return {"rows": rows, "cells": cells,
            "uncompressed_mb": max(DEFAULTS["uncompressed_mb"], cells * 60 / 1_048_576)}


def units_line(rubric: Rubric) -> int | None:
    """The line of the ``units:`` key in the rubric file (for a located message), or None."""
    import re

    if not rubric.source:
        return None
    try:
        text = Path(rubric.source).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for n, line in enumerate(text.splitlines(), 1):
        if re.match(r"units\s*:", line):
            return n
    return None


def missing_units_issue(rubric: Rubric, path: Path) -> Any:
    """The rubric's ``units:`` names a file that is not there: located at the key, with the path as
    written in the rubric and the file it was looked for."""
    from scorecard.issues import Issue

    return Issue("units-file-missing", file=rubric.source, key="units", line=units_line(rubric),
                 value=rubric.units, params={"path": rubric.units, "resolved": str(path)})


def rubric_with_units(text: str, units_file: str) -> str:
    """A rubric's YAML text with its ``units:`` key set to ``units_file`` (added at the end when
    absent): the copy ``init``/``demo --desa`` write beside the unit list they copy."""
    import re

    line = f"units: {units_file}"
    new, n = re.subn(r"(?m)^units\s*:.*$", lambda _m: line, text, count=1)
    return new if n else text.rstrip("\n") + "\n" + line + "\n"
