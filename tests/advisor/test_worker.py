"""With the real Celery worker (services leg): an assessment over the API completes, and one
whose worker is killed mid-way is done once a minute later."""

import base64
import contextlib
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from advisor import running, services
from advisor.models import Assessment, LearningPath, PathStep
from advisor.tasks import assessment_run_task
from tests.advisor.factories import ProfileFactory
from tests.advisor.world import build_world

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_real_worker_completes_an_assessment_requested_over_the_api(api_client, user):
    world = build_world()
    api_client.force_login(user)
    profile = {"budget": 1000, "weekly_hours": 10}
    assert api_client.put("/api/v1/profiles/me/", profile, format="json").status_code == 200
    response = api_client.post(
        "/api/v1/assessments/", {"target": world["role"].code}, format="json"
    )
    assert response.status_code == 201
    url = f"/api/v1/assessments/{response.json()['id']}/"
    deadline = time.monotonic() + 30
    data = api_client.get(url).json()
    while data["status"] in ("pending", "running") and time.monotonic() < deadline:
        time.sleep(0.3)
        data = api_client.get(url).json()
    assert data["status"] == "done", data
    titles = [s["resource"]["title"] for s in data["path"]["steps"]]
    assert data["path"]["total_cost"] == "150.00" and data["open_skills"] == []
    assert titles.index("Python basics") < titles.index("ML course") < titles.index("ML project")


def _test_database_url() -> str:
    db = django_settings.DATABASES["default"]
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return (
        f"postgresql://{quote(db['USER'])}{password}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def _worker(args: list[str], log: Path) -> subprocess.Popen:
    """A worker in its own process group (so it can be killed whole), on the test database."""
    env = {**os.environ, "DATABASE_URL": _test_database_url()}
    return subprocess.Popen(
        [sys.executable, *args, "--loglevel=INFO", "--concurrency=1"]
        + ["--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _stop(worker: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(worker.pid, signal.SIGTERM)
    try:
        worker.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=15)


@pytest.fixture
def drill_queue(monkeypatch):
    """A queue of our own, so that the shared CI worker does not take the drill's message."""
    import redis

    name = f"drill-{os.getpid()}-{time.monotonic_ns()}"
    send = assessment_run_task.apply_async
    monkeypatch.setattr(assessment_run_task, "delay", lambda *args: send(args, queue=name))
    yield name
    redis.Redis.from_url(django_settings.CELERY_BROKER_URL).delete(name)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_assessment_leaves_it_done_once_within_90_seconds(drill_queue, tmp_path):
    """kill -9 on the worker's whole process group while it computes; the worker comes back (as
    compose restarts it) and beat runs the sweep: with default settings the assessment is done,
    with one path, within 90 s."""
    world = build_world()
    profile = ProfileFactory(budget=1000, weekly_hours=10)
    victim = _worker(
        ["-m", "tests.advisor.drill_worker", "worker", "-Q", drill_queue]
        + [f"--hostname=drill-victim-{os.getpid()}@%h"],
        tmp_path / "victim.log",
    )
    restarted = None
    try:
        assessment = services.assessment_create(profile=profile, target=world["role"])
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assessment.refresh_from_db()
            if assessment.status != Assessment.Status.PENDING:
                break
            time.sleep(0.3)
        assert assessment.status == Assessment.Status.RUNNING, (tmp_path / "victim.log").read_text()
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait(timeout=15)
        killed_at = time.monotonic()
        restarted = _worker(
            ["-m", "celery", "-A", "reconversion", "worker", "-Q", drill_queue]
            + [f"--hostname=drill-restarted-{os.getpid()}@%h"],
            tmp_path / "restarted.log",
        )
        next_sweep = killed_at
        while time.monotonic() < killed_at + 90:
            if time.monotonic() >= next_sweep:  # as beat would
                running.assessments_sweep()
                next_sweep += django_settings.CELERY_BEAT_SCHEDULE["advisor-assessments-sweep"][
                    "schedule"
                ]
            assessment.refresh_from_db()
            if assessment.status not in (Assessment.Status.PENDING, Assessment.Status.RUNNING):
                break
            time.sleep(0.5)
        took = time.monotonic() - killed_at
        logs = (tmp_path / "restarted.log").read_text()[-3000:]
        assert assessment.status == Assessment.Status.DONE, (assessment.error, took, logs)
        assert LearningPath.objects.filter(assessment=assessment).count() == 1
        assert PathStep.objects.filter(path__assessment=assessment).exists()
        assert assessment.attempts == 2  # the killed run counts
        print(f"done {took:.1f} s after the kill")
    finally:
        if victim.poll() is None:
            os.killpg(victim.pid, signal.SIGKILL)
        if restarted is not None:
            _stop(restarted)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_sweep_adds_no_message_for_an_assessment_queued_within_the_pending_delay(
    drill_queue, settings
):
    """Counted in Redis itself, on a queue no worker reads: beat's repeated sweeps over a backlog
    send nothing for what was queued recently, and one message for what was queued long ago."""
    import redis

    role = build_world()["role"]
    profile = ProfileFactory()
    now = timezone.now()
    delay = dt.timedelta(minutes=settings.ADVISOR_PENDING_MINUTES)
    backlog = [
        Assessment.objects.create(
            profile=profile, target=role, queued_at=now - delay + dt.timedelta(seconds=30)
        )
        for _ in range(20)
    ]
    lost = Assessment.objects.create(profile=profile, target=role, queued_at=now - delay * 2)
    for _ in range(3):
        running.assessments_sweep()
    broker = redis.Redis.from_url(django_settings.CELERY_BROKER_URL)
    sent = [
        json.loads(base64.b64decode(json.loads(raw)["body"]))[0][0]
        for raw in broker.lrange(drill_queue, 0, -1)
    ]
    assert sent == [lost.id]
    still = Assessment.objects.filter(
        id__in=[a.id for a in backlog], queued_at=backlog[0].queued_at
    )
    assert still.count() == len(backlog)
