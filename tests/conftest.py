"""Shared test fixtures: where the real programs are (Chromium, LibreOffice).

Tests that need a program use its fixture. Without the program the test is skipped on a developer
machine, but fails when the environment variable CI is set (CI installs them, so a missing program
there is a broken pipeline, not a reason to skip).
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI but was not found")
    pytest.skip(f"{what} not installed")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of the Debian chromium binary (override with SCORECARD_CHROMIUM)."""
    path = os.environ.get("SCORECARD_CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(path):
        _missing(f"Chromium ({path})")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _missing("the playwright Python package")
    return path


@pytest.fixture(scope="session")
def chromium_args() -> list[str]:
    return list(CHROMIUM_ARGS)


@pytest.fixture(scope="session")
def libreoffice_path() -> str:
    """Path of the LibreOffice binary (libreoffice or soffice on PATH)."""
    path = shutil.which("libreoffice") or shutil.which("soffice")
    if not path:
        _missing("LibreOffice")
    return path
