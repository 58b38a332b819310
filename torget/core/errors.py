"""Domain errors with stable codes: the API turns them into problem+json, pages into messages."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule said no. `code` is stable (clients and tests rely on it); `message` is translated."""

    code = "domain_error"
    status = 400
    default_message: str | Promise = _("The request could not be carried out.")

    def __init__(
        self,
        message: str | Promise | None = None,
        *,
        errors: list[dict[str, str]] | None = None,
        extra: dict[str, object] | None = None,
        code: str | None = None,
        **context: object,
    ) -> None:
        self.message = message or self.default_message
        self.errors = errors or []
        # Extension members of the problem document (e.g. the clashing intervals).
        self.extra = extra or {}
        if code:
            self.code = code
        self.context = context
        super().__init__(str(self.message))


class ValidationFailed(DomainError):
    code = "validation"
    status = 422
    default_message = _("Some fields are not valid.")


class PermissionDenied(DomainError):
    code = "permission_denied"
    status = 403
    default_message = _("You do not have permission to do this.")


class NotFound(DomainError):
    code = "not_found"
    status = 404
    default_message = _("Not found.")


class Conflict(DomainError):
    code = "conflict"
    status = 409
    default_message = _("This conflicts with something that already exists.")
