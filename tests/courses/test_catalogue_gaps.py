import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from courses.models import Resource, SkillSuggestion
from courses.selectors import catalogue_gaps, demanded_skills, resources_closing_gap
from skills.models import Skill
from skills.services import RolesError, regulated_skills_load
from tests.courses.factories import ResourceFactory, ResourceSkillFactory
from tests.skills.factories import (
    OccupationFactory,
    OccupationSkillFactory,
    SectorFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.django_db
def test_gaps_report_skills_no_published_resource_reaches():
    finance = SectorFactory(name="Finance")
    role = OccupationFactory(title="Risk data analyst", is_target=True)
    role.sectors.add(finance)
    covered = OccupationSkillFactory(occupation=role, level=3, skill__name="SQL")
    too_low = OccupationSkillFactory(occupation=role, level=4, skill__name="risk models")
    OccupationSkillFactory(occupation__is_target=False, skill__name="not a target")
    ResourceSkillFactory(skill=covered.skill, level_taught=3)
    ResourceSkillFactory(skill=too_low.skill, level_taught=2)
    ResourceSkillFactory(skill=too_low.skill, level_taught=5, resource__status="draft")

    out = io.StringIO()
    call_command("catalogue_gaps", "--json", stdout=out)
    [report] = json.loads(out.getvalue())
    assert report["title"] == "Risk data analyst" and report["sectors"] == ["Finance"]
    assert (report["required"], report["closable"]) == (2, 1)
    assert [(g["skill"], g["required_level"], g["best_level"]) for g in report["gaps"]] == [
        ("risk models", 4, 2)
    ]

    text = io.StringIO()
    call_command("catalogue_gaps", stdout=text)
    assert "== Finance" in text.getvalue() and "risk models: needs 4" in text.getvalue()


ESCO = "http://data.europa.eu/esco/skill/"


@pytest.fixture
def designer_role():
    """An AI-era role needing Photoshop at 3 (ESCO; O*NET names it again as a tool), Python at
    2, and radiation protection at 3, a skill only a regulated qualification grants."""
    role = OccupationFactory(code="AI-DES-01", title="AI-augmented graphic designer")
    role.is_target = True
    role.save()
    photoshop = SkillFactory(
        uri=f"{ESCO}14ced458-5f4b-495f-bd3d-9c240614bda0", name="Adobe Photoshop"
    )
    SkillFactory(
        uri="onet:technology:Adobe Photoshop",
        name="Adobe Photoshop",
        kind="tool",
        same_as=photoshop,
    )
    python = SkillFactory(
        uri=f"{ESCO}ccd0a1d9-afda-43d9-b901-96344886e14d", name="Python (computer programming)"
    )
    radiation = SkillFactory(
        uri=f"{ESCO}eb65ce8e-61bf-49d1-99bb-cb699ba1005b", name="radiation protection"
    )
    for skill, level in ((photoshop, 3), (python, 2), (radiation, 3)):
        OccupationSkillFactory(occupation=role, skill=skill, level=level)
    return role


def _gaps_by_skill():
    [role] = catalogue_gaps()
    return {gap.skill: gap for gap in role.gaps}


def test_a_gap_counts_the_drafts_and_suggestions_that_would_close_it(designer_role):
    photoshop = Skill.objects.get(uri__startswith=ESCO, name="Adobe Photoshop")
    tool = Skill.objects.get(uri="onet:technology:Adobe Photoshop")
    python = Skill.objects.get(name__startswith="Python")
    draft = Resource.Status.DRAFT
    # Closes it: a Udemy-like draft tagged with the O*NET twin at 3 ...
    ResourceSkillFactory(
        skill=tool,
        level_taught=3,
        resource__status=draft,
        resource__title="Photoshop CC Masterclass",
    )
    # ... and a pending suggestion on an intermediate course (accepted at 3 by default).
    course = ResourceFactory(status=draft, level="intermediate", title="Photoshop for designers")
    SkillSuggestion.objects.create(
        resource=course, skill=photoshop, score=0.9, evidence="Photoshop"
    )
    # Do not close it: a beginner course (accepted at 2), a rejected suggestion, an archived
    # draft, a published resource teaching only to 2 (that is the best level taught).
    beginner = ResourceFactory(status=draft, level="beginner", title="Photoshop basics")
    SkillSuggestion.objects.create(resource=beginner, skill=photoshop, score=0.8)
    rejected = ResourceFactory(status=draft, level="advanced")
    SkillSuggestion.objects.create(
        resource=rejected, skill=photoshop, score=0.7, decision=SkillSuggestion.Decision.REJECTED
    )
    ResourceSkillFactory(skill=photoshop, level_taught=4, resource__status="archived")
    ResourceSkillFactory(skill=photoshop, level_taught=2)
    # Python is taught at 2 by a published course: covered, not a gap.
    ResourceSkillFactory(skill=python, level_taught=2)

    gaps = _gaps_by_skill()
    assert set(gaps) == {"Adobe Photoshop", "radiation protection"}
    photoshop_gap = gaps["Adobe Photoshop"]
    assert (photoshop_gap.required_level, photoshop_gap.best_level) == (3, 2)
    assert photoshop_gap.drafts == 2 and not photoshop_gap.regulated

    # One click from the gap to exactly those two resources in the admin review queue.
    assert photoshop_gap.review_url.endswith(f"?closes={photoshop.id}-3")
    assert set(
        resources_closing_gap(skill_id=photoshop.id, level=3).values_list("title", flat=True)
    ) == {"Photoshop CC Masterclass", "Photoshop for designers"}

    by_skill = {s.skill: s for s in demanded_skills()}
    assert (by_skill["Adobe Photoshop"].published, by_skill["Adobe Photoshop"].drafts) == (0, 2)
    assert by_skill["Python (computer programming)"].published == 1
    assert not by_skill["Python (computer programming)"].is_gap

    out = io.StringIO()
    call_command("catalogue_gaps", stdout=out)
    assert "Adobe Photoshop: needs 3, best taught 2; 2 draft(s) would close it: " in out.getvalue()
    assert f"/admin/courses/resource/?closes={photoshop.id}-3" in out.getvalue()


def test_a_published_twin_closes_the_gap(designer_role):
    tool = Skill.objects.get(uri="onet:technology:Adobe Photoshop")
    ResourceSkillFactory(skill=tool, level_taught=3)

    assert "Adobe Photoshop" not in _gaps_by_skill()


def test_a_regulated_skill_is_flagged_not_sent_to_the_review_queue(designer_role):
    regulated_skills_load()  # the curated file lists radiation protection by its ESCO uri
    # A project brief about it does not grant the qualification: the gap stays open.
    radiation = Skill.objects.get(name="radiation protection")
    ResourceSkillFactory(skill=radiation, level_taught=3, resource__kind="project")

    gap = _gaps_by_skill()["radiation protection"]
    assert gap.regulated and gap.best_level == 3
    out = io.StringIO()
    call_command("catalogue_gaps", stdout=out)
    assert (
        "radiation protection: needs 3, best taught 3; needs a regulated qualification"
        in out.getvalue()
    )
    assert "1 need a regulated qualification" in out.getvalue()


def test_admin_review_queue_lists_the_resources_that_would_close_the_gap(
    designer_role, client, staff_user
):
    photoshop = Skill.objects.get(uri__startswith=ESCO, name="Adobe Photoshop")
    ResourceSkillFactory(
        skill=photoshop, level_taught=3, resource__status="draft", resource__title="Closes it"
    )
    ResourceFactory(status="draft", title="Unrelated draft")
    client.force_login(staff_user)

    page = client.get(reverse("admin:courses_resource_gaps")).content.decode()
    assert f"?closes={photoshop.id}-3" in page and "1 to review" in page
    assert (
        "Demanded skills" in page
        and f'<a href="/admin/courses/resource/?closes={photoshop.id}-3">1</a>' in page
    )
    assert "needs a regulated qualification" not in page  # not flagged until the file is loaded

    queue = client.get(
        reverse("admin:courses_resource_changelist"), {"closes": f"{photoshop.id}-3"}
    )
    assert queue.status_code == 200
    assert [r.title for r in queue.context["cl"].result_list] == ["Closes it"]


def test_regulated_skills_file_flags_imported_skills_and_keeps_curators_choice(tmp_path):
    flagged = SkillFactory(uri=f"{ESCO}eb65ce8e-61bf-49d1-99bb-cb699ba1005b")
    hand_edited = SkillFactory(uri=f"{ESCO}8eab4e4f-03f8-4a66-a830-ec4e5db43253", curated=True)

    report = regulated_skills_load()

    flagged.refresh_from_db()
    hand_edited.refresh_from_db()
    assert flagged.regulated and not hand_edited.regulated
    assert report.flagged == 1
    assert report.skipped["hand-edited in the admin (curated): left as it is"] == 1
    assert report.skipped["skill not imported (run import_esco first)"] >= 10
    assert regulated_skills_load().unchanged == 1  # idempotent

    (tmp_path / "bad.csv").write_text("uri,label,why\nhttp://x,,\n")
    with pytest.raises(RolesError, match="row 2: 'uri' and 'why' are required"):
        regulated_skills_load(path=tmp_path / "bad.csv")
