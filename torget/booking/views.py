"""Public booking pages: find a free space, a space's week, book it, the confirmation with
an iCalendar file, and "my bookings" with cancel.

Thin: forms read the post, the booking service decides and writes (`booking_create`,
`booking_cancel`). Its `DomainError` is shown in an error summary, and nothing is written.
Every page works without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from torget.accounts.models import Organisation, OrganisationContact, User
from torget.booking import rules, selectors, services
from torget.booking.models import ACTIVE_STATUSES, Booking, BookingKind, BookingStatus
from torget.booking.selectors import Span, availability
from torget.core import bookinghooks
from torget.core.errors import DomainError, PermissionDenied, ValidationFailed
from torget.core.forms import PlainTextForm
from torget.core.ical import add_event, ics_response, new_calendar
from torget.core.postcode import postcode_field
from torget.core.templatetags.torget import format_price
from torget.core.text import norwegian_sort_key
from torget.core.timeutil import make_local, today
from torget.ledger.models import OrganiserType
from torget.places.codes import Feature
from torget.places.hours import covers
from torget.places.models import Hub, Space
from torget.places.selectors import spaces_queryset

LOGIN_URL = "accounts:login"
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
TIME_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]
RESIDENT = "resident"
# The hours a week view shows when the space has no opening hours that week.
DEFAULT_HOURS = (8, 16)

# Where a service error's field is on the form.
FORM_FIELD = {
    "start": "start_time",
    "end": "end_time",
    "time": "start_time",
    "organiser_type": "organiser",
    "organisation": "organiser",
    "title": "title",
    "kind": "kind",
    "expected_participants": "expected_participants",
    "public": "public",
    "postcode": "postcode",
}
# Fields shown as a group of radios or checkboxes: the summary links to the first one.
GROUPS = {"kind", "organiser", "public", "features", "confirmation"}


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


# booking.staff prints prices with the same function and imports it by this name.
price_text = format_price


# --- Forms ------------------------------------------------------------------------------


class TimesForm(PlainTextForm, forms.Form):
    """A date and a from–to time on it, turned into aware instants in `clean`."""

    date = forms.DateField(
        label=gettext_lazy("Date"),
        input_formats=DATE_FORMATS,
        error_messages={
            "required": gettext_lazy("Choose a date."),
            "invalid": gettext_lazy("Write the date as dd.mm.yyyy."),
        },
    )
    start_time = forms.TimeField(
        label=gettext_lazy("From"),
        input_formats=TIME_FORMATS,
        error_messages={
            "required": gettext_lazy("Choose when it starts."),
            "invalid": gettext_lazy("Write the time as hh:mm, e.g. 10:00."),
        },
    )
    end_time = forms.TimeField(
        label=gettext_lazy("To"),
        input_formats=TIME_FORMATS,
        error_messages={
            "required": gettext_lazy("Choose when it ends."),
            "invalid": gettext_lazy("Write the time as hh:mm, e.g. 12:00."),
        },
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day is None or start is None or end is None:
            return data
        try:
            data["start"] = make_local(day, start)
            data["end"] = make_local(day, end)
        except ValidationFailed as error:
            self.add_error("start_time", str(error.message))
            return data
        if data["end"] <= data["start"]:
            self.add_error("end_time", _("The end must be after the start."))
        elif data["end"] <= timezone.now():
            self.add_error("date", _("The time has already passed. Choose a later time."))
        return data


class SearchForm(TimesForm):
    people = forms.IntegerField(
        label=gettext_lazy("Number of people"),
        required=False,
        min_value=1,
        max_value=10_000,
        error_messages={"invalid": gettext_lazy("Write a whole number.")},
    )
    features = forms.MultipleChoiceField(
        label=gettext_lazy("Equipment"), choices=Feature.choices, required=False
    )
    hub = forms.ChoiceField(label=gettext_lazy("Where"), required=False)
    # Prices differ by who books (the policy's price per organiser type).
    organiser_type = forms.ChoiceField(
        label=gettext_lazy("Who is booking?"),
        choices=OrganiserType.choices,
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose who is booking.")},
    )

    def __init__(self, *args, hubs: list[Hub], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("All hubs")), *((h.slug, h.name) for h in hubs)]
        self.fields["hub"].choices = choices  # type: ignore[attr-defined]


@dataclass
class OrganiserOption:
    value: str
    label: str
    organiser_type: str
    organisation: Organisation | None = None
    price: str = ""


def organiser_options(user: User) -> list[OrganiserOption]:
    """Book as oneself, or on behalf of an organisation one is a contact person for."""
    options = [OrganiserOption(RESIDENT, _("Myself, as a private person"), OrganiserType.RESIDENT)]
    contacts = OrganisationContact.objects.filter(user=user).select_related("organisation")
    for org in sorted((c.organisation for c in contacts), key=lambda o: norwegian_sort_key(o.name)):
        kinds = services.ORGANISER_TYPES_OF_KIND.get(org.kind)
        if not kinds:
            continue
        options.append(
            OrganiserOption(
                f"org-{org.pk}",
                _("On behalf of %(name)s") % {"name": org.name},
                next(iter(kinds)),
                org,
            )
        )
    return options


class BookingForm(TimesForm):
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=services.MAX_TITLE,
        error_messages={
            "required": gettext_lazy("Give the booking a title."),
            "max_length": gettext_lazy("At most 200 characters."),
        },
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("What is it?"),
        choices=BookingKind.choices,
        error_messages={"required": gettext_lazy("Choose meeting or activity.")},
    )
    organiser = forms.ChoiceField(
        label=gettext_lazy("Who is booking?"),
        error_messages={"required": gettext_lazy("Choose who is booking.")},
    )
    expected_participants = forms.IntegerField(
        label=gettext_lazy("Expected number of people"),
        min_value=1,
        max_value=100_000,
        error_messages={
            "required": gettext_lazy("Write how many people you expect."),
            "invalid": gettext_lazy("Write a whole number."),
            "min_value": gettext_lazy("At least 1."),
        },
    )
    public = forms.TypedChoiceField(
        label=gettext_lazy("Is it open to the public?"),
        choices=[
            ("no", gettext_lazy("No, only for those invited")),
            ("yes", gettext_lazy("Yes, anyone may come")),
        ],
        coerce=lambda value: value == "yes",
        error_messages={"required": gettext_lazy("Choose whether it is open to the public.")},
    )
    responsible_adult = forms.CharField(
        label=gettext_lazy("Responsible adult (for a youth group)"),
        required=False,
        max_length=200,
        error_messages={"max_length": gettext_lazy("At most 200 characters.")},
    )
    postcode = postcode_field()
    accept_rules = forms.BooleanField(
        label=gettext_lazy("I have read and accept the house rules"),
        error_messages={"required": gettext_lazy("You must accept the house rules to book.")},
    )

    def __init__(self, *args, options: list[OrganiserOption], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.options = {o.value: o for o in options}
        self.fields["organiser"].choices = [(o.value, o.label) for o in options]  # type: ignore[attr-defined]


def error_summary(form: forms.Form) -> list[tuple[str, str]]:
    """(anchor, message) for every error, in the order of the form's fields."""
    items = []
    for name in form.fields:
        for message in form.errors.get(name, []):
            items.append((f"id_{name}_0" if name in GROUPS else f"id_{name}", str(message)))
    items.extend(("", str(message)) for message in form.non_field_errors())
    return items


def apply_error(form: forms.Form, error: DomainError, fields: dict[str, str] = FORM_FIELD) -> None:
    """Put the service's refusal on the fields it names (or above the form)."""
    if error.code == "booking.conflict":
        booked = ", ".join(e["message"] for e in error.errors if e.get("message"))
        text = str(error.message)
        if booked:
            text += " " + _("Booked: %(times)s.") % {"times": booked}
        form.add_error("start_time", text)
        return
    for item in error.errors:
        field = fields.get(item.get("field", ""))
        form.add_error(field, item.get("message") or str(error.message))
    if not error.errors:
        field = fields.get(str(error.context.get("field", "")))
        if field is None and isinstance(error, PermissionDenied) and "organiser" in form.fields:
            field = "organiser"
        form.add_error(field, str(error.message))


def _interval(data) -> tuple[datetime, datetime] | None:
    """The from–to of a (possibly invalid) form's data, when it can be read."""
    form = TimesForm(data)
    if not form.is_valid():
        return None
    return form.cleaned_data["start"], form.cleaned_data["end"]


def _query(day: date | str, start: time | str, end: time | str, **extra) -> str:
    def text(value) -> str:
        return value.strftime("%H:%M") if isinstance(value, time) else str(value)

    params = {"date": str(day), "start_time": text(start), "end_time": text(end)}
    params.update({k: str(v) for k, v in extra.items() if v})
    return urlencode(params)


def _bookable_space(pk: int) -> Space:
    space = spaces_queryset().filter(pk=pk, bookable=True).first()
    if space is None:
        raise Http404
    return space


# --- Find a free space ------------------------------------------------------------------


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    hubs = sorted(Hub.objects.all(), key=lambda h: norwegian_sort_key(h.name))
    tomorrow = today() + timedelta(days=1)
    bound = "date" in request.GET
    form = SearchForm(
        request.GET if bound else None,
        hubs=hubs,
        initial={
            "date": tomorrow.isoformat(),
            "start_time": "10:00",
            "end_time": "12:00",
            "organiser_type": OrganiserType.RESIDENT,
        },
    )
    results = None
    if bound and form.is_valid():
        data = form.cleaned_data
        try:
            spaces = selectors.free_spaces_search(
                hub=data["hub"] or None,
                min_capacity=data["people"],
                feature=data["features"],
                free_from=data["start"],
                free_to=data["end"],
            )
        except ValidationFailed as error:
            for item in error.errors or [{"field": "", "message": str(error.message)}]:
                field = item.get("field", "")
                form.add_error(field if field in form.fields else None, item["message"])
        else:
            query = _query(
                data["date"], data["start_time"], data["end_time"], people=data["people"]
            )
            organiser_type = data["organiser_type"] or OrganiserType.RESIDENT
            policies = rules.policies_for(spaces)
            results = [
                {
                    "space": space,
                    "price": price_text(
                        window_price(
                            space, policies[space.pk], organiser_type, data["start"], data["end"]
                        )
                    )
                    if policies[space.pk].may_book(organiser_type)
                    else "",
                    "book_url": reverse("booking:book", kwargs={"pk": space.pk}) + "?" + query,
                    "week_url": reverse("booking:week", kwargs={"pk": space.pk})
                    + "?"
                    + urlencode({"uke": data["date"].isoformat()}),
                }
                for space in spaces
            ]
    return render(
        request,
        "booking/search.html",
        {
            "form": form,
            "features": Feature.choices,
            "chosen_features": form["features"].value() or [],
            "results": results,
            "summary": error_summary(form) if bound else [],
            "window": form.cleaned_data if results is not None else None,
            "organiser_label": OrganiserType(
                (form.cleaned_data.get("organiser_type") if results is not None else "")
                or OrganiserType.RESIDENT
            ).label,
        },
    )


# --- A space's week -------------------------------------------------------------------


def _monday(value: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        day = today()
    return day - timedelta(days=day.weekday())


def _slot(day: date, hour: int) -> tuple[datetime, datetime] | None:
    try:
        start = make_local(day, time(hour))
        end = (
            make_local(day + timedelta(days=1), time(0))
            if hour == 23
            else make_local(day, time(hour + 1))
        )
    except ValidationFailed:  # the hour the clocks skip in spring
        return None
    return start, end


def _state(
    open_: list[Span], busy: list[Span], start: datetime, end: datetime, now: datetime, lead
) -> str:
    if start < now:
        return "past"
    if start < now + lead:
        return "late"
    taken = [b for b in busy if b.start < end and b.end > start]
    if taken:
        return "busy" if covers(taken, start, end) else "partly"
    if covers(open_, start, end):
        return "free"
    if any(o.start < end and o.end > start for o in open_):
        return "partly"
    return "closed"


def _end_hour(moment: datetime) -> int:
    """The hour a row ends with for an interval ending at this wall time (00:00 is 24)."""
    if moment.hour == 0 and moment.minute == 0:
        return 24
    return moment.hour + (1 if moment.minute else 0)


STATE_LABELS = {
    "free": pgettext_lazy("availability", "Free"),
    "busy": gettext_lazy("Booked"),
    "partly": gettext_lazy("Partly free"),
    "closed": gettext_lazy("Closed"),
    "past": gettext_lazy("Past"),
    "late": gettext_lazy("Too late to book"),
}


@require_GET
def week(request: HttpRequest, pk: int) -> HttpResponse:
    space = _bookable_space(pk)
    this_week = _monday(today().isoformat())
    monday = max(_monday(request.GET.get("uke", "")), this_week)
    days = [monday + timedelta(days=i) for i in range(7)]
    start = make_local(monday, time(0))
    end = make_local(monday + timedelta(days=7), time(0))
    found = availability(space.pk, start, end)
    first = min((timezone.localtime(s.start).hour for s in found.open), default=DEFAULT_HOURS[0])
    last = max((_end_hour(timezone.localtime(s.end)) for s in found.open), default=DEFAULT_HOURS[1])
    last = max(last, first + 1)
    now = timezone.now()
    lead = timedelta(minutes=rules.policy_for(space).min_lead_minutes)
    rows: list[dict[str, Any]] = []
    for hour in range(first, min(last, 24)):
        cells: list[dict[str, Any]] = []
        for day in days:
            slot = _slot(day, hour)
            if slot is None:
                cells.append({"state": "closed", "label": STATE_LABELS["closed"]})
                continue
            state = _state(found.open, found.busy, slot[0], slot[1], now, lead)
            cell = {"state": state, "label": STATE_LABELS[state], "day": day, "start": slot[0]}
            if state == "free":
                end_time = "00:00" if hour == 23 else f"{hour + 1:02d}:00"
                cell["url"] = (
                    reverse("booking:book", kwargs={"pk": space.pk})
                    + "?"
                    + _query(day.isoformat(), f"{hour:02d}:00", end_time)
                )
            cells.append(cell)
        rows.append(
            {"hour": hour, "label": f"{hour:02d}:00–{(hour + 1) % 24:02d}:00", "cells": cells}
        )
    return render(
        request,
        "booking/week.html",
        {
            "space": space,
            "hub": space.hub,
            "days": days,
            "rows": rows,
            "week_number": monday.isocalendar()[1],
            "has_partly": any(c["state"] == "partly" for row in rows for c in row["cells"]),
            "previous": (monday - timedelta(days=7)).isoformat() if monday > this_week else "",
            "next": (monday + timedelta(days=7)).isoformat(),
            "book_url": reverse("booking:book", kwargs={"pk": space.pk}),
        },
    )


# --- Book -------------------------------------------------------------------------------


def window_price(
    space: Space, policy: rules.Policy, organiser_type: str, start: datetime, end: datetime
) -> Decimal:
    """What booking the space from start to end would cost this kind of organiser (the
    booking service's own price rule, asked before anything is booked)."""
    req = services.BookingRequest(
        space=space,
        start=start,
        end=end,
        title="",
        organiser_type=organiser_type,
        kind=BookingKind.MEETING,
    )
    return services.price_for(req, policy)


def _prices(space: Space, options: list[OrganiserOption], data) -> Decimal | None:
    """Each option's price for the chosen time (shown before booking)."""
    interval = _interval(data)
    if interval is None:
        return None
    policy = rules.policy_for(space)
    for option in options:
        option.price = price_text(
            window_price(space, policy, option.organiser_type, interval[0], interval[1])
        )
    chosen = data.get("organiser") or RESIDENT
    return next((o for o in options if o.value == chosen), options[0]).price  # type: ignore[return-value]


@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, pk: int) -> HttpResponse:
    space = _bookable_space(pk)
    user = _user(request)
    options = organiser_options(user)
    initial = {
        "kind": BookingKind.MEETING,
        "organiser": RESIDENT,
        "public": "no",
        **{
            name: request.GET[name]
            for name in ("date", "start_time", "end_time")
            if request.GET.get(name)
        },
    }
    people = request.GET.get("people", "")
    if people.isdigit():
        initial["expected_participants"] = people
    posted = request.method == "POST"
    if posted and request.POST.get("action") == "price":
        # "Update the price" (no JavaScript): show the form again as filled in, no errors.
        posted = False
        initial = {**initial, **request.POST.dict()}
    form = BookingForm(request.POST if posted else None, options=options, initial=initial)
    if posted and form.is_valid():
        data = form.cleaned_data
        option = form.options[data["organiser"]]
        booking_request = services.BookingRequest(
            space=space,
            start=data["start"],
            end=data["end"],
            title=data["title"],
            organiser_type=option.organiser_type,
            organisation=option.organisation,
            kind=data["kind"],
            expected_participants=data["expected_participants"],
            public=data["public"],
            responsible_adult=data["responsible_adult"],
            postcode=data["postcode"],
            terms_accepted=data["accept_rules"],
        )
        try:
            booking = services.booking_create(actor=user, request=booking_request)
        except DomainError as error:
            apply_error(form, error)
        else:
            return redirect("booking:confirmation", pk=booking.pk)
    price = _prices(space, options, request.POST if posted else initial)
    return render(
        request,
        "booking/book.html",
        {
            "space": space,
            "hub": space.hub,
            "form": form,
            "options": options,
            "price": price,
            "house_rules": rules.policy_for(space).house_rules,
            "summary": error_summary(form) if posted else [],
            "week_url": reverse("booking:week", kwargs={"pk": space.pk}),
        },
        status=422 if posted else 200,
    )


# --- After booking ----------------------------------------------------------------------


def _own_booking(request: HttpRequest, pk: int) -> Booking:
    booking = (
        Booking.objects.select_related("space__hub", "organisation")
        .filter(pk=pk, booked_by=_user(request))
        .first()
    )
    if booking is None:
        # Someone else's booking is reported as missing: its existence is not theirs to learn.
        raise Http404
    return booking


@login_required(login_url=LOGIN_URL)
@require_GET
def confirmation(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _own_booking(request, pk)
    return render(
        request,
        "booking/confirmation.html",
        {"booking": booking, "price": price_text(booking.price)},
    )


def _location(space: Space) -> str:
    hub = space.hub
    return ", ".join(part for part in (space.name, hub.name, hub.address, hub.postal_town) if part)


@login_required(login_url=LOGIN_URL)
@require_GET
def booking_ics(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _own_booking(request, pk)
    cal = new_calendar(booking.title)
    add_event(
        cal,
        uid=f"booking-{booking.pk}@torget",
        start=booking.start,
        end=booking.end,
        summary=booking.title,
        location=_location(booking.space),
        status="TENTATIVE" if booking.status == BookingStatus.PENDING else "CONFIRMED",
        url=request.build_absolute_uri(reverse("booking:confirmation", kwargs={"pk": booking.pk})),
    )
    response = ics_response(cal, f"booking-{booking.pk}.ics")
    response["Content-Disposition"] = f'attachment; filename="booking-{booking.pk}.ics"'
    return response


@login_required(login_url=LOGIN_URL)
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    own = Booking.objects.filter(booked_by=_user(request)).select_related(
        "space__hub", "organisation"
    )
    upcoming = list(own.filter(end__gt=now, status__in=ACTIVE_STATUSES).order_by("start"))
    past = list(own.exclude(pk__in=[b.pk for b in upcoming]).order_by("-start")[:50])
    policies = rules.policies_for([b.space for b in upcoming])
    for booking in upcoming:
        # The service's own rule: the page offers what the service would allow.
        locked = rules.booker_lock(booking.start, policies[booking.space.pk], now)
        booking.can_cancel = locked is None  # type: ignore[attr-defined]
    # What apps above booking add (meråpent: the door code), read only.
    notes = bookinghooks.page_notes(upcoming)
    for booking in upcoming:
        booking.notes = notes.get(booking.pk, [])  # type: ignore[attr-defined]
    return render(
        request,
        "booking/mine.html",
        {"upcoming": upcoming, "past": past, "sections": bookinghooks.sections(request)},
    )


@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "POST"])
def change(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the time of one's own booking (same room), within the booking rules."""
    booking = _own_booking(request, pk)
    start, end = timezone.localtime(booking.start), timezone.localtime(booking.end)
    initial = {
        "date": start.date().isoformat(),
        "start_time": f"{start:%H:%M}",
        "end_time": f"{end:%H:%M}",
    }
    posted = request.method == "POST"
    form = TimesForm(request.POST if posted else None, initial=initial)
    if posted and form.is_valid():
        try:
            services.booking_move(
                actor=_user(request),
                booking_id=booking.pk,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
            )
        except DomainError as error:
            apply_error(form, error)
        else:
            messages.success(
                request, _("The booking “%(title)s” is changed.") % {"title": booking.title}
            )
            return redirect("booking:mine")
    return render(
        request,
        "booking/change.html",
        {
            "booking": booking,
            "form": form,
            "summary": error_summary(form) if posted else [],
            "week_url": reverse("booking:week", kwargs={"pk": booking.space_id})
            + "?"
            + urlencode({"uke": start.date().isoformat()}),
        },
        status=422 if posted else 200,
    )


@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _own_booking(request, pk)
    if request.method == "POST":
        try:
            services.booking_cancel(actor=_user(request), booking_id=booking.pk)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request, _("The booking “%(title)s” is cancelled.") % {"title": booking.title}
            )
        return redirect("booking:mine")
    return render(
        request, "booking/cancel.html", {"booking": booking, "price": price_text(booking.price)}
    )
