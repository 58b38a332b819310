"""Back office for the seasonal round: the round itself (hubs, spaces, season, period,
priority rules in order, the text applicants read); applications and the case log are
read-only here (they change through the round's staff pages and services)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from torget.places.backoffice import (
    ADMINISTRATORS,
    ADMINISTRATORS_AND_HUB_STAFF,
    NOBODY,
    BackOfficeRules,
)
from torget.seasons.models import AllocationChange, Application, Round, RoundRule, Wish
from torget.seasons.services import round_create_default_rules


class RoundRules(BackOfficeRules):
    """A round spans hubs: staff of any of its hubs work with it (the staff pages' rule,
    `selectors.can_manage_round`), each admin within its audiences."""

    hub_path = "hubs"
    view_by = change_by = add_by = delete_by = ADMINISTRATORS_AND_HUB_STAFF

    def reaches(self, user, obj) -> bool:
        from torget.seasons.selectors import can_manage_round

        round_ = obj if isinstance(obj, Round) else getattr(obj, "round", None)
        return round_ is not None and can_manage_round(user, round_)


class RoundRuleInline(RoundRules, admin.TabularInline):
    model = RoundRule
    hub_path = "round__hubs"
    extra = 0
    fields = ("position", "rule")

    def _may(self, request, action, obj=None) -> bool:
        if obj is not None and action in ("add", "delete"):
            action = "change"
        return super()._may(request, action, obj)


@admin.register(Round)
class RoundAdmin(RoundRules, admin.ModelAdmin):
    # Administrators create rounds and choose their hubs and spaces (a round spans hubs);
    # the hubs' staff adjust the dates, the rules and the text.
    add_by = delete_by = ADMINISTRATORS
    administrator_fields = ("hubs", "spaces")
    list_display = ("name", "season_start", "season_end", "deadline", "decided_at")
    filter_horizontal = ("hubs", "spaces")
    inlines = [RoundRuleInline]
    readonly_fields = ("proposed_at", "decided_at", "decided_by")
    fieldsets = (
        (None, {"fields": ("name", "season_start", "season_end", "opens_at", "deadline")}),
        (_("Where"), {"fields": ("hubs", "spaces")}),
        (_("Rules and text"), {"fields": ("no_private_parties", "applicant_text")}),
        (_("Status"), {"fields": ("proposed_at", "decided_at", "decided_by")}),
    )

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        if not change:
            round_create_default_rules(form.instance)


class ReadOnly(RoundRules):
    change_by = add_by = delete_by = NOBODY


class WishInline(ReadOnly, admin.TabularInline):
    model = Wish
    hub_path = "application__round__hubs"
    extra = 0


@admin.register(Application)
class ApplicationAdmin(ReadOnly, admin.ModelAdmin):
    hub_path = "round__hubs"
    list_display = ("activity", "organisation", "round", "submitted_at", "paid", "withdrawn")
    # Only the rounds of the rows listed: the user's own hubs' rounds.
    list_filter = (("round", admin.RelatedOnlyFieldListFilter), "paid", "age_group")
    inlines = [WishInline]


@admin.register(AllocationChange)
class AllocationChangeAdmin(ReadOnly, admin.ModelAdmin):
    hub_path = "round__hubs"
    list_display = ("at", "round", "kind", "summary", "reason", "actor")
    list_filter = (("round", admin.RelatedOnlyFieldListFilter), "kind")
