"""Agreements through the service, and the one rule for agreement holders."""

from datetime import date, timedelta

import pytest

from torget.access.errors import AgreementExists, BelowAgeLimit, CredentialTaken
from torget.access.models import EntryAttempt
from torget.access.rules import Reason
from torget.access.services import (
    agreement_renew,
    agreement_revoke,
    agreements_expire,
    door_check,
    door_remote_open,
)
from torget.access.tests.conftest import CARD, PIN, at, register
from torget.core.errors import NotFound, PermissionDenied, ValidationFailed
from torget.notifications.models import Message
from torget.places.models import OpeningException

MONDAY_EVENING = at(2026, 11, 23, 20)  # self-service (staffed 09–15, self-service 07–22)


def check(world, door, credential=CARD, pin=PIN, when=MONDAY_EVENING):
    return door_check(door=door, credential=credential, pin=pin, at=when, via="bridge")


def test_an_agreement_opens_the_entrance_in_self_service_and_staffed_hours(world):
    register(world)
    evening = check(world, world.entrance)
    assert (evening.allowed, evening.reason, evening.self_service) == (True, "agreement", True)
    noon = check(world, world.entrance, when=at(2026, 11, 23, 12))
    assert (noon.allowed, noon.self_service) == (True, False)
    # Spaces and dashes in the card number are not part of it.
    assert check(world, world.entrance, credential="1234567890").allowed


def test_outside_the_hours_and_on_17_may_the_hub_is_closed(world):
    register(world)
    assert check(world, world.entrance, when=at(2026, 11, 23, 22, 0)).reason == "outside_hours"
    assert check(world, world.entrance, when=at(2026, 11, 23, 6, 59)).reason == "outside_hours"
    # 17 May 2027 is a Monday: a public holiday, closed all day.
    assert check(world, world.entrance, when=at(2027, 5, 17, 12)).reason == "outside_hours"
    # The hub's own exception closes a day too.
    OpeningException.objects.create(hub=world.holmen, date=date(2026, 11, 24), reason="Stengt")
    assert check(world, world.entrance, when=at(2026, 11, 24, 20)).reason == "outside_hours"


def test_wrong_pin_room_door_and_another_hubs_door_are_refused(world):
    register(world)
    assert check(world, world.entrance, pin="0000").reason == "wrong_pin"
    assert check(world, world.room_door).reason == "wrong_door"
    assert check(world, world.tofte_entrance).reason == "wrong_door"


def test_a_revoked_agreement_is_refused_at_once_and_the_person_is_told(world):
    agreement = register(world)
    assert check(world, world.entrance).allowed
    agreement_revoke(actor=world.desk_holmen, agreement_id=agreement.pk, reason="Slapp inn andre")
    decision = check(world, world.entrance)
    assert (decision.allowed, decision.reason, decision.grant_ref) == (
        False,
        "revoked",
        agreement.ref,
    )
    message = Message.objects.get(template="access.revoked")
    assert message.to == world.resident.email
    assert "Slapp inn andre" in message.body
    assert message.hub_id == world.holmen.pk


def test_revoking_needs_a_reason_and_staff_of_the_hub(world):
    agreement = register(world)
    with pytest.raises(ValidationFailed):
        agreement_revoke(actor=world.desk_holmen, agreement_id=agreement.pk, reason="  ")
    with pytest.raises(NotFound):
        agreement_revoke(actor=world.desk_tofte, agreement_id=agreement.pk, reason="x")
    assert check(world, world.entrance).allowed


def test_expired_and_not_yet_valid(world):
    register(world, valid_from=date(2026, 12, 1), valid_until=date(2026, 12, 31))
    assert check(world, world.entrance, when=at(2026, 11, 30, 20)).reason == "not_yet_valid"
    assert check(world, world.entrance, when=at(2026, 12, 31, 21)).allowed
    assert check(world, world.entrance, when=at(2027, 1, 1, 8)).reason == "expired"


def test_expiry_tells_the_person_once_and_renewing_restores_access(world):
    agreement = register(world, valid_from=date(2026, 11, 1), valid_until=date(2026, 12, 31))
    assert agreements_expire(today=date(2027, 1, 1)) == 1
    assert agreements_expire(today=date(2027, 1, 2)) == 0
    assert Message.objects.filter(template="access.expired").count() == 1
    agreement_renew(
        actor=world.desk_holmen, agreement_id=agreement.pk, valid_until=date(2027, 6, 30)
    )
    assert check(world, world.entrance, when=at(2027, 1, 4, 20)).allowed


def test_the_age_limit_is_the_strictest_hubs_with_a_clear_message(world):
    seventeen = date.today() - timedelta(days=365 * 17 + 10)
    with pytest.raises(BelowAgeLimit) as refused:
        register(world, birth_date=seventeen)
    assert refused.value.code == "access.age_limit"
    assert "18" in str(refused.value.message)
    assert "Holmen" in str(refused.value.message)
    # Tofte's limit is 15: the same person may sign there (its desk registers it).
    tofte = register(
        world, actor=world.desk_tofte, hubs=[world.tofte], birth_date=seventeen, pin=""
    )
    assert tofte.age_limit_met == 15
    assert not hasattr(tofte, "birth_date")


def test_the_id_is_checked_the_agreement_accepted_and_a_pin_chosen(world):
    with pytest.raises(ValidationFailed) as refused:
        register(world, id_checked=False, accepted=False, pin="12")
    fields = {e["field"] for e in refused.value.errors}
    assert fields == {"id_checked", "accepted", "pin"}


def test_a_card_is_one_persons(world):
    register(world)
    with pytest.raises(AgreementExists):
        register(world)
    with pytest.raises(CredentialTaken):
        register(world, user=None, name="Per Hansen", phone="41000000")
    # The card is stored only as a keyed hash, the PIN as a slow hash.
    agreement = world.resident.access_agreements.get()
    assert "1234" not in agreement.credential_hash and PIN not in agreement.pin_hash


def test_desk_staff_of_another_hub_cannot_register_here(world):
    with pytest.raises(PermissionDenied):
        register(world, actor=world.desk_tofte)


def test_staff_holding_an_agreement_open_their_hubs_doors_always(world):
    register(world, user=world.desk_holmen, credential="999888777")
    night = at(2026, 11, 24, 3)
    decision = check(world, world.room_door, credential="999888777", when=night)
    assert (decision.allowed, decision.reason) == (True, "staff")
    # ... but not another hub's.
    assert not check(world, world.tofte_entrance, credential="999888777", when=night).allowed


def test_remote_open_is_staff_of_the_hub_only_and_logged_with_who(
    world, django_capture_on_commit_callbacks
):
    with pytest.raises(PermissionDenied):
        door_remote_open(actor=world.desk_tofte, door=world.entrance)
    with django_capture_on_commit_callbacks(execute=True):
        decision = door_remote_open(actor=world.desk_holmen, door=world.entrance)
    assert decision.reason == Reason.STAFF_REMOTE
    entry = EntryAttempt.objects.get()
    assert (entry.opened_by, entry.allowed, entry.via) == (world.desk_holmen, True, "remote")
    assert ("remote_open", "H-1") in world.fake.sent


def test_every_attempt_is_logged_without_the_code(world):
    register(world)
    check(world, world.entrance)
    check(world, world.entrance, credential="000000")
    rows = list(EntryAttempt.objects.order_by("pk").values("allowed", "result_code", "grant_ref"))
    assert [(r["allowed"], r["result_code"]) for r in rows] == [
        (True, "agreement"),
        (False, "unknown"),
    ]
    assert rows[1]["grant_ref"] == ""
