"""Volunteering: cooperation agreements with organisations, volunteers and their shifts, and
residents' own initiatives.

One record for one thing: an agreement links the seasonal slots (`seasons.Allocation`) and
booking series it provides rather than copying their times, and its delivery report reads
what happened from the ledger and the bookings. A volunteer's dated shift (`ShiftDate`) is
the row every sign-up locks, so a shift never gets more people than it needs. An initiative
that becomes an activity points at the one event the events service made for it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from torget.places.codes import Weekday


def agreement_scans() -> FileSystemStorage:
    """Scanned signed agreements: private files, outside the static and media roots, never
    served directly (a staff page hands them out to the hub's staff)."""
    return FileSystemStorage(location=settings.BASE_DIR / "var" / "private" / "agreements")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class CooperationAgreement(models.Model):
    """A cooperation agreement (samarbeidsavtale) between the municipality, for one or more
    hubs, and an organisation: what the hub provides and what the organisation commits to."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("organisation"),
    )
    hubs = models.ManyToManyField("places.Hub", related_name="agreements", verbose_name=_("hubs"))
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    status = models.CharField(
        _("status"), max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    # Contact persons on both sides: accounts, so nothing about them is copied here.
    hub_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the municipality's contact person"),
    )
    organisation_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the organisation's contact person"),
    )
    # What the hub provides: weekly room hours as the seasonal round's slots or a series.
    allocations = models.ManyToManyField(
        "seasons.Allocation",
        blank=True,
        related_name="agreements",
        verbose_name=_("seasonal slots"),
    )
    series = models.ManyToManyField(
        "booking.BookingSeries",
        blank=True,
        related_name="agreements",
        verbose_name=_("weekly booking series"),
    )
    storage = models.CharField(_("storage"), max_length=300, blank=True)
    # Free text until the self-service access app can be linked (keys, access grants).
    keys_and_access = models.CharField(
        _("keys and self-service access"), max_length=300, blank=True
    )
    equipment = models.CharField(_("equipment"), max_length=300, blank=True)
    # What the organisation commits to.
    activities_open_to_all = models.BooleanField(_("activities open to all"), default=True)
    activities_per_season = models.PositiveIntegerField(
        _("activities per season"), default=0, help_text=_("How many activities it holds.")
    )
    reports_attendance = models.BooleanField(_("reports attendance"), default=True)
    hub_volunteering = models.CharField(
        _("volunteers for the hub"),
        max_length=300,
        blank=True,
        help_text=_("What the organisation's volunteers do for the hub (hosts, café)."),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_for_hub_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed for the municipality by"),
    )
    signed_for_organisation_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed for the organisation by"),
    )
    scan = models.FileField(
        _("scanned signed copy"), upload_to="%Y/", storage=agreement_scans, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        ordering = ["-starts"]
        constraints = [
            models.CheckConstraint(condition=Q(ends__gte=F("starts")), name="agreement_ends_after"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.starts:%d.%m.%Y}–{self.ends:%d.%m.%Y}"


class RoleKind(models.TextChoices):
    """Kinds of volunteer work at a hub (after the Norwegian voluntary registry's areas and
    what the hubs' own lists name)."""

    PC_HELP = "pc_help", _("PC and phone help")
    CAFE = "cafe", _("Café")
    HOMEWORK = "homework", _("Homework help")
    WORKSHOP = "workshop", _("Workshop")
    LOBBY_HOST = "lobby_host", _("Host in the lobby")
    KIOSK = "kiosk", _("Kiosk helper")
    OTHER = "other", _("Other")


class VolunteerRole(models.Model):
    hub = models.ForeignKey(
        "places.Hub",
        on_delete=models.PROTECT,
        related_name="volunteer_roles",
        verbose_name=_("hub"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RoleKind.choices)
    title = models.CharField(_("title"), max_length=120)
    description = models.CharField(_("what it involves"), max_length=500, blank=True)
    # A role with children: staff record that they saw a police certificate, never its contents.
    police_certificate = models.BooleanField(_("police certificate needed"), default=False)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    active = models.BooleanField(_("open for sign-up"), default=True)

    class Meta:
        verbose_name = _("volunteer role")
        verbose_name_plural = _("volunteer roles")
        ordering = ["hub", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.hub})"


class Shift(models.Model):
    """A weekly recurring shift of a role: the same local wall time each week from `starts_on`
    until `until` (one date when they are equal)."""

    role = models.ForeignKey(
        VolunteerRole, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("role")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("to"))
    people_needed = models.PositiveSmallIntegerField(_("people needed"), default=1)
    starts_on = models.DateField(_("first date"))
    until = models.DateField(_("last date"), null=True, blank=True)

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="shift_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(people_needed__gte=1), name="shift_needs_people"),
        ]

    def __str__(self) -> str:
        return f"{self.role.title} {self.get_weekday_display()} {self.start_time:%H:%M}"


class ShiftDate(models.Model):
    """One dated shift, made at its first sign-up: the row every sign-up locks."""

    shift = models.ForeignKey(
        Shift, on_delete=models.CASCADE, related_name="dates", verbose_name=_("shift")
    )
    date = models.DateField(_("date"))
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    hub = models.ForeignKey(
        "places.Hub", on_delete=models.PROTECT, related_name="+", verbose_name=_("hub")
    )

    class Meta:
        verbose_name = _("dated shift")
        verbose_name_plural = _("dated shifts")
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["shift", "date"], name="shift_date_once"),
        ]
        indexes = [models.Index(fields=["hub", "date"])]

    def __str__(self) -> str:
        return f"{self.shift} {self.date:%d.%m.%Y}"


class Volunteer(models.Model):
    """A resident who volunteers: their account, how to reach them, what they like to do.

    The birth date is kept (not a yes/no "old enough") because roles ask different ages
    (16 for the café, 18 with children) and the answer depends on the shift's date; it is
    erased with the rest after the retention period from the last shift."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="volunteer",
        verbose_name=_("account"),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    likes = models.CharField(_("what I like to do"), max_length=300, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    police_certificate_seen_on = models.DateField(
        _("police certificate seen on"), null=True, blank=True
    )
    police_certificate_seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("police certificate seen by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.username


class SignUpStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Signed up")
    CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")


class SignUp(models.Model):
    # SET_NULL: when a volunteer's data is erased, the confirmed hours stay for the figures.
    volunteer = models.ForeignKey(
        Volunteer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signups",
        verbose_name=_("volunteer"),
    )
    shift_date = models.ForeignKey(
        ShiftDate, on_delete=models.PROTECT, related_name="signups", verbose_name=_("shift")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SignUpStatus.choices, default=SignUpStatus.CONFIRMED
    )
    created = models.DateTimeField(_("signed up"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    hours = models.DecimalField(
        _("hours confirmed"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    hours_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hours confirmed by"),
    )
    hours_confirmed_at = models.DateTimeField(_("hours confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["shift_date__start"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "shift_date"],
                condition=Q(status="confirmed"),
                name="signup_once_per_shift",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} {self.shift_date}"


class InitiativeStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    TAKEN = "taken", _("Taken by staff")
    ACTIVITY = "activity", _("Became an activity")
    DECLINED = "declined", _("Declined")


class Initiative(models.Model):
    """A resident's or an organisation's proposal for an activity at a hub."""

    hub = models.ForeignKey(
        "places.Hub", on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("hub")
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("proposed by"),
    )
    # Without an account: who to talk to.
    proposer_name = models.CharField(_("name"), max_length=120, blank=True)
    proposer_email = models.EmailField(_("e-mail"), blank=True)
    proposer_phone = models.CharField(_("phone"), max_length=30, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("idea"), max_length=200)
    text = models.TextField(_("more about it"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InitiativeStatus.choices,
        default=InitiativeStatus.PROPOSED,
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taken by"),
    )
    reason = models.CharField(_("reason for declining"), max_length=1000, blank=True)
    event = models.OneToOneField(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiative",
        verbose_name=_("activity"),
    )
    created = models.DateTimeField(_("proposed"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["created"]

    def __str__(self) -> str:
        return self.title
