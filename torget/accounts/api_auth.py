"""Who calls the JSON API: a bearer token or the browser session. In accounts, below every
app's API, so that the apps and the API that mounts them (`torget.api`) share them without
importing each other."""

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from torget.accounts.models import ApiToken


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


signed_in = [BearerToken(), Session()]
