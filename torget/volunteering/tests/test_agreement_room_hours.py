"""The weekly room hours on the staff agreement form: the seasonal round's granted slots and
booking series, offered at the user's hubs (and, when changing, of the agreement's
organisation), refused with a clear message when they are another organisation's."""

from datetime import time, timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from torget.accounts.tests.factories import OrganisationFactory
from torget.booking.models import BookingSeries
from torget.booking.services import BookingRequest, booking_series_create
from torget.core.timeutil import make_local
from torget.places.tests.factories import SpaceFactory
from torget.seasons.models import Allocation, Application, Round
from torget.volunteering.models import CooperationAgreement

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _slot(submitter, organisation, space, activity: str, weekday: int = 1) -> Allocation:
    today = timezone.localdate()
    round_ = Round.objects.filter(name="Faste tider (test)").first() or Round.objects.create(
        name="Faste tider (test)",
        season_start=today,
        season_end=today + timedelta(days=300),
        opens_at=timezone.now() - timedelta(days=60),
        deadline=timezone.now() - timedelta(days=30),
    )
    application = Application.objects.create(
        round=round_,
        organisation=organisation,
        submitted_by=submitter,
        activity=activity,
        target_group="Alle",
        age_group="all",
        expected_participants=12,
        first_date=today,
        last_date=today + timedelta(days=300),
        submitted_at=timezone.now() - timedelta(days=40),
    )
    return Allocation.objects.create(
        application=application,
        space=space,
        weekday=weekday,
        start_time=time(18),
        end_time=time(20),
    )


def _series(actor, organisation, space, title: str) -> BookingSeries:
    today = timezone.localdate()
    tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    booking_series_create(
        actor=actor,
        request=BookingRequest(
            space=space,
            start=make_local(tuesday, time(18)),
            end=make_local(tuesday, time(20)),
            title=title,
            organiser_type="voluntary",
            kind="activity",
            expected_participants=10,
            public=True,
            organisation=organisation,
        ),
        until=tuesday + timedelta(weeks=3),
        on_conflict="skip",
    )
    return BookingSeries.objects.get(title=title)


@pytest.fixture
def rooms(personas):
    """At Holmen: the chess club's slot and series, and the walking club's; at Tofte, a
    slot of the chess club (another hub than the leader's)."""
    walkers = OrganisationFactory(name="Asker turlag (oppdiktet)")
    nesoya = SpaceFactory(hub=personas.holmen, name="Møterom Nesøya")
    hall = SpaceFactory(hub=personas.holmen, name="Flerbrukssalen")
    elsewhere = SpaceFactory(hub=personas.tofte, name="Aktivitetsrommet")
    return {
        "chess_slot": _slot(personas.admin, personas.organisation, nesoya, "Sjakk for nybegynnere"),
        "walk_slot": _slot(personas.admin, walkers, hall, "Seniortur-treff", weekday=3),
        "tofte_slot": _slot(personas.admin, personas.organisation, elsewhere, "Sjakk på Tofte"),
        "chess_series": _series(personas.admin, personas.organisation, nesoya, "Sjakkveld"),
        "walk_series": _series(personas.admin, walkers, hall, "Turplanlegging"),
    }


def _form(personas, **changes) -> dict:
    today = timezone.localdate()
    data = {
        "organisation": personas.organisation.pk,
        "hubs": [personas.holmen.pk],
        "starts": today.isoformat(),
        "ends": (today + timedelta(days=365)).isoformat(),
        "activities_per_season": "30",
        "activities_open_to_all": "on",
    }
    return data | changes


def test_the_form_offers_the_slots_and_series_at_the_users_hubs(personas, rooms):
    page = signed_in(personas.leader).get("/ansatt/avtaler/ny/").content.decode()
    assert "Sjakk for nybegynnere" in page and "Seniortur-treff" in page  # both clubs, Holmen
    assert "Sjakk på Tofte" not in page  # Tofte is not the leader's
    assert "Sjakkveld" in page and "Turplanlegging" in page
    # With the organisation before each, since the form is for any of them.
    assert "Tirsdag 18:00–20:00, Møterom Nesøya (Holmen): Asker sjakklubb (oppdiktet) – " in page


def test_a_leader_links_the_clubs_slot_and_series(personas, rooms):
    leader = signed_in(personas.leader)
    response = leader.post(
        "/ansatt/avtaler/ny/",
        _form(
            personas,
            allocations=[rooms["chess_slot"].pk],
            series=[rooms["chess_series"].pk],
        ),
    )
    agreement = CooperationAgreement.objects.get()
    assert response.status_code == 302
    assert list(agreement.allocations.all()) == [rooms["chess_slot"]]
    assert list(agreement.series.all()) == [rooms["chess_series"]]
    with translation.override("nb"):
        page = leader.get(f"/ansatt/avtaler/{agreement.pk}/").content.decode()
    assert "Tirsdag 18:00–20:00, Møterom Nesøya<br>" in page  # the seasonal slot
    assert "Tirsdag 18:00–20:00, Møterom Nesøya: Sjakkveld, " in page  # the series
    # Changing it: only the chess club's own are offered now, and they stay ticked.
    edit = leader.get(f"/ansatt/avtaler/{agreement.pk}/endre/").content.decode()
    assert "Seniortur-treff" not in edit and "Turplanlegging" not in edit
    assert "Sjakk for nybegynnere" in edit and "checked" in edit


SLOT_REFUSED = "A seasonal slot must be the organisation's own, at one of the hubs."
SERIES_REFUSED = "A booking series must be the organisation's own: %(title)s is not booked for it."


@pytest.mark.parametrize(
    ("field", "key", "message"),
    [("allocations", "walk_slot", SLOT_REFUSED), ("series", "walk_series", SERIES_REFUSED)],
)
def test_another_organisations_slot_or_series_is_refused(personas, rooms, field, key, message):
    leader = signed_in(personas.leader)
    data = _form(personas, **{field: [rooms[key].pk]})
    for language in ("nb", "en"):
        with translation.override(language):
            expected = gettext(message) % {"title": "Turplanlegging"}
        response = leader.post("/ansatt/avtaler/ny/", data, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 422
        assert escape(expected) in response.content.decode()
        assert not CooperationAgreement.objects.exists()


def test_a_slot_of_another_hub_or_an_unknown_one_is_not_a_choice(personas, rooms):
    leader = signed_in(personas.leader)
    for value in (rooms["tofte_slot"].pk, 999_999, "x"):
        response = leader.post("/ansatt/avtaler/ny/", _form(personas, allocations=[value]))
        assert response.status_code == 422
        assert not CooperationAgreement.objects.exists()


def test_changing_keeps_to_the_agreements_organisation(personas, rooms):
    leader = signed_in(personas.leader)
    leader.post("/ansatt/avtaler/ny/", _form(personas))
    agreement = CooperationAgreement.objects.get()
    response = leader.post(
        f"/ansatt/avtaler/{agreement.pk}/endre/",
        _form(personas, allocations=[rooms["walk_slot"].pk]),
        HTTP_ACCEPT_LANGUAGE="nb",
    )
    assert response.status_code == 422
    with translation.override("nb"):
        expected = gettext("That seasonal slot is not one of the organisation's at your hubs.")
    assert escape(expected) in response.content.decode()
    assert not agreement.allocations.exists()


def test_desk_staff_of_another_hub_see_none_of_it(personas, rooms):
    page = signed_in(personas.desk_tofte).get("/ansatt/avtaler/ny/")
    body = page.content.decode()
    assert page.status_code in (200, 403)
    assert "Sjakk for nybegynnere" not in body and "Sjakkveld" not in body
