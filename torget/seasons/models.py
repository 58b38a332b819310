"""The seasonal allocation round: organisations apply for a weekly slot for a season, staff
allocate by the municipality's priority rules and decide.

A round names its hubs and spaces, the season and the application period, the priority
rules in order, and the text applicants read. An application asks for one weekly slot
(wishes in order of preference, and which alternatives are acceptable). An allocation is
the proposal, then the decision, for one application; a change log keeps every staff move.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from torget.places.codes import Weekday


class Rule(models.TextChoices):
    """Priority rules. Each puts the applications it favours before the others; the round
    lists them in order, so the first rule in which two applications differ decides."""

    VOLUNTARY = "voluntary", _("Voluntary organisations first")
    MUNICIPAL = "municipal", _("Municipal services first")
    BUSINESS = "business", _("Businesses first")
    FREE = "free", _("Free activities before paid ones")
    CHILDREN_YOUTH = "children_youth", _("Activities for children and young people first")


# Asker: the voluntary sector, then the municipality, then business; free before paid.
DEFAULT_RULES = (Rule.VOLUNTARY, Rule.MUNICIPAL, Rule.BUSINESS, Rule.FREE)


class Round(models.Model):
    name = models.CharField(_("name"), max_length=200)
    season_start = models.DateField(_("season starts"))
    season_end = models.DateField(_("season ends"))
    opens_at = models.DateTimeField(_("applications open"))
    deadline = models.DateTimeField(_("application deadline"))
    hubs = models.ManyToManyField("places.Hub", related_name="rounds", verbose_name=_("hubs"))
    spaces = models.ManyToManyField(
        "places.Space",
        related_name="rounds",
        verbose_name=_("spaces"),
        help_text=_("The spaces of the hubs above that can be applied for."),
    )
    no_private_parties = models.BooleanField(
        _("no private parties"),
        default=True,
        help_text=_("Closed private gatherings (a birthday, say) are not given a slot."),
    )
    applicant_text = models.TextField(
        _("text for applicants"),
        blank=True,
        help_text=_("Shown on the round's page and the application form."),
    )
    proposal = models.JSONField(_("proposal"), default=dict, blank=True, editable=False)
    proposed_at = models.DateTimeField(_("proposal computed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("decided by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("allocation round")
        verbose_name_plural = _("allocation rounds")
        ordering = ["-season_start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(season_end__gt=F("season_start")), name="round_season_order"
            ),
            models.CheckConstraint(
                condition=Q(deadline__gt=F("opens_at")), name="round_period_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.decided_at is None and self.opens_at <= now < self.deadline

    def rule_codes(self) -> list[str]:
        return [r.rule for r in self.rules.all()]


class RoundRule(models.Model):
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="rules", verbose_name=_("round")
    )
    position = models.PositiveSmallIntegerField(_("order"))
    rule = models.CharField(_("rule"), max_length=30, choices=Rule.choices)

    class Meta:
        verbose_name = _("priority rule")
        verbose_name_plural = _("priority rules (first decides first)")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "rule"], name="round_rule_once"),
        ]

    def __str__(self) -> str:
        return self.get_rule_display()


class AgeGroup(models.TextChoices):
    CHILDREN = "children", _("Children (0–12)")
    YOUTH = "youth", _("Young people (13–19)")
    ADULTS = "adults", _("Adults")
    SENIORS = "seniors", _("Seniors")
    ALL = "all", _("All ages")


YOUNG = (AgeGroup.CHILDREN, AgeGroup.YOUTH)


class Application(models.Model):
    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="applications", verbose_name=_("round")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="season_applications",
        verbose_name=_("organisation"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="season_applications",
        verbose_name=_("submitted by"),
    )
    activity = models.CharField(_("activity"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    target_group = models.CharField(_("for whom"), max_length=200)
    age_group = models.CharField(_("age group"), max_length=20, choices=AgeGroup.choices)
    expected_participants = models.PositiveIntegerField(_("expected participants"))
    paid = models.BooleanField(_("participants pay"), default=False)
    private_party = models.BooleanField(_("private gathering"), default=False)
    first_date = models.DateField(_("first date"))
    last_date = models.DateField(_("last date"))
    accept_other_times = models.BooleanField(_("other times on the same day"), default=False)
    accept_other_spaces = models.BooleanField(_("other spaces at the same hub"), default=False)
    accept_other_hubs = models.BooleanField(_("other hubs"), default=False)
    # The first submission counts for "earliest application"; edits do not move it.
    submitted_at = models.DateTimeField(_("submitted"))
    updated = models.DateTimeField(_("updated"), auto_now=True)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_date__gte=F("first_date")), name="application_date_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} ({self.organisation})"

    @property
    def reference(self) -> str:
        return f"S{self.round_id}-{self.pk}"


class Wish(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="wishes", verbose_name=_("application")
    )
    preference = models.PositiveSmallIntegerField(_("preference"))
    space = models.ForeignKey(
        "places.Space", on_delete=models.PROTECT, related_name="+", verbose_name=_("space")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("to"))

    class Meta:
        verbose_name = _("wished time")
        verbose_name_plural = _("wished times")
        ordering = ["preference"]
        constraints = [
            models.UniqueConstraint(fields=["application", "preference"], name="wish_preference"),
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="wish_time_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class AllocationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")


class Allocation(models.Model):
    """What one application gets (a weekly slot) or not (no space), and why."""

    application = models.OneToOneField(
        Application,
        on_delete=models.CASCADE,
        related_name="allocation",
        verbose_name=_("application"),
    )
    space = models.ForeignKey(
        "places.Space",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("space"),
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, null=True, blank=True
    )
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("to"), null=True, blank=True)
    choice = models.CharField(_("which wish"), max_length=30, blank=True)
    # Codes and parameters (allocation.explain renders them in the reader's language).
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    skip_dates = models.JSONField(_("dates left out"), default=list, blank=True)
    staff_reason = models.CharField(_("reason for the change"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AllocationStatus.choices,
        default=AllocationStatus.PROPOSED,
    )
    series = models.ForeignKey(
        "booking.BookingSeries",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("weekly series"),
    )

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")

    def __str__(self) -> str:
        return str(self.application)

    @property
    def granted(self) -> bool:
        return self.space_id is not None


class ChangeKind(models.TextChoices):
    PROPOSED = "proposed", _("Proposal computed")
    MOVED = "moved", _("Moved")
    SWAPPED = "swapped", _("Swapped")
    REJECTED = "rejected", _("Slot taken away")
    CONFIRMED = "confirmed", _("Confirmed")


class AllocationChange(models.Model):
    """The round's case log: every proposal, staff change (with its reason) and decision."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="changes", verbose_name=_("round")
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("application"),
    )
    kind = models.CharField(_("change"), max_length=20, choices=ChangeKind.choices)
    summary = models.CharField(_("what changed"), max_length=300, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("allocation change")
        verbose_name_plural = _("allocation changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.summary}"
