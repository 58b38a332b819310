"""RFC 9457 problem+json responses with stable codes, translated by Accept-Language."""

from http import HTTPStatus

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

from torget.core.errors import DomainError

PROBLEM_CONTENT_TYPE = "application/problem+json"

# Titles per status, translated at response time.
_TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Permission denied",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Too large",
    415: "Unsupported media type",
    422: "Invalid input",
    429: "Too many requests",
    500: "Server error",
}


def title_for(status: int) -> str:
    return _(_TITLES.get(status, HTTPStatus(status).phrase))


def problem_response(
    request: HttpRequest | None,
    *,
    status: int,
    code: str,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JsonResponse:
    body = {
        "type": f"/problems/{code}",
        "title": title_for(status),
        "status": status,
        "detail": detail,
        "code": code,
        "errors": errors or [],
    }
    response = JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)
    response["Content-Language"] = request.LANGUAGE_CODE if request is not None and hasattr(request, "LANGUAGE_CODE") else "nb"
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def domain_problem(request: HttpRequest | None, error: DomainError) -> JsonResponse:
    return problem_response(
        request,
        status=error.status,
        code=error.code,
        detail=str(error.message),
        errors=[{"field": e.get("field", ""), "message": str(e.get("message", ""))} for e in error.errors],
    )
