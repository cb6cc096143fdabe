"""Refresh the corpus table and counts in docs/reliability.md: ``python tests/corpus/fill_docs.py``."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.build_corpus import CASES, markdown_table  # noqa: E402

ORDER = {"file": "unreadable files", "structure": "workbook structure", "values": "cell values", "csv": "CSV",
         "rubric": "rubrics", "limits": "resource limits", "usage": "usage errors", "nothing": "nothing (or not everything) to score",
         "odd-valid": "odd but valid"}


def summary() -> tuple[str, str]:
    cats = Counter(c.category for c in CASES)
    bad = sum(c.exit != 0 for c in CASES)
    same = sum(c.same_as_clean for c in CASES)
    warn = len(CASES) - bad - same
    text = ", ".join(f"{cats[k]} {label} (`{k}`)" for k, label in ORDER.items())
    return str(len(CASES)), (f"{text} — {bad} that must be refused, {warn} that must score with a located "
                             f"warning saying what is left out and why, and {same} that must score like the clean file")


def main() -> None:
    doc = Path(__file__).resolve().parents[2] / "docs" / "reliability.md"
    text = doc.read_text(encoding="utf-8")
    n, cats = summary()
    text = re.sub(r"The corpus holds \*\*.*?\*\*: .*?\.\n", f"The corpus holds **{n} cases**: {cats}.\n", text, flags=re.S)
    text = text.replace("The corpus holds **@N@ cases**: @CATS@.", f"The corpus holds **{n} cases**: {cats}.")
    table = markdown_table()
    if "@TABLE@" in text:
        text = text.replace("@TABLE@\n", table + "\n")
    else:
        text = re.sub(r"\| # \| case \|.*?\n\n", lambda m: table + "\n", text, flags=re.S)
    doc.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
