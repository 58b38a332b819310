"""The optional postcode on an event registration (issue 18.5's later step): it says why it
is asked, may be left out, is four digits when given (form, API, service), is never shown
per person on the participants' list or in its export, and is blanked with the name."""

import pytest

from torget.core.errors import ValidationFailed
from torget.events import services
from torget.events.models import Registration
from torget.events.services.retention import registrations_blank
from torget.events.tests.conftest import at

pytestmark = pytest.mark.usefixtures("frozen_now")


@pytest.fixture
def occurrence(make_event):
    return make_event(capacity=5).occurrences.get()


def test_the_form_says_why_and_the_postcode_may_be_left_out(client, occurrence):
    page = client.get(f"/arrangementer/{occurrence.pk}/").content.decode()
    assert 'name="postcode"' in page
    assert "hjelper kommunen å se hvor brukerne kommer fra" in page
    url = f"/arrangementer/{occurrence.pk}/pamelding/"
    response = client.post(url, {"name": "Kari", "email": "kari@example.no", "seats": "1"})
    assert response.status_code == 302
    response = client.post(
        url, {"name": "Ola", "email": "ola@example.no", "seats": "1", "postcode": "1384"}
    )
    assert response.status_code == 302
    assert dict(Registration.objects.values_list("name", "postcode")) == {
        "Kari": "",
        "Ola": "1384",
    }


def test_a_bad_postcode_is_refused_and_nothing_registered(client, occurrence):
    url = f"/arrangementer/{occurrence.pk}/pamelding/"
    response = client.post(
        url, {"name": "Kari", "email": "kari@example.no", "seats": "1", "postcode": "12a4"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Skriv postnummeret med fire sifre" in html
    assert 'href="#id_postcode"' in html  # the error summary links to the field
    assert not Registration.objects.exists()


def test_the_service_refuses_a_bad_postcode(occurrence):
    with pytest.raises(ValidationFailed) as refused:
        services.registration_create(
            actor=None,
            occurrence_id=occurrence.pk,
            name="Kari",
            email="k@example.no",
            postcode="138",
        )
    assert refused.value.errors[0]["field"] == "postcode"
    assert not Registration.objects.exists()


def test_the_api_takes_an_optional_postcode_and_refuses_a_bad_one(client, occurrence):
    url = f"/api/v1/events/{occurrence.pk}/registrations"
    bad = client.post(
        url,
        {"name": "Kari", "email": "kari@example.no", "postcode": "12a4"},
        content_type="application/json",
        headers={"Accept-Language": "nb"},
    )
    assert bad.status_code == 422
    assert "fire sifre" in str(bad.json()["errors"])
    assert not Registration.objects.exists()
    ok = client.post(
        url,
        {"name": "Kari", "email": "kari@example.no", "postcode": "3482"},
        content_type="application/json",
    )
    assert ok.status_code == 201
    assert "3482" not in ok.content.decode()
    assert Registration.objects.get().postcode == "3482"


def assert_no_postcode_for_the_organiser(client, personas, room):
    """An organisation's own activity: its contact sees the list and downloads the CSV."""
    from torget.events import self_service
    from torget.events.services import EventDetails

    event = self_service.organiser_event_create(
        actor=personas.org_contact,
        organisation=personas.organisation,
        details=EventDetails(
            title="Sjakkveld",
            category="meeting_place",
            organiser_type="",
            capacity=4,
            registration="required",
        ),
        space=room,
        start=at(26, 18),
        end=at(26, 20),
    )
    self_service.event_approve(actor=personas.desk_holmen, event_id=event.pk)
    first = event.occurrences.get()
    services.registration_create(
        actor=None, occurrence_id=first.pk, name="Anne", email="a@example.no", postcode="4322"
    )
    client.force_login(personas.org_contact)
    for url in (
        f"/arrangementer/{first.pk}/deltakere/",
        f"/arrangementer/mine/dato/{first.pk}/deltakere.csv",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"Anne" in response.content and b"4322" not in response.content, url


def test_staff_and_organisers_never_see_it_and_it_is_blanked_with_the_name(
    client, occurrence, personas, room
):
    services.registration_create(
        actor=None, occurrence_id=occurrence.pk, name="Kari", email="k@example.no", postcode="4321"
    )
    client.force_login(personas.desk_holmen)
    response = client.get(f"/arrangementer/{occurrence.pk}/deltakere/")
    assert response.status_code == 200
    assert b"Kari" in response.content and b"4321" not in response.content
    assert_no_postcode_for_the_organiser(client, personas, room)
    assert registrations_blank(Registration.objects.all()) >= 2
    assert set(Registration.objects.values_list("postcode", flat=True)) == {""}
