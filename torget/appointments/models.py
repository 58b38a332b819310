"""Services, their officers, office hours at hubs and the appointments residents book.

Office hours are built on the booking engine: each session (`OfficeHours`) is a municipal
meeting `Booking` of a space at the hub that holds the officer's `Resource` (a resource with
no hub: it travels between hubs). The engine refuses the officer in two places at once
(PostgreSQL: row lock on the resource; SQLite: serialised writers). A slot inside a session
is one `Appointment`, unique per (session, start) among the ones not cancelled.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from torget.core.text import norwegian_slug

ABOUT_LENGTH = 300


class Service(models.Model):
    """A municipal service that meets residents: building case office, health station…"""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointment_services",
        verbose_name=_("municipal service (organisation)"),
        help_text=_("Its case officers (roles) may see the service's agenda."),
    )
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = norwegian_slug(self.name)
        super().save(*args, **kwargs)


class Officer(models.Model):
    """Someone who holds office hours. Their `resource` (no hub) is what the booking engine
    holds, so they can never be at two hubs at once."""

    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="officers", verbose_name=_("service")
    )
    name = models.CharField(
        _("name shown"),
        max_length=120,
        help_text=_("Shown to residents, e.g. “Building case officer” or a first name."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="officer_profiles",
        verbose_name=_("user"),
    )
    resource = models.OneToOneField(
        "places.Resource",
        on_delete=models.PROTECT,
        related_name="officer",
        verbose_name=_("resource"),
        editable=False,
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        ordering = ["service", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.service})"


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("By video")


class OfficeHours(models.Model):
    """One session of office hours: an officer at a hub (or by video from it), in slots."""

    officer = models.ForeignKey(
        Officer, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("officer")
    )
    hub = models.ForeignKey(
        "places.Hub",
        on_delete=models.PROTECT,
        related_name="office_hours",
        verbose_name=_("hub"),
    )
    booking = models.OneToOneField(
        "booking.Booking",
        on_delete=models.PROTECT,
        related_name="office_hours",
        verbose_name=_("room booking"),
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    mode = models.CharField(_("how"), max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    meeting_link = models.URLField(_("meeting link"), blank=True)
    slot_minutes = models.PositiveSmallIntegerField(_("slot length (minutes)"), default=30)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("office hours")
        verbose_name_plural = _("office hours")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="office_hours_end"),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=5) & Q(slot_minutes__lte=240),
                name="office_hours_slot_range",
            ),
            models.CheckConstraint(
                condition=~Q(mode="video") | ~Q(meeting_link=""),
                name="office_hours_video_has_link",
            ),
        ]
        indexes = [models.Index(fields=["hub", "start"]), models.Index(fields=["officer", "start"])]

    def __str__(self) -> str:
        return (
            f"{self.officer.service} – {self.hub} {timezone.localtime(self.start):%d.%m.%Y %H:%M}"
        )


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", pgettext_lazy("appointment", "Booked")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("Did not come")
    CANCELLED = "cancelled", _("Cancelled")


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Appointment(models.Model):
    """One booked slot. The private link (`token`) lets the person cancel or rebook."""

    session = models.ForeignKey(
        OfficeHours,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("office hours"),
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.BOOKED,
    )
    about = models.CharField(_("what it is about"), max_length=ABOUT_LENGTH)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=5, default="nb")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked by"),
    )

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["start"]
        constraints = [
            # One person per slot: a cancelled appointment frees its slot.
            models.UniqueConstraint(
                fields=["session", "start"],
                condition=~Q(status="cancelled"),
                name="appointment_slot_once",
            ),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="appointment_end"),
        ]
        indexes = [models.Index(fields=["status", "start"])]

    def __str__(self) -> str:
        return f"{self.session.officer.service} {timezone.localtime(self.start):%d.%m.%Y %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status == AppointmentStatus.BOOKED

    # The hub the back office scopes this row by (torget.places.backoffice.hub_of).
    @property
    def hub_id(self) -> int:
        return self.session.hub_id

    @property
    def hub(self):
        return self.session.hub
