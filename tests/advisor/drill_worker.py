"""A Celery worker whose assessments pause before computing, long enough to be killed mid-way
(tests/advisor/test_worker.py). Test-only: the pause exists nowhere in the product.

    python -m tests.advisor.drill_worker worker -Q QUEUE --hostname NAME@%h
"""

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reconversion.settings")
django.setup()

from advisor import running  # noqa: E402
from reconversion.celery import app  # noqa: E402

PAUSE_SECONDS = float(os.environ.get("DRILL_PAUSE_SECONDS", "15"))
_compute_and_store = running._compute_and_store


def _paused_compute_and_store(assessment_id: int) -> None:
    time.sleep(PAUSE_SECONDS)
    _compute_and_store(assessment_id)


running._compute_and_store = _paused_compute_and_store

if __name__ == "__main__":
    app.worker_main(sys.argv[1:])
