"""Activities and events: an event, its occurrences (one room booking each) and registrations.

The event's time and room *are* its booking's: an occurrence points at the booking made
through `torget.booking.services.booking_create` and reads start, end and space from it,
so there is one record of when and where. Moving an occurrence cancels the old booking and
books the new time in one transaction; the occurrence then points at the new booking.

Seats are counted on the occurrence (`seats_taken`, `waitlisted`) and changed only by
`torget.events.services`, under a lock on the occurrence row (and SQLite's IMMEDIATE
transaction), so the capacity is never exceeded whatever the concurrency.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from torget.core.addresses import page_address
from torget.core.postcode import validate_postcode
from torget.events.codes import (
    Approval,
    Audience,
    Category,
    Language,
    OccurrenceStatus,
    PaymentMethod,
    RegistrationMode,
    RegistrationStatus,
)
from torget.ledger.models import OrganiserType
from torget.places.models import Space

MAX_SEATS_PER_REGISTRATION = 10


class Event(models.Model):
    hub = models.ForeignKey(
        "places.Hub", on_delete=models.PROTECT, related_name="events", verbose_name=_("hub")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    organiser_type = models.CharField(
        _("organiser type"), max_length=20, choices=OrganiserType.choices
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("organisation"),
    )
    audience = models.CharField(
        _("audience"), max_length=30, choices=Audience.choices, default=Audience.EVERYONE
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    fee = models.DecimalField(
        _("participant fee (NOK)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        help_text=_("Egenandel. 0 means free."),
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    registration = models.CharField(
        _("registration"),
        max_length=20,
        choices=RegistrationMode.choices,
        default=RegistrationMode.NONE,
    )
    registration_opens = models.DateTimeField(
        _("registration opens"), null=True, blank=True, help_text=_("Empty: open at once.")
    )
    registration_closes = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty: when each occurrence starts."),
    )
    accessibility = models.TextField(_("accessibility"), blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.NB
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    # Organisers' own events wait for hub staff when the hub says so (HubEventSettings);
    # only approved events are public (calendar, API, feeds) and take registrations.
    approval = models.CharField(
        _("approval"), max_length=20, choices=Approval.choices, default=Approval.APPROVED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved or rejected by"),
    )
    decided_at = models.DateTimeField(_("approved or rejected"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    is_demo = models.BooleanField(_("invented demo data"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=Q(fee__gte=0), name="event_fee_not_negative"),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(max_age__gte=F("min_age")),
                name="event_age_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_free(self) -> bool:
        return not self.fee

    @property
    def takes_registrations(self) -> bool:
        return self.registration != RegistrationMode.NONE

    @property
    def is_approved(self) -> bool:
        return self.approval == Approval.APPROVED


class HubEventSettings(models.Model):
    """A hub's choices about events. No row: the defaults (organisers' events need approval)."""

    hub = models.OneToOneField(
        "places.Hub",
        on_delete=models.CASCADE,
        related_name="event_settings",
        verbose_name=_("hub"),
    )
    organiser_events_need_approval = models.BooleanField(
        _("organisers' events need approval"),
        default=True,
        help_text=_("Events an organisation creates itself are public only once staff approve."),
    )

    class Meta:
        verbose_name = _("event settings of a hub")
        verbose_name_plural = _("event settings of hubs")

    def __str__(self) -> str:
        return str(self.hub)


class Occurrence(models.Model):
    """One time an event happens. When and where come from its room booking."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="occurrences", verbose_name=_("event")
    )
    booking = models.OneToOneField(
        "booking.Booking",
        on_delete=models.PROTECT,
        related_name="event_occurrence",
        verbose_name=_("room booking"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OccurrenceStatus.choices,
        default=OccurrenceStatus.SCHEDULED,
    )
    # Kept by the services under a row lock: the seats of confirmed registrations, and how
    # many registrations wait.
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0)
    waitlisted = models.PositiveIntegerField(_("on the waitlist"), default=0)
    # Drop-in activities: the number of people staff counted.
    headcount = models.PositiveIntegerField(_("headcount"), null=True, blank=True)

    class Meta:
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")
        ordering = ["booking__start"]

    def __str__(self) -> str:
        return f"{self.event.title} ({self.start:%d.%m.%Y %H:%M})"

    def get_absolute_url(self) -> str:
        return page_address("events:detail", pk=self.pk)

    # When and where: the booking's, never a copy.
    @property
    def start(self) -> datetime:
        return self.booking.start

    @property
    def end(self) -> datetime:
        return self.booking.end

    @property
    def space(self) -> Space:
        return self.booking.space

    @property
    def hub_id(self) -> int:
        return self.event.hub_id

    @property
    def hub(self):
        return self.event.hub

    @property
    def is_scheduled(self) -> bool:
        return self.status == OccurrenceStatus.SCHEDULED

    @property
    def seats_left(self) -> int | None:
        capacity = self.event.capacity
        if capacity is None:
            return None
        return max(capacity - self.seats_taken, 0)

    def registration_open(self, now: datetime) -> bool:
        event = self.event
        # A room booking cancelled elsewhere (the booking pages) leaves nothing to come to.
        if not event.takes_registrations or not self.is_scheduled or not self.booking.is_active:
            return False
        closes = event.registration_closes or self.start
        closes = min(closes, self.start)
        opens = event.registration_opens
        return (opens is None or opens <= now) and now < closes


class Registration(models.Model):
    occurrence = models.ForeignKey(
        Occurrence,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("occurrence"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # Given by consent, for the scenarios' counts per postcode area (never shown per
    # person); blanked with the name and contact details after the retention period.
    postcode = models.CharField(
        _("postcode"), max_length=4, blank=True, validators=[validate_postcode]
    )
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    # Order on the waitlist: unique per occurrence, handed out under the occurrence's lock.
    queue = models.PositiveIntegerField(_("waitlist number"), null=True, blank=True)
    # Only the hash of the private cancellation link's token is stored.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    walk_in = models.BooleanField(_("registered at the desk"), default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    # The participant fee: how it is paid (blank for a free event), and when and by whom it
    # was marked paid (empty: not paid yet).
    payment_method = models.CharField(
        _("payment"), max_length=20, choices=PaymentMethod.choices, blank=True
    )
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    paid_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked paid by"),
    )
    # The payment provider's reference, when a payment was started through it.
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    created = models.DateTimeField(_("registered"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    anonymised = models.BooleanField(_("anonymised"), default=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(seats__gte=1) & Q(seats__lte=MAX_SEATS_PER_REGISTRATION),
                name="registration_seats_range",
            ),
            models.UniqueConstraint(
                fields=["occurrence", "queue"],
                condition=Q(queue__isnull=False),
                name="registration_queue_unique",
            ),
        ]
        indexes = [models.Index(fields=["occurrence", "status"])]

    def __str__(self) -> str:
        return f"{self.name} – {self.occurrence}"

    @property
    def hub_id(self) -> int:
        return self.occurrence.event.hub_id

    @property
    def hub(self):
        return self.occurrence.event.hub

    @property
    def contact(self) -> str:
        return self.email or self.phone

    @property
    def is_paid(self) -> bool:
        return self.paid_at is not None


class RegistrantMessage(models.Model):
    """A message an organiser or hub staff sent to everyone registered for an occurrence
    (each copy goes through the outbox; this row records that it was sent, and to how many)."""

    occurrence = models.ForeignKey(
        Occurrence,
        on_delete=models.CASCADE,
        related_name="registrant_messages",
        verbose_name=_("occurrence"),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    text = models.TextField(_("message"))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    created = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.occurrence}: {self.text[:40]}"
