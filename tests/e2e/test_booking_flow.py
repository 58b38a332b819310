"""A resident books a room with the keyboard only: sign-in by a link from the outbox, search,
book, confirmation, cancel in "my bookings". axe checks every page; 320 px never scrolls
sideways."""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.keyboard import NARROW, fits, focused, tab_to

pytestmark = pytest.mark.browser

EMAIL = "kari.nordmann@example.no"


def messages(template: str | None = None):
    from torget.notifications.models import Message

    qs = Message.objects.order_by("pk")
    return list(qs.filter(template=template) if template else qs)


def test_a_resident_books_and_cancels_with_the_keyboard(frozen, page, check_page, site):
    from torget.booking.models import Booking, BookingStatus

    # Find a free room: tomorrow 10–12 is filled in; the keyboard presses "Find".
    page.goto("/booking/")
    check_page(page, "search")
    tab_to(page, "form[method=get] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/booking/\?.*"))
    expect(page.locator("#results-heading")).to_be_visible()
    check_page(page, "search-results")
    room_link = f"/booking/rom/{site.room.pk}/bestill/"
    tab_to(page, f'a[href^="{room_link}"]')
    page.keyboard.press("Enter")

    # Not signed in: the sign-in page, which sends a link.
    page.wait_for_url(re.compile(r".*/logg-inn/\?next=.*"))
    check_page(page, "login")
    tab_to(page, "#id_email")
    page.keyboard.type(EMAIL)
    page.keyboard.press("Enter")
    page.wait_for_url("**/logg-inn/sendt/")
    check_page(page, "login-sent")

    # The link, from the outbox. Opening it signs nobody in; the button does.
    [sent] = messages("signin.link")
    assert sent.to == EMAIL
    link = re.search(r"https?://\S+/logg-inn/\S+", sent.body).group(0)
    page.goto(link)
    check_page(page, "login-confirm")
    from django.contrib.sessions.models import Session

    assert not any("_auth_user_id" in s.get_decoded() for s in Session.objects.all())
    sign_in_button = "main form button[type=submit]"
    if not focused(page, sign_in_button):  # it has the focus on arrival (autofocus)
        tab_to(page, sign_in_button)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlparse(url).path == room_link)

    # The booking form: first without a title or the house rules, to meet the error summary.
    check_page(page, "book")
    expect(page.locator("#price-line .tg-price")).to_have_text(re.compile("Gratis|Free"))
    tab_to(page, "button[name=action][value=book]")
    page.keyboard.press("Enter")
    summary = page.locator(".ds-error-summary")
    summary.wait_for()
    check_page(page, "book-errors")
    assert Booking.objects.count() == 0
    # The summary has the focus; its first link leads to the title.
    tab_to(page, '.ds-error-summary a[href="#id_title"]')
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'id_title'")
    page.keyboard.type("Styremøte i Holmen vel")
    tab_to(page, "#id_expected_participants")
    page.keyboard.press("Control+A")
    page.keyboard.type("6")
    tab_to(page, "#id_accept_rules")
    page.keyboard.press("Space")
    tab_to(page, "button[name=action][value=book]")
    page.keyboard.press("Enter")

    # Confirmation, with the calendar file; one confirmation in the outbox.
    page.wait_for_url(re.compile(r".*/booking/\d+/$"))
    booking = Booking.objects.get()
    assert booking.title == "Styremøte i Holmen vel"
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.expected_participants == 6
    check_page(page, "confirmation")
    expect(page.locator(f'a[href="/booking/{booking.pk}/kalender.ics"]')).to_be_visible()
    assert [m.key for m in messages("booking.confirmed")] == [f"booking:{booking.pk}"]

    # My bookings → cancel → yes.
    tab_to(page, 'main a[href="/booking/mine/"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/booking/mine/")
    check_page(page, "mine")
    tab_to(page, f'a[href="/booking/{booking.pk}/avbestill/"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/booking/{booking.pk}/avbestill/")
    check_page(page, "cancel")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/booking/mine/")
    expect(page.locator(".tg-messages")).to_be_visible()
    check_page(page, "mine-after-cancel")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert [m.template for m in messages()] == [
        "signin.link",
        "booking.confirmed",
        "booking.cancelled",
    ]
    assert all(m.status == "sent" for m in messages())

    # The room's week, and every page again at 320 px.
    week = f"/booking/rom/{site.room.pk}/?uke=2026-11-24"
    page.goto(week)
    check_page(page, "week")
    page.set_viewport_size(NARROW)
    for path in [
        "/booking/?date=2026-11-24&start_time=10:00&end_time=12:00",
        week,
        room_link + "?date=2026-11-24&start_time=13:00&end_time=14:00",
        f"/booking/{booking.pk}/",
        "/booking/mine/",
        f"/booking/{booking.pk}/avbestill/",
        "/logg-ut/",
    ]:
        page.goto(path)
        fits(page, path)
        check_page(page, "narrow-" + re.sub(r"[^a-z0-9]+", "-", path))


def test_sign_in_pages_at_320_px(frozen, page, check_page, site):
    page.set_viewport_size(NARROW)
    page.goto("/logg-inn/")
    fits(page, "/logg-inn/")
    check_page(page, "narrow-login")
    page.locator("#id_email").focus()
    page.keyboard.type("ikke-en-adresse")
    page.keyboard.press("Enter")
    page.locator(".ds-error-summary").wait_for()
    fits(page, "/logg-inn/ with errors")
    check_page(page, "narrow-login-errors")
    page.goto("/logg-inn/1.abc.def/")
    fits(page, "a broken link")
    check_page(page, "narrow-link-failed")
