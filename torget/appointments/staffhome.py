"""What appointments show on the staff home: today's office hours at the hub, and a case
officer's own sessions today; the agenda in the staff menu."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from torget.accounts.permissions import can_manage_hub, is_case_officer, is_hub_staff
from torget.appointments.selectors import agenda
from torget.core.staffhome import MenuEntry, Panel, register_menu_entry, register_panel
from torget.places.models import Hub


def holds_office_hours(user) -> bool:
    """Case officers, and anyone with an officer profile (who holds office hours)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_case_officer(user):
        return True
    cached = getattr(user, "_torget_officer", None)
    if cached is None:  # asked by several menu entries on every page: once per request user
        cached = user._torget_officer = user.officer_profiles.exists()
    return cached


def may_open_agenda(user) -> bool:
    return is_hub_staff(user) or holds_office_hours(user)


def _rows(request, day: date, hub_id: int | None) -> dict:
    rows = agenda(request.user, day, hub_id=hub_id)
    return {
        "day": day,
        "rows": [{"session": s, "booked": len(booked)} for s, booked in rows],
        "show_hub": hub_id is None,
    }


def at_hub(request, hub: Hub, day: date) -> dict:
    return {"hub": hub, **_rows(request, day, hub.pk)}


def mine(request, hub, day: date) -> dict | None:
    """A case officer's sessions today, at any hub (nothing when they hold none)."""
    found = _rows(request, day, None)
    return found if found["rows"] or not is_hub_staff(request.user) else None


def register() -> None:
    register_panel(
        Panel(
            key="appointments.today",
            title=_("Appointments today"),
            template="appointments/staffhome/today.html",
            context=at_hub,
            visible=can_manage_hub,
            order=60,
        )
    )
    register_panel(
        Panel(
            key="appointments.mine",
            title=_("Your office hours today"),
            template="appointments/staffhome/today.html",
            context=mine,
            visible=lambda user, hub: holds_office_hours(user),
            order=10,
            scope="person",
        )
    )
    register_menu_entry(
        MenuEntry(
            key="appointments.agenda",
            label=_("Appointments agenda"),
            url_name="appointments:agenda",
            visible=may_open_agenda,
            order=50,
            current=("appointments:agenda",),
        )
    )
