"""Staff changes to the proposal: move an application to another slot, swap two, or take a
slot away. Each is checked against the others and goes in the case log with its reason."""

from __future__ import annotations

from datetime import time

from django.utils.translation import gettext as _

from torget.accounts.models import User
from torget.core.db import serialized_write
from torget.core.errors import NotFound, ValidationFailed
from torget.seasons import selectors
from torget.seasons.allocation import MAX_SKIPPED_SHARE, Slot, occurrences
from torget.seasons.errors import SlotTaken
from torget.seasons.explain import slot_text
from torget.seasons.models import Allocation, AllocationChange, ChangeKind, Round
from torget.seasons.services.rounds import staff_round


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
    round_ = staff_round(actor, round_id)
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
    round_ = staff_round(actor, round_id)
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
    round_ = staff_round(actor, round_id)
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
