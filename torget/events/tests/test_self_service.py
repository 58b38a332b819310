"""Organisers' self-service, staff approval, messages to registrants, fees and the payment
adapter: the rules, tested with the personas."""

from datetime import date
from decimal import Decimal

import pytest

from torget.booking.models import BookingPolicy, BookingStatus
from torget.core.errors import NotFound, PermissionDenied, ValidationFailed
from torget.events import fees, payments, selectors, self_service, services
from torget.events.errors import NoFee, NotAnOrganiser, NotPending
from torget.events.models import Registration
from torget.events.tests.conftest import at
from torget.ledger.models import EntrySource, LedgerEntry
from torget.notifications.models import Message

pytestmark = pytest.mark.usefixtures("frozen_now")


def details(**changes) -> services.EventDetails:
    values = {
        "title": "Sjakkveld for alle",
        "category": "meeting_place",
        "organiser_type": "municipal",  # ignored: the organisation's type is used
        "capacity": 10,
        "registration": "required",
    }
    values.update(changes)
    return services.EventDetails(**values)


@pytest.fixture
def organiser_event(personas, room):
    def make(**changes):
        until = changes.pop("until", None)
        return self_service.organiser_event_create(
            actor=personas.org_contact,
            organisation=personas.organisation,
            details=details(**changes),
            space=room,
            start=at(26, 18),
            end=at(26, 20),
            until=until,
        )

    return make


def public_ids() -> set[int]:
    return {o.event_id for o in selectors.occurrences(selectors.Filters())}


def test_an_organisers_event_waits_for_approval_by_default(organiser_event, personas):
    event = organiser_event()
    assert event.approval == "pending"
    assert (event.organisation, event.organiser_type) == (personas.organisation, "voluntary")
    occurrence = event.occurrences.get()
    booking = occurrence.booking
    # The room is held, booked as the organisation's contact person.
    assert (booking.booked_by, booking.organisation, booking.status) == (
        personas.org_contact,
        personas.organisation,
        BookingStatus.CONFIRMED,
    )
    assert booking.for_event
    # Not public, nobody can register, and not in the key figures.
    assert event.pk not in public_ids()
    with pytest.raises(NotFound):
        services.registration_create(
            actor=None, occurrence_id=occurrence.pk, name="Kari", email="kari@example.no"
        )
    assert not LedgerEntry.objects.exists()


def test_staff_approve_it_and_the_organiser_is_told(organiser_event, personas):
    personas.org_contact.email = "sjakk@example.no"
    personas.org_contact.save()
    event = organiser_event(until=date(2026, 12, 10))
    assert event.occurrences.count() == 3
    with pytest.raises(NotFound):  # another hub's staff
        self_service.event_approve(actor=personas.desk_tofte, event_id=event.pk)
    with pytest.raises(NotFound):  # the organiser cannot approve their own event
        self_service.event_approve(actor=personas.org_contact, event_id=event.pk)
    self_service.event_approve(actor=personas.desk_holmen, event_id=event.pk)
    event.refresh_from_db()
    assert (event.approval, event.decided_by) == ("approved", personas.desk_holmen)
    assert event.pk in public_ids()
    rows = LedgerEntry.objects.filter(source=EntrySource.EVENT)
    assert rows.count() == 3
    assert {r.organiser_class for r in rows} == {"non_municipal"}
    [message] = Message.objects.filter(template="event.approved")
    assert message.to == "sjakk@example.no"
    assert "Sjakkveld for alle" in message.body
    with pytest.raises(NotPending):
        self_service.event_approve(actor=personas.desk_holmen, event_id=event.pk)


def test_staff_reject_with_a_reason_and_the_room_is_released(organiser_event, personas):
    personas.org_contact.email = "sjakk@example.no"
    personas.org_contact.save()
    event = organiser_event()
    with pytest.raises(ValidationFailed):
        self_service.event_reject(actor=personas.desk_holmen, event_id=event.pk, reason=" ")
    self_service.event_reject(
        actor=personas.desk_holmen, event_id=event.pk, reason="Rommet pusses opp."
    )
    event.refresh_from_db()
    occurrence = event.occurrences.get()
    assert (event.approval, event.rejection_reason) == ("rejected", "Rommet pusses opp.")
    assert occurrence.status == "cancelled"
    assert occurrence.booking.status == BookingStatus.CANCELLED
    assert event.pk not in public_ids()
    [message] = Message.objects.filter(template="event.rejected")
    assert "Rommet pusses opp." in message.body


def test_only_the_events_hub_staff_reject_and_they_are_asked_first(organiser_event, personas):
    event = organiser_event()
    # Who may is checked before the reason: a resident with no reason is not told about it.
    for outsider, reason in (
        (personas.desk_tofte, "Nei."),
        (personas.resident, ""),
        (personas.org_contact, "Nei."),
    ):
        with pytest.raises(NotFound):
            self_service.event_reject(actor=outsider, event_id=event.pk, reason=reason)
    event.refresh_from_db()
    assert (event.approval, event.decided_by) == ("pending", None)
    assert event.occurrences.get().booking.status == BookingStatus.CONFIRMED
    assert not Message.objects.filter(template="event.rejected").exists()


def test_a_hub_may_let_organisers_publish_at_once(organiser_event, personas, holmen):
    with pytest.raises(PermissionDenied):  # desk staff do not decide this; the leader does
        self_service.hub_event_settings_set(
            actor=personas.desk_holmen, hub=holmen, need_approval=False
        )
    self_service.hub_event_settings_set(actor=personas.leader, hub=holmen, need_approval=False)
    event = organiser_event()
    assert event.approval == "approved"
    assert event.pk in public_ids()
    assert LedgerEntry.objects.filter(source=EntrySource.EVENT).count() == 1


def test_a_room_that_needs_approval_makes_the_event_wait_too(
    organiser_event, personas, holmen, room
):
    self_service.hub_event_settings_set(actor=personas.leader, hub=holmen, need_approval=False)
    BookingPolicy.objects.create(hub=holmen, space=room, approval="required")
    event = organiser_event()
    assert event.approval == "pending"
    assert event.occurrences.get().booking.status == BookingStatus.PENDING
    self_service.event_approve(actor=personas.desk_holmen, event_id=event.pk)
    assert event.occurrences.get().booking.status == BookingStatus.CONFIRMED
    # One message to the organiser: the event's, not also one about the room booking.
    assert not Message.objects.filter(template__startswith="booking.").exists()


def test_only_the_organisations_contacts_create_its_events(personas, room):
    from torget.accounts.tests.factories import OrganisationFactory, UserFactory

    other = UserFactory(username="org-kor")
    OrganisationFactory.with_contact(other, name="Holmen kor (oppdiktet)")
    for actor in (other, personas.resident, personas.desk_tofte):
        with pytest.raises(NotAnOrganiser):
            self_service.organiser_event_create(
                actor=actor,
                organisation=personas.organisation,
                details=details(),
                space=room,
                start=at(26, 18),
                end=at(26, 20),
            )


def test_the_booking_rules_apply_as_for_the_organisation(personas, room):
    from torget.booking.errors import RuleViolation

    with pytest.raises(RuleViolation):  # at 03:00, outside opening hours; no override
        self_service.organiser_event_create(
            actor=personas.org_contact,
            organisation=personas.organisation,
            details=details(),
            space=room,
            start=at(26, 3),
            end=at(26, 4),
        )
    assert not Registration.objects.exists()
    from torget.events.models import Event

    assert not Event.objects.exists()


@pytest.fixture
def approved(organiser_event, personas):
    def make(**changes):
        event = organiser_event(**changes)
        self_service.event_approve(actor=personas.desk_holmen, event_id=event.pk)
        return event.occurrences.get()

    return make


def test_organiser_messages_everyone_registered(approved, personas):
    from torget.accounts.tests.factories import OrganisationFactory, UserFactory

    occurrence = approved(capacity=1)
    for name, email, phone in (
        ("Anne", "anne@example.no", ""),
        ("Bjorn", "", "912 34 567"),  # on the waitlist, by SMS
    ):
        services.registration_create(
            actor=None, occurrence_id=occurrence.pk, name=name, email=email, phone=phone
        )
    note = self_service.registrants_message_send(
        actor=personas.org_contact, occurrence_id=occurrence.pk, text="Husk egen sjakkklokke."
    )
    assert note.recipients == 2
    sent = Message.objects.filter(template="event.message_to_registrants").order_by("pk")
    assert [(m.channel, m.to) for m in sent] == [
        ("email", "anne@example.no"),
        ("sms", "912 34 567"),
    ]
    assert all("Husk egen sjakkklokke." in m.body for m in sent)
    # Nobody else may: another organisation's contact, staff at another hub, a resident.
    other = UserFactory(username="org-kor")
    OrganisationFactory.with_contact(other, name="Holmen kor (oppdiktet)")
    for actor in (other, personas.desk_tofte, personas.resident):
        with pytest.raises(NotFound):
            self_service.registrants_message_send(
                actor=actor, occurrence_id=occurrence.pk, text="Hei"
            )
    with pytest.raises(ValidationFailed):
        self_service.registrants_message_send(
            actor=personas.desk_holmen, occurrence_id=occurrence.pk, text="   "
        )


# --- Fees ----------------------------------------------------------------------------------


def test_a_fee_registration_records_how_it_is_paid_and_staff_mark_it_paid(approved, personas):
    occurrence = approved(fee=Decimal("50"))
    desk = services.registration_create(
        actor=None, occurrence_id=occurrence.pk, name="Anne", email="anne@example.no"
    ).registration
    invoice = services.registration_create(
        actor=None,
        occurrence_id=occurrence.pk,
        name="Bjorn",
        email="bjorn@example.no",
        payment_method="invoice",
    ).registration
    assert (desk.payment_method, invoice.payment_method) == ("at_desk", "invoice")
    assert not desk.is_paid
    with pytest.raises(ValidationFailed):
        services.registration_create(
            actor=None,
            occurrence_id=occurrence.pk,
            name="Cecilie",
            email="c@example.no",
            payment_method="bitcoin",
        )
    for actor in (personas.desk_tofte, personas.org_contact, personas.resident):
        with pytest.raises(NotFound):
            fees.registration_payment_set(actor=actor, registration_id=desk.pk, paid=True)
    fees.registration_payment_set(actor=personas.desk_holmen, registration_id=desk.pk, paid=True)
    desk.refresh_from_db()
    assert desk.is_paid and desk.paid_marked_by == personas.desk_holmen
    fees.registration_payment_set(actor=personas.desk_holmen, registration_id=desk.pk, paid=False)
    desk.refresh_from_db()
    assert desk.paid_at is None and desk.paid_marked_by is None


def test_a_free_event_has_no_payment(approved, personas):
    occurrence = approved()
    registration = services.registration_create(
        actor=None, occurrence_id=occurrence.pk, name="Anne", email="anne@example.no"
    ).registration
    assert registration.payment_method == ""
    with pytest.raises(NoFee):
        fees.registration_payment_set(
            actor=personas.desk_holmen, registration_id=registration.pk, paid=True
        )


def test_the_payment_adapter_is_chosen_by_a_setting_and_the_fake_settles(approved, settings):
    assert isinstance(payments.provider(), payments.FakePaymentProvider)
    occurrence = approved(fee=Decimal("95"))
    registration = services.registration_create(
        actor=None, occurrence_id=occurrence.pk, name="Anne", email="anne@example.no", seats=2
    ).registration
    started = fees.payment_start(registration_id=registration.pk)
    assert started.reference.startswith("fake-")
    assert not fees.payment_refresh(registration_id=registration.pk).is_paid
    payments.FakePaymentProvider.settle(started.reference)
    refreshed = fees.payment_refresh(registration_id=registration.pk)
    assert refreshed.is_paid and refreshed.paid_marked_by is None

    class Elsewhere(payments.FakePaymentProvider):
        pass

    settings.TORGET_PAYMENT_PROVIDER = f"{__name__}.ElsewhereProvider"
    globals()["ElsewhereProvider"] = Elsewhere
    assert isinstance(payments.provider(), Elsewhere)
