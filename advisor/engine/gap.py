"""Skill gap between where a person stands and what a role requires (docs/design.md, engine §1)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Requirement:
    """A role needs `skill_id` at `level` (0–5), counting for `weight` (0–1]."""

    skill_id: int
    level: int
    weight: float = 1.0


@dataclass(frozen=True)
class SkillGap:
    skill_id: int
    current: int
    required: int
    weight: float

    @property
    def gap(self) -> int:
        return max(0, self.required - self.current)

    @property
    def weighted_gap(self) -> float:
        return self.gap * self.weight

    def as_dict(self) -> dict:
        return {**asdict(self), "gap": self.gap, "weighted_gap": round(self.weighted_gap, 4)}


@dataclass
class GapResult:
    items: list[SkillGap]
    readiness: float  # 0–1; the API shows it as a percentage
    transferable: list[SkillGap] = field(default_factory=list)
    missing: list[SkillGap] = field(default_factory=list)

    @property
    def readiness_percent(self) -> int:
        return round(self.readiness * 100)

    def as_dict(self) -> dict:
        return {
            "readiness": round(self.readiness, 4),
            "readiness_percent": self.readiness_percent,
            "items": [i.as_dict() for i in self.items],
            "transferable": [i.skill_id for i in self.transferable],
            "missing": [i.skill_id for i in self.missing],
        }


def compute_gap(requirements: Iterable[Requirement], current: Mapping[int, int]) -> GapResult:
    """Per required skill: current, required, weight and gap; readiness and rankings.

    readiness = 1 − Σ weight·gap / Σ weight·required (1.0 for a role that requires nothing).
    Transferable skills are the required ones already at level (heaviest first); missing skills
    are ranked by weighted gap, heaviest first, then by skill id so the order is stable.
    """
    items = [
        SkillGap(r.skill_id, int(current.get(r.skill_id, 0)), int(r.level), float(r.weight))
        for r in requirements
    ]
    total = sum(i.required * i.weight for i in items)
    remaining = sum(i.weighted_gap for i in items)
    readiness = 1.0 if total <= 0 else max(0.0, min(1.0, 1.0 - remaining / total))
    transferable = sorted(
        (i for i in items if i.required > 0 and i.gap == 0),
        key=lambda i: (-i.weight * i.required, i.skill_id),
    )
    missing = sorted((i for i in items if i.gap > 0), key=lambda i: (-i.weighted_gap, i.skill_id))
    return GapResult(items=items, readiness=readiness, transferable=transferable, missing=missing)


def readiness_after(items: Iterable[SkillGap], levels_after: Mapping[int, int]) -> float:
    """Readiness once a path has raised the levels in `levels_after`; the skills it does not
    touch stay at the level the gap started from."""
    items = list(items)
    requirements = [Requirement(i.skill_id, i.required, i.weight) for i in items]
    start = {i.skill_id: i.current for i in items}
    return compute_gap(requirements, {**start, **levels_after}).readiness
