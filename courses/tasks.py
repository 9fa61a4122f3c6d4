"""Celery tasks of the catalogue: thin wrappers; task names are a public contract (beat)."""

from celery import shared_task

from .importing.uploads import uploads_expire


# Idempotent and quick (a folder listing): a short limit keeps it inside the broker's
# visibility timeout, so a redelivery never runs beside it.
@shared_task(
    name="courses.import_uploads_expire", acks_late=True, soft_time_limit=20, time_limit=30
)
def import_uploads_expire_task() -> int:
    """Delete import files a curator checked but never confirmed (IMPORT_UPLOAD_HOURS)."""
    return uploads_expire()
