"""Seasonal round errors. Codes are stable: clients, pages and tests rely on them."""

from django.utils.translation import gettext_lazy as _

from torget.core.errors import DomainError


class RoundClosed(DomainError):
    code = "seasons.closed"
    status = 409
    default_message = _("The application period of this round is over.")


class AlreadyDecided(DomainError):
    code = "seasons.decided"
    status = 409
    default_message = _("This round has been decided; it can no longer be changed.")


class SlotTaken(DomainError):
    code = "seasons.slot_taken"
    status = 409
    default_message = _("That time is already given to another application.")
