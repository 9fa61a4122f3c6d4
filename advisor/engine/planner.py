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

import heapq
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
PER_LEVEL = 3  # cheapest candidates kept per (missing skill, level to reach)
PER_PREREQUISITE = 2  # cheapest unlocking resources kept per (prerequisite skill, level)
PREREQUISITE_DEPTH = 2
PREFIX = 16  # entries of a column looked at first when only its few cheapest are wanted
BUNDLES_PER_ROUND = 4  # locked resources whose unlocking bundle the greedy prices each round
LOCAL_SEARCH_WORK = 400  # bound on (pool size × chosen) before local search is skipped
EXACT_MAX_RESOURCES = 30  # instances this small are also solved exactly by MILP
EXACT_TIME_LIMIT = 0.2  # seconds; past it the heuristic's answer stands
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
    cost: np.ndarray = field(init=False)

    # Derived once per instance (the solvers read them many times): sparse views of P and Q.
    gains: tuple[np.ndarray, np.ndarray, np.ndarray] = field(init=False, repr=False)
    prerequisites: tuple[np.ndarray, np.ndarray, np.ndarray] = field(init=False, repr=False)
    needs: list[list[tuple[int, int]]] = field(init=False, repr=False)  # per resource (s, q)
    teaches: list[list[tuple[int, int]]] = field(init=False, repr=False)  # weighted skills only

    def __post_init__(self) -> None:
        self.cost = self.hours + PRICE_TIE_BREAK * np.where(np.isinf(self.price), 1e12, self.price)
        # (resource, skill, level) it reaches, for the skills the role weighs.
        rows, cols = np.nonzero(self.P[:, self.W > 0])
        cols = np.flatnonzero(self.W > 0)[cols]
        self.gains = (rows, cols, self.P[rows, cols])
        self.teaches = [[] for _ in range(self.n)]
        for r, s, level in zip(rows.tolist(), cols.tolist(), self.gains[2].tolist(), strict=True):
            self.teaches[r].append((s, level))
        # (resource, skill, level) it requires first, where the person is not there yet.
        rows, cols = np.nonzero(self.Q > self.L0)
        self.prerequisites = (rows, cols, self.Q[rows, cols])
        self.needs = [[] for _ in range(self.n)]
        for r, s, q in zip(rows.tolist(), cols.tolist(), self.Q[rows, cols].tolist(), strict=True):
            self.needs[r].append((s, q))
        self._top_level = self.P.max(1, initial=0).tolist()
        self._practice = self.practice.astype(bool).tolist()
        self._cost = self.cost.tolist()
        self._by_cost = np.argsort(self.cost, kind="stable")
        self._providers: dict[tuple[int, int], np.ndarray] = {}

    def preference_key(self, i: int) -> tuple:
        """Courses before practice, lower levels first, then cheaper (order_steps)."""
        return (self._practice[i], self._top_level[i], self._cost[i], i)

    def providers(self, skill: int, level: int) -> np.ndarray:
        """Resources reaching `level` in `skill`, cheapest first (lowest index among equals)."""
        key = (skill, level)
        found = self._providers.get(key)
        if found is None:
            order = self._by_cost
            found = self._providers[key] = order[self.P[order, skill] >= level]
        return found

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


def _gather(indptr: np.ndarray, slices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the entries of the given compressed slices (columns of a CSC, rows of a
    CSR), slice after slice, and for each entry which of `slices` it came from."""
    starts = indptr[slices]
    return _spans(starts, indptr[slices + 1] - starts)


def _spans(starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions start, start + 1, … (count of them) span after span, and each one's span."""
    group = np.repeat(np.arange(starts.size), counts)
    ends = np.cumsum(counts)
    positions = np.arange(ends[-1] if ends.size else 0) + np.repeat(starts - ends + counts, counts)
    return positions, group


def _in_sorted(values: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    """`np.isin` for a sorted right-hand side, without its set-up cost on tiny arrays."""
    if sorted_values.size == 0:
        return np.zeros(values.shape, bool)
    pos = np.minimum(np.searchsorted(sorted_values, values), sorted_values.size - 1)
    return sorted_values[pos] == values


def _first_per_group(group: np.ndarray, qualifies: np.ndarray, count: int) -> np.ndarray:
    """Indices of the first `count` qualifying entries of each group (groups are contiguous)."""
    idx = np.flatnonzero(qualifies)
    g = group[idx]
    rank = np.arange(idx.size) - np.searchsorted(g, g)
    return idx[rank < count]


def _any_per_group(group: np.ndarray, mask: np.ndarray, groups: int) -> np.ndarray:
    return np.bincount(group[mask], minlength=groups) > 0


def build_instance(
    catalogue: Catalogue,
    gap: GapResult,
    current: Mapping[int, int],
    constraints: Constraints,
) -> tuple[Instance, dict[int, str], dict[int, tuple[float, float]]]:
    """The dense instance for one assessment; per missing skill, why no single resource could
    close it (if none can); else the lowest price and hours of one that can.

    Everything below works on the entries of the missing skills' columns only, with numpy
    over all of them at once: the catalogue keeps each column's resources cheapest first, so
    "the few cheapest that qualify" is "the first few that qualify" of a column."""
    cat = catalogue
    missing = gap.missing
    m = len(missing)
    n_cols = cat.skill_ids.size
    capacity = constraints.capacity_hours
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
        sorted(cat.row_of[r] for r in constraints.exclude if r in cat.row_of), dtype=np.int64
    )

    # Language and format ok, per (language, format) code of the catalogue.
    offer_ok = np.ones(len(cat.language_codes) * len(cat.format_codes), bool)
    if lang_ok_codes is not None:
        offer_ok &= np.repeat(lang_ok_codes[:-1], len(cat.format_codes))
    if fmt_ok_codes is not None:
        offer_ok &= np.tile(fmt_ok_codes[:-1], len(cat.language_codes))

    def allowed(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Masks: language/format ok, within budget, within horizon, not already done."""
        lf = offer_ok[cat.offer[rows]]
        budget_ok = cat.price_eur[rows] <= constraints.budget_eur + EPS
        horizon_ok = cat.hours[rows] <= capacity + EPS
        not_done = (
            ~_in_sorted(rows, excluded_rows) if excluded_rows.size else np.ones(rows.size, bool)
        )
        return lf, budget_ok, horizon_ok, not_done

    def fits(rows: np.ndarray) -> np.ndarray:
        """All of `allowed` at once."""
        ok = offer_ok[cat.offer[rows]]
        ok &= cat.price_eur[rows] <= constraints.budget_eur + EPS
        ok &= cat.hours[rows] <= capacity + EPS
        if excluded_rows.size:
            ok &= ~_in_sorted(rows, excluded_rows)
        return ok

    def column_of(skill_ids: np.ndarray) -> np.ndarray:
        """Catalogue column per skill id, −1 where no resource teaches or requires it."""
        if n_cols == 0:
            return np.full(skill_ids.size, -1, dtype=np.int64)
        pos = np.minimum(np.searchsorted(cat.skill_ids, skill_ids), n_cols - 1)
        return np.where(cat.skill_ids[pos] == skill_ids, pos, -1)

    sid = np.array([g.skill_id for g in missing], dtype=np.int64)
    cur = np.array([g.current for g in missing], dtype=np.int8)
    req = np.array([g.required for g in missing], dtype=np.int8)
    cols = column_of(sid)
    # The person's level per catalogue column (prerequisites are checked against it).
    current_col = np.zeros(n_cols, dtype=np.int8)
    if current and n_cols:
        have = np.fromiter(current.keys(), dtype=np.int64, count=len(current))
        level = np.fromiter(current.values(), dtype=np.int64, count=len(current))
        have_cols = column_of(have)
        current_col[have_cols[have_cols >= 0]] = level[have_cols >= 0]

    # Entries (resource, level reached) of every missing skill's column, cheapest first.
    present = np.flatnonzero(cols >= 0)
    positions, block = _gather(cat.taught.indptr, cols[present])
    group = present[block]  # which missing skill
    rows_e = cat.by_cost_rows[positions]
    levels_e = cat.by_cost_levels[positions]
    useful = levels_e > cur[group]
    rows_e, levels_e, group = rows_e[useful], levels_e[useful], group[useful]
    lf, budget_ok, horizon_ok, not_done = allowed(rows_e)
    ok = lf & budget_ok & horizon_ok & not_done
    top = levels_e >= req[group]
    any_top = _any_per_group(group, top, m)
    top &= lf
    any_lf = _any_per_group(group, top, m)
    top &= budget_ok
    any_budget = _any_per_group(group, top, m)
    top &= horizon_ok
    any_horizon = _any_per_group(group, top, m)
    fit = top & not_done
    any_fit = _any_per_group(group, fit, m)
    price_min = np.full(m, np.inf)
    hours_min = np.full(m, np.inf)
    np.minimum.at(price_min, group[fit], cat.price_eur[rows_e[fit]])
    np.minimum.at(hours_min, group[fit], cat.hours[rows_e[fit]])

    reasons: dict[int, str] = {}
    cheapest: dict[int, tuple[float, float]] = {}
    for i, g in enumerate(missing):
        if cols[i] < 0:
            reasons[g.skill_id] = NO_RESOURCE
            continue
        if not any_top[i]:
            _, raw = _column_slice(cat.taught_raw, cols[i])
            reasons[g.skill_id] = NO_PRACTICE if (raw >= g.required).any() else NO_RESOURCE
            continue
        if g.skill_id in reasons:
            continue
        if not any_lf[i]:
            reasons[g.skill_id] = LANGUAGE_FORMAT
        elif not any_budget[i]:
            reasons[g.skill_id] = OVER_BUDGET
        elif not any_horizon[i]:
            reasons[g.skill_id] = OVER_HORIZON
        elif any_fit[i]:
            cheapest[g.skill_id] = (float(price_min[i]), float(hours_min[i]))

    # Per (missing skill, level still to reach): the PER_LEVEL cheapest resources reaching it.
    chosen_e = [
        _first_per_group(
            group, ok & (levels_e >= lvl) & (cur[group] < lvl) & (req[group] >= lvl), PER_LEVEL
        )
        for lvl in range(1, int(req.max(initial=0)) + 1)
    ]
    pool = np.unique(rows_e[np.concatenate(chosen_e)]) if chosen_e else np.zeros(0, np.int64)

    # Resources that unlock candidates whose prerequisites the person does not meet yet.
    frontier = pool
    for _ in range(PREREQUISITE_DEPTH):
        if frontier.size == 0:
            break
        positions, _ = _gather(cat.required.indptr, frontier)
        need_col = cat.required.indices[positions]
        need_level = cat.required.data[positions]
        unmet = need_level > current_col[need_col]
        if not unmet.any():
            break
        need = np.zeros(n_cols, dtype=np.int8)
        np.maximum.at(need, need_col[unmet], need_level[unmet])
        need_cols = np.unique(need_col[unmet])
        # Columns are cheapest first, so the unlocking resources are nearly always among the
        # first few entries: look there, and at whole columns only where that found too few.
        starts = cat.taught.indptr[need_cols]
        counts = cat.taught.indptr[need_cols + 1] - starts

        def unlockers(starts, counts, levels):
            positions, block = _spans(starts, counts)
            rows_p = cat.by_cost_rows[positions]
            qualifies = fits(rows_p) & (cat.by_cost_levels[positions] >= levels[block])
            first = _first_per_group(block, qualifies, PER_PREREQUISITE)
            return rows_p[first], block[first]

        rows_p, block = unlockers(starts, np.minimum(counts, PREFIX), need[need_cols])
        redo = (np.bincount(block, minlength=need_cols.size) < PER_PREREQUISITE) & (counts > PREFIX)
        picked = [rows_p[~redo[block]]]
        if redo.any():
            picked.append(unlockers(starts[redo], counts[redo], need[need_cols[redo]])[0])
        unlocking = np.unique(np.concatenate(picked))
        frontier = unlocking[~_in_sorted(unlocking, pool)]
        pool = np.union1d(pool, frontier)

    rows = pool.astype(np.int64)
    # Skills that matter: the missing ones, then any prerequisite skill of a pool resource.
    positions, _ = _gather(cat.required.indptr, rows)
    extra_cols = np.unique(cat.required.indices[positions])
    extra_cols = extra_cols[~_in_sorted(cat.skill_ids[extra_cols], np.sort(sid))]
    extra_sid = cat.skill_ids[extra_cols]
    skill_ids = np.concatenate([sid, extra_sid]).astype(np.int64)
    skill_cols = np.concatenate([cols, extra_cols]).astype(np.int64)
    k = skill_ids.size
    R = np.concatenate([req, np.zeros(extra_cols.size, np.int8)]).astype(np.int8)
    W = np.concatenate([[g.weight for g in missing], np.zeros(extra_cols.size)]).astype(float)
    L0 = np.concatenate([cur, current_col[extra_cols]]).astype(np.int8)
    P = np.zeros((rows.size, k), dtype=np.int8)
    Q = np.zeros((rows.size, k), dtype=np.int8)
    if rows.size and k:
        # Instance column per catalogue column (a skill listed twice keeps one column filled
        # per entry, then copied).
        slot = np.full(n_cols, -1, dtype=np.int64)
        inst_cols = np.flatnonzero(skill_cols >= 0)
        slot[skill_cols[inst_cols]] = inst_cols
        for matrix, dense in ((cat.taught_by_row, P), (cat.required, Q)):
            positions, local = _gather(matrix.indptr, rows)
            at = slot[matrix.indices[positions]]
            hit = at >= 0
            dense[local[hit], at[hit]] = matrix.data[positions][hit]
            dup = inst_cols[slot[skill_cols[inst_cols]] != inst_cols]
            if dup.size:
                dense[:, dup] = dense[:, slot[skill_cols[dup]]]
    instance = Instance(
        resource_ids=cat.resource_ids[rows],
        P=P,
        Q=Q,
        R=R,
        W=W,
        L0=L0,
        hours=cat.hours[rows],
        price=cat.price_eur[rows],
        practice=cat.practice[rows],
        skill_ids=skill_ids,
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
    preference = sorted(chosen, key=inst.preference_key)
    if not preference:
        return []
    needs = inst.needs
    # Readiness only ever turns on (levels only rise): a heap of the ready ones, by preference,
    # and a short list of the locked ones, looked at again after each step.
    ready = [p for p, i in enumerate(preference) if not needs[i]]
    locked = [p for p, i in enumerate(preference) if needs[i]]
    L = inst.L0.copy()
    ordered: list[int] = []
    while ready:
        i = preference[heapq.heappop(ready)]  # the preferred one among the ready
        ordered.append(i)
        np.maximum(L, inst.P[i], out=L)
        if locked:
            still = []
            for p in locked:
                if all(q <= L[s] for s, q in needs[preference[p]]):
                    heapq.heappush(ready, p)
                else:
                    still.append(p)
            locked = still
    return ordered if not locked else None


def greedy(inst: Instance, forbidden=(), start=()) -> list[int]:
    """Lowest cost per unit of weighted gap closed, one resource or unlocking bundle at a time."""
    n = inst.n
    cost, price, hours = inst.cost, inst.price, inst.hours
    avail = np.ones(n, bool)
    for f in forbidden:
        avail[f] = False
    L = inst.L0.copy()
    budget = inst.budget
    hours_left = inst.capacity
    chosen: list[int] = []

    def take(j: int) -> None:
        nonlocal budget, hours_left
        chosen.append(j)
        avail[j] = False
        np.maximum(L, inst.P[j], out=L)
        budget -= price[j]
        hours_left -= hours[j]

    for j in start:
        take(j)
    R, W = inst.R, inst.W
    # Sparse views: what each resource teaches of a weighted skill, what it needs first.
    g_rows, g_cols, g_levels = inst.gains
    g_R, g_W = R[g_cols], W[g_cols]
    q_rows, q_cols, q_levels = inst.prerequisites
    needs, teaches = inst.needs, inst.teaches
    price_l, hours_l, cost_l = inst.price.tolist(), inst.hours.tolist(), inst._cost
    R_l, W_l = R.tolist(), W.tolist()
    while True:
        # Gain of every resource; it only falls as levels rise, as budget and hours do, so a
        # resource dropped here never comes back.
        L_g = L[g_cols]
        gain = np.bincount(
            g_rows,
            weights=(np.minimum(g_R, np.maximum(L_g, g_levels)) - np.minimum(g_R, L_g)) * g_W,
            minlength=n,
        )
        fits = avail & (price <= budget + EPS) & (hours <= hours_left + EPS)
        alive = np.flatnonzero(fits & (gain > EPS))
        if alive.size == 0:
            break
        ready = np.ones(n, bool)
        ready[q_rows[q_levels > L[q_cols]]] = False
        gain = gain[alive]
        ready_alive = ready[alive]
        best: list[int] | None = None
        best_ratio = math.inf
        if ready_alive.any():
            idx, g_ready = alive[ready_alive], gain[ready_alive]
            ratios = cost[idx] / g_ready
            a = int(np.argmin(ratios))
            best, best_ratio = [int(idx[a])], float(ratios[a])
        locked, g_locked = alive[~ready_alive], gain[~ready_alive]
        if locked.size > BUNDLES_PER_ROUND:
            top = np.argpartition(cost[locked] / g_locked, BUNDLES_PER_ROUND)[:BUNDLES_PER_ROUND]
            locked = locked[top]
        if locked.size:
            providers_ok = fits & ready
            for i in locked.tolist():
                bundle: list[int] = []
                feasible = True
                for s, q in needs[i]:
                    if q <= L[s] or any(inst.P[b, s] >= q for b in bundle):
                        continue
                    # The cheapest ready provider (lowest index among equals).
                    prov = inst.providers(s, q)
                    prov = prov[providers_ok[prov]]
                    if prov.size == 0:
                        feasible = False
                        break
                    bundle.append(int(prov[0]))
                if not feasible:
                    continue
                bundle = list(dict.fromkeys(bundle)) + [i]
                if (
                    sum(price_l[b] for b in bundle) > budget + EPS
                    or sum(hours_l[b] for b in bundle) > hours_left + EPS
                ):
                    continue
                reached: dict[int, int] = {}
                for b in bundle:
                    for s, level in teaches[b]:
                        if level > reached.get(s, L[s]):
                            reached[s] = level
                g = sum(
                    W_l[s] * (min(R_l[s], level) - min(R_l[s], L[s]))
                    for s, level in reached.items()
                )
                ratio = sum(cost_l[b] for b in bundle) / g
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
    needs = inst.needs
    for j in sorted(chosen, key=lambda i: -inst.cost[i]):
        trial = [c for c in chosen if c != j]
        if unmet_gap(inst, trial) > target + EPS:
            continue
        # Only a resource that met someone's prerequisite can break the order by leaving.
        P_j = inst.P[j]
        needed = any(q <= P_j[s] for c in trial for s, q in needs[c])
        if not needed or order_steps(inst, trial) is not None:
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

        exact = solve_exact(inst, time_limit=EXACT_TIME_LIMIT)
        if exact is not None and _key(inst, exact) < _key(inst, chosen):
            return exact, "exact"
    return chosen, "greedy"


# --- the plan -----------------------------------------------------------------------------


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
    elapsed = 0.0
    weekly = max(weekly_hours, EPS)
    for pos, i in enumerate(ordered):
        hours = float(inst.hours[i])
        week_start = int(elapsed // weekly) + 1
        elapsed += hours
        week_end = max(week_start, math.ceil(elapsed / weekly - EPS))
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
                    },
                ),
            )
        )
    return steps


def index_of(inst: Instance, skill_id: int) -> int:
    return int(np.flatnonzero(inst.skill_ids == skill_id)[0])


def _positions(inst: Instance) -> dict[int, int]:
    """Skill id → its first column in the instance (as `index_of`, for many look-ups)."""
    found: dict[int, int] = {}
    for pos, sid in enumerate(inst.skill_ids.tolist()):
        found.setdefault(sid, pos)
    return found


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
