from datetime import date, datetime, time
from types import SimpleNamespace
from unittest import mock

import pytest

from torget.core.timeutil import OSLO

# Monday 23 November 2026: the round for the season from June 2027 is open.
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=OSLO)
AFTER_DEADLINE = datetime(2027, 4, 2, 9, 0, tzinfo=OSLO)


@pytest.fixture
def frozen_now():
    with mock.patch("django.utils.timezone.now", return_value=NOW) as patched:
        yield patched


@pytest.fixture
def season(personas, frozen_now):
    """A round over Holmen (a hall with halves, a meeting room) and Tofte (a room)."""
    from torget.places.tests.factories import SpaceFactory
    from torget.seasons.models import Round
    from torget.seasons.services import round_create_default_rules

    hall, north, south = SpaceFactory.hall_with_halves(personas.holmen)
    room = SpaceFactory.meeting_room(personas.holmen, capacity=12)
    tofte_room = SpaceFactory(hub=personas.tofte, name="Tofte-rommet", capacity=30)
    round_ = Round.objects.create(
        name="Sesongen 2027–2028",
        season_start=date(2027, 6, 23),
        season_end=date(2028, 6, 21),
        opens_at=datetime(2026, 11, 1, tzinfo=OSLO),
        deadline=datetime(2027, 4, 1, tzinfo=OSLO),
        applicant_text="Søk innen 1. april.",
    )
    round_.hubs.set([personas.holmen, personas.tofte])
    round_.spaces.set([hall, north, south, room, tofte_room])
    round_create_default_rules(round_)
    return SimpleNamespace(
        round=round_,
        hall=hall,
        north=north,
        south=south,
        room=room,
        tofte_room=tofte_room,
        p=personas,
    )


def application_input(org, space, weekday=1, start=18, end=20, **kwargs):
    from torget.seasons.services import ApplicationInput, WishInput

    values = {
        "organisation_id": org.pk,
        "activity": "Sjakk for nybegynnere",
        "target_group": "Alle som vil lære sjakk",
        "age_group": "all",
        "expected_participants": 10,
        "paid": False,
        "first_date": date(2027, 6, 23),
        "last_date": date(2028, 6, 21),
        "wishes": [WishInput(space.pk, weekday, time(start), time(end))],
    }
    values.update(kwargs)
    return ApplicationInput(**values)
