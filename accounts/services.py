"""Writes about one person's account."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from .models import User


@transaction.atomic
def user_preferred_language_set(*, user: User, language: str) -> None:
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Remove the person and every row about them.

    The database cascades the profile, skills, assessments, paths, steps, counsellor grants,
    notes and API token. Login records of django-axes hold the user name and IP address
    without a foreign key, so they go by name; sessions hold the user id only inside their
    encoded data, so the live ones are decoded (expired ones are purged by clearsessions).
    """
    username = user.username
    user_id = str(user.pk)
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username=username).delete()
    stale = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == user_id
    ]
    Session.objects.filter(pk__in=stale).delete()
    user.delete()
