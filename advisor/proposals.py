"""Skills proposed from a CV or a description: the person's own words matched to skill names.

The tagger (courses.tagging) reads candidates; only those whose name the evidence mostly says
are proposed, each at a level the person then confirms on the skills form.
"""

from __future__ import annotations

import snowballstemmer

from courses.tagging import STOP_WORDS, Suggestion, normalise, suggest_skills, text_language
from skills.models import Skill

from .forms import SkillRow

CV_SUGGESTIONS = 15
# The tagger's ranking is looser than the evidence rule, so more candidates are read than shown.
CV_CANDIDATES_PER_PROPOSAL = 4
STRONG_MATCH = 0.8
# Chosen on the CVs of tests/advisor/test_cv_proposals.py: 0.6 keeps "administer prescribed
# medication" for "administering medication" (2 of 3 words) and drops "set theory" for "theory"
# (1 of 2) and every one-word echo of a longer name.
EVIDENCE_COVERAGE = 0.6

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
