"""The key figures in the staff menu."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from torget.core.staffhome import MenuEntry, register_menu_entry
from torget.keyfigures.selectors import can_open_key_figures


def register() -> None:
    register_menu_entry(
        MenuEntry(
            key="keyfigures",
            label=_("Key figures"),
            url_name="keyfigures:key-figures",
            visible=can_open_key_figures,
            order=70,
            current=("ledger:import",),
        )
    )
