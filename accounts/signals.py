"""Hooks on Django's own account events."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .middleware import remember_language


@receiver(user_logged_in, dispatch_uid="accounts.remember_language_at_login")
def remember_language_at_login(sender, request, user, **kwargs) -> None:
    """The language saved on the account follows the person to every device they log in on."""
    if request is not None and hasattr(request, "session") and user.preferred_language:
        remember_language(request, user.preferred_language)
