"""Meråpent: doors, who may open them (self-service agreements and booking codes), and
what happened at them (the entry log, counted per month).

Torget never holds a card number or a door code in clear: both are kept as a keyed hash
(`torget.access.keys.fingerprint`), which finds them and keeps them unique. What goes to
a lock system is only an opaque id (`ref`), never a name or a phone number.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def new_ref() -> str:
    """An opaque id for a grant, as the lock system and the entry log know it."""
    return secrets.token_hex(8)


class DoorKind(models.TextChoices):
    ENTRANCE = "entrance", _("Entrance")
    ROOM = "room", _("Room door")


class Door(models.Model):
    """A door with a lock Torget may open: the hub's entrance, or a room's own door."""

    hub = models.ForeignKey(
        "places.Hub", on_delete=models.CASCADE, related_name="doors", verbose_name=_("hub")
    )
    label = models.CharField(_("door"), max_length=120, help_text=_("E.g. “Hovedinngang”."))
    kind = models.CharField(
        _("kind"), max_length=20, choices=DoorKind.choices, default=DoorKind.ENTRANCE
    )
    spaces = models.ManyToManyField(
        "places.Space",
        blank=True,
        related_name="doors",
        verbose_name=_("leads to"),
        help_text=_("The spaces behind this door (a room door: the room)."),
    )
    always_locked = models.BooleanField(
        _("locked in staffed hours too"),
        default=False,
        help_text=_("A booking of a space behind it always gets a code."),
    )
    system = models.CharField(
        _("door system"),
        max_length=40,
        default="fake",
        help_text=_("Which adapter drives the lock (“fake”: the demo keypad)."),
    )
    external_id = models.CharField(
        _("id in the door system"), max_length=120, blank=True, help_text=_("Opaque to Torget.")
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("door")
        verbose_name_plural = _("doors")
        ordering = ["hub", "kind", "label"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "label"], name="door_label_unique_per_hub")
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.hub})"


class AgeLimit(models.IntegerChoices):
    FIFTEEN = 15, _("15 years")
    SIXTEEN = 16, _("16 years")
    EIGHTEEN = 18, _("18 years")


class HubAccessPolicy(models.Model):
    """A hub's meråpent rules: the age limit, the agreement text people accept, the
    buffers around a booking's code, and whether a card needs a PIN."""

    hub = models.OneToOneField(
        "places.Hub",
        on_delete=models.CASCADE,
        related_name="access_policy",
        verbose_name=_("hub"),
    )
    age_limit = models.PositiveSmallIntegerField(
        _("age limit"), choices=AgeLimit.choices, default=AgeLimit.EIGHTEEN
    )
    agreement_version = models.CharField(_("agreement version"), max_length=20, default="1")
    agreement_text_nb = models.TextField(_("agreement text (bokmål)"))
    agreement_text_en = models.TextField(_("agreement text (English)"))
    buffer_before_minutes = models.PositiveIntegerField(
        _("code works from (minutes before the booking)"), default=15
    )
    buffer_after_minutes = models.PositiveIntegerField(
        _("code works until (minutes after the booking)"), default=15
    )
    uses_pin = models.BooleanField(_("cards need a PIN"), default=True)

    class Meta:
        verbose_name = _("meråpent rules")
        verbose_name_plural = _("meråpent rules")

    def __str__(self) -> str:
        return str(self.hub)


class SelfServiceAgreement(models.Model):
    """A person's meråpent agreement, registered by staff at the desk.

    Never the ID number, never the birth date: only that the ID was checked (by whom) and
    that the person met the age limit then (which limit, checked by whom)."""

    ref = models.CharField(_("grant id"), max_length=32, unique=True, default=new_ref)
    hubs = models.ManyToManyField(
        "places.Hub", related_name="access_agreements", verbose_name=_("hubs")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_agreements",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    id_checked = models.BooleanField(_("ID checked"), default=False)
    id_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ID checked by"),
    )
    age_limit_met = models.PositiveSmallIntegerField(
        _("age limit met"), help_text=_("The limit the person was checked against.")
    )
    age_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("age checked by"),
    )
    age_checked_on = models.DateField(_("age checked on"))
    # Each hub's agreement text and version, as accepted: "holmen:1 tofte:2".
    agreement_version = models.CharField(_("agreement version accepted"), max_length=200)
    accepted_at = models.DateTimeField(_("accepted"))
    credential_hash = models.CharField(_("card (keyed hash)"), max_length=64)
    pin_hash = models.CharField(_("PIN (slow hash)"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoke_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)
    expired_at = models.DateTimeField(_("expiry handled"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("meråpent agreement")
        verbose_name_plural = _("meråpent agreements")
        ordering = ["-created"]
        constraints = [
            # One card, one person: a card is free again only once its agreement is revoked.
            models.UniqueConstraint(
                fields=["credential_hash"],
                condition=Q(revoked_at__isnull=True),
                name="agreement_card_unique_while_live",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")),
                name="agreement_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return self.ref


class BookingGrant(models.Model):
    """The door code of a booking, or of a weekly series (one code for its occurrences).

    The code is derived from the booking (or series) and its version, so a moved booking
    has a new code and the old one finds no live grant. Only its keyed hash is stored."""

    ref = models.CharField(_("grant id"), max_length=32, unique=True, default=new_ref)
    booking = models.ForeignKey(
        "booking.Booking",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="access_grants",
    )
    series = models.ForeignKey(
        "booking.BookingSeries",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="access_grants",
    )
    version = models.CharField(max_length=100)
    salt = models.PositiveSmallIntegerField(default=0)  # > 0 when a code was already taken
    code_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("booking code")
        verbose_name_plural = _("booking codes")
        constraints = [
            models.CheckConstraint(
                condition=Q(booking__isnull=False, series__isnull=True)
                | Q(booking__isnull=True, series__isnull=False),
                name="grant_booking_or_series",
            ),
        ]

    def __str__(self) -> str:
        return self.ref


class AttemptVia(models.TextChoices):
    KEYPAD = "keypad", _("Keypad")
    BRIDGE = "bridge", _("Lock system")
    REMOTE = "remote", _("Opened by staff")


class EntryAttempt(models.Model):
    """One try at a door, allowed or refused, and why (a stable reason code). Never the
    code or card typed: only the opaque id of the grant it matched, if any."""

    door = models.ForeignKey(Door, on_delete=models.CASCADE, related_name="attempts")
    at = models.DateTimeField(_("time"))
    allowed = models.BooleanField(_("allowed"))
    result_code = models.CharField(_("reason code"), max_length=40)
    grant_kind = models.CharField(_("grant kind"), max_length=20, blank=True)
    grant_ref = models.CharField(_("grant id"), max_length=32, blank=True)
    via = models.CharField(_("via"), max_length=20, choices=AttemptVia.choices)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by (staff)"),
    )
    # Allowed while the hub was in self-service hours (not staffed): counted per month.
    self_service = models.BooleanField(default=False)
    counted = models.BooleanField(default=False)
    # The lock bridge's event id (a check it asked, an event it reported): once per door,
    # so a replayed request is refused and a re-sent event is kept once.
    event_id = models.CharField(_("event id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("entry attempt")
        verbose_name_plural = _("entry log")
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["door", "at"]),
            models.Index(fields=["at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["door", "event_id"],
                condition=~Q(event_id=""),
                name="attempt_event_once_per_door",
            )
        ]

    def __str__(self) -> str:
        return f"{self.door_id} {self.at:%Y-%m-%d %H:%M} {self.result_code}"


class SelfServiceVisits(models.Model):
    """Entries in self-service hours per hub and month, counted from the entry log before
    it is purged (the national library statistics ask for them)."""

    hub = models.ForeignKey(
        "places.Hub", on_delete=models.CASCADE, related_name="+", verbose_name=_("hub")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    visits = models.PositiveIntegerField(_("visits"), default=0)

    class Meta:
        verbose_name = _("self-service visits")
        verbose_name_plural = _("self-service visits")
        ordering = ["hub", "month"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "month"], name="visits_once_per_hub_month")
        ]

    def __str__(self) -> str:
        return f"{self.hub_id} {self.month:%Y-%m}: {self.visits}"
