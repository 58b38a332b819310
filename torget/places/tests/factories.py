"""Factories that speak the domain: hubs with hours, halls with halves."""

from datetime import time

import factory

from torget.places.codes import Feature, HoursKind, SpaceKind, Zone
from torget.places.models import Hub, OpeningHoursRule, Space, SpaceFeature


class HubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hub
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Torg {n}")
    address = "Eksempelveien 1"
    postal_code = "1384"
    postal_town = "Asker"

    @classmethod
    def with_hours(cls, name: str, **kwargs) -> Hub:
        """A hub staffed weekdays 09–15 and self-service every day 07–22."""
        hub = cls(name=name, **kwargs)
        for weekday in range(5):
            OpeningHoursRule.objects.create(
                hub=hub, kind=HoursKind.STAFFED, weekday=weekday, opens=time(9), closes=time(15)
            )
        for weekday in range(7):
            OpeningHoursRule.objects.create(
                hub=hub,
                kind=HoursKind.SELF_SERVICE,
                weekday=weekday,
                opens=time(7),
                closes=time(22),
            )
        return hub


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Space

    hub = factory.SubFactory(HubFactory)
    name = factory.Sequence(lambda n: f"Rom {n}")
    kind = SpaceKind.ROOM
    zone = Zone.FOCUS_WORK
    capacity = 12

    @classmethod
    def meeting_room(cls, hub: Hub, name: str = "Møterom Fjorden", **kwargs) -> Space:
        space = cls(hub=hub, name=name, capacity=kwargs.pop("capacity", 12), **kwargs)
        SpaceFeature.objects.create(space=space, code=Feature.PROJECTOR)
        return space

    @classmethod
    def hall_with_halves(cls, hub: Hub, name: str = "Storsalen") -> tuple[Space, Space, Space]:
        hall = cls(hub=hub, name=name, kind=SpaceKind.HALL, zone=Zone.MEET_EXPERIENCE, capacity=120)
        north = cls(
            hub=hub,
            name=f"{name} nord",
            kind=SpaceKind.HALL,
            zone=Zone.MEET_EXPERIENCE,
            parent=hall,
            capacity=60,
        )
        south = cls(
            hub=hub,
            name=f"{name} sør",
            kind=SpaceKind.HALL,
            zone=Zone.MEET_EXPERIENCE,
            parent=hall,
            capacity=60,
        )
        return hall, north, south
