"""Who would have further to go (issue 18, item 5) and its map (item 8): the population grid
imported all or nothing with line-numbered errors, the distance figures equal to a brute-force
count on a small grid, and the figures on the scenario page, in its map and in the API."""

import math
import random
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from torget.core.errors import PermissionDenied, ValidationFailed
from torget.core.timeutil import today
from torget.places.tests.factories import HubFactory
from torget.scenarios import grid
from torget.scenarios.demo_grid import invented_cells, invented_grid_csv
from torget.scenarios.distance import distance
from torget.scenarios.maps import distance_map_svg
from torget.scenarios.models import ChangeKind, PopulationCell, PopulationGrid
from torget.scenarios.services import ChangeSpec, create_scenario
from torget.scenarios.tests.importing import as_operator, refusal

pytestmark = pytest.mark.django_db

PAGE = "/ansatt/scenarioer/befolkning/"
# Three hubs in Asker (WGS84) and the grid cells around them, in EPSG:25833.
HUBS = {
    "Holmen": (59.8549, 10.4918),
    "Tofte": (59.5448, 10.5633),
    "Sætre": (59.6792, 10.5246),
}


@pytest.fixture(autouse=True)
def _english():
    """The messages are checked in English (the source strings); pages are served in nb."""
    from django.utils import translation

    with translation.override("en"):
        yield


def _place(hub, name: str) -> None:
    hub.latitude, hub.longitude = (Decimal(str(v)) for v in HUBS[name])
    hub.save()


@pytest.fixture
def hubs(personas):
    _place(personas.holmen, "Holmen")
    _place(personas.tofte, "Tofte")
    saetre = HubFactory.with_hours("Sætre")
    _place(saetre, "Sætre")
    return personas.holmen, personas.tofte, saetre


def _import(data: bytes | str, **kwargs):
    return as_operator(grid.import_grid, data, "grid.csv", **kwargs)


def _close(personas, hub):
    return create_scenario(
        actor=personas.management,
        name=f"{hub.name} stenger",
        starts=today() + timedelta(days=7),
        assumptions="",
        changes=[ChangeSpec(kind=ChangeKind.CLOSE, hub=hub)],
    )


# --- The grid file ------------------------------------------------------------------------------


def test_ssbid_is_the_lower_left_corner_offset_by_two_million():
    """Statistics Norway: ssbid = (easting + 2,000,000) × 10^7 + northing of the corner."""
    assert grid.ssbid_centre(22500006640000) == (250125, 6640125)
    assert grid.ssbid_of(250125, 6640125) == 22500006640000
    # West of the zone's origin the easting is negative; the id stays positive.
    assert grid.ssbid_centre(19500006900000) == (-49875, 6900125)


def test_both_forms_import_and_get_wgs84_at_import():
    result = _import("ssbid;population;age_67_plus\n22500006640000;40;9\n22502506640000;12;\n")
    assert result.imported and result.cells == 2 and result.population == 52
    cell = PopulationCell.objects.get(x=250125, y=6640125)
    assert (cell.population, cell.age_67_plus) == (40, 9)
    # The centre (250125, 6640125) lies in Asker: about 59.823° N, 10.542° E.
    assert cell.latitude == pytest.approx(59.8231, abs=1e-3)
    assert cell.longitude == pytest.approx(10.5417, abs=1e-3)

    _import("x;y;population\n250125;6640125;7\n")
    # A new file replaces the grid whole.
    assert PopulationGrid.objects.count() == 1
    assert list(PopulationCell.objects.values_list("population", flat=True)) == [7]
    assert PopulationGrid.objects.get().has_ages is False


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("", "The file is empty."),
        ("x;y;population\n", "no cells"),
        ("ost;nord;folk\n1;2;3\n", "columns this import does not know"),
        ("x;population\n250125;3\n", "needs either ssbid or both x and y"),
        ("ssbid;x;y;population\n1;2;3;4\n", "both ssbid and x;y"),
        ("x;y\n250125;6640125\n", "lacks the column population"),
        ("x;y;population\n250125;6640125;3\n250125;6640125;4\n", "Line 3: the same cell as line 2"),
        ("x;y;population\n250125;6640125;3\n5000000;100;4\n", "Line 3: the cell"),
        # Inside the coarse UTM extent, but in the Skagerrak south of Norway (57.8° N).
        ("x;y;population\n-100000;6450000;3\n", "Line 2: the cell"),
        ("x;y;population\n250125;6640125;tre\n", "Line 2: population 'tre' is not a whole number"),
        ("ssbid;population\n123;4\n", "Line 2: ssbid '123' is not a 14-digit"),
        ("ssbid;population\n22500106640000;4\n", "is not the corner of a 250 m cell"),
        ("x;y;population;age_67_plus\n250125;6640125;3;5\n", "Line 2: age_67_plus (5) is more"),
    ],
)
def test_bad_files_are_refused_with_line_numbers_and_nothing_saved(data, expected):
    _import("x;y;population\n250125;6640125;9\n")  # the grid in use stays as it was
    assert expected in refusal(_import, data)
    assert list(PopulationCell.objects.values_list("population", flat=True)) == [9]


def test_a_latin1_file_is_refused_with_the_line_of_its_first_bad_byte():
    data = "x;y;population\n250125;6640125;3\n250375;6640125;4 # Sætre\n".encode("latin-1")
    with pytest.raises(ValidationFailed) as caught:
        _import(data)
    assert "Line 3 is not UTF-8" in " ".join(grid.refused(caught.value))
    assert not PopulationGrid.objects.exists()


def test_only_management_and_administrators_import(personas):
    data = b"x;y;population\n250125;6640125;3\n"
    for user in (personas.leader, personas.desk_holmen, personas.resident):
        with pytest.raises(PermissionDenied):
            grid.import_grid(actor=user, data=data)
    assert grid.import_grid(actor=personas.management, data=data).imported
    assert grid.import_grid(actor=personas.admin, data=data).imported


def test_the_page_imports_and_refuses_with_line_numbers(client, personas):
    for user in (personas.leader, personas.desk_tofte):
        client.force_login(user)
        assert client.get(PAGE).status_code == 403
    client.force_login(personas.management)
    assert client.get(PAGE).status_code == 200
    bad = SimpleUploadedFile("grid.csv", b"x;y;population\n250125;6640125;3\n250125;6640125;4\n")
    response = client.post(PAGE, {"file": bad})
    assert response.status_code == 422
    assert "3" in response.content.decode() and not PopulationGrid.objects.exists()

    dry = SimpleUploadedFile("grid.csv", b"x;y;population\n250125;6640125;3\n")
    response = client.post(PAGE, {"file": dry, "dry_run": "on"})
    assert response.status_code == 200 and not PopulationGrid.objects.exists()

    good = SimpleUploadedFile("asker.csv", b"x;y;population;age_67_plus\n250125;6640125;3;1\n")
    response = client.post(PAGE, {"file": good}, follow=True)
    assert response.status_code == 200
    assert PopulationGrid.objects.get().source == "asker.csv"
    assert "asker.csv" in response.content.decode()


def test_the_command_imports_with_a_progress_bar_and_refuses_bad_files(tmp_path, capsys):
    path = tmp_path / "grid.csv"
    path.write_bytes(invented_grid_csv(cells=1500))
    call_command("import_population_grid", str(path))
    assert PopulationGrid.objects.get().cells == 1500
    assert "[####" in capsys.readouterr().err
    path.write_text("x;y;population\n250125;6640125;3\n250125;6640125;4\n")
    with pytest.raises(CommandError):
        call_command("import_population_grid", str(path))
    assert "line 3: " in capsys.readouterr().err
    assert PopulationGrid.objects.get().cells == 1500


# --- The distance figures -----------------------------------------------------------------------


def _haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def _brute_force(cells, hubs_open):
    """For each cell, the nearest of `hubs_open` by trying every one."""
    return [
        min((_haversine((c.latitude, c.longitude), p) for p in hubs_open), default=math.inf)
        for c in cells
    ]


def test_the_figures_equal_a_brute_force_count_on_a_small_grid(personas, hubs):
    _holmen, tofte, _saetre = hubs
    rng = random.Random(5)
    rows = ["x;y;population;age_67_plus"]
    taken = set()
    while len(rows) < 301:
        x = rng.randrange(230_000, 262_000, 250) + 125
        y = rng.randrange(6_590_000, 6_645_000, 250) + 125
        if (x, y) in taken:
            continue
        taken.add((x, y))
        people = rng.randrange(0, 60)
        rows.append(f"{x};{y};{people};{rng.randrange(0, people + 1)}")
    _import("\n".join(rows))
    figures = distance({tofte.pk})
    assert figures is not None

    cells = list(PopulationCell.objects.all())
    before = _brute_force(cells, list(HUBS.values()))
    after = _brute_force(cells, [HUBS["Holmen"], HUBS["Sætre"]])
    for threshold, row in zip((2, 5, 10), figures.beyond, strict=True):
        assert row.threshold == threshold
        assert row.before == sum(
            c.population for c, d in zip(cells, before, strict=True) if d > threshold
        )
        assert row.after == sum(
            c.population for c, d in zip(cells, after, strict=True) if d > threshold
        )
        assert row.aged_before == sum(
            c.age_67_plus for c, d in zip(cells, before, strict=True) if d > threshold
        )
        assert row.aged_after == sum(
            c.age_67_plus for c, d in zip(cells, after, strict=True) if d > threshold
        )
    total = sum(c.population for c in cells)
    assert figures.population == total
    assert sum(b.before for b in figures.bands) == sum(b.after for b in figures.bands) == total
    assert figures.further == sum(
        c.population for c, b, a in zip(cells, before, after, strict=True) if a > b
    )
    assert figures.mean_before == pytest.approx(
        sum(c.population * d for c, d in zip(cells, before, strict=True)) / total
    )
    assert figures.mean_after == pytest.approx(
        sum(c.population * d for c, d in zip(cells, after, strict=True)) / total
    )
    # The residents nearest Tofte today all go to Sætre or Holmen after.
    (moved,) = figures.moved
    nearest_tofte = [
        c
        for c, d in zip(cells, before, strict=True)
        if d == _haversine((c.latitude, c.longitude), HUBS["Tofte"])
    ]
    assert moved.residents == sum(c.population for c in nearest_tofte)
    assert {s.name for s, _n in moved.to} <= {"Holmen", "Sætre"}
    assert figures.beyond[1].after > figures.beyond[1].before  # Tofte closing matters


def test_a_scenario_that_closes_nothing_moves_nobody(personas, hubs):
    _import(invented_grid_csv(cells=400))
    figures = distance(set())
    assert figures is not None and figures.further == 0 and figures.moved == []
    assert all(row.before == row.after for row in figures.beyond)


def test_hubs_without_coordinates_are_left_out_and_said_so(personas, hubs):
    HubFactory.with_hours("Uten kart")
    _import("x;y;population\n250125;6640125;3\n")
    figures = distance(set())
    assert figures is not None and figures.without_coordinates == ["Uten kart"]


# --- The page, the map and the API ----------------------------------------------------------------


def test_the_scenario_page_and_the_api_show_the_figures_and_the_map(client, personas, hubs):
    _holmen, tofte, _saetre = hubs
    scenario = _close(personas, tofte)
    client.force_login(personas.management)
    page = client.get(f"/ansatt/scenarioer/{scenario.pk}/").content.decode()
    assert f'href="{PAGE}"' in page  # no grid yet: said so, with the way to import one

    _import(invented_grid_csv(), invented=True)
    page = client.get(f"/ansatt/scenarioer/{scenario.pk}/").content.decode()
    figures = distance({tofte.pk})
    assert figures is not None
    assert 'role="img"' in page and "<desc" in page
    assert not re.search(r"<svg[^>]*\sstyle=|<(?:rect|path|circle|text|g)\s[^>]*style=", page)
    assert "haversine" in page
    api = client.get(f"/api/v1/scenarios/{scenario.pk}").json()["distance"]
    assert api["grid"]["invented"] is True
    assert [row["after"] for row in api["beyond"]] == [row.after for row in figures.beyond]
    assert api["closing"] == [tofte.pk]


def test_the_map_of_three_thousand_cells_stays_small_and_accessible(personas, hubs):
    _holmen, tofte, _saetre = hubs
    _import(invented_grid_csv(cells=3000))
    figures = distance({tofte.pk})
    assert figures is not None and len(figures.cells) == 3000
    svg = str(distance_map_svg(figures, map_id="m1"))
    assert len(svg) < 80_000
    assert 'aria-labelledby="m1-title m1-desc"' in svg and "style=" not in svg
    assert svg.count("<circle") >= 3  # the hubs (and the legend's symbols)


def test_the_demo_grid_is_invented_plausible_and_on_land():
    cells = invented_cells()
    people = sum(c[2] for c in cells)
    assert 80_000 < people < 120_000  # about Asker's size
    assert len({(c[0], c[1]) for c in cells}) == len(cells)
    assert all(c[3] <= c[2] for c in cells)
    result = _import(invented_grid_csv(), invented=True)
    assert result.imported and PopulationGrid.objects.get().invented
