"""The participant page of one occurrence: the participant list (printable) with each
fee's payment, and a message to everyone registered — for hub staff and for the contact
persons of the organisation that runs the event. Hub staff also mark attendance and
payments, register walk-ins, record the headcount for drop-in, and move or cancel.
Thin: every write is a service call (which checks who may); a `DomainError` becomes a
message."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from torget.accounts.models import User
from torget.accounts.permissions import can_manage_hub, can_see_event_registrants
from torget.core.errors import DomainError, ValidationFailed
from torget.core.timeutil import make_local
from torget.events import fees, selectors, self_service, services
from torget.events.codes import PaymentMethod, RegistrationStatus


def _error_text(error: DomainError) -> str:
    details = "; ".join(e["message"] for e in error.errors if e.get("message"))
    return f"{error.message} {details}".strip()


def _int(value: str, default: int | None = None) -> int | None:
    try:
        return int(value.strip())
    except (ValueError, AttributeError):
        return default


def _when(request: HttpRequest) -> tuple[datetime, datetime]:
    day = datetime.strptime(request.POST.get("date", "").strip(), "%Y-%m-%d").date()
    start = datetime.strptime(request.POST.get("start_time", "").strip(), "%H:%M").time()
    end = datetime.strptime(request.POST.get("end_time", "").strip(), "%H:%M").time()
    return make_local(day, start), make_local(day, end)


def _act(request: HttpRequest, user: User, occurrence_id: int) -> str:
    """Carry out one posted action; returns the success message."""
    action = request.POST.get("action", "")
    post = request.POST
    if action == "message":
        note = self_service.registrants_message_send(
            actor=user, occurrence_id=occurrence_id, text=post.get("text", "")
        )
        return ngettext(
            "The message is sent to %(n)s person.",
            "The message is sent to %(n)s people.",
            note.recipients,
        ) % {"n": note.recipients}
    if action == "payment":
        fees.registration_payment_set(
            actor=user,
            registration_id=_int(post.get("registration", "")) or 0,
            paid=post.get("paid") == "yes",
            method=post.get("payment_method", ""),
        )
        return _("The payment is saved.")
    if action == "attendance":
        value = {"yes": True, "no": False}.get(post.get("attended", ""))
        services.attendance_mark(
            actor=user, registration_id=_int(post.get("registration", "")) or 0, attended=value
        )
        return _("Attendance saved.")
    if action == "walk_in":
        services.registration_create(
            actor=user,
            occurrence_id=occurrence_id,
            name=post.get("name", ""),
            phone=post.get("phone", ""),
            email=post.get("email", ""),
            seats=_int(post.get("seats", ""), 0) or 0,
            walk_in=True,
        )
        return _("The walk-in is registered.")
    if action == "headcount":
        raw = post.get("headcount", "").strip()
        count = _int(raw, -1) if raw else None
        services.headcount_record(actor=user, occurrence_id=occurrence_id, headcount=count)
        return _("The headcount is saved.")
    if action == "cancel_registration":
        services.registration_cancel(
            actor=user, registration_id=_int(post.get("registration", "")) or 0
        )
        return _("The registration is cancelled.")
    if action == "move":
        try:
            start, end = _when(request)
        except ValueError:
            raise ValidationFailed(
                errors=[{"field": "date", "message": _("Give a date and times.")}]
            ) from None
        services.occurrence_move(actor=user, occurrence_id=occurrence_id, start=start, end=end)
        return _("The event is moved, and everyone registered is told.")
    if action == "cancel_occurrence":
        services.occurrence_cancel(actor=user, occurrence_id=occurrence_id)
        return _("The event is cancelled, and everyone registered is told.")
    raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def participants(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    occurrence = selectors.visible_occurrence(pk, user)
    if occurrence is None:
        raise Http404
    if not can_see_event_registrants(user, occurrence.event):
        raise Http404
    if request.method == "POST":
        try:
            messages.success(request, _act(request, user, occurrence.pk))
        except DomainError as error:
            messages.error(request, _error_text(error))
        return redirect("events:participants", pk=occurrence.pk)
    registrations = list(
        occurrence.registrations.select_related("paid_marked_by").order_by("queue", "created", "pk")
    )
    confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    waiting = [r for r in registrations if r.status == RegistrationStatus.WAITLISTED]
    waiting.sort(key=lambda r: r.queue or 0)
    return render(
        request,
        "events/participants.html",
        {
            "occurrence": occurrence,
            "event": occurrence.event,
            "confirmed": confirmed,
            "waiting": waiting,
            "came": sum(r.seats for r in confirmed if r.attended),
            "no_shows": sum(r.seats for r in confirmed if r.attended is False),
            "is_staff": can_manage_hub(user, occurrence.event.hub),
            "has_fee": not occurrence.event.is_free,
            "unpaid": sum(1 for r in confirmed if not r.is_paid),
            "payment_choices": PaymentMethod.choices,
            "notes": list(occurrence.registrant_messages.select_related("sent_by")[:20]),
            # Attendance is marked from an hour before the start (services say so too).
            "can_mark": occurrence.start <= timezone.now() + timedelta(hours=1),
        },
    )
