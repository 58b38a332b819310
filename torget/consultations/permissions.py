"""Who may do what with citizen input, built on the predicates of accounts/permissions.py.

Services call these (and raise); pages and the API only translate the error. Two levels:

* **manage** a consultation — make it, and choose its hubs: staff who run every one of its
  hubs; one for the whole municipality (no hubs) only management and administrators;
* **work on** it — paper answers, moderation, coding, quotes, opening and closing: staff of
  one of its hubs (any hub staff for a whole-municipality one), management, administrators.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from torget.accounts.permissions import (
    can_manage_hub,
    is_administrator,
    is_hub_staff,
    is_management,
)
from torget.core.errors import PermissionDenied

if TYPE_CHECKING:
    from torget.consultations.models import Consultation
    from torget.places.models import Hub


def consultation_hubs(consultation: Consultation) -> list[Hub]:
    """The hubs a consultation belongs to: its standing hub and its hubs (none: the whole
    municipality)."""
    hubs: list[Hub] = [consultation.standing_hub] if consultation.standing_hub else []
    hubs += [hub for hub in consultation.hubs.all() if hub not in hubs]
    return hubs


def can_create_consultation(user, hubs: Sequence[Hub]) -> bool:
    """A consultation for these hubs (none: the whole municipality)."""
    if is_administrator(user) or is_management(user):
        return True
    return bool(hubs) and all(can_manage_hub(user, hub) for hub in hubs)


def require_may_create(user, hubs: Sequence[Hub]) -> None:
    if not can_create_consultation(user, hubs):
        raise PermissionDenied()


def can_work_on(user, consultation: Consultation) -> bool:
    """Staff of one of its hubs (or of the standing hub), management and administrators."""
    if is_administrator(user) or is_management(user):
        return True
    if not is_hub_staff(user):
        return False
    hubs = consultation_hubs(consultation)
    if not hubs:  # a consultation for the whole municipality: every hub's staff help
        return True
    return any(can_manage_hub(user, hub) for hub in hubs)


def require_staff(user, consultation: Consultation) -> None:
    if not can_work_on(user, consultation):
        raise PermissionDenied(_("You do not work on this consultation."))


def can_see_identities(user, consultation: Consultation) -> bool:
    """Names and contacts: administrators and management only (never hub-wide staff)."""
    return is_administrator(user) or is_management(user)
