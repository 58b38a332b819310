"""A resident finds an activity for seniors at Holmen this week and registers with the
keyboard only; the event is full, so they are waitlisted, and promoted (with a message)
when someone cancels. axe checks every page; 320 px never scrolls sideways."""

import re
from datetime import datetime

import pytest
from playwright.sync_api import expect

from tests.e2e.keyboard import NARROW, fits, tab_to
from torget.core.timeutil import OSLO

pytestmark = pytest.mark.browser

EMAIL = "kari.nordmann@example.no"


@pytest.fixture
def full_event(site, frozen):
    from torget.accounts.tests.factories import UserFactory
    from torget.events import services

    staff = UserFactory(username="admin-e2e", is_superuser=True, is_staff=True)
    details = services.EventDetails(
        title="Digital hjelp for seniorer",
        category="digital_help",
        organiser_type="municipal",
        description="Ta med mobilen.",
        audience="seniors",
        capacity=1,
        registration="required",
    )
    start = datetime(2026, 11, 25, 10, 0, tzinfo=OSLO)
    event = services.event_create(
        actor=staff,
        details=details,
        space=site.room,
        start=start,
        end=start.replace(hour=12),
    )
    occurrence = event.occurrences.get()
    anne = services.registration_create(
        actor=None, occurrence_id=occurrence.pk, name="Anne", email="anne@example.no"
    )
    return occurrence, anne.token


def test_a_resident_registers_with_the_keyboard_and_is_promoted(
    frozen, page, check_page, full_event
):
    from torget.events.models import Registration
    from torget.events.services import registration_cancel
    from torget.notifications.models import Message

    occurrence, anne_token = full_event
    page.goto("/arrangementer/")
    check_page(page, "calendar")

    # Filter: Holmen, for seniors — with the keyboard.
    tab_to(page, "#id_hub")
    page.keyboard.type("Holmen")
    tab_to(page, "#id_audience")
    page.keyboard.type("Seniorer")
    tab_to(page, "form[role=search] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*audience=seniors.*"))
    assert "hub=holmen" in page.url
    check_page(page, "calendar-filtered")
    expect(page.get_by_text("Fullt – venteliste")).to_be_visible()

    tab_to(page, f'a[href="/arrangementer/{occurrence.pk}/"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/arrangementer/{occurrence.pk}/")
    check_page(page, "event")
    expect(page.get_by_role("heading", name="Digital hjelp for seniorer")).to_be_visible()

    # Register: full, so the button says so and the result is the waitlist.
    tab_to(page, "#id_name")
    page.keyboard.type("Kari Nordmann")
    tab_to(page, "#id_email")
    page.keyboard.type(EMAIL)
    tab_to(page, "#registration button[type=submit]")
    expect(page.locator("#registration button[type=submit]")).to_have_text("Sett meg på venteliste")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/arrangementer/pamelding/.+/"))
    expect(page.get_by_text("Du er nummer 1 på ventelisten", exact=False)).to_be_visible()
    check_page(page, "waitlisted")
    own_page = page.url

    # Anne cancels: Kari moves up and is told.
    registration_cancel(token=anne_token)
    page.goto(own_page)
    expect(page.get_by_text("Du er påmeldt 1 plass.")).to_be_visible()
    check_page(page, "promoted")
    assert Registration.objects.get(email=EMAIL).status == "confirmed"
    assert Message.objects.filter(template="event.promoted", to=EMAIL).exists()

    # The same pages at 320 px.
    page.set_viewport_size(NARROW)
    for path in (
        "/arrangementer/",
        f"/arrangementer/{occurrence.pk}/",
        own_page,
        "/arrangementer/uke/",
    ):
        page.goto(path)
        fits(page, path)
        check_page(page, "narrow")


def test_keyboard_cancel_with_the_private_link(frozen, page, check_page, full_event):
    from torget.events.models import Registration

    _occurrence, anne_token = full_event
    page.goto(f"/arrangementer/pamelding/{anne_token}/")
    check_page(page, "registration")
    tab_to(page, "main a[href$='/avmelding/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Er du sikker?")).to_be_visible()
    check_page(page, "are-you-sure")
    assert Registration.objects.get(name="Anne").status == "confirmed"
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Du er avmeldt.")).to_be_visible()
    check_page(page, "cancelled")
    assert Registration.objects.get(name="Anne").status == "cancelled"
