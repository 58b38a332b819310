"""Scale the demo to the benchmark's size (QUALITY.md): 9 hubs, about 120 spaces and a
year of bookings (about 50,000), written in bulk. Invented data, for `make bench` only.

Later capabilities add their own volumes here (events, ledger rows).
"""

import random
from datetime import time, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from torget.accounts.models import User
from torget.booking.models import Booking, BookingPolicy, BookingStatus, HoursRule, Occupancy
from torget.booking.units import Hierarchy
from torget.core.timeutil import make_local
from torget.places.codes import Feature, SpaceKind, Zone
from torget.places.models import Hub, Space, SpaceFeature

TARGET_SPACES = 120
BOOKINGS_PER_SPACE_DAY = 1.15  # ≈ 50,000 bookings a year over 120 spaces
DAY_SLOTS = ((8, 10), (10, 12), (12, 14), (14, 16), (16, 18), (18, 20))
BENCH_PREFIX = "Benkrom"


class Command(BaseCommand):
    help = "Add invented spaces and a year of bookings to the demo (for make bench)."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        hubs = list(Hub.objects.order_by("pk"))
        if not hubs:
            self.stderr.write("No hubs: run load_demo first.")
            return
        self._spaces(hubs)
        self._bookings()

    def _spaces(self, hubs: list[Hub]) -> None:
        existing = Space.objects.count()
        features = list(Feature.values)
        zones = list(Zone.values)
        i = 0
        while existing + i < TARGET_SPACES:
            hub = hubs[i % len(hubs)]
            space = Space.objects.create(
                hub=hub,
                name=f"{BENCH_PREFIX} {i + 1}",
                kind=SpaceKind.ROOM,
                zone=zones[i % len(zones)],
                capacity=6 + (i * 7) % 60,
            )
            SpaceFeature.objects.bulk_create(
                [
                    SpaceFeature(space=space, code=features[(i + k) % len(features)])
                    for k in range(3)
                ]
            )
            # Benchmark rooms can be booked at any hour, so timed creates never hit a rule.
            BookingPolicy.objects.create(
                hub=hub,
                space=space,
                hours=HoursRule.ANY_TIME,
                min_lead_minutes=0,
                max_future_bookings=100_000,
            )
            i += 1
        self.stdout.write(f"{existing + i} spaces in {len(hubs)} hubs ({i} added).")

    def _bookings(self) -> None:
        rng = random.Random(50_000)
        owner = User.objects.filter(is_superuser=True).order_by("pk").first()
        spaces = list(
            Space.objects.filter(
                bookable=True, parent__isnull=True, children__isnull=True
            ).select_related("hub")
        )
        hierarchy = Hierarchy({s.hub_id for s in spaces})
        today = timezone.localdate()
        # Days a demo booking already holds are left alone: these rows bypass the booking
        # service, and on PostgreSQL the exclusion constraint would (rightly) refuse them.
        taken = {
            (unit, timezone.localdate(start))
            for unit, start in Occupancy.objects.filter(active=True).values_list("unit_id", "start")
        }
        bookings: list[Booking] = []
        for offset in range(-182, 183):
            day = today + timedelta(days=offset)
            for space in spaces:
                if any((unit, day) in taken for unit in hierarchy.leaves(space.pk)):
                    continue
                count = int(BOOKINGS_PER_SPACE_DAY) + (rng.random() < BOOKINGS_PER_SPACE_DAY % 1)
                for start_h, end_h in rng.sample(DAY_SLOTS, count):
                    bookings.append(
                        Booking(
                            space=space,
                            start=make_local(day, time(start_h)),
                            end=make_local(day, time(end_h)),
                            title=rng.choice(
                                ("Styremøte", "Allsang", "Språkkafé", "Kurs", "Jobbkaffe")
                            ),
                            organiser_type=rng.choice(
                                ("municipal", "voluntary", "voluntary", "resident")
                            ),
                            kind=rng.choice(("activity", "meeting")),
                            expected_participants=rng.randint(2, 30),
                            status=BookingStatus.CONFIRMED,
                            booked_by=owner,
                            staff_notes="Benkdata",
                        )
                    )
        Booking.objects.bulk_create(bookings, batch_size=2000)
        rows = [
            Occupancy.held(b, b.start, b.end, unit_id=unit)
            for b in bookings
            for unit in hierarchy.leaves(b.space_id)
        ]
        Occupancy.objects.bulk_create(rows, batch_size=5000)
        self.stdout.write(f"{len(bookings)} bookings over a year ({len(rows)} occupancies).")
