"""Who is writing: the actor the audit log names.

A request's actor is its user, looked up when a row is written (an API caller with a
bearer token is known only after the endpoint's authentication, which sets `request.user`),
so the middleware stores the request, not the user. Outside a request (a management
command, a job, a test calling a service) `acting_as(user)` names the actor.

Only staff and administrators are logged (`staff_actor`): residents' own writes (their
bookings, registrations) are theirs and kept in their own records, and the worker's jobs
(reminders, purges) act for nobody.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

from torget.accounts import permissions

# The request being served, or a user named by `acting_as`; None: nobody (a job).
_source: ContextVar[Any] = ContextVar("torget_audit_source", default=None)


class AuditActorMiddleware:
    """Makes the request's user the audit log's actor for every row written while it runs
    (the user is read when a row is written, not here: no look-up on requests that write
    nothing)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _source.set(request)
        try:
            return self.get_response(request)
        finally:
            _source.reset(token)


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Write as `user` outside a request (a command run for a member of staff, a test)."""
    token = _source.set(user)
    try:
        yield
    finally:
        _source.reset(token)


def is_staff_member(user: Any) -> bool:
    """Staff whose writes the log keeps: administrators, hub staff, management and case
    officers (everyone with a role). Roles are read once per request user."""
    return permissions.can_use_back_office(user) or permissions.is_case_officer(user)


def actor() -> Any:
    """The signed-in user the current write is made by, or None."""
    source = _source.get()
    user = getattr(source, "user", None) if isinstance(source, HttpRequest) else source
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user


def staff_actor() -> Any:
    """The current actor when the log keeps their writes (staff, administrators), else None."""
    user = actor()
    return user if user is not None and is_staff_member(user) else None
