"""What apps above booking add to a booking and to the resident's own page, as registries.

Booking imports no app above it. An app that adds something (meråpent: a booking's door
code) registers functions here in its `AppConfig.ready()`, and booking calls them:

- `after_change(booking, event)`: inside the transaction of every change booking tells the
  person about (made, approved, moved, changed, cancelled, rejected; `event` is the
  message's template name) and after a weekly series is made (`event` "series"). Meråpent
  issues the booking's door code here, so showing it later writes nothing.
- `message_lines(booking, event, sms)`: extra lines for the message about a booking (the
  door code and when it works). Read only. `sms`: one short line is wanted.
- `page_notes(bookings)`: short texts per booking id for "Mine bookinger". Read only.
- `sections`: parts of the resident's own page ("Mine bookinger"), each a template and a
  function `(request) -> dict | None` (None: nothing to show).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class BookingHooks:
    key: str
    after_change: Callable[[Any, str], None] | None = None
    message_lines: Callable[[Any, str, bool], list[str]] | None = None
    page_notes: Callable[[list[Any]], dict[int, list[str]]] | None = None


@dataclass(frozen=True)
class Section:
    key: str
    template: str
    context: Callable[[Any], dict | None]
    order: int = 100


_hooks: dict[str, BookingHooks] = {}
_sections: dict[str, Section] = {}


def register_booking_hooks(hooks: BookingHooks) -> None:
    """Add (or replace, by key) an app's hooks."""
    _hooks[hooks.key] = hooks


def register_section(section: Section) -> None:
    """Add (or replace, by key) a section of the resident's own page."""
    _sections[section.key] = section


def unregister(key: str) -> None:
    _hooks.pop(key, None)
    _sections.pop(key, None)


def _all() -> Iterable[BookingHooks]:
    return sorted(_hooks.values(), key=lambda h: h.key)


def booking_changed(booking: Any, event: str) -> None:
    for hooks in _all():
        if hooks.after_change is not None:
            hooks.after_change(booking, event)


def message_lines(booking: Any, event: str, *, sms: bool = False) -> list[str]:
    lines: list[str] = []
    for hooks in _all():
        if hooks.message_lines is not None:
            lines += hooks.message_lines(booking, event, sms)
    return lines


def page_notes(bookings: list[Any]) -> dict[int, list[str]]:
    notes: dict[int, list[str]] = {}
    if not bookings:
        return notes
    for hooks in _all():
        if hooks.page_notes is not None:
            for pk, texts in hooks.page_notes(bookings).items():
                notes.setdefault(pk, []).extend(texts)
    return notes


def sections(request: Any) -> list[tuple[str, dict]]:
    """(template, context) of each section with something to show, in order."""
    shown = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.key)):
        context = section.context(request)
        if context is not None:
            shown.append((section.template, context))
    return shown
