"""Appointments' personal data, in the personal-data registry (torget.core.personal_data)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from torget.core import personal_data


def _appointments(user):
    """The person's appointments: booked signed in (the account), or by staff or without
    signing in, which keep the e-mail address and phone number typed."""
    from torget.appointments.models import Appointment

    return Appointment.objects.filter(
        Q(user=user) | personal_data.contact_rows(user, email="email", phone="phone")
    ).select_related("session__officer__service")


def appointments_export(user) -> list[dict]:
    return [
        personal_data.row(
            {
                _("Service"): str(appointment.session.officer.service),
                _("Start"): appointment.start,
                _("End"): appointment.end,
                _("Status"): appointment.get_status_display(),
                _("About"): appointment.about,
                _("Name"): appointment.name,
                _("Phone"): appointment.phone,
                _("E-mail"): appointment.email,
            }
        )
        for appointment in _appointments(user).order_by("start")
    ]


def appointments_erase(user) -> int:
    from torget.appointments.services import appointments_blank

    return appointments_blank(_appointments(user))


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
        export=appointments_export,
        erase_person=appointments_erase,
    )

    def booked_ahead(now: datetime):
        return Appointment.objects.filter(
            end__gte=now, status=AppointmentStatus.BOOKED, user__isnull=False
        ).values_list("user", flat=True)

    personal_data.hold_accounts(booked_ahead)
