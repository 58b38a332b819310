from django.conf import settings
from django.http import HttpRequest


def _member_links(request: HttpRequest) -> list[tuple[str, str, str]]:
    """(url, label, view name) of pages for organisations' contact persons, in the main menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from torget.accounts.permissions import is_hub_staff

    if not is_hub_staff(user) and user.organisations.exists():
        return [
            (reverse("events:mine"), _("My activities"), "events:mine"),
            (reverse("seasons:rounds"), _("Rooms for the season"), "seasons:rounds"),
        ]
    return []


def _staff_menu(request: HttpRequest) -> list[dict]:
    """The staff menu: every tool this person may open, as the apps registered them
    (`torget.core.staffhome`), in their order; the current page's entry marked."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    from django.urls import reverse

    from torget.core.staffhome import menu_entries

    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    return [
        {
            "url": reverse(entry.url_name),
            "label": entry.label,
            "current": entry.is_current(view_name),
        }
        for entry in menu_entries()
        if entry.visible(user)
    ]


def torget(request: HttpRequest) -> dict:
    return {
        "staff_links": _member_links(request),
        "staff_menu": _staff_menu(request),
        "concept_name": settings.TORGET_CONCEPT_NAME,
        "concept_name_plural": settings.TORGET_CONCEPT_NAME_PLURAL,
        "municipality": settings.TORGET_MUNICIPALITY,
        "demo_mode": settings.TORGET_DEMO,
    }
