"""Who would have further to go, in Chromium: management imports the population grid on its
page (a refused file first: line-numbered, nothing saved), then reads a scenario that closes
Tofte with the distance figures and the map; axe finds nothing on the pages."""

from datetime import timedelta
from decimal import Decimal

import pytest

from tests.e2e.keyboard import signed_in

pytestmark = pytest.mark.browser


@pytest.fixture
def manager(site):
    from torget.accounts.models import RoleKind
    from torget.accounts.tests.factories import UserFactory

    return UserFactory.with_role("ledelse-avstand", RoleKind.MANAGEMENT)


def test_a_manager_imports_the_grid_and_reads_the_distances(
    chromium, live_server, check_page, site, manager, tmp_path
):
    from torget.core.timeutil import today
    from torget.scenarios.demo_grid import invented_grid_csv
    from torget.scenarios.models import ChangeKind, PopulationGrid
    from torget.scenarios.services import ChangeSpec, create_scenario

    site.tofte.latitude, site.tofte.longitude = Decimal("59.54480"), Decimal("10.56330")
    site.tofte.save()
    scenario = create_scenario(
        actor=manager,
        name="Tofte stenger",
        starts=today() + timedelta(days=7),
        assumptions="",
        changes=[ChangeSpec(kind=ChangeKind.CLOSE, hub=site.tofte)],
    )
    context = signed_in(chromium, live_server, manager)
    page = context.new_page()
    page.goto("/ansatt/scenarioer/befolkning/")
    check_page(page, "grid-import")

    bad = tmp_path / "feil.csv"
    bad.write_text("x;y;population\n250125;6640125;3\n250125;6640125;4\n")
    page.set_input_files("#id_file", str(bad))
    page.locator("main button[type=submit]").press("Enter")
    page.wait_for_selector("#error-summary")
    assert "3" in page.locator("#error-summary").inner_text()
    assert not PopulationGrid.objects.exists()
    check_page(page, "grid-import-refused")

    good = tmp_path / "asker.csv"
    good.write_bytes(invented_grid_csv(cells=800))
    page.set_input_files("#id_file", str(good))
    page.locator("main button[type=submit]").press("Enter")
    page.wait_for_selector("#import-result")
    assert PopulationGrid.objects.get().cells == 800
    check_page(page, "grid-import-done")

    page.goto(f"/ansatt/scenarioer/{scenario.pk}/")
    svg = page.locator("svg.sc-map")
    assert svg.get_attribute("role") == "img"
    assert "haversine" in page.locator("#sc-distance ~ p").first.inner_text()
    check_page(page, "scenario-distance")
    context.close()
