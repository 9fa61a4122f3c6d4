"""The exact optimum of a planning instance, by integer programming (scipy.optimize.milp).

Used to measure the heuristic (bench/path_optimality.py) and, on small instances, by the
planner itself. Formulation (n resources, k skills):
- x_i ∈ {0,1}: resource i is taken.
- y_{s,l} ∈ {0,1}: level l of missing skill s is reached; y_{s,l} ≤ Σ_{i: P_is ≥ l} x_i.
- For each resource i and prerequisite (s, q) the person does not meet, z_{i,j} ∈ {0,1} picks a
  provider j with P_js ≥ q: Σ_j z_{i,j} ≥ x_i, z_{i,j} ≤ x_j and its position comes first,
  t_i ≥ t_j + 1 − (n + 1)(1 − z_{i,j}) (positions t ∈ [0, n] rule out cycles).
- Σ price·x ≤ budget, Σ hours·x ≤ weekly hours × horizon.
Objective: BIG × Σ weight·(levels not reached) + Σ (hours + 1e-6·price)·x, with BIG above any
path cost, i.e. close as much weighted gap as possible, then at least cost — the heuristic's
own lexicographic order.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

from .planner import Instance


def solve_exact(inst: Instance, time_limit: float = 10.0) -> list[int] | None:
    n, k = inst.P.shape
    cost = inst.cost
    big = float(cost.sum()) + 1.0
    # Variable layout: x (n) | y (levels) | z (providers) | t (n positions)
    levels = [(s, lvl) for s in range(k) for lvl in range(int(inst.L0[s]) + 1, int(inst.R[s]) + 1)]
    prereqs = []  # (i, s, providers)
    for i in range(n):
        for s in np.flatnonzero(inst.Q[i] > inst.L0).tolist():
            providers = [j for j in np.flatnonzero(inst.P[:, s] >= inst.Q[i, s]).tolist() if j != i]
            prereqs.append((i, int(s), providers))
    z_index = []
    for p, (i, _s, providers) in enumerate(prereqs):
        for j in providers:
            z_index.append((p, i, int(j)))
    nx, ny, nz = n, len(levels), len(z_index)
    nt = n if prereqs else 0
    nv = nx + ny + nz + nt
    c = np.zeros(nv)
    c[:nx] = cost
    for a, (s, _lvl) in enumerate(levels):
        c[nx + a] = -big * inst.W[s]
    rows = []
    lo: list[float] = []
    hi: list[float] = []
    A = lil_matrix((len(levels) + len(prereqs) + 2 * nz + 2, nv))
    r = 0
    for a, (s, lvl) in enumerate(levels):  # y ≤ Σ x over resources reaching the level
        A[r, nx + a] = 1
        for i in np.flatnonzero(inst.P[:, s] >= lvl).tolist():
            A[r, i] = -1
        lo.append(-np.inf)
        hi.append(0)
        r += 1
    zpos = nx + ny
    by_prereq: dict[int, list[int]] = {}
    for b, (p, _i, _j) in enumerate(z_index):
        by_prereq.setdefault(p, []).append(b)
    for p, (i, _s, _providers) in enumerate(prereqs):  # x_i ≤ Σ z
        A[r, i] = 1
        for b in by_prereq.get(p, []):
            A[r, zpos + b] = -1
        lo.append(-np.inf)
        hi.append(0)
        r += 1
    tpos = nx + ny + nz
    for b, (_p, i, j) in enumerate(z_index):
        A[r, zpos + b] = 1  # z ≤ x_j
        A[r, j] = -1
        lo.append(-np.inf)
        hi.append(0)
        r += 1
        # t_i − t_j − (n+1) z ≥ 1 − (n+1)
        A[r, tpos + i] = 1
        A[r, tpos + j] = -1
        A[r, zpos + b] = -(n + 1)
        lo.append(1 - (n + 1))
        hi.append(np.inf)
        r += 1
    A[r, :nx] = inst.price
    lo.append(-np.inf)
    hi.append(inst.budget if math.isfinite(inst.budget) else 1e15)
    r += 1
    A[r, :nx] = inst.hours
    lo.append(-np.inf)
    hi.append(inst.capacity if math.isfinite(inst.capacity) else 1e15)
    rows.append(r)
    integrality = np.ones(nv)
    integrality[tpos:] = 0
    upper = np.ones(nv)
    upper[tpos:] = n
    res = milp(
        c,
        constraints=LinearConstraint(A.tocsr(), lo, hi),
        integrality=integrality,
        bounds=Bounds(np.zeros(nv), upper),
        options={"time_limit": time_limit, "mip_rel_gap": 0.0},
    )
    if res.x is None:
        return None
    return [i for i in range(n) if res.x[i] > 0.5]
