"""Writes of meråpent: agreements (register, renew, revoke, expire), booking codes, the
check every door caller uses (which logs), remote open by staff, and the purge.

The rule itself is `rules.may_open`; this module adds what a check leaves behind: the
wrong-code counter of the door and the entry in the log."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from torget.access import messages
from torget.access.doors import WRONG_PREFIX, doors_changed
from torget.access.errors import (
    AgreementExists,
    AgreementRevoked,
    BelowAgeLimit,
    CredentialTaken,
    NotOffered,
    Replayed,
)
from torget.access.keys import derived_code, fingerprint, normalised
from torget.access.models import (
    AttemptVia,
    BookingGrant,
    Door,
    EntryAttempt,
    HubAccessPolicy,
    SelfServiceAgreement,
    SelfServiceVisits,
)
from torget.access.rules import (
    WRONG_CODES,
    BookingCode,
    Decision,
    Reason,
    booking_version,
    door_policy,
    door_serves,
    may_open,
    policy_for,
    refused,
    series_version,
    window,
)
from torget.accounts.models import User
from torget.accounts.permissions import can_manage_hub
from torget.booking.models import Booking, BookingStatus
from torget.core import ratelimit
from torget.core.errors import NotFound, PermissionDenied, ValidationFailed
from torget.core.jobs import enqueue
from torget.core.timeutil import OSLO
from torget.places.codes import HoursKind
from torget.places.directory import Directory, directory
from torget.places.hours import covers
from torget.places.models import Hub

DEFAULT_VALIDITY = timedelta(days=365)
PIN = re.compile(r"\d{4,8}")


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


# -- agreements -----------------------------------------------------------------------------


def _policies(actor: User, hubs: list[Hub]) -> list[HubAccessPolicy]:
    if not hubs:
        raise ValidationFailed(errors=[{"field": "hubs", "message": _("Choose at least one hub.")}])
    if not all(can_manage_hub(actor, hub) for hub in hubs):
        raise PermissionDenied()
    policies = list(HubAccessPolicy.objects.filter(hub__in=hubs).select_related("hub"))
    if len(policies) != len({h.pk for h in hubs}):
        raise NotOffered()
    return sorted(policies, key=lambda p: p.hub.slug)


@transaction.atomic
def agreement_register(
    *,
    actor: User,
    hubs: list[Hub],
    birth_date: date,
    id_checked: bool,
    accepted: bool,
    credential: str,
    pin: str = "",
    user: User | None = None,
    name: str = "",
    phone: str = "",
    email: str = "",
    valid_from: date | None = None,
    valid_until: date | None = None,
) -> SelfServiceAgreement:
    """Staff register a meråpent agreement at the desk. The birth date is checked against
    the strictest age limit of the hubs and not stored; nor is the ID number, nor the card
    number in clear."""
    policies = _policies(actor, hubs)
    today = timezone.localdate()
    valid_from = valid_from or today
    valid_until = valid_until or valid_from + DEFAULT_VALIDITY
    name, phone, email = name.strip(), phone.strip(), email.strip()
    errors = []
    if user is None and not (name and (phone or email)):
        errors.append(
            {"field": "name", "message": _("Give the person's name and a phone or e-mail.")}
        )
    if not id_checked:
        errors.append({"field": "id_checked", "message": _("Check the person's ID first.")})
    if not accepted:
        errors.append({"field": "accepted", "message": _("The person must accept the agreement.")})
    card = normalised(credential)
    if not 4 <= len(card) <= 40:
        errors.append(
            {"field": "credential", "message": _("Give the card number (4 to 40 characters).")}
        )
    needs_pin = any(p.uses_pin for p in policies)
    if needs_pin and not PIN.fullmatch(pin or ""):
        errors.append({"field": "pin", "message": _("Choose a PIN of 4 to 8 digits.")})
    if valid_until < valid_from or valid_until < today:
        errors.append(
            {"field": "valid_until", "message": _("The last day must be today or later.")}
        )
    if errors:
        raise ValidationFailed(errors=errors)
    strictest = max(policies, key=lambda p: p.age_limit)
    if birth_date > today or age_on(birth_date, today) < strictest.age_limit:
        raise BelowAgeLimit(
            _("Meråpent at %(hub)s is from %(limit)s years: the person is too young.")
            % {"hub": strictest.hub.name, "limit": strictest.age_limit},
            errors=[{"field": "birth_date", "message": str(BelowAgeLimit.default_message)}],
        )
    digest = fingerprint(card)
    existing = SelfServiceAgreement.objects.filter(
        credential_hash=digest, revoked_at__isnull=True
    ).first()
    if existing is not None:
        same = (user is not None and existing.user_id == user.pk) or (
            user is None
            and existing.user_id is None
            and ((phone and existing.phone == phone) or (email and existing.email == email))
        )
        raise AgreementExists() if same else CredentialTaken()
    agreement = SelfServiceAgreement(
        user=user,
        name="" if user else name[:200],
        phone="" if user else phone[:30],
        email="" if user else email[:254],
        id_checked=True,
        id_checked_by=actor,
        age_limit_met=strictest.age_limit,
        age_checked_by=actor,
        age_checked_on=today,
        agreement_version=" ".join(f"{p.hub.slug}:{p.agreement_version}" for p in policies),
        accepted_at=timezone.now(),
        credential_hash=digest,
        pin_hash=make_password(pin) if pin else "",
        valid_from=valid_from,
        valid_until=valid_until,
        registered_by=actor,
    )
    agreement.full_clean(exclude=["credential_hash", "user", "hubs"])
    try:
        with transaction.atomic():
            agreement.save(force_insert=True)
    except IntegrityError as exc:  # the same card, registered at this very moment
        raise CredentialTaken() from exc
    agreement.hubs.set(hubs)
    enqueue("torget.access.jobs.push_agreement", agreement.ref)
    return agreement


def _agreement_for(actor: User, agreement_id: int) -> SelfServiceAgreement:
    agreement = (
        SelfServiceAgreement.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(pk=agreement_id)
        .first()
    )
    if agreement is None or not any(can_manage_hub(actor, h) for h in agreement.hubs.all()):
        raise NotFound()  # another hub's agreement is not theirs to learn of
    return agreement


@transaction.atomic
def agreement_renew(
    *, actor: User, agreement_id: int, valid_until: date, pin: str = ""
) -> SelfServiceAgreement:
    agreement = _agreement_for(actor, agreement_id)
    if agreement.revoked_at is not None:
        raise AgreementRevoked()
    if valid_until < timezone.localdate() or valid_until < agreement.valid_from:
        raise ValidationFailed(
            errors=[{"field": "valid_until", "message": _("The last day must be today or later.")}]
        )
    if pin and not PIN.fullmatch(pin):
        raise ValidationFailed(
            errors=[{"field": "pin", "message": _("Choose a PIN of 4 to 8 digits.")}]
        )
    agreement.valid_until = valid_until
    agreement.expired_at = None
    fields = ["valid_until", "expired_at"]
    if pin:
        agreement.pin_hash = make_password(pin)
        fields.append("pin_hash")
    agreement.save(update_fields=fields)
    enqueue("torget.access.jobs.push_agreement", agreement.ref)
    return agreement


@transaction.atomic
def agreement_revoke(*, actor: User, agreement_id: int, reason: str) -> SelfServiceAgreement:
    """Revoke at once (the next check refuses it) and tell the person why."""
    agreement = _agreement_for(actor, agreement_id)
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationFailed(
            errors=[{"field": "reason", "message": _("Say why the access is revoked.")}]
        )
    if agreement.revoked_at is not None:
        return agreement
    agreement.revoked_at = timezone.now()
    agreement.revoked_by = actor
    agreement.revoke_reason = reason[:300]
    agreement.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    hub = next(h for h in agreement.hubs.order_by("pk") if can_manage_hub(actor, h))
    messages.tell(agreement, messages.REVOKED, hub_id=hub.pk, reason=reason)
    enqueue("torget.access.jobs.push_agreement", agreement.ref)
    return agreement


def agreements_expire(*, today: date | None = None) -> int:
    """Tell the people whose agreement ended, once, and the door systems (daily)."""
    today = today or timezone.localdate()
    done = 0
    ended = SelfServiceAgreement.objects.filter(
        valid_until__lt=today, revoked_at__isnull=True, expired_at__isnull=True
    ).select_related("user")
    for agreement in ended:
        with transaction.atomic():
            agreement.expired_at = timezone.now()
            agreement.save(update_fields=["expired_at"])
            hub = agreement.hubs.order_by("pk").first()
            if hub is not None:
                messages.tell(agreement, messages.EXPIRED, hub_id=hub.pk)
            enqueue("torget.access.jobs.push_agreement", agreement.ref)
        done += 1
    return done


# -- booking codes --------------------------------------------------------------------------


def _doors_for(booking: Booking) -> list[Door]:
    space = booking.space
    return [
        d
        for d in Door.objects.filter(hub_id=space.hub_id, is_active=True).order_by("kind", "label")
        if door_serves(d, space.pk, space.hub_id)
    ]


def needs_code(
    booking: Booking,
    doors: list[Door],
    policy: HubAccessPolicy | None,
    places: Directory | None = None,
) -> bool:
    """A confirmed booking needs a code when part of its window lies outside staffed hours,
    or a door to its space stays locked in staffed hours too."""
    if booking.status != BookingStatus.CONFIRMED or not doors:
        return False
    if any(d.always_locked for d in doors):
        return True
    start, end = window(booking, policy)
    hub = booking.space.hub
    calendar = (places or directory()).hours(
        [hub], timezone.localdate(start) - timedelta(days=1), timezone.localdate(end)
    )
    return not covers(calendar.intervals(hub, HoursKind.STAFFED), start, end)


def code_for_booking(
    booking: Booking,
    *,
    at_hub: tuple[Door, ...] | None = None,
    places: Directory | None = None,
) -> BookingCode | None:
    """The door code of a booking, for the "Mine bookinger" page and the confirmation; None
    when it needs none. Issued on first ask and the same every time after (the code is
    derived from the booking and its version), so asking again changes nothing. A moved
    booking gets a new code; the old one then refuses (`superseded`).

    `at_hub` and `places`: the hub's doors and the places directory from this process's
    copies (`doors.current`), when the caller is the booking's own change, inside its
    transaction: the booking is the one just saved, so it is not read again either."""
    if at_hub is None:
        booking = Booking.objects.select_related("space__hub", "series").get(pk=booking.pk)
        doors = _doors_for(booking)
        policy = policy_for(booking.space.hub_id)
        places = None
    else:
        places = places or directory()
        space = places.spaces.get(booking.space_id) or booking.space
        doors = [d for d in at_hub if door_serves(d, space.pk, space.hub_id, places)]
        policy = door_policy(at_hub[0]) if at_hub else None
    if not needs_code(booking, doors, policy, places):
        return None
    if booking.series is not None:
        kind, pk, version = "series", booking.series.pk, series_version(booking.series)
        owner = {"series_id": pk}
    else:
        kind, pk, version = "booking", booking.pk, booking_version(booking)
        owner = {"booking_id": pk}
    grant = _issue(kind, pk, version, owner)
    start, end = window(booking, policy)
    return BookingCode(
        derived_code(kind, pk, version, grant.salt), start, end, tuple(d.label for d in doors)
    )


def _issue(kind: str, pk: int, version: str, owner: dict[str, int]) -> BookingGrant:
    for salt in range(20):
        live = BookingGrant.objects.filter(version=version, revoked_at__isnull=True, **owner)
        found = live.first()
        if found is not None:
            return found
        code = derived_code(kind, pk, version, salt)
        try:
            with transaction.atomic():
                grant = BookingGrant.objects.create(
                    version=version, salt=salt, code_hash=fingerprint(code), **owner
                )
        except IntegrityError:
            continue  # this code belongs to another grant (or a twin request made it)
        enqueue("torget.access.jobs.push_booking_grant", grant.ref)
        return grant
    raise RuntimeError("no free door code after 20 tries")


def booking_grants_sync(booking: Booking) -> int:
    """After a booking changed: revoke its codes that no longer match it (cancelled,
    rejected, moved). The check refuses them anyway (it reads the booking); this tells the
    door systems that cache grants offline."""
    live = BookingGrant.objects.filter(booking_id=booking.pk, revoked_at__isnull=True)
    if booking.status == BookingStatus.CONFIRMED:
        live = live.exclude(version=booking_version(booking))
    refs = list(live.values_list("ref", flat=True))
    if refs:
        BookingGrant.objects.filter(ref__in=refs).update(revoked_at=timezone.now())
        for ref in refs:
            enqueue("torget.access.jobs.push_booking_grant", ref)
    return len(refs)


# -- the check, and remote open -------------------------------------------------------------


def _wrong_key(door: Door) -> str:
    return f"{WRONG_PREFIX}{door.pk}"


def door_locked_out(door: Door) -> bool:
    """Whether the door refuses every code now after too many wrong ones. The lock
    bridge's copy of the doors knows it (doors.py: reloaded when a door gets locked);
    a door loaded otherwise asks its counter."""
    if hasattr(door, "locked_until"):
        until: datetime | None = door.locked_until
        return until is not None and until > timezone.now()
    return ratelimit.count(_wrong_key(door)) >= settings.TORGET_ACCESS_WRONG_CODES


def door_check(
    *,
    door: Door,
    credential: str,
    pin: str = "",
    at: datetime | None = None,
    via: str,
    event_id: str = "",
    places: Directory | None = None,
) -> Decision:
    """May this card or code open this door now? Every caller uses this: it decides
    (`rules.may_open`), counts wrong codes at the door (after too many the door refuses
    every code for a while) and logs the attempt.

    `event_id` (the lock bridge's) is logged with the attempt, once per door: the same id
    again raises `Replayed` and leaves nothing behind (not even a wrong-code count)."""
    try:
        return _door_check(door, credential, pin, at or timezone.now(), via, event_id, places)
    except IntegrityError as exc:
        if event_id:  # the log's once-per-door constraint: rolled back whole
            raise Replayed() from exc
        raise


def _door_check(
    door: Door,
    credential: str,
    pin: str,
    at: datetime,
    via: str,
    event_id: str,
    places: Directory | None,
) -> Decision:
    """The reads decide; the writes follow. Most checks write one row, the log's, in one
    statement committed on its own (a replayed event id writes nothing). A wrong code
    writes two, in one transaction: the log first (a replay stops there), then the count,
    and when this count locks the door, the stamp that tells every process's copy of the
    doors (doors.py)."""
    if door_locked_out(door):
        decision = refused(Reason.RATE_LIMITED)
    else:
        decision = may_open(door, credential, pin=pin, at=at, places=places)
    if decision.reason not in WRONG_CODES:
        _log(door, decision, at, via, event_id=event_id)
        return decision
    with transaction.atomic():
        _log(door, decision, at, via, event_id=event_id)
        window = settings.TORGET_ACCESS_WRONG_CODE_MINUTES * 60
        if ratelimit.hit(_wrong_key(door), window=window) >= settings.TORGET_ACCESS_WRONG_CODES:
            doors_changed()
    return decision


def _log(
    door: Door,
    decision: Decision,
    at: datetime,
    via: str,
    by: User | None = None,
    event_id: str = "",
) -> None:
    EntryAttempt.objects.create(
        door=door,
        at=at,
        allowed=decision.allowed,
        result_code=decision.reason,
        grant_kind=decision.grant_kind,
        grant_ref=decision.grant_ref,
        via=via,
        opened_by=by,
        self_service=decision.allowed and decision.self_service,
        event_id=event_id,
    )


@transaction.atomic
def door_remote_open(*, actor: User, door: Door, at: datetime | None = None) -> Decision:
    """Staff open one of their hub's doors from the staff page; logged with who."""
    if not can_manage_hub(actor, door.hub):
        raise PermissionDenied()
    decision = Decision(True, Reason.STAFF_REMOTE)
    _log(door, decision, at or timezone.now(), AttemptVia.REMOTE, by=actor)
    # Sent by a job after commit (a lock bridge is a network call, never in the request).
    enqueue(
        "torget.access.jobs.remote_open",
        door.system,
        door.external_id or str(door.pk),
        uuid.uuid4().hex,
        timezone.now().isoformat(),
    )
    return decision


# -- the log: counted per month, then purged ------------------------------------------------


@transaction.atomic
def visits_tally() -> int:
    """Add the allowed self-service entries not yet counted to the monthly table."""
    uncounted = EntryAttempt.objects.filter(counted=False)
    last = uncounted.aggregate(last=Max("pk"))["last"]
    if last is None:
        return 0
    rows = uncounted.filter(pk__lte=last)
    months = (
        rows.filter(allowed=True, self_service=True)
        .annotate(month=TruncMonth("at", tzinfo=OSLO))
        .values("door__hub_id", "month")
        .annotate(n=Count("pk"))
    )
    total = 0
    for item in months:
        month = item["month"]
        month = month.date() if isinstance(month, datetime) else month
        row, _created = SelfServiceVisits.objects.select_for_update().get_or_create(
            hub_id=item["door__hub_id"], month=month
        )
        row.visits += item["n"]
        row.save(update_fields=["visits"])
        total += item["n"]
    rows.update(counted=True)
    return total


def entry_log_purge(days: int) -> int:
    """Count the visits, then delete attempts older than `days`."""
    visits_tally()
    cutoff = timezone.now() - timedelta(days=days)
    return EntryAttempt.objects.filter(at__lt=cutoff).delete()[1].get("access.EntryAttempt", 0)


def agreements_purge(days: int) -> int:
    """Delete agreements revoked, or ended, more than `days` ago."""
    cutoff = timezone.now() - timedelta(days=days)
    old = SelfServiceAgreement.objects.filter(
        Q(revoked_at__lt=cutoff) | Q(valid_until__lt=timezone.localdate(cutoff))
    )
    return old.delete()[1].get("access.SelfServiceAgreement", 0)


def booking_grants_purge(days: int) -> int:
    """Forget codes whose booking (or every occurrence) ended more than `days` ago, so
    their hashes do not pile up."""
    cutoff = timezone.now() - timedelta(days=days)
    ended_series = (
        Booking.objects.filter(series__isnull=False)
        .values("series_id")
        .annotate(last=Max("end"))
        .filter(last__lt=cutoff)
        .values("series_id")
    )
    old = BookingGrant.objects.filter(Q(booking__end__lt=cutoff) | Q(series_id__in=ended_series))
    return old.delete()[1].get("access.BookingGrant", 0)


def access_purge() -> None:
    """The daily schedule: agreements that ended, the log past its period, old codes."""
    agreements_expire()
    entry_log_purge(settings.TORGET_ACCESS_LOG_RETENTION_DAYS)
    agreements_purge(settings.TORGET_ACCESS_AGREEMENT_RETENTION_DAYS)
    booking_grants_purge(settings.TORGET_ACCESS_LOG_RETENTION_DAYS)


# -- the lock bridge's own events, and revoking a whole hub ---------------------------------

# What a lock bridge reports on its own (POST /api/v1/access/events), as entry-log codes.
BRIDGE_EVENTS = {
    "offline_open": "offline_open",  # opened on a grant it caches, Torget not reachable
    "forced": "door_forced",
    "held_open": "door_held_open",
}


def bridge_event(
    *, door: Door, event: str, at: datetime, event_id: str, grant_ref: str = ""
) -> tuple[EntryAttempt, bool]:
    """Log an event a lock bridge reports (`BRIDGE_EVENTS`), once per event id: the same id
    again returns the entry already logged and `False`. An offline open on a grant Torget
    knows is an entry (counted as a self-service visit when the hub was not staffed)."""
    from torget.access.rules import is_staffed

    found = EntryAttempt.objects.filter(door=door, event_id=event_id).first()
    if found is not None:
        return found, False
    kind = ""
    if grant_ref and SelfServiceAgreement.objects.filter(ref=grant_ref).exists():
        kind = "agreement"
    elif grant_ref and BookingGrant.objects.filter(ref=grant_ref).exists():
        kind = "booking"
    opened = event == "offline_open" and bool(kind)
    attempt = EntryAttempt(
        door=door,
        at=at,
        allowed=opened,
        result_code=BRIDGE_EVENTS[event],
        grant_kind=kind,
        grant_ref=grant_ref if kind else "",
        via=AttemptVia.BRIDGE,
        self_service=opened and not is_staffed(door.hub, at),
        event_id=event_id,
    )
    try:
        with transaction.atomic():
            attempt.save(force_insert=True)
    except IntegrityError:  # the same event, sent twice at once
        return EntryAttempt.objects.get(door=door, event_id=event_id), False
    return attempt, True


@dataclass(frozen=True)
class RevokedAll:
    agreements: int
    codes: int


@transaction.atomic
def revoke_all(hub: Hub, by: User, reason: str) -> RevokedAll:
    """Staff revoke every grant of a hub in one action (an emergency: a lost master list,
    a break-in), with a reason: every live agreement covering the hub (the whole agreement,
    as a single revoke does; each person is told why) and every live booking code for a
    space of the hub. The next check refuses them; the door systems are told by jobs.

    A booking still confirmed gets a new code the next time it is shown
    (`code_for_booking`): the old one stays dead. To keep everybody out, set the hub's
    doors out of use instead. The page button and the API call this."""
    if not can_manage_hub(by, hub):
        raise PermissionDenied()
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationFailed(
            errors=[{"field": "reason", "message": _("Say why the access is revoked.")}]
        )
    now = timezone.now()
    agreements = list(
        SelfServiceAgreement.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(hubs=hub, revoked_at__isnull=True)
        .order_by("pk")
    )
    for agreement in agreements:
        agreement.revoked_at = now
        agreement.revoked_by = by
        agreement.revoke_reason = reason[:300]
        agreement.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        messages.tell(agreement, messages.REVOKED, hub_id=hub.pk, reason=reason)
        enqueue("torget.access.jobs.push_agreement", agreement.ref)
    codes = list(
        BookingGrant.objects.filter(revoked_at__isnull=True)
        .filter(Q(booking__space__hub=hub) | Q(series__space__hub=hub))
        .values_list("ref", flat=True)
    )
    BookingGrant.objects.filter(ref__in=codes).update(revoked_at=now)
    for ref in codes:
        enqueue("torget.access.jobs.push_booking_grant", ref)
    return RevokedAll(len(agreements), len(codes))
