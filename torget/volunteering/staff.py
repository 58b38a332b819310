"""Staff pages, scoped to the user's hubs: who is on today and this week, hours to confirm,
and the initiatives queue (take, decline, turn into an activity). Thin: every write is a
service call, which checks who may."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from torget.accounts.permissions import can_manage_hub
from torget.core.errors import DomainError
from torget.core.timeutil import days, make_local
from torget.places.models import Hub, Space
from torget.volunteering import selectors, services
from torget.volunteering.forms import PoliceCertificateForm, TurnIntoEventForm
from torget.volunteering.models import Initiative, InitiativeStatus
from torget.volunteering.views import add_errors, error_text, me


def _hub(request: HttpRequest) -> tuple[Hub, list[Hub]]:
    hubs = selectors.staff_hubs(request.user)
    if not hubs:
        raise DjangoPermissionDenied
    wanted = request.GET.get("hub") or request.POST.get("hub") or ""
    hub = next((h for h in hubs if h.slug == wanted), hubs[0])
    return hub, hubs


@login_required
@require_http_methods(["GET", "POST"])
def overview(request: HttpRequest) -> HttpResponse:
    hub, hubs = _hub(request)
    if request.method == "POST":
        raw = request.POST.get("hours", "").strip().replace(",", ".")
        try:
            hours = Decimal(raw) if raw else None
            services.hours_confirm(
                actor=me(request), signup_id=int(request.POST.get("signup", "0")), hours=hours
            )
        except (InvalidOperation, ValueError):
            messages.error(request, _("Write the hours as a number, for example 2.5."))
        except DomainError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Hours confirmed."))
        return redirect(f"{request.path}?hub={hub.slug}")
    today = timezone.localdate()
    week = [(day, selectors.on_duty(hub, day)) for day in days(today, today + timedelta(days=6))]
    return render(
        request,
        "volunteering/staff.html",
        {
            "hub": hub,
            "hubs": hubs,
            "week": week,
            "to_confirm": selectors.hours_to_confirm(hub),
            "initiatives": selectors.initiatives_open(hub),
            "decided": selectors.initiatives_decided(hub),
            "police_form": PoliceCertificateForm(initial={"seen_on": today}),
        },
    )


def _initiative(request: HttpRequest, pk: int) -> Initiative:
    initiative = (
        Initiative.objects.select_related("hub", "proposer", "organisation").filter(pk=pk).first()
    )
    if initiative is None or not can_manage_hub(me(request), initiative.hub):
        raise Http404
    return initiative


@login_required
@require_http_methods(["GET", "POST"])
def initiative(request: HttpRequest, pk: int) -> HttpResponse:
    item = _initiative(request, pk)
    spaces = list(
        Space.objects.filter(hub=item.hub, is_active=True, bookable=True).order_by("name")
    )
    form = TurnIntoEventForm(
        request.POST if request.POST.get("action") == "event" else None,
        spaces=spaces,
        initial={"title": item.title, "category": "other"},
    )
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "take":
                services.initiative_take(actor=me(request), initiative_id=item.pk)
                messages.success(request, _("You have taken the initiative."))
                return redirect("volunteering:initiative", pk=item.pk)
            if action == "decline":
                services.initiative_decline(
                    actor=me(request), initiative_id=item.pk, reason=request.POST.get("reason", "")
                )
                messages.success(request, _("Declined. The proposer is told why."))
                return redirect("volunteering:initiative", pk=item.pk)
            if action == "event" and form.is_valid():
                data = form.cleaned_data
                event = services.initiative_to_event(
                    actor=me(request),
                    initiative_id=item.pk,
                    space=next(s for s in spaces if str(s.pk) == data["space"]),
                    start=make_local(data["date"], data["start_time"]),
                    end=make_local(data["date"], data["end_time"]),
                    until=data.get("until"),
                    category=data["category"],
                    title=data["title"],
                )
                messages.success(
                    request, _("The activity is made: %(title)s.") % {"title": event.title}
                )
                return redirect("volunteering:initiative", pk=item.pk)
        except DomainError as error:
            if action == "event":
                add_errors(form, error)
            else:
                messages.error(request, error_text(error))
        item = _initiative(request, pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "volunteering/initiative.html",
        {
            "item": item,
            "form": form,
            "open": item.status in (InitiativeStatus.PROPOSED, InitiativeStatus.TAKEN),
        },
        status=status,
    )
