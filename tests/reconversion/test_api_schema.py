"""The OpenAPI schema is the API's contract (issue 13): every response it declares says exactly
what a client receives, so no response (nor any object inside one) is an "any object"."""

import pytest
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def free_form_places(node, components: dict, where: str, seen: frozenset = frozenset()) -> list:
    """Every place under `node` that is an object with no declared properties and no typed
    additionalProperties: a client cannot know what it holds."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return []
        return free_form_places(components[name], components, f"{where}→{name}", seen | {name})
    places = []
    for key in ("allOf", "oneOf", "anyOf"):
        for option in node.get(key, []):
            places += free_form_places(option, components, where, seen)
    properties = node.get("properties") or {}
    extra = node.get("additionalProperties")
    is_object = node.get("type") == "object" or "properties" in node or extra is not None
    if is_object and not properties and extra in (None, True, {}):
        places.append(where)
    for name, inner in properties.items():
        places += free_form_places(inner, components, f"{where}.{name}", seen)
    if isinstance(extra, dict) and extra:
        places += free_form_places(extra, components, f"{where}.*", seen)
    if "items" in node:
        places += free_form_places(node["items"], components, f"{where}[]", seen)
    return places


def test_no_response_in_the_schema_is_a_free_form_object(schema):
    components = schema["components"]["schemas"]
    places = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for code, response in operation["responses"].items():
                for media in response.get("content", {}).values():
                    places += free_form_places(
                        media.get("schema", {}), components, f"{method.upper()} {path} {code}"
                    )
    assert places == []


def test_the_walk_finds_a_free_form_object_nested_in_a_list():
    components = {"Row": {"type": "object", "properties": {"extra": {"type": "object"}}}}
    node = {"type": "array", "items": {"$ref": "#/components/schemas/Row"}}
    assert free_form_places(node, components, "GET /x 200") == ["GET /x 200[]→Row.extra"]


def test_every_operation_documents_its_error_answers(schema):
    """Schemathesis checks each status code against the schema: the errors a client can get are
    declared: 400 where there is input, 404 where there is an id or a page, 403 and 429
    everywhere (a bad token is refused on public data too; SessionAuthentication comes first,
    so DRF answers 403, never 401)."""
    missing = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            parameters = {(p["in"], p["name"]) for p in operation.get("parameters", [])}
            expected = {"403", "429"}
            if "{" in path or ("query", "page") in parameters:
                expected.add("404")
            if operation.get("requestBody") or any(where == "query" for where, _ in parameters):
                expected.add("400")
            if not expected <= codes:
                missing.append(f"{method.upper()} {path}: {sorted(expected - codes)}")
    assert missing == []
