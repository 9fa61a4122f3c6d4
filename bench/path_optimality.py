"""Heuristic path cost over the exact optimum (scipy.optimize.milp) on random small instances.

Each instance: 3–6 missing skills, 8–22 resources teaching 1–3 skills (a quarter are practice),
a third with a prerequisite, random hours / prices / currencies, and sometimes a tight budget or
horizon. The heuristic is the planner's greedy + clean-up + local search alone (no exact
fallback). ratio = heuristic cost / exact cost on the instances where both close the same
weighted gap (cost = hours + 1e-6 × EUR); `coverage_misses` counts instances where the heuristic
closed less gap than the optimum. The planner used in production also solves instances of
≤ 40 candidate resources exactly, so its own ratio there is 1.

Last stdout line: one JSON object.
"""

import json
import math
import os
import statistics
import sys
import time

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from advisor.engine.catalogue import build_catalogue  # noqa: E402
from advisor.engine.exact import solve_exact  # noqa: E402
from advisor.engine.gap import Requirement, compute_gap  # noqa: E402
from advisor.engine.planner import (  # noqa: E402
    Constraints,
    build_instance,
    order_steps,
    path_cost,
    solve_heuristic,
    unmet_gap,
)


def random_instance(rng: np.random.Generator):
    k = int(rng.integers(3, 7))
    extra = int(rng.integers(0, 3))  # prerequisite-only skills
    skills = list(range(1, k + extra + 1))
    n = int(rng.integers(8, 23))
    resources, links = [], []
    for r in range(1, n + 1):
        practice = rng.random() < 0.25
        resources.append(
            {
                "id": r,
                "hours": float(rng.integers(2, 41)),
                "price": 0.0 if rng.random() < 0.4 else float(rng.integers(10, 300)),
                "currency": str(rng.choice(["EUR", "USD", "GBP"])),
                "language": "en",
                "format": "online",
                "kind": "project" if practice else "course",
            }
        )
        taught = rng.choice(skills, size=int(rng.integers(1, 4)), replace=False)
        for s in taught:
            level = int(rng.integers(1, 6))
            links.append(
                {"resource_id": r, "skill_id": int(s), "level_taught": level, "level_required": 0}
            )
        others = [x for x in skills if x not in taught]
        if others and rng.random() < 0.33:
            s = int(rng.choice(others))
            links.append(
                {
                    "resource_id": r,
                    "skill_id": s,
                    "level_taught": 0,
                    "level_required": int(rng.integers(1, 4)),
                }
            )
    requirements = [
        Requirement(s, int(rng.integers(1, 6)), float(rng.choice([0.5, 1.0]))) for s in skills[:k]
    ]
    current = {s: int(rng.integers(0, 2)) for s in skills}
    budget = math.inf if rng.random() < 0.5 else float(rng.integers(50, 600))
    weekly, horizon = (5.0, int(rng.integers(4, 30))) if rng.random() < 0.5 else (10.0, 52)
    cat = build_catalogue(pd.DataFrame(resources), pd.DataFrame(links), "bench")
    gap = compute_gap(requirements, current)
    constraints = Constraints(budget_eur=budget, weekly_hours=weekly, horizon_weeks=horizon)
    inst, _reasons, _cheapest = build_instance(cat, gap, current, constraints)
    return inst


def main(count: int = 300, seed: int = 7) -> dict:
    rng = np.random.default_rng(seed)
    ratios, heuristic_ms, exact_ms = [], [], []
    misses = skipped = 0
    while len(ratios) + misses < count:
        inst = random_instance(rng)
        if inst.n == 0:
            skipped += 1
            continue
        t = time.perf_counter()
        heuristic = solve_heuristic(inst)
        heuristic_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        exact = solve_exact(inst)
        exact_ms.append((time.perf_counter() - t) * 1000)
        assert order_steps(inst, heuristic) is not None
        h_unmet, e_unmet = unmet_gap(inst, heuristic), unmet_gap(inst, exact)
        if h_unmet > e_unmet + 1e-9:
            misses += 1
            continue
        h_cost, e_cost = path_cost(inst, heuristic), path_cost(inst, exact)
        ratios.append(1.0 if e_cost <= 1e-12 else h_cost / e_cost)
    ratios_arr = np.array(ratios)
    return {
        "instances": len(ratios) + misses,
        "compared": len(ratios),
        "coverage_misses": misses,
        "ratio_median": round(float(np.median(ratios_arr)), 4),
        "ratio_p95": round(float(np.percentile(ratios_arr, 95)), 4),
        "ratio_max": round(float(ratios_arr.max()), 4),
        "share_optimal": round(float((ratios_arr <= 1 + 1e-9).mean()), 4),
        "heuristic_ms_median": round(statistics.median(heuristic_ms), 3),
        "exact_ms_median": round(statistics.median(exact_ms), 3),
    }


if __name__ == "__main__":
    print(json.dumps(main()))
