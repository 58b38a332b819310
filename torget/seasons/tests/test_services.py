"""Applications, the stored proposal, staff changes and the decision, through the services."""

from __future__ import annotations

import itertools
from datetime import date, time, timedelta

import pytest

from torget.accounts.models import OrganisationKind
from torget.accounts.tests.factories import OrganisationFactory, UserFactory
from torget.booking.models import Booking, BookingStatus, Occupancy
from torget.booking.services import BookingRequest, booking_create
from torget.core.errors import NotFound, PermissionDenied, ValidationFailed
from torget.core.timeutil import make_local
from torget.notifications.models import Message
from torget.seasons import services
from torget.seasons.models import Allocation, AllocationChange, Application
from torget.seasons.tests.conftest import AFTER_DEADLINE, application_input


def apply(season, org=None, user=None, **kwargs):
    org = org or season.p.organisation
    user = user or season.p.org_contact
    space = kwargs.pop("space", season.north)
    return services.application_save(
        actor=user,
        round_id=season.round.pk,
        data=application_input(org, space, **kwargs),
        site_url="http://testserver/",
    )


def other_org(name, kind, season):
    contact = UserFactory(username=name.lower().replace(" ", "-"))
    return OrganisationFactory.with_contact(contact, name=name, kind=kind), contact


def test_a_contact_applies_and_gets_a_receipt(season):
    app = apply(season)
    assert app.submitted_by == season.p.org_contact
    assert [w.preference for w in app.wishes.all()] == [1]
    [receipt] = Message.objects.filter(template="seasons.receipt")
    assert receipt.to == season.p.org_contact.email
    assert app.reference in receipt.body
    assert "tirsdag 18:00–20:00" in receipt.body.lower()
    assert receipt.hub_id == app.wishes.get().space.hub_id  # that hub's staff read it


def test_only_the_organisations_contacts_may_apply(season):
    with pytest.raises(PermissionDenied):
        apply(season, user=season.p.resident)
    assert Application.objects.count() == 0


def test_bad_input_is_refused_and_changes_nothing(season):
    with pytest.raises(ValidationFailed) as exc:
        apply(
            season,
            start=20,
            end=18,
            expected_participants=0,
            first_date=date(2027, 1, 1),
            space=season.p.holmen.spaces.create(name="Utenfor runden"),
        )
    fields = {e["field"] for e in exc.value.errors}
    assert {"wish1_end", "expected_participants", "first_date", "wish1_space"} <= fields
    assert Application.objects.count() == 0 and Message.objects.count() == 0


def test_changes_until_the_deadline_keep_the_submission_time(season, frozen_now):
    app = apply(season)
    submitted = app.submitted_at
    frozen_now.return_value = frozen_now.return_value + timedelta(days=10)
    changed = services.application_save(
        actor=season.p.org_contact,
        round_id=season.round.pk,
        data=application_input(season.p.organisation, season.room, weekday=3),
        application_id=app.pk,
    )
    assert changed.submitted_at == submitted
    assert [(w.space_id, w.weekday) for w in changed.wishes.all()] == [(season.room.pk, 3)]
    assert Message.objects.filter(template="seasons.receipt").count() == 2
    frozen_now.return_value = AFTER_DEADLINE
    with pytest.raises(services.RoundClosed):
        services.application_save(
            actor=season.p.org_contact,
            round_id=season.round.pk,
            data=application_input(season.p.organisation, season.room),
            application_id=app.pk,
        )


def _competitors(season, frozen_now):
    """Business first, the chess club (voluntary) later, a municipal service in between."""
    shop, shop_contact = other_org("Kafé AS", OrganisationKind.BUSINESS, season)
    nav, nav_contact = other_org("NAV Asker", OrganisationKind.MUNICIPAL, season)
    first = apply(season, org=shop, user=shop_contact, paid=True, space=season.hall)
    frozen_now.return_value += timedelta(hours=1)
    second = apply(
        season, org=nav, user=nav_contact, accept_other_spaces=True, expected_participants=20
    )
    frozen_now.return_value += timedelta(hours=1)
    third = apply(season)
    return first, second, third


def test_the_proposal_follows_the_rules_and_is_stored_with_reasons(season, frozen_now):
    shop, nav, chess = _competitors(season, frozen_now)
    services.proposal_compute(actor=season.p.desk_holmen, round_id=season.round.pk)
    got = {a.application_id: a for a in Allocation.objects.all()}
    assert got[chess.pk].space == season.north and got[chess.pk].choice == "wish:1"
    assert got[nav.pk].space == season.south and got[nav.pk].choice.startswith("other_space")
    assert got[shop.pk].space is None
    season.round.refresh_from_db()
    assert {
        (c["winner"], c["loser"], c["decided_by"]) for c in season.round.proposal["conflicts"]
    } == {
        (chess.pk, nav.pk, "rule:voluntary"),
        (chess.pk, shop.pk, "rule:voluntary"),
    }
    assert AllocationChange.objects.filter(kind="proposed").count() == 1
    # Computing again gives the same.
    services.proposal_compute(actor=season.p.desk_holmen, round_id=season.round.pk)
    again = {a.application_id: (a.space_id, a.choice) for a in Allocation.objects.all()}
    assert again == {k: (v.space_id, v.choice) for k, v in got.items()}


def test_other_hubs_staff_and_residents_cannot_touch_the_round(season):
    apply(season)
    for user in (season.p.resident, season.p.org_contact, season.p.case_officer):
        with pytest.raises(NotFound):
            services.proposal_compute(actor=user, round_id=season.round.pk)


def test_move_swap_and_take_away_need_a_reason_and_are_logged(season, frozen_now):
    shop, nav, chess = _competitors(season, frozen_now)
    desk = season.p.desk_holmen
    services.proposal_compute(actor=desk, round_id=season.round.pk)
    with pytest.raises(ValidationFailed):
        services.allocation_move(
            actor=desk,
            round_id=season.round.pk,
            application_id=shop.pk,
            space_id=season.room.pk,
            weekday=2,
            start_time=time(18),
            end_time=time(20),
            reason="  ",
        )
    # Into the chess club's time: refused, naming who holds it.
    with pytest.raises(services.SlotTaken) as exc:
        services.allocation_move(
            actor=desk,
            round_id=season.round.pk,
            application_id=shop.pk,
            space_id=season.hall.pk,
            weekday=1,
            start_time=time(19),
            end_time=time(21),
            reason="Prøver",
        )
    assert "Asker sjakklubb" in str(exc.value.message)
    services.allocation_move(
        actor=desk,
        round_id=season.round.pk,
        application_id=shop.pk,
        space_id=season.hall.pk,
        weekday=2,
        start_time=time(18),
        end_time=time(20),
        reason="Onsdag er ledig",
    )
    services.allocation_swap(
        actor=desk, round_id=season.round.pk, first_id=nav.pk, second_id=chess.pk, reason="Ønske"
    )
    got = {a.application_id: a for a in Allocation.objects.all()}
    assert got[nav.pk].space == season.north and got[chess.pk].space == season.south
    services.allocation_refuse(
        actor=desk, round_id=season.round.pk, application_id=shop.pk, reason="Trakk seg muntlig"
    )
    shop_alloc = Allocation.objects.get(application=shop)
    assert shop_alloc.space is None and shop_alloc.staff_reason == "Trakk seg muntlig"
    kinds = list(AllocationChange.objects.values_list("kind", "reason"))
    assert kinds[1:] == [
        ("moved", "Onsdag er ledig"),
        ("swapped", "Ønske"),
        ("rejected", "Trakk seg muntlig"),
    ]


def test_confirm_books_weekly_series_through_the_engine_and_sends_letters(season, frozen_now):
    shop, _nav, chess = _competitors(season, frozen_now)
    # An existing booking in two of the chess club's weeks: those weeks are left out.
    for day in (date(2027, 9, 7), date(2027, 9, 14)):
        booking_create(
            actor=season.p.desk_holmen,
            request=BookingRequest(
                space=season.north,
                start=make_local(day, time(17)),
                end=make_local(day, time(19)),
                title="Valgmøte",
                organiser_type="municipal",
                kind="meeting",
                override_reason="test",
            ),
        )
    desk = season.p.admin
    services.proposal_compute(actor=desk, round_id=season.round.pk)
    chess_alloc = Allocation.objects.get(application=chess)
    assert chess_alloc.skip_dates == ["2027-09-07", "2027-09-14"]
    with pytest.raises(services.Conflict):  # still open on 23.11.2026
        services.round_confirm(actor=desk, round_id=season.round.pk)
    frozen_now.return_value = AFTER_DEADLINE
    with pytest.raises(PermissionDenied):  # desk staff at Holmen only: Tofte is in the round
        services.round_confirm(actor=season.p.desk_holmen, round_id=season.round.pk)
    services.round_confirm(actor=desk, round_id=season.round.pk, site_url="http://testserver/")

    chess_alloc.refresh_from_db()
    series = chess_alloc.series
    bookings = list(Booking.objects.filter(series=series).order_by("start"))
    assert len(bookings) == 52 - 2
    assert all(b.status == BookingStatus.CONFIRMED for b in bookings)
    assert bookings[0].organisation == season.p.organisation
    assert {
        b.start.astimezone(make_local(date(2027, 7, 1), time(0)).tzinfo).hour for b in bookings
    } == {18}
    assert Booking.objects.filter(series__isnull=False).count() == 2 * 52 - 2
    # No two active occupancies of a unit overlap.
    rows = list(Occupancy.objects.filter(active=True).order_by("unit_id", "start"))
    for x, y in itertools.pairwise(rows):
        if x.unit_id == y.unit_id:
            assert x.end <= y.start
    letters = {m.to: m for m in Message.objects.filter(template="seasons.decision")}
    assert len(letters) == 3
    assert "Storsalen nord" in letters[season.p.org_contact.email].body
    granted = letters[season.p.org_contact.email]
    assert granted.hub_id == Booking.objects.filter(series__isnull=False).first().space.hub_id
    refused = letters[shop.submitted_by.email]
    assert refused.subject.startswith("Ikke tildelt")
    assert "prioriteringsregelen" in refused.body and "Asker sjakklubb" not in refused.body
    with pytest.raises(services.AlreadyDecided):
        services.proposal_compute(actor=desk, round_id=season.round.pk)


def test_confirm_refuses_everything_when_a_new_booking_clashes(season, frozen_now):
    apply(season)
    services.proposal_compute(actor=season.p.admin, round_id=season.round.pk)
    booking_create(
        actor=season.p.admin,
        request=BookingRequest(
            space=season.hall,
            start=make_local(date(2027, 10, 5), time(18)),
            end=make_local(date(2027, 10, 5), time(19)),
            title="Konsert",
            organiser_type="municipal",
            kind="activity",
            override_reason="test",
        ),
    )
    [clash] = services.confirm_preview(season.round)
    assert clash.dates == ["2027-10-05"] and clash.labels == ["Konsert"]
    frozen_now.return_value = AFTER_DEADLINE
    with pytest.raises(services.Conflict) as exc:
        services.round_confirm(actor=season.p.admin, round_id=season.round.pk)
    assert exc.value.code == "seasons.clash"
    assert Booking.objects.filter(series__isnull=False).count() == 0
    season.round.refresh_from_db()
    assert season.round.decided_at is None


def test_a_private_party_gets_a_letter_with_the_reason(season, frozen_now):
    shop, contact = other_org("Festlokale AS", OrganisationKind.BUSINESS, season)
    app = apply(season, org=shop, user=contact, private_party=True)
    services.proposal_compute(actor=season.p.admin, round_id=season.round.pk)
    assert Allocation.objects.get(application=app).space is None
    frozen_now.return_value = AFTER_DEADLINE
    services.round_confirm(actor=season.p.admin, round_id=season.round.pk)
    letter = Message.objects.get(template="seasons.decision")
    assert "Private samlinger" in letter.body


def test_a_proposal_older_than_a_change_cannot_be_confirmed(season, frozen_now):
    app = apply(season)
    services.proposal_compute(actor=season.p.admin, round_id=season.round.pk)
    frozen_now.return_value += timedelta(hours=1)
    services.application_save(
        actor=season.p.org_contact,
        round_id=season.round.pk,
        data=application_input(season.p.organisation, season.room),
        application_id=app.pk,
    )
    frozen_now.return_value = AFTER_DEADLINE
    with pytest.raises(services.Conflict) as exc:
        services.round_confirm(actor=season.p.admin, round_id=season.round.pk)
    assert exc.value.code == "seasons.stale_proposal"
    services.proposal_compute(actor=season.p.admin, round_id=season.round.pk)
    services.round_confirm(actor=season.p.admin, round_id=season.round.pk)
    assert Allocation.objects.get().space == season.room


def test_staff_changes_refuse_everyone_outside_the_rounds_hubs(season, frozen_now):
    shop, nav, chess = _competitors(season, frozen_now)
    services.proposal_compute(actor=season.p.desk_holmen, round_id=season.round.pk)
    before = sorted(Allocation.objects.values_list("application_id", "space_id", "weekday"))
    changes = AllocationChange.objects.count()
    writes = (
        lambda actor: services.allocation_move(
            actor=actor,
            round_id=season.round.pk,
            application_id=shop.pk,
            space_id=season.room.pk,
            weekday=2,
            start_time=time(18),
            end_time=time(20),
            reason="Flytt",
        ),
        lambda actor: services.allocation_swap(
            actor=actor, round_id=season.round.pk, first_id=shop.pk, second_id=nav.pk, reason="B"
        ),
        lambda actor: services.allocation_refuse(
            actor=actor, round_id=season.round.pk, application_id=chess.pk, reason="Nei"
        ),
        lambda actor: services.round_confirm(actor=actor, round_id=season.round.pk),
    )
    for actor, write in itertools.product(
        (season.p.resident, season.p.org_contact, season.p.case_officer), writes
    ):
        with pytest.raises(NotFound):
            write(actor)
    after = sorted(Allocation.objects.values_list("application_id", "space_id", "weekday"))
    assert after == before and AllocationChange.objects.count() == changes


def test_only_the_organisations_contacts_withdraw(season):
    app = apply(season)
    # Staff of the round's hub see the application, but it is not theirs to withdraw.
    for actor in (season.p.resident, season.p.desk_holmen, season.p.admin):
        with pytest.raises(NotFound):
            services.application_withdraw(actor=actor, application_id=app.pk)
    app.refresh_from_db()
    assert not app.withdrawn
