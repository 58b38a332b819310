"""Appointment errors: stable codes for the API and messages for the pages."""

from django.utils.translation import gettext_lazy as _

from torget.core.errors import Conflict, NotFound, PermissionDenied


class SlotTaken(Conflict):
    code = "appointment.slot_taken"
    default_message = _("Someone else has just booked this time. Choose another time.")


class NotASlot(Conflict):
    code = "appointment.not_a_slot"
    default_message = _("This time is not a slot in these office hours.")


class SlotInPast(Conflict):
    code = "appointment.in_past"
    default_message = _("This time has already passed. Choose a later time.")


class SessionCancelled(Conflict):
    code = "appointment.office_hours_cancelled"
    default_message = _("These office hours have been cancelled.")


class NotActive(Conflict):
    code = "appointment.not_active"
    default_message = _("This appointment is cancelled or already over.")


class TooEarlyToMark(Conflict):
    code = "appointment.not_started"
    default_message = _("An appointment can be marked once it has started.")


class UnknownLink(NotFound):
    code = "appointment.unknown_link"
    default_message = _("This link does not lead to an appointment. Check that it is complete.")


class NotOfficeStaff(PermissionDenied):
    code = "permission_denied"
    default_message = _("Only the hub's staff and the service's officers can do this.")
