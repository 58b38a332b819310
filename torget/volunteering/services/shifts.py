"""Volunteer roles, weekly shifts and sign-ups.

A sign-up locks its dated shift's row (`ShiftDate`, made at the first sign-up) and counts
who is signed up while holding it, as the events app does with an occurrence's seats: a
shift never gets more people than it needs, whatever the concurrency. A shift outside the
hub's opening hours, or whose local start or end does not exist (the spring DST night),
is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from torget.accounts.models import User
from torget.accounts.permissions import can_manage_hub, is_hub_staff
from torget.core.db import serialized_write
from torget.core.errors import NotFound, PermissionDenied
from torget.core.templatetags.torget import clock
from torget.core.templatetags.torget import day as format_day
from torget.core.timeutil import NonExistentLocalTime, local_interval, make_local, wall_time_exists
from torget.places.hours import KINDS, HoursCalendar, covers
from torget.places.models import Hub, OpeningHoursRule
from torget.volunteering.errors import (
    AlreadySignedUp,
    NeedsPoliceCertificate,
    NotAShiftDate,
    NotOpen,
    ShiftFull,
    TooYoung,
)
from torget.volunteering.models import (
    RoleKind,
    Shift,
    ShiftDate,
    SignUp,
    SignUpStatus,
    Volunteer,
    VolunteerRole,
)
from torget.volunteering.services.common import fail, tell_person, tell_staff, text

MAX_PEOPLE = 50
SIGN_UP_HORIZON_DAYS = 120  # how far ahead a shift can be taken
MAX_WEEKS_CHECKED = 53  # a shift without an end is checked for a year of dates
MAX_HOURS = Decimal("24")

REMINDER = "volunteering.reminder"
CANCELLED = "volunteering.cancelled"


def _require_staff(actor: User, hub: Hub) -> None:
    if not can_manage_hub(actor, hub):
        raise PermissionDenied()


@serialized_write
def role_create(
    *,
    actor: User,
    hub: Hub,
    kind: str,
    title: str,
    description: str = "",
    police_certificate: bool = False,
    min_age: int | None = None,
) -> VolunteerRole:
    _require_staff(actor, hub)
    if kind not in RoleKind.values:
        raise fail("kind", _("Unknown kind of role."))
    if min_age is not None and not 0 <= min_age <= 100:
        raise fail("min_age", _("Out of range."))
    return VolunteerRole.objects.create(
        hub=hub,
        kind=kind,
        title=text(title, "title", limit=120, required=True),
        description=text(description, "description", limit=500),
        police_certificate=police_certificate,
        min_age=min_age,
    )


def _dates(shift: Shift, limit: int = MAX_WEEKS_CHECKED) -> list[date]:
    first = shift.starts_on + timedelta(days=(shift.weekday - shift.starts_on.weekday()) % 7)
    last = shift.until or first + timedelta(weeks=limit - 1)
    found: list[date] = []
    day = first
    while day <= last and len(found) < limit:
        found.append(day)
        day += timedelta(weeks=1)
    return found


def _within_weekly_hours(hub: Hub, day: date, start: datetime, end: datetime) -> bool:
    """Whether the hub's weekly rules (staffed or self-service) cover the shift on `day`,
    apart from holidays and closed days (those are checked for each date at sign-up)."""
    rules = OpeningHoursRule.objects.filter(
        hub=hub, space__isnull=True, weekday=day.weekday(), kind__in=KINDS
    )
    spans = [
        local_interval(day, r.opens, r.closes)
        for r in rules
        if (r.valid_from is None or r.valid_from <= day)
        and (r.valid_to is None or r.valid_to >= day)
    ]
    return covers([_Span(s, e) for s, e in spans], start, end)


@dataclass(frozen=True, slots=True)
class _Span:
    start: datetime
    end: datetime


def _nonexistent(day: date, at: time) -> NonExistentLocalTime:
    message = _("%(time)s does not exist on %(date)s: the clocks are put forward that night.") % {
        "time": at.strftime("%H:%M"),
        "date": format_day(day),
    }
    return NonExistentLocalTime(message, errors=[{"field": "start_time", "message": message}])


@serialized_write
def shift_create(
    *,
    actor: User,
    role: VolunteerRole,
    weekday: int,
    start_time: time,
    end_time: time,
    people_needed: int,
    starts_on: date,
    until: date | None = None,
) -> Shift:
    """A weekly shift (one date when `until` is its first date)."""
    hub = role.hub
    _require_staff(actor, hub)
    if not 0 <= weekday <= 6:
        raise fail("weekday", _("Choose a weekday."))
    if end_time <= start_time:
        raise fail("end_time", _("The shift must end after it starts."))
    if not 1 <= people_needed <= MAX_PEOPLE:
        raise fail("people_needed", _("Between 1 and %(max)s people.") % {"max": MAX_PEOPLE})
    if until is not None and until < starts_on:
        raise fail("until", _("The last date is before the first."))
    shift = Shift(
        role=role,
        weekday=weekday,
        start_time=start_time,
        end_time=end_time,
        people_needed=people_needed,
        starts_on=starts_on,
        until=until,
    )
    dates = _dates(shift)
    if not dates:
        raise fail("until", _("The shift has no date on that weekday in this period."))
    for day in dates:
        for at in (start_time, end_time):
            if not wall_time_exists(day, at):
                raise _nonexistent(day, at)
    first = dates[0]
    if not _within_weekly_hours(
        hub, first, make_local(first, start_time), make_local(first, end_time)
    ):
        raise NotOpen(
            _("%(hub)s is not open %(weekday)s %(start)s–%(end)s.")
            % {
                "hub": hub.name,
                "weekday": shift.get_weekday_display().lower(),
                "start": start_time.strftime("%H:%M"),
                "end": end_time.strftime("%H:%M"),
            },
            errors=[{"field": "start_time", "message": str(NotOpen.default_message)}],
        )
    shift.save()
    return shift


# --- The volunteer -----------------------------------------------------------------------


@dataclass
class VolunteerDetails:
    phone: str = ""
    email: str = ""
    likes: str = ""
    languages: str = ""
    birth_date: date | None = None


@serialized_write
def volunteer_save(*, user: User, details: VolunteerDetails) -> Volunteer:
    """Become a volunteer, or change what Torget holds about oneself."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied()
    phone = text(details.phone, "phone", limit=30)
    email = text(details.email, "email", limit=254)
    if not phone and not email:
        raise fail("phone", _("Give a phone number or an e-mail address, so staff can reach you."))
    birth = details.birth_date
    if birth is not None and not (date(1900, 1, 1) <= birth <= timezone.localdate()):
        raise fail("birth_date", _("Out of range."))
    volunteer, _created = Volunteer.objects.update_or_create(
        user=user,
        defaults={
            "phone": phone,
            "email": email,
            "likes": text(details.likes, "likes", limit=300),
            "languages": text(details.languages, "languages", limit=200),
            "birth_date": birth,
        },
    )
    return volunteer


@serialized_write
def police_certificate_seen(*, actor: User, volunteer_id: int, on: date) -> Volunteer:
    """Staff record that they saw the volunteer's police certificate: when and who, never
    what it says."""
    if not is_hub_staff(actor):
        raise PermissionDenied()
    volunteer = Volunteer.objects.filter(pk=volunteer_id).first()
    if volunteer is None:
        raise NotFound()
    if on > timezone.localdate():
        raise fail("on", _("The date cannot be in the future."))
    volunteer.police_certificate_seen_on = on
    volunteer.police_certificate_seen_by = actor
    volunteer.save(update_fields=["police_certificate_seen_on", "police_certificate_seen_by"])
    return volunteer


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# --- Sign-up -----------------------------------------------------------------------------


def shift_times(shift: Shift, day: date) -> tuple[datetime, datetime]:
    """The dated shift's start and end, or a refusal: not a date of the shift, a local time
    that does not exist that night, or the hub closed then (a holiday, a closed day)."""
    if (
        day.weekday() != shift.weekday
        or day < shift.starts_on
        or (shift.until and day > shift.until)
    ):
        raise NotAShiftDate()
    for at in (shift.start_time, shift.end_time):
        if not wall_time_exists(day, at):
            raise _nonexistent(day, at)
    start, end = make_local(day, shift.start_time), make_local(day, shift.end_time)
    hub = shift.role.hub
    calendar = HoursCalendar([hub], day, day)
    intervals = [i for kind in KINDS for i in calendar.day(hub, day, kind).intervals]
    if not covers(intervals, start, end):
        raise NotOpen(
            _("%(hub)s is not open then (%(date)s).") % {"hub": hub.name, "date": format_day(day)}
        )
    return start, end


def _shift_date(shift: Shift, day: date) -> ShiftDate:
    start, end = shift_times(shift, day)
    try:
        with transaction.atomic():
            dated, _created = ShiftDate.objects.get_or_create(
                shift=shift, date=day, defaults={"start": start, "end": end, "hub": shift.role.hub}
            )
    except IntegrityError:  # made by a sign-up at the same moment
        dated = ShiftDate.objects.get(shift=shift, date=day)
    return dated


def confirmed_count(dated: ShiftDate) -> int:
    return SignUp.objects.filter(shift_date=dated, status=SignUpStatus.CONFIRMED).count()


@serialized_write
def signup_create(*, actor: User, shift_id: int, day: date) -> SignUp:
    """Sign the actor (a volunteer) up for a shift on a date."""
    volunteer = (
        Volunteer.objects.filter(user_id=actor.pk).first() if actor.is_authenticated else None
    )
    if volunteer is None:
        raise PermissionDenied(_("Tell us how to reach you first: become a volunteer."))
    shift = Shift.objects.select_related("role__hub").filter(pk=shift_id, role__active=True).first()
    if shift is None:
        raise NotFound()
    today = timezone.localdate()
    if day < today or day > today + timedelta(days=SIGN_UP_HORIZON_DAYS):
        raise NotAShiftDate(_("Choose a date from today and up to four months ahead."))
    role = shift.role
    if role.min_age is not None:
        if volunteer.birth_date is None:
            raise TooYoung(_("This role has a minimum age: give your birth date first."))
        if age_on(volunteer.birth_date, day) < role.min_age:
            raise TooYoung(
                _("You must be at least %(age)s years old for this role.") % {"age": role.min_age}
            )
    if role.police_certificate and volunteer.police_certificate_seen_on is None:
        raise NeedsPoliceCertificate()
    dated = _shift_date(shift, day)
    if dated.start <= timezone.now():
        raise NotAShiftDate(_("This shift has already started."))
    # The lock: every sign-up for this dated shift waits here for the one before it.
    ShiftDate.objects.select_for_update().filter(pk=dated.pk).first()
    already = SignUp.objects.filter(
        shift_date=dated, volunteer=volunteer, status=SignUpStatus.CONFIRMED
    ).exists()
    if already:
        raise AlreadySignedUp()
    if confirmed_count(dated) >= shift.people_needed:
        raise ShiftFull()
    return SignUp.objects.create(volunteer=volunteer, shift_date=dated)


def _signup_for(actor: User, signup_id: int) -> tuple[SignUp, bool]:
    """The sign-up (its dated shift locked) and whether the actor is hub staff."""
    signup = (
        SignUp.objects.select_related("shift_date__shift__role", "shift_date__hub", "volunteer")
        .filter(pk=signup_id)
        .first()
    )
    if signup is None:
        raise NotFound()
    ShiftDate.objects.select_for_update().filter(pk=signup.shift_date_id).first()
    staff = can_manage_hub(actor, signup.shift_date.hub)
    own = signup.volunteer is not None and signup.volunteer.user_id == actor.pk
    if not staff and not own:
        raise NotFound()  # another person's sign-up: not even that it exists
    return signup, staff


@serialized_write
def signup_cancel(*, actor: User, signup_id: int) -> SignUp:
    """Cancel a sign-up (the volunteer, or the hub's staff); the hub's staff are told."""
    signup, _staff = _signup_for(actor, signup_id)
    if signup.status == SignUpStatus.CANCELLED:
        return signup
    dated = signup.shift_date
    if dated.start <= timezone.now():
        raise fail("signup", _("The shift has started; tell the hub's staff instead."))
    signup.status = SignUpStatus.CANCELLED
    signup.cancelled_at = timezone.now()
    signup.save(update_fields=["status", "cancelled_at"])
    role = dated.shift.role
    name = str(signup.volunteer) if signup.volunteer else _("A volunteer")
    tell_staff(
        dated.hub,
        key=f"volunteering.signup:{signup.pk}",
        template=CANCELLED,
        subject=_("Cancelled shift: %(role)s %(date)s")
        % {"role": role.title, "date": format_day(dated.date)},
        body=_(
            "%(name)s can no longer take the shift %(role)s on %(date)s at %(start)s–%(end)s. "
            "%(left)s of %(needed)s places are now filled."
        )
        % {
            "name": name,
            "role": role.title,
            "date": format_day(dated.date),
            "start": clock(dated.start),
            "end": clock(dated.end),
            "left": confirmed_count(dated),
            "needed": dated.shift.people_needed,
        },
    )
    return signup


@serialized_write
def hours_confirm(*, actor: User, signup_id: int, hours: Decimal | None = None) -> SignUp:
    """Staff confirm the hours a volunteer gave (by default the shift's length)."""
    signup, staff = _signup_for(actor, signup_id)
    if not staff:
        raise PermissionDenied()
    dated = signup.shift_date
    if signup.status != SignUpStatus.CONFIRMED:
        raise fail("signup", _("The sign-up was cancelled."))
    if dated.start > timezone.now():
        raise fail("signup", _("Hours can be confirmed once the shift has started."))
    if hours is None:
        hours = Decimal((dated.end - dated.start).total_seconds()) / Decimal(3600)
    hours = Decimal(hours).quantize(Decimal("0.01"))
    if not Decimal("0") < hours <= MAX_HOURS:
        raise fail("hours", _("Between 0 and 24 hours."))
    signup.hours = hours
    signup.hours_confirmed_by = actor
    signup.hours_confirmed_at = timezone.now()
    signup.save(update_fields=["hours", "hours_confirmed_by", "hours_confirmed_at"])
    return signup


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind everyone signed up for a shift tomorrow (local date). The outbox keeps one
    message per sign-up and date, so running it twice sends nothing twice."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    queued = 0
    signups = SignUp.objects.select_related(
        "volunteer", "shift_date__shift__role", "shift_date__hub"
    ).filter(status=SignUpStatus.CONFIRMED, volunteer__isnull=False, shift_date__date=tomorrow)
    for signup in signups.iterator():
        dated, volunteer = signup.shift_date, signup.volunteer
        assert volunteer is not None
        role = dated.shift.role
        sent = tell_person(
            email=volunteer.email,
            phone=volunteer.phone,
            hub=dated.hub,
            key=f"volunteering.signup:{signup.pk}:{tomorrow.isoformat()}",
            template=REMINDER,
            subject=_("Reminder, tomorrow: %(role)s") % {"role": role.title},
            body=_(
                "A reminder that you are on the shift %(role)s at %(hub)s tomorrow, "
                "%(start)s–%(end)s. Thank you! If you cannot come, cancel under "
                '"My volunteering" so the hub\'s staff know.'
            )
            % {
                "role": role.title,
                "hub": dated.hub.name,
                "start": clock(dated.start),
                "end": clock(dated.end),
            },
        )
        queued += int(sent)
    return queued


def reminders_job() -> None:
    """The daily schedule's entry point (torget.core.jobs)."""
    reminders_send()


SWAPPED = "volunteering.swapped"


@serialized_write
def signup_swap(*, actor: User, signup_id: int, to: str) -> SignUp:
    """A volunteer gives their shift to another volunteer (named by their e-mail address or
    phone number as Torget knows it): in one step their place becomes the other's, so the
    shift never has more people than it needs. The other must meet the role's age and
    police certificate; the hub's staff and the other volunteer are told."""
    signup, _staff = _signup_for(actor, signup_id)
    if signup.volunteer is None or signup.volunteer.user_id != actor.pk:
        raise NotFound()
    if signup.status != SignUpStatus.CONFIRMED:
        raise fail("signup", _("The sign-up was cancelled."))
    dated = signup.shift_date
    if dated.start <= timezone.now():
        raise fail("signup", _("The shift has started; tell the hub's staff instead."))
    wanted = text(to, "to", limit=254, required=True)
    other = (
        Volunteer.objects.select_related("user")
        .filter(Q(email__iexact=wanted) | Q(user__email__iexact=wanted) | Q(phone=wanted))
        .exclude(pk=signup.volunteer.pk)
        .first()
    )
    if other is None:
        raise fail("to", _("No other volunteer in Torget has that e-mail address or phone number."))
    role = dated.shift.role
    too_young = role.min_age is not None and (
        other.birth_date is None or age_on(other.birth_date, dated.date) < role.min_age
    )
    if too_young or (role.police_certificate and other.police_certificate_seen_on is None):
        raise fail(
            "to",
            _("%(name)s does not meet this role's requirements (age or police certificate).")
            % {"name": other},
        )
    if SignUp.objects.filter(
        shift_date=dated, volunteer=other, status=SignUpStatus.CONFIRMED
    ).exists():
        raise AlreadySignedUp(_("%(name)s is already on this shift.") % {"name": other})
    signup.status = SignUpStatus.CANCELLED
    signup.cancelled_at = timezone.now()
    signup.save(update_fields=["status", "cancelled_at"])
    given = SignUp.objects.create(volunteer=other, shift_date=dated)
    values = {
        "from": str(signup.volunteer),
        "to": str(other),
        "role": role.title,
        "date": format_day(dated.date),
        "start": clock(dated.start),
        "end": clock(dated.end),
    }
    tell_staff(
        dated.hub,
        key=f"volunteering.swap:{given.pk}",
        template=SWAPPED,
        subject=_("Shift handed over: %(role)s %(date)s") % values,
        body=_("%(from)s has given the shift %(role)s on %(date)s at %(start)s–%(end)s to %(to)s.")
        % values,
    )
    tell_person(
        email=other.email or other.user.email,
        phone=other.phone,
        hub=dated.hub,
        key=f"volunteering.swap-to:{given.pk}",
        template=SWAPPED,
        subject=_("You have a shift: %(role)s %(date)s") % values,
        body=_(
            "%(from)s has given you the shift %(role)s on %(date)s at %(start)s–%(end)s. "
            'You find it under "My volunteering", where you can also cancel it.'
        )
        % values,
    )
    return given
