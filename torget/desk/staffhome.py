"""What the desk shows on the staff home: the callback queue and today's tally at the
desk; the desk screen in the staff menu; callback requests in the key figures."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from torget.accounts.permissions import can_manage_hub, can_view_reports, is_hub_staff
from torget.core.figures import Figure, register_figure
from torget.core.staffhome import MenuEntry, Panel, register_menu_entry, register_panel
from torget.core.timeutil import local_tz
from torget.desk.models import CallbackRequest
from torget.desk.selectors import callback_queue, day_counts, topic_labels
from torget.places.models import Hub

SHOWN = 10


def callbacks(request, hub: Hub, day: date) -> dict:
    queue = list(callback_queue(hub))
    labels = topic_labels(get_language())
    return {
        "hub": hub,
        "items": [{"request": cb, "topic": labels.get(cb.topic, cb.topic)} for cb in queue[:SHOWN]],
        "total": len(queue),
    }


def desk_today(request, hub: Hub, day: date) -> dict:
    """Today's inquiries at the hub by topic (the topics with any), and the total."""
    counts = day_counts(hub, day)
    labels = topic_labels(get_language())
    topics = [(labels.get(code, code), n) for code, n in counts.by_topic.items() if n]
    return {
        "hub": hub,
        "total": counts.total,
        "topics": sorted(topics, key=lambda t: (-t[1], t[0])),
        "may_log": can_manage_hub(request.user, hub),
    }


def callback_requests(hub: Hub | None, start: date, end: date) -> int:
    """Callback requests received in the period (a hub's, or every hub's)."""
    tz = local_tz()
    found = CallbackRequest.objects.filter(
        created__gte=datetime.combine(start, time(0), tzinfo=tz),
        created__lt=datetime.combine(end + timedelta(days=1), time(0), tzinfo=tz),
    )
    return (found.filter(hub=hub) if hub is not None else found).count()


def register() -> None:
    register_panel(
        Panel(
            key="desk.callbacks",
            title=_("Callback requests"),
            template="desk/staffhome/callbacks.html",
            context=callbacks,
            visible=can_manage_hub,
            order=40,
        )
    )
    register_panel(
        Panel(
            key="desk.today",
            title=_("Today at the desk"),
            template="desk/staffhome/today.html",
            context=desk_today,
            visible=can_view_reports,
            order=50,
        )
    )
    register_menu_entry(
        MenuEntry(
            key="desk.desk",
            label=_("Desk"),
            url_name="desk:index",
            visible=is_hub_staff,
            order=20,
            current=("desk:index", "desk:desk", "desk:callbacks", "desk:undo"),
        )
    )
    register_figure(
        Figure(key="desk.callbacks", label=_("Callback requests"), value=callback_requests)
    )
