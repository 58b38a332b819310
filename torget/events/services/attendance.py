"""Attendance: who came (marked per registration) and the headcount for drop-in. Both go
into the occurrence's ledger row."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from torget.accounts.models import User
from torget.core.db import serialized_write
from torget.core.errors import NotFound, ValidationFailed
from torget.events.codes import RegistrationStatus
from torget.events.errors import RegistrationNotActive
from torget.events.ledger import occurrence_ledger_sync
from torget.events.models import Occurrence, Registration
from torget.events.services.details import field_error
from torget.events.services.locking import occurrence_for_staff


def record_attendance(occurrence: Occurrence) -> None:
    """The occurrence's ledger row gets the actual attendance (the same row: the event is
    not counted twice). Drop-in: the headcount; else the seats of those who came."""
    occurrence_ledger_sync(occurrence)


@serialized_write
def attendance_mark(*, actor: User, registration_id: int, attended: bool | None) -> Registration:
    registration = (
        Registration.objects.select_related("occurrence__event__hub", "occurrence__booking__space")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        raise NotFound()
    occurrence = occurrence_for_staff(actor, registration.occurrence_id)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise RegistrationNotActive()
    if occurrence.start > timezone.now() + timedelta(hours=1):
        raise ValidationFailed(
            errors=[field_error("attended", _("Attendance is marked when the event has started."))]
        )
    registration.attended = attended
    registration.save(update_fields=["attended"])
    record_attendance(occurrence)
    return registration


@serialized_write
def headcount_record(*, actor: User, occurrence_id: int, headcount: int | None) -> Occurrence:
    occurrence = occurrence_for_staff(actor, occurrence_id)
    if headcount is not None and not 0 <= headcount <= 100_000:
        raise ValidationFailed(errors=[field_error("headcount", _("Out of range."))])
    occurrence.headcount = headcount
    occurrence.save(update_fields=["headcount"])
    record_attendance(occurrence)
    return occurrence
