"""Liveness and readiness probes for load balancers and orchestrators."""

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .celery import app as celery_app

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


def _check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "not ready"; the reason goes to the log
        logger.warning("readyz: database unreachable: %s", exc)
        return f"unreachable ({exc.__class__.__name__})"
    return None


def _check_broker() -> tuple[str | None, int]:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        replies = celery_app.control.ping(timeout=1.0)
    except Exception as exc:
        logger.warning("readyz: broker unreachable: %s", exc)
        return f"unreachable ({exc.__class__.__name__})", 0
    if not replies:
        return "no worker answered a ping", 0
    return None, len(replies)


@never_cache
@require_GET
def readyz(request):
    checks: dict[str, object] = {}
    problem = _check_database()
    checks["database"] = problem or "ok"
    ready = problem is None
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        problem, workers = _check_broker()
        checks["broker"] = problem or "ok"
        checks["workers"] = workers
        ready = ready and problem is None
    else:
        checks["broker"] = "not configured (tasks run in-process)"
    return JsonResponse(
        {"status": "ready" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )
