from django.conf import settings
from django.utils import translation


class PreferredLanguageMiddleware:
    """Serves signed-in people in the language they chose, on any device.

    Runs after AuthenticationMiddleware: LocaleMiddleware, which runs before it, only sees
    the cookie and the browser's Accept-Language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = user.preferred_language
            if language in self.codes and language != request.LANGUAGE_CODE:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
