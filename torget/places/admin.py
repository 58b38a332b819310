"""Back office for hubs, spaces, resources, opening hours and notices.

This is the hubs' configuration: desk staff read their own hubs' rows, hub leaders keep
their own hub's (the hub's details, spaces, resources, hours, exceptions and notices),
management reads every hub, administrators do everything. The rules live in
`torget.places.backoffice.BackOfficeRules`.
"""

from datetime import timedelta

from django import forms
from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from torget.accounts.permissions import can_lead_hub, is_administrator
from torget.core.timeutil import today
from torget.places.backoffice import (
    ADMINISTRATOR,
    ADMINISTRATORS,
    ADMINISTRATORS_AND_HUB_STAFF,
    HUB_LEADER,
    HUB_STAFF,
    MANAGEMENT,
    SPACE_FIELDS,
    HubRowsRules,
)
from torget.places.models import (
    Hub,
    Module,
    Notice,
    OpeningException,
    OpeningHoursRule,
    Resource,
    Space,
    SpaceFeature,
)

HUB_FILTER = ("hub", admin.RelatedOnlyFieldListFilter)
RECENT = timedelta(days=30)  # how far back the hub page lists exceptions and notices
EVERYONE_IN_THE_BACK_OFFICE = frozenset({ADMINISTRATOR, MANAGEMENT, HUB_STAFF})
ADMINISTRATORS_AND_HUB_LEADERS = frozenset({ADMINISTRATOR, HUB_LEADER})


class ConfigurationRules(HubRowsRules):
    """A hub's configuration: its desk staff read it, its hub leader (and administrators)
    change it (issue 17: the back office stays for configuration)."""

    view_by = ADMINISTRATORS_AND_HUB_STAFF
    change_by = add_by = delete_by = ADMINISTRATORS_AND_HUB_LEADERS

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Only hubs the user leads (and their spaces) may be chosen: a hub leader who is
        desk staff at another hub does not configure that one."""
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        user = request.user
        if field is None or is_administrator(user):
            return field
        if db_field.related_model is Hub:
            led = [hub.pk for hub in field.queryset if can_lead_hub(user, hub)]
            field.queryset = field.queryset.filter(pk__in=led)
        elif db_field.related_model is Space:
            field.queryset = field.queryset.filter(hub__in=led_hubs(user))
        return field


def led_hubs(user) -> list[int]:
    return [hub.pk for hub in Hub.objects.all() if can_lead_hub(user, hub)]


def configurable_spaces(user):
    """The spaces a user may choose in a hub's configuration: those of the hubs they lead."""
    spaces = Space.objects.select_related("hub")
    return spaces if is_administrator(user) else spaces.filter(hub__in=led_hubs(user))


class HubPartRules(ConfigurationRules):
    """An inline on the hub page: management reads it with the hub."""

    view_by = EVERYONE_IN_THE_BACK_OFFICE


class ModuleForm(forms.ModelForm):
    def clean_spaces(self):
        spaces = self.cleaned_data["spaces"]
        self.instance.check_spaces(spaces)  # the inline has set the module's hub
        return spaces


class ModuleInline(HubPartRules, admin.TabularInline):
    """A module's rooms and organisers tell a scenario exactly what moves with it."""

    model = Module
    form = ModuleForm
    extra = 0
    fields = ("code", "level", "note", "spaces", "organisations")
    autocomplete_fields = ("spaces", "organisations")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        """Rooms of the hubs the user leads, as for a space chosen elsewhere here (the form
        then refuses a room of another hub than the module's)."""
        if db_field.related_model is Space:
            kwargs["queryset"] = configurable_spaces(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class OpeningHoursRuleInline(HubPartRules, admin.TabularInline):
    model = OpeningHoursRule
    extra = 0
    fields = ("kind", "weekday", "opens", "closes", "space", "valid_from", "valid_to")


class OpeningExceptionInline(HubPartRules, admin.TabularInline):
    """The hub page shows recent and coming exceptions; older ones are under "opening
    hours exceptions"."""

    model = OpeningException
    extra = 0
    fields = ("date", "kind", "closed", "opens", "closes", "space", "reason")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(date__gte=today() - RECENT)


class NoticeInline(HubPartRules, admin.StackedInline):
    model = Notice
    extra = 0
    fields = (("title", "level"), ("starts", "ends"), "space", "text")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(ends__gte=today() - RECENT)


@admin.register(Hub)
class HubAdmin(ConfigurationRules, admin.ModelAdmin):
    hub_path = "pk"
    view_by = EVERYONE_IN_THE_BACK_OFFICE
    add_by = delete_by = ADMINISTRATORS
    administrator_fields = ("name", "slug", "is_demo")

    list_display = (
        "name",
        "postal_town",
        "address",
        "step_free_entrance",
        "hearing_loop",
        "is_demo",
    )
    list_filter = (
        "modules__code",
        "step_free_entrance",
        "hearing_loop",
        "accessible_toilet",
        "is_demo",
    )
    search_fields = ("name", "address", "postal_town", "description")
    inlines = (ModuleInline, OpeningHoursRuleInline, OpeningExceptionInline, NoticeInline)
    fieldsets = (
        (None, {"fields": ("name", "slug", "description", "is_demo")}),
        (
            _("Address and contact"),
            {
                "fields": (
                    "address",
                    ("postal_code", "postal_town"),
                    ("latitude", "longitude"),
                    "directions",
                    ("phone", "email"),
                )
            },
        ),
        (
            _("Accessibility"),
            {
                "fields": (
                    "entrance_accessibility",
                    "step_free_entrance",
                    "hearing_loop",
                    "accessible_toilet",
                )
            },
        ),
    )


class SpaceFeatureInline(ConfigurationRules, admin.TabularInline):
    model = SpaceFeature
    hub_path = "space__hub"
    extra = 0


@admin.register(Space)
class SpaceAdmin(ConfigurationRules, admin.ModelAdmin):
    list_display = (
        "name",
        "hub",
        "kind",
        "zone",
        "capacity",
        "parent",
        "step_free",
        "hearing_loop",
        "bookable",
    )
    list_filter = (HUB_FILTER, "kind", "zone", "bookable", "step_free", "hearing_loop", "is_active")
    list_select_related = ("hub", "parent")
    search_fields = ("name", "description", "hub__name")
    inlines = (SpaceFeatureInline,)
    fieldsets = (
        (None, {"fields": ("hub", "parent", "name", ("kind", "zone"), "description")}),
        (_("Size"), {"fields": (("capacity", "area_m2"), "floor")}),
        (_("Accessibility"), {"fields": ("step_free", "hearing_loop", "accessibility_notes")}),
        (_("Use"), {"fields": ("bookable", "is_active", "calendar_feed")}),
    )
    readonly_fields = ("calendar_feed",)

    @admin.display(description=_("calendar feed and links"))
    def calendar_feed(self, obj: Space) -> str:
        """What apps above places show on a space (`backoffice.SPACE_FIELDS`): the booking
        calendar's feed with titles, for one."""
        if obj.pk is None or not SPACE_FIELDS:
            return "–"
        return format_html_join(
            mark_safe("<br>"), "{}: {}", ((label, value(obj)) for label, value in SPACE_FIELDS)
        )


@admin.register(Resource)
class ResourceAdmin(ConfigurationRules, admin.ModelAdmin):
    list_display = ("name", "hub", "kind", "quantity", "bookable")
    list_filter = (HUB_FILTER, "kind", "bookable")
    list_select_related = ("hub",)
    search_fields = ("name", "description", "hub__name")


@admin.register(OpeningHoursRule)
class OpeningHoursRuleAdmin(ConfigurationRules, admin.ModelAdmin):
    list_display = ("hub", "space", "kind", "weekday", "opens", "closes", "valid_from", "valid_to")
    list_filter = (HUB_FILTER, "kind", "weekday")
    list_select_related = ("hub", "space")
    search_fields = ("hub__name", "space__name")


@admin.register(OpeningException)
class OpeningExceptionAdmin(ConfigurationRules, admin.ModelAdmin):
    """Exceptions without a hub (Christmas Eve for every hub) are administrators' rows."""

    list_display = ("date", "hub", "space", "kind", "closed", "opens", "closes", "reason")
    list_filter = (HUB_FILTER, "kind", "closed")
    list_select_related = ("hub", "space")
    search_fields = ("reason", "hub__name", "space__name")
    date_hierarchy = "date"


@admin.register(Notice)
class NoticeAdmin(ConfigurationRules, admin.ModelAdmin):
    list_display = ("title", "hub", "space", "level", "starts", "ends")
    list_filter = (HUB_FILTER, "level")
    list_select_related = ("hub", "space")
    search_fields = ("title", "text", "hub__name")
    date_hierarchy = "starts"
