from datetime import date, time, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from torget.accounts.tests.factories import UserFactory
from torget.volunteering import services
from torget.volunteering.models import RoleKind


def next_weekday(weekday: int, *, weeks: int = 1) -> date:
    day = timezone.localdate() + timedelta(days=7 * weeks)
    return day - timedelta(days=day.weekday()) + timedelta(days=weekday)


@pytest.fixture
def centre(personas):
    """Holmen's volunteer centre: a café role (16+) with a Tuesday shift for two, homework
    help (police certificate, 18+), and a volunteer with her details."""
    cafe = services.role_create(
        actor=personas.desk_holmen,
        hub=personas.holmen,
        kind=RoleKind.CAFE,
        title="Kafévert",
        min_age=16,
    )
    homework = services.role_create(
        actor=personas.desk_holmen,
        hub=personas.holmen,
        kind=RoleKind.HOMEWORK,
        title="Leksehjelp",
        police_certificate=True,
        min_age=18,
    )
    tuesday = services.shift_create(
        actor=personas.desk_holmen,
        role=cafe,
        weekday=1,
        start_time=time(10),
        end_time=time(12),
        people_needed=2,
        starts_on=timezone.localdate(),
    )
    homework_shift = services.shift_create(
        actor=personas.desk_holmen,
        role=homework,
        weekday=2,
        start_time=time(14),
        end_time=time(15, 30),
        people_needed=3,
        starts_on=timezone.localdate(),
    )
    volunteer = services.volunteer_save(
        user=personas.resident,
        details=services.VolunteerDetails(
            phone="400 00 000",
            email="ingrid@example.no",
            likes="Kaffe og prat",
            languages="norsk, polsk",
            birth_date=date(1948, 5, 17),
        ),
    )
    return SimpleNamespace(
        cafe=cafe,
        homework=homework,
        tuesday=tuesday,
        homework_shift=homework_shift,
        volunteer=volunteer,
        day=next_weekday(1),
    )


@pytest.fixture
def make_volunteer(db):
    def make(name: str, birth: date | None = date(1980, 1, 1)):
        user = UserFactory(username=name, email=f"{name}@example.no")
        services.volunteer_save(
            user=user,
            details=services.VolunteerDetails(email=user.email, birth_date=birth),
        )
        return user

    return make
