"""RFC 9457 problem+json responses with stable codes, translated by Accept-Language."""

from collections.abc import Iterable, Mapping
from http import HTTPStatus
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from torget.core.errors import DomainError

PROBLEM_CONTENT_TYPE = "application/problem+json"

# Titles per status, marked here and translated at response time.
_TITLES = {
    400: gettext_noop("Bad request"),
    401: gettext_noop("Not signed in"),
    403: gettext_noop("Permission denied"),
    404: gettext_noop("Not found"),
    405: gettext_noop("Method not allowed"),
    406: gettext_noop("Not acceptable"),
    409: gettext_noop("Conflict"),
    413: gettext_noop("Too large"),
    415: gettext_noop("Unsupported media type"),
    422: gettext_noop("Invalid input"),
    429: gettext_noop("Too many requests"),
    500: gettext_noop("Server error"),
    503: gettext_noop("Service unavailable"),
}

# The stable code for a bare status, when nothing more specific is known.
STATUS_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "validation",
    429: "rate_limited",
    500: "server_error",
    503: "unavailable",
}


def title_for(status: int) -> str:
    if status in _TITLES:
        return _(_TITLES[status])
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return _("Error")


def code_for(status: int) -> str:
    return STATUS_CODES.get(status, "client_error" if status < 500 else "server_error")


def _language(request: HttpRequest | None) -> str:
    return getattr(request, "LANGUAGE_CODE", None) or get_language() or "nb"


def problem_response(
    request: HttpRequest | None,
    *,
    status: int,
    code: str,
    detail: str,
    errors: Iterable[Mapping[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> JsonResponse:
    """A problem document. `extra` adds extension members (RFC 9457 §3.2), e.g. the
    clashing intervals of a conflict; they never replace the standard members."""
    body: dict[str, Any] = {
        "type": f"/problems/{code}",
        "title": title_for(status),
        "status": status,
        "detail": str(detail),
        "code": code,
        "errors": [
            {"field": str(e.get("field", "") or ""), "message": str(e.get("message", "") or "")}
            for e in errors or []
        ],
    }
    for key, value in (extra or {}).items():
        body.setdefault(key, value)
    response = JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)
    response["Content-Language"] = _language(request)
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def domain_problem(request: HttpRequest | None, error: DomainError) -> JsonResponse:
    return problem_response(
        request,
        status=error.status,
        code=error.code,
        detail=str(error.message),
        errors=error.errors,
        extra=getattr(error, "extra", None),
    )


# --- Validation errors (pydantic's) in the request's language --------------------------------

# pydantic's messages are English only; the common ones get a translated message here.
# Custom errors (PydanticCustomError) carry a message already translated when raised.
_PYDANTIC_MESSAGES: dict[str, str] = {
    "missing": gettext_noop("This field is required."),
    "extra_forbidden": gettext_noop("This field is not allowed here."),
    "int_parsing": gettext_noop("Must be a whole number."),
    "int_type": gettext_noop("Must be a whole number."),
    "int_from_float": gettext_noop("Must be a whole number."),
    "float_parsing": gettext_noop("Must be a number."),
    "float_type": gettext_noop("Must be a number."),
    "bool_parsing": gettext_noop("Must be true or false."),
    "bool_type": gettext_noop("Must be true or false."),
    "string_type": gettext_noop("Must be text."),
    "list_type": gettext_noop("Must be a list."),
    "dict_type": gettext_noop("Must be an object."),
    "model_attributes_type": gettext_noop("Must be an object."),
    "model_type": gettext_noop("Must be an object."),
    "greater_than_equal": gettext_noop("Must be at least %(ge)s."),
    "greater_than": gettext_noop("Must be more than %(gt)s."),
    "less_than_equal": gettext_noop("Must be at most %(le)s."),
    "less_than": gettext_noop("Must be less than %(lt)s."),
    "string_too_long": gettext_noop("May be at most %(max_length)s characters long."),
    "string_too_short": gettext_noop("Must be at least %(min_length)s characters long."),
    "too_long": gettext_noop("May have at most %(max_length)s items."),
    "too_short": gettext_noop("Must have at least %(min_length)s items."),
    "string_pattern_mismatch": gettext_noop("Contains characters that are not allowed here."),
    "enum": gettext_noop("Not a known code. Allowed: %(expected)s."),
    "literal_error": gettext_noop("Not a known code. Allowed: %(expected)s."),
    "datetime_parsing": gettext_noop("Not a valid date and time."),
    "datetime_from_date_parsing": gettext_noop("Not a valid date and time."),
    "datetime_type": gettext_noop("Not a valid date and time."),
    "timezone_aware": gettext_noop("An offset is required (e.g. 2026-03-29T10:00:00+02:00)."),
    "date_parsing": gettext_noop("Not a valid date (YYYY-MM-DD)."),
    "date_from_datetime_parsing": gettext_noop("Not a valid date (YYYY-MM-DD)."),
    "date_from_datetime_inexact": gettext_noop("Must be a date without a time (YYYY-MM-DD)."),
    "date_type": gettext_noop("Not a valid date (YYYY-MM-DD)."),
    "time_parsing": gettext_noop("Not a valid time (HH:MM)."),
    "uuid_parsing": gettext_noop("Not a valid UUID."),
    "uuid_type": gettext_noop("Not a valid UUID."),
    "json_invalid": gettext_noop("Not valid JSON."),
    "value_error": gettext_noop("Not a valid value."),
}

_NON_FIELD_LOCATIONS = ("body", "query", "path", "payload", "form", "file", "header", "cookie")


def error_field(loc: Iterable[Any]) -> str:
    """`["query", "free_from"]` → `free_from`; `["body", "payload", "items", 0]` → `items.0`."""
    parts = [str(p) for p in loc]
    # ninja puts the source first and sometimes the parameter model's name second.
    while parts and parts[0] in _NON_FIELD_LOCATIONS:
        parts.pop(0)
    return ".".join(parts)


def _error_message(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx = dict(error.get("ctx") or {})
    template = _PYDANTIC_MESSAGES.get(kind)
    if template is None:
        # A custom error: its message was translated when it was raised.
        return str(error.get("msg", "")) or _("Not a valid value.")
    if kind == "value_error" and ctx.get("error"):
        message = str(ctx["error"])
        # Raised by our own validators with a translated message; pydantic adds a prefix.
        return message.removeprefix("Value error, ")
    if "expected" in ctx:
        ctx["expected"] = str(ctx["expected"]).replace("'", "")
    try:
        return _(template) % {k: str(v) for k, v in ctx.items()}
    except (KeyError, TypeError, ValueError):
        return str(error.get("msg", "")) or _(template)


def validation_errors(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """pydantic/ninja error dicts → `[{field, message}]`, translated."""
    return [{"field": error_field(e.get("loc", ())), "message": _error_message(e)} for e in errors]


def validation_problem(
    request: HttpRequest | None, errors: Iterable[Mapping[str, Any]]
) -> JsonResponse:
    return problem_response(
        request,
        status=422,
        code="validation",
        detail=_("Some fields are not valid."),
        errors=validation_errors(errors),
    )
