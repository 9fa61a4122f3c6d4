"""The signed-in person behind a request, typed as our User."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from rest_framework.request import Request

from .models import User


def signed_in_user(request: HttpRequest | Request) -> User:
    """`request.user` in a view only signed-in people reach (`login_required`, the API's
    IsAuthenticated default). Refuses anyone else (403) rather than passing an AnonymousUser on
    to reads and writes that expect a person."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
