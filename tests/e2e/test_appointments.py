"""A resident books a time with a case officer with the keyboard only: service, time, what
it is about, name and phone; then cancels through the private link. axe checks every page;
at 320 px nothing scrolls sideways."""

from datetime import datetime
from unittest import mock

import pytest
from playwright.sync_api import expect

from tests.e2e.keyboard import tab_to
from torget.core.timeutil import OSLO

pytestmark = pytest.mark.browser


@pytest.fixture
def office_hours(site, frozen):
    from torget.accounts.tests.factories import UserFactory
    from torget.appointments.models import Service
    from torget.appointments.services import office_hours_create, officer_create

    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    service = Service.objects.create(name="Byggesak", description="Veiledning om byggesøknader.")
    officer = officer_create(actor=admin, service=service, name="Byggesaksbehandler")
    return office_hours_create(
        actor=admin,
        officer=officer,
        space=site.room,
        start=datetime(2026, 11, 24, 10, 0, tzinfo=OSLO),
        end=datetime(2026, 11, 24, 12, 0, tzinfo=OSLO),
    )


@pytest.mark.parametrize("width", [1280, 320])
def test_booking_a_time_with_the_keyboard_only(page, check_page, office_hours, width):
    from torget.appointments.models import Appointment, AppointmentStatus
    from torget.notifications.models import Message

    page.set_viewport_size({"width": width, "height": 800})

    def fits(label: str) -> None:
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{label} scrolls sideways at {width} px ({scroll} px)"

    page.goto("/")
    tab_to(page, 'a[href="/timeavtaler/"]')
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bestill time")
    check_page(page, "services")
    fits("services")

    tab_to(page, 'a[href="/timeavtaler/byggesak/"]')
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Byggesak")
    check_page(page, "times")
    fits("times")

    tab_to(page, ".tg-slots a")
    slot = page.evaluate("document.activeElement.textContent")
    assert slot == "10:00"
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bestill time: Byggesak")
    check_page(page, "book")
    fits("book")

    # Submitting empty shows an error summary that takes focus and links to the field.
    tab_to(page, "#book-submit")
    page.keyboard.press("Enter")
    expect(page.locator("#error-summary")).to_be_visible()
    check_page(page, "book-errors")

    tab_to(page, "#id_about")
    page.keyboard.type("Tilbygg til garasjen")
    tab_to(page, "#id_name")
    page.keyboard.type("Kari Nordmann")
    tab_to(page, "#id_phone")
    page.keyboard.type("40000000")
    tab_to(page, "#book-submit")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Timeavtalen din")
    expect(page.get_by_role("status")).to_contain_text("Timen er bestilt")
    check_page(page, "manage")
    fits("manage")
    appointment = Appointment.objects.get()
    assert appointment.name == "Kari Nordmann" and appointment.about == "Tilbygg til garasjen"
    assert Message.objects.get(template="appointment.confirmed").to == "40000000"

    tab_to(page, 'a[href$="/avbestill/"]')
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Avbestill timen")
    check_page(page, "cancel")
    tab_to(page, "#cancel-submit")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Timeavtalen din")
    expect(page.locator(".tg-facts")).to_contain_text("Avbestilt")
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED


def test_the_agenda_marks_a_no_show_with_the_keyboard(page, check_page, office_hours, site):
    from torget.accounts.models import RoleKind
    from torget.accounts.tests.factories import UserFactory
    from torget.appointments.models import AppointmentStatus
    from torget.appointments.services import Contact, appointment_book

    user = UserFactory.with_role("desk-holmen", RoleKind.DESK_STAFF, hub=site.holmen)
    user.set_password("demo-passord-123")
    user.save()
    appointment = appointment_book(
        session_id=office_hours.pk,
        start=office_hours.start,
        about="Garasje",
        contact=Contact(name="Kari Nordmann", phone="40000000"),
    )
    page.goto("/timeavtaler/agenda/?dag=2026-11-24")
    page.wait_for_url("**/staff/login/**")
    page.locator("#id_username").focus()
    page.keyboard.type("desk-holmen")
    page.keyboard.press("Tab")
    page.keyboard.type("demo-passord-123")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Timeliste")
    expect(page.locator(".tg-agenda")).to_contain_text("Kari Nordmann")
    check_page(page, "agenda")
    with mock.patch("django.utils.timezone.now", return_value=office_hours.start.replace(hour=10)):
        tab_to(page, 'button[value="no_show"]')
        page.keyboard.press("Enter")
        expect(page.get_by_role("alert").or_(page.get_by_role("status"))).to_contain_text(
            "møtte ikke"
        )
    check_page(page, "agenda-marked")
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.NO_SHOW
