"""The invoice basis: what the finance system bills, per period. One selector for the page,
the CSV and the xlsx, so the three always agree.

A line is a confirmed booking with a price that starts in the period (a no-show is billed
too: the room was held). Cancelled and rejected bookings are not billed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from torget.booking.models import Booking, BookingStatus
from torget.core.exports import Table
from torget.core.timeutil import make_local
from torget.places.models import Hub


@dataclass(frozen=True)
class InvoiceLine:
    booking: Booking
    customer: str
    org_number: str
    hours: Decimal

    @property
    def price(self) -> Decimal:
        return self.booking.price


def customer_of(booking: Booking) -> tuple[str, str]:
    """(who pays, organisation number): the organisation, or the person booked for."""
    if booking.organisation is not None:
        return booking.organisation.name, booking.organisation.org_number
    if booking.on_behalf_name:
        return booking.on_behalf_name, ""
    user = booking.booked_by
    return (user.get_full_name() or user.email or user.username), ""


def invoice_lines(hub: Hub | None, first: date, last: date) -> list[InvoiceLine]:
    start = make_local(first, time(0))
    end = make_local(last + timedelta(days=1), time(0))
    bookings = (
        Booking.objects.filter(
            status=BookingStatus.CONFIRMED, price__gt=0, start__gte=start, start__lt=end
        )
        .select_related("space__hub", "organisation", "booked_by")
        .order_by("start", "pk")
    )
    if hub is not None:
        bookings = bookings.filter(space__hub=hub)
    lines = []
    for booking in bookings:
        customer, org_number = customer_of(booking)
        hours = Decimal((booking.end - booking.start).total_seconds()) / Decimal(3600)
        lines.append(InvoiceLine(booking, customer, org_number, hours.quantize(Decimal("0.01"))))
    return lines


def invoice_total(lines: list[InvoiceLine]) -> Decimal:
    return sum((line.price for line in lines), Decimal("0"))


def invoice_table(lines: list[InvoiceLine]) -> Table:
    header = [
        _("Booking"),
        _("Date"),
        _("Time"),
        _("Hub"),
        _("Space"),
        _("Customer"),
        _("Organisation number"),
        _("Price tier"),
        _("Hours"),
        _("Price (NOK)"),
    ]
    rows: list[list] = []
    for line in lines:
        b = line.booking
        start, end = timezone.localtime(b.start), timezone.localtime(b.end)
        rows.append(
            [
                b.pk,
                start.strftime("%d.%m.%Y"),
                f"{start:%H:%M}–{end:%H:%M}",
                b.space.hub.name,
                b.space.name,
                line.customer,
                line.org_number,
                b.get_price_tier_display(),
                line.hours,
                line.price,
            ]
        )
    rows.append(["", "", "", "", "", _("Total"), "", "", "", invoice_total(lines)])
    return Table(_("Invoice basis"), header, rows)
