"""Staff pages for a hub's bookings: the calendar (day grid and week), the printable day
list, booking on behalf of someone without e-mail, a booking's page (move, cancel, no-show,
printed confirmation), the approval queue and the invoice basis.

Thin: the booking service decides and tells the booker; these pages read forms and show
the service's refusals. Every page works without JavaScript.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from torget.accounts.models import Organisation, User
from torget.booking import invoices, keys, rules, selectors, services
from torget.booking.models import Booking, BookingKind
from torget.booking.views import TimesForm, apply_error, error_summary, price_text
from torget.core import exports
from torget.core.errors import DomainError
from torget.core.text import norwegian_sort_key
from torget.core.timeutil import make_local, today
from torget.core.validators import one_line
from torget.ledger.models import OrganiserType
from torget.places.models import Hub, Space
from torget.places.selectors import spaces_queryset
from torget.places.staffing import staff_page, staffed_hubs

# The day grid runs from 07:00 to 23:00 in quarter hours.
GRID_FIRST_HOUR = 7
GRID_LAST_HOUR = 23
QUARTER = timedelta(minutes=15)
PHONE = re.compile(r"^\+?[0-9 ]{8,15}$")
STAFF_FIELDS = {
    "start": "start_time",
    "end": "end_time",
    "time": "start_time",
    "organiser_type": "organiser_type",
    "organisation": "organisation",
    "title": "title",
    "kind": "kind",
    "expected_participants": "expected_participants",
    "public": "public",
    "on_behalf_phone": "on_behalf_phone",
    "resources": "space",
}


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _spaces(hub: Hub) -> list[Space]:
    spaces = spaces_queryset().filter(hub=hub, bookable=True)
    return sorted(spaces, key=lambda s: norwegian_sort_key(s.name))


def _day(value: str | None) -> date:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return today()


def _hub_booking(hub: Hub, pk: int) -> Booking:
    booking = (
        Booking.objects.select_related("space__hub", "organisation", "booked_by")
        .filter(pk=pk, space__hub=hub)
        .first()
    )
    if booking is None:
        raise Http404
    return booking


@login_required
def staff_index(request: HttpRequest) -> HttpResponse:
    """The hubs whose bookings this person handles; straight to the calendar when one."""
    hubs = list(staffed_hubs(_user(request)))
    if len(hubs) == 1:
        return redirect("booking:staff-calendar", slug=hubs[0].slug)
    return render(request, "booking/staff/index.html", {"hubs": hubs})


# --- Calendar ---------------------------------------------------------------------------


@dataclass
class Block:
    booking: Booking
    column_start: int
    column_end: int


def _grid_column(moment: datetime, day: date) -> int:
    """The grid line a moment falls on (column 1 holds the space names)."""
    first = make_local(day, time(GRID_FIRST_HOUR))
    quarters = int((moment - first) / QUARTER)
    return 2 + max(0, min(quarters, (GRID_LAST_HOUR - GRID_FIRST_HOUR) * 4))


def _day_rows(hub: Hub, day: date) -> list[dict]:
    start = make_local(day, time(0))
    end = make_local(day + timedelta(days=1), time(0))
    bookings = selectors.hub_bookings(hub.pk, start, end)
    rows = []
    for space in _spaces(hub):
        blocks = []
        for booking in (b for b in bookings if b.space_id == space.pk):
            first = _grid_column(booking.start, day)
            last = max(_grid_column(booking.end, day), first + 1)
            blocks.append(Block(booking, first, last))
        rows.append({"space": space, "blocks": blocks})
    return rows


def _week_rows(hub: Hub, monday: date) -> tuple[list[date], list[dict]]:
    days = [monday + timedelta(days=i) for i in range(7)]
    bookings = selectors.hub_bookings(
        hub.pk, make_local(monday, time(0)), make_local(monday + timedelta(days=7), time(0))
    )
    rows = []
    for space in _spaces(hub):
        own = [b for b in bookings if b.space_id == space.pk]
        cells = [[b for b in own if timezone.localdate(b.start) == d] for d in days]
        rows.append({"space": space, "cells": cells})
    return days, rows


@staff_page
def calendar(request: HttpRequest, hub: Hub) -> HttpResponse:
    day = _day(request.GET.get("dag"))
    week = request.GET.get("visning") == "uke"
    context: dict = {
        "hub": hub,
        "day": day,
        "week": week,
        "pending": len(selectors.pending_at_hub(hub.pk)),
        "today": today(),
    }
    if week:
        monday = day - timedelta(days=day.weekday())
        days, rows = _week_rows(hub, monday)
        context.update(
            days=days,
            rows=rows,
            week_number=monday.isocalendar()[1],
            previous=(monday - timedelta(days=7)).isoformat(),
            next=(monday + timedelta(days=7)).isoformat(),
        )
    else:
        context.update(
            rows=_day_rows(hub, day),
            hours=[
                {"label": f"{h:02d}", "column": 2 + (h - GRID_FIRST_HOUR) * 4}
                for h in range(GRID_FIRST_HOUR, GRID_LAST_HOUR)
            ],
            previous=(day - timedelta(days=1)).isoformat(),
            next=(day + timedelta(days=1)).isoformat(),
        )
    return render(request, "booking/staff/calendar.html", context)


@staff_page
def day_list(request: HttpRequest, hub: Hub) -> HttpResponse:
    """The day's bookings as a list to print for the front desk."""
    day = _day(request.GET.get("dag"))
    start = make_local(day, time(0))
    bookings = selectors.hub_bookings(hub.pk, start, make_local(day + timedelta(days=1), time(0)))
    return render(
        request, "booking/staff/day_list.html", {"hub": hub, "day": day, "bookings": bookings}
    )


# --- Book on behalf of someone --------------------------------------------------------


class OnBehalfForm(TimesForm):
    space = forms.TypedChoiceField(label=gettext_lazy("Room"), coerce=int)
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=services.MAX_TITLE,
        error_messages={"required": gettext_lazy("Give the booking a title.")},
    )
    kind = forms.ChoiceField(label=gettext_lazy("What is it?"), choices=BookingKind.choices)
    organiser_type = forms.ChoiceField(
        label=gettext_lazy("Organiser"), choices=OrganiserType.choices
    )
    organisation = forms.TypedChoiceField(
        label=gettext_lazy("Organisation"), required=False, coerce=int, empty_value=None
    )
    on_behalf_name = forms.CharField(
        label=gettext_lazy("Name of the person booked for"),
        max_length=200,
        error_messages={"required": gettext_lazy("Write the name of the person booked for.")},
    )
    on_behalf_phone = forms.CharField(
        label=gettext_lazy("Their phone number"), max_length=30, required=False
    )
    confirmation = forms.ChoiceField(
        label=gettext_lazy("Confirmation"),
        choices=[
            ("sms", gettext_lazy("By SMS to their phone")),
            ("print", gettext_lazy("Printed here at the desk")),
        ],
    )
    expected_participants = forms.IntegerField(
        label=gettext_lazy("Expected number of people"), min_value=1, max_value=100_000
    )
    public = forms.TypedChoiceField(
        label=gettext_lazy("Is it open to the public?"),
        choices=[("no", gettext_lazy("No")), ("yes", gettext_lazy("Yes"))],
        coerce=lambda value: value == "yes",
    )
    responsible_adult = forms.CharField(
        label=gettext_lazy("Responsible adult (for a youth group)"), required=False, max_length=200
    )
    staff_notes = forms.CharField(
        label=gettext_lazy("Staff notes"), required=False, widget=forms.Textarea
    )
    override_reason = forms.CharField(
        label=gettext_lazy("Reason for overriding a booking rule"), required=False, max_length=300
    )

    def __init__(self, *args, spaces: list[Space], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.spaces = {s.pk: s for s in spaces}
        self.fields["space"].choices = [(s.pk, s.name) for s in spaces]  # type: ignore[attr-defined]
        organisations = sorted(Organisation.objects.all(), key=lambda o: norwegian_sort_key(o.name))
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            ("", _("None")),
            *((o.pk, o.name) for o in organisations),
        ]

    def clean_on_behalf_phone(self) -> str:
        phone = " ".join(self.cleaned_data["on_behalf_phone"].split())
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(_("Write a phone number with 8 digits, e.g. 412 34 567."))
        return phone

    def clean(self) -> dict:
        data = super().clean()
        if data.get("confirmation") == "sms" and not data.get("on_behalf_phone"):
            self.add_error(
                "on_behalf_phone",
                _("Write their phone number, or choose a printed confirmation."),
            )
        return data


@staff_page
def book_on_behalf(request: HttpRequest, hub: Hub) -> HttpResponse:
    spaces = _spaces(hub)
    initial = {
        "kind": BookingKind.MEETING,
        "organiser_type": OrganiserType.RESIDENT,
        "public": "no",
        "confirmation": "sms",
        "expected_participants": 1,
        **{
            name: request.GET[name]
            for name in ("space", "date", "start_time", "end_time")
            if request.GET.get(name)
        },
    }
    posted = request.method == "POST"
    form = OnBehalfForm(request.POST if posted else None, spaces=spaces, initial=initial)
    if posted and form.is_valid():
        data = form.cleaned_data
        space = form.spaces[data["space"]]
        organisation = Organisation.objects.filter(pk=data["organisation"]).first()
        phone = data["on_behalf_phone"] if data["confirmation"] == "sms" else ""
        try:
            booking = services.booking_create(
                actor=_user(request),
                request=services.BookingRequest(
                    space=space,
                    start=data["start"],
                    end=data["end"],
                    title=data["title"],
                    organiser_type=data["organiser_type"],
                    organisation=organisation,
                    kind=data["kind"],
                    expected_participants=data["expected_participants"],
                    public=data["public"],
                    on_behalf_name=data["on_behalf_name"],
                    on_behalf_phone=phone,
                    responsible_adult=data["responsible_adult"],
                    staff_notes=data["staff_notes"],
                    override_reason=data["override_reason"],
                ),
            )
        except DomainError as error:
            apply_error(form, error, fields=STAFF_FIELDS)
        else:
            if data["confirmation"] == "sms":
                messages.success(request, _("Booked. The confirmation is sent by SMS."))
            else:
                messages.success(request, _("Booked. Print the confirmation below."))
            return redirect("booking:staff-booking", slug=hub.slug, pk=booking.pk)
    return render(
        request,
        "booking/staff/book.html",
        {"hub": hub, "form": form, "summary": error_summary(form) if posted else []},
        status=422 if posted else 200,
    )


# --- One booking: move, cancel, no-show --------------------------------------------------


class MoveForm(TimesForm):
    space = forms.TypedChoiceField(label=gettext_lazy("Room"), coerce=int)
    override_reason = forms.CharField(
        label=gettext_lazy("Reason for overriding a booking rule"), required=False, max_length=300
    )

    def __init__(self, *args, spaces: list[Space], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.spaces = {s.pk: s for s in spaces}
        self.fields["space"].choices = [(s.pk, s.name) for s in spaces]  # type: ignore[attr-defined]


def _move_initial(booking: Booking) -> dict:
    start, end = timezone.localtime(booking.start), timezone.localtime(booking.end)
    return {
        "space": booking.space_id,
        "date": start.date().isoformat(),
        "start_time": f"{start:%H:%M}",
        "end_time": f"{end:%H:%M}",
    }


@staff_page
def booking_page(request: HttpRequest, hub: Hub, pk: int) -> HttpResponse:
    booking = _hub_booking(hub, pk)
    spaces = _spaces(hub)
    form = MoveForm(initial=_move_initial(booking), spaces=spaces)
    status = 200
    if request.method == "POST" and request.POST.get("action") == "move":
        form = MoveForm(request.POST, spaces=spaces)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.booking_move(
                    actor=_user(request),
                    booking_id=booking.pk,
                    start=data["start"],
                    end=data["end"],
                    space=form.spaces[data["space"]],
                    override_reason=data["override_reason"],
                )
            except DomainError as error:
                apply_error(form, error, fields=STAFF_FIELDS)
            else:
                messages.success(request, _("Moved. The booker is told."))
                return redirect("booking:staff-booking", slug=hub.slug, pk=booking.pk)
        status = 422
    return render(
        request,
        "booking/staff/booking.html",
        {
            "hub": hub,
            "booking": booking,
            "price": price_text(booking.price),
            "form": form,
            "summary": error_summary(form) if status == 422 else [],
            "started": booking.start <= timezone.now(),
            "pending_reasons": selectors.pending_reason_texts(booking),
        },
        status=status,
    )


@require_POST
@staff_page
def booking_action(request: HttpRequest, hub: Hub, pk: int) -> HttpResponse:
    """Cancel, approve, reject, mark a no-show: one POST each, back to where it came from."""
    booking = _hub_booking(hub, pk)
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "").strip()
    actor = _user(request)
    try:
        if action == "cancel":
            services.booking_cancel(actor=actor, booking_id=booking.pk, reason=reason)
            messages.success(request, _("Cancelled. The booker is told."))
        elif action == "approve":
            services.booking_approve(actor=actor, booking_id=booking.pk)
            messages.success(
                request, _("Approved: “%(title)s”. The booker is told.") % {"title": booking.title}
            )
        elif action == "reject":
            services.booking_reject(actor=actor, booking_id=booking.pk, reason=reason)
            messages.success(
                request, _("Rejected: “%(title)s”. The booker is told.") % {"title": booking.title}
            )
        elif action in ("no_show", "showed_up"):
            services.booking_mark_no_show(
                actor=actor, booking_id=booking.pk, no_show=action == "no_show"
            )
            messages.success(request, _("Saved."))
        else:
            messages.error(request, _("Unknown action."))
    except DomainError as error:
        if error.code == "validation" and action == "reject":
            messages.error(request, _("Write a reason: the booker is told why."))
        else:
            messages.error(request, str(error.message))
    back = request.POST.get("next", "")
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect("booking:staff-booking", slug=hub.slug, pk=booking.pk)


@staff_page
def printed_confirmation(request: HttpRequest, hub: Hub, pk: int) -> HttpResponse:
    booking = _hub_booking(hub, pk)
    return render(
        request,
        "booking/staff/printed.html",
        {
            "hub": hub,
            "booking": booking,
            "price": price_text(booking.price),
            "house_rules": rules.policy_for(booking.space).house_rules,
        },
    )


# --- Approval queue ---------------------------------------------------------------------


@staff_page
def approvals(request: HttpRequest, hub: Hub) -> HttpResponse:
    pending = selectors.pending_at_hub(hub.pk)
    belongs = selectors.belongs_to(pending)
    items = [
        {
            "booking": b,
            "reasons": selectors.pending_reason_texts(b),
            "price": price_text(b.price),
            "belongs": belongs.get(b.pk, []),
        }
        for b in pending
    ]
    return render(request, "booking/staff/approvals.html", {"hub": hub, "items": items})


# --- Keys and cards ---------------------------------------------------------------------


@staff_page
def key_register(request: HttpRequest, hub: Hub) -> HttpResponse:
    """Who has which key or card: hand one out, take one back."""
    errors: dict[str, str] = {}
    values = {"label": "", "holder": "", "phone": "", "due": ""}
    status = 200
    if request.method == "POST":
        actor = _user(request)
        if request.POST.get("action") == "return":
            try:
                loan = keys.key_loan_return(
                    actor=actor, hub=hub, loan_id=int(request.POST.get("loan") or 0)
                )
            except (DomainError, ValueError):
                messages.error(request, _("No such key loan."))
            else:
                messages.success(request, _("Returned: %(label)s.") % {"label": loan.label})
            return redirect("booking:staff-keys", slug=hub.slug)
        values = {name: request.POST.get(name, "").strip() for name in values}
        for name in ("label", "holder", "phone"):  # one line each (core.validators)
            try:
                one_line(values[name])
            except ValidationError as exc:
                errors[name] = exc.messages[0]
        try:
            due = date.fromisoformat(values["due"]) if values["due"] else None
        except ValueError:
            errors["due"] = _("Write the date as dd.mm.yyyy.")
            due = None
        if not errors:
            try:
                loan = keys.key_loan_create(
                    actor=actor,
                    hub=hub,
                    label=values["label"],
                    holder=values["holder"],
                    phone=values["phone"],
                    due=due,
                )
            except DomainError as error:
                errors = {e.get("field", ""): e["message"] for e in error.errors}
            else:
                messages.success(
                    request,
                    _("%(label)s is handed to %(holder)s.")
                    % {"label": loan.label, "holder": loan.holder},
                )
                return redirect("booking:staff-keys", slug=hub.slug)
        status = 422
    return render(
        request,
        "booking/staff/keys.html",
        {
            "hub": hub,
            "loans": keys.keys_out(hub),
            "errors": errors,
            "summary": [(f"id_{k}", v) for k, v in errors.items()],
            "values": values,
            "today": today(),
        },
        status=status,
    )


# --- Invoice basis ----------------------------------------------------------------------


def _period(request: HttpRequest) -> tuple[date, date]:
    """From the form, or last month (what finance asks for at the start of a month)."""
    first_of_month = today().replace(day=1)
    default_first = (first_of_month - timedelta(days=1)).replace(day=1)
    first = _day(request.GET.get("fra") or default_first.isoformat())
    last = _day(request.GET.get("til") or (first_of_month - timedelta(days=1)).isoformat())
    if last < first:
        first, last = last, first
    return first, min(last, first + timedelta(days=366))


@staff_page
def invoice_basis(request: HttpRequest, hub: Hub) -> HttpResponse:
    first, last = _period(request)
    lines = invoices.invoice_lines(hub, first, last)
    file_format = request.GET.get("format", "")
    if file_format in ("csv", "xlsx"):
        table = invoices.invoice_table(lines)
        name = f"fakturagrunnlag-{hub.slug}-{first.isoformat()}-{last.isoformat()}.{file_format}"
        if file_format == "csv":
            return exports.csv_response([table], name, separator=request.GET.get("sep", ";"))
        return exports.xlsx_response([table], name)
    query = f"fra={first.isoformat()}&til={last.isoformat()}"
    return render(
        request,
        "booking/staff/invoices.html",
        {
            "hub": hub,
            "first": first,
            "last": last,
            "lines": lines,
            "total": invoices.invoice_total(lines),
            "csv_url": reverse("booking:staff-invoices", kwargs={"slug": hub.slug})
            + f"?{query}&format=csv",
            "xlsx_url": reverse("booking:staff-invoices", kwargs={"slug": hub.slug})
            + f"?{query}&format=xlsx",
        },
    )


__all__ = [
    "approvals",
    "book_on_behalf",
    "booking_action",
    "booking_page",
    "calendar",
    "day_list",
    "invoice_basis",
    "key_register",
    "printed_confirmation",
    "staff_index",
]
