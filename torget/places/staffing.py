"""The staff pages' guard: who works at which hub, for every app's staff pages.

In places, below every app with staff pages, so that booking, seasons and the desk share one
guard without importing each other."""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING, cast

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from torget.accounts.permissions import can_manage_hub, manageable_hubs
from torget.core.errors import DomainError, NotFound, PermissionDenied
from torget.places.models import Hub

if TYPE_CHECKING:
    from torget.accounts.models import User


class NotHubStaff(PermissionDenied):
    code = "permission_denied"
    default_message = _("Only the staff of this hub can do this.")


def staffed_hub(actor: User, slug: str) -> Hub:
    """The hub by slug, when the actor is its staff (404 for an unknown hub, 403 for others')."""
    hub = Hub.objects.filter(slug=slug).first()
    if hub is None:
        raise NotFound()
    if not can_manage_hub(actor, hub):
        raise NotHubStaff()
    return hub


def staffed_hubs(actor: User) -> QuerySet[Hub]:
    """The hubs the actor works at (every hub for administrators), by name."""
    return manageable_hubs(actor, Hub.objects.all()).order_by("name")


def refused(request: HttpRequest, error: DomainError, status: int | None = None) -> HttpResponse:
    """The page a staff member sees for a hub that is not theirs (403) or not there (404)."""
    if status is None:
        status = 404 if isinstance(error, NotFound) else 403
    return render(request, "places/staff_refused.html", {"message": error.message}, status=status)


def staff_page(view):
    """Signed in, and staff of the hub in the address (the refused page otherwise); the
    view gets the hub after the request."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args, **kwargs) -> HttpResponse:
        try:
            hub = staffed_hub(cast("User", request.user), slug)
        except (NotFound, PermissionDenied) as error:
            return refused(request, error)
        return view(request, hub, *args, **kwargs)

    return wrapper
