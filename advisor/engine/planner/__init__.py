"""Path planning and scheduling (docs/design.md, engine §3–4).

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
    OBJECTIVES,
    OVER_BUDGET,
    OVER_HORIZON,
    PREREQUISITE,
    Constraints,
    Instance,
)
from .schedule import PlannedStep, schedule, week_spans

# Hours × horizon lifted when asking whether time is what keeps a skill open: ten years.
MAX_HORIZON_WEEKS = 520
# Open skills whose next move is worked out (heaviest first): each costs a small re-plan.
MOVES_EXPLAINED = 3

__all__ = [
    "LANGUAGE_FORMAT",
    "NO_PRACTICE",
    "NO_RESOURCE",
    "OBJECTIVES",
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
    "week_spans",
]


@dataclass
class OpenSkill:
    skill_id: int
    current: int
    reached: int
    required: int
    reason: str | None  # None only until the joint re-plan has explained it
    # What would close it, as data the pages render: {"kind": "budget" | "weekly_hours" |
    # "language_format", "resource_id": the resource that would then close it, and "amount"
    # (EUR in all, hours a week) or "language" and "format"}; None when nothing would.
    next_move: dict | None = None


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


def _lifts(constraints: Constraints) -> list[tuple[str, Constraints]]:
    """Each constraint that can keep a skill open, with `constraints` that no longer have it:
    languages and formats, then budget, then hours × horizon (the order reasons are named in)."""
    return [
        (LANGUAGE_FORMAT, replace(constraints, languages=None, formats=None)),
        (OVER_BUDGET, replace(constraints, budget_eur=math.inf)),
        (OVER_HORIZON, replace(constraints, horizon_weeks=MAX_HORIZON_WEEKS)),
    ]


def _closing(
    catalogue: Catalogue, missing: SkillGap, current: Mapping[int, int], constraints: Constraints
) -> tuple[int, float, float] | None:
    """A plan for this one skill alone within `constraints`, from the levels in `current`:
    (the resource that reaches the level, its plan's hours, its plan's price in EUR), or None
    when no plan within them closes it."""
    alone = GapResult(items=[missing], readiness=0.0, missing=[missing])
    inst, _reasons, _cheapest = build_instance(catalogue, alone, current, constraints)
    if not inst.n:
        return None
    chosen, _method = solve(inst, exact_max=0)
    position = _positions(inst)[missing.skill_id]
    if levels_after(inst, chosen)[position] < missing.required:
        return None
    reaching = [i for i in chosen if inst.P[i, position] >= missing.required]
    main = max(reaching, key=lambda i: inst.hours[i])
    hours = float(inst.hours[chosen].sum())
    price = float(inst.price[chosen].sum())
    return int(inst.resource_ids[main]), hours, price


def _why_open(
    catalogue: Catalogue,
    missing: SkillGap,
    after: Mapping[int, int],
    constraints: Constraints,
    spent: tuple[float, float],
    known: str | None = None,
) -> tuple[str, dict | None]:
    """Why a skill that resources could close stays open, and the concrete move that would close
    it: the first constraint whose lifting lets a plan for this skill alone — on top of the
    path (`after`, its levels; `spent`, its hours and EUR) — close it: languages and formats,
    then budget, then hours × horizon. PREREQUISITE when none does: nothing in the catalogue
    teaches what its resources need first. A few small re-plans, for open skills only."""
    hours_spent, price_spent = spent
    left = replace(
        constraints,
        budget_eur=max(0.0, constraints.budget_eur - price_spent),
        horizon_weeks=constraints.horizon_weeks,
    )
    lifts = _lifts(left)
    if known is not None:
        # The single-resource check already named the constraint: only its lift is tried.
        lifts = [lift for lift in lifts if lift[0] == known]
    for reason, lifted in lifts:
        found = _closing(catalogue, missing, after, lifted)
        if found is None:
            continue
        resource_id, hours, price = found
        move: dict = {"resource_id": resource_id}
        if reason == OVER_BUDGET:
            move |= {"kind": "budget", "amount": math.ceil(price_spent + price)}
        elif reason == OVER_HORIZON:
            weekly = (hours_spent + hours) / max(constraints.horizon_weeks, 1)
            move |= {"kind": "weekly_hours", "amount": math.ceil(weekly)}
        else:
            row = catalogue.row_of[resource_id]
            move |= {
                "kind": "language_format",
                "language": catalogue.language_codes[catalogue.language[row]],
                "format": catalogue.format_codes[catalogue.format[row]],
            }
        return reason, move
    return PREREQUISITE, None


def _why_open_together(
    catalogue: Catalogue,
    skills: list[OpenSkill],
    after: Mapping[int, int],
    constraints: Constraints,
    price_spent: float,
) -> list[tuple[OpenSkill, str]]:
    """The reason for the open skills past MOVES_EXPLAINED, with one re-plan per lifted
    constraint for all of them together (no next move: the amounts would mix skills)."""
    left = replace(constraints, budget_eur=max(0.0, constraints.budget_eur - price_spent))
    lifts = _lifts(left)
    pending = list(skills)
    found: list[tuple[OpenSkill, str]] = []
    for reason, lifted in lifts:
        if not pending:
            break
        missing = [
            SkillGap(o.skill_id, int(after.get(o.skill_id, o.current)), o.required, 1.0)
            for o in pending
        ]
        together = GapResult(items=missing, readiness=0.0, missing=missing)
        inst, _reasons, _cheapest = build_instance(catalogue, together, after, lifted)
        if not inst.n:
            continue
        chosen, _method = solve(inst, exact_max=0)
        reached = levels_after(inst, chosen)
        position = _positions(inst)
        closed = {o.skill_id for o in pending if reached[position[o.skill_id]] >= o.required}
        found += [(o, reason) for o in pending if o.skill_id in closed]
        pending = [o for o in pending if o.skill_id not in closed]
    return found + [(o, PREREQUISITE) for o in pending]


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
    explained = 0
    for g in gap.missing:
        pos = position[g.skill_id]
        if reached[pos] >= g.required:
            continue
        reason = reasons.get(g.skill_id)
        move = None
        liftable = reason is None or reason in (LANGUAGE_FORMAT, OVER_BUDGET, OVER_HORIZON)
        if liftable and explained < MOVES_EXPLAINED:
            # Some resource could close it: say which constraint stops it and what would do.
            # Heaviest open skills first (gap.missing is ranked), a few re-plans at most.
            explained += 1
            levels = dict(zip(inst.skill_ids.tolist(), reached.tolist(), strict=True))
            after = {**current, **levels}
            spent = (total_hours, total_cost)
            found, move = _why_open(catalogue, g, after, constraints, spent, known=reason)
            # Where one lifted constraint is not enough, the single-resource check stands.
            reason = found if move is not None or reason is None else reason
        elif reason is None:
            # Past the explained few: the cheap check first, as the totals ran out on the way.
            price, hours = cheapest.get(g.skill_id, (0.0, 0.0))
            if price > constraints.budget_eur - total_cost + EPS:
                reason = OVER_BUDGET
            elif hours > constraints.capacity_hours - total_hours + EPS:
                reason = OVER_HORIZON
        open_skills.append(
            OpenSkill(g.skill_id, g.current, int(reached[pos]), g.required, reason, move)
        )
    unexplained = [o for o in open_skills if o.reason is None]
    if unexplained:
        levels = dict(zip(inst.skill_ids.tolist(), reached.tolist(), strict=True))
        for o, reason in _why_open_together(
            catalogue, unexplained, {**current, **levels}, constraints, total_cost
        ):
            o.reason = reason
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
