"""When each step of a plan happens and when the plan makes the person ready (the plan page).

Computed on the steps as loaded, from the path's start date and its weeks; hackathons and
competitions are held on their own dates.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .engine.catalogue import CURRENCY_TO_EUR
from .models import LearningPath, PathStep


def step_dates(
    start: datetime.date | None, week_start: int, week_end: int
) -> tuple[datetime.date | None, datetime.date | None]:
    """First and last day of a step from the path's start date and its weeks (1-based)."""
    if start is None or week_start < 1:
        return None, None
    first = start + datetime.timedelta(weeks=week_start - 1)
    last = start + datetime.timedelta(weeks=week_end) - datetime.timedelta(days=1)
    return first, last


EVENT_KINDS = ("hackathon", "competition")


@dataclass
class ReadyBy:
    """When the plan makes the person ready, from one source: the path's weeks to ready.

    `weeks` and `date` are None when skills stay open: the plan does not make them ready, and
    `open_count` says how many skills stay open instead."""

    weeks: int | None
    date: datetime.date | None
    open_count: int


def ready_by(path: LearningPath, steps: list[PathStep]) -> ReadyBy:
    """From the path's weeks to ready, pushed back to the last week of a step held on its
    event dates (`steps` as `steps_dated` left them)."""
    open_count = len(path.open_skills or [])
    if open_count or path.weeks_to_ready is None:
        return ReadyBy(None, None, open_count)
    weeks = max([path.weeks_to_ready] + [s.week_end for s in steps if not s.carried_over])
    date = None
    if path.start_date and weeks:
        date = path.start_date + datetime.timedelta(weeks=weeks) - datetime.timedelta(days=1)
    return ReadyBy(weeks, date, 0)


def steps_dated(
    path: LearningPath, steps: list[PathStep], *, today: datetime.date
) -> list[PathStep]:
    """Sets on each step its first and last day, and for hackathons and competitions the
    event's own dates: `event` is "dated" (held on its dates, inside the plan's weeks),
    "early" (held before the steps it builds on end), "over" (already held) or "undated"
    (no date known). A priced step in another currency gets `converted_from` (the currency
    and the rate of the planner's table), since plans add prices up in EUR."""
    for step in steps:
        step.first_day, step.last_day = step_dates(path.start_date, step.week_start, step.week_end)
        step.event = None
        resource = step.resource
        if not step.carried_over and resource.kind in EVENT_KINDS:
            if resource.starts_on is None:
                step.event = "undated"
            else:
                planned = step.first_day
                step.first_day = resource.starts_on
                step.last_day = resource.ends_on or resource.starts_on
                if step.last_day < today:
                    step.event = "over"
                elif planned and resource.starts_on < planned:
                    step.event = "early"
                else:
                    step.event = "dated"
                if path.start_date and step.first_day >= path.start_date:
                    # The timeline draws the event in its own weeks (this page only).
                    step.week_start = (step.first_day - path.start_date).days // 7 + 1
                    step.week_end = (step.last_day - path.start_date).days // 7 + 1
        currency = (resource.currency or "EUR").upper()
        step.converted_from = None
        if step.price and currency != "EUR":
            step.converted_from = {"currency": currency, "rate": CURRENCY_TO_EUR.get(currency)}
    return steps
