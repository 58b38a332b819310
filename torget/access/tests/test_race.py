"""50 checks of one booking code race a cancel: no check that starts after the cancel
committed opens the door (threads on PostgreSQL, each with its own connection)."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from torget.access.models import Door, DoorKind, EntryAttempt
from torget.access.services import code_for_booking, door_check
from torget.access.tests.conftest import policy
from torget.booking.models import Booking
from torget.booking.services.changes import booking_cancel

CLIENTS = 50
MAX_CHECKS_EACH = 200


@pytest.mark.django_db(transaction=True)
def test_fifty_checks_during_a_cancel_never_open_after_it_commits(personas):
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite runs one writer at a time (each check logs): threads would only take "
            "turns. Run with DATABASE_URL=postgresql://…"
        )
    from torget.places.tests.factories import SpaceFactory

    policy(personas.holmen)
    room = SpaceFactory.meeting_room(personas.holmen, name="Møterom Kappløp")
    door = Door.objects.create(
        hub=personas.holmen, label="Kappløp", kind=DoorKind.ROOM, always_locked=True
    )
    door.spaces.set([room])
    now = timezone.now()
    booking = Booking.objects.create(
        space=room,
        start=now - timedelta(minutes=10),
        end=now + timedelta(hours=2),
        title="Kappløp",
        organiser_type="resident",
        kind="meeting",
        booked_by=personas.resident,
    )
    code = code_for_booking(booking).code

    barrier = threading.Barrier(CLIENTS + 1)
    lock = threading.Lock()
    seen: list[tuple[float, bool, str]] = []  # (started, allowed, reason)
    errors: list[str] = []
    committed: list[float] = []

    def checker() -> None:
        try:
            barrier.wait(timeout=60)
            after_cancel = 0
            # Check again and again until two checks of this client began after the cancel.
            for _ in range(MAX_CHECKS_EACH):
                started = time.monotonic()
                decision = door_check(door=door, credential=code, via="bridge")
                with lock:
                    seen.append((started, decision.allowed, decision.reason))
                after_cancel += bool(committed) and started > committed[0]
                if after_cancel >= 2:
                    break
        except Exception as exc:  # any error is a failure the test must show
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    def canceller() -> None:
        try:
            barrier.wait(timeout=60)
            time.sleep(0.05)  # while the checks are under way
            booking_cancel(actor=personas.desk_holmen, booking_id=booking.pk, reason="Avlyst")
            committed.append(time.monotonic())
        except Exception as exc:
            errors.append(f"cancel: {type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=checker) for _ in range(CLIENTS)]
    threads.append(threading.Thread(target=canceller))
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    (cancel_committed,) = committed
    after = [s for s in seen if s[0] > cancel_committed]
    assert after, "no check started after the cancel: nothing was shown"
    assert all(not allowed and reason == "cancelled" for _, allowed, reason in after)
    assert {reason for _, _, reason in seen} <= {"booking", "cancelled"}
    assert any(allowed for _, allowed, _ in seen), "no check opened before the cancel"
    assert EntryAttempt.objects.count() == len(seen)
