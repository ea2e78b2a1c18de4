"""Server-rendered SVG charts. Each is an image with a title and description; the same numbers are always in the
GOV.UK table next to it, and a text summary says what the chart shows. No script, no style attributes (CSP)."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BLUE = "#1d70b8"  # GOV.UK blue: 5.2:1 against white
TEXT = "#0b0c0c"
GRID = "#b1b4b6"


def bar_chart(*, chart_id: str, title: str, description: str, items: list, maximum: float, unit: str) -> SafeString:
    """Horizontal bars, one per (label, value); a value of None is drawn as "not shown"."""
    row_height, label_width, bar_width = 28, 260, 320
    height = row_height * len(items) + 30
    width = label_width + bar_width + 90
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" width="100%" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for tick in (0, 0.5, 1):
        x = label_width + tick * bar_width
        value = tick * maximum
        tick_label = f"{value:,.0f}{unit}" if value >= 10 else f"{value:.1f}{unit}".replace(".0", "")
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 22}" stroke="{GRID}" stroke-width="1"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{height - 6}" font-size="13" fill="{TEXT}" text-anchor="middle">{tick_label}</text>'
        )
    for index, (label, value) in enumerate(items):
        y = index * row_height + 4
        short = label if len(label) <= 34 else label[:33] + "…"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 17}" font-size="14" fill="{TEXT}" text-anchor="end">'
            f"{escape(short)}</text>"
        )
        if value is None:
            parts.append(f'<text x="{label_width + 6}" y="{y + 17}" font-size="14" fill="{TEXT}">[c] not shown</text>')
            continue
        length = 0 if not maximum else max(0.0, min(1.0, value / maximum)) * bar_width
        parts.append(f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{row_height - 8}" fill="{BLUE}"/>')
        shown = f"{value:.0f}{unit}" if unit == "%" or float(value).is_integer() else f"{value:.2f}"
        parts.append(
            f'<text x="{label_width + length + 6:.1f}" y="{y + 17}" font-size="14" fill="{TEXT}">{shown}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label is escaped above


def line_chart(*, chart_id: str, title: str, description: str, items: list, unit: str = "%") -> SafeString:
    """A line over time of (label, value); gaps (None) break the line and are marked "not shown"."""
    width, height, left, bottom, top = 640, 260, 50, 40, 12
    plot_w, plot_h = width - left - 20, height - bottom - top
    count = max(1, len(items) - 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" width="100%" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for tick in (0, 25, 50, 75, 100):
        y = top + plot_h - tick / 100 * plot_h
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 20}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="12" fill="{TEXT}" text-anchor="end">{tick}{unit}</text>'
        )
    points, segments = [], []
    for index, (label, value) in enumerate(items):
        x = left + (index / count if len(items) > 1 else 0.5) * plot_w
        if index == 0 or index == len(items) - 1 or len(items) <= 8:
            parts.append(
                f'<text x="{x:.1f}" y="{height - 12}" font-size="12" fill="{TEXT}" text-anchor="middle">'
                f"{escape(label)}</text>"
            )
        if value is None:
            if points:
                segments.append(points)
            points = []
            continue
        y = top + plot_h - max(0.0, min(100.0, value)) / 100 * plot_h
        points.append((x, y))
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{BLUE}"/>')
    if points:
        segments.append(points)
    for segment in segments:
        if len(segment) > 1:
            coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
            parts.append(f'<polyline points="{coords}" fill="none" stroke="{BLUE}" stroke-width="3"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - labels escaped above
