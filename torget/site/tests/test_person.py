"""A person's data (issue 19.3): a resident reads and downloads everything Torget holds
about them from their own page; an administrator finds anyone by e-mail address, hands
them the same, and erases them across every app, leaving the ledger's anonymous counts
and the key figures as they were and a record without the data."""

import json
from datetime import date, datetime
from types import SimpleNamespace
from unittest import mock

import pytest
from django.apps import apps

from torget.core.personal_data import kinds
from torget.core.timeutil import OSLO

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=OSLO)
PHONE = "400 00 123"
NAME = "Solveig Slettmo"

pytestmark = pytest.mark.django_db


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=OSLO)


@pytest.fixture
def frozen():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield NOW


@pytest.fixture
def kari(personas, frozen, django_capture_on_commit_callbacks):
    """The resident with something in every app: a booking of her own and one staff made
    for her by phone, a registration, an appointment, a callback request from the kiosk
    and a name and contact given with citizen input."""
    from torget.appointments.models import Service
    from torget.appointments.services import (
        Contact,
        appointment_book,
        office_hours_create,
        officer_create,
    )
    from torget.booking.services import BookingRequest, booking_create
    from torget.consultations import services as consultations
    from torget.consultations.models import Status
    from torget.desk.services import active_topic_codes, callback_request_create
    from torget.events.services import EventDetails, event_create
    from torget.events.services.registrations import registration_create
    from torget.places.tests.factories import SpaceFactory

    resident = personas.resident
    resident.first_name, resident.last_name = NAME.split()
    resident.phone = PHONE
    resident.save()
    holmen, tofte = personas.holmen, personas.tofte
    room = SpaceFactory.meeting_room(holmen, name="Møterom Fjorden", capacity=40)
    with django_capture_on_commit_callbacks(execute=True):
        own = booking_create(
            actor=resident,
            request=BookingRequest(
                space=room,
                start=at(25, 14),
                end=at(25, 15),
                title="Strikkekafé hos Solveig",
                organiser_type="resident",
                kind="meeting",
            ),
        )
        for_her = booking_create(
            actor=personas.desk_holmen,
            request=BookingRequest(
                space=room,
                start=at(26, 14),
                end=at(26, 15),
                title="Samtale med Solveig",
                organiser_type="resident",
                kind="meeting",
                on_behalf_name=NAME,
                on_behalf_phone="40000123",
            ),
        )
        event = event_create(
            actor=personas.desk_holmen,
            details=EventDetails(
                title="Digital hjelp for seniorer",
                category="digital_help",
                organiser_type="municipal",
                audience="seniors",
                capacity=3,
                registration="required",
            ),
            space=room,
            start=at(27, 10),
            end=at(27, 12),
        )
        registration_create(actor=resident, occurrence_id=event.occurrences.get().pk)
        service = Service.objects.create(name="Byggesak", description="", organisation=None)
        officer = officer_create(actor=personas.admin, service=service, name="Byggesak")
        session = office_hours_create(
            actor=personas.desk_tofte,
            officer=officer,
            space=SpaceFactory.meeting_room(tofte, name="Samtalerommet"),
            start=at(24, 10),
            end=at(24, 12),
            slot_minutes=30,
        )
        appointment_book(
            session_id=session.pk,
            start=at(24, 10),
            about="Garasje på tomta",
            contact=Contact(user=resident, name=NAME, phone=PHONE, email=resident.email),
            site_url="http://t/",
        )
        callback_request_create(
            hub=holmen, phone="+47 400 00 123", topic=sorted(active_topic_codes())[0], consent=True
        )
        consultation = consultations.consultation_from_template(hubs=[holmen, tofte])
        consultation = consultations.consultation_set_status(consultation, Status.OPEN)
        question = consultation.questions.first()
        consultations.response_submit(
            consultation, {question.pk: "Mer åpent på kveldene"}, name=NAME, contact=resident.email
        )
    return SimpleNamespace(user=resident, own=own, for_her=for_her)


def _download(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return json.loads(response.content)


def test_a_resident_reads_and_downloads_everything_torget_holds_about_them(client, kari):
    client.force_login(kari.user)
    mine = client.get("/booking/mine/").content.decode()
    assert 'href="/mine-data/"' in mine
    page = client.get("/mine-data/").content.decode()
    for seen in (
        "Strikkekafé hos Solveig",  # her booking
        "Samtale med Solveig",  # the one staff made for her phone number
        "Digital hjelp for seniorer",  # her registration
        "Garasje på tomta",  # her appointment
        "40000123",  # the callback request
        "Mer åpent",  # no: answers are anonymous; the identity is there instead
    )[:-1]:
        assert seen in page, seen
    data = _download(client, "/mine-data/last-ned/")
    assert data["account_id"] == kari.user.pk
    found = data["kinds"]
    assert {
        "accounts.inactive",
        "booking.details",
        "events.registrations",
        "appointments.details",
        "desk.callback_requests",
        "consultations.identities",
        "notifications.sent",
    } <= set(found)
    assert [row["Navn"] for row in found["consultations.identities"]["rows"]] == [NAME]
    starts = [row["Start"] for row in found["booking.details"]["rows"]]
    assert starts[0].startswith("2026-11-25T13:00:00")  # ISO, in UTC


def test_another_person_gets_only_their_own(client, kari, personas):
    client.force_login(personas.org_contact)
    page = client.get("/mine-data/").content.decode()
    assert "Strikkekafé hos Solveig" not in page and "Garasje" not in page
    data = _download(client, "/mine-data/last-ned/")
    assert data["account_id"] == personas.org_contact.pk
    assert "booking.details" not in data["kinds"]
    # The administrators' pages are not theirs.
    assert client.get(f"/ansatt/personer/{kari.user.pk}/last-ned/").status_code == 403


def test_signed_out_the_page_asks_to_sign_in(client):
    assert client.get("/mine-data/").status_code == 302
    assert client.get("/mine-data/last-ned/").status_code == 302


@pytest.mark.parametrize("who", ["desk_tofte", "resident", "management", "leader"])
def test_only_administrators_reach_the_staff_page(client, personas, who):
    client.force_login(getattr(personas, who))
    assert client.get("/ansatt/personer/").status_code == 403
    response = client.post(f"/ansatt/personer/{personas.resident.pk}/slett/")
    assert response.status_code == 403
    assert personas.resident.__class__.objects.filter(pk=personas.resident.pk).exists()


def _figures() -> tuple:
    from torget.keyfigures.selectors import key_figures
    from torget.ledger.models import LedgerEntry, LedgerMonth

    entries = list(LedgerEntry.objects.order_by("pk").values())
    months = list(LedgerMonth.objects.order_by("pk").values())
    figures = key_figures(start=date(2026, 11, 1), end=date(2026, 11, 30), hub=None)
    return entries, months, repr(figures)


def _traces(user) -> list[str]:
    """Every registered kind's personal fields that still hold her name, e-mail address
    or phone number."""
    needles = [user.email.lower(), NAME.lower(), "40000123", "400 00 123", "solveig", "slettmo"]
    left = []
    for kind in kinds():
        model = apps.get_model(kind.model)
        for obj in model._base_manager.all():
            for field in kind.fields:
                value = str(getattr(obj, field, "") or "").lower()
                if field == "session_data":
                    value = str(obj.get_decoded()).lower()
                for needle in needles:
                    if needle in value:
                        left.append(f"{kind.name} {field}={value[:60]}")
    return left


def test_an_administrator_erases_a_person_across_every_app(client, kari, personas):
    from torget.accounts.models import User
    from torget.site.models import ErasureRecord

    before = _figures()
    client.force_login(personas.admin)
    found = client.get("/ansatt/personer/", {"email": kari.user.email.upper()}).content.decode()
    assert "Garasje på tomta" in found and f"/ansatt/personer/{kari.user.pk}/slett/" in found
    confirm = client.get(f"/ansatt/personer/{kari.user.pk}/slett/").content.decode()
    assert "Strikkekafé hos Solveig" in confirm  # what will be erased
    assert "ledger" in confirm.lower() or "nøkkeltall" in confirm.lower()  # what stays
    user_id = kari.user.pk
    response = client.post(f"/ansatt/personer/{user_id}/slett/", follow=True)
    assert response.status_code == 200
    # Nothing of her is left in any registered kind (the booking's own account link stays,
    # to an account without her name: "slettet-<id>").
    assert _traces(kari.user) == []
    erased = User.objects.filter(pk=user_id).first()
    assert erased is None or (erased.username, erased.email, erased.is_active) == (
        f"slettet-{user_id}",
        "",
        False,
    )
    kari.own.refresh_from_db()
    kari.for_her.refresh_from_db()
    assert (kari.own.title, kari.for_her.title, kari.for_her.on_behalf_phone) == (
        "Møte",
        "Møte",
        "",
    )
    assert _figures() == before  # the ledger's anonymous counts and the key figures
    record = ErasureRecord.objects.get()
    assert (record.user_id_erased, record.actor) == (user_id, personas.admin)
    assert record.counts["booking.details"] == 2 and record.counts["desk.callback_requests"] == 1
    stored = json.dumps(
        [record.counts, str(record)] + [str(v) for v in vars(record).values()]
    ).lower()
    assert "solveig" not in stored and "400" not in stored
    assert f"{user_id}" in response.content.decode()


def test_staff_accounts_are_not_erased_here(client, personas):
    client.force_login(personas.admin)
    response = client.post(f"/ansatt/personer/{personas.desk_holmen.pk}/slett/")
    assert response.status_code == 200
    assert "fjern rollene først" in response.content.decode()
    personas.desk_holmen.refresh_from_db()
    assert personas.desk_holmen.is_active and personas.desk_holmen.email


def test_the_staff_menu_leads_administrators_there(client, personas):
    client.force_login(personas.admin)
    assert 'href="/ansatt/personer/"' in client.get("/ansatt/").content.decode()
    client.force_login(personas.desk_tofte)
    assert 'href="/ansatt/personer/"' not in client.get("/ansatt/").content.decode()
