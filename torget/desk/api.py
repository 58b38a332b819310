"""The desk API (API.md): inquiry topics, logging and undoing inquiries, today's counts.

`POST /inquiries` answers 201 when it records an inquiry and 200 with the same `id` when the
`client_id` was seen before (the offline queue resending a tap): either way the client may
forget the tap.
"""

from datetime import date
from typing import cast
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema, Status

from torget.accounts.models import User
from torget.accounts.permissions import is_hub_staff
from torget.core.errors import ValidationFailed
from torget.core.schemas import CodeOut, Instant, OneLine, Slug, Text, problems
from torget.desk import selectors, services
from torget.desk.models import NOTE_LENGTH, REFERRED_TO_LENGTH, DurationBand
from torget.ledger.codes import Channel
from torget.places.models import Hub
from torget.places.staffing import NotHubStaff, staffed_hub

router = Router(tags=["desk"])


def _auth():
    from torget.accounts.api_auth import signed_in

    return signed_in


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)


class InquiryIn(Schema):
    hub: Slug = Field(description="The hub's slug.")
    topic: OneLine = Field(
        max_length=40, description="An active topic code (`GET /inquiries/topics`)."
    )
    channel: Channel
    occurred_at: Instant | None = Field(
        None, description="When it happened (default: now). Not in the future, at most 30 days ago."
    )
    client_id: UUID | None = Field(
        None,
        description="Made by the client once per tap: the same `client_id` again records nothing "
        "new and answers 200 with the first inquiry's `id`.",
    )
    resolved_at_desk: bool | None = None
    referred_to: OneLine = Field("", max_length=REFERRED_TO_LENGTH)
    duration: DurationBand | None = None
    note: Text = Field(
        "",
        max_length=NOTE_LENGTH,
        description="Optional; never names or anything that identifies a person. "
        "Deleted after a retention period.",
    )


class InquiryOut(Schema):
    id: int


class TodayIn(Schema):
    hub: Slug


class TodayOut(Schema):
    hub: str
    date: date
    total: int
    by_topic: dict[str, int] = Field(description="Every active topic's count, zeros included.")


@router.get(
    "/inquiries/topics",
    response={200: list[CodeOut], **problems(401, 403)},
    auth=_auth(),
    summary="Inquiry topics (hub staff)",
)
def inquiry_topics(request: HttpRequest):
    if not is_hub_staff(_actor(request)):
        raise NotHubStaff()
    return [{"code": t.code, "label": t.label} for t in selectors.topics(get_language())]


@router.post(
    "/inquiries",
    response={200: InquiryOut, 201: InquiryOut, **problems(401, 403, 409, 422)},
    auth=_auth(),
    summary="Log an inquiry (hub staff; idempotent with client_id)",
)
def log_inquiry(request: HttpRequest, payload: InquiryIn):
    hub = Hub.objects.filter(slug=payload.hub).first()
    if hub is None:
        raise ValidationFailed(errors=[{"field": "hub", "message": "no such hub"}])
    inquiry = services.inquiry_log(
        actor=_actor(request),
        hub=hub,
        topic=payload.topic,
        channel=payload.channel,
        occurred_at=payload.occurred_at,
        client_id=payload.client_id,
        resolved_at_desk=payload.resolved_at_desk,
        referred_to=payload.referred_to,
        duration=payload.duration or "",
        note=payload.note,
    )
    return Status(200 if inquiry.replayed else 201, {"id": inquiry.pk})


@router.delete(
    "/inquiries/{int:inquiry_id}",
    response={204: None, **problems(401, 403, 404, 409)},
    auth=_auth(),
    summary="Undo an inquiry (who logged it, within 10 minutes)",
)
def undo_inquiry(request: HttpRequest, inquiry_id: int):
    services.inquiry_undo(actor=_actor(request), inquiry_id=inquiry_id)
    return Status(204, None)


@router.get(
    "/inquiries/today",
    response={200: TodayOut, **problems(401, 403, 404, 422)},
    auth=_auth(),
    summary="Today's inquiries at a hub, per topic (hub staff)",
)
def inquiries_today(request: HttpRequest, params: Query[TodayIn]):
    hub = staffed_hub(_actor(request), params.hub)
    counts = selectors.day_counts(hub)
    return {"hub": hub.slug, "date": counts.day, "total": counts.total, "by_topic": counts.by_topic}
