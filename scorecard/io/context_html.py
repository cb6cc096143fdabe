"""Render ``scorecard context`` as one self-contained HTML page (no network, autoescaped)."""

from __future__ import annotations

from scorecard import __version__, i18n
from scorecard.context_view import ContextPage

LABEL_KEYS = ("measure", "year", "value", "national-pct", "national-rank", "province-median", "province-pct",
              "region", "province", "distance", "why")


def labels(lang: str) -> dict[str, str]:
    out = {k: i18n.t(f"ctx.col.{k}", lang) for k in LABEL_KEYS}
    out["tertinggal"] = i18n.t("ctx.col.tertinggal", lang)
    out["no-similar"] = i18n.t("ctx.page.no-similar", lang)
    out["sources"] = i18n.t("ctx.sources.title", lang)
    out["generated"] = i18n.t("ctx.page.generated", lang, version=__version__)
    return out


def render_context(page: ContextPage) -> str:
    from markupsafe import Markup

    from scorecard.io.html_report import _asset, _env

    template = _env().get_template("context.html.j2")
    return template.render(p=page, labels=labels(page.lang), css=Markup(_asset("report.css")))
