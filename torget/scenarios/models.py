"""A scenario: a named, saved set of changes to the hub structure from a date."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from torget.places.codes import ModuleCode


class Scenario(models.Model):
    name = models.CharField(_("name"), max_length=200)
    starts = models.DateField(_("from date"))
    assumptions = models.TextField(_("assumptions"), blank=True)
    # Kept when the person is erased: the scenario belongs to the municipality.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    data_read_at = models.DateTimeField(_("data read"))
    # An assumption of the scenario: with it, the memo sets the yearly saving in kroner
    # beside what the cut in staffed hours displaces.
    cost_per_staffed_hour = models.DecimalField(
        _("cost per staffed hour (NOK)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.name


class ChangeKind(models.TextChoices):
    CLOSE = "close", _("Close the hub")
    MERGE = "merge", _("Merge the hub into another")
    HOURS = "hours", _("Change weekly hours")
    MOVE_MODULE = "move_module", _("Move a module to another hub")


class Change(models.Model):
    """One change. `target_hub` for a merge or a moved module; `module` for a moved module;
    the days per week for changed hours (staffed and self-service apart)."""

    scenario = models.ForeignKey(
        Scenario, on_delete=models.CASCADE, related_name="changes", verbose_name=_("scenario")
    )
    kind = models.CharField(_("change"), max_length=20, choices=ChangeKind.choices)
    hub = models.ForeignKey(
        "places.Hub", on_delete=models.CASCADE, related_name="+", verbose_name=_("hub")
    )
    target_hub = models.ForeignKey(
        "places.Hub",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to hub"),
    )
    module = models.CharField(_("module"), max_length=40, choices=ModuleCode.choices, blank=True)
    staffed_days = models.PositiveSmallIntegerField(
        _("staffed days per week"), null=True, blank=True
    )
    self_service_days = models.PositiveSmallIntegerField(
        _("self-service days per week"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["scenario", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.hub}"

    @property
    def closes_hub(self) -> bool:
        return self.kind in (ChangeKind.CLOSE, ChangeKind.MERGE)
