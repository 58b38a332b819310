"""What places shows on the staff home: the hub's opening hours now, and today's notices."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from torget.accounts.permissions import can_lead_hub, can_view_reports
from torget.core.staffhome import Panel, register_panel
from torget.core.timeutil import now
from torget.places.backoffice import may_enter
from torget.places.codes import HoursKind
from torget.places.directory import directory
from torget.places.hours import KINDS, open_state
from torget.places.models import Hub
from torget.places.selectors import active_notices


def may_configure(user, hub: Hub) -> bool:
    """Hub leaders (and administrators) keep their hub's hours and notices in the back
    office; the panels link there for them."""
    return may_enter(user) and can_lead_hub(user, hub)


def hours_now(request, hub: Hub, day: date) -> dict:
    """Open now (staffed or self-service) and until when; today's hours of each kind."""
    calendar = directory().hours([hub], day - timedelta(days=1), day + timedelta(days=14))
    return {
        "hub": hub,
        "state": open_state(calendar, hub, now()),
        "today": [(HoursKind(kind).label, calendar.day(hub, day, kind)) for kind in KINDS],
        "may_configure": may_configure(request.user, hub),
    }


def notices_today(request, hub: Hub, day: date) -> dict:
    return {
        "hub": hub,
        "notices": active_notices(hub, on=day),
        "may_configure": may_configure(request.user, hub),
    }


def register() -> None:
    # Management reads every hub's day (as its reports); hub staff their own hubs'.
    register_panel(
        Panel(
            key="places.hours",
            title=_("Opening hours now"),
            template="places/staffhome/hours.html",
            context=hours_now,
            visible=can_view_reports,
            order=10,
        )
    )
    register_panel(
        Panel(
            key="places.notices",
            title=_("Notices"),
            template="places/staffhome/notices.html",
            context=notices_today,
            visible=can_view_reports,
            order=90,
        )
    )
