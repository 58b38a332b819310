"""What events shows on the staff home: the hub's one approval queue (activities and room
bookings together), and the activity approval page in the staff menu."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from torget.accounts.permissions import can_manage_hub, is_hub_staff
from torget.booking.selectors import add_belongs_to
from torget.core.staffhome import MenuEntry, Panel, register_menu_entry, register_panel
from torget.events.approvals import activities_holding, waiting_for_approval
from torget.places.models import Hub

SHOWN = 20  # the oldest; the rest are on the approval pages


def approvals(request, hub: Hub, day: date) -> dict:
    items = waiting_for_approval(hub)
    return {"hub": hub, "items": items[:SHOWN], "more": max(0, len(items) - SHOWN)}


def register() -> None:
    add_belongs_to("events.activity", activities_holding)
    register_panel(
        Panel(
            key="events.approvals",
            title=_("Waiting for approval"),
            template="events/staffhome/approvals.html",
            context=approvals,
            visible=can_manage_hub,
            order=30,
        )
    )
    register_menu_entry(
        MenuEntry(
            key="events.approvals",
            label=_("Activity approvals"),
            url_name="events:approvals",
            visible=is_hub_staff,
            order=40,
            current=("events:approvals",),
        )
    )
