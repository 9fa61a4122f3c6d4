"""Celery tasks of the catalogue: thin wrappers; task names are a public contract (beat)."""

from celery import shared_task

from .importing.uploads import uploads_expire


@shared_task(name="courses.import_uploads_expire", acks_late=True)
def import_uploads_expire_task() -> int:
    """Delete import files a curator checked but never confirmed (IMPORT_UPLOAD_HOURS)."""
    return uploads_expire()
