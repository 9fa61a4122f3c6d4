"""Limits on what one client may repeat: one rate per scope (settings.RATE_LIMITS, documented in
docs/architecture.md, "Limits"), counted in the shared cache, answered 429 with Retry-After by
the API (these classes as DRF throttles) and by the pages (`limited`) alike.

The client is `client_ip`, for these limits and for django-axes' lock-outs: the address that
reached us, or behind `TRUSTED_PROXIES` proxies the one the outermost proxy saw.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import SimpleRateThrottle


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or with TRUSTED_PROXIES = n, the address n places from the right of
    X-Forwarded-For (each proxy appends the address it saw; those left of it are the client's
    to invent)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if proxies <= 0 or not forwarded:
        return remote
    return forwarded[-min(proxies, len(forwarded))]


class RateLimit(SimpleRateThrottle):
    """A DRF throttle whose rate is read from settings.RATE_LIMITS when it is used, and whose
    client is `client_ip`. `counted` names the methods that count (None: all)."""

    scope: str = ""  # a key of settings.RATE_LIMITS
    counted: frozenset[str] | None = None

    def get_rate(self) -> str:
        return settings.RATE_LIMITS[self.scope]

    def get_ident(self, request: Any) -> str:
        return client_ip(request)

    def allow_request(self, request: Any, view: Any) -> bool:
        if self.counted is not None and request.method not in self.counted:
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        ident = self.client_key(request)
        return None if ident is None else self.cache_format % {"scope": self.scope, "ident": ident}

    def client_key(self, request: Any) -> str | None:
        """Who is counted; None leaves the request uncounted."""
        return self.get_ident(request)


class PerPerson(RateLimit):
    """Counted per signed-in person (per address for anyone else)."""

    def client_key(self, request: Any) -> str | None:
        user = request.user
        return f"user-{user.pk}" if user.is_authenticated else self.get_ident(request)


class PerStranger(RateLimit):
    """Counted per address, for anonymous clients only."""

    def client_key(self, request: Any) -> str | None:
        return None if request.user.is_authenticated else self.get_ident(request)


class PerEmail(RateLimit):
    """Counted per e-mail address typed in the form (hashed: the cache holds no address)."""

    counted = frozenset({"POST"})

    def client_key(self, request: Any) -> str | None:
        email = str(request.POST.get("email", "")).strip().lower()
        return hashlib.sha256(email.encode()).hexdigest()[:32] if email else None


WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class SearchByStranger(PerStranger):
    scope = "search_anon"


class SearchByPerson(RateLimit):
    scope = "search_user"

    def client_key(self, request: Any) -> str | None:
        user = request.user
        return f"user-{user.pk}" if user.is_authenticated else None


SEARCH = [SearchByStranger, SearchByPerson]


class AssessmentRequests(PerPerson):
    """New assessments (plans), over the API and from the pages alike."""

    scope = "assessments"
    counted = WRITES


class CatalogueImports(PerPerson):
    scope = "imports"
    counted = WRITES


class SignUpsFromAddress(RateLimit):
    scope = "signup_ip"
    counted = frozenset({"POST"})


class SignUpsForEmail(PerEmail):
    scope = "signup_email"


class PasswordResetsFromAddress(RateLimit):
    scope = "password_reset_ip"
    counted = frozenset({"POST"})


class PasswordResetsForEmail(PerEmail):
    scope = "password_reset_email"


def too_many(request: HttpRequest, wait_seconds: float | None) -> HttpResponse:
    """The 429 page: how long to wait, in the person's language, and Retry-After."""
    seconds = max(1, math.ceil(wait_seconds or 60))
    response = render(request, "429.html", {"wait_minutes": math.ceil(seconds / 60)}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def limited(*limits: type[RateLimit]) -> Callable:
    """Decorates a page view: each limit counts the request; over any, the 429 page."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in SAFE_METHODS:
                waits = []
                for limit_class in limits:
                    limit = limit_class()
                    if not limit.allow_request(request, None):
                        waits.append(limit.wait() or 0)
                if waits:
                    return too_many(request, max(waits))
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def login_locked(
    request: HttpRequest, response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """django-axes' answer to a locked-out login (AXES_LOCKOUT_CALLABLE): the 429 page, with
    the cool-off as Retry-After."""
    return too_many(request, settings.AXES_COOLOFF_TIME * 3600)
