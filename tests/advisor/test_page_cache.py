"""Role suggestions are cached, and whatever the person or the roles change shows at once."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from advisor import services
from advisor.models import PathStep, Profile, ProfileSkill
from skills.models import OccupationSkill
from tests.advisor.journey_data import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def signed_in(client, user, world):
    profile = Profile.objects.create(user=user, weekly_hours=6, budget=500, horizon_weeks=30)
    ProfileSkill.objects.create(profile=profile, skill=world.skills["copywriting"], level=3)
    client.force_login(user)
    return profile


def _readiness(client) -> dict[str, int]:
    """Role title → readiness percent, as /roles/ shows them."""
    page = client.get("/roles/").content.decode()
    cards = re.findall(
        r'<h3><a href="/roles/\d+/">([^<]+)</a></h3>\s*<p class="readiness">'
        r'<span class="big">(\d+) %',
        page,
    )
    return {title: int(percent) for title, percent in cards}


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_a_repeat_visit_to_roles_does_not_score_the_roles_again(client, signed_in):
    first = _queries(client, "/roles/")
    again = _queries(client, "/roles/")
    assert again <= first - 6, (first, again)
    assert _readiness(client)  # the cached cards are the page's cards


@pytest.mark.django_db
def test_new_skill_level_shows_on_the_next_visit(client, signed_in, world):
    before = _readiness(client)
    ProfileSkill.objects.filter(profile=signed_in).update(level=5)  # not even through a save()
    services.profile_skills_set(
        profile=signed_in,
        skills=[(world.skills["copywriting"].pk, 5), (world.skills["analytics"].pk, 4)],
        source=ProfileSkill.Source.SELF,
    )
    after = _readiness(client)
    assert after != before and sum(after.values()) > sum(before.values())


@pytest.mark.django_db
def test_removed_skill_shows_on_the_next_visit(client, signed_in, world):
    before = _readiness(client)
    services.profile_skills_set(profile=signed_in, skills=[], source=ProfileSkill.Source.SELF)
    after = _readiness(client)
    assert sum(after.values()) < sum(before.values())


@pytest.mark.django_db
def test_changed_role_requirement_shows_on_the_next_visit(client, signed_in, world):
    before = _readiness(client)
    # Staff raise what a role needs (admin edit): the person's readiness for it drops.
    requirement = OccupationSkill.objects.filter(
        occupation__is_target=True, skill=world.skills["copywriting"]
    ).first()
    assert requirement is not None
    requirement.level = 5
    requirement.save()
    after = _readiness(client)
    assert after != before


@pytest.mark.django_db
def test_step_done_shows_on_the_next_visit(
    client, signed_in, world, user, django_capture_on_commit_callbacks
):
    signed_in.current_occupation = world.job
    signed_in.save()
    with django_capture_on_commit_callbacks(execute=True):
        assessment = services.assessment_create(profile=signed_in, target=world.roles[0])
    before = _readiness(client)
    for step in PathStep.objects.filter(path__assessment=assessment):
        services.path_step_status_set(step=step, status=PathStep.Status.DONE, user=user)
    after = _readiness(client)
    assert sum(after.values()) > sum(before.values())


@pytest.mark.django_db
def test_each_language_gets_its_own_cards(client, signed_in, world):
    english = client.get("/roles/").content.decode()
    client.post("/accounts/language/", {"language": "fr"})
    french = client.get("/roles/").content.decode()
    role = world.roles[1]  # a title without an apostrophe, which HTML escapes
    assert role.title in english and role.title_fr in french
    assert role.title not in french
