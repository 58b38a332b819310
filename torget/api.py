"""The JSON API at /api/v1: one NinjaAPI, a router per app, problem+json for every error."""

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from torget.accounts.models import ApiToken, hash_token
from torget.core.errors import DomainError
from torget.core.problems import domain_problem, problem_response


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        try:
            api_token = ApiToken.objects.select_related("user").get(key_hash=hash_token(token), revoked=False)
        except ApiToken.DoesNotExist:
            return None
        if not api_token.user.is_active:
            return None
        # Update at most once a minute: a token used in a loop must not write every request.
        now = timezone.now()
        if api_token.last_used is None or (now - api_token.last_used).total_seconds() > 60:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used=now)
        request.user = api_token.user
        return api_token.user


class Session(SessionAuth):
    """The browser session (CSRF-checked for unsafe methods)."""


signed_in = [BearerToken(), Session()]

api = NinjaAPI(
    title="Torget API",
    version="1",
    description=(
        "The JSON API of Torget, software for a municipality's network of community hubs "
        "(innbyggertorg). Errors are RFC 9457 problem+json with a stable `code`."
    ),
    urls_namespace="api",
)


def _field(loc: list) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "form", "file")]
    return ".".join(parts)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError):
    errors = [{"field": _field(e.get("loc", [])), "message": str(e.get("msg", ""))} for e in exc.errors]
    return problem_response(
        request, status=422, code="validation", detail=_("Some fields are not valid."), errors=errors
    )


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError):
    return domain_problem(request, exc)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError):
    return problem_response(
        request, status=401, code="not_authenticated", detail=_("Sign in or send a valid bearer token.")
    )


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404):
    return problem_response(request, status=404, code="not_found", detail=_("Not found."))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError):
    code = {400: "bad_request", 403: "permission_denied", 404: "not_found", 405: "method_not_allowed"}
    return problem_response(request, status=exc.status_code, code=code.get(exc.status_code, "error"), detail=str(exc))


__all__ = ["api", "signed_in"]


def _register_routers() -> None:
    from torget.core.api import router as core_router
    from torget.places.api import router as places_router

    api.add_router("/", core_router)
    api.add_router("/", places_router)


_register_routers()
