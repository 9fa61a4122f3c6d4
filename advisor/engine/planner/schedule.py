"""Move 4: the chosen steps placed week by week from the start date, each with what it raises
and which later step it unlocks (the stored reason the pages render)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from .instance import EPS, Instance


@dataclass
class PlannedStep:
    resource_id: int
    order: int
    hours: float
    price_eur: float
    is_practice: bool
    week_start: int
    week_end: int
    start_date: date | None
    end_date: date | None
    raises: list[tuple[int, int, int]]  # (skill id, from level, to level)
    unlocks: list[tuple[int, int, int]]  # (later resource id, skill id, level it needs)
    reason: tuple[str, dict]


def week_spans(hours: Iterable[float], weekly_hours: float) -> list[tuple[int, int]]:
    """(first week, last week) of each step done back to back at `weekly_hours`, in order.

    Weeks count from 1; a step starts in the week its first hour falls in and ends in the week
    its last hour does (never before it starts). The one scheduling rule: the planner's paths
    and the counsellor's re-ordered plans both use it.
    """
    spans: list[tuple[int, int]] = []
    elapsed = 0.0
    weekly = max(weekly_hours, EPS)
    for step_hours in hours:
        week_start = int(elapsed // weekly) + 1
        elapsed += step_hours
        spans.append((week_start, max(week_start, math.ceil(elapsed / weekly - EPS))))
    return spans


def schedule(
    inst: Instance, ordered: list[int], weekly_hours: float, start: date | None
) -> list[PlannedStep]:
    """Steps back to back from the start date at the weekly hours; week numbers count from 1."""
    steps: list[PlannedStep] = []
    L = inst.L0.tolist()
    skill_ids = inst.skill_ids.tolist()
    resource_ids = inst.resource_ids.tolist()
    required = inst.R.tolist()
    # Later steps that need something first: only they can be unlocked by a step.
    waiting = [(pos, i) for pos, i in enumerate(ordered) if inst.needs[i]]
    hours_of = [float(inst.hours[i]) for i in ordered]
    spans = week_spans(hours_of, weekly_hours)
    for pos, i in enumerate(ordered):
        hours = hours_of[pos]
        week_start, week_end = spans[pos]
        taught = np.flatnonzero(inst.P[i])
        raised = [
            (s, level)
            for s, level in zip(taught.tolist(), inst.P[i, taught].tolist(), strict=True)
            if level > L[s]
        ]
        raises = [(skill_ids[s], L[s], level) for s, level in raised]
        new_L = list(L)
        for s, level in raised:
            new_L[s] = level
        unlocks = [
            (resource_ids[r], skill_ids[s], q)
            for later, r in waiting
            if later > pos
            for s, q in inst.needs[r]
            if L[s] < q <= new_L[s]
        ]
        targets = [raises[n] for n, (s, _) in enumerate(raised) if required[s] > 0]
        L = new_L
        start_date = start + timedelta(weeks=week_start - 1) if start else None
        end_date = start + timedelta(weeks=week_end, days=-1) if start else None
        steps.append(
            PlannedStep(
                resource_id=int(inst.resource_ids[i]),
                order=pos + 1,
                hours=hours,
                price_eur=float(inst.price[i]),
                is_practice=bool(inst.practice[i]),
                week_start=week_start,
                week_end=week_end,
                start_date=start_date,
                end_date=end_date,
                raises=raises,
                unlocks=unlocks,
                reason=(
                    "step",
                    {
                        "raises": raises,
                        "unlocks": unlocks,
                        "practice": bool(inst.practice[i]),
                        "targets": targets,
                        "fit": inst.fit[i] if inst.fit is not None else [],
                    },
                ),
            )
        )
    return steps
