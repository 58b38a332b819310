"""Where users come from (issue 18, item 5's later step): the postcode areas' centre points
imported all or nothing with line-numbered errors, the users per area equal to a direct count
of the bookings and registrations with a postcode, the distances and the users beyond 2, 5
and 10 km equal to a brute-force computation, and the figures on the scenario page and in the
API — counts only, never a person."""

import io
import itertools
import math
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from torget.booking.models import Booking
from torget.core.errors import PermissionDenied, ValidationFailed
from torget.core.timeutil import today
from torget.events.models import Event, Occurrence, Registration
from torget.places.tests.factories import HubFactory, SpaceFactory
from torget.scenarios import demo_postcodes, grid, postcodes
from torget.scenarios.distance import Beyond, StraightLine
from torget.scenarios.models import ChangeKind, PostcodeArea, PostcodeList
from torget.scenarios.services import ChangeSpec, create_scenario
from torget.scenarios.tests.importing import as_operator, refusal

pytestmark = pytest.mark.django_db

PAGE = "/ansatt/scenarioer/postnummer/"
HUBS = {"Holmen": (59.8549, 10.4918), "Tofte": (59.5448, 10.5633), "Sætre": (59.6792, 10.5246)}
GOOD = (
    "postnummer;lat;lon;poststed\n"
    "1394;59.8571;10.4973;Nesbru\n"
    "3482;59.5465;10.5602;Tofte\n"
    "3480;59.5760;10.6230;Filtvet\n"
    "3475;59.6810;10.5210;Sætre\n"
    "3490;59.6170;10.4660;Klokkarstua\n"
)
_tokens = itertools.count()


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def hubs(personas):
    saetre = HubFactory.with_hours("Sætre")
    for hub, name in ((personas.holmen, "Holmen"), (personas.tofte, "Tofte"), (saetre, "Sætre")):
        hub.latitude, hub.longitude = (Decimal(str(v)) for v in HUBS[name])
        hub.save()
    return personas.holmen, personas.tofte, saetre


def _import(data: bytes | str, **kwargs):
    return as_operator(postcodes.import_postcodes, data, "postnummer.csv", **kwargs)


def _close(personas, hub):
    return create_scenario(
        actor=personas.management,
        name=f"{hub.name} stenger",
        starts=today() + timedelta(days=7),
        assumptions="",
        changes=[ChangeSpec(kind=ChangeKind.CLOSE, hub=hub)],
    )


# --- The file -----------------------------------------------------------------------------------


def test_a_good_file_imports_and_replaces_the_list_in_use():
    result = _import(GOOD)
    assert result.imported and result.areas == 5
    assert PostcodeArea.objects.get(postnummer="3482").place == "Tofte"
    _import("Postnr;Breddegrad;Lengdegrad\n1384;59,8298;10,4421\n", invented=True)
    assert list(PostcodeArea.objects.values_list("postnummer", "latitude")) == [("1384", 59.8298)]
    assert PostcodeList.objects.get().invented


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("", "The file is empty."),
        ("postnummer;lat;lon\n", "no postcode areas"),
        ("postnummer;lat;lon;fylke\n1384;59.8;10.4;Akershus\n", "does not know: fylke"),
        ("postnummer;lat\n1384;59.8\n", "lacks the column lon"),
        ("postnummer;lat;lon\n12a4;59.8;10.4\n", "Line 2: postnummer '12a4' is not four digits"),
        ("postnummer;lat;lon\n138;59.8;10.4\n", "Line 2: postnummer '138' is not four digits"),
        ("postnummer;lat;lon\n1384;59.8;10.4\n1384;59.9;10.5\n", "Line 3: the same postcode"),
        ("postnummer;lat;lon\n1384;59.8;10.4\n1385;55.6;12.5\n", "Line 3: the point"),
        ("postnummer;lat;lon\n1384;10.4;59.8\n", "lies outside Norway"),
        ("postnummer;lat;lon\n1384;nord;10.4\n", "Line 2: lat 'nord' is not a number"),
        ("postnummer;lat;lon\n1384;59.8;10.4;x\n", "more cells than the header"),
    ],
)
def test_bad_files_are_refused_with_line_numbers_and_nothing_saved(data, expected):
    _import("postnummer;lat;lon\n9999;59.8;10.4\n")  # the list in use stays as it was
    assert expected in refusal(_import, data)
    assert list(PostcodeArea.objects.values_list("postnummer", flat=True)) == ["9999"]


def test_a_latin1_file_is_refused_with_the_line_of_its_first_bad_byte():
    data = "postnummer;lat;lon;poststed\n1394;59.85;10.49;Nesbru\n3475;59.68;10.52;Sætre\n"
    with pytest.raises(ValidationFailed) as caught:
        _import(data.encode("latin-1"))
    assert "Line 3 is not UTF-8" in " ".join(grid.refused(caught.value))
    assert not PostcodeList.objects.exists()


def test_only_management_and_administrators_import(personas):
    for user in (personas.leader, personas.desk_holmen, personas.resident):
        with pytest.raises(PermissionDenied):
            postcodes.import_postcodes(actor=user, data=GOOD.encode())
    assert postcodes.import_postcodes(actor=personas.management, data=GOOD.encode()).imported


def test_the_page_imports_and_refuses_with_line_numbers(client, personas):
    for user in (personas.leader, personas.desk_tofte):
        client.force_login(user)
        assert client.get(PAGE).status_code == 403
    client.force_login(personas.management)
    assert client.get(PAGE).status_code == 200
    bad = SimpleUploadedFile("p.csv", b"postnummer;lat;lon\n1384;59.8;10.4\n1384;59.8;10.4\n")
    response = client.post(PAGE, {"file": bad})
    assert response.status_code == 422
    assert "3" in response.content.decode() and not PostcodeList.objects.exists()
    good = SimpleUploadedFile("asker-postnummer.csv", GOOD.encode())
    response = client.post(PAGE, {"file": good}, follow=True)
    assert response.status_code == 200
    assert PostcodeList.objects.get().areas == 5
    assert "asker-postnummer.csv" in response.content.decode()


def test_the_command_imports_and_refuses_bad_files(tmp_path, capsys):
    path = tmp_path / "postnummer.csv"
    path.write_bytes(demo_postcodes.csv_text())
    call_command("import_postcode_areas", str(path), "--invented")
    assert PostcodeList.objects.get().areas == len(demo_postcodes.AREAS)
    path.write_text("postnummer;lat;lon\n1384;59.8;10.4\n13845;59.8;10.4\n")
    with pytest.raises(CommandError):
        call_command("import_postcode_areas", str(path))
    assert "line 3: " in capsys.readouterr().err
    assert PostcodeList.objects.get().areas == len(demo_postcodes.AREAS)


# --- The counts and the distances ---------------------------------------------------------------


def _booking(space, user, start, postcode, status="confirmed"):
    return Booking.objects.create(
        space=space,
        start=start,
        end=start + timedelta(hours=1),
        title="Møte",
        organiser_type="resident",
        kind="meeting",
        status=status,
        booked_by=user,
        postcode=postcode,
    )


def _registration(space, user, start, postcode, status="confirmed"):
    event = Event.objects.create(
        hub=space.hub,
        title="Kurs",
        category="course",
        organiser_type="municipal",
        created_by=user,
    )
    occurrence = Occurrence.objects.create(event=event, booking=_booking(space, user, start, ""))
    return Registration.objects.create(
        occurrence=occurrence,
        name="Zelda Testesen",
        status=status,
        postcode=postcode,
        token_hash=f"hash-{next(_tokens)}",
    )


@pytest.fixture
def users(personas, hubs):
    """Bookings and registrations with and without postcodes, at the three hubs, inside and
    outside the twelve months, cancelled ones and one with a postcode the list lacks."""
    holmen, tofte, saetre = hubs
    rooms = {hub.pk: SpaceFactory(hub=hub, name=f"Rom {hub.name}") for hub in hubs}
    now = timezone.now()
    made = []
    plan = [
        (tofte, "3482", 10, "confirmed"),
        (tofte, "3482", 40, "confirmed"),
        (tofte, "3480", 100, "pending"),
        (tofte, "3490", 200, "confirmed"),
        (tofte, "3482", 20, "cancelled"),  # not counted
        (tofte, "3482", 400, "confirmed"),  # older than twelve months: not counted
        (tofte, "", 5, "confirmed"),  # chose not to give one
        (saetre, "3475", 30, "confirmed"),
        (saetre, "3482", 31, "confirmed"),
        (holmen, "1394", 3, "confirmed"),
        (holmen, "3482", 4, "confirmed"),
        (holmen, "0150", 6, "confirmed"),  # not in the list: counted apart
    ]
    for hub, code, days_ago, status in plan:
        made.append(
            _booking(rooms[hub.pk], personas.resident, now - timedelta(days=days_ago), code, status)
        )
    for hub, code, days_ago, status in [
        (tofte, "3482", 12, "confirmed"),
        (tofte, "3490", 13, "waitlisted"),
        (tofte, "3480", 14, "cancelled"),  # not counted
        (holmen, "3482", 15, "confirmed"),
    ]:
        _registration(
            rooms[hub.pk], personas.desk_holmen, now - timedelta(days=days_ago), code, status
        )
    return made


def _haversine(a, b):
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def test_the_figures_equal_a_direct_count_and_a_brute_force_distance(personas, hubs, users):
    _holmen, tofte, _saetre = hubs
    _import(GOOD)
    report = postcodes.postcode_distance({tofte.pk}, {tofte.pk})
    assert report is not None
    # A direct count, row by row, of what the figures should hold.
    since = timezone.now() - timedelta(days=365)
    direct: dict[str, list[int]] = {}
    for b in Booking.objects.exclude(postcode="").select_related("space"):
        if b.status in ("pending", "confirmed") and b.start >= since:
            counts = direct.setdefault(b.postcode, [0, 0])
            counts[0] += 1
            counts[1] += b.space.hub_id == tofte.pk
    for r in Registration.objects.exclude(postcode="").select_related("occurrence__booking__space"):
        if r.status in ("confirmed", "waitlisted") and r.occurrence.booking.start >= since:
            counts = direct.setdefault(r.postcode, [0, 0])
            counts[0] += 1
            counts[1] += r.occurrence.booking.space.hub_id == tofte.pk
    assert {a.postnummer: [a.users, a.at_affected] for a in report.areas} == {
        code: n for code, n in direct.items() if code != "0150"
    }
    assert report.unknown == direct["0150"][0] == 1
    assert report.users == 11 and report.at_affected == 6
    # Each area's nearest hub by trying every one, before and after Tofte closes.
    points = {h.pk: (float(h.latitude), float(h.longitude)) for h in hubs}
    centres = {a.postnummer: (a.latitude, a.longitude) for a in PostcodeArea.objects.all()}
    for area in report.areas:
        before = min(points, key=lambda pk: _haversine(centres[area.postnummer], points[pk]))
        after = min(
            (pk for pk in points if pk != tofte.pk),
            key=lambda pk: _haversine(centres[area.postnummer], points[pk]),
        )
        assert area.nearest_before.hub_id == before
        assert area.nearest_after.hub_id == after
        assert area.before == pytest.approx(_haversine(centres[area.postnummer], points[before]))
        assert area.after == pytest.approx(_haversine(centres[area.postnummer], points[after]))
    for row in report.beyond:
        assert row.before == sum(a.users for a in report.areas if a.before > row.threshold)
        assert row.after == sum(a.users for a in report.areas if a.after > row.threshold)
    # Tofte's own postcode is by Tofte today and about 15 km from Sætre after.
    tofte_area = next(a for a in report.areas if a.postnummer == "3482")
    assert tofte_area.nearest_before.name == "Tofte" and tofte_area.before < 1
    assert tofte_area.nearest_after.name == "Sætre" and 14 < tofte_area.after < 16
    assert report.beyond[-1].after > report.beyond[-1].before
    assert report.further == sum(a.users for a in report.areas if a.after > a.before)


def test_closing_nothing_moves_nobody_and_no_list_means_no_figures(personas, hubs, users):
    holmen, tofte, _saetre = hubs
    assert postcodes.postcode_distance({tofte.pk}, {tofte.pk}) is None
    _import(GOOD)
    report = postcodes.postcode_distance(set(), {holmen.pk})
    assert report is not None and report.further == 0
    assert all(b.before == b.after for b in report.beyond)


def test_the_scenario_page_and_the_api_show_counts_never_a_person(
    client, personas, hubs, users, settings
):
    _holmen, tofte, _saetre = hubs
    settings.TORGET_SCENARIO_MIN_COUNT = 1  # every area listed (small counts: below)
    scenario = _close(personas, tofte)
    client.force_login(personas.management)
    page = client.get(f"/ansatt/scenarioer/{scenario.pk}/").content.decode()
    assert f'href="{PAGE}"' in page  # no list yet: said so, with the way to import one
    _import(GOOD, invented=True)
    page = client.get(f"/ansatt/scenarioer/{scenario.pk}/").content.decode()
    assert 'id="sc-postcodes"' in page and "haversine" in page
    assert 'href="#sc-postcodes"' in page  # in the memo's contents
    assert '<th scope="row">3482</th><td>Tofte</td>' in page
    assert "Zelda" not in page  # registrants are counted, never named
    api = client.get(f"/api/v1/scenarios/{scenario.pk}").json()["postcodes"]
    assert api["source"]["invented"] is True
    assert api["users"] == 11 and api["unknown_postcodes"] == 1
    assert [r["threshold"] for r in api["beyond"]] == [2, 5, 10]
    assert "Zelda" not in str(api)


# --- Small counts held back ---------------------------------------------------------------------

# The fixture's areas: 3482 has 6 bookings and registrations (3 at Tofte); 3490 has 2, and
# 3480, 3475 and 1394 one each — fewer than 5, so not listed and counted as "other areas".
# 3482 is held back with them: Filtvet (3480) and Tofte's own area are the only ones beyond
# 10 km after and with further to go, so "beyond 10 km after" (7) or "further to go" (7) less
# a listed 3482's 6 would give Filtvet's one.
SMALL_PLACES = ("Nesbru", "Filtvet", "Klokkarstua")


def _shown(n: int, limit: int = 5) -> int | None:
    return None if 0 < n < limit else n


def test_small_counts_are_held_back_in_the_api_and_the_totals_stay_exact(
    client, personas, hubs, users
):
    _holmen, tofte, _saetre = hubs
    _import(GOOD)
    scenario = _close(personas, tofte)
    raw = postcodes.postcode_distance({tofte.pk}, {tofte.pk})
    assert raw is not None
    client.force_login(personas.management)
    api = client.get(f"/api/v1/scenarios/{scenario.pk}").json()["postcodes"]
    assert api["min_count"] == 5
    # The area with at least five is held back too (see above): no area is listed.
    assert raw.areas[0].postnummer == "3482" and raw.areas[0].users == 6
    assert api["areas"] == [] and _readable(raw) == []
    assert api["other_areas"] == {"areas": 5, "users": 11, "at_affected_hubs": 6}
    assert api["users"] == 11 and api["at_affected_hubs"] == 6  # the totals: exact
    assert api["further"] == _shown(raw.further)
    assert [(b["before"], b["after"]) for b in api["beyond"]] == [
        (_shown(b.before), _shown(b.after)) for b in raw.beyond
    ]
    assert None in [v for b in api["beyond"] for v in (b["before"], b["after"])]  # some held back
    for place in SMALL_PLACES:
        assert place not in str(api)


def test_the_threshold_is_a_setting(client, personas, hubs, users, settings):
    _holmen, tofte, _saetre = hubs
    _import(GOOD)
    scenario = _close(personas, tofte)
    client.force_login(personas.management)
    settings.TORGET_SCENARIO_MIN_COUNT = 1  # every count shown
    api = client.get(f"/api/v1/scenarios/{scenario.pk}").json()["postcodes"]
    assert {a["postcode"] for a in api["areas"]} == {"3482", "3480", "3490", "3475", "1394"}
    assert api["other_areas"]["areas"] == 0
    assert None not in [b["after"] for b in api["beyond"]]
    settings.TORGET_SCENARIO_MIN_COUNT = 7  # now 3482's six are held back too
    api = client.get(f"/api/v1/scenarios/{scenario.pk}").json()["postcodes"]
    assert api["areas"] == [] and api["other_areas"]["users"] == 11 and api["users"] == 11


def _report(*areas: tuple[str, int, float, float]) -> postcodes.PostcodeReport:
    """A report of these areas (postcode, users, km today, km after), its figures summed as
    `measure` sums them."""
    rows = [
        postcodes.AreaDistance(code, f"Sted {code}", users, 0, before, after, None, None)
        for code, users, before, after in areas
    ]
    rows.sort(key=lambda r: (-r.users, r.postnummer))
    now = timezone.now()
    return postcodes.PostcodeReport(
        method=StraightLine(),
        postcode_list=PostcodeList(source="postnummer.csv"),
        since=now - timedelta(days=365),
        until=now,
        areas=rows,
        users=sum(r.users for r in rows),
        at_affected=0,
        unknown=0,
        beyond=[
            Beyond(
                t,
                sum(r.users for r in rows if r.before > t),
                sum(r.users for r in rows if r.after > t),
                None,
                None,
            )
            for t in StraightLine.thresholds
        ],
    )


def _readable(report: postcodes.PostcodeReport) -> list[tuple[str, list[str], int]]:
    """What a reader can work out about the held-back areas by taking the listed areas (their
    users and distances are shown) from an exact figure: the other areas' row from the total,
    and each side of every exact "beyond" and "further" figure (and the band between two
    exact thresholds). Each as (what, the held-back areas in it, their users), when it holds
    a small area and fewer than two areas or fewer users than the threshold, and a listed
    area was taken away to get it (without one, the figures alone give it, listed or not)."""
    public = report.shown
    limit = public.min_count
    listed = {a.area.postnummer for a in public.areas}
    held = [a for a in report.areas if a.postnummer not in listed]
    assert sum(a.users for a in held) == public.other.users and len(held) == public.other.areas

    def exact(value: int | postcodes.Few) -> bool:
        return not isinstance(value, postcodes.Few)

    splits = {"other areas": lambda a: 0}
    for when in ("before", "after"):
        cuts = [b.threshold for b in public.beyond if exact(getattr(b, when))]
        splits[when] = lambda a, when=when, cuts=cuts: sum(getattr(a, when) > t for t in cuts)
    if exact(public.further):
        splits["further"] = lambda a: a.further
    found = []
    for what, split in splits.items():
        for key in {split(a) for a in held}:
            part = [a for a in held if split(a) == key]
            users = sum(a.users for a in part)
            small = any(a.users < limit for a in part)
            subtracted = any(split(a.area) == key for a in public.areas)
            if small and subtracted and (len(part) < 2 or users < limit):
                found.append((f"{what} {key}", sorted(a.postnummer for a in part), users))
    return found


@pytest.mark.parametrize(
    ("areas", "listed"),
    [
        # One small area alone under "other areas": its users were the row itself (and the
        # total less the listed areas). The smallest listed area joins it.
        ([("1000", 10, 1, 1), ("2000", 8, 1, 1), ("3000", 2, 1, 1)], ["1000"]),
        # Two small areas, three users together: the smallest listed one joins them.
        ([("1000", 10, 1, 1), ("2000", 6, 1, 1), ("3000", 1, 1, 1), ("4000", 2, 1, 1)], ["1000"]),
        # The other areas are safe together, but "beyond 10 km" (12, exact) less the one
        # listed area beyond 10 km (10) leaves 2: the one small area out there. The listed
        # area beyond 10 km joins the held-back ones; the one near stays listed.
        (
            [
                ("1000", 10, 12, 12),
                ("2000", 9, 1, 1),
                ("3000", 2, 12, 12),
                ("4000", 3, 1, 1),
                ("5000", 4, 1, 1),
            ],
            ["2000"],
        ),
        # Held back as they are: two small areas with five users, no figure splits them.
        ([("1000", 10, 1, 1), ("3000", 2, 1, 1), ("4000", 3, 1, 1)], ["1000"]),
        # No way to make them safe: every area held back (the totals are exact anyway).
        ([("3000", 2, 1, 1), ("4000", 1, 1, 1)], []),
    ],
)
def test_no_held_back_area_can_be_read_by_subtraction(areas, listed):
    report = _report(*areas)
    assert _readable(report) == []
    assert [a.area.postnummer for a in report.shown.areas] == listed
    assert report.shown.other.users == sum(a[1] for a in areas if a[0] not in listed)


def test_the_memo_page_pdf_xlsx_and_compare_page_hold_the_section_held_back(
    client, personas, hubs, users
):
    from torget.scenarios.tests.test_memo import _pdf_text, _xlsx_text

    _holmen, tofte, _saetre = hubs
    _import(GOOD)
    scenario = _close(personas, tofte)
    client.force_login(personas.management)
    base = f"/ansatt/scenarioer/{scenario.pk}/"
    texts = {
        "page": client.get(base).content.decode(),
        "pdf": _pdf_text(client.get(f"{base}notat.pdf").content),
        "xlsx": _xlsx_text(client.get(f"{base}notat.xlsx").content),
        "compare": client.get(
            f"/ansatt/scenarioer/sammenlign/?scenario={scenario.pk}"
        ).content.decode(),
    }
    for where, text in texts.items():
        assert re.search(r"(Users beyond|Brukere over) 5 km", text), where
        assert re.search(r"(fewer than|færre enn) 5", text), where
        for place in SMALL_PLACES:
            assert place not in text, f"{place} in the {where}"
    for where in ("page", "pdf", "xlsx"):  # the xlsx: its sheet's name, below
        assert re.search(r"(Other areas|Andre områder)", texts[where]), where
        if where != "xlsx":
            assert re.search(r"(Users by postcode|Brukere etter postnummer)", texts[where])
    book = load_workbook(io.BytesIO(client.get(f"{base}notat.xlsx").content))
    sheet = next(s for s in book if s.title in ("Users by postcode", "Brukere etter postnummer"))
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert rows[0][0] in ("Other areas", "Andre områder")  # 3482 held back too (see above)
    assert len(rows) == 2  # and the total
    assert [r[2] for r in rows] == [11, 11]  # users: the total exact
    assert [r[3] for r in rows] == [6, 6]  # at the affected hubs: exact, naming no area


def test_the_demo_list_is_invented_plausible_and_gives_postcodes_to_past_rows(
    personas, hubs, users
):
    Booking.objects.update(postcode="")
    Registration.objects.update(postcode="")
    demo_postcodes.load()
    current = postcodes.current_list()
    assert current is not None and current.invented
    assert current.areas == len(demo_postcodes.AREAS)
    given = Booking.objects.exclude(postcode="").count()
    assert 0 < given < Booking.objects.filter(start__lt=timezone.now()).count()
    demo_postcodes.load()  # a second run changes nothing
    assert Booking.objects.exclude(postcode="").count() == given
