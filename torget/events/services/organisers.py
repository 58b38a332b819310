"""Who runs an event besides hub staff: its organiser. And whether a hub looks at
organisers' events before they are public.

The organiser is the contact person who created the event, or any contact person of the
organisation it belongs to. They change what describes it, move or cancel its dates and
read its participants; hub staff keep every tool of their own.
"""

from __future__ import annotations

from torget.accounts.models import User
from torget.accounts.permissions import can_manage_hub, is_organisation_contact
from torget.core.errors import PermissionDenied
from torget.events.models import Event, HubEventSettings
from torget.places.models import Hub


def needs_approval(hub: Hub) -> bool:
    """Whether organisers' own events wait for staff at this hub (no settings: yes)."""
    found = HubEventSettings.objects.filter(hub=hub).values_list(
        "organiser_events_need_approval", flat=True
    )
    return next(iter(found), True)


def is_event_organiser(user: User, event: Event) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if event.organisation_id is None:
        return False  # the hub's own event: staff run it
    return event.created_by_id == user.pk or is_organisation_contact(user, event.organisation_id)


def require_runner(actor: User, event: Event) -> None:
    """Hub staff of the event's hub, or its organiser."""
    if not (can_manage_hub(actor, event.hub) or is_event_organiser(actor, event)):
        raise PermissionDenied()


def acts_as_organiser(actor: User, event: Event) -> bool:
    """The organiser acting, not the hub's staff: their changes are looked at again."""
    return not can_manage_hub(actor, event.hub)
