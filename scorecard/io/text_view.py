"""View data (:mod:`scorecard.view`) laid out for the terminal: plain monospace tables."""

from __future__ import annotations

from scorecard.io.output import text_table
from scorecard.view import Table


def table_text(table: Table) -> str:
    """``table`` as a monospace table: text columns left-aligned, figures right-aligned."""
    align = ["<" if c.kind == "text" else ">" for c in table.columns]
    return text_table([c.label for c in table.columns], [[cell.text for cell in row.cells] for row in table.rows],
                      align)
