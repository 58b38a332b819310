"""An officer is never booked twice: clients at two hubs race for the same officer at the same
time, and residents race for the same slot. Exactly one wins every round, on SQLite and on
PostgreSQL (threads, a file database on SQLite)."""

import os
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection, connections

from torget.appointments.errors import SlotTaken
from torget.appointments.models import Appointment, OfficeHours
from torget.appointments.services import Contact, appointment_book, office_hours_create
from torget.appointments.tests.conftest import at
from torget.booking.errors import ResourceUnavailable

CLIENTS = int(os.environ.get("TORGET_APPOINTMENT_RACE_CLIENTS", "16"))
ROUNDS = int(os.environ.get("TORGET_APPOINTMENT_RACE_ROUNDS", "30"))


def race(clients: int, rounds: int, attempt: Callable[[int, int], None], lost: type) -> list:
    barrier = threading.Barrier(clients)
    results: list[Counter] = [Counter() for _ in range(rounds)]
    lock = threading.Lock()

    def client(index: int) -> None:
        try:
            for r in range(rounds):
                barrier.wait(timeout=60)
                try:
                    attempt(index, r)
                    outcome = "won"
                except lost:
                    outcome = "lost"
                except Exception as exc:  # anything else is a failure the test must show
                    outcome = f"error: {type(exc).__name__}: {exc}"
                with lock:
                    results[r][outcome] += 1
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [
        (i, dict(c)) for i, c in enumerate(results) if c["won"] != 1 or c["lost"] != clients - 1
    ]


def round_start(r: int):
    # Self-service hours (07–22) of the following days, one hour a round.
    return at(30, 7) + timedelta(days=r // 14, hours=r % 14)


@pytest.mark.django_db(transaction=True)
def test_one_officer_is_never_booked_at_two_hubs_at_once(personas, office, frozen_now):
    from torget.places.tests.factories import SpaceFactory

    # Every client has a room of its own, half at Holmen and half at Tofte: the officer is
    # the only thing they compete for.
    rooms = [
        SpaceFactory(hub=personas.holmen if i % 2 else personas.tofte, name=f"Rom {i}")
        for i in range(CLIENTS)
    ]

    def attempt(index: int, r: int) -> None:
        office_hours_create(
            actor=personas.admin,
            officer=office.officer,
            space=rooms[index],
            start=round_start(r),
            end=round_start(r) + timedelta(minutes=45),
        )

    started = time.perf_counter()
    bad = race(CLIENTS, ROUNDS, attempt, ResourceUnavailable)
    elapsed = time.perf_counter() - started
    assert not bad, f"rounds without exactly one winner ({connection.vendor}): {bad[:5]}"
    assert OfficeHours.objects.count() == ROUNDS
    hubs = set(OfficeHours.objects.values_list("hub_id", flat=True))
    assert hubs == {personas.holmen.pk, personas.tofte.pk}
    print(
        f"officer race: {ROUNDS} rounds × {CLIENTS} clients on {connection.vendor}: {elapsed:.1f} s"
    )


@pytest.mark.django_db(transaction=True)
def test_one_slot_is_booked_once(personas, office, frozen_now):
    session = office_hours_create(
        actor=personas.admin,
        officer=office.officer,
        space=office.tofte_room,
        start=at(30, 9),
        end=at(30, 9) + timedelta(minutes=10 * ROUNDS),
        slot_minutes=10,
    )

    def attempt(index: int, r: int) -> None:
        appointment_book(
            session_id=session.pk,
            start=session.start + timedelta(minutes=10 * r),
            about="Runde",
            contact=Contact(name=f"Innbygger {index}", phone=f"4000{index:04d}"),
        )

    started = time.perf_counter()
    bad = race(CLIENTS, ROUNDS, attempt, SlotTaken)
    elapsed = time.perf_counter() - started
    assert not bad, f"rounds without exactly one winner ({connection.vendor}): {bad[:5]}"
    assert Appointment.objects.count() == ROUNDS
    print(f"slot race: {ROUNDS} rounds × {CLIENTS} clients on {connection.vendor}: {elapsed:.1f} s")
