"""The lobby screen on a TV: 1920×1080 (and 1280×720), nothing to click or tab to, "now"
marked, the whole day on one screen without scrolling, axe finds nothing, and it
refreshes itself in place. Set TORGET_SCREENSHOTS=/some/dir to look at it."""

from datetime import datetime
from unittest import mock

import pytest
from playwright.sync_api import expect

from torget.core.timeutil import OSLO

pytestmark = pytest.mark.browser

TV = {"width": 1920, "height": 1080}
SMALL_TV = {"width": 1280, "height": 720}
URL = "/torg/holmen/i-dag/"


def at(hour: int, minute: int = 0, day: int = 23) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=OSLO)


@pytest.fixture
def monday_at_holmen(frozen, site):
    """Monday 23.11 at Holmen (now 09:00): on now, in the next hours, later, a cancelled
    one, more than fit; made on Sunday (the booking rules want notice before a start)."""
    from torget.accounts.tests.factories import UserFactory
    from torget.events import services

    staff = UserFactory(username="admin-e2e", is_superuser=True, is_staff=True)
    plan = [
        ("Strikkekafé", site.room, at(8, 30), at(10), "none"),
        ("Digital hjelp for seniorer", site.room, at(10, 30), at(12), "required"),
        ("Babysang", site.north, at(11), at(12), "none"),
        ("Språkkafé – norsk praksis", site.room, at(13), at(14, 30), "none"),
        ("Leksehjelp for ungdomsskolen", site.room, at(15), at(17), "none"),
        ("Sjakk for nybegynnere", site.north, at(17, 30), at(19), "required"),
        ("Strikk og prat", site.room, at(18), at(20), "none"),
        ("Quiz i kafeen", site.north, at(19, 30), at(21), "none"),
        ("Filmkveld", site.room, at(20, 30), at(21, 45), "none"),
    ]
    made = {}
    with mock.patch("django.utils.timezone.now", return_value=at(12, day=22)):
        for title, space, start, end, registration in plan:
            made[title] = services.event_create(
                actor=staff,
                details=services.EventDetails(
                    title=title,
                    category="meeting_place",
                    organiser_type="municipal",
                    audience="everyone",
                    capacity=None if registration == "none" else 10,
                    registration=registration,
                ),
                space=space,
                start=start,
                end=end,
            )
    services.occurrence_cancel(
        actor=staff, occurrence_id=made["Babysang"].occurrences.get().pk, reason="Sykdom"
    )
    return made


def fits_the_screen(page) -> bool:
    size = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    viewport = page.viewport_size
    assert viewport
    fits = size[0] <= viewport["width"] and size[1] <= viewport["height"]
    assert fits, f"{size[0]}×{size[1]} on a {viewport['width']}×{viewport['height']} screen"
    return fits


def test_the_lobby_screen_on_a_tv(frozen, page, check_page, monday_at_holmen, settings):
    settings.TORGET_DEMO = True
    page.set_viewport_size(TV)
    page.goto(URL)
    assert page.get_by_role("heading", level=1).inner_text() == "I dag på Holmen"
    # A screen, not a page: no menu, no footer, no demo banner, nothing to click or tab to.
    assert page.locator("nav, footer, a, button, input, select, .site-demo").count() == 0
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement === document.body")

    now = page.locator(".lobby-row--now")
    assert now.count() == 1
    assert "Strikkekafé" in now.inner_text() and "NÅ" in now.inner_text().upper()
    assert "AVLYST" in page.locator(".lobby-row", has_text="Babysang").inner_text().upper()
    assert page.get_by_text("Storsalen pusses opp").is_visible()
    assert page.locator("svg[role=img]").is_visible()
    # The type is large: row titles at least 36 px at 1080 lines.
    title_px = page.locator(".lobby-row__title").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert title_px >= 36, title_px
    check_page(page, "lobby-1920")
    assert fits_the_screen(page), "the TV shows everything without scrolling"

    page.set_viewport_size(SMALL_TV)
    assert fits_the_screen(page), "1280×720 too"
    check_page(page, "lobby-1280")


def test_the_screen_refreshes_itself_in_place(frozen, page, monday_at_holmen):
    from torget.events.models import Occurrence
    from torget.events.services import occurrence_cancel

    page.set_viewport_size(TV)
    page.clock.install(time=at(9))
    page.goto(URL)
    assert page.locator(".lobby-row--off").count() == 1
    occurrence = Occurrence.objects.get(event__title="Leksehjelp for ungdomsskolen")
    from torget.accounts.models import User

    occurrence_cancel(actor=User.objects.get(username="admin-e2e"), occurrence_id=occurrence.pk)
    page.clock.run_for("01:05")
    expect(page.locator(".lobby-row--off")).to_have_count(2)
    assert "AVLYST" in page.locator(".lobby-row", has_text="Leksehjelp").inner_text().upper()
    assert page.locator("h1").count() == 1, "swapped in place, not nested"

    # The server does not answer: the screen stays, and after a few minutes says since when.
    page.route("**/i-dag/", lambda route: route.abort())
    page.clock.run_for("02:05")
    expect(page.locator("[data-lobby-stale]")).to_be_hidden()
    page.clock.run_for("02:05")
    expect(page.locator("[data-lobby-stale]")).to_be_visible()
    assert "Leksehjelp" in page.locator(".lobby").inner_text()
