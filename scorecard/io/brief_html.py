"""Write a :class:`~scorecard.brief.Brief` as one self-contained HTML page (A4 print CSS, no
network: a Content-Security-Policy forbids any). Jinja2 autoescape is on."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from scorecard import resources
from scorecard.io.output import atomic_write_text


@lru_cache(maxsize=1)
def _env() -> Any:
    import jinja2

    # finalize: control characters from workbook text never reach the page
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(resources.reports_dir())), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                              finalize=_clean)


def _clean(text: Any) -> Any:
    if isinstance(text, str):
        return "".join(ch for ch in text if ch in "\t\n" or ord(ch) >= 32)
    return text


def brief_html(brief: Any) -> str:
    return _env().get_template("brief.html.j2").render(b=brief)


def write_brief_html(brief: Any, path: str | Path) -> Path:
    return atomic_write_text(path, brief_html(brief))


__all__ = ["brief_html", "write_brief_html"]
