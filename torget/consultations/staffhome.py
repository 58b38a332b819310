"""Citizen input's staff pages in the staff menu."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from torget.accounts.permissions import can_use_back_office
from torget.core.staffhome import MenuEntry, register_menu_entry


def register() -> None:
    register_menu_entry(
        MenuEntry(
            key="consultations.staff",
            label=_("Citizen input"),
            url_name="consultations:staff-index",
            visible=can_use_back_office,
            order=80,
            current=("consultations:staff-",),
        )
    )
