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
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from .catalogue import Catalogue
from .gap import GapResult

# Cost = hours + PRICE_TIE_BREAK × price (EUR): hours come first; 1e-6 h per EUR means price only
# decides between paths whose hours are equal (a 10,000 EUR difference weighs 0.01 h).
PRICE_TIE_BREAK = 1e-6
PER_LEVEL = 6  # cheapest candidates kept per (missing skill, level to reach)
PER_PREREQUISITE = 3  # cheapest unlocking resources kept per (prerequisite skill, level)
PREREQUISITE_DEPTH = 2
LOCAL_SEARCH_WORK = 60_000  # bound on (pool size × chosen) before local search is skipped
EXACT_MAX_RESOURCES = 40  # instances this small are also solved exactly by MILP
EPS = 1e-9

# Why a skill stays open, from the most to the least fundamental.
NO_RESOURCE = "no_resource"
NO_PRACTICE = "no_practice"
LANGUAGE_FORMAT = "language_format"
OVER_BUDGET = "over_budget"
OVER_HORIZON = "over_horizon"
PREREQUISITE = "prerequisite"


@dataclass(frozen=True)
class Constraints:
    budget_eur: float = math.inf
    weekly_hours: float = 5.0
    horizon_weeks: int = 26
    languages: frozenset[str] | None = None  # None: any language
    formats: frozenset[str] | None = None  # None: any format
    exclude: frozenset[int] = frozenset()  # resource ids already done
    start_date: date | None = None

    @property
    def capacity_hours(self) -> float:
        return self.weekly_hours * self.horizon_weeks


@dataclass
class Instance:
    """A small dense planning problem shared by the heuristic and the exact solver."""

    resource_ids: np.ndarray  # n
    P: np.ndarray  # n × k level reached (practice rule applied)
    Q: np.ndarray  # n × k level required first
    R: np.ndarray  # k level the role requires (0 for prerequisite-only skills)
    W: np.ndarray  # k weight (0 for prerequisite-only skills)
    L0: np.ndarray  # k current level
    hours: np.ndarray
    price: np.ndarray  # EUR
    practice: np.ndarray
    skill_ids: np.ndarray  # k
    budget: float = math.inf
    capacity: float = math.inf

    @property
    def cost(self) -> np.ndarray:
        return self.hours + PRICE_TIE_BREAK * self.price

    @property
    def n(self) -> int:
        return len(self.resource_ids)


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


# --- the instance -------------------------------------------------------------------------


def _column_slice(matrix, col: int) -> tuple[np.ndarray, np.ndarray]:
    start, end = matrix.indptr[col], matrix.indptr[col + 1]
    return matrix.indices[start:end], matrix.data[start:end]


def build_instance(
    catalogue: Catalogue,
    gap: GapResult,
    current: Mapping[int, int],
    constraints: Constraints,
) -> tuple[Instance, dict[int, str], dict[int, tuple[float, float]]]:
    """The dense instance for one assessment; per missing skill, why no single resource could
    close it (if none can); else the lowest price and hours of one that can."""
    cat = catalogue
    missing = gap.missing
    lang_ok_codes = (
        None
        if constraints.languages is None
        else np.array([c in constraints.languages for c in cat.language_codes] + [False])
    )
    fmt_ok_codes = (
        None
        if constraints.formats is None
        else np.array([c in constraints.formats for c in cat.format_codes] + [False])
    )
    excluded_rows = np.array(
        [cat.row_of[r] for r in constraints.exclude if r in cat.row_of], dtype=np.int64
    )
    capacity = constraints.capacity_hours

    def allowed(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Masks: language/format ok, within budget, within horizon, not already done."""
        lf = np.ones(rows.size, bool)
        if lang_ok_codes is not None:
            lf &= lang_ok_codes[cat.language[rows]]
        if fmt_ok_codes is not None:
            lf &= fmt_ok_codes[cat.format[rows]]
        budget_ok = cat.price_eur[rows] <= constraints.budget_eur + EPS
        horizon_ok = cat.hours[rows] <= capacity + EPS
        not_done = ~np.isin(rows, excluded_rows) if excluded_rows.size else np.ones(rows.size, bool)
        return lf, budget_ok, horizon_ok, not_done

    cost = cat.hours + PRICE_TIE_BREAK * np.where(np.isinf(cat.price_eur), 1e12, cat.price_eur)
    pool: set[int] = set()
    reasons: dict[int, str] = {}
    cheapest: dict[int, tuple[float, float]] = {}
    for g in missing:
        col = cat.column.get(g.skill_id)
        if col is None:
            reasons[g.skill_id] = NO_RESOURCE
            continue
        rows, levels = _column_slice(cat.taught, col)
        useful = levels > g.current
        rows, levels = rows[useful], levels[useful]
        if not (levels >= g.required).any():
            _, raw = _column_slice(cat.taught_raw, col)
            reasons[g.skill_id] = NO_PRACTICE if (raw >= g.required).any() else NO_RESOURCE
        if rows.size == 0:
            continue
        lf, budget_ok, horizon_ok, not_done = allowed(rows)
        ok = lf & budget_ok & horizon_ok & not_done
        if g.skill_id not in reasons:
            top_mask = levels >= g.required
            if not (lf & top_mask).any():
                reasons[g.skill_id] = LANGUAGE_FORMAT
            elif not (lf & budget_ok & top_mask).any():
                reasons[g.skill_id] = OVER_BUDGET
            elif not (lf & budget_ok & horizon_ok & top_mask).any():
                reasons[g.skill_id] = OVER_HORIZON
            else:
                fit = rows[ok & top_mask]
                if fit.size:
                    cheapest[g.skill_id] = (
                        float(cat.price_eur[fit].min()),
                        float(cat.hours[fit].min()),
                    )
        rows, levels = rows[ok], levels[ok]
        for level in range(g.current + 1, g.required + 1):
            reach = rows[levels >= level]
            if reach.size > PER_LEVEL:
                reach = reach[np.argpartition(cost[reach], PER_LEVEL)[:PER_LEVEL]]
            pool.update(reach.tolist())

    # Resources that unlock candidates whose prerequisites the person does not meet yet.
    frontier = set(pool)
    for _ in range(PREREQUISITE_DEPTH):
        needs: dict[int, int] = {}
        for r in frontier:
            start, end = cat.required.indptr[r], cat.required.indptr[r + 1]
            for col, q in zip(
                cat.required.indices[start:end], cat.required.data[start:end], strict=True
            ):
                sid = int(cat.skill_ids[col])
                if q > current.get(sid, 0):
                    needs[int(col)] = max(needs.get(int(col), 0), int(q))
        added: set[int] = set()
        for col, q in needs.items():
            rows, levels = _column_slice(cat.taught, col)
            rows = rows[levels >= q]
            if rows.size == 0:
                continue
            lf, budget_ok, horizon_ok, not_done = allowed(rows)
            rows = rows[lf & budget_ok & horizon_ok & not_done]
            if rows.size > PER_PREREQUISITE:
                rows = rows[np.argpartition(cost[rows], PER_PREREQUISITE)[:PER_PREREQUISITE]]
            added.update(int(r) for r in rows if r not in pool)
        pool |= added
        frontier = added
        if not frontier:
            break

    rows = np.array(sorted(pool), dtype=np.int64)
    # Skills that matter: the missing ones, then any prerequisite skill of a pool resource.
    skill_cols: list[int] = []
    skill_ids: list[int] = []
    R: list[int] = []
    W: list[float] = []
    L0: list[int] = []
    index: dict[int, int] = {}
    for g in missing:
        index[g.skill_id] = len(skill_ids)
        skill_ids.append(g.skill_id)
        skill_cols.append(cat.column.get(g.skill_id, -1))
        R.append(g.required)
        W.append(g.weight)
        L0.append(g.current)
    sub_req = cat.required[rows] if rows.size else None
    if sub_req is not None:
        for col in np.unique(sub_req.indices):
            sid = int(cat.skill_ids[col])
            if sid not in index:
                index[sid] = len(skill_ids)
                skill_ids.append(sid)
                skill_cols.append(int(col))
                R.append(0)
                W.append(0.0)
                L0.append(int(current.get(sid, 0)))
    k = len(skill_ids)
    P = np.zeros((rows.size, k), dtype=np.int8)
    Q = np.zeros((rows.size, k), dtype=np.int8)
    if rows.size and k:
        present = [i for i, c in enumerate(skill_cols) if c >= 0]
        cols = np.array([skill_cols[i] for i in present], dtype=np.int64)
        P[:, present] = cat.taught[:, cols].tocsr()[rows].toarray()
        Q[:, present] = cat.required[rows][:, cols].toarray()
    instance = Instance(
        resource_ids=cat.resource_ids[rows],
        P=P,
        Q=Q,
        R=np.array(R, dtype=np.int8),
        W=np.array(W, dtype=float),
        L0=np.array(L0, dtype=np.int8),
        hours=cat.hours[rows],
        price=cat.price_eur[rows],
        practice=cat.practice[rows],
        skill_ids=np.array(skill_ids, dtype=np.int64),
        budget=constraints.budget_eur,
        capacity=capacity,
    )
    return instance, reasons, cheapest


# --- solving ------------------------------------------------------------------------------


def levels_after(inst: Instance, chosen) -> np.ndarray:
    if len(chosen) == 0:
        return inst.L0.copy()
    return np.maximum(inst.L0, inst.P[list(chosen)].max(0))


def unmet_gap(inst: Instance, chosen) -> float:
    """Weighted gap left open: Σ weight × (required − level reached)."""
    reached = levels_after(inst, chosen)
    return float((inst.W * (inst.R - np.minimum(inst.R, reached))).sum())


def path_cost(inst: Instance, chosen) -> float:
    return float(inst.cost[list(chosen)].sum()) if len(chosen) else 0.0


def _key(inst: Instance, chosen) -> tuple[float, float]:
    return (round(unmet_gap(inst, chosen), 9), path_cost(inst, chosen))


def order_steps(inst: Instance, chosen) -> list[int] | None:
    """Prerequisites first; among ready resources, courses before practice, lower levels first.
    None when the chosen set cannot be ordered (a prerequisite nobody provides)."""
    L = inst.L0.copy()
    left = list(chosen)
    ordered: list[int] = []
    while left:
        ready = [i for i in left if (inst.Q[i] <= L).all()]
        if not ready:
            return None
        nxt = min(
            ready,
            key=lambda i: (bool(inst.practice[i]), int(inst.P[i].max(initial=0)), inst.cost[i], i),
        )
        ordered.append(nxt)
        left.remove(nxt)
        L = np.maximum(L, inst.P[nxt])
    return ordered


def greedy(inst: Instance, forbidden=(), start=()) -> list[int]:
    """Lowest cost per unit of weighted gap closed, one resource or unlocking bundle at a time."""
    n = inst.n
    cost = inst.cost
    avail = np.ones(n, bool)
    for f in forbidden:
        avail[f] = False
    L = inst.L0.copy()
    budget = inst.budget
    hours_left = inst.capacity
    chosen: list[int] = []

    def take(j: int) -> None:
        nonlocal L, budget, hours_left
        chosen.append(j)
        avail[j] = False
        L = np.maximum(L, inst.P[j])
        budget -= inst.price[j]
        hours_left -= inst.hours[j]

    for j in start:
        take(j)
    R, W = inst.R, inst.W
    while True:
        base = np.minimum(R, L)
        gain = ((np.minimum(R, np.maximum(L, inst.P)) - base) * W).sum(1)
        fits = avail & (inst.price <= budget + EPS) & (inst.hours <= hours_left + EPS)
        cand = fits & (gain > EPS)
        if not cand.any():
            break
        ready = (inst.Q <= L).all(1)
        best: list[int] | None = None
        best_ratio = math.inf
        idx = np.flatnonzero(cand & ready)
        if idx.size:
            ratios = cost[idx] / gain[idx]
            a = int(np.argmin(ratios))
            best, best_ratio = [int(idx[a])], float(ratios[a])
        providers_ok = fits & ready
        for i in np.flatnonzero(cand & ~ready):
            bundle: list[int] = []
            feasible = True
            for s in np.flatnonzero(inst.Q[i] > L):
                q = inst.Q[i, s]
                if any(inst.P[b, s] >= q for b in bundle):
                    continue
                prov = np.flatnonzero(providers_ok & (inst.P[:, s] >= q))
                if prov.size == 0:
                    feasible = False
                    break
                bundle.append(int(prov[np.argmin(cost[prov])]))
            if not feasible:
                continue
            bundle = list(dict.fromkeys(bundle)) + [int(i)]
            if (
                inst.price[bundle].sum() > budget + EPS
                or inst.hours[bundle].sum() > hours_left + EPS
            ):
                continue
            g = float(((np.minimum(R, np.maximum(L, inst.P[bundle].max(0))) - base) * W).sum())
            ratio = float(cost[bundle].sum()) / g
            if ratio < best_ratio - EPS:
                best, best_ratio = bundle, ratio
        if best is None:
            break
        for j in best:
            take(j)
    return chosen


def prune(inst: Instance, chosen: list[int]) -> list[int]:
    """Drops resources the rest of the path makes redundant, most expensive first."""
    target = unmet_gap(inst, chosen)
    for j in sorted(chosen, key=lambda i: -inst.cost[i]):
        trial = [c for c in chosen if c != j]
        if unmet_gap(inst, trial) <= target + EPS and order_steps(inst, trial) is not None:
            chosen = trial
    return chosen


def solve_heuristic(inst: Instance) -> list[int]:
    best = prune(inst, greedy(inst))
    best_key = _key(inst, best)
    if inst.n * max(1, len(best)) > LOCAL_SEARCH_WORK:
        return best
    improved = True
    while improved:
        improved = False
        for j in list(best):
            rest = [c for c in best if c != j]
            for trial in (greedy(inst, forbidden=[j]), greedy(inst, forbidden=[j], start=rest)):
                trial = prune(inst, trial)
                if order_steps(inst, trial) is None:
                    continue  # the kept resources lost the one that unlocked them
                key = _key(inst, trial)
                if key[0] < best_key[0] - EPS or (
                    key[0] <= best_key[0] + EPS and key[1] < best_key[1] - EPS
                ):
                    best, best_key, improved = trial, key, True
            if improved:
                break
    return best


def solve(inst: Instance, exact_max: int = EXACT_MAX_RESOURCES) -> tuple[list[int], str]:
    """Best chosen set (indices into the instance) and the method that found it."""
    chosen = solve_heuristic(inst)
    if 0 < inst.n <= exact_max and unmet_gap(inst, chosen) + path_cost(inst, chosen) > EPS:
        from .exact import solve_exact

        exact = solve_exact(inst)
        if exact is not None and _key(inst, exact) < _key(inst, chosen):
            return exact, "exact"
    return chosen, "greedy"


# --- the plan -----------------------------------------------------------------------------


def schedule(
    inst: Instance, ordered: list[int], weekly_hours: float, start: date | None
) -> list[PlannedStep]:
    """Steps back to back from the start date at the weekly hours; week numbers count from 1."""
    steps: list[PlannedStep] = []
    L = inst.L0.copy()
    elapsed = 0.0
    weekly = max(weekly_hours, EPS)
    for pos, i in enumerate(ordered):
        hours = float(inst.hours[i])
        week_start = int(elapsed // weekly) + 1
        elapsed += hours
        week_end = max(week_start, math.ceil(elapsed / weekly - EPS))
        raised = np.flatnonzero(inst.P[i] > L)
        raises = [(int(inst.skill_ids[s]), int(L[s]), int(inst.P[i, s])) for s in raised]
        new_L = np.maximum(L, inst.P[i])
        unlocks = []
        for later in ordered[pos + 1 :]:
            for s in np.flatnonzero((inst.Q[later] > L) & (inst.Q[later] <= new_L)):
                unlocks.append(
                    (int(inst.resource_ids[later]), int(inst.skill_ids[s]), int(inst.Q[later, s]))
                )
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
                        "targets": [r for r in raises if inst.R[index_of(inst, r[0])] > 0],
                    },
                ),
            )
        )
    return steps


def index_of(inst: Instance, skill_id: int) -> int:
    return int(np.flatnonzero(inst.skill_ids == skill_id)[0])


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
    for g in gap.missing:
        pos = index_of(inst, g.skill_id)
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
                reason = PREREQUISITE
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
