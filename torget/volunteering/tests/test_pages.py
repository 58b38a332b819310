"""The pages: thin over the services, scoped to the user's hubs."""

from datetime import time

import pytest
from django.test import Client
from django.utils import timezone

from torget.core.timeutil import make_local
from torget.places.tests.factories import SpaceFactory
from torget.volunteering import services
from torget.volunteering.models import Initiative, InitiativeStatus, SignUp
from torget.volunteering.tests.conftest import next_weekday


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_bli_frivillig_lists_open_shifts_and_a_resident_signs_up(personas, centre):
    page = Client().get("/frivillig/holmen/")
    assert page.status_code == 200
    assert "Kafévert" in page.content.decode()
    client = signed_in(personas.resident)
    url = f"/frivillig/vakt/{centre.tuesday.pk}/{centre.day.isoformat()}/"
    response = client.post(url, {"next": "/frivillig/holmen/"})
    assert response.status_code == 302 and response["Location"] == "/frivillig/holmen/"
    assert SignUp.objects.filter(volunteer__user=personas.resident).count() == 1
    again = client.post(url, {"next": "/frivillig/holmen/"}, follow=True)
    assert SignUp.objects.count() == 1
    assert "alert" in again.content.decode()  # the refusal is shown, nothing more saved


def test_signing_up_needs_an_account(centre):
    response = Client().post(f"/frivillig/vakt/{centre.tuesday.pk}/{centre.day.isoformat()}/")
    assert response.status_code == 302 and response["Location"].startswith("/logg-inn/")


def test_a_bad_date_in_the_address_is_a_404_not_a_500(personas, centre):
    response = signed_in(personas.resident).post(f"/frivillig/vakt/{centre.tuesday.pk}/2026-13-45/")
    assert response.status_code == 404


def test_propose_an_activity_without_an_account(personas):
    response = Client().post(
        "/frivillig/holmen/foresla/",
        {"title": "Sjakkveld på torsdager", "text": "", "name": "Per", "email": "per@example.no"},
    )
    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert (initiative.proposer_name, initiative.hub) == ("Per", personas.holmen)


def test_a_proposal_with_hostile_text_is_refused_with_a_message(personas):
    response = signed_in(personas.resident).post(
        "/frivillig/holmen/foresla/", {"title": "Sjakk\x00", "text": "ok"}
    )
    assert response.status_code == 422
    assert "error-summary" in response.content.decode()
    assert not Initiative.objects.exists()


def test_a_bot_filling_the_hidden_field_is_thanked_and_nothing_saved(personas):
    response = Client().post(
        "/frivillig/holmen/foresla/",
        {"title": "Kjøp", "name": "Bot", "email": "b@example.no", "website": "spam"},
    )
    assert response.status_code == 302 and not Initiative.objects.exists()


def test_the_proposer_follows_the_status_on_their_page(personas):
    initiative = services.initiative_propose(
        actor=personas.resident, hub=personas.holmen, title="Strikkekafé"
    )
    services.initiative_decline(
        actor=personas.desk_holmen, initiative_id=initiative.pk, reason="Ikke plass i høst."
    )
    page = signed_in(personas.resident).get("/frivillig/mine/").content.decode()
    assert "Strikkekafé" in page and "Ikke plass i høst." in page
    assert (
        "Strikkekafé"
        not in signed_in(personas.org_contact).get("/frivillig/mine/").content.decode()
    )


def test_a_volunteer_sees_and_edits_their_details(personas, centre):
    client = signed_in(personas.resident)
    assert "Kaffe og prat" in client.get("/frivillig/mine/").content.decode()
    response = client.post(
        "/frivillig/mine/",
        {
            "phone": "",
            "email": "ny@example.no",
            "likes": "Sjakk",
            "languages": "",
            "birth_date": "",
        },
    )
    assert response.status_code == 302
    centre.volunteer.refresh_from_db()
    assert (centre.volunteer.email, centre.volunteer.likes) == ("ny@example.no", "Sjakk")


def test_the_volunteer_cancels_from_their_page(personas, centre):
    signup = services.signup_create(
        actor=personas.resident, shift_id=centre.tuesday.pk, day=centre.day
    )
    assert (
        signed_in(personas.org_contact).post(f"/frivillig/mine/avmeld/{signup.pk}/").status_code
        == 302
    )
    signup.refresh_from_db()
    assert signup.status == "confirmed"  # not theirs
    signed_in(personas.resident).post(f"/frivillig/mine/avmeld/{signup.pk}/")
    signup.refresh_from_db()
    assert signup.status == "cancelled"


@pytest.mark.parametrize("who", ["resident", "org_contact", "case_officer"])
def test_the_staff_page_is_for_hub_staff(personas, who):
    assert signed_in(getattr(personas, who)).get("/ansatt/frivillige/").status_code == 403


def test_desk_staff_of_another_hub_see_nothing_of_holmen(personas, centre):
    services.signup_create(actor=personas.resident, shift_id=centre.tuesday.pk, day=centre.day)
    initiative = services.initiative_propose(
        actor=personas.resident, hub=personas.holmen, title="Sjakkveld"
    )
    tofte = signed_in(personas.desk_tofte)
    page = tofte.get("/ansatt/frivillige/?hub=holmen").content.decode()
    assert "Sjakkveld" not in page and "Tofte" in page
    assert tofte.get(f"/ansatt/frivillige/initiativ/{initiative.pk}/").status_code == 404
    tofte.post(f"/ansatt/frivillige/initiativ/{initiative.pk}/", {"action": "take"})
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.PROPOSED
    holmen = signed_in(personas.desk_holmen).get("/ansatt/frivillige/").content.decode()
    assert "Sjakkveld" in holmen


def test_staff_turn_an_initiative_into_an_activity_once(personas):
    room = SpaceFactory.meeting_room(personas.holmen)
    initiative = services.initiative_propose(
        actor=personas.resident, hub=personas.holmen, title="Sjakkveld"
    )
    client = signed_in(personas.desk_holmen)
    url = f"/ansatt/frivillige/initiativ/{initiative.pk}/"
    assert client.post(url, {"action": "take"}).status_code == 302
    day = next_weekday(3, weeks=2)
    form = {
        "action": "event",
        "title": "Sjakkveld",
        "category": "other",
        "space": str(room.pk),
        "date": day.isoformat(),
        "start_time": "18:00",
        "end_time": "20:00",
        "until": "",
    }
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code in (200, 302, 422)
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.ACTIVITY
    assert initiative.event.occurrences.get().start == make_local(day, time(18))
    from torget.events.models import Event

    assert Event.objects.count() == 1


def test_staff_confirm_hours_on_the_page(personas, centre, monkeypatch):
    signup = services.signup_create(
        actor=personas.resident, shift_id=centre.tuesday.pk, day=centre.day
    )
    later = make_local(centre.day, time(13))
    monkeypatch.setattr(timezone, "now", lambda: later)
    client = signed_in(personas.desk_holmen)
    assert "Kafévert" in client.get("/ansatt/frivillige/").content.decode()
    client.post("/ansatt/frivillige/", {"hub": "holmen", "signup": signup.pk, "hours": "1,5"})
    signup.refresh_from_db()
    assert str(signup.hours) == "1.50"
    bad = client.post("/ansatt/frivillige/", {"hub": "holmen", "signup": "x", "hours": "abc"})
    assert bad.status_code == 302


def test_who_is_on_today_is_on_the_staff_home(personas, centre, monkeypatch):
    services.signup_create(actor=personas.resident, shift_id=centre.tuesday.pk, day=centre.day)
    from torget.volunteering.registries import on_duty_today

    assert on_duty_today(None, personas.holmen, centre.day)["shifts"]
    assert on_duty_today(None, personas.tofte, centre.day) is None
