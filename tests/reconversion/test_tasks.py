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
