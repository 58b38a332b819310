"""Reads of meråpent for staff pages, the API and the resident's page (the next slice's
pages call these): doors locked by wrong codes, the entry log of a hub and day, and who
is inside now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from torget.access.doors import WRONG_PREFIX
from torget.access.doors import current as current_doors
from torget.access.keys import derived_code
from torget.access.models import (
    BookingGrant,
    Door,
    EntryAttempt,
    HubAccessPolicy,
    SelfServiceAgreement,
    SelfServiceVisits,
)
from torget.access.rules import (
    BookingCode,
    booking_version,
    door_policy,
    door_serves,
    policy_for,
    series_version,
    window,
)
from torget.accounts.permissions import is_administrator, staff_hub_ids
from torget.booking.models import Booking, BookingStatus
from torget.core import ratelimit
from torget.core.text import norwegian_sort_key
from torget.core.timeutil import make_local
from torget.places.codes import HoursKind
from torget.places.directory import directory
from torget.places.models import Hub


def locked_doors(hub_ids: list[int]) -> list[Door]:
    """Doors of these hubs refusing every code now after too many wrong ones (the alert)."""
    counters = ratelimit.current(WRONG_PREFIX, at_least=settings.TORGET_ACCESS_WRONG_CODES)
    ids = {int(c.key.removeprefix(WRONG_PREFIX)) for c in counters}
    return list(Door.objects.filter(pk__in=ids, hub_id__in=hub_ids).order_by("hub", "label"))


def entry_log(hub_id: int, day: date) -> QuerySet[EntryAttempt]:
    """Every attempt at the hub's doors on a local day, the latest first."""
    start = make_local(day, time(0))
    end = make_local(day + timedelta(days=1), time(0))
    return (
        EntryAttempt.objects.filter(door__hub_id=hub_id, at__gte=start, at__lt=end)
        .select_related("door", "opened_by")
        .order_by("-at")
    )


def entries_since(hub_id: int, since: datetime) -> int:
    """Allowed entries at the hub since a moment (the start of the self-service period):
    how many people may be inside, for fire safety."""
    return EntryAttempt.objects.filter(door__hub_id=hub_id, allowed=True, at__gte=since).count()


def visits_by_month(hub_ids: list[int], start: date, end: date) -> dict[tuple[int, date], int]:
    """Self-service visits per (hub, month) between two dates (the key figure)."""
    rows = SelfServiceVisits.objects.filter(hub_id__in=hub_ids, month__gte=start, month__lte=end)
    return {(r.hub_id, r.month): r.visits for r in rows}


# -- the staff pages, the public page and the resident's own page -------------------------


def staff_hubs(user) -> list[Hub]:
    """The hubs whose meråpent this user runs (desk staff and leaders; administrators all),
    in Norwegian order."""
    hubs = (
        Hub.objects.all()
        if is_administrator(user)
        else Hub.objects.filter(pk__in=staff_hub_ids(user))
    )
    return sorted(hubs, key=lambda h: norwegian_sort_key(h.name))


class AgreementStatus:
    ACTIVE = "active"
    NOT_YET = "not_yet"
    EXPIRED = "expired"
    REVOKED = "revoked"


STATUS_LABELS = {
    AgreementStatus.ACTIVE: _("Active"),
    AgreementStatus.NOT_YET: _("Not yet valid"),
    AgreementStatus.EXPIRED: _("Expired"),
    AgreementStatus.REVOKED: _("Revoked"),
}


def agreement_status(agreement: SelfServiceAgreement, today: date | None = None) -> str:
    today = today or timezone.localdate()
    if agreement.revoked_at is not None:
        return AgreementStatus.REVOKED
    if today > agreement.valid_until:
        return AgreementStatus.EXPIRED
    if today < agreement.valid_from:
        return AgreementStatus.NOT_YET
    return AgreementStatus.ACTIVE


def _described(agreements: list[SelfServiceAgreement]) -> list[SelfServiceAgreement]:
    today = timezone.localdate()
    for agreement in agreements:
        status = agreement_status(agreement, today)
        agreement.status = status  # type: ignore[attr-defined]
        agreement.status_label = STATUS_LABELS[status]  # type: ignore[attr-defined]
        agreement.hub_list = sorted(  # type: ignore[attr-defined]
            agreement.hubs.all(), key=lambda h: norwegian_sort_key(h.name)
        )
    return agreements


def agreements_of_hub(hub: Hub, *, days_back: int = 30) -> list[SelfServiceAgreement]:
    """The hub's agreements: the live ones, and those revoked or ended in the last
    `days_back` days; the person's name first in Norwegian order."""
    since = timezone.now() - timedelta(days=days_back)
    found = list(
        SelfServiceAgreement.objects.filter(hubs=hub)
        .filter(
            Q(revoked_at__isnull=True, valid_until__gte=timezone.localdate(since))
            | Q(revoked_at__gte=since)
        )
        .select_related("user")
        .prefetch_related("hubs")
    )
    found.sort(key=lambda a: norwegian_sort_key(holder_name(a)))
    return _described(found)


def holder_name(agreement: SelfServiceAgreement) -> str:
    """Who holds the agreement, as staff know them."""
    user = agreement.user
    if user is not None:
        return user.get_full_name() or user.email or user.username
    return agreement.name


def agreement_of_hub_staff(user, agreement_id: int) -> SelfServiceAgreement | None:
    """One agreement, if it covers a hub the user runs (else None: not theirs to see)."""
    hub_ids = {h.pk for h in staff_hubs(user)}
    agreement = (
        SelfServiceAgreement.objects.filter(pk=agreement_id, hubs__in=hub_ids)
        .select_related("user", "registered_by", "revoked_by", "id_checked_by")
        .prefetch_related("hubs")
        .first()
    )
    return _described([agreement])[0] if agreement is not None else None


def my_agreements(user) -> list[SelfServiceAgreement]:
    """A resident's own agreements, the newest first (the revoked ones say why)."""
    return _described(list(SelfServiceAgreement.objects.filter(user=user).prefetch_related("hubs")))


def account_for(text: str):
    """The account staff mean by an e-mail address or a user name, or None."""
    from torget.accounts.models import User

    text = text.strip()
    if not text:
        return None
    return (
        User.objects.filter(Q(email__iexact=text) | Q(username=text), is_active=True)
        .order_by("pk")
        .first()
    )


def self_service_period(hub: Hub, at: datetime) -> datetime | None:
    """When the hub's current self-service period began, or None outside one."""
    day = timezone.localdate(at)
    calendar = directory().hours([hub], day - timedelta(days=1), day)
    for interval in calendar.intervals(hub, HoursKind.SELF_SERVICE):
        if interval.start <= at < interval.end:
            return interval.start
    return None


@dataclass(frozen=True)
class FireCount:
    since: datetime
    entries: int


def fire_safety_count(hub: Hub, at: datetime | None = None) -> FireCount | None:
    """Allowed entries since the current self-service period began (how many people may
    be inside, for fire safety), or None outside self-service hours."""
    at = at or timezone.now()
    since = self_service_period(hub, at)
    if since is None:
        return None
    return FireCount(since, entries_since(hub.pk, since))


def doors_of_hub(hub: Hub) -> list[Door]:
    return list(Door.objects.filter(hub=hub).prefetch_related("spaces").order_by("kind", "label"))


@dataclass(frozen=True)
class HubRules:
    """What the public Meråpent page of a hub says."""

    hub: Hub
    policy: HubAccessPolicy
    days: list[dict]  # {kind: DayHours} for the coming week
    text: str  # the agreement text in the active language


def hub_rules(hub: Hub, *, days: int = 7) -> HubRules | None:
    """The hub's meråpent rules and its hours for the coming week, or None when the hub
    offers no meråpent."""
    policy = HubAccessPolicy.objects.filter(hub=hub).first()
    if policy is None:
        return None
    start = timezone.localdate()
    calendar = directory().hours([hub], start, start + timedelta(days=days - 1))
    day_list = [start + timedelta(days=i) for i in range(days)]
    kinds = (HoursKind.STAFFED, HoursKind.SELF_SERVICE)
    english = (get_language() or "nb").startswith("en")
    return HubRules(
        hub=hub,
        policy=policy,
        days=[{kind: calendar.day(hub, d, kind) for kind in kinds} for d in day_list],
        text=policy.agreement_text_en if english else policy.agreement_text_nb,
    )


def booking_codes(bookings: list[Booking]) -> dict[int, BookingCode]:
    """The door codes of these bookings as issued (when they were confirmed), by booking
    id; read only: a booking with no live code of its current version has none here."""
    confirmed = [b for b in bookings if b.status == BookingStatus.CONFIRMED]
    if not confirmed:
        return {}
    grants = BookingGrant.objects.filter(revoked_at__isnull=True).filter(
        Q(booking_id__in=[b.pk for b in confirmed])
        | Q(series_id__in={b.series_id for b in confirmed if b.series_id})
    )
    by_owner = {
        ("booking", g.booking_id) if g.booking_id else ("series", g.series_id): g for g in grants
    }
    if not by_owner:
        return {}
    # The doors, with their hubs' rules, from this process's copy (one query for its stamp
    # and the places directory's): a confirmation asks this inside the booking's change.
    copy, places = current_doors()
    hub_ids = {b.space.hub_id for b in confirmed}
    policies = {
        hub: door_policy(copy.by_hub[hub][0]) if hub in copy.by_hub else policy_for(hub)
        for hub in hub_ids
    }
    doors = [door for hub in hub_ids for door in copy.by_hub.get(hub, ())]
    found = {}
    for booking in confirmed:
        if booking.series is not None:
            kind, pk, version = "series", booking.series.pk, series_version(booking.series)
        else:
            kind, pk, version = "booking", booking.pk, booking_version(booking)
        grant = by_owner.get((kind, pk))
        if grant is None or grant.version != version:
            continue
        start, end = window(booking, policies.get(booking.space.hub_id))
        labels = tuple(
            d.label for d in doors if door_serves(d, booking.space_id, booking.space.hub_id, places)
        )
        found[booking.pk] = BookingCode(
            derived_code(kind, pk, version, grant.salt), start, end, labels
        )
    return found


@dataclass(frozen=True)
class LiveGrants:
    agreements: int
    codes: int


def live_grants(hub: Hub) -> LiveGrants:
    """What "revoke every grant of this hub" (`services.revoke_all`) would end: the
    agreements covering the hub that are not revoked, and its spaces' live codes."""
    agreements = SelfServiceAgreement.objects.filter(hubs=hub, revoked_at__isnull=True).count()
    codes = (
        BookingGrant.objects.filter(revoked_at__isnull=True)
        .filter(Q(booking__space__hub=hub) | Q(series__space__hub=hub))
        .count()
    )
    return LiveGrants(agreements, codes)


def self_service_visits(hub_ids: list[int], start: date, end: date) -> int:
    """Entries in self-service hours in the months from `start` to `end` (whole months:
    the national statistics count per month): those already counted into the monthly
    table, and those in the log not counted yet."""
    first = start.replace(day=1)
    counted = sum(visits_by_month(hub_ids, first, end).values())
    fresh = EntryAttempt.objects.filter(
        door__hub_id__in=hub_ids,
        allowed=True,
        self_service=True,
        counted=False,
        at__gte=make_local(first, time(0)),
        at__lt=make_local(end + timedelta(days=1), time(0)),
    ).count()
    return counted + fresh
