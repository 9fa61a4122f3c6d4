"""Celery tasks: thin, take ids, claim rows (the services do), retry only transient errors.

Task names are a public contract (beat schedule, other apps enqueue them by name). A task that
acknowledges late must end (time_limit) before the broker's visibility timeout, or Redis hands
it to a second worker while it still runs; tests/reconversion/test_tasks.py checks it.
"""

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from . import running


@shared_task(
    bind=True,
    name="advisor.assessment_run",
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    # A retry waits unacknowledged: below the visibility timeout, it is not delivered twice.
    retry_backoff_max=20,
    max_retries=5,
    # The engine takes milliseconds: a run still going after this is dead or stuck, and the
    # sweep may take it back (settings.ADVISOR_RUN_TIME_LIMIT).
    soft_time_limit=settings.ADVISOR_RUN_SOFT_TIME_LIMIT,
    time_limit=settings.ADVISOR_RUN_TIME_LIMIT,
)
def assessment_run_task(self, assessment_id: int) -> bool:
    return running.assessment_run(assessment_id=assessment_id, task_id=self.request.id or "")


@shared_task(name="advisor.assessments_sweep", acks_late=True, soft_time_limit=15, time_limit=20)
def assessments_sweep_task() -> int:
    return running.assessments_sweep()


@shared_task(
    name="advisor.transitions_compute",
    # Acknowledged on receipt: it runs longer than the visibility timeout, and a late
    # acknowledgement would have Redis start it again on a second worker meanwhile. A run lost
    # with its worker is redone by `compute_transitions` (it replaces the stored transitions).
    acks_late=False,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=900,
    time_limit=1000,
)
def transitions_compute_task(source: str | None = None) -> dict:
    """Precomputes transitions for one taxonomy (esco, onet, …) or all; run after an import."""
    from .transitions import transitions_compute

    return transitions_compute(source=source)
