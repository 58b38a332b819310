"""Keep the booking catalogue true: any change to what it copies bumps its stamp in the
same transaction (see catalogue.py)."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save


def _changed(**kwargs) -> None:
    from torget.booking.catalogue import catalogue_changed

    if kwargs.get("raw"):  # loaddata: no stamp table yet, perhaps
        return
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
