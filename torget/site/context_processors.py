from django.conf import settings
from django.http import HttpRequest


def _staff_links(request: HttpRequest) -> list[tuple[str, str, str]]:
    """(url, label, view name) of the staff pages this person may open, for the main menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from torget.accounts.permissions import can_use_back_office, is_case_officer, is_hub_staff
    from torget.keyfigures.selectors import can_open_key_figures

    links = []
    if is_hub_staff(user):
        links.append((reverse("desk:index"), _("Desk"), "desk:index"))
        links.append((reverse("booking:staff-index"), _("Bookings"), "booking:staff-calendar"))
        links.append(
            (reverse("seasons:staff-index"), _("Seasonal allocation"), "seasons:staff-index")
        )
    elif user.organisations.exists():
        links.append((reverse("seasons:rounds"), _("Rooms for the season"), "seasons:rounds"))
    if is_hub_staff(user) or is_case_officer(user) or user.officer_profiles.exists():
        links.append(
            (reverse("appointments:agenda"), _("Appointments agenda"), "appointments:agenda")
        )
    if can_open_key_figures(user):
        links.append(
            (reverse("keyfigures:key-figures"), _("Key figures"), "keyfigures:key-figures")
        )
    if can_use_back_office(user):
        links.append(
            (reverse("consultations:staff-index"), _("Citizen input"), "consultations:staff-index")
        )
        links.append((reverse("admin:index"), _("Back office"), "admin:index"))
    return links


def torget(request: HttpRequest) -> dict:
    return {
        "staff_links": _staff_links(request),
        "concept_name": settings.TORGET_CONCEPT_NAME,
        "concept_name_plural": settings.TORGET_CONCEPT_NAME_PLURAL,
        "municipality": settings.TORGET_MUNICIPALITY,
        "demo_mode": settings.TORGET_DEMO,
    }
