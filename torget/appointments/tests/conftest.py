from datetime import datetime
from types import SimpleNamespace
from unittest import mock

import pytest

from torget.core.timeutil import OSLO

# Monday 23 November 2026, 09:00 in Oslo.
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=OSLO)


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=OSLO)


@pytest.fixture
def frozen_now():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield NOW


@pytest.fixture
def office(personas):
    """The building case office with one officer, and a meeting room at Holmen and Tofte."""
    from torget.appointments.models import Service
    from torget.appointments.services import officer_create
    from torget.places.tests.factories import SpaceFactory

    service = Service.objects.create(
        name="Byggesak", description="Veiledning om byggesøknader.", organisation=None
    )
    officer = officer_create(actor=personas.admin, service=service, name="Byggesaksbehandler")
    return SimpleNamespace(
        service=service,
        officer=officer,
        holmen_room=SpaceFactory.meeting_room(personas.holmen, name="Samtalerommet"),
        tofte_room=SpaceFactory.meeting_room(personas.tofte, name="Møterommet"),
    )


@pytest.fixture
def session(personas, office, frozen_now):
    """Tuesday 24 November 10–12 at Tofte, 30-minute slots."""
    from torget.appointments.services import office_hours_create

    return office_hours_create(
        actor=personas.desk_tofte,
        officer=office.officer,
        space=office.tofte_room,
        start=at(24, 10),
        end=at(24, 12),
        slot_minutes=30,
    )
