"""The meråpent pages: the staff pages scoped to the user's hubs (Tofte's desk staff see
nothing of Holmen: 404), register with the service's refusals on the form, renew, revoke,
remote open, the log, revoke every grant with a confirmation; the public Meråpent page;
the resident's agreement and door code on "Mine bookinger" (shown without writing) and the
code in the confirmation; the staff home and the key figure."""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from torget.access.models import BookingGrant, EntryAttempt, SelfServiceAgreement
from torget.access.services import door_check
from torget.access.tests.conftest import CARD, PIN, adult_birth_date, register
from torget.core.timeutil import make_local
from torget.notifications.models import Message

STAFF = "/ansatt/meraapent/"


def form(world, **overrides):
    data = {
        "account": "",
        "name": "Kari Nordmann",
        "phone": "912 34 567",
        "email": "",
        "birth_date": adult_birth_date().isoformat(),
        "id_checked": "on",
        "accepted": "on",
        "credential": "5555 6666 77",
        "pin": "2468",
        "valid_until": "",
        "hubs": ["holmen"],
    }
    data.update(overrides)
    return data


def page(response) -> str:
    return response.content.decode()


# -- who sees what ------------------------------------------------------------------------


def test_staff_of_another_hub_see_nothing_of_holmen(client, world):
    agreement = register(world)
    door = world.entrance
    client.force_login(world.desk_tofte)
    own = client.get(STAFF)
    assert own.status_code == 200 and own.context["hub"] == world.tofte
    assert own.context["agreements"] == [] and own.context["doors"] == [world.tofte_entrance]
    assert "Hovedinngang" not in page(own)
    for url in (
        f"{STAFF}?hub=holmen",
        f"{STAFF}ny/?hub=holmen",
        f"{STAFF}logg/?hub=holmen",
        f"{STAFF}trekk-tilbake-alle/?hub=holmen",
        f"{STAFF}avtale/{agreement.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"{STAFF}dor/{door.pk}/apne/", {"hub": "tofte"}).status_code == 404
    revoked = client.post(
        f"{STAFF}avtale/{agreement.pk}/", {"action": "revoke", "revoke-reason": "Nei"}
    )
    assert revoked.status_code == 404
    assert not EntryAttempt.objects.exists()
    assert SelfServiceAgreement.objects.get().revoked_at is None


def test_residents_are_refused_and_visitors_sent_to_sign_in(client, world):
    assert client.get(STAFF).status_code == 302
    client.force_login(world.resident)
    assert client.get(STAFF).status_code == 403
    assert client.get(f"{STAFF}ny/").status_code == 403


def test_the_overview_shows_doors_agreements_alerts_and_the_fire_count(client, world):
    register(world)
    monday_evening = make_local(date(2026, 11, 23), time(19))
    door_check(door=world.entrance, credential=CARD, pin=PIN, at=monday_evening, via="keypad")
    for _ in range(5):
        door_check(door=world.room_door, credential="000000", via="keypad")
    client.force_login(world.desk_holmen)
    with _now(monday_evening + timedelta(minutes=5)):
        response = client.get(STAFF)
    text = page(response)
    assert response.status_code == 200
    assert "Hovedinngang" in text and "Fjorden" in text  # the doors
    assert [a.user for a in response.context["agreements"]] == [world.resident]
    assert response.context["locked"] == [world.room_door]  # the alert
    fire = response.context["fire"]
    assert fire.entries == 1 and timezone.localtime(fire.since).hour == 7


# -- register, renew, revoke -------------------------------------------------------------


def test_staff_register_an_agreement_at_the_desk(client, world):
    client.force_login(world.desk_holmen)
    response = client.post(f"{STAFF}ny/?hub=holmen", form(world))
    assert response.status_code == 302
    agreement = SelfServiceAgreement.objects.get()
    assert agreement.name == "Kari Nordmann" and agreement.registered_by == world.desk_holmen
    assert "5555" not in agreement.credential_hash and agreement.pin_hash != "2468"
    assert agreement.valid_until == agreement.valid_from + timedelta(days=365)
    detail = client.get(response["Location"])
    assert "Kari Nordmann" in page(detail) and agreement.ref in page(detail)


def test_an_account_is_found_by_its_e_mail(client, world):
    world.resident.email = "kari@example.no"
    world.resident.save()
    client.force_login(world.desk_holmen)
    data = form(world, account="KARI@example.no", name="", phone="")
    assert client.post(f"{STAFF}ny/?hub=holmen", data).status_code == 302
    assert SelfServiceAgreement.objects.get().user == world.resident
    unknown = client.post(f"{STAFF}ny/?hub=holmen", form(world, account="ingen@example.no"))
    assert unknown.status_code == 422 and SelfServiceAgreement.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"birth_date": (date.today() - timedelta(days=365 * 16)).isoformat()}, "birth_date"),
        ({"id_checked": ""}, "id_checked"),
        ({"accepted": ""}, "accepted"),
        ({"pin": ""}, "pin"),
        ({"name": "", "phone": ""}, "name"),
        ({"hubs": []}, "hubs"),
        ({"birth_date": "31.02.2000"}, "birth_date"),
    ],
    ids=["under-age", "no-id", "not-accepted", "no-pin", "nobody", "no-hub", "bad-date"],
)
def test_a_refused_registration_says_why_and_saves_nothing(client, world, overrides, field):
    client.force_login(world.desk_holmen)
    response = client.post(f"{STAFF}ny/?hub=holmen", form(world, **overrides))
    assert response.status_code == 422
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert 'id="error-summary"' in page(response)
    assert not SelfServiceAgreement.objects.exists()


def test_a_card_held_by_another_person_is_refused(client, world):
    register(world)  # the resident's card
    client.force_login(world.desk_holmen)
    response = client.post(f"{STAFF}ny/?hub=holmen", form(world, credential=CARD))
    assert response.status_code == 422
    assert "already registered to another person" in page(response) or "allerede" in page(response)
    assert SelfServiceAgreement.objects.count() == 1


def test_renew_and_revoke_with_a_reason(client, world):
    agreement = register(world)
    client.force_login(world.desk_holmen)
    url = f"{STAFF}avtale/{agreement.pk}/?hub=holmen"
    renewed = client.post(url, {"action": "renew", "renew-valid_until": "2028-06-30"})
    assert renewed.status_code == 302
    agreement.refresh_from_db()
    assert agreement.valid_until == date(2028, 6, 30)
    empty = client.post(url, {"action": "revoke", "revoke-reason": "  "})
    assert empty.status_code == 422
    revoked = client.post(url, {"action": "revoke", "revoke-reason": "Slapp inn andre"})
    assert revoked.status_code == 302
    agreement.refresh_from_db()
    assert agreement.revoked_at is not None and agreement.revoke_reason == "Slapp inn andre"
    assert "Slapp inn andre" in Message.objects.get(template="access.revoked").body
    assert not door_check(door=world.entrance, credential=CARD, pin=PIN, via="keypad").allowed


# -- doors, the log, revoke every grant ----------------------------------------------------


def test_remote_open_is_logged_with_who(client, world):
    client.force_login(world.desk_holmen)
    response = client.post(f"{STAFF}dor/{world.entrance.pk}/apne/", {"hub": "holmen"})
    assert response.status_code == 302
    attempt = EntryAttempt.objects.get()
    assert attempt.allowed and attempt.via == "remote" and attempt.opened_by == world.desk_holmen
    assert client.get(f"{STAFF}dor/{world.entrance.pk}/apne/?hub=holmen").status_code == 405
    log = client.get(f"{STAFF}logg/?hub=holmen")
    who = world.desk_holmen.get_full_name() or world.desk_holmen.username
    assert who in page(log) and "Hovedinngang" in page(log)


def test_the_log_shows_one_day_and_says_why_a_code_was_refused(client, world):
    door_check(door=world.entrance, credential="123", via="keypad")
    client.force_login(world.desk_holmen)
    today = client.get(f"{STAFF}logg/?hub=holmen")
    assert len(today.context["attempts"]) == 1
    assert str(today.context["attempts"][0].reason_label) in page(today)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert client.get(f"{STAFF}logg/?hub=holmen&dag={yesterday}").context["attempts"] == []
    bad = client.get(f"{STAFF}logg/?hub=holmen&dag=i-morgen")
    assert bad.status_code == 422 and bad.context["day"] == timezone.localdate()


def test_revoke_every_grant_asks_first(client, world):
    register(world)
    register(world, credential="9999 0000", user=None, name="Ola", phone="99887766")
    client.force_login(world.desk_holmen)
    url = f"{STAFF}trekk-tilbake-alle/?hub=holmen"
    asked = client.post(url, {"step": "check", "reason": "Vannskade"})
    assert asked.status_code == 200 and asked.context["confirming"]
    assert asked.context["live"].agreements == 2
    assert SelfServiceAgreement.objects.filter(revoked_at__isnull=True).count() == 2
    done = client.post(url, {"step": "confirm", "reason": "Vannskade"})
    assert done.status_code == 302
    assert SelfServiceAgreement.objects.filter(revoked_at__isnull=True).count() == 0
    assert client.post(url, {"step": "confirm", "reason": ""}).status_code == 422


# -- the public page, the resident's own page ----------------------------------------------


def test_the_public_page_tells_the_rules_and_the_hub_page_links_to_it(client, world):
    response = client.get("/meraapent/holmen/")
    text = page(response)
    assert response.status_code == 200
    assert "18" in text and "Jeg følger husreglene." in text
    assert response.context["rules"].policy.uses_pin
    client.cookies.load({"django_language": "en"})
    english = client.get("/meraapent/holmen/", HTTP_ACCEPT_LANGUAGE="en")
    assert "I follow the house rules." in page(english)
    assert 'href="/meraapent/holmen/"' in page(client.get("/torg/holmen/"))
    from torget.places.tests.factories import HubFactory

    HubFactory(name="Sætre")
    assert client.get("/meraapent/saetre/").context["rules"] is None
    assert client.get("/meraapent/finnes-ikke/").status_code == 404


def test_the_resident_sees_their_agreement_and_their_booking_code(client, world):
    from torget.booking.services import BookingRequest, booking_create

    register(world)
    world.room_door.always_locked = True
    world.room_door.save()
    start = make_local(timezone.localdate() + timedelta(days=3), time(18))
    booking = booking_create(
        actor=world.resident,
        request=BookingRequest(
            space=world.room,
            start=start,
            end=start + timedelta(hours=2),
            title="Bokklubb",
            organiser_type="resident",
            kind="meeting",
        ),
    )
    assert BookingGrant.objects.filter(booking=booking).count() == 1  # issued on confirming
    from torget.access.services import code_for_booking

    code = code_for_booking(booking).code
    confirmation = Message.objects.get(template="booking.confirmed")
    assert code in confirmation.body
    client.force_login(world.resident)
    grants = list(BookingGrant.objects.values_list("pk", "code_hash"))
    response = client.get("/booking/mine/")
    text = page(response)
    assert code in text and "Hovedinngang" in text
    assert "Holmen" in text and "31.12.2027" in text  # the agreement, valid until
    assert list(BookingGrant.objects.values_list("pk", "code_hash")) == grants  # read only


def test_a_resident_without_agreement_or_code_sees_neither(client, world):
    client.force_login(world.desk_tofte)  # has no agreement
    response = client.get("/booking/mine/")
    assert response.status_code == 200 and response.context["sections"] == []


# -- the staff home and the key figure -----------------------------------------------------


def test_the_staff_home_has_the_menu_entry_and_the_panel(client, world):
    client.force_login(world.desk_holmen)
    response = client.get("/ansatt/")
    labels = [str(item["label"]) for item in response.context["staff_menu"]]
    assert any(label in ("Meråpent", "Self-service access") for label in labels)
    assert f'href="{STAFF}?hub=holmen"' in page(response)


def test_self_service_visits_are_a_key_figure(world):
    from torget.core.figures import registered_figures

    figure = next(f for f in registered_figures() if f.key == "access.visits")
    register(world)
    saturday = make_local(date(2026, 11, 21), time(12))  # self-service only
    door_check(door=world.entrance, credential=CARD, pin=PIN, at=saturday, via="keypad")
    assert figure.value(world.holmen, date(2026, 11, 1), date(2026, 11, 30)) == 1
    assert figure.value(world.tofte, date(2026, 11, 1), date(2026, 11, 30)) == 0
    from torget.access.services import visits_tally

    visits_tally()  # counted into the monthly table: still one
    assert figure.value(None, date(2026, 11, 1), date(2026, 11, 30)) == 1


class _now:
    """Freeze timezone.now() for a page that asks "what period is it now?"."""

    def __init__(self, moment):
        from unittest import mock

        self.patch = mock.patch("django.utils.timezone.now", return_value=moment)

    def __enter__(self):
        return self.patch.__enter__()

    def __exit__(self, *exc):
        return self.patch.__exit__(*exc)
