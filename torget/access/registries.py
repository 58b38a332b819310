"""What meråpent adds to the registries in core: its staff page in the staff menu, a panel
on the staff home (doors locked by wrong codes, and how many people came in during the
current self-service period), self-service visits in the key figures, and the door code
with a booking's confirmation and on "Mine bookinger"."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from torget.accounts.permissions import can_manage_hub, is_hub_staff
from torget.core.bookinghooks import BookingHooks, Section, register_booking_hooks, register_section
from torget.core.figures import Figure, register_figure
from torget.core.staffhome import MenuEntry, Panel, register_menu_entry, register_panel


def panel_context(request, hub, day: date) -> dict | None:
    from torget.access import selectors
    from torget.access.models import Door

    if not Door.objects.filter(hub=hub, is_active=True).exists():
        return None  # no meråpent here: nothing to show
    return {
        "hub": hub,
        "locked": selectors.locked_doors([hub.pk]),
        "fire": selectors.fire_safety_count(hub),
    }


def visits(hub, start: date, end: date) -> int:
    from torget.access.selectors import self_service_visits
    from torget.places.models import Hub

    hub_ids = [hub.pk] if hub is not None else list(Hub.objects.values_list("pk", flat=True))
    return self_service_visits(hub_ids, start, end)


# The messages that carry a confirmed booking's door code (booking.messages' templates).
WITH_CODE = frozenset(
    {
        "booking.confirmed",
        "booking.approved",
        "booking.moved",
        "booking.changed",
        "booking.reminder",
    }
)


def booking_changed(booking, event: str) -> None:
    """A booking was confirmed or changed: issue its door code now (inside the booking's
    transaction), so that the confirmation carries it and showing it writes nothing.
    A cancelled or moved booking's old code is revoked by `signals`."""
    from torget.access.doors import current
    from torget.access.services import code_for_booking
    from torget.booking.models import BookingStatus

    if booking.status != BookingStatus.CONFIRMED:
        return
    # This process's copy of the doors and the places directory: one query, their stamps.
    doors, places = current()
    at_hub = doors.by_hub.get(booking.space.hub_id, ())
    # The common case, a hub without doors, needs no code.
    code = code_for_booking(booking, at_hub=at_hub, places=places) if at_hub else None
    # The message about this change comes next, about this same object (booking's `tell`):
    # it takes the code from here instead of asking the database again.
    booking._door_code = (_what_the_code_follows(booking), code)


def _what_the_code_follows(booking) -> tuple:
    from torget.access.rules import booking_version

    return (booking.pk, booking.status, booking.series_id, booking_version(booking))


def _code_text(code, *, sms: bool) -> str:
    from torget.core.templatetags.torget import format_span

    if sms:
        return gettext("Door code %(code)s (%(when)s).") % {
            "code": code.code,
            "when": format_span(code.valid_from, code.valid_until, compact=True),
        }
    return gettext("Door code: %(code)s. It opens %(doors)s, %(when)s.") % {
        "code": code.code,
        "doors": ", ".join(code.doors),
        "when": format_span(code.valid_from, code.valid_until),
    }


def message_lines(booking, event: str, sms: bool) -> list[str]:
    from torget.access.selectors import booking_codes

    if event not in WITH_CODE:
        return []
    stashed = getattr(booking, "_door_code", None)
    if stashed is not None and stashed[0] == _what_the_code_follows(booking):
        code = stashed[1]
    else:
        code = booking_codes([booking]).get(booking.pk)
    return [_code_text(code, sms=sms)] if code is not None else []


def page_notes(bookings: list) -> dict[int, list[str]]:
    from torget.access.selectors import booking_codes

    return {pk: [_code_text(code, sms=False)] for pk, code in booking_codes(bookings).items()}


def my_agreements(request) -> dict | None:
    from torget.access.selectors import my_agreements as mine

    if not request.user.is_authenticated:
        return None
    agreements = mine(request.user)
    return {"agreements": agreements} if agreements else None


def register() -> None:
    register_booking_hooks(
        BookingHooks(
            key="access",
            after_change=booking_changed,
            message_lines=message_lines,
            page_notes=page_notes,
        )
    )
    register_section(
        Section(key="access.agreements", template="access/mine.html", context=my_agreements)
    )
    register_menu_entry(
        MenuEntry(
            key="access",
            label=_("Self-service access"),
            url_name="access:staff",
            visible=is_hub_staff,
            order=57,
            current=("access:",),
        )
    )
    register_panel(
        Panel(
            key="access.doors",
            title=_("Self-service access"),
            template="access/staffhome/panel.html",
            context=panel_context,
            visible=can_manage_hub,
            order=47,
        )
    )
    register_figure(
        Figure(
            key="access.visits",
            label=_("Visits in self-service hours"),
            value=visits,
            order=85,
        )
    )
