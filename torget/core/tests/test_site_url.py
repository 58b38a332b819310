"""Links in e-mail and SMS lead to the site's public address (TORGET_SITE_URL, one helper
for every app): production refuses to start without it, and `make demo` derives it from
where the demo serves, so a cancel link opens on the demo's own port."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from torget.core.siteurl import refuse_missing_site_url, site_url

ROOT = Path(__file__).resolve().parents[3]


def test_production_refuses_to_start_without_the_site_address(settings):
    settings.TORGET_SITE_URL = ""
    settings.DEBUG, settings.TORGET_DEMO = False, False
    with pytest.raises(ImproperlyConfigured, match="TORGET_SITE_URL"):
        refuse_missing_site_url()
    # The reminder commands compose links outside any request: they refuse too.
    for command in (
        "send_booking_reminders",
        "send_event_reminders",
        "send_appointment_reminders",
    ):
        with pytest.raises(ImproperlyConfigured, match="TORGET_SITE_URL"):
            call_command(command)
    settings.TORGET_DEMO = True
    refuse_missing_site_url()
    settings.TORGET_DEMO, settings.DEBUG = False, True
    refuse_missing_site_url()
    settings.DEBUG, settings.TORGET_SITE_URL = False, "https://torget.kommune.no"
    refuse_missing_site_url()


def test_the_entry_points_check_the_site_address():
    for entry in ("wsgi.py", "asgi.py"):
        assert "refuse_missing_site_url()" in (ROOT / "torget" / entry).read_text()


def test_links_start_with_the_site_address(settings):
    settings.TORGET_SITE_URL = "https://torget.kommune.no/"
    assert site_url() == "https://torget.kommune.no"
    # Where a request tells the address, it is used.
    assert site_url("http://testserver/") == "http://testserver"
    settings.TORGET_SITE_URL = ""
    assert site_url() == "http://127.0.0.1:8000"  # a laptop, the tests


def test_a_booking_confirmation_links_to_the_site_address(settings, personas):
    from datetime import datetime
    from unittest import mock

    from torget.booking.services import BookingRequest, booking_create
    from torget.core.timeutil import OSLO
    from torget.notifications.models import Message
    from torget.places.tests.factories import SpaceFactory

    settings.TORGET_SITE_URL = "http://127.0.0.1:8123"
    room = SpaceFactory.meeting_room(personas.holmen, name="Møterom Fjorden", capacity=10)
    # Monday 23 November 2026, 09:00; the booking is Tuesday 10–11.
    with mock.patch(
        "django.utils.timezone.now", return_value=datetime(2026, 11, 23, 9, tzinfo=OSLO)
    ):
        booking_create(
            actor=personas.resident,
            request=BookingRequest(
                space=room,
                start=datetime(2026, 11, 24, 10, tzinfo=OSLO),
                end=datetime(2026, 11, 24, 11, tzinfo=OSLO),
                title="Styremøte",
                organiser_type="resident",
                kind="meeting",
                expected_participants=4,
            ),
        )
    body = Message.objects.get(template="booking.confirmed").body
    assert "http://127.0.0.1:8123/booking/mine/" in body


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.parametrize(
    ("variables", "address"),
    [
        (["PORT=8123"], "http://127.0.0.1:8123"),
        (["HOST=localhost", "PORT=8080"], "http://localhost:8080"),
        (["TORGET_SITE_URL=https://demo.example"], "https://demo.example"),
    ],
)
def test_make_demo_serves_links_to_where_it_serves(variables, address):
    commands = subprocess.run(
        ["make", "--no-print-directory", "-n", "demo", *variables],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    serve = next(line for line in commands.splitlines() if "granian" in line)
    assert f"TORGET_SITE_URL='{address}'" in serve
    accounts = next(line for line in commands.splitlines() if "demo_accounts" in line)
    assert f"TORGET_SITE_URL='{address}'" in accounts
