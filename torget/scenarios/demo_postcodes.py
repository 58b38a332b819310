"""The demo's postcode areas (invented centre points, marked as invented) and consented
postcodes on some of the demo's bookings and registrations.

The postcodes are Asker's; their centre points are invented, placed plausibly around the
hubs of the same area, and are not Kartverket's or Posten's. Each demo booking and
registration that has started gives, by a fixed draw, a postcode near its hub about two times
in three (the others chose not to), so the scenario page shows users by postcode at once.
"""

from __future__ import annotations

import random

from django.utils import timezone

from torget.booking.models import ACTIVE_STATUSES, Booking
from torget.events.codes import RegistrationStatus
from torget.events.models import Registration
from torget.scenarios.grid import OPERATOR
from torget.scenarios.postcodes import current_list, import_postcodes

DEMO_FILE = "Oppdiktede postnummerpunkter for Asker (demo).csv"

# postnummer, poststed, latitude, longitude (invented), the hub it lies nearest by name.
AREAS = (
    ("1383", "Asker", 59.8352, 10.4310, "Asker sentrum"),
    ("1384", "Asker", 59.8298, 10.4421, "Asker sentrum"),
    ("1385", "Asker", 59.8419, 10.4187, "Asker sentrum"),
    ("1386", "Asker", 59.8453, 10.4489, "Asker sentrum"),
    ("1387", "Asker", 59.8240, 10.4560, "Asker sentrum"),
    ("1388", "Borgen", 59.8221, 10.4102, "Borgen"),
    ("1389", "Heggedal", 59.7879, 10.4398, "Heggedal"),
    ("1390", "Vollen", 59.8037, 10.4822, "Vollen"),
    ("1391", "Vollen", 59.7950, 10.4930, "Vollen"),
    ("1392", "Vettre", 59.8205, 10.4801, "Vollen"),
    ("1394", "Nesbru", 59.8571, 10.4973, "Holmen"),
    ("1395", "Hvalstad", 59.8560, 10.4612, "Holmen"),
    ("1396", "Billingstad", 59.8668, 10.4844, "Holmen"),
    ("1397", "Nesøya", 59.8512, 10.5265, "Holmen"),
    ("3430", "Spikkestad", 59.7489, 10.3451, "Spikkestad"),
    ("3440", "Røyken", 59.7469, 10.3925, "Spikkestad"),
    ("3442", "Hyggen", 59.7221, 10.3508, "Spikkestad"),
    ("3470", "Slemmestad", 59.7790, 10.4990, "Slemmestad"),
    ("3472", "Bødalen", 59.7560, 10.4830, "Slemmestad"),
    ("3474", "Åros", 59.7080, 10.5120, "Sætre"),
    ("3475", "Sætre", 59.6810, 10.5210, "Sætre"),
    ("3476", "Sætre", 59.6680, 10.5080, "Sætre"),
    ("3478", "Nærsnes", 59.7510, 10.5060, "Slemmestad"),
    ("3480", "Filtvet", 59.5760, 10.6230, "Tofte"),
    ("3482", "Tofte", 59.5465, 10.5602, "Tofte"),
    ("3484", "Holmsbu", 59.5610, 10.4520, "Tofte"),
    ("3490", "Klokkarstua", 59.6170, 10.4660, "Tofte"),
)
SHARE = 2 / 3  # of demo users who give a postcode


def csv_text() -> bytes:
    lines = ["postnummer;lat;lon;poststed"]
    lines += [f"{code};{lat};{lon};{place}" for code, place, lat, lon, _hub in AREAS]
    return ("\n".join(lines) + "\n").encode()


def _near(hub_name: str) -> list[str]:
    return [code for code, _p, _la, _lo, hub in AREAS if hub == hub_name] or [AREAS[0][0]]


def load() -> None:
    """The invented list unless one is there (a real one is never replaced by the demo); and
    postcodes on the demo's past bookings and registrations, unless some have one already."""
    if current_list() is None:
        import_postcodes(actor=OPERATOR, data=csv_text(), filename=DEMO_FILE, invented=True)
    now = timezone.now()
    bookings = Booking.objects.filter(status__in=ACTIVE_STATUSES, start__lt=now, for_event=False)
    registrations = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED, occurrence__booking__start__lt=now
    )
    if bookings.exclude(postcode="").exists() or registrations.exclude(postcode="").exists():
        return
    rng = random.Random(18)
    # Mostly from near their hub; now and then from further away (people travel).
    everywhere = [code for code, *_rest in AREAS]
    for booking in bookings.select_related("space__hub").order_by("pk"):
        if rng.random() < SHARE:
            pool = _near(booking.space.hub.name) if rng.random() < 0.8 else everywhere
            Booking.objects.filter(pk=booking.pk).update(postcode=rng.choice(pool))
    for registration in registrations.select_related("occurrence__event__hub").order_by("pk"):
        if rng.random() < SHARE:
            pool = (
                _near(registration.occurrence.event.hub.name) if rng.random() < 0.8 else everywhere
            )
            Registration.objects.filter(pk=registration.pk).update(postcode=rng.choice(pool))
