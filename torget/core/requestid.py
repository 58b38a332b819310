"""The id of the request (or job) being served, for the logs: one id follows a request
through its log lines, the jobs it queues and the error reports.

`RequestIdMiddleware` (first in MIDDLEWARE) takes the id from the `X-Request-ID` header when
a proxy declared in `TORGET_TRUSTED_PROXIES` sent it (a balancer that makes one, so its log
and ours share it), else makes one; binds it for the request and answers with it in the
same header. `RequestIdFilter` puts it on every log record (`request_id`, "-" outside a
request); the worker binds the id a job was queued under while it runs the job.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
# What an id from a proxy may look like: no spaces or control characters (it goes into log
# lines), not too long. haproxy's and nginx's ids fit.
VALID = re.compile(r"[A-Za-z0-9_.:@/+=\-]{1,128}")

_current: ContextVar[str | None] = ContextVar("torget_request_id", default=None)


def get() -> str | None:
    """The id of the request or job this code runs for, or None outside one."""
    return _current.get()


def new() -> str:
    """A fresh id: 32 hexadecimal digits."""
    return uuid.uuid4().hex


@contextmanager
def bind(value: str | None) -> Iterator[None]:
    """Run the block with `value` as the current id."""
    token = _current.set(value)
    try:
        yield
    finally:
        _current.reset(token)


def for_request(request: HttpRequest) -> str:
    """The id a trusted proxy gave the request, when it gave a sound one; else a new one.
    From anyone else the header is ignored: a client must not choose what our logs say."""
    from torget.core.ratelimit import from_trusted_proxy

    given = request.META.get("HTTP_X_REQUEST_ID", "")
    if given and VALID.fullmatch(given) and from_trusted_proxy(request):
        return given
    return new()


class RequestIdMiddleware:
    """Binds the request's id while it is served and answers with it (`X-Request-ID`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        value = for_request(request)
        request.request_id = value  # type: ignore[attr-defined]
        with bind(value):
            response = self.get_response(request)
        response[HEADER] = value
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ("-" outside a request or job)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = get() or "-"
        return True
