"""Tiny server-rendered SVG charts for the caseload analytics: no JavaScript, readable without
colour (values are printed). The client's gap radar is advisor's (advisor.charts.radar).

Every chart is an <svg role="img"> with a <title> and the data repeated as text, so screen
readers and printouts get the numbers too.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ACCENT = "#1d5fa8"
MUTED = "#4a5561"


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def bar_chart(
    labels: list[str], values: list[float], *, title: str, unit: str = "", width: int = 560
) -> SafeString:
    """Vertical bars, one per label, value printed above each bar."""
    height, top, bottom, left = 220, 24, 44, 8
    n = max(1, len(values))
    slot = (width - left * 2) / n
    peak = max([v for v in values if v is not None] or [0]) or 1
    body = [
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - left}" y2="{height - bottom}" '
        f'stroke="{MUTED}"/>'
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        value = value or 0
        h = (height - top - bottom) * value / peak
        x = left + i * slot + slot * 0.15
        y = height - bottom - h
        w = slot * 0.7
        cx = x + w / 2
        shown = f"{value:g}{unit}"
        body.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{ACCENT}">'
            f"<title>{escape(label)}: {escape(shown)}</title></rect>"
            f'<text x="{cx:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-size="12">'
            f"{escape(shown)}</text>"
            f'<text x="{cx:.1f}" y="{height - bottom + 16:.1f}" text-anchor="middle" '
            f'font-size="11" fill="{MUTED}">{escape(label)}</text>'
        )
    return _svg(width, height, title, body)


def hbar_chart(
    labels: list[str], values: list[float], *, title: str, unit: str = "", width: int = 560
) -> SafeString:
    """Horizontal bars for long labels (skill names), value printed after each bar."""
    row, label_w, pad = 24, 220, 8
    height = max(row, row * len(values)) + pad * 2
    peak = max(values or [0]) or 1
    span = width - label_w - 60
    body = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = pad + i * row
        w = span * value / peak
        short = label if len(label) <= 34 else label[:33] + "…"
        body.append(
            f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end" font-size="12">'
            f"{escape(short)}</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" fill="{ACCENT}">'
            f"<title>{escape(label)}: {value:g}{escape(unit)}</title></rect>"
            f'<text x="{label_w + w + 4:.1f}" y="{y + 16}" font-size="12">'
            f"{value:g}{escape(unit)}</text>"
        )
    return _svg(width, height, title, body)


def line_chart(
    labels: list[str], values: list[float], *, title: str, unit: str = "", width: int = 560
) -> SafeString:
    """A polyline over time with a dot and value per point."""
    height, top, bottom, left = 220, 24, 44, 16
    n = len(values)
    peak = max(values or [0]) or 1
    step = (width - left * 2) / max(1, n - 1)
    points = []
    body = [
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - left}" y2="{height - bottom}" '
        f'stroke="{MUTED}"/>'
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = left + i * step
        y = height - bottom - (height - top - bottom) * value / peak
        points.append(f"{x:.1f},{y:.1f}")
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{ACCENT}">'
            f"<title>{escape(label)}: {value:g}{escape(unit)}</title></circle>"
        )
        if n <= 13 or i % max(1, n // 12) == 0:
            body.append(
                f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                f'font-size="10" fill="{MUTED}">{escape(label)}</text>'
                f'<text x="{x:.1f}" y="{y - 6:.1f}" text-anchor="middle" font-size="11">'
                f"{value:g}</text>"
            )
    if points:
        body.insert(
            1,
            f'<polyline points="{" ".join(points)}" fill="none" stroke="{ACCENT}" '
            f'stroke-width="2"/>',
        )
    return _svg(width, height, title, body)
