"""The staff page of one occurrence: only the hub's staff; walk-in, attendance, headcount,
move and cancel all go through the services."""

import pytest

from torget.events.models import Occurrence, Registration
from torget.events.tests.conftest import at
from torget.ledger.models import LedgerEntry
from torget.notifications.models import Message

pytestmark = pytest.mark.usefixtures("frozen_now")


@pytest.fixture
def today_event(make_event):
    return make_event(start=at(23, 8), end=at(23, 11), override_reason="test").occurrences.get()


def url(occurrence):
    return f"/arrangementer/{occurrence.pk}/deltakere/"


def test_only_the_hubs_staff_see_the_list(client, personas, today_event):
    assert client.get(url(today_event)).status_code == 302  # sign in first
    for outsider in (personas.resident, personas.desk_tofte):
        client.force_login(outsider)
        assert client.get(url(today_event)).status_code == 404
        assert (
            client.post(url(today_event), {"action": "headcount", "headcount": "3"}).status_code
            == 404
        )
    assert Occurrence.objects.get().headcount is None
    client.force_login(personas.desk_holmen)
    assert "Deltakere" in client.get(url(today_event)).content.decode()


def test_walk_in_attendance_and_headcount(client, personas, today_event):
    client.force_login(personas.desk_holmen)
    client.post(url(today_event), {"action": "walk_in", "name": "Gjest", "seats": "2"})
    registration = Registration.objects.get()
    assert registration.walk_in and registration.attended
    html = client.get(url(today_event)).content.decode()
    assert "Gjest" in html and "Deltakeren er registrert." in html
    client.post(
        url(today_event),
        {"action": "attendance", "registration": registration.pk, "attended": "no"},
    )
    assert Registration.objects.get().attended is False
    client.post(url(today_event), {"action": "headcount", "headcount": "12"})
    assert LedgerEntry.objects.get().participants == 12
    response = client.post(url(today_event), {"action": "headcount", "headcount": "-4"})
    assert "Verdien er utenfor tillatt område." in client.get(response["Location"]).content.decode()
    assert LedgerEntry.objects.get().participants == 12


def test_move_and_cancel_from_the_page(client, personas, make_event):
    occurrence = make_event().occurrences.get()
    client.force_login(personas.desk_holmen)
    Registration.objects.all().delete()
    client.post(
        url(occurrence),
        {"action": "move", "date": "2026-11-27", "start_time": "12:00", "end_time": "13:30"},
    )
    assert Occurrence.objects.get().start == at(27, 12)
    response = client.post(url(occurrence), {"action": "move", "date": "tomorrow"})
    assert "Oppgi dato og klokkeslett." in client.get(response["Location"]).content.decode()
    client.post(url(occurrence), {"action": "cancel_occurrence"})
    assert Occurrence.objects.get().status == "cancelled"
    assert not Message.objects.exists()  # nobody registered, nobody told
