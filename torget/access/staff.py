"""Meråpent staff pages, scoped to the user's hubs: the hub's overview (alerts, the
fire-safety count, doors with remote open, the agreements), register, renew and revoke an
agreement, the entry log per day, and "revoke every grant of this hub". Thin: every write
is a service call, which checks who may; another hub's pages answer 404."""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from torget.access import selectors, services
from torget.access.forms import RegisterForm, RenewForm, RevokeAllForm, RevokeForm
from torget.access.models import Door, HubAccessPolicy
from torget.access.rules import Reason
from torget.accounts.models import User
from torget.core.errors import DomainError
from torget.places.models import Hub


def me(request: HttpRequest) -> User:
    return cast(User, request.user)


def error_text(error: DomainError) -> str:
    details = "; ".join(str(e["message"]) for e in error.errors if e.get("message"))
    message = str(error.message)
    return message if not details or details == message else f"{message} {details}"


def add_errors(form, error: DomainError) -> None:
    """The service's refusal on the form: each field's message by its field."""
    placed = False
    for item in error.errors:
        field = item.get("field")
        if field in form.fields:
            form.add_error(field, str(item["message"]))
            placed = True
    if not placed or str(error.message) not in {str(e.get("message")) for e in error.errors}:
        form.add_error(None, str(error.message))


def _hub(request: HttpRequest) -> tuple[Hub, list[Hub]]:
    """The hub the page is about (?hub=slug, else the first of the user's), and all the
    user's hubs for the switch. Not staff: 403; another hub's slug: 404."""
    hubs = selectors.staff_hubs(me(request))
    if not hubs:
        raise DjangoPermissionDenied
    wanted = request.GET.get("hub") or request.POST.get("hub") or ""
    if not wanted:
        return hubs[0], hubs
    hub = next((h for h in hubs if h.slug == wanted), None)
    if hub is None:
        raise Http404
    return hub, hubs


def _back(hub: Hub, name: str = "access:staff") -> str:
    return f"{reverse(name)}?hub={hub.slug}"


@login_required
@require_http_methods(["GET"])
def overview(request: HttpRequest) -> HttpResponse:
    hub, hubs = _hub(request)
    policy = HubAccessPolicy.objects.filter(hub=hub).first()
    return render(
        request,
        "access/staff.html",
        {
            "hub": hub,
            "hubs": hubs,
            "policy": policy,
            "locked": selectors.locked_doors([hub.pk]),
            "fire": selectors.fire_safety_count(hub),
            "doors": selectors.doors_of_hub(hub),
            "agreements": selectors.agreements_of_hub(hub),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    hub, hubs = _hub(request)
    offered = [h for h in hubs if HubAccessPolicy.objects.filter(hub=h).exists()]
    posted = request.method == "POST"
    form = RegisterForm(
        request.POST if posted else None,
        hubs=offered,
        initial={"hubs": [hub.slug]} if hub in offered else {},
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        user = selectors.account_for(data["account"]) if data["account"] else None
        if data["account"] and user is None:
            form.add_error("account", _("No account with this e-mail or user name."))
        else:
            try:
                agreement = services.agreement_register(
                    actor=me(request),
                    hubs=[h for h in offered if h.slug in data["hubs"]],
                    birth_date=data["birth_date"],
                    id_checked=data["id_checked"],
                    accepted=data["accepted"],
                    credential=data["credential"],
                    pin=data["pin"],
                    user=user,
                    name=data["name"],
                    phone=data["phone"],
                    email=data["email"],
                    valid_until=data["valid_until"],
                )
            except DomainError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The agreement is registered: the card opens the doors from %(day)s.")
                    % {"day": f"{agreement.valid_from:%d.%m.%Y}"},
                )
                return redirect(
                    f"{reverse('access:agreement', kwargs={'pk': agreement.pk})}?hub={hub.slug}"
                )
    return render(
        request,
        "access/register.html",
        {
            "hub": hub,
            "form": form,
            "policies": HubAccessPolicy.objects.filter(hub__in=offered).select_related("hub"),
        },
        status=422 if posted else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    if not selectors.staff_hubs(me(request)):
        raise DjangoPermissionDenied
    item = selectors.agreement_of_hub_staff(me(request), pk)
    if item is None:
        raise Http404
    hub = next(
        (h for h in item.hub_list if h.slug == request.GET.get("hub")),  # type: ignore[attr-defined]
        item.hub_list[0],  # type: ignore[attr-defined]
    )
    action = request.POST.get("action", "")
    renew = RenewForm(
        request.POST if action == "renew" else None,
        initial={"valid_until": item.valid_until + timedelta(days=365)},
        prefix="renew",
    )
    revoke = RevokeForm(request.POST if action == "revoke" else None, prefix="revoke")
    if request.method == "POST":
        form = renew if action == "renew" else revoke
        if form.is_valid():
            try:
                if action == "renew":
                    services.agreement_renew(
                        actor=me(request),
                        agreement_id=item.pk,
                        valid_until=form.cleaned_data["valid_until"],
                        pin=form.cleaned_data["pin"],
                    )
                    done = _("The agreement is renewed.")
                else:
                    services.agreement_revoke(
                        actor=me(request), agreement_id=item.pk, reason=form.cleaned_data["reason"]
                    )
                    done = _("The agreement is revoked. The card opens no door from now on.")
            except DomainError as error:
                add_errors(form, error)
            else:
                messages.success(request, done)
                return redirect(f"{request.path}?hub={hub.slug}")
    return render(
        request,
        "access/agreement.html",
        {
            "item": item,
            "hub": hub,
            "holder": selectors.holder_name(item),
            "renew": renew,
            "revoke": revoke,
        },
        status=422 if request.method == "POST" else 200,
    )


# What each stable reason code means, for staff (the keypad says only "refused").
REASON_LABELS = {
    Reason.AGREEMENT: gettext_lazy("Meråpent agreement"),
    Reason.BOOKING: gettext_lazy("Booking code"),
    Reason.STAFF: gettext_lazy("Staff card"),
    Reason.STAFF_REMOTE: gettext_lazy("Opened remotely by staff"),
    Reason.UNKNOWN: gettext_lazy("Unknown code or card"),
    Reason.WRONG_PIN: gettext_lazy("Wrong PIN"),
    Reason.NOT_YET_VALID: gettext_lazy("Not valid yet"),
    Reason.EXPIRED: gettext_lazy("Expired"),
    Reason.REVOKED: gettext_lazy("Revoked"),
    Reason.CANCELLED: gettext_lazy("The booking is cancelled"),
    Reason.SUPERSEDED: gettext_lazy("The booking was changed: an old code"),
    Reason.OUTSIDE_HOURS: gettext_lazy("Outside the opening hours"),
    Reason.WRONG_DOOR: gettext_lazy("Not for this door"),
    Reason.TOO_EARLY: gettext_lazy("Too early"),
    Reason.NOT_OFFERED: gettext_lazy("The hub has no meråpent"),
    Reason.DOOR_INACTIVE: gettext_lazy("The door is not in use"),
    Reason.RATE_LIMITED: gettext_lazy("Locked after too many wrong codes"),
}
GRANT_KINDS = {"agreement": gettext_lazy("agreement"), "booking": gettext_lazy("booking")}


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return None


@login_required
@require_http_methods(["GET"])
def log(request: HttpRequest) -> HttpResponse:
    hub, hubs = _hub(request)
    day = _day(request.GET.get("dag", ""))
    bad_day = day is None
    day = day or timezone.localdate()
    attempts = list(selectors.entry_log(hub.pk, day)[:1000])
    for attempt in attempts:
        attempt.reason_label = REASON_LABELS.get(attempt.result_code, attempt.result_code)  # type: ignore[attr-defined]
        attempt.grant_kind_label = GRANT_KINDS.get(attempt.grant_kind, "")  # type: ignore[attr-defined]
    return render(
        request,
        "access/log.html",
        {
            "hub": hub,
            "hubs": hubs,
            "day": day,
            "bad_day": bad_day,
            "previous": day - timedelta(days=1),
            "next": day + timedelta(days=1) if day < timezone.localdate() else None,
            "attempts": attempts,
        },
        status=422 if bad_day else 200,
    )


@login_required
@require_POST
def remote_open(request: HttpRequest, pk: int) -> HttpResponse:
    hub, _hubs = _hub(request)
    door = Door.objects.select_related("hub").filter(pk=pk, hub=hub).first()
    if door is None:
        raise Http404
    try:
        services.door_remote_open(actor=me(request), door=door)
    except DomainError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("%(door)s is opened. This is logged with your name.") % {"door": door.label}
        )
    return redirect(_back(hub))


@login_required
@require_http_methods(["GET", "POST"])
def revoke_all(request: HttpRequest) -> HttpResponse:
    """Two steps: the reason, then a confirmation that says how many grants end."""
    hub, _hubs = _hub(request)
    posted = request.method == "POST"
    form = RevokeAllForm(request.POST if posted else None)
    step = request.POST.get("step", "")
    if posted and form.is_valid():
        if step == "confirm":
            reason = form.cleaned_data["reason"]
            try:
                done = services.revoke_all(hub=hub, by=me(request), reason=reason)
            except DomainError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Every grant of %(hub)s is revoked: %(agreements)s agreements and "
                        "%(codes)s booking codes. Each person with an agreement is told why."
                    )
                    % {"hub": hub.name, "agreements": done.agreements, "codes": done.codes},
                )
                return redirect(_back(hub))
        else:
            return render(
                request,
                "access/revoke_all.html",
                {
                    "hub": hub,
                    "form": form,
                    "confirming": True,
                    "live": selectors.live_grants(hub),
                },
            )
    return render(
        request,
        "access/revoke_all.html",
        {"hub": hub, "form": form, "confirming": False, "live": selectors.live_grants(hub)},
        status=422 if posted else 200,
    )
