"""Every form of the journey refuses bad input with a message at the field, and saves nothing."""

import re

import pytest

from advisor.models import Assessment, PathStep, Profile, ProfileSkill
from tests.advisor.journey_data import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


def error_at(html: str, element_id: str) -> str:
    """The error text rendered for the field whose error container has this id."""
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</(ul|div)>', html, re.S)
    assert match, f"no error at {element_id}"
    return re.sub(r"<[^>]+>", " ", match.group(1)).strip()


def test_occupation_step_needs_a_job_from_the_list(signed_in, user, world):
    response = signed_in.post("/me/onboarding/occupation/", {"occupation": "999999"})
    assert response.status_code == 400
    assert "Choose a job from the list." in error_at(response.content.decode(), "occupation-error")
    assert Profile.objects.get(user=user).current_occupation is None


def test_skills_step_refuses_a_level_outside_0_to_5_and_keeps_every_level(signed_in, user, world):
    copy, sql = world.skills["copywriting"], world.skills["sql"]
    profile = Profile.objects.create(user=user)
    ProfileSkill.objects.create(profile=profile, skill=copy, level=2)
    response = signed_in.post(
        "/me/onboarding/skills/",
        {"add": [sql.pk], f"level_{copy.pk}": "4", f"new_level_{sql.pk}": "9"},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in error_at(
        response.content.decode(), f"id_new_level_{sql.pk}_error"
    )
    # Nothing half saved: the valid new level of the other skill is not stored either.
    assert dict(profile.skills.values_list("skill_id", "level")) == {copy.pk: 2}


def test_skills_step_refuses_an_unknown_skill(signed_in, user, world):
    response = signed_in.post(
        "/me/onboarding/skills/", {"add": ["424242"], "new_level_424242": "3"}
    )
    assert response.status_code == 400
    assert "This skill is not in the list." in response.content.decode()
    assert not ProfileSkill.objects.exists()


def test_a_search_result_for_a_saved_skill_cannot_change_its_level(signed_in, user, world):
    """Issue 12, bug 1: the saved level-5 skill listed again by a search stays at 5."""
    design, sql = world.skills["copywriting"], world.skills["sql"]
    profile = Profile.objects.create(user=user)
    ProfileSkill.objects.create(profile=profile, skill=design, level=5)
    # The results list both skills; only the new one can be added from there.
    results = signed_in.get("/me/onboarding/skills/", {"q": design.name[:4]}).content.decode()
    assert f'name="new_level_{design.pk}"' not in results
    assert "already in your skills at level 5" in results
    response = signed_in.post(
        "/me/onboarding/skills/",
        {f"level_{design.pk}": "5", "add": [sql.pk], f"new_level_{sql.pk}": "3"},
    )
    assert response.status_code == 302
    assert dict(profile.skills.values_list("skill_id", "level")) == {design.pk: 5, sql.pk: 3}


def test_choosing_a_level_without_the_tick_adds_the_skill(signed_in, user, world):
    """Issue 12, bug 3: a level chosen in the search results is not lost."""
    sql = world.skills["sql"]
    profile = Profile.objects.create(user=user)
    response = signed_in.post("/me/onboarding/skills/", {f"new_level_{sql.pk}": "4"})
    assert response.status_code == 302
    assert dict(profile.skills.values_list("skill_id", "level")) == {sql.pk: 4}


def test_ticking_a_skill_without_a_level_asks_for_one_and_keeps_the_tick(signed_in, user, world):
    copy, sql = world.skills["copywriting"], world.skills["sql"]
    profile = Profile.objects.create(user=user)
    ProfileSkill.objects.create(profile=profile, skill=copy, level=1)
    response = signed_in.post("/me/onboarding/skills/", {f"level_{copy.pk}": "2", "add": [sql.pk]})
    html = response.content.decode()
    assert response.status_code == 400
    assert f"Choose a level from 0 to 5 for {sql.label}." in error_at(
        html, f"id_new_level_{sql.pk}_error"
    )
    # The ticked skill is still on the page, the other change is shown as typed, nothing saved.
    assert f'name="add" value="{sql.pk}"' in html
    assert re.search(rf'name="level_{copy.pk}" value="2"[^>]*checked', html)
    assert dict(profile.skills.values_list("skill_id", "level")) == {copy.pk: 1}


def test_constraints_step_names_each_bad_field_and_saves_none(signed_in, user, world):
    response = signed_in.post(
        "/me/onboarding/constraints/",
        {"weekly_hours": "0", "budget": "-5", "horizon_weeks": "40", "start_date": "31/02/2026"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "greater than or equal to 1" in error_at(html, "id_weekly_hours_error")
    assert "greater than or equal to 0" in error_at(html, "id_budget_error")
    assert "valid date" in error_at(html, "id_start_date_error")
    assert 'aria-invalid="true"' in html
    profile = Profile.objects.get(user=user)
    assert (profile.weekly_hours, profile.horizon_weeks) == (5, 26)  # the defaults, untouched


def test_sectors_step_refuses_an_unknown_sector(signed_in, user, world):
    response = signed_in.post("/me/onboarding/sectors/", {"sectors": ["999999"]})
    assert response.status_code == 400
    assert "Choose sectors from the list." in error_at(
        response.content.decode(), "id_sectors_error"
    )
    assert not Profile.objects.get(user=user).sectors.exists()


def test_preferences_step_needs_a_language_and_a_known_format(signed_in, user, world):
    response = signed_in.post("/me/onboarding/preferences/", {"formats": ["carrier-pigeon"]})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose at least one language." in error_at(html, "id_languages_error")
    assert "Select a valid choice" in error_at(html, "id_formats_error")
    profile = Profile.objects.get(user=user)
    assert (profile.languages, profile.formats) == (["en"], ["online"])


def test_cv_text_must_be_long_enough(signed_in, user, world):
    response = signed_in.post("/me/skills/from-text/", {"text": "SEO"})
    assert response.status_code == 400
    assert "30 characters" in error_at(response.content.decode(), "id_text_error")
    assert not ProfileSkill.objects.exists()


def test_cv_text_proposes_skills_and_accepting_keeps_existing_ones(signed_in, user, world):
    copy, sql = world.skills["copywriting"], world.skills["sql"]
    profile = Profile.objects.create(user=user)
    ProfileSkill.objects.create(profile=profile, skill=copy, level=4)
    text = "Five years of newsletters; I write SQL querying scripts for our monthly reports."
    response = signed_in.post("/me/skills/from-text/", {"text": text})
    assert response.status_code == 200
    assert f'name="level_{sql.pk}"' in response.content.decode()
    signed_in.post(
        "/me/skills/from-text/", {"accept": "1", "skill": [sql.pk], f"level_{sql.pk}": 3}
    )
    assert dict(profile.skills.values_list("skill_id", "level")) == {copy.pk: 4, sql.pk: 3}
    assert profile.skills.get(skill=sql).source == ProfileSkill.Source.CV


def test_cv_accept_refuses_a_missing_level(signed_in, user, world):
    sql = world.skills["sql"]
    response = signed_in.post("/me/skills/from-text/", {"accept": "1", "skill": [sql.pk]})
    assert response.status_code == 400
    assert f"Choose a level from 0 to 5 for {sql.label}." in error_at(
        response.content.decode(), f"id_level_{sql.pk}_error"
    )
    assert not ProfileSkill.objects.exists()


def test_plan_request_refuses_a_role_that_is_not_a_target(signed_in, user, world):
    response = signed_in.post("/plans/", {"target": world.job.pk}, follow=True)
    assert "Choose one of the suggested roles." in response.content.decode()
    assert not Assessment.objects.exists()


def test_step_status_refuses_an_unknown_status(
    signed_in, user, world, django_capture_on_commit_callbacks
):
    from advisor import services

    profile = Profile.objects.create(user=user, budget=500)
    ProfileSkill.objects.create(profile=profile, skill=world.skills["copywriting"], level=3)
    with django_capture_on_commit_callbacks(execute=True):
        assessment = services.assessment_create(profile=profile, target=world.roles[0])
    step = PathStep.objects.filter(path__assessment=assessment).first()
    response = signed_in.post(f"/steps/{step.pk}/status/", {"status": "finished"}, follow=True)
    assert "Choose a valid status for this step." in response.content.decode()
    step.refresh_from_db()
    assert step.status == PathStep.Status.TODO
