"""The demo's messages page (/demo/meldinger/): a person trying Torget reads the sign-in
link there and follows it, without the server's terminal. It exists only in the demo; under
production settings it answers 404, and the sign-in pages do not point to it."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

OUTBOX = "/demo/meldinger/"


def links(html: str) -> list[str]:
    return re.findall(r'<a class="ds-link" href="([^"]+)">\1</a>', html)


@override_settings(TORGET_DEMO=True)
def test_a_resident_signs_in_with_the_link_on_the_demo_messages_page(client, personas):
    login = client.get(reverse("accounts:login"))
    assert f'href="{OUTBOX}"'.encode() in login.content
    response = client.post(reverse("accounts:login"), {"email": personas.resident.email})
    sent = client.get(response.url)
    assert f'href="{OUTBOX}"'.encode() in sent.content

    page = client.get(OUTBOX)
    assert page.status_code == 200
    html = page.content.decode()
    assert personas.resident.email in html
    [link] = [a for a in links(html) if "/logg-inn/" in a]
    assert link.startswith("http://testserver/logg-inn/")

    confirm = client.get(link)
    assert confirm.status_code == 200
    client.post(link)
    assert client.get(reverse("booking:mine")).status_code == 200


@override_settings(TORGET_DEMO=True, TORGET_SITE_URL="http://127.0.0.1:8123")
def test_the_page_shows_the_newest_first_and_only_one_recipients_if_asked(client, personas):
    from torget.notifications.models import Channel
    from torget.notifications.services import message_queue

    for n, to in enumerate(["kari@example.no", "ola@example.no", "kari@example.no"]):
        message_queue(
            channel=Channel.EMAIL,
            to=to,
            subject=f"Melding {n}",
            body=f"Hei <b>{n}</b>!\nSe http://127.0.0.1:8123/booking/mine/.",
            key=f"test:{n}",
            template="test.note",
        )
    html = client.get(OUTBOX).content.decode()
    assert html.index("Melding 2") < html.index("Melding 1") < html.index("Melding 0")
    assert "&lt;b&gt;2&lt;/b&gt;" in html and "<b>2</b>" not in html
    # The full stop ends the sentence, not the address.
    assert links(html) == ["http://127.0.0.1:8123/booking/mine/"] * 3

    only_kari = client.get(OUTBOX, {"til": "KARI@example.no"}).content.decode()
    assert "Melding 0" in only_kari and "Melding 2" in only_kari
    assert "Melding 1" not in only_kari


@override_settings(TORGET_DEMO=True)
def test_a_control_character_in_the_filter_is_refused_with_a_message(client, db):
    response = client.get(OUTBOX, {"til": "kari\x00@example.no"})
    assert response.status_code == 422
    assert b"ds-error-summary" in response.content


@override_settings(TORGET_DEMO=False, DEBUG=False)
def test_under_production_settings_there_is_no_such_page(client, personas):
    client.post(reverse("accounts:login"), {"email": personas.resident.email})
    assert client.get(OUTBOX).status_code == 404
    assert client.get(OUTBOX, {"til": personas.resident.email}).status_code == 404
    assert OUTBOX.encode() not in client.get(reverse("accounts:login")).content
    assert OUTBOX.encode() not in client.get(reverse("accounts:login-sent")).content


@pytest.mark.parametrize("language", ["nb", "en"])
@override_settings(TORGET_DEMO=True)
def test_the_page_speaks_both_languages(client, db, language):
    client.cookies["django_language"] = language
    html = client.get(OUTBOX, headers={"accept-language": language}).content.decode()
    heading = {"nb": "Meldinger sendt i demoen", "en": "Messages sent in the demo"}[language]
    assert heading in html
