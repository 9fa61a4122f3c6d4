"""What the counsellor decided, shown on pages of other apps without those apps importing
counselling (the advisor's plan page loads this library in its template)."""

from django import template

from counselling.selectors import path_review

register = template.Library()


@register.inclusion_tag("counselling/_approved_plan.html")
def counsellor_review(path):
    """The counsellor's approval, comment, reasons and re-assessment summary for this path,
    without repeating its steps (the page lists them); nothing when no counsellor acted."""
    return {"plan": path_review(path, with_steps=False), "compact": True}
