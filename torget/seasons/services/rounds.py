"""A round's rules when it is created, and the staff lock every change to a round takes."""

from __future__ import annotations

from datetime import timedelta

from torget.accounts.models import User
from torget.seasons import selectors
from torget.seasons.errors import AlreadyDecided
from torget.seasons.models import DEFAULT_RULES, Round, RoundRule


def round_create_default_rules(round_: Round) -> None:
    """A new round starts with Asker's rules (staff may reorder or remove them)."""
    if not round_.rules.exists():
        RoundRule.objects.bulk_create(
            RoundRule(round=round_, position=i, rule=code) for i, code in enumerate(DEFAULT_RULES)
        )


def staff_round(actor: User, round_id: int) -> Round:
    """The round, locked: staff changes and the decision of one round take turns (two
    people moving applications into the same slot at once would otherwise both succeed)."""
    round_ = selectors.round_for_staff(actor, round_id)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.decided_at is not None:
        raise AlreadyDecided()
    return round_


def season_weeks(round_: Round) -> int:
    return (round_.season_end - round_.season_start + timedelta(days=1)).days // 7
