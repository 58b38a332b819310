"""The id of the request (or job) being served, for the logs: one id follows a request
through its log lines and the jobs it queues.

Interim: a context variable with get/bind; the logging work sets it per request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_current: ContextVar[str | None] = ContextVar("torget_request_id", default=None)


def get() -> str | None:
    """The id of the request or job this code runs for, or None outside one."""
    return _current.get()


@contextmanager
def bind(value: str | None) -> Iterator[None]:
    """Run the block with `value` as the current id."""
    token = _current.set(value)
    try:
        yield
    finally:
        _current.reset(token)
