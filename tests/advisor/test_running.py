"""Recovery of assessments whose worker died: the claim by task id, the sweep's pacing."""

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from advisor import running
from advisor.models import Assessment, LearningPath
from advisor.tasks import assessment_run_task
from tests.advisor.factories import ProfileFactory
from tests.advisor.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def role():
    return build_world()["role"]


def running_since(role, seconds: float, **fields) -> Assessment:
    fields = {"task_id": "task-1", "attempts": 1, **fields}
    return Assessment.objects.create(
        profile=ProfileFactory(),
        target=role,
        status=Assessment.Status.RUNNING,
        started_at=timezone.now() - dt.timedelta(seconds=seconds),
        **fields,
    )


def test_redelivered_message_takes_back_its_own_running_assessment(role):
    assessment = running_since(role, 2, task_id="task-1")
    assert running.assessment_run(assessment_id=assessment.id, task_id="task-1") is True
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DONE
    assert assessment.attempts == 2  # the killed try counts
    assert LearningPath.objects.filter(assessment=assessment).count() == 1


def test_another_message_leaves_a_running_assessment_alone(role):
    assessment = running_since(role, 2, task_id="task-1")
    assert running.assessment_run(assessment_id=assessment.id, task_id="task-2") is False
    assert running.assessment_run(assessment_id=assessment.id) is False
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.RUNNING and assessment.attempts == 1


def test_done_assessment_is_not_run_again_by_its_redelivered_message(role):
    assessment = Assessment.objects.create(profile=ProfileFactory(), target=role)
    assert running.assessment_run(assessment_id=assessment.id, task_id="task-1") is True
    assert running.assessment_run(assessment_id=assessment.id, task_id="task-1") is False
    assert LearningPath.objects.filter(assessment=assessment).count() == 1


def test_message_after_the_last_attempt_does_not_claim(role, settings):
    assessment = running_since(role, 2, attempts=settings.ADVISOR_MAX_ATTEMPTS)
    assert running.assessment_run(assessment_id=assessment.id, task_id="task-1") is False


def test_sweep_frees_dead_runs_and_sends_only_what_was_not_sent_recently(role, settings):
    now = timezone.now()
    delay = dt.timedelta(minutes=settings.ADVISOR_PENDING_MINUTES)
    limit = settings.ADVISOR_RUN_TIME_LIMIT
    profile = ProfileFactory()

    def pending(**fields):
        return Assessment.objects.create(profile=profile, target=role, **fields)

    just_sent = pending(queued_at=now - dt.timedelta(seconds=5))
    sent_long_ago = pending(queued_at=now - delay - dt.timedelta(seconds=5))
    never_sent = pending()  # the broker was down when it was created
    Assessment.objects.filter(id=never_sent.id).update(created_at=now - delay * 2)
    dead_recent = running_since(role, limit + 5, queued_at=now - dt.timedelta(seconds=limit + 6))
    dead_old = running_since(role, limit + 5, queued_at=now - delay * 2)
    alive = running_since(role, limit - 5, queued_at=now - delay * 2)
    with mock.patch.object(assessment_run_task, "delay") as delay_mock:
        for _ in range(3):  # beat runs it often; each assessment gets one message per delay
            running.assessments_sweep()
    sent = sorted(call.args[0] for call in delay_mock.call_args_list)
    assert sent == sorted([sent_long_ago.id, never_sent.id, dead_old.id])
    statuses = dict(Assessment.objects.values_list("id", "status"))
    # Freed, but its own message comes back from the broker: no second one now.
    assert statuses[dead_recent.id] == statuses[dead_old.id] == Assessment.Status.PENDING
    assert statuses[alive.id] == Assessment.Status.RUNNING
    assert statuses[just_sent.id] == Assessment.Status.PENDING


def test_sweep_gives_up_after_the_last_attempt(role, settings):
    assessment = running_since(
        role, settings.ADVISOR_RUN_TIME_LIMIT + 5, attempts=settings.ADVISOR_MAX_ATTEMPTS
    )
    with mock.patch.object(assessment_run_task, "delay") as delay_mock:
        assert running.assessments_sweep() == 0
    delay_mock.assert_not_called()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.FAILED
    assert "several attempts" in assessment.error
