"""Role suggestions: every target role scored for a profile (docs/design.md, engine §2)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .gap import Requirement, compute_gap

# How the three signals combine. Readiness dominates: it is what the person can act on.
READINESS_WEIGHT = 0.6
SIMILARITY_WEIGHT = 0.25
SECTOR_WEIGHT = 0.15
TOP_SKILLS = 3


@dataclass(frozen=True)
class RoleInput:
    occupation_id: int
    requirements: tuple[Requirement, ...]
    sector_ids: frozenset[int] = frozenset()


@dataclass
class RoleScore:
    occupation_id: int
    readiness: float
    similarity: float
    sector_match: float
    score: float
    transferable: list[int] = field(default_factory=list)  # skill ids, most valuable first
    missing: list[tuple[int, int, int]] = field(default_factory=list)  # (skill, current, required)
    reason: tuple[str, dict] = ("", {})


def skill_similarity(current: Mapping[int, int], requirements: Iterable[Requirement]) -> float:
    """Cosine between the person's levels and the role's weighted required levels, 0–1."""
    dot = 0.0
    role_norm = 0.0
    for r in requirements:
        v = r.level * r.weight
        role_norm += v * v
        dot += v * current.get(r.skill_id, 0)
    person_norm = math.sqrt(sum(level * level for level in current.values()))
    if dot <= 0 or role_norm <= 0 or person_norm <= 0:
        return 0.0
    return min(1.0, dot / (math.sqrt(role_norm) * person_norm))


def rank_roles(
    current: Mapping[int, int],
    roles: Iterable[RoleInput],
    preferred_sectors: Iterable[int] = (),
    limit: int | None = None,
) -> list[RoleScore]:
    """Scores each role and returns them best first.

    sector_match is 1 when the role is in a sector the person chose, 0 when they chose sectors
    and this role is in none of them, and 0.5 when they expressed no preference.
    The reason is a key with parameters (see advisor.explain in the Django layer).
    """
    preferred = frozenset(preferred_sectors)
    scores: list[RoleScore] = []
    for role in roles:
        gap = compute_gap(role.requirements, current)
        similarity = skill_similarity(current, role.requirements)
        if not preferred:
            sector_match = 0.5
        else:
            sector_match = 1.0 if preferred & role.sector_ids else 0.0
        score = (
            READINESS_WEIGHT * gap.readiness
            + SIMILARITY_WEIGHT * similarity
            + SECTOR_WEIGHT * sector_match
        )
        transferable = [g.skill_id for g in gap.transferable[:TOP_SKILLS]]
        missing = [(g.skill_id, g.current, g.required) for g in gap.missing[:TOP_SKILLS]]
        reason = (
            "role",
            {
                "readiness_percent": gap.readiness_percent,
                "transferable": transferable,
                "missing": missing,
                "in_sector": sector_match == 1.0,
            },
        )
        scores.append(
            RoleScore(
                occupation_id=role.occupation_id,
                readiness=gap.readiness,
                similarity=similarity,
                sector_match=sector_match,
                score=score,
                transferable=transferable,
                missing=missing,
                reason=reason,
            )
        )
    scores.sort(key=lambda s: (-s.score, -s.readiness, s.occupation_id))
    return scores[:limit] if limit is not None else scores
