"""Scale the demo to the benchmark's size: 9 hubs and about 120 spaces (QUALITY.md).

Later capabilities add their own volumes here (bookings, events, ledger rows).
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from torget.places.codes import Feature, SpaceKind, Zone
from torget.places.models import Hub, Space, SpaceFeature

TARGET_SPACES = 120


class Command(BaseCommand):
    help = "Add invented spaces to the demo hubs until there are about 120 (for make bench)."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        hubs = list(Hub.objects.order_by("pk"))
        if not hubs:
            self.stderr.write("No hubs: run load_demo first.")
            return
        existing = Space.objects.count()
        features = list(Feature.values)
        zones = list(Zone.values)
        created = 0
        i = 0
        while existing + created < TARGET_SPACES:
            hub = hubs[i % len(hubs)]
            space = Space.objects.create(
                hub=hub,
                name=f"Benkrom {i + 1}",
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
            created += 1
            i += 1
        self.stdout.write(f"{existing + created} spaces in {len(hubs)} hubs ({created} added).")
