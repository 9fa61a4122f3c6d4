"""What the web pages need from the advisor, in one place.

Reads and writes go to the advisor's selectors and services; this module only adds what is
particular to the pages: taxonomy look-ups for the autocompletes, the live gap shown on a role
page before any assessment, proposals from pasted text, and view models that translate the
engine's reasons at render time, in the reader's language.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import snowballstemmer

from courses.tagging import STOP_WORDS, Suggestion, normalise, suggest_skills, text_language
from skills import selectors as skills_selectors
from skills.models import Occupation, Skill

from . import page_cache, selectors, services
from .engine.catalogue import CURRENCY_TO_EUR
from .engine.transitions import is_safer
from .forms import SkillRow
from .models import Assessment, LearningPath, Profile
from .selectors import SkillGapRow

SEARCH_LIMIT = 10
CV_SUGGESTIONS = 15
# The tagger's ranking is looser than the evidence rule, so more candidates are read than shown.
CV_CANDIDATES_PER_PROPOSAL = 4
STRONG_MATCH = 0.8
# Chosen on the CVs of tests/advisor/test_cv_proposals.py: 0.6 keeps "administer prescribed
# medication" for "administering medication" (2 of 3 words) and drops "set theory" for "theory"
# (1 of 2) and every one-word echo of a longer name.
EVIDENCE_COVERAGE = 0.6

# Reads and writes the pages use as they are.
profile_get_or_create = selectors.profile_get_or_create
role_suggestions = selectors.role_suggestions
# Cached per version of its inputs (advisor.page_cache): the roles page is the costliest.
role_suggestions_by_reach = page_cache.role_suggestions_by_reach
holds_qualification = selectors.holds_qualification
assessment_gap = selectors.assessment_gap
assessments_visible_to = selectors.assessments_visible_to
path_steps_visible_to = selectors.path_steps_visible_to
steps_explained = selectors.steps_explained
path_alternatives = selectors.path_alternatives
job_skills = selectors.job_skills
JOB_PROPOSED_LEVEL = selectors.JOB_PROPOSED_LEVEL
JOB_IMPLIED_LEVEL = selectors.JOB_IMPLIED_LEVEL
assessment_create = services.assessment_create
path_step_status_set = services.path_step_status_set
profile_update = services.profile_update


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


def occupation_search(*, query: str, limit: int = SEARCH_LIMIT) -> list[Occupation]:
    """Current jobs (never AI-era target roles) matching what the person typed, best first."""
    return list(
        skills_selectors.occupation_search(query).only("id", "code", "title", "title_fr")[:limit]
    )


def occupation_preselected(results: list[Occupation], saved_id: int | None) -> int | None:
    """The result ticked when the list appears: the job already saved, else the first result
    only when its title is exactly what was typed. Anything less certain (an alternative
    title: ESCO lists "teacher" under politics lecturer) waits for the person to choose, so
    "Save" never stores a guess."""
    if saved_id is not None and any(o.pk == saved_id for o in results):
        return saved_id
    if results and getattr(results[0], "rank", None) == 0:
        return results[0].pk
    return None


def skill_search(*, query: str, limit: int = SEARCH_LIMIT) -> list[Skill]:
    if len(query.strip()) < 2:
        return []
    return list(skills_selectors.skill_search(query)[:limit])


def role_gap(*, profile: Profile, role: Occupation) -> list[SkillGapRow]:
    """The gap toward a role as the person stands now, heaviest requirements first."""
    levels = selectors.profile_levels(profile=profile)
    requirements = selectors.requirements_for(occupation=role)
    skills = Skill.objects.in_bulk([r.skill_id for r in requirements])
    rows = [
        SkillGapRow(skills[r.skill_id], int(levels.get(r.skill_id, 0)), r.level, r.weight)
        for r in requirements
        if r.skill_id in skills
    ]
    return sorted(rows, key=lambda r: (-r.weight, -r.required, r.skill.name))


def readiness_of(rows: list[SkillGapRow]) -> float:
    """Same formula as the engine (advisor.engine.gap), over rows already loaded."""
    total = sum(r.required * r.weight for r in rows)
    remaining = sum(r.gap * r.weight for r in rows)
    return 1.0 if total <= 0 else max(0.0, min(1.0, 1.0 - remaining / total))


def safer_move(*, current: Occupation, change: skills_selectors.PublishedChange) -> bool:
    """The engine's rule (lower exposure, pay not much lower) on the figures as they are now."""
    exposure = None if change.exposure_points is None else change.exposure_points / 100
    return is_safer(exposure, change.pay_usd, current.published_figures_from.us_median_pay)


def transitions_for(*, occupation: Occupation, limit: int | None = None) -> list[TransitionCard]:
    """The moves from a job, each with its change in published figures and "safer" computed from
    the figures as they are now (an exposure import does not recompute transitions)."""
    transitions = selectors.transitions_for(occupation=occupation, limit=limit)
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


def profile_skill_levels(profile: Profile) -> dict[int, int]:
    return dict(profile.skills.values_list("skill_id", "level"))


def profile_skills_merge(
    *, profile: Profile, levels: dict[int, int], remove: list[int], source: str
) -> None:
    """Sets some levels and removes some skills, keeping every other skill as it is.

    services.profile_skills_set makes the set exact, so the rest is passed through.
    """
    merged = {k: v for k, v in profile_skill_levels(profile).items() if k not in set(remove)}
    merged.update(levels)
    services.profile_skills_set(profile=profile, skills=list(merged.items()), source=source)


_STEMMERS = {"en": snowballstemmer.stemmer("english"), "fr": snowballstemmer.stemmer("french")}


def _stems(text: str, language: str) -> set[str]:
    """Content words by their Snowball stem, so "administering" meets "administer"."""
    stop = STOP_WORDS.get(language, STOP_WORDS["en"])
    words = [word for word in normalise(text).split() if word not in stop]
    return set(_STEMMERS.get(language, _STEMMERS["en"]).stemWords(words))


def evidence_covers(label: str, evidence: str, language: str = "en") -> bool:
    """True when the words the person wrote and the skill's name mostly say the same thing.

    The tagger matches on letter fragments, so "colour" alone proposes "design principles" and
    "administering medication" proposes "provide flock medical treatment". A CV proposal must
    rest on the person's own words: most of the skill name's content words are in the evidence,
    and most of the evidence's words are in the name (both shares ≥ EVIDENCE_COVERAGE).
    """
    label_stems, evidence_stems = _stems(label, language), _stems(evidence, language)
    if not label_stems or not evidence_stems:
        return False
    shared = len(label_stems & evidence_stems)
    return (
        shared / len(label_stems) >= EVIDENCE_COVERAGE
        and shared / len(evidence_stems) >= EVIDENCE_COVERAGE
    )


def suggest_skills_from_text(
    *, text: str, current: dict[int, int] | None = None, limit: int = CV_SUGGESTIONS
) -> list[SkillRow]:
    """Skills a CV or description gives evidence of, each with the words that show it, the level
    saved in the profile (`current`) and a proposed level the person then confirms: a strong
    match suggests they practise it (3, applies with guidance), a weaker one that they know its
    foundations (2). Only proposals whose evidence covers the skill's name are kept."""
    current = current or {}
    # A CV lists things with commas: "budget planning, market research" holds no "planning
    # market", so phrases must not run across them.
    text = text.replace(",", "\n")
    language = text_language(text) or "en"
    suggestions: list[tuple[Suggestion, str]] = []
    for s in suggest_skills(text, limit * CV_CANDIDATES_PER_PROPOSAL, language=language):
        # The tagger says where it read the words ("text: market research"); we show the words.
        words = s.evidence.partition(": ")[2] or s.evidence
        if not evidence_covers(s.label, words, language):
            continue
        # One word already read as part of a longer phrase ("electronic" of "electronic health
        # record") is no evidence of a skill of its own.
        if " " not in words and any(
            words in kept.split() for _s, kept in suggestions if " " in kept
        ):
            continue
        suggestions.append((s, words))
    suggestions = suggestions[:limit]
    skills = Skill.objects.in_bulk([s.skill_id for s, _words in suggestions])
    return [
        SkillRow(
            skills[s.skill_id],
            f"level_{s.skill_id}",
            current=current.get(s.skill_id),
            proposed=3 if s.score >= STRONG_MATCH else 2,
            evidence=words,
        )
        for s, words in suggestions
        if s.skill_id in skills
    ]


def path_for(assessment: Assessment) -> LearningPath | None:
    return LearningPath.objects.filter(assessment=assessment).first()


def step_dates(start: datetime.date | None, week_start: int, week_end: int):
    """First and last day of a step from the path's start date and its weeks (1-based)."""
    if start is None or week_start < 1:
        return None, None
    first = start + datetime.timedelta(weeks=week_start - 1)
    last = start + datetime.timedelta(weeks=week_end) - datetime.timedelta(days=1)
    return first, last


EVENT_KINDS = ("hackathon", "competition")


@dataclass
class ReadyBy:
    """When the plan makes the person ready, from one source: the path's weeks to ready.

    `weeks` and `date` are None when skills stay open: the plan does not make them ready, and
    `open_count` says how many skills stay open instead."""

    weeks: int | None
    date: datetime.date | None
    open_count: int


def ready_by(path: LearningPath, steps: list) -> ReadyBy:
    """From the path's weeks to ready, pushed back to the last week of a step held on its
    event dates (`steps` as `steps_dated` left them)."""
    open_count = len(path.open_skills or [])
    if open_count or path.weeks_to_ready is None:
        return ReadyBy(None, None, open_count)
    weeks = max([path.weeks_to_ready] + [s.week_end for s in steps if not s.carried_over])
    date = None
    if path.start_date and weeks:
        date = path.start_date + datetime.timedelta(weeks=weeks) - datetime.timedelta(days=1)
    return ReadyBy(weeks, date, 0)


def steps_dated(path: LearningPath, steps: list, *, today: datetime.date) -> list:
    """Sets on each step its first and last day, and for hackathons and competitions the
    event's own dates: `event` is "dated" (held on its dates, inside the plan's weeks),
    "early" (held before the steps it builds on end), "over" (already held) or "undated"
    (no date known). A priced step in another currency gets `converted_from` (the currency
    and the rate of the planner's table), since plans add prices up in EUR."""
    for step in steps:
        step.first_day, step.last_day = step_dates(path.start_date, step.week_start, step.week_end)
        step.event = None
        resource = step.resource
        if not step.carried_over and resource.kind in EVENT_KINDS:
            if resource.starts_on is None:
                step.event = "undated"
            else:
                planned = step.first_day
                step.first_day = resource.starts_on
                step.last_day = resource.ends_on or resource.starts_on
                if step.last_day < today:
                    step.event = "over"
                elif planned and resource.starts_on < planned:
                    step.event = "early"
                else:
                    step.event = "dated"
                if path.start_date and step.first_day >= path.start_date:
                    # The timeline draws the event in its own weeks (this page only).
                    step.week_start = (step.first_day - path.start_date).days // 7 + 1
                    step.week_end = (step.last_day - path.start_date).days // 7 + 1
        currency = (resource.currency or "EUR").upper()
        step.converted_from = None
        if step.price and currency != "EUR":
            step.converted_from = {"currency": currency, "rate": CURRENCY_TO_EUR.get(currency)}
    return steps
