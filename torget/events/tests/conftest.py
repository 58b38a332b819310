from datetime import datetime
from unittest import mock

import pytest

from torget.core.timeutil import OSLO

# Monday 23 November 2026, 09:00 in Oslo: registration windows depend on "now".
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=OSLO)


def at(day: int, hour: int, minute: int = 0, month: int = 11, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=OSLO)


@pytest.fixture
def frozen_now():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield NOW


@pytest.fixture
def room(holmen):
    from torget.places.tests.factories import SpaceFactory

    return SpaceFactory.meeting_room(holmen, name="Møterom Fjorden", capacity=40)


@pytest.fixture
def make_event(personas, room):
    """make_event(capacity=3, ...) → an event at Holmen on Wednesday 25.11 10–12."""
    from torget.events.services import EventDetails, event_create

    def make(*, start=None, end=None, until=None, space=None, override_reason="", **details):
        values = {
            "title": "Digital hjelp for seniorer",
            "category": "digital_help",
            "organiser_type": "municipal",
            "audience": "seniors",
            "capacity": 3,
            "registration": "required",
        }
        values.update(details)
        return event_create(
            actor=personas.desk_holmen,
            details=EventDetails(**values),
            space=space or room,
            start=start or at(25, 10),
            end=end or at(25, 12),
            until=until,
            override_reason=override_reason,
        )

    return make
