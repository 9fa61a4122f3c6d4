from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from courses.models import Provider, Resource, ResourceSkill
from skills.models import Occupation, OccupationSkill, Sector, Skill

pytestmark = pytest.mark.django_db

MODELS = (Sector, Skill, Occupation, OccupationSkill, Provider, Resource, ResourceSkill)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_seed_demo_twice_gives_the_same_rows():
    call_command("seed_demo", verbosity=0)
    first = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == first
    assert all(first.values()), first


def test_seed_demo_restores_a_hand_deleted_requirement():
    call_command("seed_demo", verbosity=0)
    before = counts()
    OccupationSkill.objects.filter(occupation__is_target=True).first().delete()
    call_command("seed_demo", verbosity=0)
    assert counts() == before


def test_demo_catalogue_has_what_the_site_promises():
    call_command("seed_demo", verbosity=0)
    assert set(Sector.objects.values_list("slug", flat=True)) >= {
        "finance",
        "health",
        "marketing",
        "design",
    }
    assert not Sector.objects.filter(name_fr="").exists()
    per_sector = Sector.objects.annotate(
        roles=Count("occupations", filter=Q(occupations__is_target=True))
    )
    assert all(sector.roles >= 4 for sector in per_sector), {s.slug: s.roles for s in per_sector}
    roles = Occupation.objects.filter(is_target=True).annotate(n=Count("required_skills"))
    assert all(8 <= role.n <= 15 for role in roles), {r.code: r.n for r in roles}
    assert not roles.filter(title_fr="").exists()
    published = Resource.objects.published()
    assert published.count() >= 60
    assert published.filter(kind__in=Resource.PRACTICE_KINDS).count() >= 10
    assert published.values("provider").distinct().count() >= 3
    assert set(published.values_list("language", flat=True)) >= {"en", "fr"}
    assert len(set(published.values_list("format", flat=True))) >= 2


def test_every_required_level_of_a_demo_role_is_taught_somewhere():
    """A demo plan can always be built: no role demands what the catalogue cannot teach."""
    call_command("seed_demo", verbosity=0)
    best = Counter()
    for skill_id, level in ResourceSkill.objects.values_list("skill_id", "level_taught"):
        best[skill_id] = max(best[skill_id], level)
    unreachable = [
        (req.occupation.code, req.skill.name, req.level)
        for req in OccupationSkill.objects.filter(occupation__is_target=True).select_related(
            "occupation", "skill"
        )
        if best[req.skill_id] < req.level
    ]
    assert unreachable == []
