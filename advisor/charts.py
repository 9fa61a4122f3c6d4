"""Geometry for the server-rendered SVG charts; the templates only draw what this returns."""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from skills.levels import MAX_LEVEL

RADAR_SIZE = 320
RADAR_RADIUS = 110
RADAR_MAX_AXES = 12
TIMELINE_ROW = 28
TIMELINE_LABEL = 0
TIMELINE_WIDTH = 640


RADAR_LABEL_CHARS = 16  # per line: with the margin below, the longest line fits the SVG
RADAR_LABEL_LINES = 3
RADAR_LABEL_LINE_HEIGHT = 12
RADAR_MARGIN = 110  # room left and right of the circle for labels anchored there


def wrap_label(label: str, width: int = RADAR_LABEL_CHARS, lines: int = RADAR_LABEL_LINES):
    """The label in at most `lines` lines of about `width` characters, cut at spaces; the
    last line ends with "…" when words were left out (the full label goes in a <title>)."""
    out: list[str] = []
    for word in label.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word if len(word) <= width else word[: width - 1] + "…")
    if len(out) > lines:
        last = out[lines - 1]
        out = out[: lines - 1] + [(last if len(last) < width else last[: width - 1]) + "…"]
    return out


@dataclass
class RadarAxis:
    label: str
    lines: list[str]
    first_dy: float
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str


def _point(index: int, count: int, level: float, radius: float = RADAR_RADIUS):
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = radius * level / MAX_LEVEL
    centre = RADAR_SIZE / 2
    return round(centre + r * math.cos(angle), 1), round(centre + r * math.sin(angle), 1)


def _polygon(levels: list[int]) -> str:
    return " ".join(
        f"{x},{y}" for x, y in (_point(i, len(levels), lv) for i, lv in enumerate(levels))
    )


def radar(rows: Iterable[Any]) -> dict | None:
    """Current versus required level per skill (the heaviest RADAR_MAX_AXES), or None when
    fewer than three skills make a polygon meaningless (the table still shows them).

    Rows have `skill` (its `label` names the axis), `current` and `required`.
    templates/advisor/_radar.html draws it, on the job-seeker's pages and the client file."""
    rows = list(rows)[:RADAR_MAX_AXES]
    if len(rows) < 3:
        return None
    count = len(rows)
    axes = []
    for i, row in enumerate(rows):
        x, y = _point(i, count, MAX_LEVEL)
        lx, ly = _point(i, count, MAX_LEVEL, RADAR_RADIUS + 14)
        anchor = (
            "middle"
            if abs(lx - RADAR_SIZE / 2) < 8
            else ("start" if lx > RADAR_SIZE / 2 else "end")
        )
        name = row.skill.label
        lines = wrap_label(name)
        # Labels above the circle grow upward, so no line runs into the chart.
        above = ly < RADAR_SIZE / 2 - 8
        first_dy = -(len(lines) - 1) * RADAR_LABEL_LINE_HEIGHT if above else 0
        axes.append(RadarAxis(name, lines, first_dy, x, y, lx, ly, anchor))
    rings = [_polygon([level] * count) for level in range(1, MAX_LEVEL + 1)]
    return {
        "size": RADAR_SIZE,
        "margin": RADAR_MARGIN,
        "line_height": RADAR_LABEL_LINE_HEIGHT,
        "centre": RADAR_SIZE / 2,
        "axes": axes,
        "rings": rings,
        "required": _polygon([row.required for row in rows]),
        "current": _polygon([row.current for row in rows]),
    }


def timeline(steps, weeks: int | None) -> dict | None:
    """One bar per step across the weeks of the path."""
    steps = list(steps)
    if not steps:
        return None
    total = max(weeks or 0, max(step.week_end for step in steps))
    unit = TIMELINE_WIDTH / total
    bars = [
        {
            "order": step.order,
            "title": step.resource.title,
            "x": round((step.week_start - 1) * unit, 1),
            "y": i * TIMELINE_ROW + 20,
            "width": round(max(unit * (step.week_end - step.week_start + 1), 4), 1),
            "status": step.status,
        }
        for i, step in enumerate(steps)
    ]
    ticks = [
        {"week": w, "x": round((w - 1) * unit, 1)} for w in range(1, total + 1, max(1, total // 8))
    ]
    return {
        "width": TIMELINE_WIDTH,
        "height": len(steps) * TIMELINE_ROW + 24,
        "bars": bars,
        "ticks": ticks,
        "weeks": total,
    }
