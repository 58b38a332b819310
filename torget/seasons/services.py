"""Writes for the seasonal round: applications, the proposal, staff changes and the decision.

Confirming creates the weekly series through the booking engine
(`booking.series.booking_series_create`), never Booking rows directly, all in one
transaction: if one series clashes, nothing is booked and the clash is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from torget.accounts.models import Organisation, User
from torget.booking.errors import BookingConflict
from torget.booking.models import BookingKind
from torget.booking.series import booking_series_create
from torget.booking.services import ORGANISER_TYPES_OF_KIND, BookingRequest
from torget.core.db import serialized_write
from torget.core.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationFailed
from torget.core.timeutil import make_local
from torget.ledger.models import OrganiserType
from torget.notifications.models import Channel, Message
from torget.notifications.services import message_queue
from torget.seasons import selectors
from torget.seasons.allocation import MAX_SKIPPED_SHARE, Slot, occurrences, propose
from torget.seasons.explain import reasons_text, slot_text
from torget.seasons.models import (
    DEFAULT_RULES,
    AgeGroup,
    Allocation,
    AllocationChange,
    AllocationStatus,
    Application,
    ChangeKind,
    Round,
    RoundRule,
    Wish,
)

MAX_WISHES = 3
MAX_PARTICIPANTS = 10_000

# An organisation books as the organiser type of its kind: the booking engine's rule.
ORGANISER_TYPE: dict[str, str] = {
    kind: min(types) for kind, types in ORGANISER_TYPES_OF_KIND.items()
}


class RoundClosed(DomainError):
    code = "seasons.closed"
    status = 409
    default_message = _("The application period of this round is over.")


class AlreadyDecided(DomainError):
    code = "seasons.decided"
    status = 409
    default_message = _("This round has been decided; it can no longer be changed.")


class SlotTaken(DomainError):
    code = "seasons.slot_taken"
    status = 409
    default_message = _("That time is already given to another application.")


def round_create_default_rules(round_: Round) -> None:
    """A new round starts with Asker's rules (staff may reorder or remove them)."""
    if not round_.rules.exists():
        RoundRule.objects.bulk_create(
            RoundRule(round=round_, position=i, rule=code) for i, code in enumerate(DEFAULT_RULES)
        )


# Applications ---------------------------------------------------------------------------


@dataclass
class WishInput:
    space_id: int
    weekday: int
    start_time: time
    end_time: time


@dataclass
class ApplicationInput:
    organisation_id: int
    activity: str
    target_group: str
    age_group: str
    expected_participants: int
    paid: bool
    first_date: date
    last_date: date
    wishes: list[WishInput]
    description: str = ""
    private_party: bool = False
    accept_other_times: bool = False
    accept_other_spaces: bool = False
    accept_other_hubs: bool = False


def _validate(round_: Round, data: ApplicationInput) -> list[dict[str, str]]:
    errors = []
    if not data.activity.strip():
        errors.append({"field": "activity", "message": _("Say what the activity is.")})
    if len(data.activity) > 200 or len(data.target_group) > 200:
        errors.append({"field": "activity", "message": _("At most 200 characters.")})
    if not data.target_group.strip():
        errors.append({"field": "target_group", "message": _("Say who the activity is for.")})
    if data.age_group not in AgeGroup.values:
        errors.append({"field": "age_group", "message": _("Choose an age group.")})
    if not 1 <= data.expected_participants <= MAX_PARTICIPANTS:
        errors.append(
            {
                "field": "expected_participants",
                "message": _("Give a number from 1 to %(max)s.") % {"max": MAX_PARTICIPANTS},
            }
        )
    if not round_.season_start <= data.first_date <= round_.season_end:
        errors.append({"field": "first_date", "message": _("Must be within the season.")})
    if not round_.season_start <= data.last_date <= round_.season_end:
        errors.append({"field": "last_date", "message": _("Must be within the season.")})
    if data.last_date < data.first_date:
        errors.append({"field": "last_date", "message": _("Must be on or after the first date.")})
    if not data.wishes:
        errors.append({"field": "wish1_space", "message": _("Give at least one wished time.")})
    if len(data.wishes) > MAX_WISHES:
        errors.append({"field": "wishes", "message": _("At most three wished times.")})
    allowed = {s.pk for s in selectors.round_spaces(round_)}
    for i, wish in enumerate(data.wishes, 1):
        if wish.space_id not in allowed:
            errors.append({"field": f"wish{i}_space", "message": _("Choose a space in the round.")})
        if not 0 <= wish.weekday <= 6:
            errors.append({"field": f"wish{i}_weekday", "message": _("Choose a weekday.")})
        if wish.end_time <= wish.start_time:
            errors.append(
                {"field": f"wish{i}_end", "message": _("The end must be after the start.")}
            )
    return errors


@serialized_write
def application_save(
    *,
    actor: User,
    round_id: int,
    data: ApplicationInput,
    application_id: int | None = None,
    site_url: str = "",
) -> Application:
    """Submit a new application, or change one until the deadline; a receipt each time."""
    round_ = Round.objects.filter(pk=round_id).first()
    if round_ is None:
        raise NotFound()
    organisation = Organisation.objects.filter(pk=data.organisation_id).first()
    if (
        organisation is None
        or not getattr(actor, "is_authenticated", False)
        or not organisation.contacts.filter(pk=actor.pk).exists()
    ):
        raise PermissionDenied(_("Only the organisation's contact persons can apply for it."))
    app: Application | None = None
    if application_id is not None:
        app = Application.objects.select_for_update().filter(pk=application_id).first()
        if (
            app is None
            or app.round_id != round_.pk
            or not app.organisation.contacts.filter(pk=actor.pk).exists()
        ):
            raise NotFound()
    if not round_.is_open():
        raise RoundClosed()
    if app is not None and app.withdrawn:
        raise NotFound()
    errors = _validate(round_, data)
    if errors:
        raise ValidationFailed(errors=errors)
    fields = {
        "organisation": organisation,
        "activity": data.activity.strip(),
        "description": data.description.strip(),
        "target_group": data.target_group.strip(),
        "age_group": data.age_group,
        "expected_participants": data.expected_participants,
        "paid": data.paid,
        "private_party": data.private_party,
        "first_date": data.first_date,
        "last_date": data.last_date,
        "accept_other_times": data.accept_other_times,
        "accept_other_spaces": data.accept_other_spaces,
        "accept_other_hubs": data.accept_other_hubs,
    }
    if app is None:
        app = Application.objects.create(
            round=round_, submitted_by=actor, submitted_at=timezone.now(), **fields
        )
    else:
        for name, value in fields.items():
            setattr(app, name, value)
        app.save()
        app.wishes.all().delete()
    Wish.objects.bulk_create(
        Wish(
            application=app,
            preference=i,
            space_id=w.space_id,
            weekday=w.weekday,
            start_time=w.start_time,
            end_time=w.end_time,
        )
        for i, w in enumerate(data.wishes, 1)
    )
    _receipt(app, actor, site_url)
    return app


@serialized_write
def application_withdraw(*, actor: User, application_id: int) -> Application:
    """The organisation withdraws its application (until the deadline)."""
    app = Application.objects.select_for_update().filter(pk=application_id).first()
    if app is None or not app.organisation.contacts.filter(pk=actor.pk).exists():
        raise NotFound()
    if not app.round.is_open():
        raise RoundClosed()
    app.withdrawn = True
    app.save(update_fields=["withdrawn", "updated"])
    return app


def _receipts_sent(app: Application) -> int:
    return Message.objects.filter(
        template="seasons.receipt", key__startswith=f"season-application:{app.pk}:"
    ).count()


def _receipt(app: Application, actor: User, site_url: str) -> None:
    if not actor.email:
        return
    with translation.override(actor.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "app": app,
            "wishes": list(app.wishes.select_related("space__hub")),
            "url": site_url.rstrip("/") + reverse("seasons:receipt", args=[app.pk]),
            "municipality": settings.TORGET_MUNICIPALITY,
        }
        message_queue(
            channel=Channel.EMAIL,
            to=actor.email,
            subject=_("Application received: %(activity)s") % {"activity": app.activity},
            body=render_to_string("seasons/receipt_email.txt", context),
            # A new receipt for every change: the key counts the receipts sent before.
            key=f"season-application:{app.pk}:{_receipts_sent(app) + 1}",
            template="seasons.receipt",
        )


# The proposal and staff changes ------------------------------------------------------------


def _staff_round(actor: User, round_id: int) -> Round:
    """The round, locked: staff changes and the decision of one round take turns (two
    people moving applications into the same slot at once would otherwise both succeed)."""
    round_ = selectors.round_for_staff(actor, round_id)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.decided_at is not None:
        raise AlreadyDecided()
    return round_


@serialized_write
def proposal_compute(*, actor: User, round_id: int) -> Round:
    """Compute the proposal afresh; it replaces every earlier proposal and staff change."""
    round_ = _staff_round(actor, round_id)
    data = selectors.round_input(round_)
    result = propose(
        rules=round_.rule_codes(),
        applicants=data.applicants.values(),
        spaces=data.spaces,
        round_spaces=data.round_space_ids,
        busy=data.busy,
        no_private_parties=round_.no_private_parties,
    )
    Allocation.objects.filter(application__round=round_).delete()
    Allocation.objects.bulk_create(
        Allocation(
            application_id=d.application_id,
            space_id=d.slot.space_id if d.slot else None,
            weekday=d.slot.weekday if d.slot else None,
            start_time=d.slot.start if d.slot else None,
            end_time=d.slot.end if d.slot else None,
            choice=d.choice,
            reasons=d.reasons,
            skip_dates=[x.isoformat() for x in d.skip_dates],
        )
        for d in result.decisions
    )
    round_.proposal = {
        "rules": list(result.rules),
        "order": [d.application_id for d in result.decisions],
        "conflicts": [
            {
                "space": c.slot.space_id,
                "weekday": c.slot.weekday,
                "start": c.slot.start.strftime("%H:%M"),
                "end": c.slot.end.strftime("%H:%M"),
                "winner": c.winner,
                "loser": c.loser,
                "decided_by": c.decided_by,
            }
            for c in result.conflicts
        ],
    }
    round_.proposed_at = timezone.now()
    round_.save(update_fields=["proposal", "proposed_at"])
    AllocationChange.objects.create(
        round=round_,
        kind=ChangeKind.PROPOSED,
        actor=actor,
        summary=_("%(granted)s of %(total)s applications get a slot")
        % {"granted": len(result.granted), "total": len(result.decisions)},
    )
    return round_


def _reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationFailed(
            errors=[{"field": "reason", "message": _("Give a reason: it goes in the case log.")}]
        )
    return reason[:300]


def _allocation(round_: Round, application_id: int) -> Allocation:
    alloc = (
        Allocation.objects.select_for_update(of=("self",))
        .select_related("application__organisation", "space")
        .filter(application_id=application_id, application__round=round_)
        .first()
    )
    if alloc is None:
        raise NotFound()
    return alloc


def _space_name(data: selectors.RoundInput, space_id: int | None) -> str:
    return data.space_objects[space_id].name if space_id in data.space_objects else "–"


@serialized_write
def allocation_move(
    *,
    actor: User,
    round_id: int,
    application_id: int,
    space_id: int,
    weekday: int,
    start_time: time,
    end_time: time,
    reason: str,
) -> Allocation:
    """Give an application another slot (or a slot at all), checked against the others."""
    round_ = _staff_round(actor, round_id)
    reason = _reason(reason)
    data = selectors.round_input(round_)
    if space_id not in data.round_space_ids:
        raise ValidationFailed(errors=[{"field": "space", "message": _("Choose a space.")}])
    if end_time <= start_time or not 0 <= weekday <= 6:
        raise ValidationFailed(
            errors=[{"field": "end_time", "message": _("The end must be after the start.")}]
        )
    alloc = _allocation(round_, application_id)
    slot = Slot(space_id, weekday, start_time, end_time)
    board = data.board(selectors.allocations(round_), leave_out={application_id})
    applicant = data.applicants[application_id]
    holder = board.holder(applicant, slot)
    if holder is not None:
        raise SlotTaken(
            _("That time is already given to %(name)s.") % {"name": data.names()[holder.id]}
        )
    clashes = board.clashes(applicant, slot)
    weeks = len(occurrences(applicant, weekday))
    if not weeks or len(clashes) > weeks * MAX_SKIPPED_SHARE:
        raise SlotTaken(_("Existing bookings or closures take that time in most weeks."))
    before = slot_text(
        _space_name(data, alloc.space_id), alloc.weekday, alloc.start_time, alloc.end_time
    )
    alloc.space_id, alloc.weekday = space_id, weekday
    alloc.start_time, alloc.end_time = start_time, end_time
    alloc.choice = "staff"
    alloc.skip_dates = [d.isoformat() for d, _b in clashes]
    alloc.staff_reason = reason
    alloc.reasons = [r for r in alloc.reasons if r.get("code") == "ranked"] + [
        {"code": "staff", "reason": reason}
    ]
    if clashes:
        alloc.reasons.append(
            {
                "code": "dates_skipped",
                "dates": alloc.skip_dates,
                "labels": sorted({b.label for _d, b in clashes}),
            }
        )
    alloc.save()
    after = slot_text(_space_name(data, space_id), weekday, start_time, end_time)
    AllocationChange.objects.create(
        round=round_,
        application_id=application_id,
        kind=ChangeKind.MOVED,
        actor=actor,
        reason=reason,
        summary=f"{data.names()[application_id]}: {before} → {after}"[:300],
    )
    return alloc


@serialized_write
def allocation_swap(
    *, actor: User, round_id: int, first_id: int, second_id: int, reason: str
) -> None:
    """Two applications exchange their slots."""
    round_ = _staff_round(actor, round_id)
    reason = _reason(reason)
    if first_id == second_id:
        raise ValidationFailed(
            errors=[{"field": "other", "message": _("Choose another application.")}]
        )
    data = selectors.round_input(round_)
    first, second = _allocation(round_, first_id), _allocation(round_, second_id)
    if not first.granted or not second.granted:
        raise ValidationFailed(
            errors=[{"field": "other", "message": _("Both applications must have a slot.")}]
        )
    board = data.board(selectors.allocations(round_), leave_out={first_id, second_id})
    a_slot, b_slot = selectors.slot_of(first), selectors.slot_of(second)
    moves = ((first, b_slot), (second, a_slot))
    skips = {}
    for alloc, slot in moves:
        applicant = data.applicants[alloc.application_id]
        holder = board.holder(applicant, slot)
        if holder is not None:
            raise SlotTaken(
                _("That time is already given to %(name)s.") % {"name": data.names()[holder.id]}
            )
        clashes = board.clashes(applicant, slot)
        weeks = len(occurrences(applicant, slot.weekday))
        if not weeks or len(clashes) > weeks * MAX_SKIPPED_SHARE:
            raise SlotTaken(_("Existing bookings or closures take that time in most weeks."))
        skips[alloc.pk] = [d.isoformat() for d, _b in clashes]
        board.take(applicant, slot)
    for alloc, slot in moves:
        alloc.space_id, alloc.weekday = slot.space_id, slot.weekday
        alloc.start_time, alloc.end_time = slot.start, slot.end
        alloc.choice = "staff"
        alloc.skip_dates = skips[alloc.pk]
        alloc.staff_reason = reason
        alloc.reasons = [r for r in alloc.reasons if r.get("code") == "ranked"] + [
            {"code": "staff", "reason": reason}
        ]
        alloc.save()
    names = data.names()
    AllocationChange.objects.create(
        round=round_,
        application_id=first_id,
        kind=ChangeKind.SWAPPED,
        actor=actor,
        reason=reason,
        summary=f"{names[first_id]} ⇄ {names[second_id]}"[:300],
    )


@serialized_write
def allocation_refuse(*, actor: User, round_id: int, application_id: int, reason: str) -> None:
    """Take the slot away from an application (the reason goes in its letter)."""
    round_ = _staff_round(actor, round_id)
    reason = _reason(reason)
    alloc = _allocation(round_, application_id)
    if not alloc.granted:
        raise ValidationFailed(
            errors=[{"field": "application", "message": _("This application has no slot.")}]
        )
    data = selectors.round_input(round_)
    before = slot_text(
        _space_name(data, alloc.space_id), alloc.weekday, alloc.start_time, alloc.end_time
    )
    alloc.space = None
    alloc.weekday = alloc.start_time = alloc.end_time = None
    alloc.choice = ""
    alloc.skip_dates = []
    alloc.staff_reason = reason
    alloc.reasons = [r for r in alloc.reasons if r.get("code") == "ranked"] + [
        {"code": "staff", "reason": reason}
    ]
    alloc.save()
    AllocationChange.objects.create(
        round=round_,
        application_id=application_id,
        kind=ChangeKind.REJECTED,
        actor=actor,
        reason=reason,
        summary=f"{data.names()[application_id]}: {before}"[:300],
    )


# The decision ----------------------------------------------------------------------------


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
    round_ = _staff_round(actor, round_id)
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
    Allocation.objects.filter(application__round=round_).update(status=AllocationStatus.CONFIRMED)
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
        )


def season_weeks(round_: Round) -> int:
    return (round_.season_end - round_.season_start + timedelta(days=1)).days // 7
