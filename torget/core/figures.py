"""Figures other apps add to the key figures, as a registry.

The key figures read the ledger; a capability that counts something of its own (visits in
self-service hours, volunteer hours, callback requests) registers a figure here in its
`AppConfig.ready()`: a label and a function of (hub or None for every hub, first day, last
day) that returns the number. The key-figures page shows every registered figure, and
no app imports the key figures to be counted in them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

Number = int | float | Decimal


@dataclass(frozen=True)
class Figure:
    key: str
    label: Any  # a lazy translation
    value: Callable[[Any, date, date], Number | None]
    order: int = 100
    decimals: int = 0


_figures: dict[str, Figure] = {}


def register_figure(figure: Figure) -> None:
    """Add (or replace, by key) a figure."""
    _figures[figure.key] = figure


def unregister_figure(key: str) -> None:
    _figures.pop(key, None)


def registered_figures() -> list[Figure]:
    return sorted(_figures.values(), key=lambda f: (f.order, f.key))
