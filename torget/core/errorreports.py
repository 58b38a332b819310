"""Error reports to Sentry (or a service that speaks its protocol, such as GlitchTip) when
`SENTRY_DSN` is set. Optional: the SDK is an extra (`pip install 'torget[sentry]'`), imported
only when the DSN is set, and a DSN without the SDK stops the start with that said.

What leaves the machine is kept to what finds the fault: no cookies, no user, no client
address (`send_default_pii` off), no request bodies (forms and JSON carry names and
contact details), no query strings, and long path segments — the tokens of sign-in and
private links — cut out of addresses. Each report carries the request id (a tag), so it
can be found in the logs.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

from torget.core import requestid

# A path segment this long is a token (sign-in links, private registration pages).
_TOKEN_SEGMENT = re.compile(r"(?<=/)[^/?#]{16,}(?=/|$)")


def scrub(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Sentry's before_send: the request id on, the personal bits off."""
    rid = requestid.get()
    if rid:
        event.setdefault("tags", {})["request_id"] = rid
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        if isinstance(request.get("url"), str):
            url = urlsplit(request["url"])
            path = _TOKEN_SEGMENT.sub("[token]", url.path)
            request["url"] = urlunsplit((url.scheme, url.netloc, path, "", ""))
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                k: v
                for k, v in headers.items()
                if k.lower() not in {"cookie", "authorization", "x-forwarded-for", "referer"}
            }
    event.pop("user", None)
    return event


def init_sentry(dsn: str, *, environment: str = "") -> None:
    """Start the SDK (its Django integration switches itself on)."""
    try:
        import sentry_sdk
    except ImportError as exc:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set, but the Sentry SDK is not installed: "
            "pip install 'torget[sentry]' (or leave SENTRY_DSN empty)."
        ) from exc
    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=0.0,
        before_send=scrub,
    )
