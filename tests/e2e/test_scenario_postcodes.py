"""Where users come from, in Chromium: management imports the postcode areas on their page
(a refused file first: line-numbered, nothing saved), then reads a scenario that closes Tofte
with users counted per postcode area; axe finds nothing on the pages."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest

from tests.e2e.keyboard import signed_in

pytestmark = pytest.mark.browser


@pytest.fixture
def manager(site):
    from torget.accounts.models import RoleKind
    from torget.accounts.tests.factories import UserFactory

    return UserFactory.with_role("ledelse-postnummer", RoleKind.MANAGEMENT)


def test_a_manager_imports_postcode_areas_and_reads_users_by_postcode(
    chromium, live_server, check_page, site, manager, tmp_path
):
    from django.utils import timezone

    from torget.booking.models import Booking
    from torget.core.timeutil import today
    from torget.places.tests.factories import SpaceFactory
    from torget.scenarios.demo_postcodes import csv_text
    from torget.scenarios.models import ChangeKind, PostcodeList
    from torget.scenarios.services import ChangeSpec, create_scenario

    site.tofte.latitude, site.tofte.longitude = Decimal("59.54480"), Decimal("10.56330")
    site.tofte.save()
    room = SpaceFactory(hub=site.tofte, name="Møterom")
    for code in ("3482", "3482", "3480"):
        start = timezone.now() - timedelta(days=3)
        Booking.objects.create(
            space=room,
            start=start,
            end=start + timedelta(hours=1),
            title="Møte",
            organiser_type="resident",
            kind="meeting",
            booked_by=manager,
            postcode=code,
        )
    scenario = create_scenario(
        actor=manager,
        name="Tofte stenger",
        starts=today() + timedelta(days=7),
        assumptions="",
        changes=[ChangeSpec(kind=ChangeKind.CLOSE, hub=site.tofte)],
    )
    context = signed_in(chromium, live_server, manager)
    page = context.new_page()
    page.goto("/ansatt/scenarioer/postnummer/")
    check_page(page, "postcode-import")

    bad = tmp_path / "feil.csv"
    bad.write_text("postnummer;lat;lon\n3482;59.5;10.5\n34a2;59.5;10.5\n")
    page.set_input_files("#id_file", str(bad))
    page.locator("main button[type=submit]").press("Enter")
    page.wait_for_selector("#error-summary")
    assert "3" in page.locator("#error-summary").inner_text()
    assert not PostcodeList.objects.exists()
    check_page(page, "postcode-import-refused")

    good = tmp_path / "postnummer.csv"
    good.write_bytes(csv_text())
    page.set_input_files("#id_file", str(good))
    page.locator("main button[type=submit]").press("Enter")
    page.wait_for_selector("#import-result")
    assert PostcodeList.objects.exists()
    check_page(page, "postcode-import-done")

    page.goto(f"/ansatt/scenarioer/{scenario.pk}/")
    # The memo's postcode section counts the three users, and with fewer than five users
    # in each area it names none of them: they stand together as other areas.
    tables = "\n".join(page.locator("caption[id^='sc-postcodes-table-'] ~ tbody").all_inner_texts())
    assert re.search(r"(Totalt|Total)\t—\t3\t", tables), tables
    assert re.search(r"(Andre områder|Other areas)\t2 ", tables), tables
    assert "3482" not in tables
    check_page(page, "scenario-postcodes")
    context.close()
