"""Keep the places directory true: any change to what it copies bumps its stamp in the
same transaction (see directory.py), and its shared copies are never saved."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save


def _changed(**kwargs) -> None:
    from torget.places.directory import directory_changed

    # Raw saves too (loaddata): a fixture that changes a space must not leave a process
    # with its old copy. The stamp table is made by a migration, so it is there.
    directory_changed()


def _refuse_shared_copy(sender, instance, **kwargs) -> None:
    from torget.places.directory import SharedCopyWritten, is_shared_copy

    if is_shared_copy(instance):
        raise SharedCopyWritten(f"{sender.__name__} {instance.pk} is the directory's shared copy")


def connect() -> None:
    from torget.places.models import (
        Hub,
        OpeningException,
        OpeningHoursRule,
        Space,
        SpaceFeature,
    )

    for model in (Hub, Space, SpaceFeature, OpeningHoursRule, OpeningException):
        post_save.connect(_changed, sender=model, dispatch_uid=f"directory-save-{model.__name__}")
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"directory-delete-{model.__name__}"
        )
    for model in (Hub, Space):
        pre_save.connect(
            _refuse_shared_copy, sender=model, dispatch_uid=f"directory-copy-{model.__name__}"
        )
