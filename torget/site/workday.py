"""The staff home, "Min arbeidsdag" (/ansatt/): where every staff sign-in lands.

Today at a glance for one hub the person works at (a switch when there are several), made
of the panels the apps register in `torget.core.staffhome`, each shown only to whoever may
see it; and the staff menu, built from the entries the apps register the same way. The
page itself knows no app's rules: it asks the registry.

Everyone else who signs in goes on to their bookings, as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from torget.accounts.permissions import is_management
from torget.core.errors import NotFound
from torget.core.staffhome import MenuEntry, Panel, menu_entries, panels, register_menu_entry
from torget.core.timeutil import today
from torget.places.backoffice import may_enter
from torget.places.models import Hub
from torget.places.staffing import NotHubStaff, refused, staffed_hubs

HOME = "site.workday"
SESSION_HUB = "workday_hub"


def has_workday(user) -> bool:
    """Whoever may open any staff tool has a working day: desk staff, hub leaders, case
    officers and officers, management, administrators."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return any(entry.visible(user) for entry in menu_entries() if entry.key != HOME)


def workday_hubs(user) -> QuerySet[Hub]:
    """The hubs the switch offers: management reads every hub's day (as its reports), the
    others the hubs they work at (administrators: every hub)."""
    if is_management(user):
        return Hub.objects.order_by("name")
    return staffed_hubs(user)


@dataclass
class Shown:
    key: str
    title: str
    html: SafeString


def _shown(request: HttpRequest, panel: Panel, hub: Hub | None) -> Shown | None:
    if not panel.visible(request.user, hub):
        return None
    context = panel.context(request, hub, today())
    if context is None:
        return None
    html = render_to_string(panel.template, context, request=request)
    return Shown(key=panel.key.replace(".", "-"), title=str(panel.title), html=SafeString(html))


def _choose(request: HttpRequest, hubs: list[Hub], slug: str | None) -> Hub | None:
    """The hub in the address, else the one chosen last time, else the first."""
    if slug is not None:
        hub = next((h for h in hubs if h.slug == slug), None)
        if hub is None:
            raise NotFound() if not Hub.objects.filter(slug=slug).exists() else NotHubStaff()
        request.session[SESSION_HUB] = hub.slug
        return hub
    remembered = request.session.get(SESSION_HUB)
    return next((h for h in hubs if h.slug == remembered), hubs[0] if hubs else None)


@login_required
@require_GET
def workday(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    user = request.user
    if not has_workday(user):
        return redirect("booking:mine")  # residents and organisers land where they did
    hubs = list(workday_hubs(user))
    try:
        hub = _choose(request, hubs, slug)
    except (NotFound, NotHubStaff) as error:
        return refused(request, error)
    personal = [s for p in panels("person") if (s := _shown(request, p, None))]
    at_hub = [s for p in panels("hub") if hub and (s := _shown(request, p, hub))]
    return render(
        request,
        "site/workday.html",
        {"hubs": hubs, "hub": hub, "day": today(), "personal": personal, "at_hub": at_hub},
    )


def register() -> None:
    """The home and the back office in the staff menu (the site sits on top: it may
    name every app's pages)."""
    register_menu_entry(
        MenuEntry(
            key=HOME,
            label=_("My working day"),
            url_name="workday:today",
            visible=has_workday,
            order=10,
            current=("workday:hub",),
        )
    )
    # Configuration (spaces, hours, notices, accounts) in Django's admin, for whoever the
    # back office lets in; reached from the menu, not as the place staff land.
    register_menu_entry(
        MenuEntry(
            key="site.backoffice",
            label=_("Back office"),
            url_name="admin:index",
            visible=may_enter,
            order=90,
            current=("admin:",),
        )
    )
