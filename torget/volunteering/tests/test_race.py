"""A shift never gets more volunteers than it needs: 20 volunteers sign up at once for a
shift that needs 3."""

import threading
from collections import Counter
from datetime import date, time

import pytest
from django.db import connections
from django.utils import timezone

from torget.accounts.tests.factories import UserFactory
from torget.volunteering import services
from torget.volunteering.models import SignUp
from torget.volunteering.tests.conftest import next_weekday

CLIENTS = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_volunteers_race_for_three_places(personas):
    role = services.role_create(
        actor=personas.desk_holmen, hub=personas.holmen, kind="lobby_host", title="Vert"
    )
    shift = services.shift_create(
        actor=personas.desk_holmen,
        role=role,
        weekday=3,
        start_time=time(10),
        end_time=time(12),
        people_needed=3,
        starts_on=timezone.localdate(),
    )
    users = []
    for n in range(CLIENTS):
        user = UserFactory(username=f"frivillig{n}")
        services.volunteer_save(
            user=user,
            details=services.VolunteerDetails(
                email=f"f{n}@example.no", birth_date=date(1970, 1, 1)
            ),
        )
        users.append(user)
    day = next_weekday(3)
    barrier = threading.Barrier(CLIENTS)
    outcomes: Counter = Counter()
    lock = threading.Lock()

    def client(user) -> None:
        try:
            barrier.wait(timeout=60)
            try:
                services.signup_create(actor=user, shift_id=shift.pk, day=day)
                outcome = "signed_up"
            except Exception as exc:
                outcome = getattr(exc, "code", f"error: {type(exc).__name__}: {exc}")
            with lock:
                outcomes[outcome] += 1
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes == Counter({"signed_up": 3, "shift.full": CLIENTS - 3}), dict(outcomes)
    assert SignUp.objects.filter(shift_date__shift=shift, status="confirmed").count() == 3
