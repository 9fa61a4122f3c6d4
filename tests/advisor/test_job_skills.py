"""The current job counts (issue 11 item 4): its essential skills are proposed for the person
to confirm, never saved silently, and role suggestions use them meanwhile."""

import re

import pytest

from advisor import selectors
from advisor.models import Profile, ProfileSkill
from skills.models import Skill, Source
from tests.skills.factories import OccupationFactory, OccupationSkillFactory, SkillFactory

ESCO = "http://data.europa.eu/esco/"


@pytest.fixture
def designer_world(db):
    def esco_skill(name, kind=Skill.Kind.SKILL):
        return SkillFactory(uri=f"{ESCO}skill/{name.replace(' ', '-')}", source=Source.ESCO,
                            name=name, kind=kind)  # fmt: skip

    graphic = esco_skill("graphic design")
    typography = esco_skill("typography")
    teamwork = esco_skill("work in teams", kind=Skill.Kind.TRANSVERSAL)
    genai = esco_skill("use generative AI tools")
    job = OccupationFactory(code="ESCO-2166.1", title="graphic designer", source=Source.ESCO)
    for skill in (graphic, typography, teamwork):
        OccupationSkillFactory(occupation=job, skill=skill, level=3, weight=1.0, essential=True)
    role = OccupationFactory(code="AI-DES-01", title="AI-augmented graphic designer",
                             is_target=True, extends=job)  # fmt: skip
    OccupationSkillFactory(occupation=role, skill=graphic, level=3, weight=1.0)
    OccupationSkillFactory(occupation=role, skill=genai, level=3, weight=1.0)
    return job, role, {"graphic": graphic, "typography": typography, "teamwork": teamwork}


def test_a_job_and_no_skills_still_gives_a_readiness_and_says_it_is_estimated(
    client, user, designer_world
):
    job, role, _skills = designer_world
    profile = Profile.objects.create(user=user, current_occupation=job)
    [suggestion] = selectors.role_suggestions(profile=profile)
    # graphic design counts at the implied level 2 of 3, weight 1 of 2: 1/3 ready.
    assert suggestion.readiness_percent == 33
    assert suggestion.estimated_from == job
    client.force_login(user)
    html = client.get("/roles/").content.decode()
    assert "Readiness estimated from your job as graphic designer" in html
    assert not profile.skills.exists()  # nothing was saved on the person's behalf


def test_choosing_a_job_proposes_its_essential_skills_to_confirm(client, user, designer_world):
    job, _role, skills = designer_world
    client.force_login(user)
    response = client.post("/me/onboarding/occupation/", {"occupation": job.pk})
    assert response.status_code == 302 and response["Location"] == "/me/skills/from-job/"
    html = client.get("/me/skills/from-job/").content.decode()
    proposed = set(re.findall(r'name="skill" value="(\d+)"', html))
    # The job's essential skills, not the transversal ones every job has.
    assert proposed == {str(skills["graphic"].pk), str(skills["typography"].pk)}
    assert not ProfileSkill.objects.exists()
    graphic, typography = skills["graphic"].pk, skills["typography"].pk
    client.post(
        "/me/skills/from-job/",
        {"accept": "1", "skill": [graphic, typography], f"level_{graphic}": "5",
         f"level_{typography}": "3", f"remove_{typography}": "on"},
    )  # fmt: skip
    profile = Profile.objects.get(user=user)
    assert dict(profile.skills.values_list("skill_id", "level")) == {graphic: 5}


def test_the_job_proposal_page_leaves_out_skills_already_entered(client, user, designer_world):
    job, _role, skills = designer_world
    profile = Profile.objects.create(user=user, current_occupation=job)
    ProfileSkill.objects.create(profile=profile, skill=skills["graphic"], level=5)
    client.force_login(user)
    html = client.get("/me/skills/from-job/").content.decode()
    assert set(re.findall(r'name="skill" value="(\d+)"', html)) == {str(skills["typography"].pk)}


def test_a_stranger_cannot_open_the_job_proposal_page(client):
    response = client.get("/me/skills/from-job/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
