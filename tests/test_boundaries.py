"""Guards on the package's shape: a pure core with all I/O at the edges, and no second copy of a
formula. These tests fail when someone adds the import or the copy."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "scorecard"
EDGE_DIRS = ("io", "commands")  # the edges: file formats, terminal, templates, click
EDGE_MODULES = ("cli.py", "click_i18n.py", "__main__.py")  # the CLI root and click's translations
FORBIDDEN = ("openpyxl", "python_calamine", "jinja2", "click", "docx", "xlsxwriter", "pygal")


def core_modules() -> list[Path]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] in EDGE_DIRS or rel.name in EDGE_MODULES and len(rel.parts) == 1:
            continue
        out.append(path)
    return out


def imported(path: Path) -> set[str]:
    """Top-level names of every module ``path`` imports (at any depth: lazy imports count too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_core_is_most_of_the_package():
    core = {p.relative_to(PACKAGE).as_posix() for p in core_modules()}
    assert {"pipeline.py", "analysis.py", "recommend.py", "report_model.py", "view.py"} <= core
    assert not any(c.startswith(("io/", "commands/")) for c in core)


@pytest.mark.parametrize("path", core_modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_core_module_imports_no_io_library(path):
    bad = sorted(imported(path) & set(FORBIDDEN))
    assert not bad, f"{path.relative_to(PACKAGE)} imports {bad}: file formats and the terminal belong in io/ or commands/"


def test_the_guard_catches_an_openpyxl_import(tmp_path):
    # the check itself works: a core module that imports openpyxl, even lazily, is caught
    fake = tmp_path / "stage.py"
    fake.write_text("def f():\n    from openpyxl import load_workbook\n    import click.testing\n", encoding="utf-8")
    assert imported(fake) & set(FORBIDDEN) == {"openpyxl", "click"}


def _defs(pattern: str) -> list[str]:
    found = []
    for path in PACKAGE.rglob("*.py"):
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(pattern, line):
                found.append(f"{path.relative_to(PACKAGE)}:{i}")
    return found


def test_one_aggregation_kernel_and_one_rank_kernel():
    # the generalised weighted mean's transforms live in scorecard.aggregate only
    assert _defs(r"np\.exp\(") == [], "exp() of a weighted log mean outside aggregate.TRANSFORMS"
    assert sorted(d.split(":")[0] for d in _defs(r"def (weighted_mean|weighted_mean_rows|rank_within|rank_desc)\b")) \
        == ["aggregate.py", "aggregate.py", "ranking.py", "ranking.py"]
    # ranks of regions come from scorecard.ranking; the rank-based normalisations (normalise.py)
    # rank raw values as their formula says, which is not a ranking of regions
    assert [d for d in _defs(r"\.rank\(ascending=False") if not d.startswith("normalise.py")] == []


def test_one_past_year_rebuild():
    assert [d.split(":")[0] for d in _defs(r"history\.xs\(")] == ["trends.py"]
