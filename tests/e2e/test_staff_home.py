"""The staff home ("Min arbeidsdag") in Chromium: each staff persona signs in, lands on it,
and reaches every tool in the staff menu with the keyboard only; axe finds nothing, and
the page does not scroll sideways at 320 px."""

from datetime import datetime, time, timedelta
from urllib.parse import urlparse

import pytest

from tests.e2e.keyboard import NARROW, fits, tab_to

pytestmark = pytest.mark.browser

PASSWORD = "demo-passord-123"  # the factories' password
MENU = 'nav[aria-label="Ansattmeny"]'


@pytest.fixture
def day(site):
    """Holmen's working day: a booking today with a key out, one waiting for approval, a
    callback request, an inquiry at the desk; and the staff personas."""
    from torget.accounts.models import RoleKind
    from torget.accounts.tests.factories import OrganisationFactory, UserFactory
    from torget.booking.models import Approval, BookingPolicy, KeyLoan
    from torget.booking.services import BookingRequest, booking_create
    from torget.core.timeutil import local_tz, today
    from torget.desk.models import CallbackRequest
    from torget.desk.services import default_topics_ensure

    default_topics_ensure()  # transactional tests flush the data migration's rows
    desk = UserFactory.with_role("desk-holmen", RoleKind.DESK_STAFF, hub=site.holmen)
    contact = UserFactory(username="org-sjakk")
    chess = OrganisationFactory.with_contact(contact, name="Asker sjakklubb (oppdiktet)")
    tz = local_tz()
    late = datetime.combine(today(), time(22), tzinfo=tz)
    booking_create(
        actor=desk,
        request=BookingRequest(
            space=site.room,
            start=late,
            end=late + timedelta(hours=1),
            title="Sjakk for viderekomne",
            organiser_type="voluntary",
            organisation=chess,
            kind="meeting",
            expected_participants=8,
            override_reason="Fast avtale med sjakklubben",  # whatever the hour the test runs
        ),
    )
    KeyLoan.objects.create(hub=site.holmen, label="Kort 14", holder="Per Sjakk", organisation=chess)
    BookingPolicy.objects.create(hub=site.holmen, approval=Approval.REQUIRED)
    soon = datetime.combine(today() + timedelta(days=3), time(18), tzinfo=tz)
    booking_create(
        actor=contact,
        request=BookingRequest(
            space=site.room,
            start=soon,
            end=soon + timedelta(hours=2),
            title="Styremøte i sjakklubben",
            organiser_type="voluntary",
            organisation=chess,
            kind="meeting",
            expected_participants=6,
            override_reason="",
        ),
    )
    CallbackRequest.objects.create(hub=site.holmen, phone="99 88 77 66", topic="tax", consent=True)
    building = OrganisationFactory(name="Byggesak", kind="municipal")
    return {
        "desk-holmen": desk,
        "leder": UserFactory.with_role("leder", RoleKind.HUB_LEADER, hub=site.holmen),
        "ledelse": UserFactory.with_role("ledelse", RoleKind.MANAGEMENT),
        "admin": UserFactory(username="admin", is_staff=True, is_superuser=True),
        "saksbehandler": UserFactory.with_role(
            "saksbehandler", RoleKind.CASE_OFFICER, service=building
        ),
    }


def sign_in_to_back_office(page, username: str) -> None:
    page.goto("/staff/login/")
    page.locator("#id_username").focus()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlparse(url).path == "/ansatt/")


def sign_in_by_link(page, user) -> None:
    from torget.accounts.login import email_link

    page.goto(f"/logg-inn/{email_link.make_token(user)}/")
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlparse(url).path == "/ansatt/")


def menu_links(page) -> list[tuple[str, str]]:
    links = page.locator(f"{MENU} a")
    return [
        (links.nth(i).get_attribute("href"), links.nth(i).inner_text())
        for i in range(links.count())
    ]


def visit_every_tool(page, check_page) -> list[str]:
    """From the staff home, Tab to each menu entry and press Enter; every tool opens."""
    visited = []
    for href, label in menu_links(page):
        page.goto("/ansatt/")
        tab_to(page, f'{MENU} a[href="{href}"]')
        with page.expect_navigation():
            page.keyboard.press("Enter")
        path = urlparse(page.url).path
        assert path.startswith(href), f"{label}: {href} went to {path}"
        assert page.locator("h1").count() >= 1, label
        if not href.startswith("/staff/"):
            # The menu is on every staff page, with this tool marked as the current one.
            current = page.locator(f'{MENU} a[aria-current="page"]')
            assert current.count() == 1 and current.get_attribute("href") == href, label
        visited.append(label)
    return visited


@pytest.mark.parametrize(
    ("username", "tools"),
    [
        (
            "desk-holmen",
            [
                "Min arbeidsdag",
                "Skranke",
                "Bookinger",
                "Godkjenning av aktiviteter",
                "Timeliste",
                "Frivillige",
                "Meråpent",
                "Sesongfordeling",
                "Nøkkeltall",
                "Medvirkning",
                "Administrasjon",
            ],
        ),
        (
            "ledelse",
            ["Min arbeidsdag", "Nøkkeltall", "Scenarioer", "Medvirkning", "Administrasjon"],
        ),
    ],
)
def test_staff_sign_in_land_on_their_day_and_reach_every_tool_by_keyboard(
    page, check_page, day, username, tools
):
    sign_in_to_back_office(page, username)
    assert page.locator("h1").inner_text() == "Min arbeidsdag"
    check_page(page, f"workday-{username}")
    assert visit_every_tool(page, check_page) == tools


@pytest.mark.parametrize("username", ["leder", "admin"])
def test_leaders_and_administrators_reach_every_tool_by_keyboard(page, check_page, day, username):
    sign_in_to_back_office(page, username)
    text = page.locator("main").inner_text()
    assert "Sjakk for viderekomne" in text and "Kort 14: Per Sjakk" in text
    assert "Styremøte i sjakklubben" in text  # waiting for approval
    check_page(page, f"workday-{username}")
    tools = visit_every_tool(page, check_page)
    assert tools[0] == "Min arbeidsdag" and tools[-1] == "Administrasjon"
    assert "Godkjenning av aktiviteter" in tools


def test_a_case_officer_signs_in_by_link_and_reaches_the_agenda(page, check_page, day):
    sign_in_by_link(page, day["saksbehandler"])
    assert page.locator("main").inner_text().count("Din kontortid i dag") == 1
    check_page(page, "workday-case-officer")
    assert visit_every_tool(page, check_page) == ["Min arbeidsdag", "Timeliste"]


def test_the_working_day_fits_a_phone(chromium, live_server, check_page, day):
    from tests.e2e.keyboard import signed_in

    context = signed_in(chromium, live_server, day["leder"])
    page = context.new_page()
    page.set_viewport_size(NARROW)
    page.goto("/ansatt/")
    fits(page, "Min arbeidsdag")
    check_page(page, "workday-narrow")
    context.close()
