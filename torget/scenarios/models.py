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


# --- Who would have further to go: where people live ----------------------------------------


class PopulationGrid(models.Model):
    """One imported population grid (Statistics Norway's 250 m cells, or any grid of cell
    centres in EPSG:25833). An import replaces the grid whole: the newest is the one in use."""

    source = models.CharField(_("file"), max_length=200)
    imported = models.DateTimeField(_("imported"), auto_now_add=True)
    # Kept when the person is erased: the grid belongs to the municipality.
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    invented = models.BooleanField(
        _("invented demo data"), default=False, help_text=_("Shown as invented on the pages.")
    )
    cells = models.PositiveIntegerField(_("cells"), default=0)
    population = models.PositiveIntegerField(_("population"), default=0)
    has_ages = models.BooleanField(_("has residents aged 67 and over"), default=False)

    class Meta:
        verbose_name = _("population grid")
        verbose_name_plural = _("population grids")
        ordering = ["-imported", "-pk"]

    def __str__(self) -> str:
        return self.source


class PopulationCell(models.Model):
    """A grid cell: its centre in EPSG:25833 (UTM zone 33, metres) and in WGS84, computed
    once at import, and how many live there (counts, never persons)."""

    grid = models.ForeignKey(
        PopulationGrid, on_delete=models.CASCADE, related_name="+", verbose_name=_("grid")
    )
    x = models.IntegerField(_("easting (EPSG:25833)"))
    y = models.IntegerField(_("northing (EPSG:25833)"))
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    population = models.PositiveIntegerField(_("population"))
    age_67_plus = models.PositiveIntegerField(_("aged 67 and over"), null=True, blank=True)

    class Meta:
        verbose_name = _("population cell")
        verbose_name_plural = _("population cells")
        constraints = [
            models.UniqueConstraint(fields=["grid", "x", "y"], name="scenarios_cell_once")
        ]

    def __str__(self) -> str:
        return f"{self.x};{self.y}"


# --- Where users come from: postcode areas ----------------------------------------------------


class PostcodeList(models.Model):
    """One imported file of postcode areas' centroids (`postnummer;lat;lon`), given by the
    municipality. An import replaces the list whole: the newest is the one in use."""

    source = models.CharField(_("file"), max_length=200)
    imported = models.DateTimeField(_("imported"), auto_now_add=True)
    # Kept when the person is erased: the list belongs to the municipality.
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    invented = models.BooleanField(
        _("invented demo data"), default=False, help_text=_("Shown as invented on the pages.")
    )
    areas = models.PositiveIntegerField(_("postcode areas"), default=0)

    class Meta:
        verbose_name = _("list of postcode areas")
        verbose_name_plural = _("lists of postcode areas")
        ordering = ["-imported", "-pk"]

    def __str__(self) -> str:
        return self.source


class PostcodeArea(models.Model):
    """A postcode area (postnummer) as a point: its centroid in WGS84, as the municipality's
    file gives it. Users who chose to give their postcode are counted per area."""

    postcode_list = models.ForeignKey(
        PostcodeList, on_delete=models.CASCADE, related_name="+", verbose_name=_("list")
    )
    postnummer = models.CharField(_("postcode"), max_length=4)
    place = models.CharField(_("postal town"), max_length=100, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        verbose_name = _("postcode area")
        verbose_name_plural = _("postcode areas")
        ordering = ["postnummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["postcode_list", "postnummer"], name="scenarios_postcode_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.postnummer} {self.place}".strip()
