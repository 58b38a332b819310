"""The key-figures page in Chromium: a manager signs in, reads the figure, axe finds nothing."""

from datetime import date

import pytest

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 800}
PASSWORD = "demo-passord-123"


@pytest.fixture
def manager(site):
    from torget.accounts.models import RoleKind
    from torget.accounts.tests.factories import UserFactory
    from torget.ledger.demo import facts_for
    from torget.ledger.services import ledger_record_many

    # The demo's 2023 rows for the two hubs of the site (weights and months as the demo's).
    ledger_record_many(source="import", facts=facts_for([site.holmen, site.tofte]))
    _ = date
    return UserFactory.with_role("ledelse-e2e", RoleKind.MANAGEMENT, password=PASSWORD)


def sign_in(page, username: str) -> None:
    page.goto("/staff/login/?next=/nokkeltall/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit], button[type=submit]").first.click()
    page.wait_for_url("**/nokkeltall/")


def test_manager_reads_the_2023_figure_with_charts_and_tables(page, check_page, manager):
    sign_in(page, manager.username)
    check_page(page, "key-figures-default")

    page.locator("#id_period").select_option("year")
    page.locator("#id_year").fill("2023")
    page.locator("form.kf-form button[type=submit]").click()
    page.wait_for_url("**/nokkeltall/?*year=2023*")
    charts = page.locator("svg[role=img]")
    assert charts.count() >= 4
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert chart.locator("title").count() == 1 and chart.locator("desc").count() == 1
        assert chart.get_attribute("aria-labelledby")
    memo = page.locator("#kf-memo-caption").locator("xpath=..")
    assert memo.locator("tbody tr").count() == 2
    assert page.locator("#kf-hubs-caption").is_visible()
    check_page(page, "key-figures-2023")

    page.set_viewport_size(NARROW)
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"the page scrolls sideways at 320 px ({width} px wide)"
    check_page(page, "key-figures-2023-narrow")


def test_bad_custom_period_shows_an_error_summary(page, check_page, manager):
    sign_in(page, manager.username)
    page.goto("/nokkeltall/?period=custom&year=2023&start=2023-05-01&end=2023-01-01&hub=")
    assert page.locator(".ds-error-summary").is_visible()
    check_page(page, "key-figures-error")
