"""Scale the demo to the benchmark's size (QUALITY.md): 9 hubs, about 120 spaces, a year of
single bookings (about 44,000), 300 weekly series of a year each, 10,000 upcoming event
occurrences, weekly office hours, the ledger rows all these write, and two fresh
activities of 300 seats for the registration rush. Invented data, for `make bench` only.

BENCH_LEDGER_ROWS=1000000 pads the ledger with imported history to that many rows, all in
this year. Off by default: it adds four to five minutes to the build on the 2-core machine
(Django builds each of the 900,000 inserted rows' parameters in Python), and the key-figures
page reads whole months from the monthly rollup, which is as large with 100,000 rows as with
a million (the selector took 2.8 s over 100,000 rows and 3.0 s over 1,000,000, 2026-12-07).
The key figures over 1,000,000 rows are bench/ledger_bench.py's.

Everything but the rush activities is written in bulk with the ORM (`bulk_create`), row
for row what the services would write (a booking and its occupancy, an occurrence and its
ledger row, a session's booking holding its officer), without the services' per-row checks:
the services would take an hour for this, and the slots are chosen free here instead.
"""

from __future__ import annotations

import os
import random
import time as time_module
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from torget.accounts.models import Organisation, OrganisationKind, User
from torget.appointments.models import OfficeHours, Officer, Service
from torget.booking.catalogue import catalogue_changed
from torget.booking.models import (
    Booking,
    BookingPolicy,
    BookingSeries,
    BookingStatus,
    HoursRule,
    Occupancy,
)
from torget.core.timeutil import make_local
from torget.events import services as event_services
from torget.events.codes import Audience, Category, RegistrationMode
from torget.events.models import Event, Occurrence
from torget.ledger.codes import Channel, DefaultTopic
from torget.ledger.models import EntryKind, EntrySource, LedgerEntry, organiser_class_for
from torget.ledger.rollup import rebuild_months
from torget.places.codes import Feature, ResourceKind, SpaceKind, Zone
from torget.places.directory import directory_changed
from torget.places.models import Hub, Resource, Space, SpaceFeature

TARGET_SPACES = 120
BOOKINGS_PER_SPACE_DAY = 1.15  # ≈ 50,000 single bookings a year over 120 spaces
# The dataset's rows sit in these two-hour day slots. The benchmark's own writes go
# elsewhere so that they never meet them: timed creates at night (00–06), timed series
# 06–08, the rush activities in the evening (20–22).
DAY_SLOTS = ((8, 10), (10, 12), (12, 14), (14, 16), (16, 18), (18, 20))
BENCH_PREFIX = "Benkrom"
EVENTS = int(os.environ.get("BENCH_EVENTS", "10000"))  # upcoming occurrences
EVENT_WEEKS = 52
SERIES = 300
SERIES_WEEKS = 52  # half of each series behind us, half ahead
OFFICERS = 20  # each holds office hours once a week, a year round
LEDGER_ROWS = int(os.environ.get("BENCH_LEDGER_ROWS", "0"))
RUSH_TITLES = ("Påmeldingsrush (API)", "Påmeldingsrush (skjema)")
RUSH_SEATS = 300
BATCH = 1500  # rows per INSERT: under PostgreSQL's 65,535 parameters with server-side binding


@dataclass(frozen=True)
class Weekly:
    """One room, weekday and day slot held every week from `first` for `weeks` weeks."""

    space: Space
    first: date
    slot: tuple[int, int]
    weeks: int

    def days(self) -> Iterator[date]:
        for week in range(self.weeks):
            yield self.first + timedelta(weeks=week)


class Grid:
    """Which day slots of which room are held, so bulk rows never overlap each other or the
    demo's (on PostgreSQL the exclusion constraint would refuse them, rightly; SQLite
    would take them silently)."""

    def __init__(self, spaces: list[Space]) -> None:
        self.spaces = spaces
        self.held: dict[tuple[int, date], set[int]] = {}
        # A day a demo row holds is left alone as a whole: its hours need not be a slot.
        self.demo_days = {
            (unit, timezone.localdate(start))
            for unit, start in Occupancy.objects.filter(active=True).values_list("unit_id", "start")
        }
        # Every (room, slot, weekday) once, in a fixed shuffled order: weekly things spread
        # over rooms, hubs, hours and weekdays, and no two share one.
        self.combos = [
            (space, slot, weekday)
            for space in spaces
            for slot in range(len(DAY_SLOTS))
            for weekday in range(7)
        ]
        random.Random(7).shuffle(self.combos)
        self._next = 0

    def free(self, space: Space, day: date, slot: int) -> bool:
        if (space.pk, day) in self.demo_days:
            return False
        return slot not in self.held.get((space.pk, day), ())

    def take(self, space: Space, day: date, slot: int) -> None:
        self.held.setdefault((space.pk, day), set()).add(slot)

    def weekly(self, first_day: date, weeks: int) -> Weekly:
        """The next (room, weekday, slot) not handed out yet, from `first_day`'s week."""
        space, slot, weekday = self.combos[self._next]
        self._next += 1
        first = first_day + timedelta(days=(weekday - first_day.weekday()) % 7)
        return Weekly(space, first, DAY_SLOTS[slot], weeks)


def slot_index(slot: tuple[int, int]) -> int:
    return DAY_SLOTS.index(slot)


def interval(day: date, slot: tuple[int, int]) -> tuple[datetime, datetime]:
    return make_local(day, time(slot[0])), make_local(day, time(slot[1]))


def booking_ledger_row(booking: Booking, hub_id: int) -> LedgerEntry:
    """What `booking.services` records for a confirmed booking (ledger_fact): no title."""
    return LedgerEntry(
        source=EntrySource.BOOKING,
        source_id=str(booking.pk),
        hub_id=hub_id,
        date=timezone.localdate(booking.start),
        kind=booking.kind,
        organiser_type=booking.organiser_type,
        organiser_class=organiser_class_for(booking.organiser_type),
        organisation_id=booking.organisation_id,
        participants=booking.expected_participants or None,
    )


class Command(BaseCommand):
    help = "Add invented spaces, bookings, series, events, office hours and ledger rows to the demo (for make bench)."

    def handle(self, *args, **options) -> None:
        hubs = list(Hub.objects.order_by("pk"))
        if not hubs:
            self.stderr.write("No hubs: run load_demo first.")
            return
        admin = User.objects.filter(is_superuser=True).order_by("pk").first()
        if admin is None:
            raise CommandError("Load the demo first (load_demo): it makes the administrator.")
        self.admin: User = admin
        self.rng = random.Random(50_000)
        self.today = timezone.localdate()
        with transaction.atomic():
            self._spaces(hubs)
            # bulk_create sends no signals: tell every process's copies of the spaces.
            directory_changed()
            catalogue_changed()
            spaces = list(
                Space.objects.filter(
                    bookable=True, parent__isnull=True, children__isnull=True
                ).order_by("pk")
            )
            # Rooms without parts and without a parent: each is its own (and only) unit.
            grid = Grid(spaces)
            for step in (
                self._events,
                self._series,
                self._office_hours,
                self._bookings,
                self._history,
            ):
                started = time_module.perf_counter()
                step(grid)
                self.stdout.write(f"  ({time_module.perf_counter() - started:.0f} s)")
            months = rebuild_months()
            self.stdout.write(
                f"{LedgerEntry.objects.count():,} ledger rows, {months:,} monthly rollup rows."
            )
        self._rush_activities()

    # --- rooms ------------------------------------------------------------------------

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

    # --- bookings and what holds them ---------------------------------------------------

    def _booking(self, space: Space, day: date, slot: tuple[int, int], **fields) -> Booking:
        start, end = interval(day, slot)
        fields.setdefault("organiser_type", "voluntary")
        fields.setdefault("price_tier", fields["organiser_type"])
        return Booking(
            space=space,
            start=start,
            end=end,
            status=BookingStatus.CONFIRMED,
            booked_by=self.admin,
            staff_notes="Benkdata",
            **fields,
        )

    def _write(self, bookings: list[Booking], hub_of: dict[int, int], resources=None) -> None:
        """The bookings, an occupancy of its room each (and of a resource, for office
        hours), and the ledger row of each confirmed one not for an event."""
        Booking.objects.bulk_create(bookings, batch_size=BATCH)
        rows = [Occupancy.held(b, b.start, b.end, unit_id=b.space_id) for b in bookings]
        if resources is not None:
            rows += [
                Occupancy.held(b, b.start, b.end, resource_id=r.pk)
                for b, r in zip(bookings, resources, strict=True)
            ]
            Booking.resources.through.objects.bulk_create(
                [
                    Booking.resources.through(booking_id=b.pk, resource_id=r.pk)
                    for b, r in zip(bookings, resources, strict=True)
                ],
                batch_size=BATCH,
            )
        Occupancy.objects.bulk_create(rows, batch_size=BATCH)
        ledger = [
            booking_ledger_row(b, hub_of[b.space_id])
            for b in bookings
            if b.status == BookingStatus.CONFIRMED and not b.for_event
        ]
        LedgerEntry.objects.bulk_create(ledger, batch_size=BATCH)

    def _events(self, grid: Grid) -> None:
        """Weekly activities from tomorrow until EVENTS occurrences exist, a year ahead
        each: event, room booking (for the event: no booking ledger row), occurrence and
        the occurrence's own ledger row, as `events.services.event_create` writes them."""
        categories, audiences = list(Category.values), list(Audience.values)
        modes = [RegistrationMode.OPTIONAL, RegistrationMode.REQUIRED, RegistrationMode.NONE]
        events: list[Event] = []
        planned: list[tuple[Event, list[Booking]]] = []
        made = 0
        while made < EVENTS:
            weekly = grid.weekly(self.today + timedelta(days=1), EVENT_WEEKS)
            n = len(events)
            event = Event(
                hub_id=weekly.space.hub_id,
                title=f"Aktivitet {n + 1}",
                description="Benchmark (oppdiktet).",
                category=categories[n % len(categories)],
                audience=audiences[n % len(audiences)],
                organiser_type="voluntary" if n % 3 else "municipal",
                capacity=20,
                registration=modes[n % len(modes)],
                created_by=self.admin,
            )
            bookings: list[Booking] = []
            for day in weekly.days():
                if made + len(bookings) == EVENTS:
                    break
                if not grid.free(weekly.space, day, slot_index(weekly.slot)):
                    continue  # as event_create's on_conflict="skip"
                grid.take(weekly.space, day, slot_index(weekly.slot))
                bookings.append(
                    self._booking(
                        weekly.space,
                        day,
                        weekly.slot,
                        title=event.title,
                        organiser_type=event.organiser_type,
                        kind="activity",
                        expected_participants=20,
                        public=True,
                        for_event=True,
                    )
                )
            if bookings:
                events.append(event)
                planned.append((event, bookings))
                made += len(bookings)
        Event.objects.bulk_create(events, batch_size=BATCH)
        hub_of = {s.pk: s.hub_id for s in grid.spaces}
        all_bookings = [b for _e, bookings in planned for b in bookings]
        self._write(all_bookings, hub_of)
        occurrences = Occurrence.objects.bulk_create(
            [Occurrence(event=e, booking=b) for e, bookings in planned for b in bookings],
            batch_size=BATCH,
        )
        ledger = [
            LedgerEntry(
                source=EntrySource.EVENT,
                source_id=str(o.pk),
                hub_id=o.event.hub_id,
                date=timezone.localdate(o.booking.start),
                kind=EntryKind.ACTIVITY,
                organiser_type=o.event.organiser_type,
                organiser_class=organiser_class_for(o.event.organiser_type),
                category=o.event.category,
                title=o.event.title,
                participants=o.booking.expected_participants or None,
            )
            for o in occurrences
        ]
        LedgerEntry.objects.bulk_create(ledger, batch_size=BATCH)
        self.stdout.write(f"{len(events)} weekly activities, {len(occurrences)} occurrences ahead.")

    def _series(self, grid: Grid) -> None:
        """Weekly series of the organisations (and some municipal), a year each, begun
        half a year ago, as `booking.series.booking_series_create` writes them."""
        organisations = list(Organisation.objects.order_by("pk"))
        organiser: dict[str, str] = {
            OrganisationKind.MUNICIPAL: "municipal",
            OrganisationKind.BUSINESS: "private",
        }
        start = self.today - timedelta(weeks=SERIES_WEEKS // 2)
        series: list[BookingSeries] = []
        planned: list[list[Booking]] = []
        for n in range(SERIES):
            weekly = grid.weekly(start, SERIES_WEEKS)
            organisation = organisations[n % len(organisations)] if organisations else None
            organiser_type = (
                organiser.get(organisation.kind, "voluntary") if organisation else "voluntary"
            )
            title = f"Fast ukemøte {n + 1}"
            bookings = []
            for day in weekly.days():
                if not grid.free(weekly.space, day, slot_index(weekly.slot)):
                    continue
                grid.take(weekly.space, day, slot_index(weekly.slot))
                bookings.append(
                    self._booking(
                        weekly.space,
                        day,
                        weekly.slot,
                        title=title,
                        organiser_type=organiser_type,
                        organisation=organisation,
                        kind="activity" if n % 2 else "meeting",
                        expected_participants=5 + n % 25,
                    )
                )
            if not bookings:
                continue
            series.append(
                BookingSeries(
                    space=weekly.space,
                    title=title,
                    first_start=bookings[0].start,
                    first_end=bookings[0].end,
                    until=timezone.localdate(bookings[-1].start),
                    created_by=self.admin,
                )
            )
            planned.append(bookings)
        BookingSeries.objects.bulk_create(series, batch_size=BATCH)
        for one, bookings in zip(series, planned, strict=True):
            for booking in bookings:
                booking.series = one
        all_bookings = [b for bookings in planned for b in bookings]
        self._write(all_bookings, {s.pk: s.hub_id for s in grid.spaces})
        self.stdout.write(f"{len(series)} weekly series, {len(all_bookings)} bookings.")

    def _office_hours(self, grid: Grid) -> None:
        """Officers of a service of their own, each at a hub once a week for a year: a
        municipal meeting booking of a room that also holds the officer's resource, and the
        session, as `appointments.services.office_hours_create` writes them."""
        service, _created = Service.objects.get_or_create(
            name="Benkveiledning (oppdiktet)", defaults={"description": "Benchmark."}
        )
        start = self.today - timedelta(weeks=26)
        title = f"Kontortid: {service.name}"[:200]
        bookings, resources, sessions = [], [], []
        for n in range(OFFICERS):
            resource = Resource.objects.create(
                hub=None, name=f"Veileder {n + 1} (benk)", kind=ResourceKind.STAFF, quantity=1
            )
            officer = Officer.objects.create(
                service=service, name=f"Veileder {n + 1}", resource=resource
            )
            weekly = grid.weekly(start, 52)
            for day in weekly.days():
                if not grid.free(weekly.space, day, slot_index(weekly.slot)):
                    continue
                grid.take(weekly.space, day, slot_index(weekly.slot))
                booking = self._booking(
                    weekly.space,
                    day,
                    weekly.slot,
                    title=title,
                    organiser_type="municipal",
                    organisation=service.organisation,
                    kind="meeting",
                    expected_participants=2,
                )
                bookings.append(booking)
                resources.append(resource)
                sessions.append((officer, booking))
        self._write(bookings, {s.pk: s.hub_id for s in grid.spaces}, resources)
        OfficeHours.objects.bulk_create(
            [
                OfficeHours(
                    officer=officer,
                    hub_id=booking.space.hub_id,
                    booking=booking,
                    start=booking.start,
                    end=booking.end,
                    slot_minutes=30,
                    created_by=self.admin,
                )
                for officer, booking in sessions
            ],
            batch_size=BATCH,
        )
        self.stdout.write(f"{len(sessions)} office-hours sessions of {OFFICERS} officers.")

    def _bookings(self, grid: Grid) -> None:
        """Single bookings over the year around today in the slots left free."""
        rng = self.rng
        bookings: list[Booking] = []
        for offset in range(-182, 183):
            day = self.today + timedelta(days=offset)
            for space in grid.spaces:
                count = int(BOOKINGS_PER_SPACE_DAY) + (rng.random() < BOOKINGS_PER_SPACE_DAY % 1)
                free = [i for i in range(len(DAY_SLOTS)) if grid.free(space, day, i)]
                for slot in rng.sample(free, min(count, len(free))):
                    grid.take(space, day, slot)
                    organiser_type = rng.choice(("municipal", "voluntary", "voluntary", "resident"))
                    bookings.append(
                        self._booking(
                            space,
                            day,
                            DAY_SLOTS[slot],
                            title=rng.choice(
                                ("Styremøte", "Allsang", "Språkkafé", "Kurs", "Jobbkaffe")
                            ),
                            organiser_type=organiser_type,
                            kind=rng.choice(("activity", "meeting")),
                            expected_participants=rng.randint(2, 30),
                        )
                    )
        self._write(bookings, {s.pk: s.hub_id for s in grid.spaces})
        self.stdout.write(f"{len(bookings)} single bookings over a year.")

    # --- the ledger's history -------------------------------------------------------------

    def _history(self, grid: Grid) -> None:
        """Imported history up to LEDGER_ROWS rows in all (if asked for), every row in this
        calendar year: the key figures for the year then read the most there is."""
        hubs = list(Hub.objects.order_by("pk"))
        missing = LEDGER_ROWS - LedgerEntry.objects.count()
        if missing <= 0:
            self.stdout.write("No imported history (BENCH_LEDGER_ROWS=1000000 adds it).")
            return
        rng = random.Random(1_000_000)
        topics, channels = list(DefaultTopic.values), list(Channel.values)
        year_start = date(self.today.year, 1, 1)
        days = (date(self.today.year, 12, 31) - year_start).days + 1
        batch: list[LedgerEntry] = []
        for i in range(missing):
            hub = hubs[i % len(hubs)]
            day = year_start + timedelta(days=rng.randrange(days))
            roll = rng.random()
            if roll < 0.6:
                organiser_type = rng.choice(("municipal", "voluntary", "voluntary", "resident"))
                entry = LedgerEntry(
                    source=EntrySource.IMPORT,
                    source_id=f"benk-{i}",
                    hub_id=hub.pk,
                    date=day,
                    kind=EntryKind.ACTIVITY if roll < 0.42 else EntryKind.MEETING,
                    organiser_type=organiser_type,
                    organiser_class=organiser_class_for(organiser_type),
                    participants=rng.randrange(1, 60),
                )
            else:
                entry = LedgerEntry(
                    source=EntrySource.IMPORT,
                    source_id=f"benk-{i}",
                    hub_id=hub.pk,
                    date=day,
                    kind=EntryKind.INQUIRY,
                    category=rng.choice(topics),
                    channel=rng.choice(channels),
                )
            batch.append(entry)
            if len(batch) == 50_000:
                LedgerEntry.objects.bulk_create(batch, batch_size=BATCH)
                batch.clear()
        LedgerEntry.objects.bulk_create(batch, batch_size=BATCH)
        self.stdout.write(f"{missing:,} imported ledger rows for {self.today.year}.")

    # --- the registration rush ----------------------------------------------------------

    def _rush_activities(self) -> None:
        """Two activities of RUSH_SEATS places, registration required and open now, one for
        each rush (JSON API, HTML form), each fresh: created through the event service, in
        the evening (free in this dataset) on two benchmark rooms."""
        rooms = list(Space.objects.filter(name__startswith=BENCH_PREFIX).order_by("pk")[:2])
        day = self.today + timedelta(days=3)
        for title, room in zip(RUSH_TITLES, rooms, strict=True):
            event = event_services.event_create(
                actor=self.admin,
                details=event_services.EventDetails(
                    title=title,
                    category=Category.CULTURE,
                    organiser_type="municipal",
                    description="Benchmark: alle vil ha plass (oppdiktet).",
                    capacity=RUSH_SEATS,
                    registration=RegistrationMode.REQUIRED,
                ),
                space=room,
                start=make_local(day, time(20)),
                end=make_local(day, time(22)),
                override_reason="benchmark",
            )
            self.stdout.write(f"rush activity {event.pk}: {title}, {RUSH_SEATS} places.")
