"""Assessment lifecycle, profile writes and carry-over, on the database."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from advisor import running, selectors, services
from advisor.models import Assessment, LearningPath, PathStep, ProfileSkill
from tests.advisor.factories import ProfileFactory
from tests.advisor.world import build_world
from tests.courses.factories import ResourceFactory, ResourceSkillFactory
from tests.skills.factories import OccupationFactory, OccupationSkillFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_assessment_is_computed_with_path_in_order_and_explained(
    world, django_capture_on_commit_callbacks
):
    profile = ProfileFactory(budget=1000, weekly_hours=10, start_date=dt.date(2026, 3, 2))
    services.profile_skills_set(profile=profile, skills=[(world["skills"]["python"].id, 1)])
    with django_capture_on_commit_callbacks(execute=True):
        assessment = services.assessment_create(profile=profile, target=world["role"])
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DONE, assessment.error
    steps = list(PathStep.objects.filter(path__assessment=assessment).order_by("order"))
    titles = [s.resource.title for s in steps]
    # Python first (it unlocks the ML course), the ML course before the ML project.
    assert titles.index("Python basics") < titles.index("ML course") < titles.index("ML project")
    assert all(s.rationale for s in steps)
    assert "Comes before “ML course”" in steps[titles.index("Python basics")].rationale
    gap = selectors.assessment_gap(assessment=assessment)
    assert gap.readiness_percent == round(assessment.readiness * 100)
    assert {row.skill.name for row in gap.missing} == {"Python", "Statistics", "Machine learning"}
    assert assessment.path.weeks_to_ready == steps[-1].week_end
    assert assessment.path.open_skills == []


def test_task_run_twice_gives_one_path(world):
    profile = ProfileFactory()
    assessment = Assessment.objects.create(profile=profile, target=world["role"])
    assert running.assessment_run(assessment_id=assessment.id) is True
    assert running.assessment_run(assessment_id=assessment.id) is False
    assert LearningPath.objects.filter(assessment=assessment).count() == 1
    assessment.refresh_from_db()
    assert assessment.attempts == 1


def test_pending_assessment_left_by_a_broker_outage_is_completed_by_the_sweep(world, settings):
    profile = ProfileFactory()
    with mock.patch("advisor.tasks.assessment_run_task.delay", side_effect=OSError("broker down")):
        assessment = services.assessment_create(profile=profile, target=world["role"])
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.PENDING
    # Too recent: left alone.
    assert running.assessments_sweep() == 0
    Assessment.objects.filter(id=assessment.id).update(
        created_at=timezone.now() - dt.timedelta(minutes=settings.ADVISOR_PENDING_MINUTES + 1)
    )
    assert running.assessments_sweep() == 1
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DONE


def test_assessment_running_past_the_time_limit_is_taken_back(world, settings):
    profile = ProfileFactory()
    long_ago = timezone.now() - dt.timedelta(minutes=settings.ADVISOR_PENDING_MINUTES + 1)
    assessment = Assessment.objects.create(
        profile=profile,
        target=world["role"],
        status=Assessment.Status.RUNNING,
        started_at=timezone.now() - dt.timedelta(seconds=settings.ADVISOR_RUN_TIME_LIMIT + 5),
        queued_at=long_ago,
        attempts=1,
    )
    assert running.assessments_sweep() == 1
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DONE


def test_failure_is_recorded_with_a_readable_message(world):
    profile = ProfileFactory()
    empty_role = world["role"].__class__.objects.create(
        code="EMPTY", title="Empty", source="curated"
    )
    assessment = Assessment.objects.create(profile=profile, target=empty_role)
    running.assessment_run(assessment_id=assessment.id)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.FAILED
    assert "no required skills" in assessment.error


def test_unexpected_error_ends_failed_not_stuck(world):
    profile = ProfileFactory()
    assessment = Assessment.objects.create(profile=profile, target=world["role"])
    with mock.patch("advisor.running.plan_path", side_effect=RuntimeError("boom")):
        running.assessment_run(assessment_id=assessment.id)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.FAILED
    assert "could not be computed" in assessment.error


def test_reassessment_keeps_history_and_carries_over_done_steps(world):
    profile = ProfileFactory(budget=1000)
    first = Assessment.objects.create(profile=profile, target=world["role"])
    running.assessment_run(assessment_id=first.id)
    intro = PathStep.objects.get(path__assessment=first, resource=world["resources"]["intro"])
    services.path_step_status_set(step=intro, status="done", user=profile.user)
    second = Assessment.objects.create(profile=profile, target=world["role"])
    running.assessment_run(assessment_id=second.id)
    second.refresh_from_db()
    first.refresh_from_db()
    assert first.status == second.status == Assessment.Status.DONE  # history kept
    assert second.readiness > first.readiness  # Python at 3 now counts
    steps = list(PathStep.objects.filter(path__assessment=second).order_by("order"))
    assert steps[0].resource == world["resources"]["intro"]
    assert steps[0].carried_over and steps[0].status == PathStep.Status.DONE
    assert [s.resource for s in steps].count(world["resources"]["intro"]) == 1
    # A third plan: the step is done in two earlier paths now, and still counts once (each
    # path's row used to join the SELECT DISTINCT through Meta.ordering: "2 / 8" done).
    third = Assessment.objects.create(profile=profile, target=world["role"])
    running.assessment_run(assessment_id=third.id)
    steps = list(PathStep.objects.filter(path__assessment=third))
    assert [s.resource for s in steps].count(world["resources"]["intro"]) == 1
    assert sum(1 for s in steps if s.status == PathStep.Status.DONE) == 1
    assert selectors.done_resource_ids(profile=profile) == [world["resources"]["intro"].id]


def test_profile_update_names_the_bad_fields_and_keeps_what_was_there():
    profile = ProfileFactory(weekly_hours=6, formats=["online"])
    with pytest.raises(ValidationError) as err:
        services.profile_update(
            profile=profile,
            weekly_hours=0,
            horizon_weeks=261,
            budget=Decimal("-1"),
            formats=["carrier pigeon"],
        )
    assert set(err.value.message_dict) == {"weekly_hours", "horizon_weeks", "budget", "formats"}
    assert (profile.weekly_hours, profile.formats) == (6, ["online"])
    profile.refresh_from_db()
    assert (profile.weekly_hours, profile.formats) == (6, ["online"])


def test_profile_update_changes_only_the_fields_given():
    profile = ProfileFactory(weekly_hours=6, budget=Decimal("300.00"), start_date=None)
    services.profile_update(profile=profile, horizon_weeks=40)
    profile.refresh_from_db()
    assert (profile.weekly_hours, profile.budget, profile.horizon_weeks) == (6, 300, 40)


def test_profile_update_refuses_an_ai_era_role_as_current_job(world):
    profile = ProfileFactory()
    with pytest.raises(ValidationError) as err:
        services.profile_update(profile=profile, current_occupation=world["role"])
    assert set(err.value.message_dict) == {"current_occupation"}


def test_profile_skills_set_replaces_the_set(world):
    profile = ProfileFactory()
    py, stats = world["skills"]["python"], world["skills"]["stats"]
    services.profile_skills_set(profile=profile, skills=[(py.id, 2), (stats.id, 1)])
    services.profile_skills_set(profile=profile, skills=[(py.id, 3)], source="counsellor")
    assert list(
        ProfileSkill.objects.filter(profile=profile).values_list("skill_id", "level", "source")
    ) == [(py.id, 3, "counsellor")]


def test_counsellor_sees_a_client_only_while_the_grant_is_active(world, counsellor):
    from advisor.models import CounsellorAccess

    profile = ProfileFactory()
    assessment = Assessment.objects.create(profile=profile, target=world["role"])
    assert not selectors.assessments_visible_to(counsellor).filter(id=assessment.id).exists()
    grant = CounsellorAccess.objects.create(client=profile.user, counsellor=counsellor)
    assert selectors.assessments_visible_to(counsellor).filter(id=assessment.id).exists()
    grant.revoked_at = timezone.now()
    grant.save()
    assert not selectors.assessments_visible_to(counsellor).filter(id=assessment.id).exists()


def test_role_suggestions_are_explained(world):
    profile = ProfileFactory()
    services.profile_skills_set(profile=profile, skills=[(world["skills"]["python"].id, 3)])
    [suggestion] = selectors.role_suggestions(profile=profile)
    assert suggestion.occupation == world["role"]
    assert [s.name for s in suggestion.transferable] == ["Python"]
    assert "ready" in suggestion.reason and "Python" in suggestion.reason
    assert 0 < suggestion.readiness < 1


def test_a_demoted_counsellor_no_longer_sees_former_clients(world, counsellor):
    from advisor.models import CounsellorAccess

    profile = ProfileFactory()
    assessment = Assessment.objects.create(profile=profile, target=world["role"])
    CounsellorAccess.objects.create(client=profile.user, counsellor=counsellor)
    assert selectors.assessments_visible_to(counsellor).filter(id=assessment.id).exists()
    counsellor.role = counsellor.Role.JOB_SEEKER
    counsellor.save()
    assert not selectors.assessments_visible_to(counsellor).filter(id=assessment.id).exists()
    assert not selectors.path_steps_visible_to(counsellor).exists()


def test_the_plan_says_how_ready_the_person_will_be_after_it(
    world, django_capture_on_commit_callbacks, client
):
    """Issue 11 item 3: readiness after the path, next to readiness today."""
    profile = ProfileFactory(budget=120, weekly_hours=10, start_date=dt.date(2026, 3, 2))
    with django_capture_on_commit_callbacks(execute=True):
        assessment = services.assessment_create(profile=profile, target=world["role"])
    assessment.refresh_from_db()
    gap = selectors.assessment_gap(assessment=assessment)
    # The role weighs Python 2 × 1, Statistics 2 × 0.5 and ML 4 × 1 (7 in all). 120 € buys
    # Python basics (free), the ML course (100 €) and the ML project (free), not Statistics 101
    # (50 €): Statistics stays at 0, 1 of 7 short.
    assert gap.readiness_percent == 0
    assert gap.readiness_after_percent == round(100 * (1 - 1 / 7))
    [open_skill] = gap.open_skills
    assert open_skill["reason"] == "over_budget"
    assert open_skill["why"].endswith("with a budget of 150 €, “Statistics 101” would fit")
    client.force_login(profile.user)
    html = client.get(f"/assessments/{assessment.pk}/").content.decode()
    assert f'id="readiness-after">{gap.readiness_after_percent} %' in html


def test_the_worker_plans_three_trade_offs_and_switching_keeps_steps_done(
    django_capture_on_commit_callbacks, client
):
    """Issue 11 item 8: soonest, cheapest and most recognised paths, ranked by the person's
    priority, identical ones once; switching plans again and keeps what is done."""
    skill = SkillFactory(name="Data visualisation")
    role = OccupationFactory(code="AI-TEST-ALT", title="Analyst", is_target=True)
    OccupationSkillFactory(occupation=role, skill=skill, level=2, weight=1.0)
    quick = ResourceFactory(title="Quick paid", hours=10, price=200, certificate=False)
    free = ResourceFactory(title="Long free", hours=30, price=0, certificate=False)
    known = ResourceFactory(title="Certified", hours=16, price=90, certificate=True)
    for resource in (quick, free, known):
        ResourceSkillFactory(resource=resource, skill=skill, level_taught=2)
    profile = ProfileFactory(budget=500, weekly_hours=10, priority="cheapest")
    with django_capture_on_commit_callbacks(execute=True):
        first = services.assessment_create(profile=profile, target=role)
    first.refresh_from_db()
    assert first.objective == "cheapest"
    assert [s.resource.title for s in first.path.steps.all()] == ["Long free"]
    alternatives = selectors.path_alternatives(first)
    assert [a.objectives for a in alternatives] == [["cheapest"], ["soonest"], ["recognised"]]
    assert [a.current for a in alternatives] == [True, False, False]
    step = first.path.steps.get()
    services.path_step_status_set(step=step, status=PathStep.Status.DONE, user=profile.user)
    client.force_login(profile.user)
    html = client.get(f"/assessments/{first.pk}/").content.decode()
    assert "Other ways to get there" in html and 'value="recognised"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/assessments/{first.pk}/switch/", {"objective": "recognised"})
    switched = Assessment.objects.exclude(pk=first.pk).get()
    assert response["Location"] == f"/assessments/{switched.pk}/"
    assert switched.objective == "recognised"
    steps = {s.resource.title: s for s in switched.path.steps.all()}
    # The free course done under the first plan stays done; the skill is reached already.
    assert steps["Long free"].status == PathStep.Status.DONE and steps["Long free"].carried_over
    # A stranger cannot switch someone else's plan.
    stranger = ProfileFactory()
    client.force_login(stranger.user)
    assert (
        client.post(f"/assessments/{first.pk}/switch/", {"objective": "soonest"}).status_code == 404
    )
