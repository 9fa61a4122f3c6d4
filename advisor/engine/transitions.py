"""Transitions between occupations of one taxonomy, from what the jobs are (docs/transitions.md).

score = SKILL_WEIGHT × skill similarity + TEXT_WEIGHT × text similarity, where
- skill similarity compares the jobs' required skills, each entry level × weight (ESCO:
  essential 3 × 1.0 over optional 2 × 0.5; O*NET: the importance-weighted level) × idf
  (log N / occupations requiring it: a skill every job has says little about a move), with
  generic transversal skills weighted down by GENERIC_FACTOR. Tools (O*NET Technology Skills)
  form their own block that counts for TOOL_SHARE only: shared office software must not make a
  truck driver a tree trimmer. With `centre` (O*NET, which rates every job on the same 68 Skills
  and Knowledge elements, so idf is flat), that block is centred on the average job first: what
  counts is how a job differs from the average, not that every job needs some "speaking";
- text similarity is the TF-IDF cosine of title, alternative titles and description.
Never reads a published list of related occupations, so ESCO and O*NET get the same method.

AI-era roles (Job.extends set) are targets only: their profile is the occupation they extend
with their own skills on top, and a role is listed when its score reaches TARGET_THRESHOLD.

Each move carries the change in published AI exposure (Eloundou β) and US pay, and `safer` when
exposure drops by ≥ SAFER_EXPOSURE_DROP and pay drops by no more than SAFER_PAY_MARGIN.
A skill of a move is either shared or missing, never both; ESCO/O*NET twins count as one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

SKILL_WEIGHT = 0.7
TEXT_WEIGHT = 0.3
TOOL_SHARE = 0.15  # of the skill similarity, where a taxonomy has tools at all
GENERIC_FACTOR = 0.2  # "show initiative", "follow work schedule": part of many jobs, says little
COMMON_SHARE = 0.015  # a competence required by ≥ 1.5 % of the occupations …
COMMON_GROUPS = 5  # … in ≥ 5 major groups (ISCO first digit) is generic: "cross-sector" and common
SKILLS_LISTED = 10
TARGETS_LISTED = 2  # AI-era roles listed at most, beyond the top_n ordinary moves
TARGET_THRESHOLD = 0.25  # about the median score of a job's 10th-best ordinary move (ESCO)
SAFER_EXPOSURE_DROP = 0.05  # β points (5 %) lower at least
SAFER_PAY_MARGIN = 0.10  # US pay at most 10 % lower
CHUNK = 512


@dataclass(frozen=True)
class Job:
    """One occupation as the engine sees it."""

    requirements: Sequence[tuple[int, int, float]]  # (skill id, level 0–5, weight 0–1)
    text: str = ""  # title, alternative titles and description
    exposure: float | None = None  # published AI exposure β, 0–1
    pay: int | None = None  # US median annual pay, USD
    pay_at_least: bool = False  # the pay is a lower bound ($208,000+): no change computed
    extends: int | None = None  # AI-era role: index of the job it builds on; a target only


@dataclass(frozen=True)
class SkillKinds:
    """What the engine needs to know of skills beyond their ids."""

    tools: frozenset[int] = frozenset()
    # Transversal or common: weighted down in similarity, never listed as missing.
    generic: frozenset[int] = frozenset()
    same_as: Mapping[int, int] = field(default_factory=dict)  # twin → the skill it stands for


@dataclass
class TransitionRow:
    source: int  # index into the jobs given
    target: int
    rank: int
    score: float
    skill_score: float
    text_score: float
    shared: list[int]  # skill ids both require at the target's level, the target's heaviest first
    missing: list[tuple[int, int]]  # (skill id, level the target needs), heaviest first
    exposure_change: float | None = None  # β of the target minus β of the source
    pay_change: int | None = None  # USD a year, target minus source
    safer: bool = False
    is_target: bool = False  # an AI-era role


def common_skills(
    requirements: Sequence[Sequence[tuple[int, int, float]]],
    groups: Sequence[str],
    competences: frozenset[int] | set[int],
) -> frozenset[int]:
    """The competences that are generic in practice: required across sectors (≥ COMMON_GROUPS
    major groups) by many occupations (≥ COMMON_SHARE of them), e.g. "follow work schedule",
    "use spreadsheets software". Knowledge is never generic here (a "mechanics" gap is real)."""
    occupations: dict[int, int] = {}
    spread: dict[int, set[str]] = {}
    for reqs, group in zip(requirements, groups, strict=True):
        for skill in {s for s, _l, _w in reqs if s in competences}:
            occupations[skill] = occupations.get(skill, 0) + 1
            spread.setdefault(skill, set()).add(group)
    floor = COMMON_SHARE * len(requirements)
    return frozenset(
        s for s, n in occupations.items() if n >= floor and len(spread[s]) >= COMMON_GROUPS
    )


def figures_change(source: Job, target: Job) -> tuple[float | None, int | None, bool]:
    """(exposure change, pay change, safer) from the published figures of both jobs."""
    exposure = None
    if source.exposure is not None and target.exposure is not None:
        exposure = round(target.exposure - source.exposure, 4)
    pay = None
    if (
        source.pay is not None
        and target.pay is not None
        and not (source.pay_at_least or target.pay_at_least)
    ):
        pay = target.pay - source.pay
    return exposure, pay, is_safer(exposure, pay, source.pay)


def is_safer(exposure_change: float | None, pay_change: int | None, pay: int | None) -> bool:
    """A move is safer when published AI exposure drops by SAFER_EXPOSURE_DROP or more and US
    pay drops by no more than SAFER_PAY_MARGIN of the current pay. Unknown figures: not safer."""
    return (
        exposure_change is not None
        and pay_change is not None
        and pay is not None
        and exposure_change <= -SAFER_EXPOSURE_DROP + 1e-9
        and pay_change >= -SAFER_PAY_MARGIN * pay
    )


def _profiles(jobs: Sequence[Job], kinds: SkillKinds) -> list[dict[int, tuple[int, float, int]]]:
    """Per job: skill (twins merged) → (level, weight, the job's own skill id); a role's own
    skills on top of those of the job it extends."""

    def own(job: Job) -> dict[int, tuple[int, float, int]]:
        out: dict[int, tuple[int, float, int]] = {}
        for skill, level, weight in job.requirements:
            key = kinds.same_as.get(skill, skill)
            if key not in out:
                out[key] = (level, weight, skill)
            else:  # a twin asked twice: the highest level and weight asked, named as the first
                was = out[key]
                out[key] = (max(level, was[0]), max(weight, was[1]), was[2])
        return out

    mine = [own(job) for job in jobs]
    profiles = []
    for job, reqs in zip(jobs, mine, strict=True):
        if job.extends is not None:
            reqs = {**mine[job.extends], **reqs}
        profiles.append(reqs)
    return profiles


def _block(rows, cols, vals, n, width, ordinary, centre) -> np.ndarray | sp.csr_matrix:
    """Row-normalised, idf-weighted matrix of one block (centred on the average job if asked)."""
    m = sp.csr_matrix((vals, (rows, cols)), shape=(n, width), dtype=np.float64)
    if width == 0:
        return m
    df = np.asarray((m[ordinary] > 0).sum(0)).ravel()
    n_ord = len(ordinary)
    idf = np.log((n_ord + 1) / (df + 1)) + 1.0
    m = m @ sp.diags(idf)
    if centre:
        dense = m.toarray()
        rated = np.asarray(m.getnnz(axis=1) > 0)
        dense -= dense[ordinary].mean(axis=0)
        dense[~rated] = 0.0  # a job O*NET did not rate is unknown, not "below average in all"
        return normalize(dense, norm="l2")
    return normalize(m, norm="l2").tocsr()


def _sims(a, b) -> np.ndarray:
    out = a @ b.T
    return out.toarray() if sp.issparse(out) else np.asarray(out)


def compute_transitions(
    jobs: Sequence[Job],
    kinds: SkillKinds | None = None,
    top_n: int = 10,
    *,
    centre: bool = False,
) -> list[TransitionRow]:
    """The top_n ordinary moves from every job that is not an AI-era role, plus up to
    TARGETS_LISTED reachable AI-era roles, all ranked by score."""
    kinds = kinds or SkillKinds()
    n = len(jobs)
    ordinary = np.array([i for i, job in enumerate(jobs) if job.extends is None], dtype=np.int64)
    roles = np.array([i for i, job in enumerate(jobs) if job.extends is not None], dtype=np.int64)
    if len(ordinary) < 2:
        return []
    profiles = _profiles(jobs, kinds)
    columns: dict[int, tuple[bool, int]] = {}  # skill → (is a tool, column in its block)
    widths = [0, 0]
    entries: list[tuple[list, list, list]] = [([], [], []), ([], [], [])]
    factor: dict[int, float] = {}
    for i, reqs in enumerate(profiles):
        for skill, (level, weight, named) in reqs.items():
            if skill not in columns:  # a twin is a tool or generic when either name says so
                tool = skill in kinds.tools or named in kinds.tools
                columns[skill] = (tool, widths[tool])
                widths[tool] += 1
                generic = skill in kinds.generic or named in kinds.generic
                factor[skill] = GENERIC_FACTOR if generic else 1.0
            tool, col = columns[skill]
            rows, cols, vals = entries[tool]
            rows.append(i)
            cols.append(col)
            vals.append(max(level, 1) * weight * factor[skill])
    core = _block(*entries[0], n, widths[0], ordinary, centre)
    tools = _block(*entries[1], n, widths[1], ordinary, False)
    tool_share = TOOL_SHARE if widths[1] else 0.0
    # How much each skill weighs in a move, to list the heaviest first: as in the vectors.
    df: dict[int, int] = {}
    for i in ordinary:
        for skill in profiles[i]:
            df[skill] = df.get(skill, 0) + 1
    n_ord = len(ordinary)
    idf = {
        s: (math.log((n_ord + 1) / (df.get(s, 0) + 1)) + 1.0)
        * factor[s]
        * (TOOL_SHARE if columns[s][0] else 1.0)
        for s in columns
    }
    try:
        tfidf = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=2, dtype=np.float32)
        text_n = tfidf.fit_transform([job.text for job in jobs])
    except ValueError:  # empty vocabulary: texts say nothing
        text_n = sp.csr_matrix((n, 1), dtype=np.float32)

    top_n = min(top_n, len(ordinary) - 1)
    is_role = np.zeros(n, dtype=bool)
    is_role[roles] = True
    result: list[TransitionRow] = []
    for start in range(0, len(ordinary), CHUNK):
        chunk = ordinary[start : start + CHUNK]
        s_skill = _sims(core[chunk], core)
        if tool_share:
            s_skill = (1 - tool_share) * s_skill + tool_share * _sims(tools[chunk], tools)
        s_skill = np.clip(s_skill, 0.0, 1.0)  # a centred block can anti-correlate: no move
        s_text = _sims(text_n[chunk], text_n)
        score = SKILL_WEIGHT * s_skill + TEXT_WEIGHT * s_text
        score[np.arange(len(chunk)), chunk] = -np.inf
        plain = np.where(is_role[None, :], -np.inf, score)
        top = np.argpartition(-plain, top_n - 1, axis=1)[:, :top_n]
        for local, i in enumerate(chunk):
            targets = list(top[local])
            if len(roles):
                reach = roles[score[local, roles] >= TARGET_THRESHOLD]
                reach = reach[np.argsort(-score[local, reach], kind="stable")][:TARGETS_LISTED]
                targets += list(reach)
            targets.sort(key=lambda j: (-score[local, j], j))
            for rank, j in enumerate(targets, start=1):
                pair = (float(score[local, j]), float(s_skill[local, j]), float(s_text[local, j]))
                result.append(_row(jobs, profiles, kinds, idf, int(i), int(j), rank, pair))
    return result


def _row(jobs, profiles, kinds, idf, i, j, rank, scores) -> TransitionRow:
    """One move: shared and missing skills (a partition, generic ones never missing), figures."""
    mine, theirs = profiles[i], profiles[j]

    def heaviest(item):
        skill, (level, weight, _id) = item
        return (-level * weight * idf[skill], skill)

    # Twins are compared as one skill (the key) and named as the target job names them.
    shared, missing = [], []
    for skill, (level, _weight, named) in sorted(theirs.items(), key=heaviest):
        have = mine.get(skill)
        if have is not None and have[0] >= level:
            shared.append(named)
        elif skill not in kinds.generic and named not in kinds.generic:
            missing.append((named, level))
    exposure, pay, safer = figures_change(jobs[i], jobs[j])
    return TransitionRow(
        source=i,
        target=j,
        rank=rank,
        score=scores[0],
        skill_score=scores[1],
        text_score=scores[2],
        shared=shared[:SKILLS_LISTED],
        missing=missing[:SKILLS_LISTED],
        exposure_change=exposure,
        pay_change=pay,
        safer=safer,
        is_target=jobs[j].extends is not None,
    )
