"""Refusals of the meråpent services, with stable codes (problem+json, pages, tests)."""

from django.utils.translation import gettext_lazy as _

from torget.core.errors import Conflict, ValidationFailed


class BelowAgeLimit(ValidationFailed):
    code = "access.age_limit"
    default_message = _("The person is under the hub's age limit for meråpent.")


class CredentialTaken(Conflict):
    code = "access.credential_taken"
    default_message = _("This card is already registered to another person.")


class AgreementExists(Conflict):
    code = "access.agreement_exists"
    default_message = _("This person already has an agreement with this card: renew it instead.")


class AgreementRevoked(Conflict):
    code = "access.agreement_revoked"
    default_message = _("The agreement is revoked: register a new one.")


class NotOffered(ValidationFailed):
    code = "access.not_offered"
    default_message = _("The hub has no meråpent rules yet.")
