"""The staff agenda: a day's office hours per hub or per officer, with held / did not come."""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from torget.accounts.models import User
from torget.appointments import selectors, services
from torget.appointments.models import AppointmentStatus, Officer
from torget.core.errors import DomainError
from torget.core.text import norwegian_sort_key
from torget.core.timeutil import today
from torget.places.models import Hub


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return today()


@login_required
def agenda_page(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    day = _day(request.GET.get("dag", ""))
    sessions = selectors.agenda_sessions(user)
    hub_ids = set(sessions.values_list("hub_id", flat=True).distinct())
    hubs = sorted(Hub.objects.filter(pk__in=hub_ids), key=lambda h: norwegian_sort_key(h.name))
    officer_ids = set(sessions.values_list("officer_id", flat=True).distinct())
    officers = list(Officer.objects.filter(pk__in=officer_ids).select_related("service"))
    hub = next((h for h in hubs if h.slug == request.GET.get("torg")), None)
    officer = next((o for o in officers if str(o.pk) == request.GET.get("behandler")), None)
    rows = selectors.agenda(
        user,
        day,
        hub_id=hub.pk if hub else None,
        officer_id=officer.pk if officer else None,
    )
    return render(
        request,
        "appointments/agenda.html",
        {
            "day": day,
            "previous": day - timedelta(days=1),
            "next": day + timedelta(days=1),
            "hubs": hubs,
            "hub": hub,
            "officers": officers,
            "officer": officer,
            "rows": rows,
            "statuses": AppointmentStatus,
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_POST
def mark(request: HttpRequest, pk: int) -> HttpResponse:
    status = request.POST.get("status", "")
    try:
        appointment = services.appointment_mark(
            actor=cast(User, request.user), appointment_id=pk, status=status
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        labels: dict[str, str] = {
            AppointmentStatus.HELD: _("Marked as held."),
            AppointmentStatus.NO_SHOW: _("Marked as did not come."),
        }
        label = labels.get(appointment.status, _("The mark is undone."))
        messages.success(request, label)
    back = request.POST.get("next", "")
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        back = "/timeavtaler/agenda/"
    return redirect(back)
