"""Reads for the moves from a job: the stored transitions of the latest taxonomy version, and
the cards of the transitions page with their change in published figures."""

from __future__ import annotations

from dataclasses import dataclass, field

from skills import selectors as skills_selectors
from skills.models import Occupation, Skill

from .engine.transitions import is_safer
from .models import Transition
from .selectors import holds_qualification


def transitions_latest_version(*, occupation: Occupation) -> str | None:
    return (
        Transition.objects.filter(source=occupation)
        .order_by("-computed_at", "-id")
        .values_list("version", flat=True)
        .first()
    )


def transitions_for(*, occupation: Occupation, limit: int | None = None) -> list[Transition]:
    """Ranked transitions from the occupation, from the latest computed taxonomy version: the
    top ordinary moves and the reachable AI-era roles (target.is_target), all by score. An
    AI-era role that needs a regulated qualification this job does not give is no move: courses
    alone cannot get there."""
    version = transitions_latest_version(occupation=occupation)
    if version is None:
        return []
    moves = (
        Transition.objects.filter(source=occupation, version=version)
        .select_related("target", "target__extends")
        .order_by("rank")
    )
    kept = [
        t
        for t in moves
        if not t.target.is_target or holds_qualification(occupation=occupation, role=t.target)
    ]
    return kept[:limit] if limit is not None else kept


@dataclass
class TransitionCard:
    occupation: Occupation
    score_percent: int
    shared: list[Skill] = field(default_factory=list)
    missing: list[tuple[Skill, int]] = field(default_factory=list)
    # Published AI exposure and US pay of the move minus those of the current job.
    change: skills_selectors.PublishedChange | None = None
    safer: bool = False  # lower exposure, pay not much lower (engine.transitions.is_safer)

    @property
    def pay_change_abs(self) -> int | None:
        pay = self.change.pay_usd if self.change else None
        return None if pay is None else abs(pay)

    @property
    def exposure_change_signed(self) -> str:
        """ "+14", "−4" (a true minus sign, like the pay change) or "0"."""
        points = self.change.exposure_points if self.change else None
        if not points:
            return "0"
        return f"+{points}" if points > 0 else f"−{-points}"

    @property
    def same_figures(self) -> bool:
        """Both jobs reach the same US occupation: the change would read "+0, +$0"."""
        return self.change is not None and self.change.same_us_occupation


def safer_move(*, current: Occupation, change: skills_selectors.PublishedChange) -> bool:
    """The engine's rule (lower exposure, pay not much lower) on the figures as they are now."""
    exposure = None if change.exposure_points is None else change.exposure_points / 100
    return is_safer(exposure, change.pay_usd, current.published_figures_from.us_median_pay)


def transition_cards(*, occupation: Occupation, limit: int | None = None) -> list[TransitionCard]:
    """The moves from a job, each with its change in published figures and "safer" computed from
    the figures as they are now (an exposure import does not recompute transitions)."""
    transitions = transitions_for(occupation=occupation, limit=limit)
    ids = {s for t in transitions for s in t.shared[:3]} | {
        m[0] for t in transitions for m in t.missing[:3]
    }
    skills = Skill.objects.in_bulk(ids)
    cards = []
    for t in transitions:
        change = skills_selectors.published_change(current=occupation, move=t.target)
        cards.append(
            TransitionCard(
                occupation=t.target,
                score_percent=round(t.score * 100),
                shared=[skills[s] for s in t.shared[:3] if s in skills],
                missing=[(skills[s], level) for s, level in t.missing[:3] if s in skills],
                change=change,
                safer=safer_move(current=occupation, change=change),
            )
        )
    return cards
