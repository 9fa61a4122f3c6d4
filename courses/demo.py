"""The demo catalogue: sectors, AI-era roles, skills and resources, in French and English.

It is self-contained (no ESCO/O*NET import needed) so that a fresh checkout shows a working
site. Loading it again brings the database back to the file: same rows, no duplicates.
"""

import json
from collections import Counter
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from skills.models import Occupation, OccupationSkill, Sector, Skill, Source

from .models import Provider, Resource, ResourceSkill

DEMO_FILE = Path(__file__).resolve().parent / "demo" / "catalogue.json"
SKILL_URI_PREFIX = "urn:reconversion:demo:skill:"


def demo_skill_uri(key: str) -> str:
    return f"{SKILL_URI_PREFIX}{key}"


def _upsert(model, counts: Counter, lookup: dict, values: dict):
    obj, created = model.objects.update_or_create(**lookup, defaults=values)
    counts[f"{model.__name__.lower()}s_{'created' if created else 'kept'}"] += 1
    return obj


@transaction.atomic
def demo_catalogue_load(path: Path = DEMO_FILE) -> Counter:
    """Create or refresh every demo row from `path`; returns counts per model and outcome."""
    data = json.loads(path.read_text(encoding="utf-8"))
    counts: Counter = Counter()

    sectors = {
        row["slug"]: _upsert(
            Sector,
            counts,
            {"slug": row["slug"]},
            {k: row.get(k, "") for k in ("name", "name_fr", "description", "description_fr")},
        )
        for row in data["sectors"]
    }

    skills = {}
    for row in data["skills"]:
        skills[row["key"]] = _upsert(
            Skill,
            counts,
            {"uri": demo_skill_uri(row["key"])},
            {
                "source": Source.DEMO,
                "name": row["name"],
                "name_fr": row.get("name_fr", ""),
                "description": row.get("description", ""),
                "description_fr": row.get("description_fr", ""),
                "kind": row["kind"],
                "is_ai": bool(row.get("is_ai")),
                "is_digital": bool(row.get("is_ai")),
                "alt_labels": row.get("alt_labels", []),
            },
        )

    for row in data["occupations"]:
        occupation = _upsert(
            Occupation,
            counts,
            {"code": row["code"]},
            {
                "source": Source.DEMO,
                "title": row["title"],
                "title_fr": row.get("title_fr", ""),
                "description": row.get("description", ""),
                "description_fr": row.get("description_fr", ""),
                "is_target": bool(row.get("is_target")),
            },
        )
        occupation.sectors.set([sectors[slug] for slug in row.get("sectors", [])])
        wanted = {}
        for req in row["skills"]:
            skill = skills[req["skill"]]
            wanted[skill.pk] = _upsert(
                OccupationSkill,
                counts,
                {"occupation": occupation, "skill": skill},
                {
                    "level": req["level"],
                    "weight": req.get("weight", 1.0),
                    "essential": req.get("essential", True),
                },
            )
        occupation.required_skills.exclude(skill_id__in=wanted).delete()

    providers = {
        row["slug"]: _upsert(
            Provider,
            counts,
            {"slug": row["slug"]},
            {"name": row["name"], "url": row.get("url", "")},
        )
        for row in data["providers"]
    }

    now = timezone.now()
    for row in data["resources"]:
        resource = _upsert(
            Resource,
            counts,
            {"provider": providers[row["provider"]], "external_id": row["external_id"]},
            {
                "kind": row["kind"],
                "title": row["title"],
                "description": row.get("description", ""),
                "url": row["url"],
                "language": row["language"],
                "format": row["format"],
                "hours": row["hours"],
                "price": row["price"],
                "currency": row.get("currency", "EUR"),
                "level": row["level"],
                "rating": row.get("rating"),
                "rating_count": row.get("rating_count", 0),
                "certificate": bool(row.get("certificate")),
                "status": Resource.Status.PUBLISHED,
                "source": "demo",
            },
        )
        if resource.status_changed_at is None:
            Resource.objects.filter(pk=resource.pk).update(status_changed_at=now)
        levels: dict[int, dict[str, int]] = {}
        for item in row.get("teaches", []):
            levels.setdefault(skills[item["skill"]].pk, {})["level_taught"] = item["level"]
        for item in row.get("requires", []):
            levels.setdefault(skills[item["skill"]].pk, {})["level_required"] = item["level"]
        for skill_id, values in levels.items():
            _upsert(
                ResourceSkill,
                counts,
                {"resource": resource, "skill_id": skill_id},
                {
                    "level_taught": values.get("level_taught", 0),
                    "level_required": values.get("level_required", 0),
                },
            )
        resource.skill_links.exclude(skill_id__in=levels).delete()
    return counts
