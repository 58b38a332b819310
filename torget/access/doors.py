"""This process's copy of the doors a lock bridge asks about: each active door with its
hub, the hub's meråpent rules, the spaces it leads to and, after too many wrong codes,
until when it refuses every code; found by (door system, the door's id there). Kept
while the stamp `access.doors` holds (core/stamps.py): signals bump it in the
transaction of any change to a door, its spaces or a hub's rules, and so does the check
whose wrong code locks a door (services.py), so every process sees a change as soon as it
is committed. The check reads this stamp and the places directory's in one statement, so
a check pays one query for both (and none for the door's wrong-code counter).

The doors and rules are shared by the requests of the process: read them, never save
them (load the row to change it)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from torget.access.models import Door, HubAccessPolicy
from torget.core import ratelimit
from torget.core.stamps import StampedCopy, stamp_bump, stamps_read
from torget.places.directory import STAMP as PLACES_STAMP
from torget.places.directory import Directory, directory

STAMP = "access.doors"


@dataclass(frozen=True)
class Doors:
    by_ref: dict[tuple[str, str], Door]
    by_hub: dict[int, tuple[Door, ...]]  # each hub's, by kind and label


WRONG_PREFIX = "torget:access:wrong:"


def _load(token: str | None) -> Doors:
    # Doors locked after too many wrong codes, until when (their counters' windows): the
    # check that locks a door bumps the stamp, and a lock ends by itself.
    locked = {
        counter.key.removeprefix(WRONG_PREFIX): counter.expires
        for counter in ratelimit.current(WRONG_PREFIX, at_least=settings.TORGET_ACCESS_WRONG_CODES)
    }
    doors = list(
        Door.objects.select_related("hub", "hub__access_policy")
        .prefetch_related("spaces")
        .filter(is_active=True)
        .order_by("pk")
    )
    by_ref: dict[tuple[str, str], Door] = {}
    for door in doors:
        door.leads_to = frozenset(s.pk for s in door.spaces.all())  # type: ignore[attr-defined]
        door.locked_until = locked.get(str(door.pk))  # type: ignore[attr-defined]
        by_ref[(door.system, door.external_id or str(door.pk))] = door
    by_hub: dict[int, list[Door]] = {}
    for door in sorted(doors, key=lambda d: (d.kind, d.label)):
        by_hub.setdefault(door.hub_id, []).append(door)
    return Doors(by_ref, {hub: tuple(found) for hub, found in by_hub.items()})


_copy: StampedCopy[Doors] = StampedCopy(_load)


def bridge_door(system: str, ref: str) -> tuple[Door | None, Directory]:
    """The active door `ref` of a door system (None: no such door in use), and the places
    directory, both current: one query for the two stamps."""
    tokens = stamps_read([STAMP, PLACES_STAMP])
    doors = _copy.get(tokens.get(STAMP))
    places = directory(token=tokens.get(PLACES_STAMP))
    return doors.by_ref.get((system, ref)), places


def current() -> tuple[Doors, Directory]:
    """The doors and the places directory, both current: one query for the two stamps."""
    tokens = stamps_read([STAMP, PLACES_STAMP])
    return _copy.get(tokens.get(STAMP)), directory(token=tokens.get(PLACES_STAMP))


def doors_changed(*args, **kwargs) -> None:
    """A signal handler (fixtures' raw saves too): a door, its spaces or a hub's rules
    changed. A write that bypasses signals (`QuerySet.update`) must call it."""
    stamp_bump(STAMP)


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in (Door, HubAccessPolicy):
        post_save.connect(
            doors_changed, sender=model, dispatch_uid=f"access-doors-{model.__name__}"
        )
        post_delete.connect(
            doors_changed, sender=model, dispatch_uid=f"access-doors-del-{model.__name__}"
        )
    m2m_changed.connect(
        doors_changed, sender=Door.spaces.through, dispatch_uid="access-doors-spaces"
    )
