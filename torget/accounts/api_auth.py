"""Who calls the JSON API: a bearer token or the browser session. In accounts, below every
app's API, so that the apps and the API that mounts them (`torget.api`) share them without
importing each other."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from torget.accounts.models import ApiToken

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>`; `manage.py issue_token USERNAME` prints one."""

    def authenticate(self, request: HttpRequest, token: str):
        if not token or len(token) > 200:
            return None
        found = ApiToken.holder(token)
        if found is None:
            return None
        user, token_id, last_used = found
        # Update at most once a minute: a token used in a loop must not write every request.
        now = timezone.now()
        if last_used is None or (now - last_used).total_seconds() > 60:
            ApiToken.objects.filter(pk=token_id).update(last_used=now)
        request.user = user
        return user


class Session(SessionAuth):
    """The browser session (CSRF-checked for unsafe methods)."""


def caller(request: HttpRequest) -> Any:
    """Who calls an endpoint where signing in is optional: a bearer token's owner; else the
    session's user, on an unsafe method only when the CSRF check passes (a form on another
    site must not act in a signed-in person's name); else None. A sent token that does not
    check out raises AuthenticationError (401), never a quiet anonymous answer."""
    if request.headers.get("Authorization"):
        user = BearerToken()(request)
        if user is None:
            raise AuthenticationError()
        return user
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if request.method not in SAFE_METHODS and check_csrf(request) is not None:
        return None
    return user


class Visitor:
    """Last in `anyone`, after BearerToken: `caller` as an auth class. Always truthy (an
    AnonymousUser when nobody signed in), so the request goes on; a refused token is a 401."""

    def __call__(self, request: HttpRequest) -> Any:
        if request.headers.get("Authorization"):
            return None  # BearerToken, first in `anyone`, refused it: 401
        user = caller(request)
        if user is None:
            request.user = AnonymousUser()
            return request.user
        return user


signed_in = [BearerToken(), Session()]
# For public endpoints that show staff more (an unpublished consultation's summary): a
# bearer token counts as the session does, and neither is needed.
anyone = [BearerToken(), Visitor()]
# How `anyone` reads in the OpenAPI document: a token, the session, or nothing (`{}`).
# As `openapi_extra`, which ninja appends to the `BearerToken` it lists from `anyone`.
ANYONE_SECURITY: dict[str, Any] = {"security": [{"Session": []}, {}]}
