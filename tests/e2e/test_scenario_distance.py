"""Who would have further to go, in Chromium: management imports the population grid on its
page (a refused file first: line-numbered, nothing saved), then reads a scenario that closes
Tofte with the distance figures and the map; axe finds nothing on the pages."""

import pytest

from tests.e2e.keyboard import signed_in
from tests.e2e.scenario_imports import refused_then_imported, tofte_closes

pytestmark = pytest.mark.browser


@pytest.fixture
def manager(site):
    from torget.accounts.models import RoleKind
    from torget.accounts.tests.factories import UserFactory

    return UserFactory.with_role("ledelse-avstand", RoleKind.MANAGEMENT)


def test_a_manager_imports_the_grid_and_reads_the_distances(
    chromium, live_server, check_page, site, manager, tmp_path
):
    from torget.scenarios.demo_grid import invented_grid_csv
    from torget.scenarios.models import PopulationGrid

    scenario = tofte_closes(site, manager)
    context = signed_in(chromium, live_server, manager)
    page = context.new_page()
    page.goto("/ansatt/scenarioer/befolkning/")
    check_page(page, "grid-import")
    refused_then_imported(
        page,
        check_page,
        tmp_path,
        label="grid-import",
        bad="x;y;population\n250125;6640125;3\n250125;6640125;4\n",
        good=("asker.csv", invented_grid_csv(cells=800)),
        saved=PopulationGrid.objects.exists,
        imported=lambda: PopulationGrid.objects.get().cells == 800,
    )

    page.goto(f"/ansatt/scenarioer/{scenario.pk}/")
    svg = page.locator("svg.sc-map")
    assert svg.get_attribute("role") == "img"
    assert "haversine" in page.locator("#sc-distance ~ p").first.inner_text()
    check_page(page, "scenario-distance")
    context.close()
