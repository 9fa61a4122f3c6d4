"""The checks every counselling write shares: access to the client, and free-text limits."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from accounts.models import User

from .. import selectors

MAX_REASON = 2000


def require_access(counsellor: User, client: User) -> None:
    """PermissionDenied unless `counsellor` holds an active grant for `client`."""
    if not selectors.clients_visible_to(counsellor).filter(pk=client.pk).exists():
        raise PermissionDenied("No active access grant for this client.")


def clean_text(value: str, *, field: str, max_length: int, required: bool = True) -> str:
    """The text stripped; a ValidationError naming `field` when empty (if required) or too long."""
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > max_length:
        raise ValidationError({field: _("Keep it under %(n)d characters.") % {"n": max_length}})
    return value
