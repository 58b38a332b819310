"""A scenario in Chromium: management makes one with the form (submitted with the keyboard),
reads what closing Tofte displaces, and axe finds nothing on either page."""

import re
from datetime import timedelta

import pytest

from tests.e2e.keyboard import signed_in, tab_to

pytestmark = pytest.mark.browser


@pytest.fixture
def manager(site):
    from torget.accounts.models import RoleKind
    from torget.accounts.tests.factories import UserFactory

    return UserFactory.with_role("ledelse-scenario", RoleKind.MANAGEMENT)


def test_a_manager_makes_a_scenario_and_reads_it(chromium, live_server, check_page, site, manager):
    from torget.core.timeutil import today

    context = signed_in(chromium, live_server, manager)
    page = context.new_page()
    page.goto("/ansatt/scenarioer/ny/")
    check_page(page, "scenario-form")
    page.fill("#id_name", "Tofte stenger")
    page.fill("#id_starts", (today() + timedelta(days=7)).isoformat())
    page.select_option("#id_changes-0-kind", "close")
    page.select_option("#id_changes-0-hub", str(site.tofte.pk))
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    # A number, not "ny/": the form's own address would match a glob at once.
    page.wait_for_url(re.compile(r"/ansatt/scenarioer/\d+/$"))
    assert page.locator("h1").inner_text() == "Tofte stenger"
    body = page.locator("main").inner_text()
    assert "Hva skjer der i dag" in body
    assert "Ingenting er booket eller planlagt der fra datoen." in body
    check_page(page, "scenario-page")
    context.close()
