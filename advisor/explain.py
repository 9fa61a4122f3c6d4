"""Reasons in the user's words: the engine returns keys with parameters, this renders them in the
active language (French or English) with gettext."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from courses.models import Resource

OPEN_REASONS = {
    "no_resource": lambda: _("no resource in the catalogue teaches it to this level"),
    "no_practice": lambda: _(
        "this level needs practice (a project or hackathon) and none teaches it yet"
    ),
    "language_format": lambda: _("no resource in your languages and formats teaches it"),
    "over_budget": lambda: _("the resources that teach it do not fit in your budget"),
    "over_horizon": lambda: _("the resources that teach it do not fit in your hours and horizon"),
    "prerequisite": lambda: _("the resources that teach it need a prerequisite nothing teaches"),
    "regulated": lambda: _(
        "only a regulated qualification grants it: no course or project can, ask your counsellor"
    ),
}


def _names(ids, names: Mapping[int, str]) -> str:
    return ", ".join(names.get(i, f"#{i}") for i in ids)


def open_reason(
    key: str, move: Mapping | None = None, resource_titles: Mapping[int, str] | None = None
) -> str:
    """Why a skill stays open and, where a change would close it, which (rendered now)."""
    render = OPEN_REASONS.get(key)
    text = render() if render else key
    if not move:
        return text
    title = (resource_titles or {}).get(move.get("resource_id", 0), "")  # ids start at 1
    kind = move.get("kind")
    if kind == "budget":
        step = _("with a budget of %(amount)s €, “%(title)s” would fit")
    elif kind == "weekly_hours":
        step = _("at %(amount)s h a week, “%(title)s” would fit")
    elif kind == "language_format":
        step = _(
            "“%(title)s” teaches it in %(language)s (%(format)s): add them to your preferences"
        )
    else:
        return text
    values = {
        "amount": move.get("amount"),
        "title": title,
        "language": LANGUAGE_NAMES.get(move.get("language", ""), move.get("language")),
        # The catalogue's own wording of its formats ("on site"), translated.
        "format": dict(Resource.Format.choices).get(move.get("format", ""), move.get("format")),
    }
    return f"{text}; {step % values}"


LANGUAGE_NAMES = {
    "en": pgettext_lazy("language, in a sentence", "English"),
    "fr": pgettext_lazy("language, in a sentence", "French"),
    "es": pgettext_lazy("language, in a sentence", "Spanish"),
    "de": pgettext_lazy("language, in a sentence", "German"),
    "pt": pgettext_lazy("language, in a sentence", "Portuguese"),
    "it": pgettext_lazy("language, in a sentence", "Italian"),
    "zh": pgettext_lazy("language, in a sentence", "Chinese"),
    "ja": pgettext_lazy("language, in a sentence", "Japanese"),
    "ar": pgettext_lazy("language, in a sentence", "Arabic"),
}


def role_reason(params: Mapping, skill_names: Mapping[int, str]) -> str:
    parts = [_("You are %(percent)s%% ready.") % {"percent": params.get("readiness_percent", 0)}]
    transferable = params.get("transferable") or []
    if transferable:
        parts.append(
            _("You already have %(skills)s.") % {"skills": _names(transferable, skill_names)}
        )
    missing = params.get("missing") or []
    if missing:
        gaps = ", ".join(
            _("%(skill)s (level %(current)s → %(required)s)")
            % {"skill": skill_names.get(s, f"#{s}"), "current": c, "required": r}
            for s, c, r in missing
        )
        parts.append(_("To build: %(gaps)s.") % {"gaps": gaps})
    if params.get("in_sector"):
        parts.append(_("It is in a sector you chose."))
    return " ".join(parts)


# Why this resource rather than another that teaches the same (engine planner.candidates).
FIT_REASONS = {
    "foundations": gettext_lazy("it starts from the foundations, where you are"),
    "level": gettext_lazy("it starts at the level you already have"),
    "focused": gettext_lazy("most of what it teaches is in your gap"),
    "rated": gettext_lazy("learners rate it highly"),
    "language": gettext_lazy("it is in your preferred language"),
}


def step_reason(
    reason: Mapping, skill_names: Mapping[int, str], resource_titles: Mapping[int, str]
) -> str:
    key = reason.get("key")
    params = reason.get("params") or {}
    if key == "carried_over":
        return _("Already done in an earlier path: the levels it gave you count.")
    parts = []
    raises = params.get("raises") or []
    if raises:
        raised = ", ".join(
            _("%(skill)s from level %(from)s to %(to)s")
            % {"skill": skill_names.get(s, f"#{s}"), "from": a, "to": b}
            for s, a, b in raises
        )
        parts.append(_("Raises %(raised)s.") % {"raised": raised})
    fit = [FIT_REASONS[code] for code in params.get("fit") or [] if code in FIT_REASONS]
    if fit:
        parts.append(_("Chosen because %(reasons)s.") % {"reasons": "; ".join(str(f) for f in fit)})
    if params.get("practice"):
        parts.append(_("Practice turns what you learned into skill: level 3 and above need it."))
    for resource_id, skill_id, level in params.get("unlocks") or []:
        if resource_id not in resource_titles:
            continue  # that step is no longer in the path
        parts.append(
            _("Comes before “%(title)s”, which needs %(skill)s at level %(level)s.")
            % {
                "title": resource_titles.get(resource_id, f"#{resource_id}"),
                "skill": skill_names.get(skill_id, f"#{skill_id}"),
                "level": level,
            }
        )
    return " ".join(parts)
