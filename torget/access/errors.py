"""Refusals of the meråpent services, with stable codes (problem+json, pages, tests)."""

from django.utils.translation import gettext_lazy as _

from torget.core.errors import Conflict, DomainError, NotFound, ValidationFailed


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


# -- the lock bridge's requests (torget.access.api): signed, fresh, once -------------------


class Unsigned(DomainError):
    code = "access.unsigned"
    status = 401
    default_message = _(
        "The request is not signed by a known door system (X-Torget-System, "
        "X-Torget-Event-Id, X-Torget-Timestamp, X-Torget-Signature)."
    )


class BadSignature(DomainError):
    code = "access.bad_signature"
    status = 401
    default_message = _("The signature does not match the request.")


class Stale(DomainError):
    code = "access.stale"
    status = 401
    default_message = _("The request's timestamp is too old or in the future.")


class Replayed(Conflict):
    code = "access.replayed"
    default_message = _("This event id was used before: the request is refused.")


class UnknownDoor(NotFound):
    code = "access.unknown_door"
    default_message = _("The door system has no such door.")
