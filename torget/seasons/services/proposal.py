"""The proposal: computed afresh from the applications and the round's rules."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from torget.accounts.models import User
from torget.core.db import serialized_write
from torget.seasons import selectors
from torget.seasons.allocation import propose
from torget.seasons.models import Allocation, AllocationChange, ChangeKind, Round
from torget.seasons.services.rounds import staff_round


@serialized_write
def proposal_compute(*, actor: User, round_id: int) -> Round:
    """Compute the proposal afresh; it replaces every earlier proposal and staff change."""
    round_ = staff_round(actor, round_id)
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
