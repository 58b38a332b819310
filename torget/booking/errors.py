"""Booking errors. Codes are stable: clients, pages and tests rely on them."""

from django.utils.translation import gettext_lazy as _

from torget.core.errors import Conflict, DomainError, PermissionDenied, ValidationFailed


class BookingConflict(Conflict):
    code = "booking.conflict"
    default_message = _("The space is already booked at this time.")


class ResourceUnavailable(Conflict):
    code = "booking.resource_unavailable"
    default_message = _("The equipment or staff you asked for is already booked at this time.")


class RuleViolation(DomainError):
    """One or more booking rules say no; `code` is the first rule's code, `errors` all of them."""

    code = "booking.rule"
    status = 422
    default_message = _("The booking breaks the space's booking rules.")


class InvalidInterval(ValidationFailed):
    code = "booking.invalid_interval"
    default_message = _("The end must be after the start.")


class SeriesTooLong(ValidationFailed):
    code = "booking.series_too_long"
    default_message = _("A weekly series may run for at most a year (53 weeks).")


class NotYourOrganisation(PermissionDenied):
    code = "booking.not_your_organisation"
    default_message = _(
        "You can only book on behalf of an organisation you are a contact person for."
    )


class NotMunicipal(PermissionDenied):
    code = "booking.not_municipal"
    default_message = _("Only municipal staff can book as a municipal service.")


class OverrideNotAllowed(PermissionDenied):
    code = "booking.override_not_allowed"
    default_message = _("Only staff at the hub can override booking rules.")


class NotActive(Conflict):
    code = "booking.not_active"
    default_message = _("The booking is already cancelled or rejected.")


class BookingNotFound(DomainError):
    code = "not_found"
    status = 404
    default_message = _("No such booking.")


class OrganiserMismatch(PermissionDenied):
    code = "booking.organiser_mismatch"
    default_message = _(
        "Voluntary and private bookings are made on behalf of an organisation of that kind "
        "that you are a contact person for. Book as a resident, or ask the hub's staff."
    )


class AlreadyStarted(Conflict):
    code = "booking.already_started"
    default_message = _("The booking has already started; ask the hub's staff to change it.")


class CancelDeadlinePassed(Conflict):
    code = "booking.cancel_deadline_passed"
    default_message = _(
        "The deadline for cancelling online has passed; ask the hub's staff to cancel it."
    )


class NotStartedYet(Conflict):
    code = "booking.not_started"
    default_message = _("A no-show can only be marked once the booking has started.")
