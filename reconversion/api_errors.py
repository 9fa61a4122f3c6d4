"""The API's one error shape, for every app: how errors are answered and how the schema says so.

Every error is `{"detail": "<one sentence>"}`; bad input (400) adds `"errors"`, a flat map from
the field (a path such as `skills[0].level` inside nested input, `non_field_errors` for the body
as a whole) to its messages. Views raise DRF exceptions, Django `ValidationError` or the domain
errors in `FIELD_ERRORS`; nothing maps them by hand.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from courses.importing import UnreadableFile

# Domain errors that are about one input field: answered as a 400 naming that field.
FIELD_ERRORS: dict[type[Exception], str] = {UnreadableFile: "file"}


def _flatten(detail: Any, where: str, into: dict[str, list[str]]) -> None:
    """DRF error details (nested dicts and lists, as nested serializers give them) as
    {field path: [messages]}."""
    if isinstance(detail, dict):
        for key, inner in detail.items():
            if isinstance(key, int):
                name = f"{where}[{key}]"
            elif key in (NON_FIELD_ERRORS, api_settings.NON_FIELD_ERRORS_KEY) and where:
                name = where
            else:
                name = f"{where}.{key}" if where else str(key)
            _flatten(inner, name, into)
    elif isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        for index, inner in enumerate(detail):
            _flatten(inner, f"{where}[{index}]", into)
    else:
        messages = detail if isinstance(detail, list) else [detail]
        field = where if where and where != NON_FIELD_ERRORS else api_settings.NON_FIELD_ERRORS_KEY
        into.setdefault(field, []).extend(str(message) for message in messages)


def field_errors(detail: Any) -> dict[str, list[str]]:
    """Any error detail (a message, a list, a nested dict) as a flat {field: [messages]}."""
    errors: dict[str, list[str]] = {}
    _flatten(detail, "", errors)
    return errors


def bad_input_body(errors: dict[str, list[str]]) -> dict[str, Any]:
    """The body of a 400: the first problem as the detail, and every field's messages."""
    errors = errors or {api_settings.NON_FIELD_ERRORS_KEY: ["Invalid input."]}
    field, messages = next(iter(errors.items()))
    first = messages[0] if field == api_settings.NON_FIELD_ERRORS_KEY else f"{field}: {messages[0]}"
    return {"detail": first, "errors": errors}


def _as_api_exception(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        return ValidationError(detail)
    for error_class, field in FIELD_ERRORS.items():
        if isinstance(exc, error_class):
            return ValidationError({field: [str(exc)]})
    return exc


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: DRF's handler, fed Django and domain errors too, with
    its answer put in the one shape. Anything else stays a 500 (and is logged by Django)."""
    response = drf_exception_handler(_as_api_exception(exc), context)
    if response is None:
        return None
    data = response.data
    if response.status_code == status.HTTP_400_BAD_REQUEST:
        response.data = bad_input_body(field_errors(data))
    elif isinstance(data, dict) and set(data) == {"detail"}:
        response.data = {"detail": str(data["detail"])}
    else:
        response.data = {"detail": "; ".join(m for ms in field_errors(data).values() for m in ms)}
    return response


@csrf_exempt  # as DRF's views are: a POST to a wrong address is a 404, not a CSRF page
def not_found(request: HttpRequest, unmatched: str = "") -> JsonResponse:
    """Any /api/ address that names no endpoint (an id that is not a number, say): the API's 404
    shape rather than the site's HTML page."""
    return JsonResponse({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
