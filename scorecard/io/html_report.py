"""Render a :class:`~scorecard.report_model.ReportModel` as one self-contained HTML file.

Templates, CSS and the small sorting script live in the top-level ``reports/`` folder (found via
:func:`scorecard.resources.reports_dir`) and are inlined into the page; charts are pygal SVG
inlined too, so the page needs no network at all (a Content-Security-Policy forbids any). Jinja2
autoescape is on: every text from the workbook, the registry or the rubric is escaped, and only
http(s) URLs become links. The output is deterministic (no timestamps, fixed chart ids).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from scorecard import resources
from scorecard.report_model import Chart, ReportModel

# Colours: focus, hosts, median; chosen to stay distinct in greyscale print (dashes for the median).
FOCUS_COLOUR = "#c2410c"
HOST_COLOURS = ("#1d4ed8", "#15803d", "#7c3aed")
MEDIAN_COLOUR = "#525252"
BAR_COLOUR = "#94a3b8"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif"
_SAFE_LOCAL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.(?:html|xlsx|docx)$")


def safe_href(href: str | None) -> str | None:
    """Only http(s) URLs and plain local report file names (.html, .xlsx, .docx) may become links."""
    if not href:
        return None
    if href.startswith(("http://", "https://")) or _SAFE_LOCAL.match(href):
        return href
    return None


@lru_cache(maxsize=1)
def _env() -> Any:
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(resources.reports_dir())),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["safe_href"] = safe_href
    env.filters["sortkey"] = _sortkey
    return env


def _asset(name: str) -> str:
    return (resources.reports_dir() / name).read_text(encoding="utf-8")


def _sortkey(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, (int, float)):
        return repr(float(value))
    return str(value)


def _style(font_scale: float = 1.0) -> Any:
    from pygal.style import Style

    return Style(
        background="white", plot_background="white", foreground="#1f2937", foreground_strong="#111827",
        foreground_subtle="#d1d5db", opacity="0.08", opacity_hover="0.2", transition="none",
        colors=(FOCUS_COLOUR,) + HOST_COLOURS + (MEDIAN_COLOUR,), font_family=FONT,
        label_font_size=int(13 * font_scale), major_label_font_size=int(13 * font_scale),
        legend_font_size=int(14 * font_scale), title_font_size=int(15 * font_scale),
        value_font_size=int(12 * font_scale), tooltip_font_size=int(12 * font_scale),
        value_label_font_size=int(12 * font_scale), no_data_font_size=int(16 * font_scale),
    )


def _finish(chart: Any, chart_id: str, css: str = "") -> str:
    chart.uuid = chart_id  # pygal picks a random uuid per chart: fixed ids keep output deterministic
    svg = chart.render(is_unicode=True)
    svg = re.sub(r"<title>.*?</title>", "", svg, count=1, flags=re.S)  # title is in the figcaption
    svg = re.sub(r"<script\b.*?</script>", "", svg, flags=re.S)  # pygal's tooltip config: not needed
    if css:
        svg = svg.replace("</style>", css + "</style>", 1)
    return svg


def radar_svg(chart: Chart, lang: str) -> str:
    """Radar of dimension scores: focus (thick), hosts, peer median (dashed)."""
    import pygal

    from scorecard import i18n

    colours = []
    hosts = iter(HOST_COLOURS)
    for s in chart.series:
        colours.append(FOCUS_COLOUR if s.role == "focus" else MEDIAN_COLOUR if s.role == "median" else next(hosts))
    style = _style()
    style.colors = tuple(colours)
    lo, hi = chart.range
    radar = pygal.Radar(style=style, width=760, height=560, js=[], disable_xml_declaration=True,
                        legend_at_bottom=True, legend_at_bottom_columns=2, fill=False, dots_size=4,
                        range=(lo, hi), show_legend=True, explicit_size=False, margin=20,
                        value_formatter=lambda v: i18n.number(v, lang, 1), truncate_label=-1,
                        no_data_text=i18n.t("report.chart.no-data", lang),
                        truncate_legend=-1, y_labels=[lo + (hi - lo) * k / 4 for k in range(5)], inner_radius=0)
    radar.x_labels = list(chart.labels)
    css = []
    for i, s in enumerate(chart.series):
        radar.add(s.name, [None if v is None else v for v in s.values])
        width = 5 if s.role == "focus" else 3
        dash = "10,6" if s.role == "median" else "none"
        css.append(f"#chart-{chart.id} .serie-{i} .line{{stroke-width:{width}px;stroke-dasharray:{dash}}}")
    return _finish(radar, chart.id, "".join(css))


def bar_svg(chart: Chart, lang: str) -> str:
    """Overall score of every peer region, best first, the focus region highlighted."""
    import pygal

    from scorecard import i18n

    lo, hi = chart.range
    values = chart.series[0].values
    n = len(values)
    style = _style()
    style.colors = (BAR_COLOUR,)
    style.opacity = "0.9"
    style.opacity_hover = "1"
    fmt = (lambda v: i18n.number(v, lang, 1))
    data = []
    for i, v in enumerate(values):
        item: dict[str, Any] = {"value": v, "label": chart.labels[i]}
        if i == chart.highlight:
            item["color"] = FOCUS_COLOUR
        data.append(item)
    if n <= 40:
        bar = pygal.HorizontalBar(style=style, width=760, height=max(220, 26 * n + 70), js=[],
                                  disable_xml_declaration=True, show_legend=False, range=(lo, hi), explicit_size=False,
                                  print_values=True, value_formatter=fmt, truncate_label=-1, margin=12,
                                  print_values_position="top", no_data_text=i18n.t("report.chart.no-data", lang))
        bar.x_labels = list(reversed(chart.labels))
        bar.add(chart.series[0].name, list(reversed(data)))
        # value labels just right of each bar end instead of centred on it
        css = f"#chart-{chart.id} .text-overlay .value{{text-anchor:start;transform:translate(5px,0)}}"
    else:  # hundreds of regions: a sorted profile with the focus bar coloured, no per-bar labels
        bar = pygal.Bar(style=style, width=760, height=360, js=[], disable_xml_declaration=True, show_legend=False,
                        range=(lo, hi), explicit_size=False, show_x_labels=False, spacing=0, margin=12,
                        value_formatter=fmt, no_data_text=i18n.t("report.chart.no-data", lang))
        bar.add(chart.series[0].name, data)
        css = ""
    return _finish(bar, chart.id, css)


def render_html(model: ReportModel, index_href: str | None = None) -> str:
    """The whole report page as a string (``index_href``: link back to a batch index page)."""
    charts = {c.id: (radar_svg(c, model.lang) if c.kind == "radar" else bar_svg(c, model.lang)) for c in model.charts}
    from markupsafe import Markup

    template = _env().get_template("report.html.j2")
    return template.render(m=model, css=Markup(_asset("report.css")), js=Markup(_asset("report.js")),
                           charts={k: Markup(v) for k, v in charts.items()}, index_href=safe_href(index_href))


def render_index(index: dict[str, Any]) -> str:
    """The index page of a batch run, linking every region's report."""
    from markupsafe import Markup

    template = _env().get_template("index.html.j2")
    return template.render(i=index, css=Markup(_asset("report.css")), js=Markup(_asset("report.js")))


def write_html(model: ReportModel, path: Any, index_href: str | None = None) -> Any:
    from scorecard.io.output import atomic_write_text

    return atomic_write_text(path, render_html(model, index_href))
