"""What booking shows on the staff home: today's rooms (what happens where, and who holds
a key for it), and its tools in the staff menu."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext_lazy as _

from torget.accounts.permissions import can_manage_hub, is_hub_staff
from torget.booking.keys import keys_out
from torget.booking.selectors import hub_bookings
from torget.core.staffhome import MenuEntry, Panel, register_menu_entry, register_panel
from torget.core.text import norwegian_sort_key
from torget.core.timeutil import local_tz
from torget.places.models import Hub


def booker_name(booking) -> str:
    if booking.organisation_id:
        return booking.organisation.name
    if booking.on_behalf_name:
        return booking.on_behalf_name
    user = booking.booked_by
    return (user.get_full_name() or user.username) if user else ""


def rooms_today(request, hub: Hub, day: date) -> dict:
    """Today's bookings room by room, each with the keys its organisation holds; the keys
    out that are overdue."""
    tz = local_tz()
    start = datetime.combine(day, time(0), tzinfo=tz)
    bookings = hub_bookings(hub.pk, start, start + timedelta(days=1))
    loans = keys_out(hub)
    keys_by_organisation: dict[int, list] = {}
    for loan in loans:
        if loan.organisation_id:
            keys_by_organisation.setdefault(loan.organisation_id, []).append(loan)
    rooms: dict[str, list[dict]] = {}
    for booking in bookings:
        rooms.setdefault(booking.space.name, []).append(
            {
                "booking": booking,
                "who": booker_name(booking),
                "keys": keys_by_organisation.get(booking.organisation_id or 0, []),
            }
        )
    return {
        "hub": hub,
        "rooms": sorted(rooms.items(), key=lambda item: norwegian_sort_key(item[0])),
        "keys_out": len(loans),
        "overdue": [loan for loan in loans if loan.due and loan.due < day],
    }


def register() -> None:
    register_panel(
        Panel(
            key="booking.rooms",
            title=_("Rooms today"),
            template="booking/staffhome/rooms.html",
            context=rooms_today,
            visible=can_manage_hub,
            order=20,
        )
    )
    register_menu_entry(
        MenuEntry(
            key="booking.staff",
            label=_("Bookings"),
            url_name="booking:staff-index",
            visible=is_hub_staff,
            order=30,
            current=("booking:staff-",),
        )
    )
