"""The outbox in the back office: each hub's staff read their hub's messages only, and
nobody reads a private link's token there."""

import pytest

from torget.events.tests.conftest import frozen_now, make_event, room  # noqa: F401 (fixtures)
from torget.notifications.models import Channel, Message
from torget.notifications.services import message_queue

pytestmark = pytest.mark.django_db

LIST = "/staff/notifications/message/"


def detail(message: Message) -> str:
    return f"{LIST}{message.pk}/change/"


@pytest.fixture
def holmen_registration(make_event, frozen_now):  # noqa: F811
    """A Holmen resident's registration: its confirmation carries the private cancel link."""
    from torget.events.services import registration_create

    event = make_event()
    registered = registration_create(
        actor=None,
        occurrence_id=event.occurrences.get().pk,
        name="Ola Holmen",
        email="ola@example.no",
    )
    message = Message.objects.get(key=f"registration:{registered.registration.pk}")
    assert registered.token in message.body  # the resident's own copy has the link
    return registered, message


def test_another_hubs_staff_neither_list_nor_open_a_message(client, personas, holmen_registration):
    _registered, message = holmen_registration
    client.force_login(personas.desk_tofte)
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert "ola@example.no" not in listing.content.decode()
    assert client.get(detail(message)).status_code == 403

    client.force_login(personas.desk_holmen)
    assert "ola@example.no" in client.get(LIST).content.decode()
    assert client.get(detail(message)).status_code == 200


def test_nobody_reads_a_private_links_token_in_the_back_office(
    client, personas, holmen_registration
):
    registered, message = holmen_registration
    for person in (personas.desk_holmen, personas.admin):
        client.force_login(person)
        page = client.get(detail(message)).content.decode()
        assert registered.token not in page
        assert "/arrangementer/pamelding/…/" in page  # where the link leads is still shown


def test_an_appointment_link_shows_its_target_not_its_token(client, personas):
    token = "Zq8uTQ3mYxkP0a9vB2cD4eF6gH8iJ0kL"
    message = message_queue(
        channel=Channel.SMS,
        to="400 00 000",
        subject="",
        body=f"Timen din: http://127.0.0.1:8000/timeavtaler/avtale/{token}/.",
        key="appointment:1:20261125T1000",
        template="appointment.confirmed",
        hub_id=personas.holmen.pk,
    )
    client.force_login(personas.leader)
    page = client.get(detail(message)).content.decode()
    assert token not in page
    assert "/timeavtaler/avtale/…/." in page


def test_messages_about_no_hub_are_for_administrators_only(client, personas):
    message = message_queue(
        channel=Channel.EMAIL,
        to="kari@example.no",
        subject="Logg inn i backoffice",
        body="Logg inn med passordet ditt.",
        key="signin:1:staff:1",
        template="signin.staff",
    )
    for person in (personas.desk_holmen, personas.leader):
        client.force_login(person)
        assert "kari@example.no" not in client.get(LIST).content.decode()
        assert client.get(detail(message)).status_code == 403
    client.force_login(personas.admin)
    assert client.get(detail(message)).status_code == 200
