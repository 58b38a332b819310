"""Meråpent in the browser: desk staff register an agreement with the keyboard only (Tab,
typing, Space and Enter; no clicks), the resident sees it on their page, the keypad opens
in self-service hours and refuses once staff revoke it. Axe finds nothing on the staff
pages, the public Meråpent page or the resident's page."""

from datetime import datetime
from unittest import mock

import pytest
from playwright.sync_api import expect

from tests.e2e.keyboard import signed_in, tab_to
from torget.core.timeutil import OSLO

pytestmark = pytest.mark.browser

# Monday 23 November 2026, 19:00: Holmen is in self-service hours (staffed 09–15).
EVENING = datetime(2026, 11, 23, 19, 0, tzinfo=OSLO)
CARD = "4000 5000 60"


@pytest.fixture
def meraapent(site):
    from torget.access.models import Door, HubAccessPolicy
    from torget.accounts.models import RoleKind
    from torget.accounts.tests.factories import UserFactory

    HubAccessPolicy.objects.create(
        hub=site.holmen,
        age_limit=18,
        uses_pin=True,
        agreement_text_nb="Jeg slipper ikke inn andre og følger husreglene.",
        agreement_text_en="I let nobody else in and follow the house rules.",
    )
    door = Door.objects.create(hub=site.holmen, label="Hovedinngang", external_id="H-1")
    desk = UserFactory.with_role("desk-e2e", RoleKind.DESK_STAFF, hub=site.holmen)
    resident = UserFactory(username="kari", first_name="Kari", email="kari@example.no")
    with mock.patch("django.utils.timezone.now", return_value=EVENING):
        yield desk, resident, door


def keypad(page, door, card: str, pin: str) -> str:
    """Type the card and PIN at the demo keypad; the answer's colour (success, danger)."""
    page.goto(f"/meraapent/dor/{door.pk}/")
    tab_to(page, "#id_code")
    page.keyboard.type(card)
    page.keyboard.press("Tab")
    page.keyboard.type(pin)
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    return page.locator(".ds-alert").first.get_attribute("data-color") or ""


def test_staff_register_with_the_keyboard_and_the_door_follows(
    chromium, live_server, check_page, meraapent
):
    from torget.access.models import SelfServiceAgreement

    desk, resident, door = meraapent
    staff = signed_in(chromium, live_server, desk).new_page()
    staff.goto("/ansatt/meraapent/")
    expect(staff.locator("h1")).to_contain_text("Holmen")
    check_page(staff, "meraapent-staff")

    tab_to(staff, 'a[href="/ansatt/meraapent/ny/?hub=holmen"]')
    staff.keyboard.press("Enter")
    staff.wait_for_url("**/ansatt/meraapent/ny/?hub=holmen")
    check_page(staff, "meraapent-register")

    tab_to(staff, "#id_account")
    staff.keyboard.type("kari@example.no")
    tab_to(staff, "#id_birth_date")
    staff.keyboard.type("01051980")  # the date field in the browser's own order
    tab_to(staff, "#id_id_checked")
    staff.keyboard.press("Space")
    tab_to(staff, "#id_accepted")
    staff.keyboard.press("Space")
    tab_to(staff, "#id_credential")
    staff.keyboard.type(CARD)
    tab_to(staff, "#id_pin")
    staff.keyboard.type("2468")
    assert staff.locator("#id_hubs_0").is_checked()  # the page's own hub, chosen already
    tab_to(staff, "form.acc-form button[type=submit]")
    staff.keyboard.press("Enter")
    staff.wait_for_url("**/ansatt/meraapent/avtale/**")
    agreement = SelfServiceAgreement.objects.get()
    assert agreement.user == resident and agreement.valid_until.isoformat() == "2027-11-23"
    check_page(staff, "meraapent-agreement")

    # The resident sees it on their own page; the public page tells the rules.
    mine = signed_in(chromium, live_server, resident).new_page()
    mine.goto("/booking/mine/")
    expect(mine.locator("#meraapent-heading")).to_be_visible()
    expect(mine.locator("main")).to_contain_text("23.11.2027")
    check_page(mine, "meraapent-mine")
    mine.goto("/meraapent/holmen/")
    expect(mine.locator("main")).to_contain_text("Jeg slipper ikke inn andre")
    check_page(mine, "meraapent-public")

    # In self-service hours the card and PIN open the door.
    assert keypad(mine, door, CARD, "2468") == "success"
    check_page(mine, "meraapent-keypad-open")

    # Staff revoke it with a reason, with the keyboard: the next try is refused.
    tab_to(staff, "#id_revoke-reason")
    staff.keyboard.type("Slapp inn andre")
    tab_to(staff, "button[data-color=danger]")
    staff.keyboard.press("Enter")
    staff.wait_for_load_state("load")
    expect(staff.locator(".tg-messages")).to_be_visible()
    agreement.refresh_from_db()
    assert agreement.revoked_at is not None
    assert keypad(mine, door, CARD, "2468") == "danger"

    # The log says who was let in and why the last try was refused; axe on the log and on
    # the emergency page's two steps.
    staff.goto("/ansatt/meraapent/logg/?hub=holmen")
    expect(staff.locator("table tbody tr")).to_have_count(2)
    check_page(staff, "meraapent-log")
    staff.goto("/ansatt/meraapent/trekk-tilbake-alle/?hub=holmen")
    check_page(staff, "meraapent-revoke-all")
    tab_to(staff, "#id_reason")
    staff.keyboard.type("Vannskade")
    tab_to(staff, "form.acc-form button[type=submit]")
    staff.keyboard.press("Enter")
    expect(staff.locator("#confirm-box")).to_be_visible()
    check_page(staff, "meraapent-revoke-all-confirm")
