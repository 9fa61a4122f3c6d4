"""What no request may carry past the edge, checked in one place for pages and API alike.

A NUL character is valid in a URL or a JSON string but not in a PostgreSQL text value, so it
would surface as a 500 deep inside a query; JSON nested deeper than any of our payloads would
exhaust Python's recursion while parsing. Both are refused with a 400 that names the field.
"""

import json

from django.http import JsonResponse
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser

NUL = "\x00"
MAX_JSON_DEPTH = 32


def nul_field(params) -> str | None:
    """The first parameter whose name or value holds a NUL character."""
    for key, values in params.lists():
        if NUL in key or any(NUL in value for value in values):
            return key.replace(NUL, "\\0")
    return None


class RejectNulMiddleware:
    """Answers 400 to an API query string holding a NUL character, naming the parameter. Pages
    validate their parameters with forms, which refuse NUL with a message at the field."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            field = nul_field(request.GET)
            if field is not None:
                # Imported here: api_errors reaches DRF's views, which load this module's parser.
                from .api_errors import bad_input_body

                body = bad_input_body({field: ["A NUL character is not allowed."]})
                return JsonResponse(body, status=400)
        return self.get_response(request)


def json_depth_exceeds(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when brackets outside strings nest deeper than `limit` (no recursion, one pass)."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _nul_path(value, path: str = "") -> str | None:
    stack = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str) and NUL in item:
            return where or "body"
        if isinstance(item, dict):
            for key, inner in item.items():
                if NUL in key:
                    return where or "body"
                stack.append((inner, key if not where else f"{where}.{key}"))
        elif isinstance(item, list):
            stack.extend(
                (inner, f"{where}[{n}]" if where else f"[{n}]") for n, inner in enumerate(item)
            )
    return None


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, refusing too-deep nesting and NUL characters with a ParseError."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", "utf-8")
        raw = stream.read()
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ParseError(f"The body is not {encoding} text.") from exc
        if json_depth_exceeds(text):
            raise ParseError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels.")
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise ParseError(f"JSON parse error: {exc}") from exc
        where = _nul_path(data)
        if where is not None:
            raise ValidationError({where: ["A NUL character is not allowed."]})
        return data
