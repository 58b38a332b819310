"""Seasonal allocation in the staff menu."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from torget.accounts.permissions import is_hub_staff
from torget.core.staffhome import MenuEntry, register_menu_entry


def register() -> None:
    register_menu_entry(
        MenuEntry(
            key="seasons.staff",
            label=_("Seasonal allocation"),
            url_name="seasons:staff-index",
            visible=is_hub_staff,
            order=60,
            current=(
                "seasons:staff-index",
                "seasons:proposal",
                "seasons:compute",
                "seasons:change",
                "seasons:confirm",
            ),
        )
    )
