"""Hubs, their modules and spaces, bookable resources, and opening hours."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from torget.core.addresses import page_address
from torget.core.text import norwegian_slug
from torget.places.codes import (
    Feature,
    HoursKind,
    ModuleCode,
    ModuleLevel,
    NoticeLevel,
    ResourceKind,
    SpaceKind,
    Weekday,
    Zone,
)


class Hub(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    postal_town = models.CharField(_("postal town"), max_length=80, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    directions = models.TextField(_("directions and public transport"), blank=True)
    entrance_accessibility = models.TextField(_("entrance accessibility"), blank=True)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    step_free_entrance = models.BooleanField(_("step-free entrance"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_demo = models.BooleanField(
        _("invented demo data"), default=False, help_text=_("Shown as invented on the pages.")
    )

    class Meta:
        verbose_name = _("hub")
        verbose_name_plural = _("hubs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = norwegian_slug(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return page_address("places:hub", slug=self.slug)

    @property
    def map_url(self) -> str:
        if self.latitude is None or self.longitude is None:
            return ""
        return (
            "https://www.openstreetmap.org/?mlat="
            f"{self.latitude}&mlon={self.longitude}#map=17/{self.latitude}/{self.longitude}"
        )


class Module(models.Model):
    hub = models.ForeignKey(
        Hub, on_delete=models.CASCADE, related_name="modules", verbose_name=_("hub")
    )
    code = models.CharField(_("module"), max_length=40, choices=ModuleCode.choices)
    level = models.CharField(
        _("level"), max_length=10, choices=ModuleLevel.choices, default=ModuleLevel.BASIC
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    # What a scenario that moves the module takes with it (`scenarios.scope.ModuleScope`):
    # without either, it guesses from the module's audience and names.
    spaces: models.ManyToManyField = models.ManyToManyField(
        "Space",
        blank=True,
        related_name="modules",
        verbose_name=_("the module's rooms"),
        help_text=_("The module's own rooms at its hub: what is booked there is the module's."),
    )
    organisations: models.ManyToManyField = models.ManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="modules",
        verbose_name=_("the module's organisers"),
        help_text=_(
            "Who runs the module's activity (organisations and municipal services): what they "
            "book or hold at the hub is the module's."
        ),
    )

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints = [models.UniqueConstraint(fields=["hub", "code"], name="module_once_per_hub")]
        ordering = ["hub", "code"]

    def __str__(self) -> str:
        return f"{self.hub}: {self.get_code_display()}"

    def clean(self) -> None:
        if self.pk is None:
            return  # a new module has no rooms yet (the admin form checks the chosen ones)
        try:
            self.check_spaces(self.spaces.all())
        except ValidationError as error:
            raise ValidationError({"spaces": error}) from None

    def check_spaces(self, spaces: "Iterable[Space]") -> None:
        """A module's rooms are at its own hub: a scenario reads them from that hub's
        bookings alone."""
        elsewhere = sorted(str(space) for space in spaces if space.hub_id != self.hub_id)
        if elsewhere:
            raise ValidationError(
                _("A module's rooms must be at the module's own hub; at another hub: %(spaces)s."),
                code="space_at_another_hub",
                params={"spaces": ", ".join(elsewhere)},
            )


class Space(models.Model):
    hub = models.ForeignKey(
        Hub, on_delete=models.CASCADE, related_name="spaces", verbose_name=_("hub")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
        help_text=_("A hall's half is part of the hall: booking one blocks the other."),
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(
        _("kind"), max_length=20, choices=SpaceKind.choices, default=SpaceKind.ROOM
    )
    zone = models.CharField(_("zone"), max_length=20, choices=Zone.choices, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), default=0)
    area_m2 = models.PositiveIntegerField(_("area (m²)"), null=True, blank=True)
    floor = models.CharField(_("floor"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    step_free = models.BooleanField(_("step-free access"), default=True)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    accessibility_notes = models.TextField(_("accessibility notes"), blank=True)
    bookable = models.BooleanField(_("bookable"), default=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        ordering = ["hub", "name"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "name"], name="space_name_unique_per_hub"),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="space_not_own_parent"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.hub})"

    def get_absolute_url(self) -> str:
        return page_address("places:space", slug=self.hub.slug, pk=self.pk)

    def clean(self) -> None:
        self._check_hierarchy_change()
        if self.parent_id is None:
            return
        if self.parent is not None and self.parent.hub_id != self.hub_id:
            raise ValidationError(
                {"parent": _("A space can only be part of a space in the same hub.")}
            )
        ancestor: Space | None = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A space cannot be part of itself.")})
            ancestor = ancestor.parent

    def _check_hierarchy_change(self) -> None:
        """Bookings hold the units (leaf spaces) a space had when they were made. Giving a
        hall a new part, or moving a part, while bookings are ahead would let the old and
        the new units be booked at once, so it waits until no booking is ahead there."""
        before = (
            Space.objects.filter(pk=self.pk).values_list("parent_id", flat=True).first()
            if self.pk
            else None
        )
        if before == self.parent_id:
            return
        from django.apps import apps
        from django.utils import timezone

        links = dict(Space.objects.filter(hub_id=self.hub_id).values_list("pk", "parent_id"))
        family = {pk for pk in (self.pk, before, self.parent_id) if pk}
        changed = True
        while changed:  # everything above and below the spaces that change
            grown = family | {links[pk] for pk in family if links.get(pk)}
            grown |= {pk for pk, parent in links.items() if parent in family}
            changed, family = grown != family, grown
        occupancy = apps.get_model("booking", "Occupancy")
        ahead = occupancy.objects.filter(unit_id__in=family, active=True, end__gt=timezone.now())
        if ahead.exists():
            raise ValidationError(
                {
                    "parent": _(
                        "Spaces with bookings ahead cannot be split or joined: move or cancel "
                        "those bookings first."
                    )
                }
            )

    @property
    def feature_codes(self) -> list[str]:
        known = getattr(self, "known_feature_codes", None)  # set by list selectors
        if known is not None:
            return known
        return [f.code for f in self.features.all()]


class SpaceFeature(models.Model):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="features")
    code = models.CharField(_("feature"), max_length=40, choices=Feature.choices)

    class Meta:
        verbose_name = _("feature")
        verbose_name_plural = _("features and equipment")
        constraints = [
            models.UniqueConstraint(fields=["space", "code"], name="feature_once_per_space")
        ]
        indexes = [models.Index(fields=["code", "space"])]

    def __str__(self) -> str:
        return str(self.get_code_display())


class Resource(models.Model):
    """Something bookable that is not a room: a projector to lend, a sound technician.

    A resource with no hub travels between hubs (a case officer): it can be booked with a
    space at any hub, and never at two places at once."""

    hub = models.ForeignKey(
        Hub,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("hub"),
        help_text=_("Empty: travels between hubs (e.g. a case officer)."),
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=ResourceKind.choices)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    description = models.TextField(_("description"), blank=True)
    bookable = models.BooleanField(_("bookable"), default=True)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["hub", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hub})" if self.hub_id else self.name


class OpeningHoursRule(models.Model):
    """A weekly rule: e.g. staffed Monday 09:00–15:00. `closes` 00:00 means midnight."""

    hub = models.ForeignKey(
        Hub, on_delete=models.CASCADE, related_name="hour_rules", verbose_name=_("hub")
    )
    space = models.ForeignKey(
        Space,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="hour_rules",
        verbose_name=_("space"),
        help_text=_("Empty: the whole hub. A space with rules of its own ignores the hub's."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=HoursKind.choices)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("opening hours rule")
        verbose_name_plural = _("opening hours")
        ordering = ["hub", "space", "kind", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=F("opens")) | Q(closes="00:00"),
                name="rule_closes_after_opens",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="rule_valid_period",
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="rule_weekday_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self) -> None:
        if (
            self.opens
            and self.closes
            and self.closes <= self.opens
            and self.closes.hour + self.closes.minute
        ):
            raise ValidationError({"closes": _("Closing time must be after opening time.")})
        if self.space_id and self.space is not None and self.space.hub_id != self.hub_id:
            raise ValidationError({"space": _("The space must belong to the hub.")})


class OpeningException(models.Model):
    """A day that differs from the weekly rules: closed, or open other hours.

    With no hub it applies to every hub (the municipality's own special days, such as
    Christmas Eve, which the public-holiday calendar lacks). An exception that opens a day
    also overrides a public holiday.
    """

    hub = models.ForeignKey(
        Hub,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="hour_exceptions",
        verbose_name=_("hub"),
    )
    space = models.ForeignKey(
        Space,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="hour_exceptions",
        verbose_name=_("space"),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=HoursKind.choices,
        blank=True,
        help_text=_("Empty: both kinds."),
    )
    date = models.DateField(_("date"))
    closed = models.BooleanField(_("closed all day"), default=True)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("opening hours exception")
        verbose_name_plural = _("opening hours exceptions")
        ordering = ["date"]
        indexes = [models.Index(fields=["date", "hub"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed=True) | (Q(opens__isnull=False) & Q(closes__isnull=False)),
                name="exception_open_needs_hours",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.reason}"

    def save(self, *args, **kwargs) -> None:
        if self.space is not None and not self.hub_id:
            self.hub_id = self.space.hub_id  # a room's exception is its hub's too
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if not self.closed and (self.opens is None or self.closes is None):
            raise ValidationError(
                _("An exception that opens the day needs opening and closing times.")
            )
        if (
            self.space_id
            and self.hub_id
            and self.space is not None
            and self.space.hub_id != self.hub_id
        ):
            raise ValidationError({"space": _("The space must belong to the hub.")})


class Notice(models.Model):
    """A notice on a hub page: "closed today", "the hall is being renovated"."""

    hub = models.ForeignKey(
        Hub, on_delete=models.CASCADE, related_name="notices", verbose_name=_("hub")
    )
    space = models.ForeignKey(
        Space,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("space"),
    )
    level = models.CharField(
        _("level"), max_length=10, choices=NoticeLevel.choices, default=NoticeLevel.INFO
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    starts = models.DateField(_("shown from"))
    ends = models.DateField(_("shown until"))

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["starts"]
        constraints = [
            models.CheckConstraint(condition=Q(ends__gte=F("starts")), name="notice_period")
        ]

    def __str__(self) -> str:
        return self.title
