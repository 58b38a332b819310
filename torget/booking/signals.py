"""Keep the booking catalogue true: any change to what it copies bumps its stamp in the
same transaction (see catalogue.py). Changes to hubs, spaces and hours bump it too, beside
the places directory's own stamp, so that a database with spaces always has the stamp."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save


def _changed(**kwargs) -> None:
    from torget.booking.catalogue import catalogue_changed

    # Raw saves too (loaddata): a fixture that changes a space must not leave a process
    # with its old copy. The stamp table is made by a migration, so it is there.
    catalogue_changed()


def connect() -> None:
    from torget.booking.models import BlockedPeriod, BookingPolicy
    from torget.places.models import (
        Hub,
        OpeningException,
        OpeningHoursRule,
        Space,
        SpaceFeature,
    )

    for model in (
        Hub,
        Space,
        SpaceFeature,
        BookingPolicy,
        BlockedPeriod,
        OpeningHoursRule,
        OpeningException,
    ):
        post_save.connect(_changed, sender=model, dispatch_uid=f"catalogue-save-{model.__name__}")
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"catalogue-delete-{model.__name__}"
        )
    m2m_changed.connect(
        _changed, sender=BlockedPeriod.spaces.through, dispatch_uid="catalogue-block-spaces"
    )
