"""Capacity is never exceeded: 30 clients race for the last 3 places, many rounds."""

import os
import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection, connections

from torget.events.models import Occurrence, Registration
from torget.events.services import registration_create
from torget.events.tests.conftest import at

CLIENTS = int(os.environ.get("TORGET_EVENT_RACE_CLIENTS", "30"))
ROUNDS = int(os.environ.get("TORGET_EVENT_RACE_ROUNDS", "5"))


def race(occurrence_id: int, clients: int, round_no: int) -> Counter:
    barrier = threading.Barrier(clients)
    outcomes: Counter = Counter()
    lock = threading.Lock()

    def client(index: int) -> None:
        try:
            barrier.wait(timeout=60)
            try:
                registered = registration_create(
                    actor=None,
                    occurrence_id=occurrence_id,
                    name=f"Deltaker {index}",
                    email=f"r{round_no}-{index}@example.no",
                )
                outcome = registered.registration.status
            except Exception as exc:  # anything else is a failure the test must show
                outcome = f"error: {type(exc).__name__}: {exc}"
            with lock:
                outcomes[outcome] += 1
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_thirty_clients_race_for_the_last_three_places(make_event, frozen_now):
    for round_no in range(ROUNDS):
        start = at(24, 10) + timedelta(days=round_no)
        event = make_event(
            capacity=3, title=f"Runde {round_no}", start=start, end=start + timedelta(hours=2)
        )
        occurrence = event.occurrences.get()
        outcomes = race(occurrence.pk, CLIENTS, round_no)
        assert outcomes == Counter(confirmed=3, waitlisted=CLIENTS - 3), (
            f"round {round_no} on {connection.vendor}: {dict(outcomes)}"
        )
        occurrence = Occurrence.objects.get(pk=occurrence.pk)
        confirmed = Registration.objects.filter(occurrence=occurrence, status="confirmed")
        waiting = Registration.objects.filter(occurrence=occurrence, status="waitlisted")
        assert sum(confirmed.values_list("seats", flat=True)) == occurrence.seats_taken == 3
        queue = list(waiting.order_by("created", "pk").values_list("queue", flat=True))
        # In the order they came, with unique positions 1..27.
        assert queue == list(range(1, CLIENTS - 3 + 1))
        assert occurrence.waitlisted == CLIENTS - 3


HTTP_CLIENTS = int(os.environ.get("TORGET_EVENT_HTTP_CLIENTS", "16"))
HTTP_PER_CLIENT = int(os.environ.get("TORGET_EVENT_HTTP_PER_CLIENT", "5"))


@pytest.mark.django_db(transaction=True)
def test_registrations_over_http_never_exceed_the_places(make_event, frozen_now, live_server):
    """16 clients register through the API at once against a threaded server."""
    import http.client
    import json
    import statistics
    import time
    from urllib.parse import urlparse

    capacity = 10
    occurrence = make_event(capacity=capacity).occurrences.get()
    address = urlparse(live_server.url)
    barrier = threading.Barrier(HTTP_CLIENTS)
    statuses: Counter = Counter()
    timings: list[float] = []
    lock = threading.Lock()

    def client(index: int) -> None:
        conn = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        barrier.wait(timeout=60)
        for n in range(HTTP_PER_CLIENT):
            body = json.dumps({"name": f"K{index}-{n}", "email": f"k{index}-{n}@example.no"})
            started = time.perf_counter()
            conn.request(
                "POST",
                f"/api/v1/events/{occurrence.pk}/registrations",
                body=body,
                headers={"Content-Type": "application/json"},
            )
            response = conn.getresponse()
            payload = json.loads(response.read() or b"{}")
            elapsed = time.perf_counter() - started
            with lock:
                statuses[(response.status, payload.get("status"))] += 1
                timings.append(elapsed)
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(HTTP_CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = HTTP_CLIENTS * HTTP_PER_CLIENT
    assert statuses == Counter(
        {(201, "confirmed"): capacity, (201, "waitlisted"): total - capacity}
    ), f"{connection.vendor}: {dict(statuses)}"
    occurrence = Occurrence.objects.get(pk=occurrence.pk)
    assert occurrence.seats_taken == capacity
    queue = sorted(
        Registration.objects.filter(occurrence=occurrence, status="waitlisted").values_list(
            "queue", flat=True
        )
    )
    assert queue == list(range(1, total - capacity + 1))
    timings.sort()
    print(
        f"{total} registrations over HTTP, {HTTP_CLIENTS} clients, {connection.vendor}: "
        f"median {statistics.median(timings) * 1000:.1f} ms, "
        f"p99 {timings[int(len(timings) * 0.99) - 1] * 1000:.1f} ms"
    )
