"""The decision: every granted slot booked as a weekly series, and a letter to every
applicant.

Confirming creates the weekly series through the booking engine
(`booking.services.booking_series_create`), never Booking rows directly, all in one
transaction: if one series clashes, nothing is booked and the clash is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from torget.accounts.models import User
from torget.booking.errors import BookingConflict
from torget.booking.models import BookingKind
from torget.booking.services import (
    ORGANISER_TYPES_OF_KIND,
    BookingRequest,
    booking_series_create,
)
from torget.core.db import serialized_write
from torget.core.errors import Conflict, PermissionDenied
from torget.core.timeutil import make_local
from torget.ledger.models import OrganiserType
from torget.notifications.models import Channel
from torget.notifications.services import message_queue
from torget.seasons import selectors
from torget.seasons.allocation import occurrences
from torget.seasons.explain import reasons_text, slot_text
from torget.seasons.models import (
    Allocation,
    AllocationChange,
    AllocationStatus,
    Application,
    ChangeKind,
    Round,
)
from torget.seasons.services.applications import application_hub_id
from torget.seasons.services.rounds import staff_round

# An organisation books as the organiser type of its kind: the booking engine's rule.
ORGANISER_TYPE: dict[str, str] = {
    kind: min(types) for kind, types in ORGANISER_TYPES_OF_KIND.items()
}


@dataclass
class Clash:
    application_id: int
    name: str
    dates: list[str]
    labels: list[str]


def confirm_preview(round_: Round) -> list[Clash]:
    """Weeks where existing bookings now clash with a slot and were not already left out:
    shown before confirming (confirming would fail on them)."""
    data = selectors.round_input(round_)
    board = data.board([])
    names = data.names()
    result = []
    for alloc in selectors.allocations(round_):
        if not alloc.granted or alloc.status == AllocationStatus.CONFIRMED:
            continue
        clashes = [
            (d, b)
            for d, b in board.clashes(
                data.applicants[alloc.application_id], selectors.slot_of(alloc)
            )
            if d.isoformat() not in alloc.skip_dates
        ]
        if clashes:
            result.append(
                Clash(
                    alloc.application_id,
                    names[alloc.application_id],
                    [d.isoformat() for d, _b in clashes],
                    sorted({b.label for _d, b in clashes}),
                )
            )
    return result


@serialized_write
def round_confirm(*, actor: User, round_id: int, site_url: str = "") -> Round:
    """Book every granted slot as a weekly series and send every applicant a decision."""
    round_ = staff_round(actor, round_id)
    if not selectors.can_decide_round(actor, round_):
        raise PermissionDenied(_("Only staff of every hub in the round can confirm it."))
    if timezone.now() < round_.deadline:
        raise Conflict(_("The application period is not over yet."), code="seasons.still_open")
    if round_.proposed_at is None:
        raise Conflict(_("Compute the proposal first."), code="seasons.no_proposal")
    allocs = selectors.allocations(round_)
    decided = {a.application_id for a in allocs}
    applications = Application.objects.filter(round=round_, withdrawn=False)
    changed = applications.filter(updated__gt=round_.proposed_at)
    if applications.exclude(pk__in=decided).exists() or changed.exists():
        raise Conflict(
            _("Applications have changed since the proposal: compute it again."),
            code="seasons.stale_proposal",
        )
    reason = _("Seasonal allocation: %(round)s") % {"round": round_.name}
    for alloc in allocs:
        if not alloc.granted:
            continue
        app = alloc.application
        assert alloc.space is not None and alloc.weekday is not None
        assert alloc.start_time is not None and alloc.end_time is not None
        days = occurrences(selectors.applicant_of(app), alloc.weekday)
        skip = {date.fromisoformat(d) for d in alloc.skip_dates}
        first = next((d for d in days if d not in skip), None)
        if first is None:
            continue
        request = BookingRequest(
            space=alloc.space,
            start=make_local(first, alloc.start_time),
            end=make_local(first, alloc.end_time),
            title=app.activity[:200],
            organiser_type=ORGANISER_TYPE.get(app.organisation.kind, OrganiserType.VOLUNTARY),
            kind=BookingKind.ACTIVITY,
            expected_participants=app.expected_participants,
            public=not app.private_party,
            organisation=app.organisation,
            on_behalf_name=app.submitted_by.get_full_name() or app.submitted_by.username,
            on_behalf_phone=app.submitted_by.phone,
            staff_notes=reason,
            # Staff decided this slot: booking rules such as "at most N days ahead" give way;
            # overlaps never do.
            override_reason=reason,
        )
        try:
            result = booking_series_create(
                actor=actor,
                request=request,
                until=days[-1],
                skip_dates=sorted(skip),
                on_conflict="reject",
            )
        except BookingConflict as exc:
            raise Conflict(
                _("%(name)s: the weekly series clashes with existing bookings.")
                % {"name": f"{app.organisation.name} – {app.activity}"},
                code="seasons.clash",
                errors=exc.errors,
                extra=exc.extra,
            ) from exc
        alloc.series = result.series
        alloc.status = AllocationStatus.CONFIRMED
        alloc.save(update_fields=["series", "status"])
    for alloc in allocs:  # one save each, so the audit log has every decision
        if alloc.status != AllocationStatus.CONFIRMED:
            alloc.status = AllocationStatus.CONFIRMED
            alloc.save(update_fields=["status"])
    Allocation.objects.filter(application__round=round_).exclude(
        status=AllocationStatus.CONFIRMED
    ).update(status=AllocationStatus.CONFIRMED)  # withdrawn applications' leftovers
    round_.decided_at = timezone.now()
    round_.decided_by = actor
    round_.save(update_fields=["decided_at", "decided_by"])
    AllocationChange.objects.create(
        round=round_,
        kind=ChangeKind.CONFIRMED,
        actor=actor,
        summary=_("%(granted)s weekly series booked, %(total)s decision letters")
        % {"granted": sum(1 for a in allocs if a.granted), "total": len(allocs)},
    )
    for alloc in allocs:
        _decision_letter(alloc, site_url)
    return round_


def letter_context(alloc: Allocation, site_url: str = "") -> dict:
    app = alloc.application
    return {
        "app": app,
        "alloc": alloc,
        "round": app.round,
        "slot": slot_text(
            f"{alloc.space.name} ({alloc.space.hub.name})" if alloc.space else "",
            alloc.weekday,
            alloc.start_time,
            alloc.end_time,
        ),
        "hub": alloc.space.hub if alloc.space else None,
        "reasons": reasons_text(alloc.reasons, {}, public=True),
        "skip_dates": [date.fromisoformat(d) for d in alloc.skip_dates],
        "municipality": settings.TORGET_MUNICIPALITY,
        "url": site_url.rstrip("/") + reverse("seasons:letter", args=[app.pk]),
    }


def _decision_letter(alloc: Allocation, site_url: str) -> None:
    app = alloc.application
    to = app.submitted_by.email or app.organisation.email
    if not to:
        return
    with translation.override(app.submitted_by.preferred_language or settings.LANGUAGE_CODE):
        subject = (
            _("Allocated: %(activity)s") if alloc.granted else _("Not allocated: %(activity)s")
        ) % {"activity": app.activity}
        message_queue(
            channel=Channel.EMAIL,
            to=to,
            subject=subject,
            body=render_to_string("seasons/letter_email.txt", letter_context(alloc, site_url)),
            key=f"season-decision:{app.pk}",
            template="seasons.decision",
            hub_id=alloc.space.hub_id if alloc.space is not None else application_hub_id(app),
        )
