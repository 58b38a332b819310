"""The staff home ("Min arbeidsdag", /ansatt/) and the staff menu, as registries apps fill.

Core imports no app. Each app registers its panels and menu entries in its
`AppConfig.ready()`; the site's page and its menu read them here. A capability added later
(self-service visits, volunteers) plugs in the same way, and no app below it imports it.

A panel is a function `(request, hub, day) -> dict | None` and a template: the dict is the
template's context, None means "nothing to show today" (the panel is left out). `order`
places it (lower first); `visible(user, hub)` says who may see it — an app passes its own
permission predicate, so the home shows nobody more than the tool it leads to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

# "hub": shown once per hub the user works at (the hub switch picks one);
# "person": about the signed-in person wherever they work (a case officer's own sessions).
Scope = Literal["hub", "person"]


@dataclass(frozen=True)
class Panel:
    key: str
    title: Any  # a lazy translation
    template: str
    context: Callable[[Any, Any, date], dict | None]
    visible: Callable[[Any, Any], bool]
    order: int = 100
    scope: Scope = "hub"


@dataclass(frozen=True)
class MenuEntry:
    """A staff tool: its URL name (no arguments), label, who sees it, and the URL names
    (or prefixes ending in "-", or namespaces ending in ":") under which it is the current
    page."""

    key: str
    label: Any  # a lazy translation
    url_name: str
    visible: Callable[[Any], bool]
    order: int = 100
    current: tuple[str, ...] = ()

    def is_current(self, view_name: str) -> bool:
        if view_name == self.url_name:
            return True
        return any(
            view_name.startswith(prefix) if prefix.endswith(("-", ":")) else view_name == prefix
            for prefix in self.current
        )


_panels: dict[str, Panel] = {}
_menu: dict[str, MenuEntry] = {}


def register_panel(panel: Panel) -> None:
    """Add (or replace, by key) a panel of the staff home."""
    _panels[panel.key] = panel


def register_menu_entry(entry: MenuEntry) -> None:
    """Add (or replace, by key) an entry of the staff menu."""
    _menu[entry.key] = entry


def panels(scope: Scope | None = None) -> list[Panel]:
    found = [p for p in _panels.values() if scope is None or p.scope == scope]
    return sorted(found, key=lambda p: (p.order, p.key))


def menu_entries() -> list[MenuEntry]:
    return sorted(_menu.values(), key=lambda e: (e.order, e.key))


def unregister(key: str) -> None:
    """Remove a panel or menu entry (tests that register their own)."""
    _panels.pop(key, None)
    _menu.pop(key, None)
