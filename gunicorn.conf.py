"""gunicorn settings for the web process (docker-compose.yml, Dockerfile, docs/architecture.md).

    gunicorn -c gunicorn.conf.py reconversion.wsgi:application

Pages spend much of their time waiting on PostgreSQL and Redis, so each worker process serves
several requests at once on threads (gthread): a slow page no longer holds up `/healthz` and the
pages behind it, as three sync workers did. Processes still share the CPU: one or two per core.
Measured choice and figures: docs/load.md. Every value can be overridden from the environment
(GUNICORN_*) or on the command line.
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
# WEB_CONCURRENCY is the name Heroku, Render and gunicorn itself read.
workers = _int("WEB_CONCURRENCY", _int("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1)))
threads = _int("GUNICORN_THREADS", 4)
# Each thread keeps its own database connection (DATABASE_CONN_MAX_AGE): workers × threads of
# them, plus the Celery worker's, must stay under PostgreSQL's max_connections (100).

# A request still running after `timeout` seconds is killed with its worker; an import or an
# assessment never runs in a request, so 30 s only catches what is stuck.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Restart each worker after about this many requests, at staggered times, so a slow leak never
# grows and the workers never restart together.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)

# One line per request costs a write under load; turn it on with GUNICORN_ACCESS_LOG=- (stdout).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# The workers' heartbeat files in memory: a container's overlay file system can stall them.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# gunicorn ≥ 25 opens a control socket at one fixed path per user by default; nothing here uses
# it, and two instances on one host would take it from each other.
control_socket_disable = True
