"""What volunteering adds to the registries in core: "who is on today" on the staff home and
its staff page in the menu, volunteer hours in the key figures, and the reminders' schedule
for the worker."""

from __future__ import annotations

from datetime import date, time

from django.utils.translation import gettext_lazy as _

from torget.accounts.permissions import can_manage_hub, is_hub_staff
from torget.core.figures import Figure, register_figure
from torget.core.jobs import Schedule, register_schedule
from torget.core.staffhome import MenuEntry, Panel, register_menu_entry, register_panel


def on_duty_today(request, hub, day: date) -> dict | None:
    from torget.volunteering.selectors import on_duty

    shifts = on_duty(hub, day)
    if not shifts:
        return None
    return {"hub": hub, "shifts": shifts}


def hours(hub, start: date, end: date):
    from torget.volunteering.selectors import volunteer_hours

    return volunteer_hours(hub, start, end)


def register() -> None:
    register_panel(
        Panel(
            key="volunteering.on_duty",
            title=_("Volunteers on today"),
            template="volunteering/staffhome/on_duty.html",
            context=on_duty_today,
            visible=can_manage_hub,
            order=45,
        )
    )
    register_menu_entry(
        MenuEntry(
            key="volunteering",
            label=_("Volunteers"),
            url_name="volunteering:staff",
            visible=is_hub_staff,
            order=55,
            current=("volunteering:staff",),
        )
    )
    register_figure(
        Figure(
            key="volunteering.hours",
            label=_("Volunteer hours (confirmed)"),
            value=hours,
            order=80,
            decimals=1,
        )
    )
    register_schedule(
        Schedule(
            key="volunteering.reminders",
            task="torget.volunteering.services.shifts.reminders_job",
            label=_("Reminders to volunteers the day before their shift"),
            at=time(17, 0),
        )
    )
    register_schedule(
        Schedule(
            key="volunteering.renewals",
            task="torget.volunteering.services.agreements.renewal_reminders_job",
            label=_("Reminders to renew cooperation agreements before they end"),
            at=time(7, 30),
        )
    )
