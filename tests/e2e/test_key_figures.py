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
    user = UserFactory.with_role("ledelse-e2e", RoleKind.MANAGEMENT, password=PASSWORD)
    _organisations_and_bookings(site, user)
    return user


def _organisations_and_bookings(site, user) -> None:
    """Three organisations' activities and two confirmed bookings of the meeting room (2023)."""
    from datetime import datetime

    from torget.accounts.tests.factories import OrganisationFactory
    from torget.booking.models import Booking, Occupancy
    from torget.core.timeutil import OSLO
    from torget.ledger.services import LedgerFact, ledger_record_many

    facts = []
    for n, name in enumerate(
        ["Asker sjakklubb", "Holmen husflidslag", "Vollen pensjonistforening"]
    ):
        org = OrganisationFactory(name=f"{name} (oppdiktet)")
        facts.append(
            (
                f"e2e-org:{n}",
                LedgerFact(
                    hub_id=site.holmen.pk,
                    date=date(2023, 3, 1 + n),
                    kind="activity",
                    organiser_type="voluntary",
                    count=30 - 7 * n,
                    organisation_id=org.pk,
                ),
            )
        )
    ledger_record_many(source="import", facts=facts)
    for day in (7, 9):
        start = datetime(2023, 3, day, 10, tzinfo=OSLO)
        end = datetime(2023, 3, day, 12, tzinfo=OSLO)
        booking = Booking.objects.create(
            space=site.room,
            start=start,
            end=end,
            title="Møte",
            organiser_type="voluntary",
            kind="meeting",
            booked_by=user,
        )
        Occupancy.objects.create(booking=booking, unit=site.room, start=start, end=end)


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
    organisations = page.locator("#kf-organisations-caption").locator("xpath=..")
    assert organisations.locator("tbody tr").count() == 3
    assert "Asker sjakklubb" in organisations.locator("tbody tr").first.inner_text()
    assert page.locator("#kf-util-spaces-caption").is_visible()
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


IMPORT_HEADER = "dato;torg;arrangør;type;antall;tema\n"
IMPORT_GOOD = IMPORT_HEADER + (
    "01.02.2019;Holmen;kommunal;aktivitet;5;\n"
    "02.02.2019;holmen;ikke-kommunal;møte;;\n"
    "03.02.2019;TOFTE;;henvendelse;3;tax\n"
)
IMPORT_BAD = IMPORT_GOOD + "31.02.2019;Nowhere;kommunal;aktivitet;1;\n"


@pytest.fixture
def administrator(site):
    from torget.accounts.tests.factories import UserFactory

    return UserFactory(username="admin-e2e", is_staff=True, is_superuser=True, password=PASSWORD)


def _focused(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def _upload_with_the_keyboard(page, text: str, dry_run: bool) -> None:
    """Tab to the file field, choose the file (the browser's dialog), tab on, submit."""
    page.locator("body").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if _focused(page) == "id_file":
            break
    assert _focused(page) == "id_file", "the file field cannot be reached with Tab"
    page.locator("#id_file").set_input_files(
        files=[{"name": "historikk.csv", "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.keyboard.press("Tab")
    assert _focused(page) == "id_dry_run"
    if page.locator("#id_dry_run").is_checked() != dry_run:
        page.keyboard.press("Space")
    assert page.locator("#id_dry_run").is_checked() == dry_run
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_administrator_imports_with_the_keyboard(page, check_page, administrator):
    from torget.ledger.models import LedgerEntry

    page.goto("/staff/login/?next=/nokkeltall/import/")
    page.locator("#id_username").fill(administrator.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit], button[type=submit]").first.click()
    page.wait_for_url("**/nokkeltall/import/")
    check_page(page, "import-empty")

    # One bad row: nothing written, the line named in the error summary.
    _upload_with_the_keyboard(page, IMPORT_BAD, dry_run=False)
    summary = page.locator(".ds-error-summary")
    assert summary.is_visible()
    assert "5" in summary.locator("li").first.inner_text()
    assert "Nowhere" in summary.inner_text()
    assert LedgerEntry.objects.count() == 0
    check_page(page, "import-rejected")

    # A dry run counts per hub and kind, writes nothing.
    _upload_with_the_keyboard(page, IMPORT_GOOD, dry_run=True)
    assert page.locator("#kf-import-caption").is_visible()
    assert LedgerEntry.objects.count() == 0
    check_page(page, "import-dry-run")

    # The real import; its result page survives a reload without importing twice.
    _upload_with_the_keyboard(page, IMPORT_GOOD, dry_run=False)
    page.wait_for_url("**/nokkeltall/import/?done=*")
    rows = page.locator("#kf-import-caption").locator("xpath=..").locator("tbody tr")
    assert rows.count() == 2
    assert LedgerEntry.objects.count() == 3
    check_page(page, "import-done")
    page.reload()
    assert LedgerEntry.objects.count() == 3

    page.set_viewport_size(NARROW)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"the import page scrolls sideways at 320 px ({width} px)"
