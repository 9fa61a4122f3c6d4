import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reconversion.settings")

app = Celery("reconversion")
# All Celery settings live in Django settings under the CELERY_ prefix.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="reconversion.ping", soft_time_limit=5, time_limit=10)
def ping() -> str:
    """Round-trip probe used by tests and operators to prove a worker answers."""
    return "pong"
