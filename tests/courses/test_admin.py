import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.models import Resource, SkillSuggestion
from tests.courses.factories import ResourceFactory, ResourceSkillFactory
from tests.skills.factories import OccupationSkillFactory, SkillFactory

IMPORT = reverse("admin:courses_resource_import")
CSV = (
    b"provider,external_id,title,url,hours,level\r\n"
    b"Acme,1,Good row,https://a.example/1,4,beginner\r\n"
    b"Acme,2,Bad level,https://a.example/2,4,guru\r\n"
)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_import_shows_a_dry_run_then_writes_on_confirm(staff_client):
    response = staff_client.post(IMPORT, {"file": SimpleUploadedFile("r.csv", CSV)})
    page = response.content.decode()
    assert "nothing written yet" in page and "guru" in page
    assert not Resource.objects.exists()
    token = response.context["token"]

    done = staff_client.post(IMPORT, {"token": token, "confirm": "1"})
    assert done.status_code == 200 and "Import done" in done.content.decode()
    assert list(Resource.objects.values_list("title", flat=True)) == ["Good row"]
    # The same confirmation cannot run twice.
    again = staff_client.post(IMPORT, {"token": token, "confirm": "1"})
    assert again.status_code == 302 and Resource.objects.count() == 1


def test_import_of_an_unreadable_file_shows_the_reason(staff_client):
    bad = SimpleUploadedFile("r.csv", "Caf\xe9".encode("latin-1"))
    response = staff_client.post(IMPORT, {"file": bad})
    assert "not UTF-8" in response.content.decode()
    assert not Resource.objects.exists()


def test_non_staff_cannot_reach_the_import(client, user):
    client.force_login(user)
    response = client.post(IMPORT, {"file": SimpleUploadedFile("r.csv", CSV)})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Resource.objects.exists()


def test_bulk_publish_refuses_untagged_resources_with_a_message(staff_client):
    tagged = ResourceSkillFactory(resource__status="draft").resource
    untagged = ResourceFactory(status="draft", title="No skills here")
    response = staff_client.post(
        reverse("admin:courses_resource_changelist"),
        {"action": "publish", "_selected_action": [tagged.pk, untagged.pk]},
        follow=True,
    )
    assert "cannot be published" in response.content.decode()
    assert dict(Resource.objects.values_list("title", "status"))["No skills here"] == "draft"
    tagged.refresh_from_db()
    assert tagged.status == "published"


def test_suggestions_can_be_accepted_with_a_level_or_rejected(staff_client):
    sql = SkillFactory(name="SQL")
    violin = SkillFactory(name="violin")
    resource = ResourceFactory(
        status="draft", title="SQL and violin", description="Learn SQL. Also the violin."
    )
    url = reverse("admin:courses_resource_suggestions", args=[resource.pk])
    staff_client.post(url, {"action": "refresh"})
    suggestions = {s.skill_id: s for s in resource.suggestions.all()}
    assert {sql.id, violin.id} <= set(suggestions)

    staff_client.post(url, {"action": "accept", "suggestion": suggestions[sql.id].pk, "level": "3"})
    staff_client.post(url, {"action": "reject", "suggestion": suggestions[violin.id].pk})
    assert resource.skill_links.get().level_taught == 3
    assert SkillSuggestion.objects.get(skill=violin).decision == "rejected"
    # A rejected skill is not suggested again.
    staff_client.post(url, {"action": "refresh"})
    assert not resource.suggestions.filter(skill=violin, decision="pending").exists()
    assert staff_client.get(url).status_code == 200


def test_gap_page_lists_skills_no_published_resource_closes(staff_client):
    need = OccupationSkillFactory(
        occupation__is_target=True, occupation__title="AI auditor", level=4,
        skill__name="audit models",
    )  # fmt: skip
    ResourceSkillFactory(skill=need.skill, level_taught=2)
    page = staff_client.get(reverse("admin:courses_resource_gaps")).content.decode()
    assert "AI auditor" in page and "audit models" in page
    assert "0 of 1 skills covered" in page


def test_review_queue_accepts_at_the_difficulty_level_and_publishes_or_rejects(staff_client):
    sql = SkillFactory(name="SQL")
    violin = SkillFactory(name="play the violin")
    course = ResourceFactory(status=Resource.Status.DRAFT, level="intermediate")
    keep = SkillSuggestion.objects.create(
        resource=course, skill=sql, score=0.7, evidence="alias · topic: SQL"
    )
    drop = SkillSuggestion.objects.create(
        resource=course, skill=violin, score=0.5, evidence="text: violin"
    )
    queue = reverse("admin:courses_skillsuggestion_changelist")

    page = staff_client.get(queue).content.decode()
    assert "alias · topic: SQL" in page  # the evidence is shown in the queue

    staff_client.post(queue, {"action": "accept", "_selected_action": [keep.pk]})
    staff_client.post(queue, {"action": "reject", "_selected_action": [drop.pk]})

    link = course.skill_links.get()
    # An intermediate course reaches 3; the curator's decision is a curator's link.
    assert (link.skill, link.level_taught, link.origin) == (sql, 3, "curator")
    course.refresh_from_db()
    assert course.status == Resource.Status.PUBLISHED
    drop.refresh_from_db()
    assert drop.decision == SkillSuggestion.Decision.REJECTED
    assert not course.skill_links.filter(skill=violin).exists()
