"""Edit and approve a path: every change has a reason the client reads; re-assessments keep it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from advisor import services as advisor_services
from advisor.models import LearningPath
from counselling import selectors
from counselling.models import PathCarryOver, PathEdit
from counselling.services import consent, plans
from courses.search import resources_refresh_search
from tests.advisor.world import build_world
from tests.counselling.factories import (
    AssessmentFactory,
    LearningPathFactory,
    PathStepFactory,
    client_assessed_by_the_worker,
    client_with_plan,
)
from tests.courses.factories import ResourceFactory
from tests.skills.factories import OccupationFactory

pytestmark = pytest.mark.django_db


def _titles(path):
    return list(path.steps.order_by("order").values_list("resource__title", flat=True))


def test_counsellor_removes_adds_and_reorders_with_reasons_then_approves(client, counsellor):
    client_user, path = client_with_plan(counsellor=counsellor, steps=3)
    first, second, third = path.steps.order_by("order")
    extra = ResourceFactory(title="Hands-on data project", hours=20, price=50)
    client.force_login(counsellor)
    base = reverse("counselling:client", args=[client_user.pk])

    r = client.post(
        reverse("counselling:step-remove", args=[client_user.pk, second.pk]),
        {"reason": "Already covered at work"},
    )
    assert r.status_code == 302
    r = client.post(
        reverse("counselling:step-add", args=[client_user.pk]),
        {"resource": extra.pk, "position": 1, "reason": "Practice first, it motivates"},
    )
    assert r.status_code == 302
    r = client.post(
        reverse("counselling:step-move", args=[client_user.pk, third.pk]),
        {"position": 2, "reason": "Needed before the course"},
    )
    assert r.status_code == 302
    assert _titles(path) == [extra.title, third.resource.title, first.resource.title]
    # Orders are 1..n and weeks were laid out again from the profile's 10 h/week.
    steps = list(path.steps.order_by("order"))
    assert [s.order for s in steps] == [1, 2, 3]
    assert (steps[0].week_start, steps[0].week_end) == (1, 2)
    path.refresh_from_db()
    assert path.total_hours == 40

    r = client.post(reverse("counselling:approve", args=[client_user.pk]), {"comment": "Good"})
    assert r.status_code == 302
    path.refresh_from_db()
    assert path.approved_by == counsellor and path.approved_at

    page = client.get(base)
    assert b"Already covered at work" in page.content

    plan = selectors.approved_plan_for(client_user)
    assert [s.resource.title for s in plan.steps] == _titles(path)
    reasons = {e.action: e.reason for e in plan.edits}
    assert reasons == {
        "remove": "Already covered at work",
        "add": "Practice first, it motivates",
        "move": "Needed before the course",
    }
    client.force_login(client_user)
    mine = client.get(reverse("counselling:my-counsellors")).content.decode()
    for text in ("Already covered at work", "Practice first, it motivates", "Good"):
        assert text in mine


def test_edit_after_approval_reopens_the_plan(counsellor):
    client_user, path = client_with_plan(counsellor=counsellor)
    plans.path_approve(counsellor=counsellor, path=path)
    step = path.steps.first()
    plans.path_step_remove(counsellor=counsellor, step=step, reason="Too long")
    path.refresh_from_db()
    assert path.approved_at is None
    assert path.approvals.get().withdrawn_at is not None
    assert selectors.approved_plan_for(client_user) is None


@pytest.mark.parametrize(
    "url_name, data, field",
    [
        ("step-remove", {"reason": ""}, "reason"),
        ("step-remove", {"reason": "   "}, "reason"),
        ("step-move", {"position": "", "reason": "x"}, "position"),
        ("step-move", {"position": "99", "reason": "x"}, "position"),
        ("step-move", {"position": "1", "reason": "x"}, "position"),  # already there
        ("step-move", {"position": "abc", "reason": "x"}, "position"),
        ("step-move", {"position": "2", "reason": "r" * 2001}, "reason"),
    ],
)
def test_step_forms_reject_bad_input_with_field_message(client, counsellor, url_name, data, field):
    client_user, path = client_with_plan(counsellor=counsellor)
    step = path.steps.order_by("order").first()
    client.force_login(counsellor)
    response = client.post(reverse(f"counselling:{url_name}", args=[client_user.pk, step.pk]), data)
    assert response.status_code == 400
    rows = response.context["steps"]
    form = next(r for r in rows if r["step"].pk == step.pk)[
        "remove_form" if url_name == "step-remove" else "move_form"
    ]
    assert form.errors[field]
    assert field.encode() in response.content or form.errors[field][0].encode() in response.content
    assert path.steps.count() == 3 and not PathEdit.objects.exists()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"resource": "", "position": 1, "reason": "x"}, "resource"),
        ({"resource": "999999", "position": 1, "reason": "x"}, "resource"),
        ({"resource": "draft", "position": 1, "reason": "x"}, "resource"),
        ({"resource": "dup", "position": 1, "reason": "x"}, "resource"),
        ({"resource": "ok", "position": 9, "reason": "x"}, "position"),
        ({"resource": "ok", "position": 1, "reason": ""}, "reason"),
    ],
)
def test_add_form_rejects_bad_input_with_field_message(client, counsellor, data, field):
    client_user, path = client_with_plan(counsellor=counsellor)
    draft = ResourceFactory(status="draft")
    ok = ResourceFactory()
    existing = path.steps.first().resource
    data = dict(data)
    data["resource"] = {"draft": draft.pk, "ok": ok.pk, "dup": existing.pk}.get(
        data["resource"], data["resource"]
    )
    client.force_login(counsellor)
    response = client.post(reverse("counselling:step-add", args=[client_user.pk]), data)
    assert response.status_code == 400
    assert response.context["add_form"].errors[field]
    assert path.steps.count() == 3


def test_validate_skill_marks_level_as_validated(client, counsellor):
    from tests.counselling.factories import ProfileSkillFactory

    client_user, path = client_with_plan(counsellor=counsellor)
    ps = ProfileSkillFactory(profile=path.profile, level=2)
    client.force_login(counsellor)
    url = reverse("counselling:skill-validate", args=[client_user.pk, ps.pk])
    bad = client.post(url, {"level": 9, "note": "x"})
    assert bad.status_code == 400
    assert client.post(url, {"level": 3, "note": ""}).status_code == 400
    assert client.post(url, {"level": 3, "note": "Saw the portfolio"}).status_code == 302
    ps.refresh_from_db()
    assert (ps.level, ps.source, ps.validated_by, ps.validation_note) == (
        3,
        "counsellor",
        counsellor,
        "Saw the portfolio",
    )
    page = client.get(reverse("counselling:client", args=[client_user.pk])).content.decode()
    assert "validated" in page and "Saw the portfolio" in page


def test_catalogue_search_lists_published_resources_only(client, counsellor):
    client_user, _ = client_with_plan(counsellor=counsellor)
    published = ResourceFactory(title="Prompt engineering basics")
    draft = ResourceFactory(title="Prompt engineering draft", status="draft")
    # The catalogue's search index is built by courses' service (full text on PostgreSQL).
    resources_refresh_search(resource_ids=[published.pk, draft.pk])
    client.force_login(counsellor)
    page = client.get(reverse("counselling:client", args=[client_user.pk]), {"q": "prompt"})
    titles = [r.title for r in page.context["search_results"]]
    assert titles == ["Prompt engineering basics"]


def _reassess(path, *, target=None, resources=None):
    assessment = AssessmentFactory(
        profile=path.profile, target=target or path.assessment.target, readiness=0.7
    )
    new = LearningPathFactory(assessment=assessment, profile=path.profile)
    for i, r in enumerate(resources or [s.resource for s in path.steps.order_by("order")], 1):
        PathStepFactory(path=new, order=i, resource=r)
    return new


def test_reassessment_keeps_approved_decisions_for_the_same_target(counsellor):
    client_user, path = client_with_plan(counsellor=counsellor, steps=3)
    s1, s2, s3 = path.steps.order_by("order")
    extra = ResourceFactory(title="Counsellor's pick")
    plans.path_step_remove(counsellor=counsellor, step=s2, reason="Done it at work")
    plans.path_step_add(
        counsellor=counsellor, path=path, resource=extra, position=1, reason="Start with practice"
    )
    plans.path_approve(counsellor=counsellor, path=path)
    newcomer = ResourceFactory(title="Engine's new idea")
    # The engine proposes the original three again, plus a new one.
    new = _reassess(path, resources=[s1.resource, s2.resource, s3.resource, newcomer])
    carry = plans.path_carry_over(path_id=new.pk)
    assert carry.kept is True
    assert _titles(new) == [extra.title, s1.resource.title, s3.resource.title, newcomer.title]
    what = {item["what"] for item in carry.summary}
    assert {"readiness", "engine_added", "decision"} <= what
    decisions = [i for i in carry.summary if i["what"] == "decision"]
    assert all(d["applied"] for d in decisions) and len(decisions) == 2
    assert {e.reason for e in new.edits.all()} == {"Done it at work", "Start with practice"}
    assert all(e.carried_from_id for e in new.edits.all())
    # Idempotent: a second call does nothing.
    assert plans.path_carry_over(path_id=new.pk) is None
    assert new.edits.count() == 2


def test_reassessment_with_new_target_drops_decisions_and_says_so(counsellor):
    client_user, path = client_with_plan(counsellor=counsellor, steps=2)
    plans.path_step_remove(counsellor=counsellor, step=path.steps.first(), reason="Not needed")
    plans.path_approve(counsellor=counsellor, path=path)
    new_target = OccupationFactory(title="AI product manager", is_target=True)
    new = _reassess(path, target=new_target, resources=[ResourceFactory(), ResourceFactory()])
    carry = plans.path_carry_over(path_id=new.pk)
    assert carry.kept is False
    assert carry.summary[0] == {
        "what": "target",
        "from": path.assessment.target.label,
        "to": "AI product manager",
    }
    assert new.steps.count() == 2 and not new.edits.exists()


def test_carry_over_runs_when_the_worker_commits_a_new_path(
    counsellor, django_capture_on_commit_callbacks
):
    """A real re-assessment: the worker stores the new path, advisor says so, and the
    counsellor's approved removal is replayed on it."""
    world = build_world()
    profile, first = client_assessed_by_the_worker(
        counsellor, world, django_capture_on_commit_callbacks
    )
    path = first.path
    ml_step = path.steps.get(resource__title="ML course")
    plans.path_step_remove(counsellor=counsellor, step=ml_step, reason="Too advanced for now")
    plans.path_approve(counsellor=counsellor, path=path)
    with django_capture_on_commit_callbacks(execute=True):
        again = advisor_services.assessment_create(profile=profile, target=world["role"])
    new = again.path
    assert PathCarryOver.objects.filter(path=new, previous_path=path, kept=True).exists()
    assert not new.steps.filter(resource__title="ML course").exists()
    assert new.edits.get().reason == "Too advanced for now"


def test_empty_plan_cannot_be_approved(counsellor):
    client_user, path = client_with_plan(counsellor=counsellor, steps=1)
    plans.path_step_remove(counsellor=counsellor, step=path.steps.get(), reason="No")
    with pytest.raises(ValidationError):
        plans.path_approve(counsellor=counsellor, path=path)


def test_approve_without_a_plan_gives_a_message(client, counsellor, user):
    consent.access_grant(client=user, counsellor=counsellor, actor=user, via="code")
    client.force_login(counsellor)
    response = client.post(reverse("counselling:approve", args=[user.pk]), {"comment": ""})
    assert response.status_code == 400
    assert response.context["approve_form"].non_field_errors()
    assert not LearningPath.objects.exists()


def test_a_step_the_counsellor_adds_is_priced_in_eur_like_the_engines(counsellor):
    _client, path = client_with_plan(counsellor=counsellor, steps=1)
    course = ResourceFactory(title="US course", price=100, currency="USD")
    plans.path_step_add(
        counsellor=counsellor, path=path, resource=course, position=2, reason="Good one"
    )
    step = path.steps.get(resource=course)
    assert float(step.price) == pytest.approx(92.0)  # 100 USD at the planner's 0.92
    path.refresh_from_db()
    assert float(path.total_cost) == pytest.approx(92.0)


def test_a_resource_in_an_unknown_currency_is_refused_with_a_message(counsellor):
    _client, path = client_with_plan(counsellor=counsellor, steps=1)
    course = ResourceFactory(title="Odd course", price=100, currency="ZZZ")
    with pytest.raises(ValidationError) as err:
        plans.path_step_add(
            counsellor=counsellor, path=path, resource=course, position=1, reason="Try it"
        )
    assert "ZZZ" in str(err.value.message_dict["resource"])
    assert path.steps.count() == 1


def test_reordering_a_plan_with_open_skills_gives_no_ready_week(counsellor):
    _client, path = client_with_plan(counsellor=counsellor, steps=2)
    path.open_skills = [{"skill_id": 1, "current": 0, "reached": 2, "required": 3, "reason": "x"}]
    path.save()
    step = path.steps.order_by("order").last()
    plans.path_step_move(counsellor=counsellor, step=step, position=1, reason="First")
    path.refresh_from_db()
    assert path.weeks_to_ready is None
