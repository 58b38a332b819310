"""The OpenAPI document: valid JSON, every path, problem responses and security schemes."""

import json

import pytest

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/hubs": {"get"},
    "/api/v1/hubs/{slug}": {"get"},
    "/api/v1/spaces": {"get"},
    "/api/v1/codes": {"get"},
    "/api/v1/codes/modules": {"get"},
    "/api/v1/codes/features": {"get"},
    "/api/v1/scenarios/{scenario_id}": {"get"},
    "/api/v1/volunteering/roles": {"get"},
    "/api/v1/volunteering/open-shifts": {"get"},
    "/api/v1/volunteering/shifts/{shift_id}/signups": {"post"},
    "/api/v1/agreements": {"get"},
    "/api/v1/agreements/{agreement_id}": {"get"},
}


@pytest.fixture
def document(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_document_is_openapi_3_with_the_paths(document):
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Torget API"
    for path, methods in PATHS.items():
        assert path in document["paths"], path
        assert methods <= set(document["paths"][path]), path


def test_operation_ids_are_unique(document):
    ids = [op["operationId"] for item in document["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))


def test_every_error_response_is_problem_json(document):
    problem_ref = "#/components/schemas/ProblemOut"
    seen = 0
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                if int(status) < 400:
                    continue
                seen += 1
                assert list(response["content"]) == ["application/problem+json"], (
                    path,
                    method,
                    status,
                )
                assert response["content"]["application/problem+json"]["schema"] == {
                    "$ref": problem_ref
                }
    assert seen >= 3


@pytest.mark.parametrize(
    ("path", "statuses"),
    [("/api/v1/hubs", {"422"}), ("/api/v1/hubs/{slug}", {"404"}), ("/api/v1/spaces", {"422"})],
)
def test_operations_declare_their_problems(document, path, statuses):
    responses = document["paths"][path]["get"]["responses"]
    assert statuses <= set(responses)
    assert "200" in responses
    assert "application/json" in responses["200"]["content"]


def test_problem_schema(document):
    schema = document["components"]["schemas"]["ProblemOut"]
    assert set(schema["required"]) == {"type", "title", "status", "detail", "code", "errors"}
    assert schema["properties"]["errors"]["items"] == {
        "$ref": "#/components/schemas/ProblemFieldError"
    }
    field_error = document["components"]["schemas"]["ProblemFieldError"]
    assert set(field_error["required"]) == {"field", "message"}


def test_lists_declare_pagination(document):
    for path in ("/api/v1/hubs", "/api/v1/spaces"):
        params = {p["name"]: p for p in document["paths"][path]["get"]["parameters"]}
        assert params["limit"]["schema"]["minimum"] == 1
        assert params["limit"]["schema"]["maximum"] == 500
        assert params["offset"]["schema"]["minimum"] == 0
    for page in ("HubPage", "SpacePage"):
        assert set(document["components"]["schemas"][page]["required"]) == {"count", "items"}


def test_space_filters_are_declared(document):
    params = {p["name"]: p for p in document["paths"]["/api/v1/spaces"]["get"]["parameters"]}
    assert {"hub", "min_capacity", "feature", "free_from", "free_to"} <= set(params)
    assert "projector" in params["feature"]["schema"]["items"]["enum"]
    instant = params["free_from"]["schema"]["anyOf"][0]
    assert instant["format"] == "date-time"


def test_security_schemes_for_signed_in_endpoints(document):
    schemes = document["components"]["securitySchemes"]
    assert schemes["BearerToken"] == {"type": "http", "scheme": "bearer"}
    assert schemes["Session"] == {"type": "apiKey", "in": "cookie", "name": "sessionid"}


def test_docs_page_responds(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"/api/v1/openapi.json" in response.content


# --- issue 16.9: every status an operation can answer is declared --------------------------


def _operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_every_operation_declares_the_problems_its_shape_can_give(document):
    for path, method, operation in _operations(document):
        responses = set(operation["responses"])
        params = operation.get("parameters", [])
        if "requestBody" in operation:
            assert {"400", "422"} <= responses, (path, method)  # not JSON; not valid
        if params:
            assert "422" in responses, (path, method)
        if any(p["in"] == "path" for p in params):
            assert "404" in responses, (path, method)
        if operation.get("security"):
            assert "401" in responses, (path, method)


def _input_schemas(document):
    """Every schema a client sends: request bodies (resolved) and parameters."""
    components = document["components"]["schemas"]

    def walk(schema, seen):
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name in seen:
                return
            seen.add(name)
            schema = components[name]
        yield schema
        for value in schema.get("properties", {}).values():
            yield from walk(value, seen)
        for key in ("anyOf", "oneOf", "allOf"):
            for value in schema.get(key, []):
                yield from walk(value, seen)
        for key in ("items", "additionalProperties"):
            if isinstance(schema.get(key), dict):
                yield from walk(schema[key], seen)

    for _path, _method, operation in _operations(document):
        for param in operation.get("parameters", []):
            yield from walk(param["schema"], set())
        body = operation.get("requestBody", {}).get("content", {})
        for media in body.values():
            yield from walk(media["schema"], set())


def test_date_times_and_days_in_requests_are_strings_with_a_format(document):
    formats = [s.get("format") for s in _input_schemas(document) if s.get("format")]
    assert "date-time" in formats and "date" in formats
    for schema in _input_schemas(document):
        if schema.get("format") in ("date-time", "date"):
            assert schema["type"] == "string", schema
