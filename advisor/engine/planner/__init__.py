"""Path planning and scheduling (DESIGN.md, engine §3–4).

The problem: choose resources whose levels reached close the weighted gap, at least cost
(total hours first, then price), such that every chosen resource's required levels are met by
the person's levels or by resources placed before it, within budget and weekly hours × horizon,
in the person's languages and formats. It is weighted set multicover with precedence (NP-hard).

Method, in four moves:
1. Candidates: only resources that raise a missing skill (a CSC column slice per missing skill),
   filtered by language, format, budget and horizon; for every missing skill and every level
   still to reach, the few cheapest resources reaching it; then, twice, the cheapest resources
   that unlock a candidate's prerequisites. This gives a small dense instance.
2. Greedy: repeatedly take the ready resource — or the bundle "resource + the cheapest ready
   resources that unlock it" — with the lowest cost per unit of weighted gap closed.
3. Clean-up and local search: drop resources made redundant, then re-run the greedy with each
   chosen resource forbidden and keep any cheaper result (bounded work).
4. Order: prerequisites first, courses before practice ("train first, then practise"), then
   schedule week by week at the person's weekly hours.

Small instances are also solved exactly (see `exact.py`) and the better answer kept.

The modules: `instance` (the problem), `candidates` (move 1), `heuristic` (moves 2–3 and the
order), `schedule` (move 4); `plan_path` here is the one entry point.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from ..catalogue import Catalogue
from ..gap import GapResult, SkillGap
from .candidates import build_instance
from .heuristic import (
    greedy,
    levels_after,
    order_steps,
    path_cost,
    prune,
    solve,
    solve_heuristic,
    unmet_gap,
)
from .instance import (
    EPS,
    EXACT_MAX_RESOURCES,
    LANGUAGE_FORMAT,
    NO_PRACTICE,
    NO_RESOURCE,
    OVER_BUDGET,
    OVER_HORIZON,
    PREREQUISITE,
    Constraints,
    Instance,
)
from .schedule import PlannedStep, schedule

# Hours × horizon lifted when asking whether time is what keeps a skill open: ten years.
MAX_HORIZON_WEEKS = 520

__all__ = [
    "LANGUAGE_FORMAT",
    "NO_PRACTICE",
    "NO_RESOURCE",
    "OVER_BUDGET",
    "OVER_HORIZON",
    "PREREQUISITE",
    "Constraints",
    "Instance",
    "OpenSkill",
    "Plan",
    "PlannedStep",
    "build_instance",
    "greedy",
    "levels_after",
    "order_steps",
    "path_cost",
    "plan_path",
    "prune",
    "schedule",
    "solve",
    "solve_heuristic",
    "unmet_gap",
]


@dataclass
class OpenSkill:
    skill_id: int
    current: int
    reached: int
    required: int
    reason: str


@dataclass
class Plan:
    steps: list[PlannedStep] = field(default_factory=list)
    open_skills: list[OpenSkill] = field(default_factory=list)
    total_hours: float = 0.0
    total_cost_eur: float = 0.0
    weeks_to_ready: int | None = 0
    levels_after: dict[int, int] = field(default_factory=dict)
    method: str = "greedy"


def _positions(inst: Instance) -> dict[int, int]:
    """Skill id → its first column in the instance."""
    found: dict[int, int] = {}
    for pos, sid in enumerate(inst.skill_ids.tolist()):
        found.setdefault(sid, pos)
    return found


def _prerequisite_reason(
    catalogue: Catalogue, missing: SkillGap, current: Mapping[int, int], constraints: Constraints
) -> str:
    """Why a skill some resource could close stays open because of what that resource needs
    first: the first constraint whose lifting lets a plan for this skill alone close it
    (languages and formats, then budget, then hours × horizon); PREREQUISITE when none does,
    i.e. nothing in the catalogue teaches the prerequisite. A few small re-plans, only for
    the skills that stay open this way."""
    alone = GapResult(items=[missing], readiness=0.0, missing=[missing])
    relaxed = [
        (LANGUAGE_FORMAT, replace(constraints, languages=None, formats=None)),
        (OVER_BUDGET, replace(constraints, budget_eur=math.inf)),
        (OVER_HORIZON, replace(constraints, horizon_weeks=MAX_HORIZON_WEEKS)),
    ]
    for reason, lifted in relaxed:
        inst, _reasons, _cheapest = build_instance(catalogue, alone, current, lifted)
        if not inst.n:
            continue
        chosen, _method = solve(inst, exact_max=0)
        position = _positions(inst)[missing.skill_id]
        if levels_after(inst, chosen)[position] >= missing.required:
            return reason
    return PREREQUISITE


def plan_path(
    catalogue: Catalogue,
    gap: GapResult,
    current: Mapping[int, int],
    constraints: Constraints,
    exact_max: int = EXACT_MAX_RESOURCES,
) -> Plan:
    """The cheapest sound path closing `gap` within `constraints`, scheduled and explained."""
    inst, reasons, cheapest = build_instance(catalogue, gap, current, constraints)
    if inst.n:
        chosen, method = solve(inst, exact_max=exact_max)
    else:
        chosen, method = [], "greedy"
    ordered = order_steps(inst, chosen) or []
    steps = schedule(inst, ordered, constraints.weekly_hours, constraints.start_date)
    reached = levels_after(inst, ordered)
    total_hours = float(inst.hours[ordered].sum()) if ordered else 0.0
    total_cost = float(inst.price[ordered].sum()) if ordered else 0.0
    open_skills = []
    position = _positions(inst)
    for g in gap.missing:
        pos = position[g.skill_id]
        if reached[pos] >= g.required:
            continue
        reason = reasons.get(g.skill_id)
        if reason is None:
            # Some single resource could close it: the totals ran out on the way, or that
            # resource needs a prerequisite nothing within reach teaches.
            price, hours = cheapest.get(g.skill_id, (0.0, 0.0))
            if price > constraints.budget_eur - total_cost + EPS:
                reason = OVER_BUDGET
            elif hours > constraints.capacity_hours - total_hours + EPS:
                reason = OVER_HORIZON
            else:
                reason = _prerequisite_reason(catalogue, g, current, constraints)
        open_skills.append(OpenSkill(g.skill_id, g.current, int(reached[pos]), g.required, reason))
    weeks = steps[-1].week_end if steps else 0
    return Plan(
        steps=steps,
        open_skills=open_skills,
        total_hours=total_hours,
        total_cost_eur=total_cost,
        weeks_to_ready=None if open_skills else weeks,
        levels_after={int(s): int(v) for s, v in zip(inst.skill_ids, reached, strict=True)},
        method=method,
    )
