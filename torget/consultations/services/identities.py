"""Names and contacts: the day they are deleted, and deleting them when it has come."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings

from torget.consultations.models import Consultation, Identity
from torget.core.timeutil import today


def identity_delete_on_for(closes_on: date | None) -> date | None:
    """The day names and contacts given in a consultation closing on `closes_on` are deleted:
    TORGET_CONSULTATION_IDENTITY_RETENTION_DAYS after the close. None while it has no
    closing date (a draft not yet dated, a hub's standing input)."""
    if closes_on is None:
        return None
    return closes_on + timedelta(days=settings.TORGET_CONSULTATION_IDENTITY_RETENTION_DAYS)


def identity_retention_apply(consultation: Consultation) -> None:
    """Set the deletion date from the closing date (not saved): every path that makes a
    consultation or changes when it closes calls this, so the purge finds it."""
    consultation.identity_delete_on = identity_delete_on_for(consultation.closes_on)


def identities_purge(day: date | None = None) -> int:
    """Delete names and contacts of consultations whose deletion date has come."""
    day = day or today()
    deleted, _rows = Identity.objects.filter(
        response__consultation__identity_delete_on__lte=day
    ).delete()
    return deleted
