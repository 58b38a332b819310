"""The desk screen, the callback queue and the kiosk, without JavaScript (plain forms)."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from torget.desk.models import CallbackRequest, CallbackStatus, Inquiry
from torget.desk.services import callback_requests_purge
from torget.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db

DESK = "/skranke/holmen/"
KIOSK = "/kiosk/holmen/"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_desk_needs_a_sign_in(personas):
    response = Client().get(DESK)
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/?next=/skranke/holmen/")


@pytest.mark.parametrize(
    "who,status",
    [("desk_holmen", 200), ("leader", 200), ("admin", 200), ("desk_tofte", 403), ("resident", 403)],
)
def test_the_desk_is_for_the_hubs_staff(personas, who, status):
    assert signed_in(getattr(personas, who)).get(DESK).status_code == status


def test_an_unknown_hub_is_404(personas):
    assert signed_in(personas.admin).get("/skranke/atlantis/").status_code == 404


def test_the_desk_index_goes_straight_to_the_only_desk(personas):
    response = signed_in(personas.desk_tofte).get("/skranke/")
    assert response["Location"] == "/skranke/tofte/"
    page = signed_in(personas.admin).get("/skranke/").content.decode()
    assert "/skranke/holmen/" in page
    assert "/skranke/tofte/" in page


def test_a_tap_without_javascript_logs_and_offers_undo(personas):
    client = signed_in(personas.desk_holmen)
    page = client.get(DESK).content.decode()
    assert page.count('name="topic"') == 14
    client_id = re.search(r'name="client_id" value="([^"]+)"', page).group(1)
    form = {"topic": "nav", "channel": "phone", "client_id": client_id}
    response = client.post(DESK, form)
    assert response.status_code == 302
    client.post(DESK, form)  # a double click: the same client_id
    inquiry = Inquiry.objects.get()
    assert (inquiry.topic, inquiry.channel) == ("nav", "phone")
    page = client.get(DESK).content.decode()
    assert f'name="inquiry" value="{inquiry.pk}"' in page
    assert re.search(r'id="desk-undo"[^>]*hidden', page) is None
    assert 'value="phone" checked' in page, "the channel stays as chosen"

    response = client.post("/skranke/holmen/angre/", {"inquiry": inquiry.pk})
    assert response.status_code == 302
    assert not Inquiry.objects.exists()
    assert not LedgerEntry.objects.exists()


def test_a_bad_tap_shows_a_message_and_writes_nothing(personas):
    client = signed_in(personas.desk_holmen)
    response = client.post(DESK, {"topic": "astrology", "channel": "walk_in"}, follow=True)
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not Inquiry.objects.exists()


def test_a_client_id_used_at_another_hub_is_a_message_not_an_error_page(personas):
    client_id = "5f0c6a3e-8d1b-4c55-9a3e-2b7f1d4c9e01"
    signed_in(personas.admin).post(
        "/skranke/tofte/", {"topic": "tax", "channel": "walk_in", "client_id": client_id}
    )
    response = signed_in(personas.desk_holmen).post(
        DESK, {"topic": "nav", "channel": "walk_in", "client_id": client_id}, follow=True
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert list(Inquiry.objects.values_list("hub__slug", "topic")) == [("tofte", "tax")]


def test_undo_through_the_page_is_the_services_rule(personas):
    logged = signed_in(personas.desk_holmen)
    logged.post(DESK, {"topic": "nav", "channel": "walk_in"})
    inquiry = Inquiry.objects.get()
    # The hub leader works at Holmen but did not log it: refused, nothing undone.
    response = signed_in(personas.leader).post(
        "/skranke/holmen/angre/", {"inquiry": inquiry.pk}, follow=True
    )
    assert 'role="alert"' in response.content.decode()
    assert Inquiry.objects.filter(pk=inquiry.pk).exists() and LedgerEntry.objects.count() == 1


def test_todays_counts_on_the_desk(personas):
    client = signed_in(personas.desk_holmen)
    for topic in ("tax", "tax", "nav"):
        client.post(DESK, {"topic": topic, "channel": "walk_in"})
    page = client.get(DESK).content.decode()
    assert re.search(r'data-count-for="tax"[^>]*>2<', page)
    assert re.search(r"data-count-total>3<", page)


def test_the_kiosk_needs_no_sign_in(personas):
    response = Client().get(KIOSK)
    assert response.status_code == 200
    page = response.content.decode()
    assert "kommune.example" in page
    assert 'data-kiosk-reset="90"' in page
    assert Client().get("/kiosk/atlantis/").status_code == 404


def callback_form(**overrides):
    form = {"phone": "400 00 000", "topic": "tax", "consent": "on", "website": ""}
    form.update(overrides)
    return form


def test_from_the_kiosk_through_the_queue_to_resolved_writes_one_ledger_row(personas):
    response = Client().post("/kiosk/holmen/ring-meg/", callback_form(phone="+47 400 00 000"))
    assert response.status_code == 302
    assert response["Location"] == "/kiosk/holmen/takk/"
    callback = CallbackRequest.objects.get()
    assert (callback.phone, callback.status, callback.consent) == ("40000000", "new", True)

    staff = signed_in(personas.desk_holmen)
    queue = staff.get("/skranke/holmen/ring-tilbake/").content.decode()
    assert "tel:40000000" in queue
    action = f"/skranke/holmen/ring-tilbake/{callback.pk}/"
    for step, status in [
        ("take", "taken"),
        ("no_answer", "no_answer"),
        ("take", "taken"),
        ("called", "called"),
        ("resolve", "resolved"),
    ]:
        assert staff.post(action, {"action": step}).status_code == 302
        callback.refresh_from_db()
        assert callback.status == status, step
    assert callback.taken_by == personas.desk_holmen
    assert callback.attempts == 2
    inquiry = Inquiry.objects.get()
    assert callback.inquiry == inquiry
    assert (inquiry.channel, inquiry.topic) == ("phone", "tax")
    row = LedgerEntry.objects.get()
    assert (row.kind, row.category, row.channel) == ("inquiry", "tax", "phone")

    # Resolving twice is refused; still one inquiry and one row.
    staff.post(action, {"action": "resolve"})
    assert Inquiry.objects.count() == LedgerEntry.objects.count() == 1
    assert "tel:40000000" not in staff.get("/skranke/holmen/ring-tilbake/").content.decode()


def test_the_queue_is_oldest_first_and_for_the_hubs_staff(personas):
    for phone in ("40000001", "40000002"):
        Client().post("/kiosk/holmen/ring-meg/", callback_form(phone=phone))
    page = signed_in(personas.desk_holmen).get("/skranke/holmen/ring-tilbake/").content.decode()
    assert page.index("40000001") < page.index("40000002")
    assert signed_in(personas.desk_tofte).get("/skranke/holmen/ring-tilbake/").status_code == 403
    callback = CallbackRequest.objects.first()
    signed_in(personas.desk_tofte).post(
        f"/skranke/tofte/ring-tilbake/{callback.pk}/", {"action": "take"}
    )
    callback.refresh_from_db()
    assert callback.status == CallbackStatus.NEW, "Tofte's staff cannot take Holmen's requests"


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"consent": ""}, "consent"),
        ({"phone": "12"}, "phone"),
        ({"phone": ""}, "phone"),
        ({"topic": "astrology"}, "topic"),
    ],
)
def test_the_callback_form_says_what_is_wrong(personas, overrides, field):
    form = callback_form(**overrides)
    if not form["consent"]:
        del form["consent"]
    response = Client().post("/kiosk/holmen/ring-meg/", form)
    assert response.status_code == 422
    page = response.content.decode()
    assert "ds-error-summary" in page
    assert f'href="#id_{field}"' in page
    assert not CallbackRequest.objects.exists()


def test_the_honeypot_pretends_and_stores_nothing(personas):
    response = Client().post("/kiosk/holmen/ring-meg/", callback_form(website="http://spam"))
    assert response.status_code == 302
    assert not CallbackRequest.objects.exists()


def test_callback_requests_are_rate_limited_per_address(personas):
    client = Client()
    for n in range(10):
        assert client.post("/kiosk/holmen/ring-meg/", callback_form()).status_code == 302, n
    response = client.post("/kiosk/holmen/ring-meg/", callback_form())
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert CallbackRequest.objects.count() == 10
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert other.post("/kiosk/holmen/ring-meg/", callback_form()).status_code == 302


def test_callback_requests_are_deleted_after_the_retention_period(personas):
    Client().post("/kiosk/holmen/ring-meg/", callback_form())
    assert callback_requests_purge(now=timezone.now() + timedelta(days=29)) == 0
    assert callback_requests_purge(now=timezone.now() + timedelta(days=31)) == 1
    assert not CallbackRequest.objects.exists()


def test_the_demo_loads_twice_to_the_same_state(db):
    """The desk's demo module on the demo hubs and accounts (load_demo runs it too)."""
    from torget.desk import demo as desk_demo
    from torget.places import demo as places_demo
    from torget.site import demo as accounts_demo
    from torget.site.management.commands.load_demo import demo_modules

    assert "torget.desk.demo" in demo_modules()
    places_demo.load()
    accounts_demo.load()

    def state():
        return (
            Inquiry.objects.count(),
            LedgerEntry.objects.filter(source="inquiry").count(),
            CallbackRequest.objects.count(),
        )

    desk_demo.load()
    first = state()
    assert first[0] > 50
    assert first[0] == first[1]
    assert first[2] == 2
    assert set(Inquiry.objects.values_list("logged_by__username", flat=True)) == {
        "desk-holmen",
        "desk-tofte",
    }
    desk_demo.load()
    assert state() == first
