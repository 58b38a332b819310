"""An organiser's own activity ("Mine aktiviteter"): change what describes it, give a date
a new time, cancel a date or every date ahead after a confirmation page. Thin: the
services decide who may and what follows (re-approval, the room booking, telling everyone
registered); these pages only find the organiser's own activity (404 for anyone else: hub
staff keep their own tools) and say what will happen before it does. And the participant
list of one date as CSV."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from torget.accounts.models import User
from torget.booking.views import TimesForm, apply_error, error_summary
from torget.core import exports
from torget.core.errors import DomainError
from torget.events import selectors, services
from torget.events.codes import Approval, OccurrenceStatus, RegistrationStatus
from torget.events.models import Event, Occurrence, Registration
from torget.events.organiser import FORM_FIELD, LOGIN_URL, DetailsForm, details_from
from torget.events.services.organisers import needs_approval

ACTIVE = [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]


def _my_event(user: User, pk: int) -> Event:
    """One of the user's organisations' activities, or 404."""
    event = selectors.organiser_events(user).filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


def _my_occurrence(user: User, pk: int) -> Occurrence:
    occurrence = (
        Occurrence.objects.select_related("booking__space", "event__hub", "event__organisation")
        .filter(pk=pk)
        .first()
    )
    if occurrence is None:
        raise Http404
    _my_event(user, occurrence.event_id)
    return occurrence


def _told(occurrences: list[Occurrence]) -> int:
    """How many registrations (confirmed or waiting) a change to these dates is told to."""
    return Registration.objects.filter(occurrence__in=occurrences, status__in=ACTIVE).count()


def _told_text(count: int) -> str:
    return ngettext(
        "%(n)s registered person is told.", "%(n)s registered people are told.", count
    ) % {"n": count}


def _ahead(event: Event) -> list[Occurrence]:
    return list(
        Occurrence.objects.select_related("booking__space")
        .filter(
            event=event,
            status=OccurrenceStatus.SCHEDULED,
            booking__start__gt=timezone.now(),
        )
        .order_by("booking__start")
    )


def _initial(event: Event) -> dict:
    return {
        "title": event.title,
        "description": event.description,
        "category": event.category,
        "audience": event.audience,
        "registration": event.registration,
        "capacity": event.capacity,
        "fee": event.fee if event.fee else None,
        "accessibility": event.accessibility,
    }


@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    event = _my_event(user, pk)
    posted = request.method == "POST"
    form = DetailsForm(request.POST if posted else None, initial=_initial(event))
    if posted and form.is_valid():
        try:
            changed = services.event_update(
                actor=user, event_id=event.pk, details=details_from(form.cleaned_data)
            )
        except DomainError as error:
            apply_error(form, error, FORM_FIELD)
        else:
            if changed.approval == Approval.PENDING and event.approval == Approval.APPROVED:
                messages.success(
                    request,
                    _(
                        "The changes are saved. The activity is out of the calendar until "
                        "the hub's staff have approved it again."
                    ),
                )
            else:
                messages.success(request, _("The changes are saved."))
            return redirect("events:mine")
    return render(
        request,
        "events/organiser_edit.html",
        {
            "event": event,
            "form": form,
            "summary": error_summary(form) if posted else [],
            "registration_choices": form.fields["registration"].choices,  # type: ignore[attr-defined]
            "reapproval": event.approval == Approval.APPROVED and needs_approval(event.hub),
        },
        status=422 if posted else 200,
    )


@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "POST"])
def move(request: HttpRequest, pk: int) -> HttpResponse:
    """Postpone one date: a new date and time in the same room."""
    user = cast(User, request.user)
    occurrence = _my_occurrence(user, pk)
    if occurrence.status == OccurrenceStatus.CANCELLED:
        raise Http404
    posted = request.method == "POST"
    start, end = occurrence.start, occurrence.end
    initial = {
        "date": timezone.localdate(start).isoformat(),
        "start_time": f"{timezone.localtime(start):%H:%M}",
        "end_time": f"{timezone.localtime(end):%H:%M}",
    }
    form = TimesForm(request.POST if posted else None, initial=initial)
    if posted and form.is_valid():
        count = _told([occurrence])
        try:
            services.occurrence_move(
                actor=user,
                occurrence_id=occurrence.pk,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
            )
        except DomainError as error:
            apply_error(form, error, FORM_FIELD)
        else:
            messages.success(request, _("The date is moved.") + " " + _told_text(count))
            return redirect("events:mine")
    return render(
        request,
        "events/organiser_move.html",
        {
            "event": occurrence.event,
            "occurrence": occurrence,
            "form": form,
            "summary": error_summary(form) if posted else [],
            "told": _told([occurrence]),
        },
        status=422 if posted else 200,
    )


def _cancel_page(
    request: HttpRequest, event: Event, dates: list[Occurrence], whole: bool
) -> HttpResponse:
    """The confirmation (GET) and the cancellation (POST) of `dates`."""
    user = cast(User, request.user)
    count = _told(dates)
    if request.method == "POST" and dates:
        try:
            if whole:
                services.event_cancel(actor=user, event_id=event.pk)
            else:
                services.occurrence_cancel(actor=user, occurrence_id=dates[0].pk)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Cancelled.") + " " + _told_text(count))
        return redirect("events:mine")
    return render(
        request,
        "events/organiser_cancel.html",
        {"event": event, "dates": dates, "whole": whole, "told": count},
    )


@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel every date ahead of the activity."""
    event = _my_event(cast(User, request.user), pk)
    return _cancel_page(request, event, _ahead(event), whole=True)


@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "POST"])
def cancel_date(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel one date."""
    occurrence = _my_occurrence(cast(User, request.user), pk)
    dates = [occurrence] if occurrence.status != OccurrenceStatus.CANCELLED else []
    return _cancel_page(request, occurrence.event, dates, whole=False)


@login_required(login_url=LOGIN_URL)
@require_GET
def participants_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """One date's participants as CSV: the registered, then the waitlist in its order."""
    occurrence = _my_occurrence(cast(User, request.user), pk)
    registrations = list(
        occurrence.registrations.filter(status__in=ACTIVE).order_by("queue", "created", "pk")
    )
    confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    waiting = sorted(
        (r for r in registrations if r.status == RegistrationStatus.WAITLISTED),
        key=lambda r: r.queue or 0,
    )
    table = exports.Table(
        title=occurrence.event.title,
        header=[
            _("Status"),
            _("Place on the waitlist"),
            _("Name"),
            _("Places"),
            _("E-mail"),
            _("Phone"),
        ],
        rows=[
            [
                r.get_status_display(),
                r.queue if r in waiting else None,
                r.name,
                r.seats,
                r.email,
                r.phone,
            ]
            for r in [*confirmed, *waiting]
        ],
    )
    day = timezone.localdate(occurrence.start)
    return exports.csv_response(
        [table], f"deltakere-{occurrence.pk}-{day:%Y-%m-%d}.csv", titles=False
    )
