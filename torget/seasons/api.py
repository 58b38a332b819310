"""The seasonal round's read API: the rounds, and (for the round's staff) the proposal or
decision with its reasons in words. Applying and deciding happen on the pages."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import cast

from django.http import HttpRequest
from ninja import Field, Router, Schema

from torget.accounts.models import User
from torget.core.schemas import problems
from torget.seasons import selectors
from torget.seasons.explain import reasons_text

router = Router(tags=["seasons"])


def _auth():
    from torget.accounts.api_auth import signed_in

    return signed_in


class RoundOut(Schema):
    id: int
    name: str
    season_start: date
    season_end: date
    opens_at: datetime
    deadline: datetime
    open: bool
    decided: bool
    hubs: list[str] = Field(description="The hubs' slugs.")
    rules: list[str] = Field(description="Priority rule codes, the first decides first.")


class DecisionOut(Schema):
    application: int
    reference: str
    organisation: str
    activity: str
    rank: int | None
    granted: bool
    space: int | None
    weekday: int | None = Field(description="0 = Monday.")
    start: time | None
    end: time | None
    choice: str = Field(description="`wish:N`, `other_time:N`, `other_space:N`, `other_hub:N`, "
                        "`staff`, or empty when nothing was given.")  # fmt: skip
    skip_dates: list[date]
    reasons: list[str]


class ConflictOut(Schema):
    space: int
    weekday: int
    start: str
    end: str
    winner: int
    loser: int
    decided_by: str = Field(description="`rule:<code>`, `earlier` or `lower_number`.")


class ProposalOut(Schema):
    round: int
    decided: bool
    rules: list[str]
    decisions: list[DecisionOut]
    conflicts: list[ConflictOut]


def _round_out(round_) -> dict:
    return {
        "id": round_.pk,
        "name": round_.name,
        "season_start": round_.season_start,
        "season_end": round_.season_end,
        "opens_at": round_.opens_at,
        "deadline": round_.deadline,
        "open": round_.is_open(),
        "decided": round_.decided_at is not None,
        "hubs": sorted(h.slug for h in round_.hubs.all()),
        "rules": round_.rule_codes(),
    }


@router.get("/seasons/rounds", response={200: list[RoundOut]})
def season_rounds(request: HttpRequest):
    """Rounds whose application period has begun."""
    return [_round_out(r) for r in selectors.visible_rounds().prefetch_related("rules")]


@router.get(
    "/seasons/rounds/{round_id}/proposal",
    response={200: ProposalOut, **problems(401, 404)},
    auth=_auth(),
)
def season_proposal(request: HttpRequest, round_id: int):
    """Staff of the round's hubs: every decision with its reasons, and every conflict."""
    round_ = selectors.round_for_staff(cast(User, request.user), round_id)
    allocs = selectors.allocations(round_)
    names = {
        a.application_id: f"{a.application.organisation.name} – {a.application.activity}"
        for a in allocs
    }
    rank = {pk: i for i, pk in enumerate(round_.proposal.get("order", []), 1)}
    return {
        "round": round_.pk,
        "decided": round_.decided_at is not None,
        "rules": round_.rule_codes(),
        "decisions": [
            {
                "application": a.application_id,
                "reference": a.application.reference,
                "organisation": a.application.organisation.name,
                "activity": a.application.activity,
                "rank": rank.get(a.application_id),
                "granted": a.granted,
                "space": a.space_id,
                "weekday": a.weekday,
                "start": a.start_time,
                "end": a.end_time,
                "choice": a.choice,
                "skip_dates": [date.fromisoformat(d) for d in a.skip_dates],
                "reasons": reasons_text(a.reasons, names),
            }
            for a in sorted(allocs, key=lambda a: rank.get(a.application_id, 10**9))
        ],
        "conflicts": round_.proposal.get("conflicts", []),
    }
