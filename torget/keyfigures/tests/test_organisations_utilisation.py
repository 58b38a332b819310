"""Most active organisations and room utilisation in the key figures."""

from datetime import date, datetime, time, timedelta
from unittest import mock

import pytest

from torget.accounts.tests.factories import OrganisationFactory
from torget.booking.models import Booking, BookingPolicy, BookingStatus, HoursRule, Occupancy
from torget.core.timeutil import OSLO
from torget.keyfigures.selectors import key_figures
from torget.keyfigures.utilisation import intersect, merge, subtract
from torget.ledger.models import EntryKind, LedgerEntry
from torget.ledger.services import LedgerFact, ledger_record, ledger_record_many
from torget.places.codes import HoursKind
from torget.places.models import OpeningException, OpeningHoursRule
from torget.places.tests.factories import HubFactory, SpaceFactory

pytestmark = pytest.mark.django_db

# The week of Monday 2 February 2026 (no public holidays).
WEEK = (date(2026, 2, 2), date(2026, 2, 8))


def at(day: int, hour: int, month: int = 2) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=OSLO)


# --- Most active organisations ------------------------------------------------------------------


def test_most_active_organisations_rank_by_activities_and_meetings(holmen, tofte):
    orgs = [OrganisationFactory(name=f"Lag {c}") for c in "ABCDEFGHIJKL"]
    facts = []
    # Lag A: 12 (a monthly total of 10 + 2 meetings); B…L: 11, 10, … 1.
    facts.append(
        LedgerFact(
            hub_id=holmen.pk,
            date=date(2023, 3, 1),
            kind=EntryKind.ACTIVITY,
            organiser_type="voluntary",
            count=10,
            organisation_id=orgs[0].pk,
        )
    )
    for _ in range(2):
        facts.append(
            LedgerFact(
                hub_id=tofte.pk,
                date=date(2023, 4, 1),
                kind=EntryKind.MEETING,
                organiser_type="municipal",
                organisation_id=orgs[0].pk,
            )
        )
    for rank, org in enumerate(orgs[1:], start=1):
        facts.extend(
            LedgerFact(
                hub_id=holmen.pk,
                date=date(2023, 5, 1),
                kind=EntryKind.MEETING,
                organiser_type="voluntary",
                organisation_id=org.pk,
            )
            for _ in range(12 - rank)
        )
    # Outside the period, and an inquiry: neither counts.
    facts.append(
        LedgerFact(
            hub_id=holmen.pk,
            date=date(2024, 1, 1),
            kind=EntryKind.ACTIVITY,
            organiser_type="voluntary",
            count=100,
            organisation_id=orgs[-1].pk,
        )
    )
    ledger_record_many(source="import", facts=[(f"o:{i}", f) for i, f in enumerate(facts)])

    data = key_figures(start=date(2023, 1, 1), end=date(2023, 12, 31), hub=None).as_json()
    top = data["organisations"]
    assert "organisations" not in data["totals"]
    assert len(top) == 10
    assert top[0] == {
        "id": orgs[0].pk,
        "name": "Lag A",
        "activities": {"municipal": 0, "non_municipal": 10},
        "meetings": {"municipal": 2, "non_municipal": 0},
        "total": 12,
    }
    assert [row["name"] for row in top] == [f"Lag {c}" for c in "ABCDEFGHIJ"]
    assert [row["total"] for row in top] == [12, 11, 10, 9, 8, 7, 6, 5, 4, 3]

    one_hub = key_figures(start=date(2023, 1, 1), end=date(2023, 12, 31), hub=tofte).as_json()
    assert [(r["name"], r["total"]) for r in one_hub["organisations"]] == [("Lag A", 2)]


def test_a_booking_passes_its_organisation_to_the_ledger(personas):
    from torget.booking.services import BookingRequest, booking_create
    from torget.booking.tests.conftest import NOW
    from torget.booking.tests.conftest import at as booking_at

    room = SpaceFactory.meeting_room(personas.holmen)
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        booking = booking_create(
            actor=personas.org_contact,
            request=BookingRequest(
                space=room,
                start=booking_at(30, 10),
                end=booking_at(30, 12),
                title="Sjakk",
                organiser_type="voluntary",
                kind="activity",
                organisation=personas.organisation,
            ),
        )
    entry = LedgerEntry.objects.get(source="booking", source_id=str(booking.pk))
    assert entry.organisation_id == personas.organisation.pk


def test_removing_an_organisation_keeps_its_rows(holmen):
    org = OrganisationFactory(name="Borte")
    ledger_record(
        source="import",
        source_id="x",
        fact=LedgerFact(
            hub_id=holmen.pk,
            date=date(2023, 1, 1),
            kind=EntryKind.ACTIVITY,
            organiser_type="voluntary",
            organisation_id=org.pk,
        ),
    )
    org.delete()
    assert LedgerEntry.objects.get().organisation_id is None


# --- Utilisation ---------------------------------------------------------------------------------


def test_interval_arithmetic():
    def s(a, b):
        return (at(2, a), at(2, b))

    assert merge([s(9, 11), s(10, 12), s(13, 14)]) == [s(9, 12), s(13, 14)]
    assert intersect([s(9, 12), s(13, 15)], [s(11, 14)]) == [s(11, 12), s(13, 14)]
    assert subtract([s(7, 22)], [s(9, 15)]) == [s(7, 9), s(15, 22)]
    assert subtract([s(7, 10), s(14, 22)], [s(9, 15), s(20, 21)]) == [
        s(7, 9),
        s(15, 20),
        s(21, 22),
    ]


def booking(space, start, end, status=BookingStatus.CONFIRMED, active=True, user=None):
    from torget.accounts.tests.factories import UserFactory

    made = Booking.objects.create(
        space=space,
        start=start,
        end=end,
        title="Møte",
        organiser_type="voluntary",
        kind="meeting",
        status=status,
        booked_by=user or UserFactory(),
    )
    Occupancy.objects.create(booking=made, unit=space, start=start, end=end, active=active)
    return made


@pytest.fixture
def weekday_hub(db):
    """One room open (staffed) 09–15 on weekdays, nothing else."""
    hub = HubFactory(name="Dagsenteret")
    for weekday in range(5):
        OpeningHoursRule.objects.create(
            hub=hub, kind=HoursKind.STAFFED, weekday=weekday, opens=time(9), closes=time(15)
        )
    room = SpaceFactory(hub=hub, name="Rommet")
    return hub, room


def test_two_two_hour_bookings_in_a_week_are_4_of_30_staffed_hours(weekday_hub):
    hub, room = weekday_hub
    booking(room, at(3, 10), at(3, 12))
    booking(room, at(5, 12), at(5, 14))
    # Not counted: cancelled, pending, an inactive occupancy, another week.
    booking(room, at(4, 9), at(4, 11), status=BookingStatus.CANCELLED, active=False)
    booking(room, at(4, 12), at(4, 13), status=BookingStatus.PENDING)
    booking(room, at(6, 9), at(6, 10), active=False)
    booking(room, at(10, 9), at(10, 15))

    figures = key_figures(start=WEEK[0], end=WEEK[1], hub=hub)
    data = figures.as_json()["utilisation"]
    assert data["staffed"] == {"open_hours": 30.0, "booked_hours": 4.0, "share": 13.3}
    assert data["self_service"] == {"open_hours": 0.0, "booked_hours": 0.0, "share": None}
    assert data["booked_outside_open_hours"] == 0.0
    (row,) = data["hubs"]
    assert row["hub"] == hub.slug and row["staffed"]["share"] == 13.3
    (space,) = row["spaces"]
    assert space["name"] == "Rommet" and space["bookable_in"] == "any_open"
    assert space["total"] == {"open_hours": 30.0, "booked_hours": 4.0, "share": 13.3}
    assert "utilisation" not in figures.as_json()["totals"]


def test_staffed_and_self_service_apart_and_bookings_clipped_to_the_period(holmen):
    """Holmen: staffed weekdays 09–15, self-service every day 07–22 (staffed wins)."""
    room = SpaceFactory(hub=holmen, name="Rom")
    booking(room, at(2, 8), at(2, 10))  # Monday: 1 h self-service, 1 h staffed
    booking(room, at(7, 20), at(7, 23))  # Saturday: 2 h self-service, 1 h outside
    booking(room, at(8, 21), at(9, 10))  # Sunday 21–24 in the period: 1 h self, 2 h outside
    data = key_figures(start=WEEK[0], end=WEEK[1], hub=holmen).as_json()["utilisation"]
    # Staffed 5 × 6 = 30 h; self-service 5 × 9 + 2 × 15 = 75 h.
    assert data["staffed"] == {"open_hours": 30.0, "booked_hours": 1.0, "share": 3.3}
    assert data["self_service"] == {"open_hours": 75.0, "booked_hours": 4.0, "share": 5.3}
    assert data["booked_outside_open_hours"] == 3.0


def test_a_space_bookable_in_staffed_hours_only(holmen):
    room = SpaceFactory(hub=holmen, name="Rom")
    BookingPolicy.objects.create(hub=holmen, space=room, hours=HoursRule.STAFFED)
    booking(room, at(2, 8), at(2, 10))
    data = key_figures(start=WEEK[0], end=WEEK[1], hub=holmen).as_json()["utilisation"]
    assert data["staffed"] == {"open_hours": 30.0, "booked_hours": 1.0, "share": 3.3}
    assert data["self_service"]["open_hours"] == 0.0
    assert data["booked_outside_open_hours"] == 1.0


def test_a_hall_booking_counts_once_for_the_hall(holmen):
    hall, north, south = SpaceFactory.hall_with_halves(holmen)
    made = booking(hall, at(3, 10), at(3, 12))
    Occupancy.objects.filter(booking=made).delete()
    for unit in (north, south):
        Occupancy.objects.create(booking=made, unit=unit, start=made.start, end=made.end)
    data = key_figures(start=WEEK[0], end=WEEK[1], hub=holmen).as_json()["utilisation"]
    spaces = {s["name"]: s for s in data["hubs"][0]["spaces"]}
    assert spaces[hall.name]["staffed"]["booked_hours"] == 2.0
    assert spaces[north.name]["staffed"]["booked_hours"] == 0.0
    assert data["staffed"]["booked_hours"] == 2.0


def test_utilisation_queries_do_not_grow_with_spaces(holmen, django_assert_max_num_queries):
    for i in range(20):
        room = SpaceFactory(hub=holmen, name=f"Rom {i}")
        booking(room, at(3, 10), at(3, 12))
    from torget.keyfigures.utilisation import utilisation

    with django_assert_max_num_queries(6):
        result = utilisation(start=WEEK[0], end=WEEK[1], hubs=[holmen])
    assert result.usage.staffed.booked_hours == 40.0


def test_page_json_and_files_show_organisations_and_utilisation(client, personas, weekday_hub):
    hub, room = weekday_hub
    booking(room, at(3, 10), at(3, 12))
    booking(room, at(5, 12), at(5, 14))
    org = OrganisationFactory(name="Sjakklubben")
    ledger_record(
        source="import",
        source_id="s",
        fact=LedgerFact(
            hub_id=hub.pk,
            date=date(2026, 2, 3),
            kind=EntryKind.ACTIVITY,
            organiser_type="voluntary",
            organisation_id=org.pk,
            count=4,
        ),
    )
    client.force_login(personas.management)
    query = {"period": "custom", "year": "2026", "start": "2026-02-02", "end": "2026-02-08"}
    page = client.get("/nokkeltall/", {**query, "hub": hub.slug}, HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "Sjakklubben" in html and 'id="chart-utilisation-title"' in html
    assert "13,3" in html or "13.3" in html

    data = client.get(
        "/api/v1/reports/key-figures", {"from": "2026-02-02", "to": "2026-02-08", "hub": hub.slug}
    ).json()
    assert data["organisations"][0]["name"] == "Sjakklubben"
    assert data["organisations"][0]["total"] == 4
    assert data["utilisation"]["staffed"]["share"] == 13.3
    assert data["utilisation"]["hubs"][0]["spaces"][0]["name"] == "Rommet"
    assert set(data["totals"]) == {"activities", "meetings"}

    text = client.get("/nokkeltall/", {**query, "hub": hub.slug, "format": "csv"}).content
    lines = text.decode().splitlines()
    assert any(line.startswith("Sjakklubben;") and line.endswith(";4") for line in lines)
    assert any(line.startswith("Dagsenteret;30,0;4,0;13,3;") for line in lines)


def test_a_room_with_hours_of_its_own_is_measured_by_them_beside_rooms_with_the_hubs(
    weekday_hub,
):
    """The hub's hours are worked out once for the rooms that keep them; a room with its
    own weekly hours (or a closed day of its own) still gets its own."""
    hub, _room = weekday_hub
    evening = SpaceFactory(hub=hub, name="Kveldsrommet")
    OpeningHoursRule.objects.create(
        hub=hub, space=evening, kind=HoursKind.STAFFED, weekday=0, opens=time(17), closes=time(21)
    )
    closed = SpaceFactory(hub=hub, name="Stengt onsdag")
    OpeningException.objects.create(
        hub=hub, space=closed, date=WEEK[0] + timedelta(days=2), closed=True
    )
    booking(evening, at(2, 18), at(2, 20))  # Monday evening: inside its own hours
    data = key_figures(start=WEEK[0], end=WEEK[1], hub=hub).as_json()["utilisation"]
    spaces = {s["name"]: s["total"] for s in data["hubs"][0]["spaces"]}
    assert spaces["Rommet"]["open_hours"] == 30.0
    assert spaces["Kveldsrommet"] == {"open_hours": 4.0, "booked_hours": 2.0, "share": 50.0}
    assert spaces["Stengt onsdag"]["open_hours"] == 24.0
