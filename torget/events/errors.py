"""Event errors. Codes are stable: clients, pages and tests rely on them."""

from django.utils.translation import gettext_lazy as _

from torget.core.errors import Conflict, DomainError


class RegistrationClosed(Conflict):
    code = "event.registration_closed"
    default_message = _("Registration for this event is not open.")


class NoRegistration(Conflict):
    code = "event.no_registration"
    default_message = _("This event has no registration: just come.")


class AlreadyRegistered(Conflict):
    code = "event.already_registered"
    default_message = _("You are already registered for this event.")


class NotScheduled(Conflict):
    code = "event.not_scheduled"
    default_message = _("This event is cancelled or postponed.")


class RegistrationNotActive(Conflict):
    code = "event.registration_not_active"
    default_message = _("This registration is already cancelled.")


class CapacityBelowTaken(DomainError):
    code = "event.capacity_below_taken"
    status = 422
    default_message = _("More seats are already taken than the new number of places.")


class NotPending(Conflict):
    code = "event.not_pending"
    default_message = _("This event is not waiting for approval.")


class NotAnOrganiser(DomainError):
    code = "event.not_an_organiser"
    status = 403
    default_message = _("You are not a contact person for this organisation.")


class NoFee(Conflict):
    code = "event.no_fee"
    default_message = _("This event has no participant fee.")
