"""Chart geometry for the inline SVG the templates draw: stacked bars and ranges of reported figures.

The functions compute coordinates and labels only; ``templates/charts.html`` turns a ``Chart`` into
SVG elements, escaping every label, with colours from CSS classes (no inline styles, which the
Content-Security-Policy forbids).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from detente.web.links import document_url

WIDTH, HEIGHT = 760, 280
HALF_WIDTH = 560  # charts drawn side by side
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 56, 12, 12, 40
X_LABEL_WIDTH = 64  # room for one period label under the bars
OTHER = "other"  # the partner groups beyond the top ones
QUAD_LAYERS = (
    ("q1", "verbal cooperation"),
    ("q2", "material cooperation"),
    ("q3", "verbal conflict"),
    ("q4", "material conflict"),
)


@dataclass(slots=True)
class Rect:
    """A bar (or part of a stacked bar) with its tooltip."""

    x: float
    y: float
    width: float
    height: float
    css: str
    title: str


@dataclass(slots=True)
class Dot:
    """A point with its tooltip and the record it links to."""

    x: float
    y: float
    css: str
    title: str
    href: str | None = None


@dataclass(slots=True)
class Tick:
    """An axis label at a position."""

    position: float
    label: str


@dataclass(slots=True)
class Chart:
    """Everything one SVG chart draws, in its own coordinates (0..width, 0..height)."""

    title: str
    width: int = WIDTH
    height: int = HEIGHT
    rects: list[Rect] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)
    segments: list[tuple[float, float, float, float]] = field(default_factory=list)  # x1, y1, x2, y2
    line: str = ""  # polyline points "x,y x,y"
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css class, label)

    @property
    def left(self) -> int:
        return MARGIN_LEFT

    @property
    def right(self) -> int:
        return self.width - MARGIN_RIGHT

    @property
    def top(self) -> int:
        return MARGIN_TOP

    @property
    def bottom(self) -> int:
        return self.height - MARGIN_BOTTOM

    @property
    def empty(self) -> bool:
        return not self.rects and not self.dots


def human(value: float | None) -> str:
    """A figure for people: 87 bn, 1.5 m, 2,300, 0.25."""
    if value is None:
        return ""
    size = abs(value)
    for limit, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
        if size >= limit:
            return f"{value / limit:,.3g} {suffix}"
    return f"{value:,.0f}" if size >= 100 or value == int(value) else f"{value:,.3g}"


def nice_ticks(top: float, count: int = 5, whole: bool = False) -> list[float]:
    """Round tick values from 0 to at least ``top`` (steps of 1, 2 or 5 times a power of ten;
    at least 1 when ``whole``, for counts)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    if whole:
        step = max(step, 1)
    return [i * step for i in range(math.ceil(top / step - 1e-9) + 1)]


def _x_ticks(labels: Sequence[str], centre: Sequence[float], width: int) -> list[Tick]:
    every = max(1, math.ceil(len(labels) / (width // X_LABEL_WIDTH)))
    return [Tick(x, label) for i, (x, label) in enumerate(zip(centre, labels, strict=True)) if i % every == 0]


def _y_axis(chart: Chart, top_value: float, whole: bool = False) -> float:
    """Set the y ticks; return the scale of values: y = bottom - value * scale."""
    ticks = nice_ticks(top_value, whole=whole)
    scale = (chart.bottom - chart.top) / ticks[-1]
    chart.y_ticks = [Tick(chart.bottom - t * scale, human(t)) for t in ticks]
    return scale


def stacked_bars(
    title: str,
    periods: Sequence[str],
    layers: Sequence[tuple[str, str, Sequence[float]]],
    unit: str = "events",
    width: int = WIDTH,
) -> Chart:
    """Bars of counts per period, stacked by layer; ``layers`` are (css class, label, one value per period)."""
    chart = Chart(title=title, width=width, legend=[(css, label) for css, label, _v in layers])
    if not periods:
        return chart
    totals = [sum(values[i] for _c, _l, values in layers) for i in range(len(periods))]
    scale = _y_axis(chart, max(totals) or 1, whole=True)
    slot = (chart.right - chart.left) / len(periods)
    bar = max(slot * 0.8, 1.0)
    centres = []
    for i, period in enumerate(periods):
        x = chart.left + i * slot + (slot - bar) / 2
        centres.append(x + bar / 2)
        y = chart.bottom
        for css, label, values in layers:
            value = values[i]
            if value:
                height = value * scale
                y -= height
                chart.rects.append(Rect(x, y, bar, height, css, f"{period}: {human(value)} {unit}, {label}"))
    chart.x_ticks = _x_ticks(periods, centres, chart.width)
    return chart


def quad_chart(title: str, series: Sequence[dict], width: int = WIDTH) -> Chart:
    """Stacked bars of events per period by QuadClass, from rows with period and q1..q4."""
    periods = [row["period"] for row in series]
    layers = [(css, label, [row[css] for row in series]) for css, label in QUAD_LAYERS]
    return stacked_bars(title, periods, layers, width=width)


def share_chart(title: str, groups: Sequence[str], table: Sequence[dict], width: int = WIDTH) -> Chart:
    """Stacked bars of events per period by partner group (``analytics.partner_table``)."""
    periods = [row["period"] for row in table]
    layers = [
        ("pother" if group == OTHER else f"p{i % 10}", group, [row[group] for row in table])
        for i, group in enumerate(groups)
    ]
    return stacked_bars(title, periods, layers, width=width)


def range_chart(
    title: str, series: Sequence[dict], points: Sequence[dict], unit: str | None, line: bool = True
) -> Chart:
    """Reported figures per period: a dot per report (linking to its document), the range between
    the lowest and the highest, and (with ``line``) a line through the medians."""
    legend = [("report", "a report"), ("median", "median of the reports")]
    chart = Chart(title=title, legend=legend if line else legend[:1])
    periods = [row["period"] for row in series]
    if not periods:
        return chart
    scale = _y_axis(chart, max(row["high"] for row in series) or 1)
    slot = (chart.right - chart.left) / len(periods)
    x_of = {period: chart.left + (i + 0.5) * slot for i, period in enumerate(periods)}
    chart.x_ticks = _x_ticks(periods, [x_of[p] for p in periods], chart.width)
    if line:
        chart.line = " ".join(f"{x_of[r['period']]:.1f},{chart.bottom - r['median'] * scale:.1f}" for r in series)
    chart.segments = [
        (x_of[r["period"]], chart.bottom - r["low"] * scale, x_of[r["period"]], chart.bottom - r["high"] * scale)
        for r in series
        if r["high"] > r["low"]
    ]
    for point in points:
        title_text = f"{point['period']}: {human(point['value'])} {unit or ''} ({point['source'] or point['doc_id']})"
        chart.dots.append(
            Dot(
                x_of[point["period"]],
                chart.bottom - point["value"] * scale,
                "report",
                title_text,
                document_url(point["doc_id"], f"fact-{point['fact_id']}"),
            )
        )
    return chart
