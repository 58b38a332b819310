"""The back office in a Norwegian browser: the two lists of a many-to-many field are
written by the admin's JavaScript, whose texts come from the JavaScript catalogue; the side
menu's filter and the theme button come from the admin templates (issue 17.6)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.keyboard import signed_in

pytestmark = pytest.mark.browser


def test_a_change_form_with_two_lists_is_in_bokmal(chromium, live_server, site):
    from torget.accounts.tests.factories import UserFactory

    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    context = signed_in(chromium, live_server, admin)
    page = context.new_page()
    page.goto("/staff/booking/blockedperiod/add/")
    expect(page.locator("#id_spaces_add_all")).to_have_text("Velg alle lokaler")
    expect(page.locator("#id_spaces_remove_all")).to_have_text("Fjern alle lokaler")
    expect(page.locator("#nav-filter")).to_have_attribute(
        "placeholder", "Begynn å skrive for å filtrere …"
    )
    body = page.locator("body").inner_text()
    expect(page.locator(".selector-available .helptext")).to_contain_text(
        "Velg lokaler ved å markere dem"
    )
    for english in ("Choose", "Remove", "Start typing", "Toggle theme"):
        assert english not in body
    assert "Bytt fargetema" in page.content()
    shots = os.environ.get("TORGET_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{shots}/admin-filter-horizontal-nb.png", full_page=True)
    context.close()


def test_the_sign_in_title_with_an_error_is_in_bokmal(chromium, live_server, site):
    context = chromium.new_context(base_url=live_server.url, locale="nb-NO")
    page = context.new_page()
    page.goto("/staff/login/")
    page.fill("#id_username", "ingen")
    page.fill("#id_password", "feil")
    page.locator('input[type="submit"]').click()
    page.wait_for_load_state("load")
    assert page.title().startswith("Feil: ")
    context.close()


def test_the_back_office_lists_pass_axe(chromium, live_server, site, check_page):
    # The breadcrumbs' links differed from the text around them by colour alone (axe's
    # link-in-text-block on every admin page); Torget's admin stylesheet underlines them.
    from torget.accounts.tests.factories import UserFactory

    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    context = signed_in(chromium, live_server, admin)
    page = context.new_page()
    for path in ("/staff/core/schedulestate/", "/staff/auditlog/logentry/"):
        page.goto(path)
        expect(page.locator("div.breadcrumbs a").first).to_have_css(
            "text-decoration-line", "underline"
        )
        check_page(page)
    context.close()
