"""Where users come from, in Chromium: management imports the postcode areas on their page
(a refused file first: line-numbered, nothing saved), then reads a scenario that closes Tofte
with users counted per postcode area; axe finds nothing on the pages."""

import re
from datetime import timedelta

import pytest

from tests.e2e.keyboard import signed_in
from tests.e2e.scenario_imports import refused_then_imported, tofte_closes

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
    from torget.places.tests.factories import SpaceFactory
    from torget.scenarios.demo_postcodes import csv_text
    from torget.scenarios.models import PostcodeList

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
    scenario = tofte_closes(site, manager)
    context = signed_in(chromium, live_server, manager)
    page = context.new_page()
    page.goto("/ansatt/scenarioer/postnummer/")
    check_page(page, "postcode-import")
    refused_then_imported(
        page,
        check_page,
        tmp_path,
        label="postcode-import",
        bad="postnummer;lat;lon\n3482;59.5;10.5\n34a2;59.5;10.5\n",
        good=("postnummer.csv", csv_text()),
        saved=PostcodeList.objects.exists,
        imported=PostcodeList.objects.exists,
    )

    page.goto(f"/ansatt/scenarioer/{scenario.pk}/")
    # The memo's postcode section counts the three users, and with fewer than five users
    # in each area it names none of them: they stand together as other areas.
    tables = "\n".join(page.locator("caption[id^='sc-postcodes-table-'] ~ tbody").all_inner_texts())
    assert re.search(r"(Totalt|Total)\t—\t3\t", tables), tables
    assert re.search(r"(Andre områder|Other areas)\t2 ", tables), tables
    assert "3482" not in tables
    check_page(page, "scenario-postcodes")
    context.close()
