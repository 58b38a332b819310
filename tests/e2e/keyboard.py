"""What the browser tests share: the Monday they freeze time at, Tab until a control has
focus (the keyboard-only user), and "does the page scroll sideways at 320 px?"."""

from __future__ import annotations

from datetime import datetime

from torget.core.timeutil import OSLO

# Monday 23 November 2026, 09:00 in Oslo: booking rules and calendars depend on "now", and
# the live server runs in the test's process, so the `frozen` fixture's patch holds there.
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=OSLO)
NARROW = {"width": 320, "height": 800}


def focused(page, selector: str) -> bool:
    return page.evaluate("s => document.activeElement.matches(s)", selector)


def tab_to(page, selector: str, *, limit: int = 150) -> None:
    """Press Tab until the focused element matches the CSS selector."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return
    last = page.evaluate("document.activeElement.outerHTML.slice(0, 200)")
    raise AssertionError(f"{selector} never reached by Tab; last: {last}")


def fits(page, label: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"{label} scrolls sideways at 320 px ({width} px wide)"
