"""Appointments' personal data, in the personal-data registry (torget.core.personal_data)."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from torget.core import personal_data


def register() -> None:
    from torget.appointments.models import Appointment, AppointmentStatus
    from torget.appointments.services import PERSONAL_FIELDS, appointment_details_purge

    personal_data.register(
        "appointments.details",
        model="appointments.Appointment",
        fields=(*PERSONAL_FIELDS, "user"),
        description=_(
            "Appointments with a municipal service: what the appointment is about and the "
            "name, phone number and e-mail address of the person who booked it. After the "
            "period (counted from the appointment) they are blanked; the time, the service "
            "and whether it was held stay."
        ),
        retention="TORGET_APPOINTMENT_RETENTION_DAYS",
        purpose=_("To hold the appointment and to reach you if it changes."),
        period=_("%(period)s after the appointment"),
        erase=lambda days: appointment_details_purge(older_than_days=days),
    )

    def booked_ahead(now: datetime):
        return Appointment.objects.filter(
            end__gte=now, status=AppointmentStatus.BOOKED, user__isnull=False
        ).values_list("user", flat=True)

    personal_data.hold_accounts(booked_ahead)
