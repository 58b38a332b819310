"""Bookings of spaces and resources, weekly series, blocked periods and booking rules.

A booking occupies *leaf units*: a space without parts is its own unit, a hall is both of
its halves. One `Occupancy` row per unit and booking carries the buffered interval; on
PostgreSQL an exclusion constraint over active rows makes a double booking impossible at
the database (migration 0002), on SQLite the service checks inside an IMMEDIATE
transaction, which serialises writers.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from torget.core.postcode import validate_postcode
from torget.ledger.models import EntryKind, OrganiserType


class BookingStatus(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_STATUSES = (BookingStatus.PENDING, BookingStatus.CONFIRMED)


class BookingKind(models.TextChoices):
    ACTIVITY = EntryKind.ACTIVITY.value, EntryKind.ACTIVITY.label
    MEETING = EntryKind.MEETING.value, EntryKind.MEETING.label


class HoursRule(models.TextChoices):
    STAFFED = "staffed", _("Staffed hours only")
    SELF_SERVICE = "self_service", _("Self-service hours only")
    ANY_OPEN = "any_open", _("Staffed or self-service hours")
    ANY_TIME = "any_time", _("Any time")


class Approval(models.TextChoices):
    AUTOMATIC = "automatic", _("Confirmed at once")
    REQUIRED = "required", _("Staff approve every booking")
    NON_MUNICIPAL = "non_municipal", _("Staff approve non-municipal bookings")


class BookingPolicy(models.Model):
    """Booking rules for a hub (the defaults of its spaces) or one space.

    Every field may be empty: an empty field on a space takes the hub's value, and an empty
    field on the hub takes Torget's default (`torget.booking.rules.DEFAULTS`).
    """

    hub = models.ForeignKey(
        "places.Hub",
        on_delete=models.CASCADE,
        related_name="booking_policies",
        verbose_name=_("hub"),
    )
    space = models.OneToOneField(
        "places.Space",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="booking_policy",
        verbose_name=_("space"),
        help_text=_("Empty: the defaults for every space in the hub."),
    )
    residents_may_book = models.BooleanField(_("residents may book"), null=True, blank=True)
    organisations_may_book = models.BooleanField(_("organisations may book"), null=True, blank=True)
    municipal_may_book = models.BooleanField(
        _("municipal services may book"), null=True, blank=True
    )
    private_parties_allowed = models.BooleanField(
        _("private parties allowed"), null=True, blank=True
    )
    min_lead_minutes = models.PositiveIntegerField(
        _("book at the latest (minutes before start)"), null=True, blank=True
    )
    horizon_days = models.PositiveIntegerField(
        _("book at the earliest (days ahead)"), null=True, blank=True
    )
    min_minutes = models.PositiveIntegerField(_("minimum length (minutes)"), null=True, blank=True)
    max_minutes = models.PositiveIntegerField(_("maximum length (minutes)"), null=True, blank=True)
    granularity_minutes = models.PositiveIntegerField(
        _("slot granularity (minutes)"), null=True, blank=True
    )
    buffer_before_minutes = models.PositiveIntegerField(
        _("buffer before (minutes)"), null=True, blank=True
    )
    buffer_after_minutes = models.PositiveIntegerField(
        _("buffer after (minutes)"), null=True, blank=True
    )
    hours = models.CharField(_("bookable in"), max_length=20, choices=HoursRule.choices, blank=True)
    max_future_bookings = models.PositiveIntegerField(
        _("maximum future bookings per booker"), null=True, blank=True
    )
    approval = models.CharField(_("approval"), max_length=20, choices=Approval.choices, blank=True)
    long_bookings_allowed = models.BooleanField(
        _("long bookings allowed"),
        null=True,
        blank=True,
        help_text=_("A desk or office rented by the month."),
    )
    price_municipal = models.DecimalField(
        _("price per hour, municipal"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    price_voluntary = models.DecimalField(
        _("price per hour, voluntary"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    price_private = models.DecimalField(
        _("price per hour, private actor"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    price_resident = models.DecimalField(
        _("price per hour, resident"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    cancel_deadline_hours = models.PositiveIntegerField(
        _("cancellation deadline (hours before start)"),
        null=True,
        blank=True,
        help_text=_("Until then the booker can cancel online; after it, only the hub's staff."),
    )
    house_rules = models.TextField(
        _("house rules"),
        blank=True,
        help_text=_("What a booker accepts before booking. Empty: the standard house rules."),
    )

    class Meta:
        verbose_name = _("booking rules")
        verbose_name_plural = _("booking rules")
        constraints = [
            models.UniqueConstraint(
                fields=["hub"], condition=Q(space__isnull=True), name="one_policy_per_hub"
            ),
        ]

    def __str__(self) -> str:
        return str(self.space or self.hub)


class BookingSeries(models.Model):
    """A weekly series: the same local wall time each week (across daylight-saving changes)."""

    space = models.ForeignKey(
        "places.Space", on_delete=models.PROTECT, related_name="series", verbose_name=_("space")
    )
    title = models.CharField(_("title"), max_length=200)
    first_start = models.DateTimeField(_("first start"))
    first_end = models.DateTimeField(_("first end"))
    until = models.DateField(_("until"))
    skip_dates = models.JSONField(_("skipped dates"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("weekly series")
        verbose_name_plural = _("weekly series")

    def __str__(self) -> str:
        return self.title


class Booking(models.Model):
    space = models.ForeignKey(
        "places.Space", on_delete=models.PROTECT, related_name="bookings", verbose_name=_("space")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    title = models.CharField(_("title"), max_length=200)
    organiser_type = models.CharField(
        _("organiser type"), max_length=20, choices=OrganiserType.choices
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=BookingKind.choices)
    expected_participants = models.PositiveIntegerField(_("expected participants"), default=0)
    public = models.BooleanField(_("public"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.CONFIRMED
    )
    price_tier = models.CharField(
        _("price tier"), max_length=20, choices=OrganiserType.choices, blank=True
    )
    price = models.DecimalField(
        _("price (NOK)"), max_digits=10, decimal_places=2, default=Decimal("0")
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("booked by"),
    )
    on_behalf_name = models.CharField(_("on behalf of"), max_length=200, blank=True)
    on_behalf_phone = models.CharField(
        _("phone of the person booked for"), max_length=30, blank=True
    )
    staff_notes = models.TextField(_("staff notes"), blank=True)
    access_instructions = models.TextField(_("access instructions"), blank=True)
    series = models.ForeignKey(
        BookingSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("series"),
    )
    resources = models.ManyToManyField(
        "places.Resource", blank=True, related_name="bookings", verbose_name=_("resources")
    )
    # Named when a youth group books: the adult (18 or over) responsible on the day.
    responsible_adult = models.CharField(_("responsible adult"), max_length=200, blank=True)
    # Given by consent, for the scenarios' counts per postcode area (never shown per
    # person); blanked with the other details after the retention period.
    postcode = models.CharField(
        _("postcode"), max_length=4, blank=True, validators=[validate_postcode]
    )
    terms_accepted_at = models.DateTimeField(_("house rules accepted"), null=True, blank=True)
    no_show = models.BooleanField(
        _("did not show up"), default=False, help_text=_("Marked by staff after the start.")
    )
    # An event's own room booking writes no ledger row: the event's row replaces it.
    for_event = models.BooleanField(_("room for an event"), default=False)
    override_reason = models.CharField(_("rule override reason"), max_length=300, blank=True)
    overridden_rules = models.JSONField(_("overridden rules"), default=list, blank=True)
    pending_reasons = models.JSONField(_("why it awaits approval"), default=list, blank=True)
    decision_reason = models.CharField(_("reason for the decision"), max_length=300, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="booking_end_after_start"),
        ]
        indexes = [
            models.Index(fields=["space", "start"]),
            models.Index(fields=["booked_by", "start"]),
            models.Index(fields=["status", "start"]),
            # The events calendar walks event rooms in start order and stops at a page
            # (without it the database joined every upcoming event, then sorted).
            models.Index(fields=["start"], name="booking_event_start", condition=Q(for_event=True)),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start:%d.%m.%Y %H:%M})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


# Occupancies longer than this are "long" (a desk rented by the month). Overlap queries
# look for short ones in a bounded range of starts, which a B-tree index answers at once,
# and scan only the few long ones: "start < b AND end > a" alone cannot use an index well.
LONG_OCCUPANCY = timedelta(days=1)


# The converters of an occupancy's start and end as read, made once per database vendor.
class OccupancyQuerySet(models.QuerySet):
    def overlapping(self, start: datetime, end: datetime) -> "OccupancyQuerySet":
        """Active rows whose interval overlaps [start, end)."""
        # `active` inside each branch, so that each can use its own partial index.
        return self.filter(
            Q(
                active=True,
                is_long=False,
                start__gt=start - LONG_OCCUPANCY,
                start__lt=end,
                end__gt=start,
            )
            | Q(active=True, is_long=True, start__lt=end, end__gt=start)
        )

    def any_unit_overlapping(self, units: list[int], start: datetime, end: datetime) -> bool:
        """Whether any of these units is held somewhere in [start, end)."""
        if not units:
            return False
        return self.overlapping(start, end).filter(unit_id__in=units).exists()

    def unit_spans(
        self, units: list[int] | None, start: datetime, end: datetime
    ) -> list[tuple[int | None, datetime, datetime]]:
        """(unit, start, end) of the rows overlapping [start, end): of these units, or of
        every row (None; a resource's row then comes with no unit)."""
        if units is not None and not units:
            return []
        rows = self.overlapping(start, end)
        if units is not None:
            rows = rows.filter(unit_id__in=units)
        return list(rows.values_list("unit_id", "start", "end"))


class Occupancy(models.Model):
    """One leaf unit (or resource) held by one booking over its buffered interval."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="occupancies")
    # PROTECT: deleting a unit that bookings hold would silently free their time.
    unit = models.ForeignKey(
        "places.Space", on_delete=models.PROTECT, null=True, related_name="occupancies"
    )
    resource = models.ForeignKey(
        "places.Resource", on_delete=models.CASCADE, null=True, related_name="occupancies"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    active = models.BooleanField(default=True)
    is_long = models.BooleanField(default=False)

    objects = OccupancyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="occupancy_end_after_start"
            ),
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(resource__isnull=True))
                | (Q(unit__isnull=True) & Q(resource__isnull=False)),
                name="occupancy_unit_or_resource",
            ),
        ]
        # Partial indexes that the two branches of `overlapping` can each search.
        indexes = [
            models.Index(
                fields=["unit", "start"],
                condition=Q(active=True, is_long=False),
                name="occupancy_unit_short",
            ),
            models.Index(
                fields=["resource", "start"],
                condition=Q(active=True, is_long=False),
                name="occupancy_resource_short",
            ),
            # The long branch per unit (and resource) too: without these, SQLite answered
            # "is this unit free?" by walking every row the unit ever had (1.7 ms with a
            # year of bookings; 0.004 ms with them).
            models.Index(
                fields=["unit", "start"],
                condition=Q(active=True, is_long=True),
                name="occupancy_unit_long",
            ),
            models.Index(
                fields=["resource", "start"],
                condition=Q(active=True, is_long=True),
                name="occupancy_resource_long",
            ),
            models.Index(
                fields=["start"], condition=Q(active=True, is_long=False), name="occupancy_short"
            ),
            models.Index(
                fields=["start"], condition=Q(active=True, is_long=True), name="occupancy_long"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id or self.resource_id}: {self.start:%Y-%m-%d %H:%M}–{self.end:%H:%M}"

    @classmethod
    def held(
        cls, booking: "Booking", start: datetime, end: datetime, **target: object
    ) -> "Occupancy":
        """A row for a unit (`unit_id=`) or a resource (`resource=`), flagged long or short."""
        return cls(
            booking=booking, start=start, end=end, is_long=end - start > LONG_OCCUPANCY, **target
        )


class BlockedPeriod(models.Model):
    """Staff take spaces out of booking: an election day, maintenance, a municipal event."""

    reason = models.CharField(_("reason"), max_length=300)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    spaces = models.ManyToManyField(
        "places.Space", related_name="blocked_periods", verbose_name=_("spaces")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("blocked period")
        verbose_name_plural = _("blocked periods")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="block_end_after_start")
        ]

    def __str__(self) -> str:
        return self.reason


class KeyLoan(models.Model):
    """A physical key or access card handed out to a booker, until it comes back."""

    hub = models.ForeignKey(
        "places.Hub", on_delete=models.CASCADE, related_name="key_loans", verbose_name=_("hub")
    )
    label = models.CharField(
        _("key or card"), max_length=60, help_text=_("The number or name on it, e.g. “Kort 14”.")
    )
    holder = models.CharField(_("handed to"), max_length=200)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_loans",
        verbose_name=_("organisation"),
    )
    handed_out = models.DateField(_("handed out"), default=timezone.localdate)
    due = models.DateField(_("to be returned by"), null=True, blank=True)
    returned = models.DateField(_("returned"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    handed_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handed out by"),
    )

    class Meta:
        verbose_name = _("key loan")
        verbose_name_plural = _("keys and cards handed out")
        ordering = ["returned", "-handed_out", "label"]

    def __str__(self) -> str:
        return f"{self.label} → {self.holder}"
