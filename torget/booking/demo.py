"""Demo bookings, relative to today: a month of room use at every hub, the chess club's
weekly evening, a booking awaiting approval, a blocked period, and a day's programme at
Holmen today (with the chess club's key out) for the staff home. All invented."""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from django.utils import timezone

from torget.accounts.models import Organisation, User
from torget.booking.errors import BookingConflict, RuleViolation
from torget.booking.models import Approval, BlockedPeriod, Booking, BookingPolicy, KeyLoan
from torget.booking.services import (
    BookingRequest,
    blocked_period_create,
    booking_create,
    booking_series_create,
)
from torget.core.timeutil import make_local
from torget.places.models import Hub, Space

DEMO_NOTE = "Demodata (oppdiktet)"
PAST_REASON = "Registrert i etterkant (demodata)"

# (title, organiser type, kind, participants)
USES = (
    ("Allsang", "municipal", "activity", 35),
    ("Språkkafé", "voluntary", "activity", 14),
    ("Jobbkaffe", "municipal", "activity", 12),
    ("Strikkekafé", "voluntary", "activity", 10),
    ("Styremøte i velforeningen", "voluntary", "meeting", 8),
    ("Digital hjelp for seniorer", "municipal", "activity", 9),
    ("Borettslagsmøte", "resident", "meeting", 20),
    ("Samarbeidsmøte hjemmetjenesten", "municipal", "meeting", 6),
    ("Foredrag: lokalhistorie", "voluntary", "activity", 40),
    ("Kurs i bildebehandling", "private", "activity", 12),
)
SLOTS = ((time(10), time(12)), (time(12, 30), time(14, 30)))


def _request(
    space: Space, day: date, slot: tuple[time, time], use: tuple, **extra
) -> BookingRequest:
    title, organiser_type, kind, participants = use
    return BookingRequest(
        space=space,
        start=make_local(day, slot[0]),
        end=make_local(day, slot[1]),
        title=title,
        organiser_type=organiser_type,
        kind=kind,
        expected_participants=min(participants, space.capacity or participants),
        public=kind == "activity",
        staff_notes=DEMO_NOTE,
        **extra,
    )


def load() -> None:
    if Booking.objects.filter(staff_notes=DEMO_NOTE).exists():
        return  # already loaded (the dates are relative to the day it was loaded)
    admin = User.objects.get(username="admin")
    _policies()
    rng = random.Random(2026)
    today = timezone.localdate()
    for hub in Hub.objects.filter(is_demo=True).order_by("name"):
        spaces = list(
            Space.objects.filter(
                hub=hub, bookable=True, is_active=True, parent__isnull=True
            ).order_by("name")
        )
        for offset in range(-14, 15):
            day = today + timedelta(days=offset)
            if day.weekday() >= 5 or offset == 0:
                continue
            for slot in SLOTS:
                if rng.random() < 0.45 or not spaces:
                    continue
                space = rng.choice(spaces)
                past = make_local(day, slot[0]) < timezone.now() + timedelta(hours=1)
                try:
                    booking_create(
                        actor=admin,
                        request=_request(
                            space,
                            day,
                            slot,
                            rng.choice(USES),
                            override_reason=PAST_REASON if past else "",
                        ),
                    )
                except (BookingConflict, RuleViolation):
                    continue  # a holiday or a closed day: the demo simply has no booking there
    _chess_evenings(today)
    _awaiting_approval(today)
    _blocked(today, admin)
    _today_at_holmen(today, admin)


def _policies() -> None:
    holmen = Hub.objects.get(name="Holmen")
    BookingPolicy.objects.get_or_create(
        hub=holmen, space=None, defaults={"price_private": 400, "max_future_bookings": 10}
    )
    hall = Space.objects.filter(hub=holmen, name="Flerbrukssalen").first()
    if hall is not None:
        BookingPolicy.objects.get_or_create(
            hub=holmen,
            space=hall,
            defaults={"approval": Approval.NON_MUNICIPAL, "buffer_after_minutes": 30},
        )


def _next_weekday(today: date, weekday: int) -> date:
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


def _chess_evenings(today: date) -> None:
    contact = User.objects.get(username="org-sjakk")
    club = Organisation.objects.filter(contacts=contact).first()
    room = Space.objects.filter(hub__name="Holmen", name="Møterom Nesøya").first()
    if room is None:
        return
    tuesday = _next_weekday(today, 1)
    first = BookingRequest(
        space=room,
        start=make_local(tuesday, time(18)),
        end=make_local(tuesday, time(21)),
        title="Sjakkveld",
        organiser_type="voluntary",
        kind="activity",
        expected_participants=10,
        public=True,
        organisation=club,
    )
    booking_series_create(
        actor=contact, request=first, until=tuesday + timedelta(weeks=12), on_conflict="skip"
    )


def _awaiting_approval(today: date) -> None:
    contact = User.objects.get(username="org-sjakk")
    club = Organisation.objects.filter(contacts=contact).first()
    hall = Space.objects.filter(hub__name="Holmen", name="Flerbrukssalen").first()
    if hall is None:
        return
    saturday = _next_weekday(today, 5) + timedelta(weeks=1)
    booking_create(
        actor=contact,
        request=BookingRequest(
            space=hall,
            start=make_local(saturday, time(10)),
            end=make_local(saturday, time(16)),
            title="Lynsjakkturnering for barn og unge",
            organiser_type="voluntary",
            kind="activity",
            expected_participants=60,
            public=True,
            organisation=club,
        ),
    )


def _blocked(today: date, admin: User) -> None:
    hall = (
        Space.objects.filter(hub__name="Slemmestad", parent__isnull=True, bookable=True)
        .order_by("-capacity")
        .first()
    )
    if hall is None or BlockedPeriod.objects.exists():
        return
    day = _next_weekday(today, 2) + timedelta(weeks=1)
    blocked_period_create(
        actor=admin,
        spaces=[hall],
        start=make_local(day, time(7)),
        end=make_local(day + timedelta(days=1), time(7)),
        reason="Vedlikehold av ventilasjonsanlegget (demodata)",
    )


# Today at Holmen, whatever the weekday the demo is loaded: what the staff home shows.
TODAY = (
    (time(9), time(10), ("Samarbeidsmøte hjemmetjenesten", "municipal", "meeting", 6), False),
    (time(12), time(14), ("Strikkekafé", "voluntary", "activity", 10), False),
    (time(18), time(20), ("Styremøte i sjakklubben", "voluntary", "meeting", 8), True),
)


def _today_at_holmen(today: date, admin: User) -> None:
    contact = User.objects.get(username="org-sjakk")
    club = Organisation.objects.filter(contacts=contact).first()
    room = Space.objects.filter(hub__name="Holmen", name="Møterom Nesøya").first()
    if room is None:
        return
    for opens, closes, use, chess in TODAY:
        try:
            booking_create(
                actor=admin,
                request=_request(
                    room,
                    today,
                    (opens, closes),
                    use,
                    organisation=club if chess else None,
                    override_reason=DEMO_NOTE,  # past, or a day Holmen is closed
                ),
            )
        except BookingConflict:
            continue
    if club is not None:
        KeyLoan.objects.get_or_create(
            hub=room.hub,
            label="Kort 14",
            returned=None,
            defaults={
                "holder": "Per Sjakk (oppdiktet)",
                "organisation": club,
                "handed_out_by": admin,
            },
        )
