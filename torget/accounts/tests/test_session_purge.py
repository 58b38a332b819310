"""Sign-in sessions nobody signed out of are deleted once they have expired, by the same
daily `manage.py purge_personal_data` as everything else (issue 16): nothing else did."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def signed_in(user) -> str:
    client = Client()
    client.force_login(user)
    return client.session.session_key


def test_the_daily_purge_deletes_expired_sessions_and_keeps_live_ones(personas):
    old = signed_in(personas.resident)
    live = signed_in(personas.org_contact)
    Session.objects.filter(session_key=old).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )
    out = StringIO()

    call_command("purge_personal_data", stdout=out)

    assert set(Session.objects.values_list("session_key", flat=True)) == {live}
    assert "accounts.sessions: 1 (after 14 days)" in out.getvalue()
    # The live one is still signed in; the expired one was already refused by Django.
    for key, signed_in_still in ((live, True), (old, False)):
        client = Client()
        client.cookies["sessionid"] = key
        assert client.get(reverse("booking:mine")).wsgi_request.user.is_authenticated is (
            signed_in_still
        )


def test_the_session_period_is_the_cookie_age(personas, settings):
    from torget.core.personal_data import kinds

    settings.SESSION_COOKIE_AGE = 3 * 24 * 3600
    (sessions,) = [kind for kind in kinds() if kind.name == "accounts.sessions"]
    assert sessions.retention_days == 3
