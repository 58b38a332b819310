"""Public appointment pages (no JavaScript needed): choose a service, then a hub and a
time, then book with a short "what it is about"; the private link to see, cancel, move
the appointment and download it as an iCalendar file.

Thin: forms read the post, `appointments.services` decides and writes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from torget.appointments import selectors, services
from torget.appointments.errors import UnknownLink
from torget.appointments.models import (
    ABOUT_LENGTH,
    Appointment,
    AppointmentStatus,
    Mode,
    OfficeHours,
    Service,
)
from torget.appointments.selectors import AT_FORMAT
from torget.core.errors import DomainError, NotFound
from torget.core.forms import PlainTextForm
from torget.core.ical import add_event, ics_response, new_calendar
from torget.core.ratelimit import PRIVATE_LINK, rate_limited, too_many
from torget.places.models import Hub

# Anonymous bookings from one address: a hub's kiosk or office network shares one.
BOOK_RATE = 100
BOOK_RATE_WINDOW = 60


def parse_at(value: str) -> datetime:
    try:
        return datetime.strptime(value, AT_FORMAT).replace(tzinfo=UTC)
    except ValueError as exc:
        raise Http404 from exc


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def services_page(request: HttpRequest) -> HttpResponse:
    return render(request, "appointments/services.html", {"services": selectors.services()})


def times(request: HttpRequest, slug: str) -> HttpResponse:
    """A service's hubs and free times. `?torg=` narrows to one hub; `?flytt=` (a private
    link's token) makes each time move that appointment instead of booking a new one."""
    service = get_object_or_404(Service, slug=slug, active=True)
    hubs = selectors.hubs_for(service)
    hub = next((h for h in hubs if h.slug == request.GET.get("torg")), None)
    moving = _moving(request.GET.get("flytt", ""))
    if moving is not None and moving.session.officer.service_id != service.pk:
        moving = None
    days: dict[Any, list] = {}
    for item in selectors.sessions_with_slots(service=service, hub_id=hub.pk if hub else None):
        if item.free:
            days.setdefault(timezone.localdate(item.session.start), []).append(item)
    return render(
        request,
        "appointments/times.html",
        {
            "service": service,
            "hubs": hubs,
            "hub": hub,
            "days": sorted(days.items()),
            "moving": moving,
        },
    )


def _moving(token: str) -> Appointment | None:
    if not token:
        return None
    try:
        appointment = services.appointment_by_token(token)
    except UnknownLink:
        return None
    return appointment if appointment.status == AppointmentStatus.BOOKED else None


def _session(pk: int) -> OfficeHours:
    session = (
        OfficeHours.objects.select_related("hub", "officer__service", "booking__space")
        .filter(pk=pk, cancelled=False)
        .first()
    )
    if session is None:
        raise Http404
    return session


class BookForm(PlainTextForm, forms.Form):
    about = forms.CharField(
        label=gettext_lazy("What is it about?"),
        max_length=ABOUT_LENGTH,
        widget=forms.Textarea,
        error_messages={
            "required": gettext_lazy("Write briefly what it is about."),
            "max_length": gettext_lazy("At most 300 characters."),
        },
    )
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=120, required=False)
    phone = forms.CharField(label=gettext_lazy("Mobile phone"), max_length=30, required=False)
    email = forms.CharField(label=gettext_lazy("E-mail"), max_length=254, required=False)


FORM_FIELDS = {"about", "name", "phone", "email"}


def _summary(form: forms.Form) -> list[tuple[str, str]]:
    return [
        (f"id_{name}" if name in FORM_FIELDS else "", str(errors[0]))
        for name, errors in form.errors.items()
    ]


def _add_errors(form: forms.Form, error: DomainError) -> None:
    if not error.errors:
        form.add_error(None, str(error.message))
    for item in error.errors:
        field = item.get("field")
        form.add_error(field if field in FORM_FIELDS else None, item["message"])


@never_cache
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, session: int, at: str) -> HttpResponse:
    office_hours = _session(session)
    start = parse_at(at)
    try:
        end = services.slot_end(office_hours, start)
    except DomainError as exc:
        raise Http404 from exc
    user = request.user if request.user.is_authenticated else None
    form = BookForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if user is None and rate_limited(request, "appointment", BOOK_RATE, BOOK_RATE_WINDOW):
            return too_many(request, BOOK_RATE_WINDOW)
        if form.is_valid():
            data = form.cleaned_data
            try:
                appointment = services.appointment_book(
                    session_id=office_hours.pk,
                    start=start,
                    about=data["about"],
                    contact=services.Contact(
                        user=user, name=data["name"], phone=data["phone"], email=data["email"]
                    ),
                    language=get_language() or "nb",
                    site_url=_site_url(request),
                )
            except DomainError as error:
                _add_errors(form, error)
                status = 409 if error.status == 409 else 422
            else:
                return redirect(reverse("appointments:manage", args=[appointment.token]) + "?ny=1")
    return render(
        request,
        "appointments/book.html",
        {
            "session": office_hours,
            "service": office_hours.officer.service,
            "start": start,
            "end": end,
            "form": form,
            "summary": _summary(form) if form.is_bound else [],
            "signed_in": user,
            "login_url": reverse("accounts:login") + "?next=" + request.path,
        },
        status=status,
    )


def _by_token(token: str) -> Appointment:
    try:
        return services.appointment_by_token(token)
    except (UnknownLink, NotFound) as exc:
        raise Http404 from exc


@never_cache
def manage(request: HttpRequest, token: str) -> HttpResponse:
    appointment = _by_token(token)
    session = appointment.session
    return render(
        request,
        "appointments/manage.html",
        {
            "appointment": appointment,
            "session": session,
            "service": session.officer.service,
            "space": session.booking.space,
            "is_new": request.GET.get("ny") == "1",
            "is_moved": request.GET.get("flyttet") == "1",
            "can_change": appointment.is_active and appointment.start > timezone.now(),
        },
    )


def appointment_ics(request: HttpRequest, token: str) -> HttpResponse:
    appointment = _by_token(token)
    session = appointment.session
    service = session.officer.service
    cal = new_calendar(service.name)
    where = (
        session.meeting_link
        if session.mode == Mode.VIDEO
        else f"{session.booking.space.name}, {session.hub.name}, {session.hub.address}".strip(", ")
    )
    add_event(
        cal,
        uid=f"appointment-{appointment.pk}@torget",
        start=appointment.start,
        end=appointment.end,
        summary=_("Appointment: %(service)s") % {"service": service.name},
        location=where,
        description=appointment.about,
        status="CANCELLED" if appointment.status == AppointmentStatus.CANCELLED else "CONFIRMED",
        url=request.build_absolute_uri(reverse("appointments:manage", args=[token])),
    )
    return ics_response(cal, "timeavtale.ics")


@never_cache
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    appointment = _by_token(token)
    error = ""
    if request.method == "POST" and PRIVATE_LINK.exceeded(request):
        return too_many(request, PRIVATE_LINK.window)
    if request.method == "POST":
        try:
            services.appointment_cancel(token=token, site_url=_site_url(request))
        except DomainError as exc:
            error = str(exc.message)
        else:
            return redirect("appointments:manage", token=token)
    return render(
        request,
        "appointments/cancel.html",
        {
            "appointment": appointment,
            "service": appointment.session.officer.service,
            "error": error,
        },
        status=409 if error else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def move(request: HttpRequest, token: str, session: int, at: str) -> HttpResponse:
    appointment = _by_token(token)
    target = _session(session)
    start = parse_at(at)
    try:
        end = services.slot_end(target, start)
    except DomainError as exc:
        raise Http404 from exc
    error = ""
    if request.method == "POST" and PRIVATE_LINK.exceeded(request):
        return too_many(request, PRIVATE_LINK.window)
    if request.method == "POST":
        try:
            services.appointment_move(
                token=token, session_id=target.pk, start=start, site_url=_site_url(request)
            )
        except DomainError as exc:
            error = str(exc.message)
        else:
            return redirect(reverse("appointments:manage", args=[token]) + "?flyttet=1")
    return render(
        request,
        "appointments/move.html",
        {
            "appointment": appointment,
            "session": target,
            "service": target.officer.service,
            "start": start,
            "end": end,
            "error": error,
        },
        status=409 if error else 200,
    )


def hub_or_404(slug: str) -> Hub:
    hub = Hub.objects.filter(slug=slug).first()
    if hub is None:
        raise Http404
    return hub
