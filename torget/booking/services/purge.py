"""Retention: personal details blanked once a booking is old enough (registered with the
personal-data registry in `torget.booking.personal_data`)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Case, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone, translation

from torget.booking.models import Booking, BookingKind, BookingSeries

PERSONAL_FIELDS = (
    "on_behalf_name",
    "on_behalf_phone",
    "staff_notes",
    "access_instructions",
    "decision_reason",
    "override_reason",
    "postcode",
)


def neutral_titles() -> dict[str, str]:
    """The title an old booking keeps instead of its own ("Samtale med Ola" can name a
    person): its kind, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return {value: str(label) for value, label in BookingKind.choices}


def bookings_blank(bookings: QuerySet[Booking]) -> int:
    """Blank the personal details of `bookings` and put their kind in place of their own
    title (an event's room keeps the event's public title): the rule of the period purge,
    and of erasing one person on request. Rows already blank are not counted again."""
    titles = neutral_titles()
    has_details = Q()
    for name in PERSONAL_FIELDS:
        has_details |= ~Q(**{name: ""})
    own_title = Q(for_event=False) & ~Q(title__in=titles.values())
    neutral = Case(
        *(When(kind=kind, then=Value(title)) for kind, title in titles.items()),
        default=F("title"),
    )
    return bookings.filter(has_details | own_title).update(
        **dict.fromkeys(PERSONAL_FIELDS, ""),
        title=Case(When(for_event=False, then=neutral), default=F("title")),
    )


def booking_details_purge(*, older_than_days: int) -> int:
    """Blank the personal details of bookings that ended more than the retention period ago,
    and put their kind in place of their title. The booking (when, where, what kind, who
    organised) stays: the key figures need it. An event's room keeps the event's title,
    which is public. Weekly series that ended as long ago take their first booking's new title."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    titles = neutral_titles()
    count = bookings_blank(Booking.objects.filter(end__lt=cutoff))
    first_title = Booking.objects.filter(series=OuterRef("pk")).order_by("start").values("title")
    BookingSeries.objects.filter(until__lt=cutoff.date()).exclude(
        title__in=titles.values()
    ).exclude(bookings__for_event=True).update(
        title=Coalesce(Subquery(first_title[:1]), Value(titles[BookingKind.ACTIVITY]))
    )
    return count
