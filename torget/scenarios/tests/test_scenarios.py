"""Scenarios for the hub structure (issue 18, first slice): made only by hub leaders and
management, bad input refused with nothing saved, and what a closing hub displaces equal to a
direct count of what it holds from the date — residents' bookings counted, never named."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import translation

from torget.booking.models import ACTIVE_STATUSES, Booking, BookingSeries, BookingStatus
from torget.core.errors import PermissionDenied, ValidationFailed
from torget.core.timeutil import OSLO, make_local, today
from torget.events.services import EventDetails, event_create
from torget.keyfigures.selectors import key_figures
from torget.places.tests.factories import SpaceFactory
from torget.scenarios import memo, selectors
from torget.scenarios.models import ChangeKind, Scenario
from torget.scenarios.services import ChangeSpec, create_scenario

pytestmark = pytest.mark.django_db

PAGE = "/ansatt/scenarioer/"


def _close(personas, hub, *, actor=None, starts=None) -> Scenario:
    return create_scenario(
        actor=actor or personas.management,
        name=f"{hub.name} stenger",
        starts=starts or today() + timedelta(days=7),
        assumptions="",
        changes=[ChangeSpec(kind=ChangeKind.CLOSE, hub=hub)],
    )


def _at(day, hour: int) -> datetime:
    return make_local(day, time(hour), OSLO)


def _booking(space, user, start, *, organisation=None, organiser_type="voluntary", **kwargs):
    return Booking.objects.create(
        space=space,
        start=start,
        end=start + timedelta(hours=2),
        title=kwargs.pop("title", "Sjakktrening"),
        organiser_type=organiser_type,
        organisation=organisation,
        kind="activity",
        booked_by=user,
        **kwargs,
    )


# --- Bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "case",
    ["past", "merge_into_itself", "merge_into_closing", "close_every_hub", "no_change"],
)
def test_bad_input_is_refused_and_nothing_saved(personas, case):
    holmen, tofte = personas.holmen, personas.tofte
    starts = today() + timedelta(days=7)
    changes = {
        "past": [ChangeSpec(kind=ChangeKind.CLOSE, hub=tofte)],
        "merge_into_itself": [ChangeSpec(kind=ChangeKind.MERGE, hub=tofte, target_hub=tofte)],
        "merge_into_closing": [
            ChangeSpec(kind=ChangeKind.MERGE, hub=tofte, target_hub=holmen),
            ChangeSpec(kind=ChangeKind.CLOSE, hub=holmen),
        ],
        "close_every_hub": [
            ChangeSpec(kind=ChangeKind.CLOSE, hub=tofte),
            ChangeSpec(kind=ChangeKind.CLOSE, hub=holmen),
        ],
        "no_change": [],
    }[case]
    if case == "past":
        starts = today() - timedelta(days=1)
    with pytest.raises(ValidationFailed):
        create_scenario(
            actor=personas.management, name="Feil", starts=starts, assumptions="", changes=changes
        )
    assert not Scenario.objects.exists()


def test_the_form_refuses_a_past_date_in_norwegian(client, personas):
    client.force_login(personas.management)
    response = client.post(
        PAGE + "ny/",
        {
            "name": "Tofte stenger",
            "starts": (today() - timedelta(days=3)).strftime("%d.%m.%Y"),
            "assumptions": "",
            "changes-TOTAL_FORMS": "3",
            "changes-INITIAL_FORMS": "0",
            "changes-0-kind": "close",
            "changes-0-hub": str(personas.tofte.pk),
        },
        HTTP_ACCEPT_LANGUAGE="nb",
    )
    assert response.status_code == 422
    assert "Scenarioets dato kan ikke være tilbake i tid." in response.content.decode()
    assert not Scenario.objects.exists()


def test_the_form_saves_a_scenario_and_shows_it(client, personas):
    client.force_login(personas.leader)
    starts = today() + timedelta(days=14)
    response = client.post(
        PAGE + "ny/",
        {
            "name": "Holmen betjent to dager",
            "starts": starts.isoformat(),
            "assumptions": "Selvbetjent hver dag.",
            "changes-TOTAL_FORMS": "3",
            "changes-INITIAL_FORMS": "0",
            "changes-0-kind": "hours",
            "changes-0-hub": str(personas.holmen.pk),
            "changes-0-staffed_days": "2",
            "changes-0-self_service_days": "7",
        },
    )
    scenario = Scenario.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}{scenario.pk}/"
    assert scenario.created_by == personas.leader
    page = client.get(response["Location"]).content.decode()
    assert starts.strftime("%d.%m.%Y") in page
    assert "Hva skjer der i dag" in page or "What happens there today" in page


# --- Who -------------------------------------------------------------------------------------


def test_only_hub_leaders_and_management_use_scenarios(client, personas):
    scenario = _close(personas, personas.tofte)
    for user in (personas.desk_holmen, personas.resident, personas.case_officer):
        client.force_login(user)
        assert client.get(PAGE).status_code == 403
        assert client.get(f"/api/v1/scenarios/{scenario.pk}").status_code == 403
    client.force_login(personas.management)
    assert client.get(PAGE).status_code == 200
    assert client.get(f"/api/v1/scenarios/{scenario.pk}").status_code == 200


def test_a_hub_leader_makes_and_sees_scenarios_for_their_own_hubs_only(client, personas):
    tofte_scenario = _close(personas, personas.tofte)
    with pytest.raises(PermissionDenied):
        _close(personas, personas.tofte, actor=personas.leader)
    own = _close(personas, personas.holmen, actor=personas.leader)
    client.force_login(personas.leader)
    assert client.get(f"/api/v1/scenarios/{tofte_scenario.pk}").status_code == 404
    assert client.get(f"{PAGE}{tofte_scenario.pk}/").status_code == 404
    assert client.get(f"/api/v1/scenarios/{own.pk}").status_code == 200
    listing = client.get(PAGE).content.decode()
    assert "Holmen stenger" in listing and "Tofte stenger" not in listing


def test_the_staff_menu_shows_scenarios_to_leaders_and_management(client, personas):
    client.force_login(personas.leader)
    assert PAGE in client.get("/ansatt/").content.decode()
    client.force_login(personas.desk_holmen)
    assert PAGE not in client.get("/ansatt/").content.decode()


# --- Displaced -------------------------------------------------------------------------------


@pytest.fixture
def tofte_holds(personas):
    """At Tofte: bookings before and after the date, a weekly series across it, a resident's
    birthday, a cancelled booking, and an event with registrations."""
    tofte = personas.tofte
    room = SpaceFactory.meeting_room(tofte)
    starts = today() + timedelta(days=10)
    user = personas.org_contact
    chess = personas.organisation
    _booking(room, user, _at(starts - timedelta(days=2), 10), organisation=chess)  # before
    _booking(room, user, _at(starts, 10), organisation=chess, title="Sjakkturnering")
    _booking(room, user, _at(starts + timedelta(days=1), 10), status=BookingStatus.CANCELLED)
    _booking(
        room,
        personas.resident,
        _at(starts + timedelta(days=2), 17),
        organiser_type="resident",
        title="Bursdag for Ola Nordmann",
    )
    first = _at(starts - timedelta(days=7), 18)
    series = BookingSeries.objects.create(
        space=room,
        title="Strikkekafé",
        first_start=first,
        first_end=first + timedelta(hours=2),
        until=(starts + timedelta(days=21)),
        created_by=user,
    )
    for week in range(5):  # one week before the date, four from it
        _booking(
            room,
            user,
            first + timedelta(weeks=week),
            organisation=chess,
            series=series,
            title="Strikkekafé",
        )
    event_create(
        actor=personas.desk_tofte,
        details=EventDetails(
            title="Digital hjelp for seniorer",
            category="digital_help",
            organiser_type="municipal",
            capacity=10,
            registration="required",
        ),
        space=room,
        start=_at(starts + timedelta(days=3), 12),
        end=_at(starts + timedelta(days=3), 14),
    )
    return starts


def test_displaced_counts_equal_a_direct_count(personas, tofte_holds):
    starts = tofte_holds
    found = selectors.displaced(personas.tofte, starts)
    direct = Booking.objects.filter(
        space__hub=personas.tofte,
        status__in=ACTIVE_STATUSES,
        start__gte=make_local(starts, time(0), OSLO),
    ).count()
    assert found.bookings == direct == 7
    counts = found.counts
    assert (
        counts["single"] + found.series_weeks + counts["occurrence"] + counts["office_hours"]
        == direct
    )
    assert counts == {
        "single": 2,
        "series": 1,
        "occurrence": 1,
        "office_hours": 0,
        "season_slot": 0,
    }
    assert found.by_residents["single"] == 1
    series = next(item for item in found.items if item.kind == "series")
    assert series.weeks_left == 4
    assert series.organiser == personas.organisation.name


def test_the_page_and_api_name_organisations_but_count_residents(client, personas, tofte_holds):
    scenario = _close(personas, personas.tofte, starts=tofte_holds)
    client.force_login(personas.management)
    page = client.get(f"{PAGE}{scenario.pk}/").content.decode()
    body = client.get(f"/api/v1/scenarios/{scenario.pk}").json()
    for text in (page, str(body)):
        assert personas.organisation.name in text
        assert "Ola Nordmann" not in text and "Bursdag" not in text
    assert body["displaced"][0]["counts"]["single"] == 2
    assert body["displaced"][0]["by_residents"]["single"] == 1
    assert body["totals"]["series"] == 1
    assert body["displaced"][0]["bookings"] == 7


def test_the_memo_lists_single_bookings_per_organiser_and_weekly_groups_whole(
    client, personas, tofte_holds
):
    """A busy hub holds thousands of single dates: the page lists them per organiser with a
    count (residents' counted only), and each weekly group in full."""
    starts = tofte_holds
    room = personas.tofte.spaces.first()
    for day in range(4, 9):  # five more single bookings by the same organisation
        _booking(
            room,
            personas.org_contact,
            _at(starts + timedelta(days=day), 8),
            organisation=personas.organisation,
            title=f"Sjakk {day}",
        )
    found = selectors.displaced(personas.tofte, starts)
    singles = [row for row in found.listed if row.kind == "single"]
    assert len(singles) == 1
    (single,) = singles
    assert (single.organiser, single.count) == (personas.organisation.name, 6)
    assert (single.first, single.last) == (starts, starts + timedelta(days=8))
    assert [row.kind for row in found.listed].count("series") == 1
    assert sum(getattr(row, "count", 1) for row in found.listed if row.kind != "series") == (
        found.counts["single"] - found.by_residents["single"] + found.counts["occurrence"]
    )
    scenario = _close(personas, personas.tofte, starts=starts)
    client.force_login(personas.management)
    page = client.get(f"{PAGE}{scenario.pk}/").content.decode()
    assert "Strikkekafé" in page and "Sjakk 5" not in page
    assert "Bursdag" not in page
    # The PDF's and the xlsx's table lists the same rows: the organisation's six dates as one.
    with translation.override("en"):
        (table,) = [
            t for t in memo.tables(selectors.report(scenario)) if t.title == "Displaced activity"
        ]
        count = table.header.index("Count")
        rows = [row for row in table.rows if row[1] == "Single bookings"]
    assert [(row[3], row[count]) for row in rows] == [(personas.organisation.name, 6)]
    assert len(table.rows) == len(found.listed)


def test_a_hub_with_nothing_booked_displaces_nothing(client, personas):
    scenario = _close(personas, personas.holmen)
    report = selectors.report(scenario)
    assert report.displaced[0].nothing
    assert report.displaced[0].bookings == 0
    client.force_login(personas.management)
    body = client.get(f"/api/v1/scenarios/{scenario.pk}").json()
    assert set(body["totals"].values()) == {0}


def test_what_happens_today_is_the_key_figures_own_count(client, personas):
    scenario = _close(personas, personas.tofte)
    client.force_login(personas.management)
    body = client.get(f"/api/v1/scenarios/{scenario.pk}").json()
    this_year = body["today"][0]["this_year"]
    figures = key_figures(start=today().replace(month=1, day=1), end=today(), hub=personas.tofte)
    assert this_year["totals"] == figures.as_json()["totals"]
    assert body["today"][0]["last_year"]["from"] == f"{today().year - 1}-01-01"


# --- Demo ------------------------------------------------------------------------------------


def test_the_demo_scenarios(personas):
    from torget.places.tests.factories import HubFactory
    from torget.scenarios import demo

    HubFactory.with_hours("Sætre")
    demo.load()
    demo.load()  # a second run changes nothing
    names = set(Scenario.objects.values_list("name", flat=True))
    assert names == {demo.CLOSE_TOFTE, demo.CUT_SAETRE}
    cut = Scenario.objects.get(name=demo.CUT_SAETRE).changes.get()
    assert (cut.staffed_days, cut.self_service_days) == (2, 7)
