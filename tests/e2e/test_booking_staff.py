"""Desk staff, keyboard only: book a room for a resident without e-mail (SMS confirmation),
then approve a pending booking from the queue. axe checks every page; the staff pages are
also checked at 320 px."""

import re
from datetime import datetime
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.keyboard import NARROW, tab_to
from torget.core.timeutil import OSLO

pytestmark = pytest.mark.browser

PASSWORD = "demo-passord-123"  # the factories' test password


@pytest.fixture
def desk_user(site):
    from torget.accounts.models import RoleKind
    from torget.accounts.tests.factories import UserFactory

    return UserFactory.with_role("desk-holmen", RoleKind.DESK_STAFF, hub=site.holmen)


def sign_in(page, next_path: str) -> None:
    page.goto(next_path)
    page.wait_for_url("**/staff/login/**")
    page.locator("#id_username").focus()
    page.keyboard.type("desk-holmen")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlparse(url).path == next_path)


def test_desk_books_on_behalf_and_approves_with_the_keyboard(
    frozen, page, check_page, site, desk_user
):
    from torget.accounts.tests.factories import OrganisationFactory, UserFactory
    from torget.booking.models import Approval, Booking, BookingPolicy, BookingStatus
    from torget.booking.services import BookingRequest, booking_create
    from torget.notifications.models import Message

    slug = site.holmen.slug
    calendar = f"/booking/ansatte/{slug}/"
    sign_in(page, calendar)
    check_page(page, "calendar-day")

    # "Book for someone" from the staff menu, then with the day filled in from the calendar's
    # "free all day" link (Chromium's date fields are typed per segment, by locale).
    tab_to(page, f'nav a[href="/booking/ansatte/{slug}/ny/"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/booking/ansatte/{slug}/ny/")
    check_page(page, "book-on-behalf")
    page.goto(
        f"/booking/ansatte/{slug}/ny/?space={site.room.pk}&date=2026-11-25"
        "&start_time=10:00&end_time=12:00"
    )
    tab_to(page, "#id_title")
    page.keyboard.type("Slektsforskning")
    tab_to(page, "#id_on_behalf_name")
    page.keyboard.type("Kari Nordmann")
    tab_to(page, "#id_on_behalf_phone")
    page.keyboard.type("412 34 567")
    tab_to(page, "form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/booking/ansatte/[^/]+/\d+/$"))
    check_page(page, "booking-page")
    booking = Booking.objects.get(title="Slektsforskning")
    assert booking.on_behalf_phone == "412 34 567"
    [sms] = Message.objects.filter(key=f"booking:{booking.pk}")
    assert (sms.channel, sms.to) == ("sms", "412 34 567")

    # A pending booking from an organisation, approved from the queue.
    BookingPolicy.objects.create(hub=site.holmen, approval=Approval.REQUIRED)
    contact = UserFactory(username="org-sjakk")
    OrganisationFactory.with_contact(contact, name="Asker sjakklubb (oppdiktet)")
    pending = booking_create(
        actor=contact,
        request=BookingRequest(
            space=site.room,
            start=datetime(2026, 11, 26, 18, tzinfo=OSLO),
            end=datetime(2026, 11, 26, 20, tzinfo=OSLO),
            title="Sjakkveld",
            organiser_type="resident",
            kind="meeting",
        ),
    )
    assert pending.status == BookingStatus.PENDING
    page.goto(f"/booking/ansatte/{slug}/godkjenning/")
    check_page(page, "approvals")
    tab_to(page, "button[name=action][value=approve]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/booking/ansatte/{slug}/godkjenning/")
    expect(page.locator(".tg-messages")).to_be_visible()
    check_page(page, "approvals-after")
    pending.refresh_from_db()
    assert pending.status == BookingStatus.CONFIRMED
    assert list(
        Message.objects.filter(key=f"booking:{pending.pk}")
        .order_by("pk")
        .values_list("template", flat=True)
    ) == ["booking.received", "booking.approved"]

    # The week, the day list and the invoice basis; then everything at 320 px.
    for path in [
        calendar + "?dag=2026-11-25&visning=uke",
        f"/booking/ansatte/{slug}/dagsliste/?dag=2026-11-25",
        f"/booking/ansatte/{slug}/faktura/",
        f"/booking/ansatte/{slug}/{booking.pk}/utskrift/",
        f"/booking/ansatte/{slug}/nokler/",
    ]:
        page.goto(path)
        check_page(page, re.sub(r"[^a-z0-9]+", "-", path))
    page.set_viewport_size(NARROW)
    for path in [
        calendar + "?dag=2026-11-25",
        f"/booking/ansatte/{slug}/ny/",
        f"/booking/ansatte/{slug}/{booking.pk}/",
        f"/booking/ansatte/{slug}/godkjenning/",
        f"/booking/ansatte/{slug}/nokler/",
    ]:
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW["width"], f"{path} scrolls sideways at 320 px ({width} px)"
        check_page(page, "narrow-" + re.sub(r"[^a-z0-9]+", "-", path))
