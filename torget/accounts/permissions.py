"""Permission predicates. Services call these, not only views: no rule is written twice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from torget.accounts.models import RoleKind

if TYPE_CHECKING:
    from torget.accounts.models import User
    from torget.places.models import Hub

HUB_STAFF_ROLES = (RoleKind.DESK_STAFF, RoleKind.HUB_LEADER)


def _roles(user) -> list:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_torget_roles", None)
    if cached is None:
        from torget.accounts.models import Role

        # Asked several times on every booking and staff page: read once per request user.
        cached = list(Role.objects.filter(user_id=user.pk))
        user._torget_roles = cached
    return cached


def is_administrator(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def is_management(user) -> bool:
    return is_administrator(user) or any(r.kind == RoleKind.MANAGEMENT for r in _roles(user))


def staff_hub_ids(user) -> set[int]:
    """The hubs where the user is desk staff or hub leader."""
    return {r.hub_id for r in _roles(user) if r.kind in HUB_STAFF_ROLES and r.hub_id}


def can_manage_hub(user: User, hub: Hub) -> bool:
    """Desk staff and the hub leader run their own hub; administrators run every hub."""
    return is_administrator(user) or hub.pk in staff_hub_ids(user)


def can_lead_hub(user: User, hub: Hub) -> bool:
    return is_administrator(user) or any(
        r.kind == RoleKind.HUB_LEADER and r.hub_id == hub.pk for r in _roles(user)
    )


def can_view_reports(user: User, hub: Hub | None) -> bool:
    """Management reads every hub's reports; hub staff read their own hub's."""
    if is_management(user):
        return True
    return hub is not None and hub.pk in staff_hub_ids(user)


def is_hub_staff(user) -> bool:
    return is_administrator(user) or bool(staff_hub_ids(user))


def is_case_officer(user) -> bool:
    return any(r.kind == RoleKind.CASE_OFFICER for r in _roles(user))


def can_use_back_office(user) -> bool:
    """Who may sign in to the staff back office (the Django admin)."""
    return is_administrator(user) or is_hub_staff(user) or is_management(user)


def manageable_hubs(user, hubs: QuerySet) -> QuerySet:
    if is_administrator(user):
        return hubs
    return hubs.filter(pk__in=staff_hub_ids(user))


def is_organisation_contact(user, organisation_id: int | None) -> bool:
    """A contact person of this organisation (organisers' self-service)."""
    if organisation_id is None or not getattr(user, "is_authenticated", False):
        return False
    if not user.is_active:
        return False
    from torget.accounts.models import OrganisationContact

    return OrganisationContact.objects.filter(
        organisation_id=organisation_id, user_id=user.pk
    ).exists()


def can_see_event_registrants(user, event) -> bool:
    """Hub staff of the event's hub, and the contact persons of the organisation that runs
    it: nobody else sees who registered (another organisation's contacts, staff at other
    hubs, residents)."""
    return can_manage_hub(user, event.hub) or is_organisation_contact(user, event.organisation_id)
