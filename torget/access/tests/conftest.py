from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest

from torget.access.adapters import ADAPTERS, FakeDoor
from torget.access.models import Door, DoorKind, HubAccessPolicy
from torget.core.timeutil import OSLO

CARD = "1234 5678 90"
PIN = "4321"


def at(year: int, month: int, day: int, hour: int, minute: int = 0, **kw) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=OSLO, **kw)


def policy(hub, **kwargs) -> HubAccessPolicy:
    return HubAccessPolicy.objects.create(
        hub=hub,
        agreement_text_nb="Jeg følger husreglene.",
        agreement_text_en="I follow the house rules.",
        **kwargs,
    )


@pytest.fixture
def fake_door():
    """A fresh fake door system for each test (it remembers what it was sent)."""
    door = FakeDoor()
    ADAPTERS["fake"] = door
    yield door
    ADAPTERS["fake"] = FakeDoor()


@pytest.fixture
def world(personas, fake_door):
    from torget.places.tests.factories import SpaceFactory

    holmen, tofte = personas.holmen, personas.tofte
    policy(holmen, age_limit=18)
    policy(tofte, age_limit=15, uses_pin=False)
    room = SpaceFactory.meeting_room(holmen, name="Møterom Fjorden")
    other_room = SpaceFactory.meeting_room(holmen, name="Verkstedet")
    entrance = Door.objects.create(hub=holmen, label="Hovedinngang", external_id="H-1")
    room_door = Door.objects.create(hub=holmen, label="Fjorden", kind=DoorKind.ROOM)
    room_door.spaces.set([room])
    other_door = Door.objects.create(hub=holmen, label="Verkstedet", kind=DoorKind.ROOM)
    other_door.spaces.set([other_room])
    tofte_entrance = Door.objects.create(hub=tofte, label="Inngang", external_id="T-1")
    return SimpleNamespace(
        **vars(personas),
        room=room,
        other_room=other_room,
        entrance=entrance,
        room_door=room_door,
        other_door=other_door,
        tofte_entrance=tofte_entrance,
        fake=fake_door,
    )


def adult_birth_date() -> date:
    return date.today() - timedelta(days=365 * 30)


def register(world, **overrides):
    from torget.access.services import agreement_register

    values = dict(
        actor=world.desk_holmen,
        hubs=[world.holmen],
        birth_date=adult_birth_date(),
        id_checked=True,
        accepted=True,
        credential=CARD,
        pin=PIN,
        user=world.resident,
        valid_from=date(2026, 1, 1),
        valid_until=date(2027, 12, 31),
    )
    values.update(overrides)
    return agreement_register(**values)
