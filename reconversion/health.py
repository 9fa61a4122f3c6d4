"""Liveness and readiness probes for load balancers and orchestrators.

Both are cheap enough to poll in a loop: `/healthz` touches nothing, `/readyz` runs one
`SELECT 1` and reuses a worker ping for READYZ_WORKER_CACHE_SECONDS, so probes never queue behind a
one-second ping. Reasons (exception names, which check failed) go to staff, to requests from the
machine itself and to the log; anyone else gets the status code and one word.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .celery import app as celery_app

logger = logging.getLogger(__name__)

WORKERS_CACHE_KEY = "readyz:workers"
# Loopback as the socket saw it: X-Forwarded-For is whatever the client chose to write.
LOCAL_ADDRESSES = {"127.0.0.1", "::1"}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
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


def _ping_workers() -> str | None:
    """None when the broker answers and a worker replies to a ping, else the reason."""
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        # limit=1: return at the first reply instead of waiting out the timeout for more.
        replies = celery_app.control.ping(timeout=1.0, limit=1)
    except Exception as exc:
        logger.warning("readyz: broker unreachable: %s", exc)
        return f"broker unreachable ({exc.__class__.__name__})"
    if not replies:
        logger.warning("readyz: no worker answered a ping")
        return "no worker answered a ping"
    return None


def _check_workers() -> str | None:
    """The last ping's outcome while it is fresh (per process, or shared with a shared cache)."""
    cached = cache.get(WORKERS_CACHE_KEY)
    if cached is not None:
        return cached or None
    problem = _ping_workers()
    cache.set(WORKERS_CACHE_KEY, problem or "", settings.READYZ_WORKER_CACHE_SECONDS)
    return problem


def _may_see_reasons(request: HttpRequest) -> bool:
    if request.META.get("REMOTE_ADDR") in LOCAL_ADDRESSES:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, str] = {"database": _check_database() or "ok"}
    if settings.CELERY_TASK_ALWAYS_EAGER:
        checks["workers"] = "not configured (tasks run in-process)"
        ready = checks["database"] == "ok"
    else:
        checks["workers"] = _check_workers() or "ok"
        ready = checks["database"] == "ok" and checks["workers"] == "ok"
    body: dict[str, object] = {"status": "ready" if ready else "unavailable"}
    if _may_see_reasons(request):
        body["checks"] = checks
    return JsonResponse(body, status=200 if ready else 503)
