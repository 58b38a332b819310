"""The agenda names its day once: "Tirsdag 24. november", not "Tirsdag 24. november
24.11.2026" (issue 17.6)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_agenda_names_its_day_once(session, personas):
    desk = Client()
    desk.force_login(personas.desk_tofte)
    page = desk.get("/timeavtaler/agenda/?dag=2026-11-24").text
    assert '<p class="ds-paragraph lead">Tirsdag 24. november</p>' in page
    assert "Tirsdag 24. november 24.11.2026" not in page
