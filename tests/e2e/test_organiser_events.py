"""An organisation's contact person creates an activity with the keyboard only; it waits
for approval (not in the calendar); Holmen's desk staff approve it with the keyboard, and
it is in the calendar. Then, from «Mine aktiviteter» in the menu, the organiser changes it
(back to approval), gives the date a new time and cancels it after a confirmation page.
axe checks every page; 320 px never scrolls sideways."""

from datetime import datetime

import pytest
from playwright.sync_api import expect

from tests.e2e.keyboard import NARROW, fits, signed_in, tab_to
from torget.core.timeutil import OSLO

pytestmark = pytest.mark.browser


@pytest.fixture
def people(site):
    from torget.accounts.models import RoleKind
    from torget.accounts.tests.factories import OrganisationFactory, UserFactory

    contact = UserFactory(username="org-sjakk", email="sjakk@example.no")
    club = OrganisationFactory.with_contact(contact, name="Asker sjakklubb (oppdiktet)")
    desk = UserFactory.with_role("desk-holmen", RoleKind.DESK_STAFF, hub=site.holmen)
    return contact, club, desk


def test_a_contact_creates_an_activity_and_staff_approve_it_with_the_keyboard(
    frozen, chromium, live_server, transactional_db, check_page, site, people
):
    from torget.events.models import Event
    from torget.notifications.models import Message

    contact, club, desk = people
    context = signed_in(chromium, live_server, contact)
    page = context.new_page()
    page.goto("/arrangementer/mine/")
    check_page(page, "mine-empty")
    tab_to(page, 'main a[href="/arrangementer/ny/"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/arrangementer/ny/")
    check_page(page, "new")

    # First without a title: the error summary, and nothing is written.
    tab_to(page, "form.tg-form button[type=submit]")
    page.keyboard.press("Enter")
    page.locator(".ds-error-summary").wait_for()
    check_page(page, "new-errors")
    assert not Event.objects.exists()

    tab_to(page, '.ds-error-summary a[href="#id_title"]')
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'id_title'")
    page.keyboard.type("Sjakkveld for alle")
    tab_to(page, "#id_description")
    page.keyboard.type("Brett og klokker finnes. Nybegynnere er velkomne.")
    tab_to(page, "#id_space")
    page.keyboard.press("ArrowDown")  # from "Velg et rom" to Holmen – Møterom Fjorden
    assert page.eval_on_selector("#id_space", "e => e.value") == str(site.room.pk)
    # Date and time pickers: reached with the keyboard; the order of their parts follows the
    # browser's own language (headless Chromium: en-US), so the value is set as the picker
    # sends it (ISO).
    tab_to(page, "#id_date")
    page.fill("#id_date", "2026-11-26")
    tab_to(page, "#id_start_time")
    page.fill("#id_start_time", "10:00")
    tab_to(page, "#id_end_time")
    page.fill("#id_end_time", "12:00")
    tab_to(page, "#id_registration_1")  # optional, chosen; one down is "required"
    page.keyboard.press("ArrowDown")
    tab_to(page, "#id_capacity")
    page.keyboard.type("12")
    tab_to(page, "form.tg-form button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url("**/arrangementer/mine/")
    expect(page.locator(".tg-messages")).to_contain_text("rommet er holdt av")
    expect(page.locator("main")).to_contain_text("Venter på godkjenning")
    check_page(page, "mine-waiting")
    event = Event.objects.get()
    assert (event.title, event.organisation, event.approval) == (
        "Sjakkveld for alle",
        club,
        "pending",
    )
    assert (event.registration, event.capacity) == ("required", 12)
    occurrence = event.occurrences.get()
    assert occurrence.start == datetime(2026, 11, 26, 10, 0, tzinfo=OSLO)
    page.set_viewport_size(NARROW)
    for path in ("/arrangementer/mine/", "/arrangementer/ny/"):
        page.goto(path)
        fits(page, path)
        check_page(page, "narrow")
    context.close()

    # Not in the public calendar yet.
    public = chromium.new_context(base_url=live_server.url, locale="nb-NO")
    anyone = public.new_page()
    anyone.goto("/arrangementer/?date=2026-11-26")
    expect(anyone.locator("main")).not_to_contain_text("Sjakkveld for alle")

    # Holmen's desk staff approve it from the queue, with the keyboard.
    context = signed_in(chromium, live_server, desk)
    page = context.new_page()
    page.goto("/arrangementer/godkjenning/")
    check_page(page, "queue")
    expect(page.locator("main")).to_contain_text("Sjakkveld for alle")
    tab_to(page, f'form[action="/arrangementer/godkjenning/{event.pk}/"] button[type=submit]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/arrangementer/godkjenning/")
    expect(page.locator(".tg-messages")).to_contain_text("Godkjent: Sjakkveld for alle")
    check_page(page, "queue-after")
    event.refresh_from_db()
    assert event.approval == "approved"
    assert Message.objects.filter(template="event.approved", to="sjakk@example.no").exists()
    page.set_viewport_size(NARROW)
    fits(page, "queue")
    context.close()

    anyone.goto("/arrangementer/?date=2026-11-26")
    expect(anyone.locator("main")).to_contain_text("Sjakkveld for alle")
    public.close()

    # Someone registers; the organiser sees the list and messages them, with the keyboard.
    from torget.events.services import registration_create

    registration_create(
        actor=None, occurrence_id=occurrence.pk, name="Kari Nordmann", email="kari@example.no"
    )
    context = signed_in(chromium, live_server, contact)
    page = context.new_page()
    page.goto("/arrangementer/mine/")
    tab_to(page, f'a[href="/arrangementer/{occurrence.pk}/deltakere/"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/arrangementer/{occurrence.pk}/deltakere/")
    expect(page.locator("main")).to_contain_text("Kari Nordmann")
    check_page(page, "participants-organiser")
    tab_to(page, "#message-text")
    page.keyboard.type("Vi starter ti minutter senere.")
    tab_to(page, "form:has(#message-text) button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/arrangementer/{occurrence.pk}/deltakere/")
    expect(page.locator(".tg-messages")).to_contain_text("Meldingen er sendt til 1")
    check_page(page, "participants-sent")
    assert Message.objects.filter(
        template="event.message_to_registrants", to="kari@example.no"
    ).exists()
    page.set_viewport_size(NARROW)
    fits(page, "participants")
    context.close()


def test_the_organiser_changes_moves_and_cancels_from_my_activities(
    frozen, chromium, live_server, transactional_db, check_page, site, people
):
    from torget.events import self_service, services
    from torget.events.models import Event
    from torget.events.services import EventDetails
    from torget.notifications.models import Message

    contact, club, desk = people
    event = self_service.organiser_event_create(
        actor=contact,
        organisation=club,
        details=EventDetails(
            title="Sjakkveld for alle",
            category="meeting_place",
            organiser_type="",
            capacity=12,
            registration="required",
        ),
        space=site.room,
        start=datetime(2026, 11, 26, 10, 0, tzinfo=OSLO),
        end=datetime(2026, 11, 26, 12, 0, tzinfo=OSLO),
    )
    self_service.event_approve(actor=desk, event_id=event.pk)
    occurrence = event.occurrences.get()
    services.registration_create(
        actor=None, occurrence_id=occurrence.pk, name="Kari Nordmann", email="kari@example.no"
    )

    context = signed_in(chromium, live_server, contact)
    page = context.new_page()
    page.goto("/")
    tab_to(page, 'nav a[href="/arrangementer/mine/"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/arrangementer/mine/")
    expect(page.locator("h1")).to_have_text("Mine aktiviteter")
    check_page(page, "mine")

    # Change: the page says first that it goes back to approval.
    tab_to(page, f'a[href="/arrangementer/mine/{event.pk}/endre/"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/arrangementer/mine/{event.pk}/endre/")
    expect(page.locator(".ds-alert")).to_contain_text("venter aktiviteten på godkjenning igjen")
    check_page(page, "edit")
    tab_to(page, "#id_title")
    page.keyboard.press("End")
    page.keyboard.type(" og vafler")
    tab_to(page, "form.tg-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/arrangementer/mine/")
    expect(page.locator(".tg-messages")).to_contain_text("godkjent den på nytt")
    event.refresh_from_db()
    assert (event.title, event.approval) == ("Sjakkveld for alle og vafler", "pending")
    self_service.event_approve(actor=desk, event_id=event.pk)

    # A new time, with the pickers.
    page.goto("/arrangementer/mine/")
    tab_to(page, f'a[href="/arrangementer/mine/dato/{occurrence.pk}/flytt/"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/arrangementer/mine/dato/{occurrence.pk}/flytt/")
    check_page(page, "move")
    tab_to(page, "#id_date")
    page.fill("#id_date", "2026-11-27")
    tab_to(page, "form.tg-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/arrangementer/mine/")
    expect(page.locator(".tg-messages")).to_contain_text("1 påmeldt har fått beskjed")
    occurrence.refresh_from_db()
    assert occurrence.start == datetime(2026, 11, 27, 10, 0, tzinfo=OSLO)
    assert Message.objects.filter(template="event.moved", to="kari@example.no").exists()

    # Cancel: a confirmation page first, without script.
    tab_to(page, f'a[href="/arrangementer/mine/{event.pk}/avlys/"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/arrangementer/mine/{event.pk}/avlys/")
    expect(page.locator("main")).to_contain_text("1 påmeldt får melding om at det er avlyst")
    check_page(page, "cancel")
    page.set_viewport_size(NARROW)
    fits(page, "cancel")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/arrangementer/mine/")
    expect(page.locator("main")).to_contain_text("(avlyst)")
    check_page(page, "mine-cancelled")
    fits(page, "mine-cancelled")
    assert Message.objects.filter(template="event.cancelled", to="kari@example.no").exists()
    assert Event.objects.get().occurrences.get().status == "cancelled"
    context.close()
