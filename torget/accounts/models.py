"""Users, their roles per hub, organisations and API tokens."""

import hashlib
import secrets
from datetime import datetime

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.no import orgnr


class User(AbstractUser):
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # Part of the personal calendar feed's address; a new value revokes the old address.
    feed_secret = models.CharField(
        _("calendar feed secret"), max_length=32, blank=True, editable=False
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=[("nb", "Norsk bokmål"), ("en", "English")],
        default="nb",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class OrganisationKind(models.TextChoices):
    VOLUNTARY = "voluntary", _("Voluntary organisation")
    MUNICIPAL = "municipal", _("Municipal service")
    BUSINESS = "business", _("Business")


def validate_org_number(value: str) -> None:
    if value and not orgnr.is_valid(value):
        raise ValidationError(
            _("Not a valid Norwegian organisation number (9 digits with a check digit).")
        )


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    org_number = models.CharField(
        _("organisation number"), max_length=11, blank=True, validators=[validate_org_number]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    contacts: models.ManyToManyField = models.ManyToManyField(
        User,
        through="OrganisationContact",
        related_name="organisations",
        verbose_name=_("contact persons"),
    )
    is_demo = models.BooleanField(_("invented demo data"), default=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["org_number"], condition=~Q(org_number=""), name="org_number_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if self.org_number:
            self.org_number = orgnr.compact(self.org_number)
        super().save(*args, **kwargs)


class OrganisationContact(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, verbose_name=_("organisation")
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, verbose_name=_("user"))
    is_primary = models.BooleanField(_("primary contact"), default=False)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="contact_once_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"


class RoleKind(models.TextChoices):
    DESK_STAFF = "desk_staff", _("Desk staff")
    HUB_LEADER = "hub_leader", _("Hub leader")
    CASE_OFFICER = "case_officer", _("Case officer")
    MANAGEMENT = "management", _("Management")


class Role(models.Model):
    """What a user may do, and where. Desk staff and hub leaders belong to one hub each row;
    a case officer belongs to a municipal service and works at any hub; management reads
    every hub's reports. Administrators are superusers."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="roles", verbose_name=_("user")
    )
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    hub = models.ForeignKey(
        "places.Hub",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("hub"),
    )
    service = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="officers",
        verbose_name=_("municipal service"),
        limit_choices_to={"kind": OrganisationKind.MUNICIPAL},
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "hub", "service"], name="role_unique"),
            models.CheckConstraint(
                condition=~Q(kind__in=["desk_staff", "hub_leader"]) | Q(hub__isnull=False),
                name="hub_role_needs_hub",
            ),
            models.CheckConstraint(
                condition=~Q(kind="case_officer") | Q(service__isnull=False),
                name="case_officer_needs_service",
            ),
        ]

    def __str__(self) -> str:
        where = self.hub or self.service or ""
        return f"{self.get_kind_display()} {where}".strip()

    def clean(self) -> None:
        if self.kind in (RoleKind.DESK_STAFF, RoleKind.HUB_LEADER) and not self.hub_id:
            raise ValidationError({"hub": _("Desk staff and hub leaders belong to a hub.")})
        if self.kind == RoleKind.CASE_OFFICER and not self.service_id:
            raise ValidationError({"service": _("A case officer belongs to a municipal service.")})


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API. Only its hash is stored; the token is shown once."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def holder(cls, raw: str) -> tuple[User, int, datetime | None] | None:
        """The active user a live token belongs to, with the token's id and when it was
        last used; None for an unknown or revoked token or an inactive user."""
        token = (
            cls.objects.select_related("user")
            .filter(key_hash=hash_token(raw), revoked=False, user__is_active=True)
            .first()
        )
        if token is None:
            return None
        return token.user, token.pk, token.last_used

    @classmethod
    def issue(cls, user: User, name: str = "") -> tuple["ApiToken", str]:
        raw = "tg_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=raw[:8], key_hash=hash_token(raw))
        return token, raw
