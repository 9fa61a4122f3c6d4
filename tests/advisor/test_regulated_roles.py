"""Roles built on a regulated profession (radiographer, nurse) are never offered as reachable by
courses alone: only someone who already holds the qualification sees them ranked."""

import pytest
from django.urls import reverse

from advisor import moves, selectors
from advisor.models import Profile, ProfileSkill
from skills.models import Source
from tests.skills.factories import OccupationFactory, OccupationSkillFactory, SkillFactory

pytestmark = pytest.mark.django_db

NOTICE = "Requires a regulated qualification (that of a diagnostic radiographer)"


@pytest.fixture
def roles():
    """Shaped like the real file: ESCO occupations with their codes, two AI-era roles."""

    def esco(code, title):
        return OccupationFactory(code=code, title=title, source=Source.ESCO)

    radiographer = esco("2269.8.1", "diagnostic radiographer")
    nuclear = esco("2269.8.2", "nuclear medicine radiographer")
    podiatrist = esco("2269.4", "podiatrist")  # same ISCO group, another profession
    analyst = esco("2511.3", "data analyst")
    anatomy, vision, sql = (
        SkillFactory(name=n) for n in ("human anatomy", "computer vision", "SQL")
    )
    imaging = OccupationFactory(
        code="AI-HEA-04",
        title="AI medical imaging specialist",
        is_target=True,
        regulated=True,
        extends=radiographer,
    )
    OccupationSkillFactory(occupation=imaging, skill=anatomy, level=3, weight=1.0)
    OccupationSkillFactory(occupation=imaging, skill=vision, level=2, weight=0.8)
    clinical_data = OccupationFactory(
        code="AI-HEA-01", title="Clinical data analyst", is_target=True, extends=analyst
    )
    OccupationSkillFactory(occupation=clinical_data, skill=sql, level=3, weight=1.0)
    OccupationSkillFactory(occupation=clinical_data, skill=vision, level=3, weight=0.5)
    return {
        "imaging": imaging,
        "clinical_data": clinical_data,
        "radiographer": radiographer,
        "nuclear": nuclear,
        "podiatrist": podiatrist,
        "skills": {"anatomy": anatomy, "vision": vision, "sql": sql},
    }


def _profile(user, roles, occupation=None):
    profile = Profile.objects.create(user=user, current_occupation=occupation)
    # Readiness alone would put the imaging role first: anatomy and vision at level.
    for key, level in (("anatomy", 3), ("vision", 2)):
        ProfileSkill.objects.create(profile=profile, skill=roles["skills"][key], level=level)
    return profile


def test_a_regulated_role_is_not_ranked_for_someone_without_the_qualification(user, roles):
    profile = _profile(user, roles)
    ranked = selectors.role_suggestions(profile=profile)
    assert [s.occupation.code for s in ranked] == ["AI-HEA-01"]

    reachable, regulated = selectors.role_suggestions_by_reach(profile=profile)
    assert [s.occupation.code for s in reachable] == ["AI-HEA-01"]
    [imaging] = regulated
    assert imaging.occupation == roles["imaging"] and imaging.needs_qualification
    assert imaging.readiness == 1.0  # fully "ready" on skills, still not reachable


def test_a_podiatrist_in_the_same_isco_group_does_not_hold_the_radiographer_diploma(user, roles):
    profile = _profile(user, roles, occupation=roles["podiatrist"])
    assert [s.occupation.code for s in selectors.role_suggestions(profile=profile)] == ["AI-HEA-01"]


@pytest.mark.parametrize("job", ["radiographer", "nuclear"])
def test_a_radiographer_sees_the_imaging_role_ranked_first(user, roles, job):
    profile = _profile(user, roles, occupation=roles[job])
    reachable, regulated = selectors.role_suggestions_by_reach(profile=profile)
    assert [s.occupation.code for s in reachable] == ["AI-HEA-04", "AI-HEA-01"]
    assert regulated == [] and not reachable[0].needs_qualification


def test_limit_counts_only_reachable_roles(user, roles):
    profile = _profile(user, roles)
    assert [s.occupation.code for s in selectors.role_suggestions(profile=profile, limit=1)] == [
        "AI-HEA-01"
    ]


def test_roles_page_lists_regulated_roles_apart_and_says_why(client, user, roles):
    _profile(user, roles)
    client.force_login(user)
    page = client.get(reverse("advisor:roles")).content.decode()
    ranked, apart = page.split("Roles that need a regulated qualification", 1)
    assert "Clinical data analyst" in ranked and "AI medical imaging specialist" not in ranked
    assert "AI medical imaging specialist" in apart and NOTICE in apart
    assert "courses cannot get you there" in apart


def test_role_page_says_courses_cannot_get_you_there_unless_you_hold_it(client, user, roles):
    profile = _profile(user, roles)
    client.force_login(user)
    url = reverse("advisor:role", args=[roles["imaging"].pk])
    assert NOTICE in client.get(url).content.decode()
    profile.current_occupation = roles["radiographer"]
    profile.save()
    page = client.get(url).content.decode()
    assert NOTICE not in page and "open to you as a diagnostic radiographer" in page


def test_french_reader_is_told_in_french(client, user, roles):
    _profile(user, roles)
    client.force_login(user)
    url = reverse("advisor:role", args=[roles["imaging"].pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "les formations seules ne permettent pas d'y accéder" in page


def test_api_never_lists_a_regulated_role_the_person_cannot_reach(client, user, roles):
    _profile(user, roles)
    client.force_login(user)
    body = client.get(reverse("role-suggestions")).json()
    assert [r["occupation"]["code"] for r in body] == ["AI-HEA-01"]
    assert body[0]["regulated"] is False


def test_transitions_offer_a_regulated_role_only_from_a_job_that_qualifies(roles):
    from advisor.models import Transition

    def moves_from(job):
        for rank, target in enumerate((roles["imaging"], roles["clinical_data"]), start=1):
            Transition.objects.create(
                source=job, target=target, version="v1", rank=rank, score=1 - rank / 10
            )
        return [t.target.code for t in moves.transitions_for(occupation=job)]

    assert moves_from(roles["podiatrist"]) == ["AI-HEA-01"]
    assert moves_from(roles["nuclear"]) == ["AI-HEA-04", "AI-HEA-01"]
