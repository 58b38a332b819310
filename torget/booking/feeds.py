"""Calendar feeds: a space's busy times for anyone (titles for staff through a secret
address) and a person's own bookings through a personal secret address."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from torget.accounts.models import User
from torget.booking.models import ACTIVE_STATUSES, Booking, BookingStatus, Occupancy
from torget.booking.units import Hierarchy
from torget.core.ical import add_event, ics_response, new_calendar
from torget.places.models import Space

PAST = timedelta(days=30)
AHEAD = timedelta(days=400)
PERSONAL_SALT = "torget.booking.personal-feed"


def space_feed_key(space: Space) -> str:
    """The secret that turns a space's public busy feed into the staff feed with titles."""
    return salted_hmac("torget.booking.space-feed", str(space.pk)).hexdigest()[:32]


def staff_feed_url(space: Space) -> str:
    return reverse("booking:space-feed", kwargs={"pk": space.pk}) + f"?key={space_feed_key(space)}"


def personal_feed_url(user: User) -> str:
    if not user.feed_secret:
        feed_secret_renew(user)
    token = signing.dumps({"u": user.pk, "k": user.feed_secret}, salt=PERSONAL_SALT)
    return reverse("booking:personal-feed", kwargs={"token": token})


def feed_secret_renew(user: User) -> str:
    """A new secret: the old personal feed address stops working (a leaked address)."""
    user.feed_secret = secrets.token_hex(16)
    user.save(update_fields=["feed_secret"])
    return user.feed_secret


def _location(space: Space) -> str:
    hub = space.hub
    return ", ".join(part for part in (space.name, hub.name, hub.address, hub.postal_town) if part)


def space_feed(request: HttpRequest, pk: int) -> HttpResponse:
    space = Space.objects.select_related("hub").filter(pk=pk, is_active=True).first()
    if space is None:
        raise Http404
    key = request.GET.get("key", "")
    with_titles = bool(key) and constant_time_compare(key, space_feed_key(space))
    now = timezone.now()
    units = Hierarchy({space.hub_id}).leaves(space.pk)
    booking_ids = (
        Occupancy.objects.overlapping(now - PAST, now + AHEAD)
        .filter(unit_id__in=units)
        .values("booking_id")
    )
    bookings = (
        Booking.objects.filter(pk__in=booking_ids).select_related("space__hub").order_by("start")
    )
    cal = new_calendar(f"{space.name} – {space.hub.name}")
    for booking in bookings:
        add_event(
            cal,
            uid=f"booking-{booking.pk}@torget",
            start=booking.start,
            end=booking.end,
            # Anyone may see when a room is taken; what it is taken for is for staff.
            summary=booking.title if with_titles else _("Booked"),
            location=_location(booking.space),
            status="TENTATIVE" if booking.status == BookingStatus.PENDING else "CONFIRMED",
        )
    return ics_response(cal, f"space-{space.pk}.ics")


def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    try:
        claims = signing.loads(token, salt=PERSONAL_SALT)
        user_id, key = claims["u"], claims["k"]
    except (signing.BadSignature, TypeError, KeyError) as exc:
        raise Http404 from exc
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.feed_secret or not constant_time_compare(key, user.feed_secret):
        raise Http404
    now = timezone.now()
    bookings = (
        Booking.objects.filter(booked_by=user, status__in=ACTIVE_STATUSES, end__gt=now - PAST)
        .select_related("space__hub")
        .order_by("start")
    )
    cal = new_calendar(_("My bookings"))
    for booking in bookings:
        add_event(
            cal,
            uid=f"booking-{booking.pk}@torget",
            start=booking.start,
            end=booking.end,
            summary=booking.title,
            location=_location(booking.space),
            status="TENTATIVE" if booking.status == BookingStatus.PENDING else "CONFIRMED",
        )
    return ics_response(cal, "my-bookings.ics")
