"""The meråpent API: the lock bridge's check and events (signed by the door system, see
`webhook.py`), and the staff's agreements and grants (their own hubs only). Thin: the rule
is `services.door_check`, the writes are services."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal, cast

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.security import APIKeyHeader

from torget.access import services
from torget.access.doors import bridge_door
from torget.access.errors import UnknownDoor
from torget.access.models import AttemptVia, BookingGrant, Door, SelfServiceAgreement
from torget.access.webhook import SIGNATURE_HEADER, verify
from torget.accounts.models import User
from torget.accounts.permissions import can_manage_hub, is_administrator, staff_hub_ids
from torget.core.errors import NotFound, PermissionDenied, ValidationFailed
from torget.core.schemas import Day, Id, Instant, OneLine, PageParams, Slug, problems
from torget.places.directory import Directory
from torget.places.models import Hub

router = Router(tags=["access"])


class BridgeSignature(APIKeyHeader):
    """A lock bridge's signed request: X-Torget-System, X-Torget-Event-Id,
    X-Torget-Timestamp and X-Torget-Signature (`sha256=` HMAC-SHA256 of
    `<timestamp>.<event id>.` + body with the door system's secret). Unsigned, wrongly
    signed or stale: 401 (`access.unsigned`, `access.bad_signature`, `access.stale`); an
    event id used before at the door: 409 `access.replayed`."""

    param_name = SIGNATURE_HEADER

    def __call__(self, request: HttpRequest):
        return self.authenticate(request, None)

    def authenticate(self, request: HttpRequest, key: str | None):
        return verify(request)  # (system, event id), or a refusal with its code


def _staff():
    from torget.accounts.api_auth import signed_in

    return signed_in


DoorRef = Annotated[str, Field(min_length=1, max_length=120, pattern=r"^[\x21-\x7e]+$")]


def _door(system: str, ref: str) -> tuple[Door, Directory]:
    """The bridge's door by its id in the door system (this process's copy, with its hub,
    the hub's rules and its spaces), and the places directory: one query for both."""
    door, places = bridge_door(system, ref)
    if door is None:
        raise UnknownDoor()
    return door, places


# --- the lock bridge ------------------------------------------------------------------------


class CheckIn(Schema):
    door: DoorRef = Field(description="The door's id in the door system (`external_id`).")
    credential: OneLine = Field(
        min_length=1, max_length=100, description="The card number or door code presented."
    )
    pin: OneLine = Field("", max_length=20, description="The PIN typed, where the hub uses one.")


class CheckOut(Schema):
    allowed: bool
    reason: str = Field(
        description="Stable: agreement, booking, staff (allowed); unknown, wrong_pin, "
        "not_yet_valid, expired, revoked, cancelled, superseded, outside_hours, wrong_door, "
        "too_early, not_offered, door_inactive, rate_limited (refused)."
    )
    grant_id: str = Field(description="The opaque id of the grant that matched, or empty.")
    event_id: str


@router.post(
    "/access/check",
    response={200: CheckOut, **problems(401, 404, 409, 422)},
    auth=BridgeSignature(),
    summary="May this card or code open this door now? (the lock bridge, signed)",
)
def access_check(request: HttpRequest, payload: CheckIn):
    """The lock bridge asks when someone presents a card or a code, and opens on
    `allowed`. Every attempt is logged; wrong codes count against the door (after too many
    it refuses every code for a while: `rate_limited`). Each event id once per door."""
    system, event_id = cast(tuple[str, str], request.auth)  # type: ignore[attr-defined]
    door, places = _door(system, payload.door)
    decision = services.door_check(
        door=door,
        credential=payload.credential,
        pin=payload.pin,
        via=AttemptVia.BRIDGE,
        event_id=event_id,
        places=places,
    )
    return {
        "allowed": decision.allowed,
        "reason": decision.reason,
        "grant_id": decision.grant_ref,
        "event_id": event_id,
    }


class EventIn(Schema):
    door: DoorRef
    event: Literal["offline_open", "forced", "held_open"] = Field(
        description="offline_open: opened on a cached grant while Torget was not reached; "
        "forced: opened without a grant; held_open: left open too long."
    )
    at: Instant
    grant_id: str = Field(
        "", max_length=32, pattern=r"^[0-9a-f]*$", description="offline_open: the grant's id."
    )


class EventOut(Schema):
    event_id: str
    duplicate: bool = Field(description="True when this event id was received before.")
    result: str = Field(description="As logged: offline_open, door_forced, door_held_open.")


@router.post(
    "/access/events",
    response={201: EventOut, 200: EventOut, **problems(401, 404, 422)},
    auth=BridgeSignature(),
    summary="An event the lock reported on its own (the lock bridge, signed)",
)
def access_events(request: HttpRequest, payload: EventIn):
    """Logged in the entry log once per event id: sending the same event again answers
    200 with `duplicate: true` and changes nothing."""
    system, event_id = cast(tuple[str, str], request.auth)  # type: ignore[attr-defined]
    door, _places = _door(system, payload.door)
    attempt, created = services.bridge_event(
        door=door, event=payload.event, at=payload.at, event_id=event_id, grant_ref=payload.grant_id
    )
    body = {"event_id": event_id, "duplicate": not created, "result": attempt.result_code}
    return Status(201 if created else 200, body)


# --- staff: agreements and grants of their hubs ----------------------------------------------

AgreementState = Literal["active", "not_yet", "expired", "revoked"]


class AgreementOut(Schema):
    id: int
    grant_id: str = Field(description="The opaque id the door systems know it by.")
    hubs: list[str] = Field(description="The hubs' slugs.")
    holder: str = Field(description="The account's name, or the name given.")
    account: str | None = Field(description="The account's username, if any.")
    status: AgreementState
    valid_from: date
    valid_until: date
    age_limit_met: int
    agreement_version: str
    revoked_at: datetime | None
    revoke_reason: str


class AgreementPage(Schema):
    count: int
    items: list[AgreementOut]


class AgreementQuery(PageParams):
    hub: Slug | None = None
    status: AgreementState | None = None


def _status(agreement: SelfServiceAgreement, today: date) -> str:
    if agreement.revoked_at is not None:
        return "revoked"
    if today > agreement.valid_until:
        return "expired"
    if today < agreement.valid_from:
        return "not_yet"
    return "active"


def _agreement_out(agreement: SelfServiceAgreement, today: date) -> dict:
    user = agreement.user
    return {
        "id": agreement.pk,
        "grant_id": agreement.ref,
        "hubs": sorted(h.slug for h in agreement.hubs.all()),
        "holder": (user.get_full_name() or user.username) if user else agreement.name,
        "account": user.username if user else None,
        "status": _status(agreement, today),
        "valid_from": agreement.valid_from,
        "valid_until": agreement.valid_until,
        "age_limit_met": agreement.age_limit_met,
        "agreement_version": agreement.agreement_version,
        "revoked_at": agreement.revoked_at,
        "revoke_reason": agreement.revoke_reason,
    }


def _my_hubs(user: User):
    hubs = Hub.objects.all()
    return hubs if is_administrator(user) else hubs.filter(pk__in=staff_hub_ids(user))


def _hub(user: User, slug: str, *, field: str = "") -> Hub:
    """A hub the caller runs: unknown, 404 in the path, 422 in a query `field`; another
    hub's, 403."""
    hub = Hub.objects.filter(slug=slug).first()
    if hub is None:
        if field:
            raise ValidationFailed(errors=[{"field": field, "message": _("No such hub.")}])
        raise NotFound()
    if not can_manage_hub(user, hub):
        raise PermissionDenied()
    return hub


@router.get(
    "/access/agreements",
    response={200: AgreementPage, **problems(401, 403, 422)},
    auth=_staff(),
    summary="Meråpent agreements at the caller's hubs",
)
def access_agreements(request: HttpRequest, query: Query[AgreementQuery]):
    user = cast(User, request.user)
    hubs = _my_hubs(user)
    if query.hub:
        hubs = hubs.filter(pk=_hub(user, query.hub, field="hub").pk)
    ids = SelfServiceAgreement.objects.filter(hubs__in=hubs).values("pk")
    rows = (
        SelfServiceAgreement.objects.filter(pk__in=ids)
        .select_related("user")
        .prefetch_related("hubs")
        .order_by("-created", "-pk")
    )
    today = timezone.localdate()
    if query.status == "revoked":
        rows = rows.filter(revoked_at__isnull=False)
    elif query.status == "expired":
        rows = rows.filter(revoked_at__isnull=True, valid_until__lt=today)
    elif query.status == "not_yet":
        rows = rows.filter(revoked_at__isnull=True, valid_from__gt=today)
    elif query.status == "active":
        rows = rows.filter(revoked_at__isnull=True, valid_from__lte=today, valid_until__gte=today)
    count = rows.count()
    page = rows[query.offset : query.offset + query.limit]
    return {"count": count, "items": [_agreement_out(a, today) for a in page]}


class AgreementIn(Schema):
    hubs: list[Slug] = Field(min_length=1, max_length=20, description="The hubs it covers.")
    birth_date: Day = Field(description="Checked against the age limit; not stored.")
    id_checked: bool = Field(description="Staff saw the person's ID (its number is not sent).")
    accepted: bool = Field(description="The person accepted each hub's agreement text.")
    credential: OneLine = Field(
        min_length=1, max_length=60, description="The card number (stored as a keyed hash)."
    )
    pin: OneLine = Field("", max_length=20, description="4–8 digits, where a hub uses a PIN.")
    account: OneLine | None = Field(None, max_length=150, description="A username, if any.")
    name: OneLine = Field("", max_length=200, description="Without an account: the name …")
    phone: OneLine = Field("", max_length=30, description="… and a phone or an e-mail.")
    email: OneLine = Field("", max_length=254)
    valid_from: Day | None = None
    valid_until: Day | None = None


@router.post(
    "/access/agreements",
    response={201: AgreementOut, **problems(401, 403, 409, 422)},
    auth=_staff(),
    summary="Register a meråpent agreement (desk staff of every hub it covers)",
)
def access_agreement_create(request: HttpRequest, payload: AgreementIn):
    """Refused: under the strictest age limit (422 `access.age_limit`), the card already
    another person's (409 `access.credential_taken`) or this person's (409
    `access.agreement_exists`), a hub without meråpent rules (422 `access.not_offered`)."""
    actor = cast(User, request.user)
    slugs = sorted(set(payload.hubs))
    hubs = list(Hub.objects.filter(slug__in=slugs))
    if len(hubs) != len(slugs):
        raise ValidationFailed(errors=[{"field": "hubs", "message": _("No such hub.")}])
    account = None
    if payload.account:
        account = User.objects.filter(username=payload.account, is_active=True).first()
        if account is None:
            raise ValidationFailed(errors=[{"field": "account", "message": _("No such account.")}])
    agreement = services.agreement_register(
        actor=actor,
        hubs=hubs,
        birth_date=payload.birth_date,
        id_checked=payload.id_checked,
        accepted=payload.accepted,
        credential=payload.credential,
        pin=payload.pin,
        user=account,
        name=payload.name,
        phone=payload.phone,
        email=payload.email,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
    )
    return Status(201, _agreement_out(agreement, timezone.localdate()))


class RevokeIn(Schema):
    reason: OneLine = Field(min_length=1, max_length=300, description="Told to the person.")


@router.post(
    "/access/agreements/{agreement_id}/revoke",
    response={200: AgreementOut, **problems(401, 403, 404, 422)},
    auth=_staff(),
    summary="Revoke an agreement at once, with a reason (the person is told)",
)
def access_agreement_revoke(request: HttpRequest, agreement_id: Id, payload: RevokeIn):
    agreement = services.agreement_revoke(
        actor=cast(User, request.user), agreement_id=agreement_id, reason=payload.reason
    )
    return _agreement_out(agreement, timezone.localdate())


class GrantOut(Schema):
    grant_id: str
    kind: Literal["booking", "series"]
    booking: int | None
    series: int | None
    created: datetime
    revoked_at: datetime | None


class GrantPage(Schema):
    count: int
    items: list[GrantOut]


@router.get(
    "/access/hubs/{slug}/grants",
    response={200: GrantPage, **problems(401, 403, 404, 422)},
    auth=_staff(),
    summary="The booking codes issued for a hub's spaces (never the codes themselves)",
)
def access_hub_grants(request: HttpRequest, slug: Slug, query: Query[PageParams]):
    hub = _hub(cast(User, request.user), slug)
    rows = BookingGrant.objects.filter(
        Q(booking__space__hub=hub) | Q(series__space__hub=hub)
    ).order_by("-created", "-pk")
    count = rows.count()
    items = [
        {
            "grant_id": g.ref,
            "kind": "booking" if g.booking_id else "series",
            "booking": g.booking_id,
            "series": g.series_id,
            "created": g.created,
            "revoked_at": g.revoked_at,
        }
        for g in rows[query.offset : query.offset + query.limit]
    ]
    return {"count": count, "items": items}


class RevokeAllOut(Schema):
    agreements: int = Field(description="Agreements revoked (each person told why).")
    codes: int = Field(description="Booking codes revoked.")


@router.post(
    "/access/hubs/{slug}/revoke-all",
    response={200: RevokeAllOut, **problems(401, 403, 404, 422)},
    auth=_staff(),
    summary="Revoke every agreement and booking code of a hub at once, with a reason",
)
def access_hub_revoke_all(request: HttpRequest, slug: Slug, payload: RevokeIn):
    hub = _hub(cast(User, request.user), slug)
    done = services.revoke_all(hub, cast(User, request.user), payload.reason)
    return {"agreements": done.agreements, "codes": done.codes}
