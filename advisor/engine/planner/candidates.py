"""Move 1: candidates. From the catalogue's sparse columns of the missing skills, the few
cheapest resources per (skill, level still to reach) that fit the constraints, then the
cheapest resources that unlock their prerequisites; why a missing skill has no candidate."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..catalogue import Catalogue
from ..gap import GapResult
from .instance import (
    EPS,
    LANGUAGE_FORMAT,
    NO_PRACTICE,
    NO_RESOURCE,
    OVER_BUDGET,
    OVER_HORIZON,
    PER_LEVEL,
    PER_PREREQUISITE,
    PREFIX,
    PREREQUISITE_DEPTH,
    Constraints,
    Instance,
)


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


# Why a resource fits the person (rendered by advisor.explain); see `relevance`.
FIT_FOUNDATIONS = "foundations"
FIT_LEVEL = "level"
FIT_FOCUSED = "focused"
FIT_RATED = "rated"
FIT_LANGUAGE = "language"
WELL_RATED = 0.88  # quality (shrunk rating / 5) from which learners' ratings count as a reason
FOCUSED_SHARE = 0.5
OTHER_LANGUAGE = 0.8  # relevance factor of a resource not in the preferred language


def relevance(
    catalogue: Catalogue,
    rows: np.ndarray,
    P: np.ndarray,
    L0: np.ndarray,
    W: np.ndarray,
    preferred_language: str | None,
) -> tuple[np.ndarray, list[list[str]]]:
    """How well each resource fits this person, 0–1, and the reasons that make it fit.

    Half is focus: the share of the skills it teaches that are in the person's gap (a course on
    five topics of which one is missing is a detour). Half is level fit: it should start where
    the person stands on the gap skills it teaches — a resource starting above that counts
    1 / (1 + levels above), one starting two or more levels below loses 10 % per level. A
    resource not in the preferred language counts OTHER_LANGUAGE of that.
    """
    n = rows.size
    if n == 0:
        return np.zeros(0), []
    in_gap = (P[:, W > 0] > L0[W > 0]).astype(float)
    taught_total = np.maximum(np.diff(catalogue.taught_by_row.indptr)[rows], 1)
    share = np.minimum(in_gap.sum(1) / taught_total, 1.0)
    # The person's level on the gap skills the resource teaches (their mean).
    gap_levels = L0[W > 0].astype(float)
    counts = np.maximum(in_gap.sum(1), 1)
    learner = (in_gap @ gap_levels) / counts
    # Catalogue.__post_init__ fills both when the loader had none.
    assert catalogue.start_level is not None and catalogue.quality is not None
    start = catalogue.start_level[rows].astype(float)
    above = np.maximum(0.0, start - learner)
    below = np.maximum(0.0, learner - start - 1)
    level_fit = (1 / (1 + above)) * np.maximum(0.0, 1 - 0.1 * below)
    score = 0.5 * share + 0.5 * level_fit
    in_language = np.ones(n, bool)
    if preferred_language is not None:
        codes = np.array(catalogue.language_codes + [""])
        in_language = codes[catalogue.language[rows]] == preferred_language
        score = np.where(in_language, score, score * OTHER_LANGUAGE)
    quality = catalogue.quality[rows]
    fit: list[list[str]] = []
    for i in range(n):
        reasons = []
        if start[i] == 0 and learner[i] <= 1:
            reasons.append(FIT_FOUNDATIONS)
        elif start[i] > 0 and above[i] == 0:
            reasons.append(FIT_LEVEL)
        if share[i] >= FOCUSED_SHARE:
            reasons.append(FIT_FOCUSED)
        if quality[i] >= WELL_RATED:
            reasons.append(FIT_RATED)
        if preferred_language is not None and in_language[i]:
            reasons.append(FIT_LANGUAGE)
        fit.append(reasons)
    return score, fit


def recognition(catalogue: Catalogue, rows: np.ndarray, constraints: Constraints) -> np.ndarray:
    """0–1 per resource, how much an employer will recognise it: half for a certificate, a
    quarter for the preferred language, a quarter for learning on site when the person accepts
    it (in person counts more than a video course for most recruiters); online-only people get
    that quarter for online resources."""
    certificate = (
        catalogue.certificate[rows].astype(float)
        if catalogue.certificate is not None
        else np.zeros(rows.size)
    )
    codes = np.array(catalogue.language_codes + [""])
    language = (
        codes[catalogue.language[rows]] == constraints.preferred_language
        if constraints.preferred_language
        else np.ones(rows.size, bool)
    )
    formats = np.array(catalogue.format_codes + [""])[catalogue.format[rows]]
    wanted = "onsite" if constraints.formats and "onsite" in constraints.formats else "online"
    return 0.5 * certificate + 0.25 * language + 0.25 * (formats == wanted)


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
    score, fit = relevance(cat, rows, P, L0, W, constraints.preferred_language)
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
        hours_weight=cat.hours_weight[rows],
        relevance=score,
        fit=fit,
        objective=constraints.objective,
        recognition=recognition(cat, rows, constraints),
    )
    return instance, reasons, cheapest
