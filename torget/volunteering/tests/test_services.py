"""The volunteering services: agreements and their delivery report, shifts and sign-ups,
initiatives, reminders, the key figure and a person's data."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from torget.booking.models import Booking, BookingStatus
from torget.core import personal_data
from torget.core.errors import NotFound, PermissionDenied, ValidationFailed
from torget.core.figures import registered_figures
from torget.core.timeutil import OSLO, NonExistentLocalTime, make_local
from torget.events.models import Event
from torget.ledger.models import EntryKind, EntrySource, LedgerEntry
from torget.ledger.services import LedgerFact, ledger_record
from torget.notifications.models import Message
from torget.places.tests.factories import SpaceFactory
from torget.volunteering import selectors, services
from torget.volunteering.errors import (
    AgreementOverlap,
    AlreadySignedUp,
    InitiativeClosed,
    NeedsPoliceCertificate,
    NotOpen,
    ShiftFull,
    TooYoung,
)
from torget.volunteering.models import (
    AgreementStatus,
    CooperationAgreement,
    Initiative,
    InitiativeStatus,
    RoleKind,
    SignUp,
    Volunteer,
)
from torget.volunteering.tests.conftest import next_weekday

# --- Agreements ------------------------------------------------------------------------------


def _terms(personas, **kwargs):
    today = timezone.localdate()
    values = {
        "organisation": personas.organisation,
        "hubs": [personas.holmen],
        "starts": today - timedelta(days=60),
        "ends": today + timedelta(days=300),
        "organisation_contact": personas.org_contact,
        "activities_per_season": 30,
        "storage": "Låsbart skap i lageret",
    }
    return services.AgreementTerms(**(values | kwargs))


def test_an_agreement_that_ends_before_it_starts_is_refused_and_nothing_saved(personas):
    today = timezone.localdate()
    with pytest.raises(ValidationFailed) as caught:
        services.agreement_create(
            actor=personas.leader,
            terms=_terms(personas, starts=today, ends=today - timedelta(days=1)),
        )
    assert str(caught.value.message) == _("The agreement ends before it starts.")
    assert not CooperationAgreement.objects.exists()


def test_an_overlapping_active_agreement_for_the_same_hub_is_refused(personas):
    first = services.agreement_create(actor=personas.leader, terms=_terms(personas))
    services.agreement_activate(
        actor=personas.leader,
        agreement_id=first.pk,
        signed_on=timezone.localdate(),
        signed_for_organisation_by=personas.org_contact,
    )
    with pytest.raises(AgreementOverlap) as caught:
        services.agreement_create(
            actor=personas.leader,
            terms=_terms(personas, starts=first.ends - timedelta(days=10)),
        )
    assert "Asker sjakklubb (oppdiktet)" in str(caught.value.message)
    assert "Holmen" in str(caught.value.message)
    assert CooperationAgreement.objects.count() == 1
    # After it, or at another hub: fine.
    after = services.agreement_create(
        actor=personas.leader,
        terms=_terms(
            personas, starts=first.ends + timedelta(days=1), ends=first.ends + timedelta(days=365)
        ),
    )
    assert after.status == AgreementStatus.DRAFT


def test_activating_a_draft_that_overlaps_an_active_one_is_refused(personas):
    a = services.agreement_create(actor=personas.leader, terms=_terms(personas))
    b = services.agreement_create(actor=personas.leader, terms=_terms(personas))  # drafts may
    services.agreement_activate(
        actor=personas.leader, agreement_id=a.pk, signed_on=timezone.localdate()
    )
    with pytest.raises(AgreementOverlap):
        services.agreement_activate(
            actor=personas.leader, agreement_id=b.pk, signed_on=timezone.localdate()
        )
    b.refresh_from_db()
    assert b.status == AgreementStatus.DRAFT
    ended = services.agreement_end(actor=personas.leader, agreement_id=a.pk)
    assert ended.status == AgreementStatus.ENDED
    services.agreement_activate(
        actor=personas.leader, agreement_id=b.pk, signed_on=timezone.localdate()
    )


def test_only_the_hubs_leader_makes_an_agreement(personas):
    for actor in (personas.desk_tofte, personas.desk_holmen, personas.org_contact):
        with pytest.raises(PermissionDenied):
            services.agreement_create(actor=actor, terms=_terms(personas))


def test_the_delivery_report_equals_a_direct_count_of_ledger_and_bookings(personas):
    today = timezone.localdate()
    agreement = services.agreement_create(actor=personas.leader, terms=_terms(personas))
    chess, holmen, tofte = personas.organisation, personas.holmen, personas.tofte
    room = SpaceFactory.meeting_room(holmen)
    other_room = SpaceFactory.meeting_room(tofte, name="Salen")
    for n, (hub, days_ago, org) in enumerate(
        [
            (holmen, 5, chess),
            (holmen, 12, chess),
            (holmen, 40, chess),
            (holmen, 90, chess),  # before the term
            (tofte, 5, chess),  # another hub
            (holmen, 6, None),  # someone else
            (holmen, -7, chess),  # ahead
        ]
    ):
        ledger_record(
            source=EntrySource.IMPORT,
            source_id=f"t{n}",
            fact=LedgerFact(
                hub_id=hub.pk,
                date=today - timedelta(days=days_ago),
                kind=EntryKind.ACTIVITY,
                organiser_type="voluntary",
                participants=10 + n,
                organisation_id=org.pk if org else None,
            ),
        )
    for space, days_ago, status, hours in [
        (room, 5, BookingStatus.CONFIRMED, 2),
        (room, 12, BookingStatus.CONFIRMED, 3),
        (room, 20, BookingStatus.CANCELLED, 4),
        (other_room, 5, BookingStatus.CONFIRMED, 5),
        (room, -3, BookingStatus.CONFIRMED, 2),
    ]:
        start = make_local(today - timedelta(days=days_ago), time(18))
        Booking.objects.create(
            space=space,
            start=start,
            end=start + timedelta(hours=hours),
            title="Sjakk",
            organiser_type="voluntary",
            organisation=chess,
            kind="activity",
            status=status,
            booked_by=personas.org_contact,
        )
    report = selectors.delivery_report(agreement)

    rows = LedgerEntry.objects.filter(
        organisation=chess, hub=holmen, kind="activity", date__gte=agreement.starts, date__lte=today
    )
    assert report.activities_held == rows.aggregate(n=Sum("count"))["n"] == 3
    assert report.participants == rows.aggregate(p=Sum("participants"))["p"]
    assert report.activities_ahead == 1
    used = Booking.objects.filter(
        organisation=chess, space__hub=holmen, status="confirmed", end__lte=timezone.now()
    )
    direct = sum((b.end - b.start).total_seconds() for b in used) / 3600
    assert report.room_hours_used == Decimal(str(direct)) == Decimal("5")
    assert report.room_hours_ahead == Decimal("2")
    assert report.committed_activities == 30
    assert report.shortfall == 26


def test_the_report_of_a_season_uses_the_rounds_period(personas):
    from torget.seasons.models import Round

    today = timezone.localdate()
    agreement = services.agreement_create(actor=personas.leader, terms=_terms(personas))
    season = Round.objects.create(
        name="Høst",
        season_start=today - timedelta(days=10),
        season_end=today + timedelta(days=100),
        opens_at=timezone.now() - timedelta(days=100),
        deadline=timezone.now() - timedelta(days=50),
    )
    season.hubs.add(personas.holmen)
    ledger_record(
        source=EntrySource.IMPORT,
        source_id="old",
        fact=LedgerFact(
            hub_id=personas.holmen.pk,
            date=today - timedelta(days=30),
            kind=EntryKind.ACTIVITY,
            organiser_type="voluntary",
            organisation_id=personas.organisation.pk,
        ),
    )
    assert selectors.seasons_for(agreement) == [season]
    assert selectors.delivery_report(agreement).activities_held == 1
    report = selectors.delivery_report(agreement, season)
    assert (report.start, report.activities_held) == (season.season_start, 0)


# --- Shifts -----------------------------------------------------------------------------------


def test_a_shift_outside_opening_hours_is_refused(personas, centre):
    with pytest.raises(NotOpen) as caught:
        services.shift_create(
            actor=personas.desk_holmen,
            role=centre.cafe,
            weekday=1,
            start_time=time(21),
            end_time=time(23),
            people_needed=1,
            starts_on=timezone.localdate(),
        )
    assert str(caught.value.message) == _("%(hub)s is not open %(weekday)s %(start)s–%(end)s.") % {
        "hub": "Holmen",
        "weekday": _("Tuesday").lower(),
        "start": "21:00",
        "end": "23:00",
    }


def test_a_shift_in_the_spring_dst_gap_is_refused(personas, centre):
    with pytest.raises(NonExistentLocalTime) as caught:
        services.shift_create(
            actor=personas.desk_holmen,
            role=centre.cafe,
            weekday=6,
            start_time=time(2, 30),
            end_time=time(4),
            people_needed=1,
            starts_on=date(2027, 3, 28),
            until=date(2027, 3, 28),
        )
    assert "02:30" in str(caught.value.message) and "28.03.2027" in str(caught.value.message)


def test_desk_staff_of_another_hub_cannot_make_roles_or_shifts(personas, centre):
    with pytest.raises(PermissionDenied):
        services.role_create(actor=personas.desk_tofte, hub=personas.holmen, kind="cafe", title="X")
    with pytest.raises(PermissionDenied):
        services.shift_create(
            actor=personas.desk_tofte,
            role=centre.cafe,
            weekday=1,
            start_time=time(10),
            end_time=time(11),
            people_needed=1,
            starts_on=timezone.localdate(),
        )


def test_sign_up_twice_and_past_the_need_are_refused(personas, centre, make_volunteer):
    signup = services.signup_create(
        actor=personas.resident, shift_id=centre.tuesday.pk, day=centre.day
    )
    assert signup.shift_date.start == make_local(centre.day, time(10))
    with pytest.raises(AlreadySignedUp):
        services.signup_create(actor=personas.resident, shift_id=centre.tuesday.pk, day=centre.day)
    services.signup_create(actor=make_volunteer("ola"), shift_id=centre.tuesday.pk, day=centre.day)
    with pytest.raises(ShiftFull) as caught:
        services.signup_create(
            actor=make_volunteer("kari"), shift_id=centre.tuesday.pk, day=centre.day
        )
    assert str(caught.value.message) == _("This shift has all the people it needs.")
    assert SignUp.objects.filter(status="confirmed").count() == 2


def test_under_the_roles_age_or_without_a_police_certificate_is_refused(
    personas, centre, make_volunteer
):
    young = make_volunteer("ung", birth=centre.day - timedelta(days=365 * 15))
    with pytest.raises(TooYoung):
        services.signup_create(actor=young, shift_id=centre.tuesday.pk, day=centre.day)
    wednesday = next_weekday(2)
    with pytest.raises(NeedsPoliceCertificate):
        services.signup_create(
            actor=personas.resident, shift_id=centre.homework_shift.pk, day=wednesday
        )
    services.police_certificate_seen(
        actor=personas.desk_holmen, volunteer_id=centre.volunteer.pk, on=timezone.localdate()
    )
    services.signup_create(
        actor=personas.resident, shift_id=centre.homework_shift.pk, day=wednesday
    )
    assert not SignUp.objects.filter(volunteer__user=young).exists()


def test_a_date_the_hub_is_closed_is_refused(personas, centre):
    from torget.places.models import OpeningException

    OpeningException.objects.create(
        hub=personas.holmen, date=centre.day, closed=True, reason="Dugnad"
    )
    with pytest.raises(NotOpen):
        services.signup_create(actor=personas.resident, shift_id=centre.tuesday.pk, day=centre.day)


def test_cancel_tells_the_hubs_staff_and_frees_the_place(personas, centre):
    personas.holmen.email = "holmen@example.no"
    personas.holmen.save()
    signup = services.signup_create(
        actor=personas.resident, shift_id=centre.tuesday.pk, day=centre.day
    )
    with pytest.raises(NotFound):  # another resident's: not even that it exists
        services.signup_cancel(actor=personas.org_contact, signup_id=signup.pk)
    services.signup_cancel(actor=personas.resident, signup_id=signup.pk)
    notice = Message.objects.get(template="volunteering.cancelled")
    assert notice.to == "holmen@example.no" and "Kafévert" in notice.subject
    again = services.signup_create(
        actor=personas.resident, shift_id=centre.tuesday.pk, day=centre.day
    )
    assert again.pk != signup.pk


def test_reminders_are_sent_once(personas, centre):
    signup = services.signup_create(
        actor=personas.resident, shift_id=centre.tuesday.pk, day=centre.day
    )
    evening_before = datetime.combine(centre.day - timedelta(days=1), time(17), tzinfo=OSLO)
    assert services.reminders_send(now=evening_before) == 1
    services.reminders_send(now=evening_before)
    reminders = Message.objects.filter(template="volunteering.reminder")
    assert reminders.count() == 1
    assert reminders.get().to == "ingrid@example.no"
    assert str(signup.pk) in reminders.get().key


def test_the_reminders_are_a_daily_schedule():
    from torget.core.jobs import schedules

    assert "volunteering.reminders" in {s.key for s in schedules()}


def test_staff_confirm_hours_and_the_key_figure_counts_them(personas, centre, monkeypatch):
    signup = services.signup_create(
        actor=personas.resident, shift_id=centre.tuesday.pk, day=centre.day
    )
    later = make_local(centre.day, time(13))
    monkeypatch.setattr(timezone, "now", lambda: later)
    with pytest.raises(NotFound):  # desk staff at Tofte do not even see it
        services.hours_confirm(actor=personas.desk_tofte, signup_id=signup.pk)
    confirmed = services.hours_confirm(actor=personas.desk_holmen, signup_id=signup.pk)
    assert confirmed.hours == Decimal("2.00")
    figure = next(f for f in registered_figures() if f.key == "volunteering.hours")
    month = centre.day.replace(day=1)
    assert figure.value(personas.holmen, month, month + timedelta(days=40)) == Decimal("2.00")
    assert figure.value(personas.tofte, month, month + timedelta(days=40)) == 0


def test_who_is_on_today(personas, centre, make_volunteer):
    services.signup_create(actor=personas.resident, shift_id=centre.tuesday.pk, day=centre.day)
    on = selectors.on_duty(personas.holmen, centre.day)
    assert [
        (d.shift.role.title, [str(s.volunteer.user.username) for s in signups]) for d, signups in on
    ] == [("Kafévert", ["innbygger"])]
    assert selectors.on_duty(personas.tofte, centre.day) == []


# --- Initiatives ------------------------------------------------------------------------------


def test_hostile_text_is_refused_and_nothing_saved(personas):
    for title, text in [
        ("Sjakk\x00kveld", ""),
        ("Sjakk", "Hei\x1b[31m"),
        ("", "tekst"),
        ("x" * 201, ""),
    ]:
        with pytest.raises(ValidationFailed):
            services.initiative_propose(
                actor=personas.resident, hub=personas.holmen, title=title, description=text
            )
    with pytest.raises(ValidationFailed):  # no way to reach an anonymous proposer
        services.initiative_propose(actor=None, hub=personas.holmen, title="Sjakk", name="Per")
    assert not Initiative.objects.exists()
    markup = services.initiative_propose(
        actor=None,
        hub=personas.holmen,
        title="<script>alert(1)</script> sjakk",
        name="Per",
        email="per@example.no",
    )
    assert markup.title.startswith("<script>")  # kept as typed; the pages escape it


def test_an_initiative_becomes_exactly_one_voluntary_event(personas):
    room = SpaceFactory.meeting_room(personas.holmen)
    initiative = services.initiative_propose(
        actor=personas.resident,
        hub=personas.holmen,
        title="Sjakkveld på torsdager",
        description="Vi kan hanke inn en som liker sjakk.",
    )
    services.initiative_take(actor=personas.desk_holmen, initiative_id=initiative.pk)
    day = next_weekday(3, weeks=2)
    kwargs = {
        "actor": personas.desk_holmen,
        "initiative_id": initiative.pk,
        "space": room,
        "start": make_local(day, time(18)),
        "end": make_local(day, time(20)),
        "category": "other",
        "until": day + timedelta(weeks=3),
    }
    with pytest.raises(PermissionDenied):
        services.initiative_to_event(**(kwargs | {"actor": personas.desk_tofte}))
    event = services.initiative_to_event(**kwargs)
    again = services.initiative_to_event(**kwargs)
    assert again.pk == event.pk
    assert Event.objects.count() == 1
    assert event.organiser_type == "voluntary" and event.occurrences.count() == 4
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.ACTIVITY and initiative.event == event
    with pytest.raises(InitiativeClosed):
        services.initiative_decline(
            actor=personas.desk_holmen, initiative_id=initiative.pk, reason="Nei"
        )


def test_decline_needs_a_reason_and_tells_the_proposer(personas):
    initiative = services.initiative_propose(
        actor=None, hub=personas.holmen, title="Strikkekafé", name="Anne", email="anne@example.no"
    )
    with pytest.raises(ValidationFailed):
        services.initiative_decline(
            actor=personas.desk_holmen, initiative_id=initiative.pk, reason=" "
        )
    services.initiative_decline(
        actor=personas.desk_holmen, initiative_id=initiative.pk, reason="Rommet er opptatt."
    )
    message = Message.objects.get(template="volunteering.initiative_declined")
    assert message.to == "anne@example.no" and "Rommet er opptatt." in message.body


# --- A person's data -------------------------------------------------------------------------


def test_export_and_erase_a_volunteer(personas, centre):
    services.signup_create(actor=personas.resident, shift_id=centre.tuesday.pk, day=centre.day)
    services.initiative_propose(actor=personas.resident, hub=personas.holmen, title="Sjakk")
    found = {kind.name: rows for kind, rows in personal_data.export_person(personas.resident)}
    assert found["volunteering.volunteers"][0][_("Phone")] == "400 00 000"
    assert found["volunteering.signups"][0][_("Shift")] == "Kafévert"
    assert found["volunteering.initiatives"][0][_("Idea")] == "Sjakk"
    personal_data.erase_person(personas.resident)
    assert not Volunteer.objects.exists()
    assert SignUp.objects.get().volunteer is None  # the shift stays, unnamed
    assert Initiative.objects.get().proposer is None


def test_the_purge_deletes_volunteers_past_their_last_shift(personas, centre, make_volunteer):
    services.signup_create(actor=personas.resident, shift_id=centre.tuesday.pk, day=centre.day)
    Volunteer.objects.filter(user__username="innbygger").update(
        created=timezone.now() - timedelta(days=800)
    )
    idle = make_volunteer("idle")
    Volunteer.objects.filter(user=idle).update(created=timezone.now() - timedelta(days=800))
    kind = next(k for k in personal_data.kinds() if k.name == "volunteering.volunteers")
    assert kind.erase(kind.retention_days) == 1  # the idle one; Ingrid has a shift ahead
    assert list(Volunteer.objects.values_list("user__username", flat=True)) == ["innbygger"]


def test_kinds_of_roles():
    assert {"pc_help", "cafe", "homework", "workshop", "lobby_host", "kiosk", "other"} == set(
        RoleKind.values
    )
