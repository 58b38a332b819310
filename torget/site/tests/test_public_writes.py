"""Every write anyone may make without signing in is limited per client, by the one limiter
(core.ratelimit) and the one function that names the client (`client_address`): a forged
X-Forwarded-For walks around none of them, and a new public write cannot be added without
this test naming it."""

import re
from collections.abc import Callable
from datetime import datetime, time, timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from torget.core import ratelimit
from torget.core.timeutil import OSLO

PROXY = "10.0.0.5"  # our balancer, declared in TORGET_TRUSTED_PROXIES below
CLIENT = "198.51.100.7"  # the address the balancer saw


def _next_weekday(weekday: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=7)
    day += timedelta(days=(weekday - day.weekday()) % 7)
    return datetime.combine(day, time(hour), tzinfo=OSLO)


@pytest.fixture
def world(personas):
    """An open consultation with an answer, an event with a registration and office hours
    with an appointment, all at Holmen some days ahead."""
    from torget.appointments import services as appointments
    from torget.appointments.models import Service
    from torget.appointments.selectors import at_text
    from torget.consultations import services as consultations
    from torget.consultations.models import Status
    from torget.events.services import EventDetails, event_create, registration_create
    from torget.places.tests.factories import SpaceFactory

    consultation = consultations.consultation_set_status(
        consultations.consultation_from_template(hubs=[personas.holmen]), Status.OPEN
    )
    first_question = consultation.questions.order_by("pk").first()
    _, answer_token = consultations.response_submit(consultation, {first_question.pk: "Ja"})

    room = SpaceFactory.meeting_room(personas.holmen, name="Møterom Fjorden", capacity=40)
    start = _next_weekday(2, 10)
    event = event_create(
        actor=personas.desk_holmen,
        details=EventDetails(
            title="Digital hjelp",
            category="digital_help",
            organiser_type="municipal",
            audience="seniors",
            capacity=30,
            registration="required",
        ),
        space=room,
        start=start,
        end=start + timedelta(hours=2),
        until=None,
        override_reason="",
    )
    occurrence = event.occurrences.get()
    registered = registration_create(
        actor=None, occurrence_id=occurrence.pk, name="Kari", email="kari@example.no"
    )

    service = Service.objects.create(name="Byggesak", description="Veiledning.", organisation=None)
    officer = appointments.officer_create(actor=personas.admin, service=service, name="Saksbeh.")
    hours_start = _next_weekday(1, 10)
    office_hours = appointments.office_hours_create(
        actor=personas.desk_holmen,
        officer=officer,
        space=SpaceFactory.meeting_room(personas.holmen, name="Samtalerommet"),
        start=hours_start,
        end=hours_start + timedelta(hours=2),
        slot_minutes=30,
    )
    appointment = appointments.appointment_book(
        session_id=office_hours.pk,
        start=hours_start,
        about="Garasje",
        contact=appointments.Contact(user=None, name="Anne", phone="40000000", email=""),
    )
    later = hours_start + timedelta(minutes=30)
    return SimpleNamespace(
        consultation=consultation,
        question=first_question,
        answer_token=answer_token,
        occurrence=occurrence,
        registration_token=registered.token,
        office_hours=office_hours,
        slot=at_text(later),
        later=later,
        appointment_token=appointment.token,
    )


def _json(url: str, body: dict) -> Callable[[Client, SimpleNamespace], object]:
    return lambda c, w: c.post(url.format(w=w), body, content_type="application/json")


def _form(url: str, data: Callable[[SimpleNamespace], dict] = lambda w: {}):
    return lambda c, w: c.post(url.format(w=w), data(w))


def _answers(w) -> dict:
    from torget.consultations.forms import started_token

    return {f"q{w.question.pk}": "Ja", "started": started_token(now=0)}


def _keypad(c, w):
    """The demo keypad of a fake door at Holmen (meråpent)."""
    from torget.access.models import Door
    from torget.places.models import Hub

    door, _ = Door.objects.get_or_create(hub=Hub.objects.get(name="Holmen"), label="Inngang")
    return c.post(f"/meraapent/dor/{door.pk}/", {"code": "1234567"})


CALLBACK = {"phone": "400 00 000", "topic": "tax", "consent": "on", "website": ""}
PERSON = {"name": "Ola", "email": "ola@example.no", "seats": "1"}

# Every write anyone may make without signing in, by URL name (HTML) or operation (API).
PUBLIC_WRITES: dict[str, Callable] = {
    # The JSON API.
    "api:register": _json("/api/v1/events/{w.occurrence.pk}/registrations", PERSON | {"seats": 1}),
    "api:appointment_book": lambda c, w: c.post(
        "/api/v1/appointments",
        {
            "office_hours": w.office_hours.pk,
            "start": w.later.isoformat(),
            "about": "Tak",
            "name": "Per",
            "phone": "41000000",
        },
        content_type="application/json",
    ),
    "api:appointment_cancel": _json("/api/v1/appointments/{w.appointment_token}/cancel", {}),
    "api:appointment_move": lambda c, w: c.post(
        f"/api/v1/appointments/{w.appointment_token}/move",
        {"office_hours": w.office_hours.pk, "start": w.later.isoformat()},
        content_type="application/json",
    ),
    "api:post_response": lambda c, w: c.post(
        f"/api/v1/consultations/{w.consultation.pk}/responses",
        {"answers": {str(w.question.pk): "Ja"}},
        content_type="application/json",
    ),
    # The pages.
    "access:keypad": _keypad,
    "accounts:login": _form("/logg-inn/", lambda w: {"email": "ola@example.no"}),
    "accounts:login-link": _form("/logg-inn/1.abc.def/"),
    "appointments:book": _form(
        "/timeavtaler/bestill/{w.office_hours.pk}/{w.slot}/",
        lambda w: {"about": "Tak", "name": "Per", "phone": "41000000"},
    ),
    "appointments:cancel": _form("/timeavtaler/avtale/{w.appointment_token}/avbestill/"),
    "appointments:move": _form(
        "/timeavtaler/avtale/{w.appointment_token}/flytt/{w.office_hours.pk}/{w.slot}/"
    ),
    "consultations:answer": _form("/medvirkning/{w.consultation.slug}/", _answers),
    "consultations:kiosk-answer": _form(
        "/kiosk/holmen/medvirkning/{w.consultation.slug}/", _answers
    ),
    "consultations:hub-input": _form("/medvirkning/innspill/holmen/", lambda w: {}),
    "consultations:kiosk-hub-input": _form("/kiosk/holmen/innspill/", lambda w: {}),
    "consultations:change": _form("/medvirkning/endre/{w.answer_token}/", _answers),
    "desk:kiosk-callback": _form("/kiosk/holmen/ring-meg/", lambda w: CALLBACK),
    "desk:web-callback": _form("/ring-meg/holmen/", lambda w: CALLBACK),
    "events:register": _form("/arrangementer/{w.occurrence.pk}/pamelding/", lambda w: PERSON),
    "events:registration": _form("/arrangementer/pamelding/{w.registration_token}/"),
    "volunteering:propose": _form(
        "/frivillig/holmen/foresla/",
        lambda w: {"title": "Sjakkveld", "name": "Per", "email": "per@example.no"},
    ),
}

# Pages that answer a POST as they answer a GET, writing nothing (or only the session).
READS_ANY_METHOD = {
    "favicon",
    "healthz",
    "readyz",
    "ping",
    "accessibility",
    "privacy",
    "accounts:login-sent",
    "accounts:logout",  # ends the visitor's own session
    "accounts:logged-out",
    "appointments:services",
    "appointments:times",
    "appointments:manage",
    "appointments:ics",
    "booking:space-feed",
    "booking:personal-feed",
    "desk:kiosk",
    "desk:kiosk-thanks",
    "desk:web-callback-thanks",
    "places:home",
    "places:hub",
    "places:space",
}


@pytest.fixture
def behind_the_balancer(settings):
    settings.TORGET_TRUSTED_PROXIES = ["10.0.0.0/8"]


@pytest.mark.parametrize("name", sorted(PUBLIC_WRITES))
def test_every_public_write_counts_the_forwarded_client_and_stops_it_over_the_limit(
    name, world, behind_the_balancer, monkeypatch
):
    send = PUBLIC_WRITES[name]
    # A forged hop left of the balancer's: the client wrote that one itself.
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"6.6.6.{len(name)}, {CLIENT}")
    counted: list[str] = []
    real_hit = ratelimit.hit

    def counting(key: str, *, window: int) -> int:
        counted.append(key)
        return real_hit(key, window=window)

    monkeypatch.setattr(ratelimit, "hit", counting)
    send(client, world)
    assert any(key.endswith(f":{CLIENT}") for key in counted), counted
    assert not any("6.6.6." in key or PROXY in key for key in counted), counted

    monkeypatch.setattr(ratelimit, "hit", lambda key, *, window: 10**6)
    response = send(client, world)
    assert response.status_code == 429, response.content[:300]
    assert int(response["Retry-After"]) > 0


def test_the_probe_105_answers_with_a_new_forwarded_address_each_are_limited(world):
    """The issue's probe: X-Forwarded-For is not believed without declared proxies."""
    from torget.consultations.views import RATE, RATE_WINDOW

    url = f"/api/v1/consultations/{world.consultation.pk}/responses"
    body = {"answers": {str(world.question.pk): "Ja"}}
    statuses = [
        Client(HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        .post(url, body, content_type="application/json")
        .status_code
        for n in range(105)
    ]
    allowed = RATE["web"]
    assert statuses[:allowed] == [201] * allowed
    assert set(statuses[allowed:]) == {429}
    last = Client().post(url, body, content_type="application/json")
    assert last["Retry-After"] == str(RATE_WINDOW)
    assert last.json()["code"] == "rate_limited"


def test_behind_a_declared_proxy_each_forwarded_client_counts_for_itself(
    world, behind_the_balancer
):
    from torget.consultations.views import RATE

    url = f"/api/v1/consultations/{world.consultation.pk}/responses"
    body = {"answers": {str(world.question.pk): "Ja"}}

    def post(forwarded: str) -> int:
        client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
        return client.post(url, body, content_type="application/json").status_code

    # One client forging a new leftmost hop each time: still one client.
    forged = [post(f"203.0.113.{n}, {CLIENT}") for n in range(RATE["web"] + 1)]
    assert forged[-1] == 429
    # Its neighbour behind the same balancer is served.
    assert post("198.51.100.8") == 201


# -- the class checked everywhere: no public write is missing from PUBLIC_WRITES ----------


def _routes(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}:{p.name}" if namespace else p.name


def _dummy(route: str) -> str:
    values = {"int": "999999", "slug": "nowhere"}
    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: values.get(m.group(1) or "", "x"), route)


def test_every_page_that_takes_an_anonymous_post_is_a_known_public_write_or_a_read(db):
    client = Client()
    unknown = []
    for route, name in _routes(get_resolver().url_patterns):
        if route.startswith(("staff/", "api/", "i18n/")):
            continue  # the back office (signed in), the API (below), Django's language switch
        response = client.post(_dummy(route), {})
        location = response.get("Location", "")
        signed_in_only = response.status_code == 302 and location.startswith(
            ("/staff/login/", "/logg-inn/")
        )
        if response.status_code == 405 or signed_in_only:
            assert name not in PUBLIC_WRITES, name
            continue
        if name not in PUBLIC_WRITES and name not in READS_ANY_METHOD:
            unknown.append(name)
    assert unknown == [], "Anonymous POST answered; a public write needs a limit and a row here"


def test_every_api_write_is_signed_in_only_or_a_known_public_write(db):
    from torget.api import api

    client = Client()
    unknown = []
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                methods = set(operation.methods) - {"GET", "HEAD", "OPTIONS"}
                if not methods:
                    continue
                url = "/api/v1" + prefix.rstrip("/") + _dummy(path.lstrip("/"))
                url = re.sub(r"\{(?:\w+:)?\w+\}", "999999", url)
                method = getattr(client, next(iter(methods)).lower())
                status = method(url, {}, content_type="application/json").status_code
                name = f"api:{operation.view_func.__name__}"
                if status == 401:
                    assert name not in PUBLIC_WRITES, name
                elif name not in PUBLIC_WRITES:
                    unknown.append((name, status))
    assert unknown == [], "Anonymous API write answered; it needs a limit and a row here"
