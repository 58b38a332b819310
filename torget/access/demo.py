"""Demo meråpent (invented): rules and doors at Holmen and Tofte (self-service 07–22 in
the places demo), an agreement for the demo resident (card 1000 2000 30, PIN 1234), a
booking of Møterom Nesøya with a door code, and the fake keypads at /meraapent/dor/<id>/.
Idempotent: a second run changes nothing."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone

from torget.access.keys import fingerprint
from torget.access.models import Door, DoorKind, HubAccessPolicy, SelfServiceAgreement
from torget.access.services import agreement_register, code_for_booking
from torget.accounts.models import User
from torget.booking.errors import BookingConflict, RuleViolation
from torget.booking.models import Booking, BookingStatus
from torget.booking.services import BookingRequest, booking_create
from torget.core.errors import DomainError
from torget.core.timeutil import make_local
from torget.places.models import Hub, Space

DEMO_CARD = "1000 2000 30"
DEMO_PIN = "1234"
TEXT_NB = (
    "Jeg bruker torget på egen hånd i meråpen tid, slipper ikke inn andre, følger "
    "husreglene og melder fra om skader. Barn under aldersgrensen kommer bare inn med meg. "
    "Bryter jeg reglene, mister jeg tilgangen. (Demotekst)"
)
TEXT_EN = (
    "I use the hub on my own in self-service hours, let nobody else in, follow the house "
    "rules and report damage. Children under the age limit come in only with me. If I "
    "break the rules, I lose access. (Demo text)"
)


def load() -> None:
    hubs = {h.name: h for h in Hub.objects.filter(name__in=("Holmen", "Tofte"), is_demo=True)}
    if len(hubs) < 2:
        return
    holmen, tofte = hubs["Holmen"], hubs["Tofte"]
    _policy(holmen, age_limit=18, uses_pin=True)
    _policy(tofte, age_limit=15, uses_pin=False)
    _door(holmen, "Hovedinngang", "HOLMEN-1")
    room = Space.objects.filter(hub=holmen, name="Møterom Nesøya").first()
    if room is not None:
        door = _door(holmen, "Møterom Nesøya", "HOLMEN-2", kind=DoorKind.ROOM, always=True)
        door.spaces.set([room])
    _door(tofte, "Inngang", "TOFTE-1")
    resident = User.objects.filter(username="innbygger").first()
    admin = User.objects.filter(username="admin").first()
    if resident is None or admin is None:
        return
    if not SelfServiceAgreement.objects.filter(
        credential_hash=fingerprint(DEMO_CARD), revoked_at__isnull=True
    ).exists():
        agreement_register(
            actor=admin,
            hubs=[holmen, tofte],
            birth_date=date(1980, 5, 1),
            id_checked=True,
            accepted=True,
            credential=DEMO_CARD,
            pin=DEMO_PIN,
            user=resident,
        )
    if room is not None:
        _booking_with_code(resident, room)


def _policy(hub: Hub, **values) -> None:
    HubAccessPolicy.objects.update_or_create(
        hub=hub,
        defaults={"agreement_text_nb": TEXT_NB, "agreement_text_en": TEXT_EN, **values},
    )


def _door(hub: Hub, label: str, external_id: str, *, kind=DoorKind.ENTRANCE, always=False):
    door, _ = Door.objects.update_or_create(
        hub=hub,
        label=label,
        defaults={"external_id": external_id, "kind": kind, "always_locked": always},
    )
    return door


def _booking_with_code(resident: User, room: Space) -> None:
    """The resident's book club in Møterom Nesøya (its door always needs a code)."""
    upcoming = Booking.objects.filter(
        space=room,
        booked_by=resident,
        status=BookingStatus.CONFIRMED,
        start__gte=timezone.now(),
    ).first()
    if upcoming is None:
        day = timezone.localdate() + timedelta(days=2)
        for offset in range(7):
            start = make_local(day + timedelta(days=offset), time(18))
            try:
                upcoming = booking_create(
                    actor=resident,
                    request=BookingRequest(
                        space=room,
                        start=start,
                        end=start + timedelta(hours=2),
                        title="Bokklubb (demo)",
                        organiser_type="resident",
                        kind="meeting",
                        expected_participants=6,
                    ),
                )
                break
            except (BookingConflict, RuleViolation, DomainError):
                continue
    if upcoming is not None and upcoming.status == BookingStatus.CONFIRMED:
        code_for_booking(upcoming)
