"""The API's error answers (reconversion.api_errors) as the OpenAPI schema declares them: once
here for every operation, rather than on each view (schemathesis checks every status code
against them)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """Any error answer other than bad input."""

    detail = serializers.CharField(help_text="What went wrong, in one sentence.")


class BadInputSerializer(ErrorSerializer):
    """A 400: what was wrong with the input, field by field."""

    errors = serializers.DictField(  # type: ignore[assignment]  # named like Serializer.errors
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per field; nested fields as `skills[0].level`, problems with the "
        "body as a whole under `non_field_errors`.",
    )


ERROR_RESPONSES = {
    "400": OpenApiResponse(BadInputSerializer, description="Bad input, named field by field."),
    "403": OpenApiResponse(
        ErrorSerializer, description="Not signed in, an invalid token, or not allowed."
    ),
    "404": OpenApiResponse(ErrorSerializer, description="No such object visible to you."),
    "429": OpenApiResponse(
        ErrorSerializer, description="Too many requests: wait the seconds in Retry-After."
    ),
}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema plus the errors an operation can answer: 403 and 429 anywhere
    (a bad token is refused even on public data), 400 where there is input, 404 where there
    is an id or a page number."""

    def get_operation(self, *args: Any, **kwargs: Any) -> dict | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        query = any(p["in"] == "query" for p in operation.get("parameters", []))
        path = any(p["in"] == "path" for p in operation.get("parameters", []))
        paged = any(p["name"] == "page" for p in operation.get("parameters", []))
        codes = ["403", "429"]
        if "requestBody" in operation or query:
            codes.append("400")
        if path or paged:
            codes.append("404")
        for code in codes:
            if code not in responses:
                responses[code] = self._get_response_for_code(ERROR_RESPONSES[code], code)
        responses["429"].setdefault("headers", {})["Retry-After"] = {
            "schema": {"type": "integer"},
            "description": "Seconds to wait before asking again.",
        }
        return operation
