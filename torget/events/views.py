"""Public event pages: the calendar (list and week, all hubs or one), an event's page with
registration, the private registration page (status, cancel) and the lobby screen.

Thin: the selectors read, the services decide and write; a `DomainError` is shown in an
error summary and nothing is written. Every page works without JavaScript.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from torget.accounts.models import User
from torget.accounts.permissions import can_manage_hub, can_see_event_registrants, is_hub_staff
from torget.core.errors import DomainError, NotFound
from torget.core.forms import PlainTextForm
from torget.core.postcode import postcode_field
from torget.core.ratelimit import PRIVATE_LINK, rate_limited, too_many
from torget.core.timeutil import today
from torget.events import selectors, services
from torget.events.codes import (
    Audience,
    Category,
    OccurrenceStatus,
    PaymentMethod,
    RegistrationStatus,
)
from torget.events.lobby import REFRESH_SECONDS, lobby_screen, qr_svg
from torget.events.models import MAX_SEATS_PER_REGISTRATION, Occurrence, Registration
from torget.places.models import Hub

LIST_DAYS = 7
LIST_LIMIT = 40
MAX_PAGE = 100
DAY_LIMIT = 8
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
FORM_FIELDS = ("name", "email", "phone", "postcode", "seats", "payment_method")
# Anonymous registrations from one address: a burst of 100 a minute (a kiosk shares one).
REGISTRATION_RATE = 100
REGISTRATION_WINDOW = 60


def _int(value: str) -> int | None:
    try:
        return int(value[:6])
    except ValueError:
        return None


def _parse_date(value: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _filters(request: HttpRequest, hub: Hub | None) -> tuple[selectors.Filters, dict[str, Any]]:
    get = request.GET
    first = _parse_date(get.get("date", "")[:20]) or today()
    # Not too far either way: the calendar is for what is on, not an archive.
    first = min(max(first, today() - timedelta(days=366)), today() + timedelta(days=800))
    if hub is None and get.get("hub"):
        hub = Hub.objects.filter(slug=get["hub"][:120]).first()
    filters = selectors.Filters(
        hub=hub,
        audience=get.get("audience", "") if get.get("audience") in Audience.values else "",
        category=get.get("category", "") if get.get("category") in Category.values else "",
        free=get.get("free") == "1",
        q=get.get("q", "")[: selectors.MAX_QUERY],
    )
    return filters, {"first": first}


def _filter_context(request: HttpRequest, filters: selectors.Filters, first: date) -> dict:
    return {
        "filters": filters,
        "first": first,
        "hubs": Hub.objects.order_by("name"),
        "audiences": Audience.choices,
        "categories": Category.choices,
        "query": request.GET.urlencode(),
    }


def _with_params(request: HttpRequest, **changes: str) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        params[key] = value
    return "?" + params.urlencode() if params else ""


def _list(request: HttpRequest, hub: Hub | None) -> HttpResponse:
    filters, extra = _filters(request, hub)
    first: date = extra["first"]
    filters.start, filters.end = selectors.day_span(first, LIST_DAYS)
    if first == today():
        filters.start = max(filters.start, timezone.now())
    page = min(max(_int(request.GET.get("page", "")) or 1, 1), MAX_PAGE)
    offset = (page - 1) * LIST_LIMIT
    items = list(selectors.occurrences(filters)[offset : offset + LIST_LIMIT + 1])
    context = _filter_context(request, filters, first)
    context.update(
        {
            "hub": hub,
            "days": selectors.by_day(items[:LIST_LIMIT]),
            "more_url": _with_params(request, page=str(page + 1))
            if len(items) > LIST_LIMIT
            else "",
            "earlier_url": _with_params(request, page=str(page - 1)) if page > 1 else "",
            "last": first + timedelta(days=LIST_DAYS - 1),
            "next_url": _with_params(request, date=(first + timedelta(days=LIST_DAYS)).isoformat()),
            "prev_url": _with_params(request, date=(first - timedelta(days=LIST_DAYS)).isoformat())
            if first > today()
            else "",
            # From a hub's own calendar the hub is in the path: the week view needs it named.
            "week_url": reverse("events:week")
            + _with_params(request, **({"hub": hub.slug} if hub else {})),
            "organiser_links": _organiser_links(request),
            "today": today(),
            "tomorrow": today() + timedelta(days=1),
        }
    )
    return render(request, "events/calendar.html", context)


def _organiser_links(request: HttpRequest) -> dict[str, bool]:
    """Links for signed-in organisers and hub staff (nothing to look up for anyone else)."""
    user = cast(User, request.user)
    if not user.is_authenticated:
        return {}
    return {
        "organiser": bool(selectors.organisations_of(user)),
        "staff": is_hub_staff(user),
    }


@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    return _list(request, None)


@require_GET
def hub_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    return _list(request, get_object_or_404(Hub, slug=slug))


@require_GET
def week(request: HttpRequest) -> HttpResponse:
    filters, extra = _filters(request, None)
    monday = selectors.monday_of(extra["first"])
    filters.start, filters.end = selectors.day_span(monday, 7)
    days = []
    for i in range(7):
        # Per day, a few: a busy week across every hub is read in the list, day by day.
        day = monday + timedelta(days=i)
        filters.start, filters.end = selectors.day_span(day, 1)
        items = list(selectors.occurrences(filters)[: DAY_LIMIT + 1])
        entry = selectors.Day(day, items[:DAY_LIMIT])
        entry.more_url = (
            reverse("events:calendar") + _with_params(request, date=day.isoformat())
            if len(items) > DAY_LIMIT
            else ""
        )
        days.append(entry)
    context = _filter_context(request, filters, monday)
    context.update(
        {
            "days": days,
            "monday": monday,
            "sunday": monday + timedelta(days=6),
            "week_number": monday.isocalendar().week,
            "next_url": _with_params(request, date=(monday + timedelta(days=7)).isoformat()),
            "prev_url": _with_params(request, date=(monday - timedelta(days=7)).isoformat()),
            "list_url": reverse("events:calendar") + _with_params(request),
            "today": today(),
        }
    )
    return render(request, "events/week.html", context)


# --- One event ----------------------------------------------------------------------------


class RegistrationForm(PlainTextForm, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=200,
        error_messages={"required": gettext_lazy("Write your name.")},
    )
    email = forms.CharField(label=gettext_lazy("E-mail"), max_length=254, required=False)
    phone = forms.CharField(label=gettext_lazy("Mobile phone"), max_length=30, required=False)
    postcode = postcode_field()
    seats = forms.TypedChoiceField(
        label=gettext_lazy("Number of places"),
        choices=[(n, str(n)) for n in range(1, MAX_SEATS_PER_REGISTRATION + 1)],
        coerce=int,
        initial=1,
        error_messages={"invalid_choice": gettext_lazy("Choose the number of places.")},
    )
    whole_series = forms.BooleanField(
        label=gettext_lazy("Sign me up for every later date too"), required=False
    )
    payment_method = forms.ChoiceField(
        label=gettext_lazy("How will you pay the participant fee?"),
        choices=PaymentMethod.choices,
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose how you will pay.")},
    )


def json_ld(request: HttpRequest, occurrence: Occurrence) -> str:
    """schema.org Event, with name, startDate and location at least."""
    event, hub, space = occurrence.event, occurrence.event.hub, occurrence.space
    status = {
        OccurrenceStatus.SCHEDULED: "EventScheduled",
        OccurrenceStatus.CANCELLED: "EventCancelled",
        OccurrenceStatus.POSTPONED: "EventPostponed",
    }[OccurrenceStatus(occurrence.status)]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": timezone.localtime(occurrence.start).isoformat(),
        "endDate": timezone.localtime(occurrence.end).isoformat(),
        "eventStatus": f"https://schema.org/{status}",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "url": request.build_absolute_uri(occurrence.get_absolute_url()),
        "inLanguage": event.language,
        "isAccessibleForFree": event.is_free,
        "location": {
            "@type": "Place",
            "name": f"{space.name}, {hub.name}",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": hub.address,
                "postalCode": hub.postal_code,
                "addressLocality": hub.postal_town,
                "addressCountry": "NO",
            },
        },
        "organizer": {
            "@type": "Organization",
            "name": event.organisation.name if event.organisation else hub.name,
        },
    }
    if event.description:
        data["description"] = event.description
    if event.capacity is not None:
        data["maximumAttendeeCapacity"] = event.capacity
        if event.takes_registrations:
            data["remainingAttendeeCapacity"] = occurrence.seats_left
    if not event.is_free:
        data["offers"] = {
            "@type": "Offer",
            "price": str(event.fee),
            "priceCurrency": "NOK",
        }
    if event.min_age is not None or event.max_age is not None:
        data["typicalAgeRange"] = f"{event.min_age or 0}-{event.max_age or ''}"
    # </script> inside a string must not end the element.
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return mark_safe(text)


def _detail_context(request: HttpRequest, occurrence: Occurrence) -> dict:
    event = occurrence.event
    now = timezone.now()
    others = list(
        Occurrence.objects.select_related("booking")
        .filter(event=event, booking__end__gt=now)
        .exclude(pk=occurrence.pk)
        .order_by("booking__start")[:12]
    )
    user = cast(User, request.user)
    return {
        "occurrence": occurrence,
        "event": event,
        "hub": event.hub,
        "space": occurrence.space,
        "json_ld": json_ld(request, occurrence),
        "others": others,
        "later_open": Occurrence.objects.filter(
            event=event, status=OccurrenceStatus.SCHEDULED, booking__start__gt=occurrence.start
        ).count(),
        "open": occurrence.registration_open(now),
        "past": occurrence.end <= now,
        "opens_later": bool(event.registration_opens and event.registration_opens > now),
        "is_staff": can_manage_hub(user, event.hub),
        "sees_registrants": can_see_event_registrants(user, event),
        "signed_in": user.is_authenticated,
        "payment_choices": PaymentMethod.choices,
    }


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = selectors.visible_occurrence(pk, request.user)
    if occurrence is None:
        raise Http404
    context = _detail_context(request, occurrence)
    context["form"] = RegistrationForm(initial=_initial(request))
    return render(request, "events/detail.html", context)


def _initial(request: HttpRequest) -> dict:
    user = cast(User, request.user)
    if not user.is_authenticated:
        return {"seats": 1, "payment_method": PaymentMethod.AT_DESK}
    return {
        "name": user.get_full_name() or user.username,
        "email": user.email,
        "phone": user.phone,
        "seats": 1,
        "payment_method": PaymentMethod.AT_DESK,
    }


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = selectors.visible_occurrence(pk)
    if occurrence is None:
        raise Http404
    if request.method == "GET":
        return redirect(occurrence.get_absolute_url() + "#registration")
    form = RegistrationForm(request.POST)
    summary: list[tuple[str, str]] = []
    if not request.user.is_authenticated and rate_limited(
        request, "event-registration", REGISTRATION_RATE, REGISTRATION_WINDOW
    ):
        context = _detail_context(request, occurrence)
        summary.append(("", _("Too many requests. Try again a little later.")))
        context.update({"form": form, "summary": summary})
        response = render(request, "events/detail.html", context, status=429)
        response["Retry-After"] = str(REGISTRATION_WINDOW)
        return response
    if form.is_valid():
        data = form.cleaned_data
        user = cast(User, request.user)
        create = (
            services.registration_series_create
            if data.get("whole_series")
            else services.registration_create
        )
        try:
            result = create(
                actor=user if user.is_authenticated else None,
                occurrence_id=occurrence.pk,
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                postcode=data["postcode"],
                seats=data["seats"],
                payment_method=data.get("payment_method") or "",
            )
        except DomainError as error:
            for item in error.errors or []:
                field = item.get("field", "")
                if field in form.fields:
                    form.add_error(field, item["message"])
            if not error.errors:
                summary.append(("", str(error.message)))
        else:
            registered = result[0] if isinstance(result, list) else result
            if isinstance(result, list) and len(result) > 1:
                later = len(result) - 1
                messages.success(
                    request,
                    ngettext(
                        "You are also registered for %(n)s later date. It has its own "
                        "confirmation with a link to cancel.",
                        "You are also registered for %(n)s later dates. Each has its own "
                        "confirmation with a link to cancel.",
                        later,
                    )
                    % {"n": later},
                )
            return redirect("events:registration", token=registered.token)
    for name in FORM_FIELDS:
        anchor = "id_payment_method_0" if name == "payment_method" else f"id_{name}"
        for message in form.errors.get(name, []):
            summary.append((anchor, str(message)))
    for message in form.non_field_errors():
        summary.append(("", str(message)))
    context = _detail_context(request, occurrence)
    context.update({"form": form, "summary": summary})
    return render(request, "events/detail.html", context, status=422)


@require_http_methods(["GET", "POST"])
def registration(request: HttpRequest, token: str) -> HttpResponse:
    """The private page behind the link in the confirmation: status, place in the queue,
    and a button to cancel (a POST: mail scanners open links)."""
    try:
        found = services.registration_by_token(token)
    except DomainError as exc:
        raise Http404 from exc
    if request.method == "POST" and PRIVATE_LINK.exceeded(request):
        return too_many(request, PRIVATE_LINK.window)
    if request.method == "POST":
        try:
            services.registration_cancel(token=token)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Your registration is cancelled."))
        return redirect("events:registration", token=token)
    return render(request, "events/registration.html", _registration_context(found, token))


def _registration_context(found: Registration, token: str) -> dict[str, Any]:
    found = Registration.objects.select_related(
        "occurrence__event__hub", "occurrence__booking__space"
    ).get(pk=found.pk)
    return {
        "registration": found,
        "token": token,
        "occurrence": found.occurrence,
        "event": found.occurrence.event,
        "position": services.waitlist_position(found),
        "active": found.status != RegistrationStatus.CANCELLED,
        "upcoming": found.occurrence.end > timezone.now(),
    }


@require_GET
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """Asks "Are you sure?" before cancelling: the button on the private page is a link here, and
    only this page's form (a POST to the private page) cancels."""
    try:
        found = services.registration_by_token(token)
    except DomainError as exc:
        raise Http404 from exc
    context = _registration_context(found, token)
    if not (context["active"] and context["upcoming"]):
        return redirect("events:registration", token=token)
    return render(request, "events/registration_cancel.html", context)


@require_GET
@never_cache
def lobby(request: HttpRequest, slug: str) -> HttpResponse:
    """Today at the hub for a screen in its lobby: nothing to click, refreshes itself."""
    try:
        screen = lobby_screen(slug)
    except NotFound as exc:
        raise Http404 from exc
    label = _("QR code to the programme at %(hub)s") % {"hub": screen.hub.name}
    return render(
        request,
        "events/lobby.html",
        {
            "screen": screen,
            "hub": screen.hub,
            "qr": qr_svg(screen.programme_url, label),
            "refresh_seconds": REFRESH_SECONDS,
        },
    )
