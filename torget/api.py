"""The JSON API at /api/v1: one NinjaAPI, a router per app, problem+json for every error."""

import logging
from http import HTTPStatus
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import (
    AuthenticationError,
    AuthorizationError,
    HttpError,
    Throttled,
    ValidationErrorContext,
)
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from torget.accounts.api_auth import SAFE_METHODS, BearerToken, Session, signed_in
from torget.core.errors import DomainError
from torget.core.problems import (
    PROBLEM_CONTENT_TYPE,
    code_for,
    domain_problem,
    problem_response,
    validation_problem,
)

logger = logging.getLogger(__name__)


# Declared for every operation even before one uses them, so clients can plan for them.
SECURITY_SCHEMES: dict[str, Any] = {
    type(auth).__name__: auth.openapi_security_schema for auth in signed_in
}


class TorgetAPI(NinjaAPI):
    """NinjaAPI with problem+json in the OpenAPI document and clearer error locations."""

    def get_openapi_operation_id(self, operation: Operation) -> str:
        # The view's name: short and stable for generated clients. Names must be unique.
        return operation.view_func.__name__

    def validation_error_from_error_contexts(
        self, error_contexts: list[ValidationErrorContext]
    ) -> NinjaValidationError:
        """As ninja's, but an error inside a flattened parameter (`feature.0` of a query
        schema) is named by the parameter as the client sent it, not by the schema's name."""
        errors: list[dict[str, Any]] = []
        for context in error_contexts:
            model = context.model
            reverse: dict = getattr(model, "__ninja_flatten_map_reverse__", {})
            for error in context.pydantic_validation_error.errors(include_url=False):
                loc = tuple(error["loc"])
                mapped = reverse.get(loc)
                if mapped is None:
                    mapped = next(
                        (
                            tuple(reverse[loc[:n]]) + loc[n:]
                            for n in range(len(loc) - 1, 0, -1)
                            if loc[:n] in reverse
                        ),
                        loc,
                    )
                item: dict[str, Any] = {k: v for k, v in error.items() if k != "input"}
                item["loc"] = (model.__ninja_param_source__, *mapped)
                if isinstance(item.get("ctx", {}).get("error"), Exception):
                    item["ctx"] = {**item["ctx"], "error": str(item["ctx"]["error"])}
                errors.append(item)
        return NinjaValidationError(errors)

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        # ninja knows one media type per API; errors are application/problem+json.
        for path_item in schema["paths"].values():
            for method, operation in path_item.items():
                _declare_common_problems(method, operation)
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content")
                    if int(status) >= 400 and content and PROBLEM_CONTENT_TYPE not in content:
                        response["content"] = {PROBLEM_CONTENT_TYPE: next(iter(content.values()))}
        components = schema.setdefault("components", {})
        components.setdefault("securitySchemes", {}).update(
            {name: dict(value) for name, value in SECURITY_SCHEMES.items()}
        )
        return schema


def _declare_common_problems(method: str, operation: dict[str, Any]) -> None:
    """Declare the problems any operation of its shape can answer, so that the document
    lists every status a client can meet (schemathesis checks it): a body that is not JSON
    is a 400; a body or parameter that does not validate a 422; an unknown id in the path a
    404; a signed-in operation without credentials a 401, and an unsafe one by session
    without the CSRF token a 403."""
    params = operation.get("parameters", [])
    security = operation.get("security") or []
    statuses: set[int] = set()
    if "requestBody" in operation:
        statuses |= {400, 422}
    if params:
        statuses.add(422)
    if any(p.get("in") == "path" for p in params):
        statuses.add(404)
    if security and {} not in security:
        statuses.add(401)
        if method.upper() not in SAFE_METHODS:
            statuses.add(403)
    elif security:
        statuses.add(401)  # optional credentials: a token that does not check out
    responses = operation.setdefault("responses", {})
    declared = {int(status) for status in responses}  # ninja's keys are ints
    for status in sorted(statuses - declared):
        responses.setdefault(
            status,
            {
                "description": HTTPStatus(status).phrase,
                "content": {
                    PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemOut"}}
                },
            },
        )


api = TorgetAPI(
    title="Torget API",
    version="1",
    description=(
        "The JSON API of Torget, software for a municipality's network of community hubs "
        "(innbyggertorg).\n\n"
        "* Errors are RFC 9457 `application/problem+json` with a stable `code` "
        "(`validation`, `not_found`, `method_not_allowed`, …) and `errors: [{field, message}]`; "
        "`title` and `detail` follow `Accept-Language` (`nb` by default, `en`).\n"
        "* Instants are RFC 3339 with an offset; one without an offset is rejected with 422.\n"
        "* Lists take `?limit=&offset=` (limit 1–500) and answer `{count, items}`.\n"
        "* Signed-in endpoints take the browser session or `Authorization: Bearer <token>`."
    ),
    urls_namespace="api",
)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError):
    return validation_problem(request, exc.errors)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError):
    return domain_problem(request, exc)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError):
    return problem_response(
        request,
        status=401,
        code="not_authenticated",
        detail=_("Sign in or send a valid bearer token."),
        headers={"WWW-Authenticate": 'Bearer realm="torget"'},
    )


@api.exception_handler(AuthorizationError)
def on_authorization_error(request: HttpRequest, exc: AuthorizationError):
    return problem_response(
        request,
        status=403,
        code="permission_denied",
        detail=_("You do not have permission to do this."),
    )


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404):
    return problem_response(request, status=404, code="not_found", detail=_("Not found."))


@api.exception_handler(Throttled)
def on_throttled(request: HttpRequest, exc: Throttled):
    # Raised by an operation over its core.ratelimit limit, with the window as `wait`.
    return problem_response(
        request,
        status=429,
        code="rate_limited",
        detail=_("Too many requests. Try again a little later."),
        headers={"Retry-After": str(exc.wait)} if exc.wait else None,
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError):
    status = exc.status_code
    detail = {
        400: _(
            "The request body could not be read. Send JSON with Content-Type: application/json."
        ),
        403: _(
            "The CSRF check failed. Send the CSRF token with the session, or use a bearer token."
        )
        if "CSRF" in str(exc)
        else _("You do not have permission to do this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
    }.get(status, _("The request could not be carried out."))
    return problem_response(request, status=status, code=code_for(status), detail=detail)


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig):
    return problem_response(
        request, status=413, code="too_large", detail=_("The request is too large.")
    )


@api.exception_handler(SuspiciousOperation)
def on_suspicious(request: HttpRequest, exc: SuspiciousOperation):
    logger.warning("Suspicious API request %s: %s", request.path, exc)
    return problem_response(
        request, status=400, code="bad_request", detail=_("The request could not be read.")
    )


__all__ = ["SECURITY_SCHEMES", "BearerToken", "Session", "api", "signed_in"]


def _register_routers() -> None:
    from torget.access.api import router as access_router
    from torget.appointments.api import router as appointments_router
    from torget.booking.api import router as booking_router
    from torget.consultations.api import router as consultations_router
    from torget.desk.api import router as desk_router
    from torget.events.api import router as events_router
    from torget.keyfigures.api import router as keyfigures_router
    from torget.ledger.api import router as ledger_router
    from torget.places.api import router as places_router
    from torget.scenarios.api import router as scenarios_router
    from torget.seasons.api import router as seasons_router
    from torget.site.api import router as core_router
    from torget.volunteering.api import router as volunteering_router

    api.add_router("/", core_router)
    api.add_router("/", places_router)
    api.add_router("/", booking_router)
    api.add_router("/", desk_router)
    api.add_router("/", events_router)
    api.add_router("/", appointments_router)
    api.add_router("/", keyfigures_router)
    api.add_router("/", ledger_router)
    api.add_router("/", seasons_router)
    api.add_router("/", consultations_router)
    api.add_router("/", scenarios_router)
    api.add_router("/", volunteering_router)
    api.add_router("/", access_router)


_register_routers()
