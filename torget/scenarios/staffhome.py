"""The scenarios in the staff menu: hub leaders and management."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from torget.core.staffhome import MenuEntry, register_menu_entry
from torget.scenarios.selectors import can_use_scenarios


def register() -> None:
    register_menu_entry(
        MenuEntry(
            key="scenarios",
            label=_("Scenarios"),
            url_name="scenarios:list",
            visible=can_use_scenarios,
            order=75,
            current=("scenarios:",),
        )
    )
