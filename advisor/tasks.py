"""Celery tasks: thin, take ids, claim rows (the services do), retry only transient errors.

Task names are a public contract (beat schedule, other apps enqueue them by name).
"""

from celery import shared_task
from django.db import OperationalError

from . import running


@shared_task(
    name="advisor.assessment_run",
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=120,
    max_retries=5,
)
def assessment_run_task(assessment_id: int) -> bool:
    return running.assessment_run(assessment_id=assessment_id)


@shared_task(name="advisor.assessments_sweep", acks_late=True)
def assessments_sweep_task() -> int:
    return running.assessments_sweep()


@shared_task(
    name="advisor.transitions_compute",
    acks_late=True,
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
