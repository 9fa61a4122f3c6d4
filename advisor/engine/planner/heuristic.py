"""Moves 2–3: the greedy (lowest cost per unit of weighted gap closed, one resource or
unlocking bundle at a time), pruning and bounded local search; small instances are also solved
exactly (../exact.py) and the better answer kept. Also the order of the chosen steps."""

from __future__ import annotations

import heapq
import math

import numpy as np

from .instance import (
    BUNDLES_PER_ROUND,
    EPS,
    EXACT_MAX_RESOURCES,
    EXACT_TIME_LIMIT,
    LOCAL_SEARCH_WORK,
    Instance,
)


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
        from ..exact import solve_exact

        exact = solve_exact(inst, time_limit=EXACT_TIME_LIMIT)
        if exact is not None and _key(inst, exact) < _key(inst, chosen):
            return exact, "exact"
    return chosen, "greedy"
