"""The radar's labels fit the drawing: wrapped at spaces, never cut mid-name without a mark,
and the full name kept for the tooltip."""

from types import SimpleNamespace

from advisor import charts


def _row(label, current=1, required=3):
    return SimpleNamespace(skill=SimpleNamespace(label=label), current=current, required=required)


def test_long_labels_wrap_into_short_lines_and_keep_the_full_label():
    label = "SQL and relational database design"
    radar = charts.radar([_row(label), _row("Python"), _row("Statistics")])
    axis = radar["axes"][0]
    assert axis.label == label
    assert axis.lines == ["SQL and", "relational", "database design"]
    assert all(len(line) <= charts.RADAR_LABEL_CHARS for a in radar["axes"] for line in a.lines)


def test_a_label_too_long_for_three_lines_ends_with_an_ellipsis():
    lines = charts.wrap_label("manage the administrative side of long term care facilities")
    assert len(lines) == charts.RADAR_LABEL_LINES
    assert lines[-1].endswith("…")
    assert all(len(line) <= charts.RADAR_LABEL_CHARS for line in lines)


def test_labels_above_the_centre_grow_upward():
    radar = charts.radar([_row("Clinical documentation and records"), _row("B"), _row("C")])
    top = radar["axes"][0]  # the first axis points straight up
    assert top.first_dy == -(len(top.lines) - 1) * charts.RADAR_LABEL_LINE_HEIGHT < 0


def test_the_radar_template_draws_every_line_and_a_title(rf):
    from django.template.loader import render_to_string

    label = "SQL and relational database design"
    radar = charts.radar([_row(label), _row("Python"), _row("Statistics")])
    svg = render_to_string("advisor/_radar.html", {"radar": radar})
    assert f"<title>{label}</title>" in svg
    assert ">relational</tspan>" in svg and ">database design</tspan>" in svg
