import pytest

from reconversion.celery import ping


@pytest.mark.django_db
def test_tasks_run_in_process_on_the_embedded_default():
    assert ping.delay().get(timeout=5) == "pong"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_task_round_trip_through_redis_to_the_real_worker():
    from reconversion.celery import app

    assert app.conf.broker_url.startswith("redis://"), "the services leg must use Redis"
    result = ping.delay()
    assert result.get(timeout=20) == "pong"
    # A real worker, not the in-process fallback, answered.
    assert result.backend.get_task_meta(result.id).get("worker", "")


def test_late_acknowledged_tasks_end_before_redis_gives_their_message_to_another_worker():
    """A task acknowledged late and still running after the broker's visibility timeout would
    be started a second time on another worker: each ends (time limit) before it."""
    from django.conf import settings

    from reconversion.celery import app

    app.loader.import_default_modules()
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    ours = {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}
    assert "advisor.assessment_run" in ours
    too_long = {
        name: task.time_limit or app.conf.task_time_limit
        for name, task in ours.items()
        if task.acks_late and (task.time_limit or app.conf.task_time_limit) >= visibility
    }
    assert not too_long, f"acks_late with a time limit ≥ visibility timeout {visibility} s"
