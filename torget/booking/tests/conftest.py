from datetime import datetime
from unittest import mock

import pytest

from torget.core.timeutil import OSLO

# Monday 23 November 2026, 09:00 in Oslo: booking rules depend on "now", so tests pin it.
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=OSLO)


@pytest.fixture
def frozen_now():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield NOW


@pytest.fixture
def room(holmen):
    from torget.places.tests.factories import SpaceFactory

    return SpaceFactory.meeting_room(holmen, name="Møterom Fjorden", capacity=12)


@pytest.fixture
def hall(holmen):
    from torget.places.tests.factories import SpaceFactory

    return SpaceFactory.hall_with_halves(holmen)


def at(day: int, hour: int, minute: int = 0, month: int = 11, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=OSLO)
