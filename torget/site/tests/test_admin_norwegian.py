"""The back office speaks bokmål all through: the texts its JavaScript writes (the two
lists of a many-to-many field, "Velg alle") come from the JavaScript catalogue, and the
texts of Django's admin templates Django has no bokmål for come from Torget's catalogue."""

import pytest
from django.urls import reverse


@pytest.fixture
def signed_in_admin(client, personas):
    client.force_login(personas.admin)
    return client


def test_the_javascript_catalogue_is_in_bokmal(signed_in_admin):
    page = signed_in_admin.get(reverse("admin:jsi18n"))
    assert page.status_code == 200
    text = page.content.decode()
    for norwegian in ("Velg alle %s", "Fjern alle %s", "Tilgjengelige %s", "Velg markerte %s"):
        assert norwegian in text


def test_a_change_form_with_two_lists_loads_the_catalogue(signed_in_admin, personas):
    # A blocked period picks its rooms from two lists (filter_horizontal).
    page = signed_in_admin.get(reverse("admin:booking_blockedperiod_add"))
    assert page.status_code == 200
    assert reverse("admin:jsi18n") in page.content.decode()


def test_the_admin_chrome_is_in_bokmal(signed_in_admin):
    # The side menu (with its filter box) is on every page but the front page.
    text = signed_in_admin.get(reverse("admin:booking_blockedperiod_changelist")).content.decode()
    assert "Start typing to filter" not in text
    assert "Toggle theme" not in text
    assert "Begynn å skrive for å filtrere" in text
    assert "Bytt fargetema" in text


def test_the_sign_in_title_with_an_error_is_in_bokmal(client, personas):
    page = client.post(reverse("admin:login"), {"username": "admin", "password": "feil"})
    title = page.content.decode().split("<title>")[1].split("</title>")[0]
    assert title.startswith("Feil:")
    assert "Error" not in title


def test_every_admin_text_torget_keeps_has_its_bokmal():
    from django.utils import translation

    from torget.site.admin_texts import ADMIN_TEXTS

    with translation.override("nb"):
        untranslated = [text for text in ADMIN_TEXTS if translation.gettext(text) == text]
    assert untranslated == []
