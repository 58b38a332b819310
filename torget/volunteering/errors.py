"""The volunteering app's refusals, with stable codes (the API's problem+json, the pages'
messages)."""

from django.utils.translation import gettext_lazy as _

from torget.core.errors import Conflict, ValidationFailed


class AgreementOverlap(Conflict):
    code = "agreement.overlap"
    default_message = _("The organisation already has an active agreement for this hub then.")


class ShiftFull(Conflict):
    code = "shift.full"
    default_message = _("This shift has all the people it needs.")


class AlreadySignedUp(Conflict):
    code = "shift.already_signed_up"
    default_message = _("You are already signed up for this shift.")


class TooYoung(ValidationFailed):
    code = "shift.too_young"
    default_message = _("This role has a minimum age you do not meet on that date.")


class NeedsPoliceCertificate(ValidationFailed):
    code = "shift.police_certificate"
    default_message = _(
        "This role needs a police certificate. Show it to the hub's staff first; they record "
        "only that they saw it."
    )


class NotOpen(ValidationFailed):
    code = "shift.not_open"
    default_message = _("The hub is not open at that time.")


class NotAShiftDate(ValidationFailed):
    code = "shift.no_such_date"
    default_message = _("The shift does not take place on that date.")


class InitiativeClosed(Conflict):
    code = "initiative.closed"
    default_message = _("This initiative has already been decided.")
