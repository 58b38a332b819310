"""What the browser tests share: the Monday they freeze time at, a browser context signed
in as a user, Tab until a control has focus (the keyboard-only user), and "does the page
scroll sideways at 320 px?"."""

from __future__ import annotations

from datetime import datetime

from django.test import Client

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


def signed_in(chromium, live_server, user):
    """A browser context with this user's session cookie (no sign-in pages to walk)."""
    client = Client()
    client.force_login(user)
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900}, base_url=live_server.url, locale="nb-NO"
    )
    context.set_default_timeout(10_000)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context
