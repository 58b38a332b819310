"""The one rule: may this credential open this door at this moment?

`may_open` only reads and decides; `services.door_check` counts wrong codes, logs the
attempt and is what every caller uses (the keypad, the lock bridge's check, the staff
pages, tests). A refusal carries a stable reason code for staff and the log; a keypad
says only "refused".

What each grant opens:
- an agreement: the entrance doors of the hubs it covers, in the hub's self-service or
  staffed hours (holidays and exceptions included: a hub closed on 17 May is closed),
  between its first and last day, unless revoked; with the PIN where the hub uses one;
- an agreement held by the hub's own staff: every door of their hubs, at any time;
- a booking's code: the hub's entrance and the doors to the booked space, from its start
  minus the hub's buffer to its end plus the buffer ([from, until)), while the booking is
  confirmed and unchanged; a weekly series' code in each confirmed occurrence's window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from django.contrib.auth.hashers import check_password
from django.utils import timezone

from torget.access.keys import CODE_DIGITS, fingerprint, normalised
from torget.access.models import (
    BookingGrant,
    Door,
    DoorKind,
    HubAccessPolicy,
    SelfServiceAgreement,
)
from torget.accounts.permissions import can_manage_hub
from torget.booking.models import Booking, BookingSeries, BookingStatus
from torget.places.codes import HoursKind
from torget.places.directory import Directory, directory
from torget.places.hours import open_state
from torget.places.models import Hub

DEFAULT_BUFFER = timedelta(minutes=15)


class Reason:
    """Stable reason codes: clients, the log and tests rely on them."""

    AGREEMENT = "agreement"
    BOOKING = "booking"
    STAFF = "staff"
    STAFF_REMOTE = "staff_remote"
    UNKNOWN = "unknown"
    WRONG_PIN = "wrong_pin"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    CANCELLED = "cancelled"
    SUPERSEDED = "superseded"  # the booking was changed: it has a new code
    OUTSIDE_HOURS = "outside_hours"
    WRONG_DOOR = "wrong_door"
    TOO_EARLY = "too_early"
    NOT_OFFERED = "not_offered"  # the hub has no meråpent rules
    DOOR_INACTIVE = "door_inactive"
    RATE_LIMITED = "rate_limited"


# Refusals that count as a wrong code at the door (the abuse limit).
WRONG_CODES = frozenset({Reason.UNKNOWN, Reason.WRONG_PIN})


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    grant_kind: str = ""  # "agreement" or "booking"; "" when nothing matched
    grant_ref: str = ""  # the opaque id of the grant that matched
    self_service: bool = False  # allowed while the hub was not staffed


def refused(reason: str, kind: str = "", ref: str = "") -> Decision:
    return Decision(False, reason, kind, ref)


def policy_for(hub_id: int) -> HubAccessPolicy | None:
    return HubAccessPolicy.objects.filter(hub_id=hub_id).first()


def door_policy(door: Door) -> HubAccessPolicy | None:
    """The rules of the door's hub: no query when the door was loaded with
    `select_related("hub__access_policy")` (the lock bridge's copy of the doors is)."""
    hub = door.hub
    if Hub.access_policy.is_cached(hub):  # type: ignore[attr-defined]
        return getattr(hub, "access_policy", None)
    return policy_for(door.hub_id)


def buffers(policy: HubAccessPolicy | None) -> tuple[timedelta, timedelta]:
    if policy is None:
        return DEFAULT_BUFFER, DEFAULT_BUFFER
    return (
        timedelta(minutes=policy.buffer_before_minutes),
        timedelta(minutes=policy.buffer_after_minutes),
    )


def is_staffed(hub, at: datetime, places: Directory | None = None) -> bool:
    state = _state(hub, at, places)
    return state.is_open and state.kind == HoursKind.STAFFED


def _state(hub, at: datetime, places: Directory | None = None):
    """The hub's opening state at `at`; `places` a directory this check already read."""
    day = timezone.localdate(at)
    calendar = (places or directory()).hours(
        [hub], day - timedelta(days=1), day + timedelta(days=1)
    )
    return open_state(calendar, hub, at)


def _looks_like_code(credential: str) -> bool:
    value = normalised(credential)
    return len(value) == CODE_DIGITS and value.isdigit()


@dataclass(frozen=True)
class CodeGrant:
    """A booking code's grant, with what the rule reads of its booking."""

    ref: str
    booking_id: int | None
    series_id: int | None
    version: str
    revoked_at: datetime | None
    status: str | None  # the booking's (None for a series' code)
    space_id: int | None
    start: datetime | None
    end: datetime | None


GRANT_COLUMNS = (
    "ref",
    "booking_id",
    "series_id",
    "version",
    "revoked_at",
    "booking__status",
    "booking__space_id",
    "booking__start",
    "booking__end",
)


def _grant(digest: str) -> CodeGrant | None:
    """The grant with this code, and its booking in the same query: only the columns the
    rule reads, as plain values (no model instances, no ordering: the hash is unique). A
    series' code loads its series after."""
    row = BookingGrant.objects.filter(code_hash=digest).values_list(*GRANT_COLUMNS)[:1]
    found = list(row)
    return CodeGrant(*found[0]) if found else None


def may_open(
    door: Door, credential: str, *, pin: str = "", at: datetime, places: Directory | None = None
) -> Decision:
    """Decide, without writing anything. `at` is an aware instant; `places` the places
    directory when the caller has just read it."""
    if not door.is_active:
        return refused(Reason.DOOR_INACTIVE)
    digest = fingerprint(credential)
    # What looks like a booking's code is looked for among the codes first (one query
    # fewer for the commonest check); a card is looked for among the agreements first.
    code_first = _looks_like_code(credential)
    grant = _grant(digest) if code_first else None
    if grant is not None:
        return _booking(door, grant, at, places)
    agreement = (
        SelfServiceAgreement.objects.filter(credential_hash=digest, revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if agreement is not None:
        return _agreement(door, agreement, pin, at, places)
    grant = None if code_first else _grant(digest)
    if grant is not None:
        return _booking(door, grant, at, places)
    revoked = (
        SelfServiceAgreement.objects.filter(credential_hash=digest)
        .order_by("-revoked_at")
        .values_list("ref", flat=True)
        .first()
    )
    if revoked is not None:
        return refused(Reason.REVOKED, "agreement", revoked)
    return refused(Reason.UNKNOWN)


def _agreement(
    door: Door,
    agreement: SelfServiceAgreement,
    pin: str,
    at: datetime,
    places: Directory | None = None,
) -> Decision:
    kind, ref = "agreement", agreement.ref

    def no(reason: str) -> Decision:
        return refused(reason, kind, ref)

    if not agreement.hubs.filter(pk=door.hub_id).exists():
        return no(Reason.WRONG_DOOR)
    policy = door_policy(door)
    if policy is None:
        return no(Reason.NOT_OFFERED)
    if policy.uses_pin and not (agreement.pin_hash and check_password(pin, agreement.pin_hash)):
        return no(Reason.WRONG_PIN)
    day = timezone.localdate(at)
    if day < agreement.valid_from:
        return no(Reason.NOT_YET_VALID)
    if day > agreement.valid_until:
        return no(Reason.EXPIRED)
    if agreement.user is not None and can_manage_hub(agreement.user, door.hub):
        return Decision(True, Reason.STAFF, kind, ref)
    if door.kind != DoorKind.ENTRANCE:
        return no(Reason.WRONG_DOOR)
    state = _state(door.hub, at, places)
    if not state.is_open:
        return no(Reason.OUTSIDE_HOURS)
    return Decision(True, Reason.AGREEMENT, kind, ref, state.kind == HoursKind.SELF_SERVICE)


# -- booking codes --------------------------------------------------------------------------


@dataclass(frozen=True)
class BookingCode:
    """A booking's door code as the person sees it: the code, when it works, which doors."""

    code: str
    valid_from: datetime
    valid_until: datetime
    doors: tuple[str, ...]  # the doors' labels


def booking_version(booking: Booking) -> str:
    """What a booking's code is derived from besides its id: moving it changes the code."""
    return f"{booking.space_id}:{booking.start.timestamp():.0f}:{booking.end.timestamp():.0f}"


def series_version(series: BookingSeries) -> str:
    return f"{series.space_id}"


def window(booking: Booking, policy: HubAccessPolicy | None) -> tuple[datetime, datetime]:
    """When a booking's code works: [start − buffer, end + buffer)."""
    before, after = buffers(policy)
    return booking.start - before, booking.end + after


def space_family(space_id: int, places: Directory | None = None) -> set[int]:
    """The space, the spaces it is part of, and its parts: a door to the hall serves a
    booking of one half, and a door to a half serves a booking of the whole hall."""
    spaces = (places or directory()).spaces
    family = {space_id}
    current = spaces.get(space_id)
    while current is not None and current.parent_id is not None:
        family.add(current.parent_id)
        current = spaces.get(current.parent_id)
    grown = True
    while grown:
        parts = {pk for pk, s in spaces.items() if s.parent_id in family} - family
        family |= parts
        grown = bool(parts)
    return family


def door_serves(door: Door, space_id: int, hub_id: int, places: Directory | None = None) -> bool:
    if door.hub_id != hub_id:
        return False
    if door.kind == DoorKind.ENTRANCE:
        return True
    # The lock bridge's copy of the doors knows them (doors.py); else one query.
    leads_to = getattr(door, "leads_to", None)
    if leads_to is None:
        leads_to = set(door.spaces.values_list("pk", flat=True))
    return bool(leads_to & space_family(space_id, places))


def _booking(
    door: Door, grant: CodeGrant, at: datetime, places: Directory | None = None
) -> Decision:
    kind, ref = "booking", grant.ref

    def no(reason: str) -> Decision:
        return refused(reason, kind, ref)

    if grant.booking_id is not None:
        if grant.status != BookingStatus.CONFIRMED:
            return no(Reason.CANCELLED)
        space_id = cast(int, grant.space_id)
        booking = Booking(
            pk=grant.booking_id,
            space_id=space_id,
            start=cast(datetime, grant.start),
            end=cast(datetime, grant.end),
        )
        if grant.version != booking_version(booking):
            return no(Reason.SUPERSEDED)
        occurrences = [booking]
    else:
        series = BookingSeries.objects.get(pk=cast(int, grant.series_id))
        if grant.version != series_version(series):
            return no(Reason.SUPERSEDED)
        occurrences = list(
            Booking.objects.filter(series=series, status=BookingStatus.CONFIRMED).order_by("start")
        )
        if not occurrences:
            return no(Reason.CANCELLED)
        space_id = series.space_id
    if grant.revoked_at is not None:
        return no(Reason.REVOKED)
    places = places or directory()  # read once for the space, the door and the hours
    space = places.space(space_id)
    hub_id = space.hub_id if space is not None else 0
    if not door_serves(door, space_id, hub_id, places):
        return no(Reason.WRONG_DOOR)
    policy = door_policy(door)  # the door's hub is the booking's (door_serves)
    windows = [window(b, policy) for b in occurrences]
    if any(start <= at < end for start, end in windows):
        staffed = is_staffed(door.hub, at, places)
        return Decision(True, Reason.BOOKING, kind, ref, not staffed)
    if any(start > at for start, _end in windows):
        return no(Reason.TOO_EARLY)
    return no(Reason.EXPIRED)
