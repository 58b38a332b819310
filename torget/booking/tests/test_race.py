"""Never a double booking: many clients race for one slot; exactly one wins every round."""

import os
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection, connections

from torget.booking.errors import BookingConflict
from torget.booking.models import Occupancy
from torget.booking.services import BookingRequest, booking_create
from torget.booking.tests.conftest import at

CLIENTS = int(os.environ.get("TORGET_RACE_CLIENTS", "50"))
ROUNDS = int(os.environ.get("TORGET_RACE_ROUNDS", "100"))


def race(users, space, rounds: int, clients: int) -> list[Counter]:
    barrier = threading.Barrier(clients)
    results: list[Counter] = [Counter() for _ in range(rounds)]
    lock = threading.Lock()
    # Rounds walk through the self-service hours (07–22) of the coming weekdays.
    slots = []
    day = at(30, 7)
    while len(slots) < rounds:
        for hour in range(7, 22):
            slots.append(day.replace(hour=hour))
        day += timedelta(days=1)

    def client(index: int) -> None:
        user = users[index % len(users)]
        try:
            for r in range(rounds):
                start = slots[r]
                barrier.wait(timeout=60)
                try:
                    booking_create(
                        actor=user,
                        request=BookingRequest(
                            space=space,
                            start=start,
                            end=start + timedelta(hours=1),
                            title=f"Runde {r}",
                            organiser_type="voluntary",
                            kind="meeting",
                            expected_participants=2,
                        ),
                    )
                    outcome = "won"
                except BookingConflict:
                    outcome = "conflict"
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
    return results


@pytest.mark.django_db(transaction=True)
def test_exactly_one_winner_every_round(personas, room, frozen_now):
    users = [personas.desk_holmen, personas.leader, personas.admin]  # staff: no per-booker limit
    started = time.perf_counter()
    results = race(users, room, ROUNDS, CLIENTS)
    elapsed = time.perf_counter() - started
    bad = [
        (i, dict(c)) for i, c in enumerate(results) if c["won"] != 1 or c["conflict"] != CLIENTS - 1
    ]
    assert not bad, f"rounds without exactly one winner ({connection.vendor}): {bad[:5]}"
    assert Occupancy.objects.filter(active=True).count() == ROUNDS
    print(f"{ROUNDS} rounds × {CLIENTS} clients on {connection.vendor}: {elapsed:.1f} s")


HTTP_CLIENTS = int(os.environ.get("TORGET_HTTP_RACE_CLIENTS", "16"))
HTTP_ROUNDS = int(os.environ.get("TORGET_HTTP_RACE_ROUNDS", "20"))


@pytest.mark.django_db(transaction=True)
def test_exactly_one_winner_over_http(personas, room, frozen_now, live_server):
    """The same race through the API and a threaded server: one 201, the rest 409."""
    import http.client
    import json
    from urllib.parse import urlparse

    from torget.accounts.models import ApiToken

    tokens = [ApiToken.issue(u)[1] for u in (personas.desk_holmen, personas.leader, personas.admin)]
    address = urlparse(live_server.url)
    barrier = threading.Barrier(HTTP_CLIENTS)
    results: list[Counter] = [Counter() for _ in range(HTTP_ROUNDS)]
    lock = threading.Lock()

    def client(index: int) -> None:
        conn = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        headers = {
            "Authorization": f"Bearer {tokens[index % len(tokens)]}",
            "Content-Type": "application/json",
        }
        for r in range(HTTP_ROUNDS):
            start = at(30, 7) + timedelta(days=r // 15, hours=r % 15)
            body = json.dumps(
                {
                    "space": room.pk,
                    "start": start.isoformat(),
                    "end": (start + timedelta(hours=1)).isoformat(),
                    "title": f"Runde {r}",
                    "organiser_type": "voluntary",
                    "kind": "meeting",
                }
            )
            barrier.wait(timeout=60)
            conn.request("POST", "/api/v1/bookings", body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            with lock:
                results[r][response.status] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(HTTP_CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    bad = [(i, dict(c)) for i, c in enumerate(results) if c[201] != 1 or c[409] != HTTP_CLIENTS - 1]
    assert not bad, f"rounds without exactly one 201 ({connection.vendor}): {bad[:5]}"
