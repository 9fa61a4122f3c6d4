"""Our own project briefs (courses/data/project_briefs.json) as published practice resources.

Each brief becomes one resource per language (kind project, provider Reconversion), so the
planner's language filter finds the French or the English text. Its skill links carry origin
`file` and confidence 1.0: a person wrote them, following courses/data/README.md.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from skills.models import Skill

from .models import Provider, Resource, ResourceSkill, ResourceStatusChange
from .search import resources_refresh_search

BRIEFS_FILE = Path(__file__).resolve().parent / "data" / "project_briefs.json"
LANGUAGES = ("en", "fr")
DONE_WHEN = {"en": "Done when: ", "fr": "Terminé quand : "}
PROVIDER = {"slug": "reconversion", "name": "Reconversion"}


class BriefsError(Exception):
    """The briefs file cannot be read at all; nothing is written."""


@dataclass
class BriefsReport:
    version: str = ""
    briefs: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [
            f"{self.briefs} project briefs (file version {self.version}): {self.created} created, "
            f"{self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.problems)} problem(s)."
        ]
        lines += [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)


def briefs_read(path: Path = BRIEFS_FILE) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BriefsError(f"{path}: file is missing") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BriefsError(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("briefs"), list):
        raise BriefsError(f"{path}: expected an object with version and a list of briefs")
    return data


def brief_problems(brief: dict, known_uris: set[str] | None = None) -> list[str]:
    """Everything wrong with one brief, each naming its field; [] when it can be loaded."""
    code = brief.get("code") if isinstance(brief, dict) else None
    if not isinstance(code, str) or not code.strip():
        return ["a brief has no code"]
    problems = []

    def problem(where: str, message: str) -> None:
        problems.append(f"brief {code}, {where}: {message}")

    if not isinstance(brief.get("role"), str) or not brief["role"].strip():
        problem("role", "the role code is missing")
    hours = brief.get("hours")
    if not isinstance(hours, int | float) or not 0 < hours <= 500:
        problem("hours", f"{hours!r} is not a number of hours from 1 to 500")
    for language in LANGUAGES:
        text = brief.get(language)
        if not isinstance(text, dict):
            problem(language, "the text in this language is missing")
            continue
        for key in ("title", "deliverable", "done_when"):
            value = text.get(key)
            if not isinstance(value, str) or not value.strip():
                problem(f"{language}.{key}", "missing")
            elif key == "title" and len(value) > 300:
                problem(f"{language}.{key}", "longer than 300 characters")
    skills = brief.get("skills")
    if not isinstance(skills, list) or not skills:
        problem("skills", "a brief practises at least one skill")
        skills = []
    for i, link in enumerate(skills):
        where = f"skills[{i}]"
        if not isinstance(link, dict) or not isinstance(link.get("uri"), str):
            problem(where, "needs a uri")
            continue
        expects, reaches = link.get("expects"), link.get("reaches")
        if not (isinstance(expects, int) and isinstance(reaches, int)):
            problem(where, "expects and reaches must be whole levels")
        elif not (0 <= expects < reaches and 3 <= reaches <= 4):
            problem(
                where, f"levels {expects}→{reaches}: a brief reaches 3 or 4, above what it expects"
            )
        if known_uris is not None and link["uri"] not in known_uris:
            problem(where, f"skill {link['uri']} ({link.get('label', '?')}) is not imported")
    return problems


@transaction.atomic
def briefs_load(*, path: Path = BRIEFS_FILE) -> BriefsReport:
    """Create or refresh one published project per brief and language; idempotent.

    A brief with a problem (missing text, bad levels, a skill not imported) is reported and
    skipped; the others load. Links from the file are kept in step with it; links a curator
    added are left alone.
    """
    data = briefs_read(path)
    report = BriefsReport(version=str(data.get("version", "")))
    uris = {
        link.get("uri")
        for brief in data["briefs"]
        if isinstance(brief, dict)
        for link in brief.get("skills") or []
        if isinstance(link, dict)
    }
    skill_ids = dict(Skill.objects.filter(uri__in=uris).values_list("uri", "id"))
    provider, _created = Provider.objects.get_or_create(
        slug=PROVIDER["slug"], defaults={"name": PROVIDER["name"]}
    )
    now = timezone.now()
    touched = []
    seen = set()
    for brief in data["briefs"]:
        problems = brief_problems(brief, set(skill_ids))
        if not problems and brief["code"] in seen:
            problems = [f"brief {brief['code']}: the code is used twice; the second is skipped"]
        if problems:
            report.problems += problems
            continue
        seen.add(brief["code"])
        report.briefs += 1
        links = {
            skill_ids[link["uri"]]: (link["reaches"], link["expects"]) for link in brief["skills"]
        }
        for language in LANGUAGES:
            resource_id, outcome = _brief_upsert(brief, language, links, provider, now)
            setattr(report, outcome, getattr(report, outcome) + 1)
            if outcome != "unchanged":
                touched.append(resource_id)
    if touched:
        resources_refresh_search(resource_ids=touched)
    return report


def _brief_upsert(brief, language, links, provider, now) -> tuple[int, str]:
    text = brief[language]
    reaches = max(reached for reached, _expects in links.values())
    values = {
        "kind": Resource.Kind.PROJECT,
        "title": text["title"].strip(),
        "description": f"{text['deliverable'].strip()}\n\n{DONE_WHEN[language]}"
        f"{text['done_when'].strip()}",
        "language": language,
        "format": Resource.Format.ONLINE,
        "hours": round(float(brief["hours"]), 1),
        "price": 0,
        "certificate_price": 0,
        "currency": "EUR",
        "level": Resource.Level.ADVANCED if reaches >= 4 else Resource.Level.INTERMEDIATE,
        "certificate": False,
        "topics": [brief["role"]],
        "source": "briefs",
    }
    external_id = f"{brief['code']}.{language}"
    resource = Resource.objects.filter(provider=provider, external_id=external_id).first()
    outcome = "unchanged"
    if resource is None:
        resource = Resource.objects.create(
            provider=provider,
            external_id=external_id,
            url=f"{settings.SITE_URL}/",  # replaced below by the resource's own page
            status=Resource.Status.PUBLISHED,
            status_changed_at=now,
            **values,
        )
        ResourceStatusChange.objects.create(
            resource=resource, to_status=resource.status, changed_at=now, note="project brief"
        )
        outcome = "created"
    # A brief lives on our own site: its link is its page in the catalogue.
    values["url"] = settings.SITE_URL.rstrip("/") + reverse("courses:resource", args=[resource.pk])
    changed = [name for name, value in values.items() if _differs(getattr(resource, name), value)]
    if changed:
        for name in changed:
            setattr(resource, name, values[name])
        resource.save()
        outcome = "updated" if outcome == "unchanged" else outcome
    current = {link.skill_id: link for link in ResourceSkill.objects.filter(resource=resource)}
    ours = ResourceSkill.Origin.CURATED_FILE
    stale = [sid for sid, link in current.items() if link.origin == ours and sid not in links]
    if stale:
        ResourceSkill.objects.filter(resource=resource, skill_id__in=stale).delete()
        outcome = "updated" if outcome == "unchanged" else outcome
    for skill_id, (reaches, expects) in links.items():
        link = current.get(skill_id)
        if link is not None and (
            link.origin != ours or (link.level_taught, link.level_required) == (reaches, expects)
        ):
            continue  # a curator's own link on this skill wins over the file
        ResourceSkill.objects.update_or_create(
            resource=resource,
            skill_id=skill_id,
            defaults={
                "level_taught": reaches,
                "level_required": expects,
                "origin": ResourceSkill.Origin.CURATED_FILE,
                "confidence": 1.0,
            },
        )
        outcome = "updated" if outcome == "unchanged" else outcome
    return resource.pk, outcome


def _differs(current, wanted) -> bool:
    if isinstance(wanted, float | int) and not isinstance(wanted, bool):
        return float(current) != float(wanted)
    return current != wanted
