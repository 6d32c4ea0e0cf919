"""The HTML report: one self-contained file (inline CSS, charts as inline SVG, no external URL).

Article text reaches the page only through Jinja2 with autoescaping on; the charts, which
matplotlib writes as SVG, are the only markup inserted as is.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from detente.actors.registry import Registry
from detente.analysis.common import Db
from detente.report.charts import human_number
from detente.report.data import ReportOptions, report_data

QUAD_LABELS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


def _share(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.0f} %"


def environment() -> Environment:
    """The Jinja2 environment of the report templates (autoescape on: they are .html files)."""
    env = Environment(
        loader=PackageLoader("detente.report", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = human_number
    env.filters["share"] = _share
    env.filters["svg"] = Markup  # charts are matplotlib's own SVG, never article text
    env.globals["quad_labels"] = QUAD_LABELS
    return env


def render_report(data: dict[str, Any], db_label: str = "") -> str:
    """The report page for ``report_data``'s result."""
    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return environment().get_template("report.html").render(data=data, db_label=db_label, generated=generated)


def write_report(
    db: Db,
    out: str | Path,
    options: ReportOptions | None = None,
    *,
    registry: Registry | None = None,
    db_label: str = "",
) -> Path:
    """Gather the analyses of ``db`` and write the report to ``out``; return the path."""
    out = Path(out)
    out.write_text(render_report(report_data(db, options, registry), db_label), encoding="utf-8")
    return out
