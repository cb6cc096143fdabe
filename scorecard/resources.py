"""Locate files shipped with scorecard: rubrics, sample workbooks, report templates, reference data.

After ``pip install .`` the top-level ``rubrics/``, ``indicators/`` and ``reports/`` folders of the
checkout are bundled inside the package as ``scorecard/_bundled/…``; in a source checkout they are
read from the checkout itself. Code asks this module, never a hard-coded path.
"""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    inside = _PKG / "_bundled" / name
    if inside.is_dir():
        return inside
    return _PKG.parent / name


def rubrics_dir() -> Path:
    """Folder of the shipped YAML rubrics."""
    return _bundled("rubrics")


def indicators_dir() -> Path:
    """Folder of the shipped sample and template workbooks."""
    return _bundled("indicators")


def reports_dir() -> Path:
    """Folder of the shipped report templates."""
    return _bundled("reports")


def data_dir() -> Path:
    """Reference data shipped inside the package (region registry and its licence notes)."""
    return _PKG / "data"


def sample_workbook() -> Path:
    """The embedded sample workbook used by ``scorecard demo``."""
    return indicators_dir() / "contoh_smart_city.xlsx"


def default_rubric() -> Path:
    """The default Smart City benchmark rubric."""
    return rubrics_dir() / "smart_city.yaml"
