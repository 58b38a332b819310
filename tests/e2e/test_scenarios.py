"""A scenario in Chromium: management makes one with the form (submitted with the keyboard),
reads what closing Tofte displaces, and axe finds nothing on either page."""

import re
from datetime import timedelta
from decimal import Decimal

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


def test_a_manager_builds_a_scenario_with_the_keyboard_and_reads_the_memo(
    chromium, live_server, check_page, site, manager
):
    """Keyboard only (Tab, typing, arrows, Space, Enter — no clicks): the form with a cost
    per staffed hour, the memo with its charts and the saving, then three scenarios at most
    side by side. axe finds nothing on the form, the memo or the comparison."""
    from torget.core.timeutil import today
    from torget.scenarios import grid
    from torget.scenarios.demo_grid import invented_grid_csv

    # The hubs on the map and a small grid, imported through the grid's own service.
    for hub, (lat, lon) in (
        (site.tofte, ("59.5448", "10.5633")),
        (site.holmen, ("59.8549", "10.4918")),
    ):
        hub.latitude, hub.longitude = Decimal(lat), Decimal(lon)
        hub.save()
    grid.import_grid(actor=grid.OPERATOR, data=invented_grid_csv(cells=400), invented=True)
    starts = today() + timedelta(days=14)
    context = signed_in(chromium, live_server, manager)
    page = context.new_page()
    page.goto("/ansatt/scenarioer/ny/")
    check_page(page, "scenario-form-keyboard")
    tab_to(page, "#id_name")
    page.keyboard.type("Tofte stenger, med kostnad")
    tab_to(page, "#id_starts")
    # The date field's segments in Chromium's own (en-US) order, whatever the page's language.
    page.keyboard.type(starts.strftime("%m%d%Y"))
    tab_to(page, "#id_cost_per_staffed_hour")
    page.keyboard.type("650")
    tab_to(page, "#id_changes-0-kind")
    page.keyboard.press("ArrowDown")  # the first change there is: close the hub
    tab_to(page, "#id_changes-0-hub")
    page.keyboard.type("Tofte")
    assert page.input_value("#id_starts") == starts.isoformat()
    assert page.input_value("#id_changes-0-kind") == "close"
    assert page.input_value("#id_changes-0-hub") == str(site.tofte.pk)
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/ansatt/scenarioer/\d+/$"))
    assert page.locator("h1").inner_text() == "Tofte stenger, med kostnad"
    memo = page.locator("main")
    for section in ("#sc-headline", "#sc-room", "#sc-distance", "#sc-words", "#sc-hours"):
        assert memo.locator(section).count() == 1
    # The memo's contents lead to every section, room elsewhere and distance among them.
    contents = memo.locator("nav[aria-labelledby=sc-contents] a")
    assert "#sc-room" in [contents.nth(n).get_attribute("href") for n in range(contents.count())]
    room = memo.locator("section[aria-labelledby=sc-room]").inner_text()
    assert "Rom andre steder" in room or "Room elsewhere" in room
    assert memo.locator("svg.sc-map[role=img]").count() == 1  # the map, checked by axe below
    assert memo.locator("svg.sc-chart[role=img]").count() >= 2
    body = memo.inner_text()
    distance = " ".join(memo.locator("#sc-distance ~ p").all_inner_texts())
    assert re.search(r"(would have further to go|ville fått lenger vei)", distance), distance
    # Tofte staffed weekdays 09–15: every staffed hour of the year goes, at kr 650 an hour.
    assert "kr\u00a0" in body and "650" in body
    assert memo.get_by_role("link", name=re.compile("PDF")).count() == 1
    check_page(page, "scenario-memo")

    # Compare: tick with Space, submit with Enter.
    page.goto("/ansatt/scenarioer/sammenlign/")
    check_page(page, "scenario-compare-empty")
    tab_to(page, "input[type=checkbox]")
    page.keyboard.press("Space")
    tab_to(page, "form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"sammenlign/\?scenario=\d+$"))
    assert page.locator("#compare-caption").count() == 1
    check_page(page, "scenario-compare")
    context.close()
