"""The activity ledger: one row, one thing that happened at a hub.

Bookings, events, desk inquiries and held appointments write rows through
`ledger.services`; historical imports write rows too. Reports only read this table.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OrganiserType(models.TextChoices):
    MUNICIPAL = "municipal", _("Municipal service")
    VOLUNTARY = "voluntary", _("Voluntary organisation")
    PRIVATE = "private", _("Private actor")
    RESIDENT = "resident", _("Resident")


class OrganiserClass(models.TextChoices):
    MUNICIPAL = "municipal", _("Municipal")
    NON_MUNICIPAL = "non_municipal", _("Non-municipal")


class EntryKind(models.TextChoices):
    ACTIVITY = "activity", _("Activity")
    MEETING = "meeting", _("Meeting")
    INQUIRY = "inquiry", _("Inquiry")
    APPOINTMENT = "appointment", _("Appointment")


class EntrySource(models.TextChoices):
    BOOKING = "booking", _("Booking")
    EVENT = "event", _("Event")
    INQUIRY = "inquiry", _("Desk inquiry")
    APPOINTMENT = "appointment", _("Appointment")
    IMPORT = "import", _("Import")


def organiser_class_for(organiser_type: str) -> str:
    """The key figures' split: municipal is `municipal`; the other three are non-municipal."""
    return (
        OrganiserClass.MUNICIPAL
        if organiser_type == OrganiserType.MUNICIPAL
        else OrganiserClass.NON_MUNICIPAL
    )


class LedgerEntry(models.Model):
    hub = models.ForeignKey(
        "places.Hub", on_delete=models.PROTECT, related_name="ledger_entries", verbose_name=_("hub")
    )
    date = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=20, choices=EntrySource.choices)
    # The owning record's id (or an import's batch and line): (source, source_id) is unique,
    # which makes recording idempotent.
    source_id = models.CharField(_("source id"), max_length=64)
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    organiser_class = models.CharField(
        _("organiser class"), max_length=20, choices=OrganiserClass.choices, blank=True
    )
    organiser_type = models.CharField(
        _("organiser type"), max_length=20, choices=OrganiserType.choices, blank=True
    )
    category = models.CharField(_("category or topic"), max_length=40, blank=True)
    # How an inquiry came in (torget.ledger.codes.Channel); blank for other kinds and for
    # history imported without it.
    channel = models.CharField(_("channel"), max_length=20, blank=True, default="")
    title = models.CharField(_("title"), max_length=200, blank=True)
    # Who organised it (a booking's organisation), for "most active organisations". SET_NULL:
    # removing an organisation keeps the figures, only the name goes.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ledger_entries",
        verbose_name=_("organisation"),
    )
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    # A row may stand for several (imported monthly totals); everything else counts 1.
    count = models.PositiveIntegerField(_("count"), default=1)
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="ledger_source_unique"),
            models.CheckConstraint(
                condition=~Q(kind__in=["activity", "meeting"]) | ~Q(organiser_class=""),
                name="ledger_activity_has_organiser_class",
            ),
            models.CheckConstraint(condition=Q(count__gte=1), name="ledger_count_positive"),
        ]
        indexes = [
            # Covers the key-figures query (a range of dates, optionally one hub, grouped by
            # hub, kind, class, topic and channel, summing count and participants): an
            # index-only scan, no table look-ups.
            models.Index(
                fields=[
                    "date",
                    "hub",
                    "kind",
                    "organiser_class",
                    "category",
                    "channel",
                    "count",
                    "participants",
                ],
                name="ledger_report_idx",
            ),
            # "Most active organisations": only rows with an organisation (a partial index,
            # so imported history and inquiries cost nothing), covering the grouped sum.
            models.Index(
                fields=["date", "organisation", "hub", "kind", "count"],
                condition=Q(organisation__isnull=False),
                name="ledger_organisation_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.hub} {self.kind} {self.title}"


class LedgerMonth(models.Model):
    """Exact monthly sums of the ledger, for the key figures of whole months.

    Kept by `ledger.services` in the same transaction as the rows it sums (each write adds its
    difference: `count = count + k`), so it never drifts; `ledger.rollup.rebuild_months()`
    recomputes it from the rows (after a bulk load that bypassed the services).
    """

    month = models.DateField(_("month"))  # its first day
    hub = models.ForeignKey(
        "places.Hub", on_delete=models.PROTECT, related_name="+", verbose_name=_("hub")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    organiser_class = models.CharField(_("organiser class"), max_length=20, blank=True)
    category = models.CharField(_("category or topic"), max_length=40, blank=True)
    channel = models.CharField(_("channel"), max_length=20, blank=True, default="")
    count = models.BigIntegerField(_("count"), default=0)  # the sum of the rows' count
    participants = models.BigIntegerField(_("participants"), default=0)

    class Meta:
        verbose_name = _("ledger month")
        verbose_name_plural = _("ledger months")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "hub", "kind", "organiser_class", "category", "channel"],
                name="ledger_month_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.hub_id} {self.kind} {self.count}"
