"""The desk's domain errors: stable codes for the API and messages for the pages."""

from django.utils.translation import gettext_lazy as _

from torget.core.errors import Conflict, PermissionDenied


class UndoExpired(Conflict):
    code = "inquiry.undo_expired"
    default_message = _("It is too late to undo this inquiry (the limit is 10 minutes).")


class NotYourInquiry(PermissionDenied):
    code = "inquiry.not_yours"
    default_message = _("Only the person who logged an inquiry can undo it.")


class ClientIdReused(Conflict):
    code = "inquiry.client_id_conflict"
    default_message = _("This client id was already used for an inquiry at another hub.")


class CallbackTransition(Conflict):
    code = "callback.invalid_transition"
    default_message = _("The callback request cannot change to that status now.")
