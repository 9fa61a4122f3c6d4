from functools import cached_property

from django.conf import settings
from django.urls import reverse
from django.utils import translation

# The signed-in person's chosen language, copied into their session when they log in or change
# it, so that serving them in it costs no database read on each request.
LANGUAGE_SESSION_KEY = "preferred_language"


def remember_language(request, language: str) -> None:
    """Serve this session in `language` from the next request on (a known code only)."""
    codes = {code for code, _name in settings.LANGUAGES}
    if language in codes:
        request.session[LANGUAGE_SESSION_KEY] = language
    else:
        request.session.pop(LANGUAGE_SESSION_KEY, None)


class PreferredLanguageMiddleware:
    """Serves signed-in people in the language they chose, on any device.

    LocaleMiddleware, which runs before it, only sees the cookie and the browser's
    Accept-Language. The choice is read from the session (accounts.signals copies it there at
    log-in), never from the user row: a page that needs no user then reads nothing, and a
    session without a cookie is never loaded.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _name in settings.LANGUAGES}

    @cached_property
    def probes(self) -> frozenset[str]:
        # Health probes answer no text; a browser's session cookie must not make them read the
        # session table.
        return frozenset({reverse("healthz"), reverse("readyz")})

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and request.path_info not in self.probes:
            language = session.get(LANGUAGE_SESSION_KEY)
            if language in self.codes and language != request.LANGUAGE_CODE:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
