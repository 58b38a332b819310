"""Back office for meråpent, each admin scoped to the user's hubs by BackOfficeRules.

Administrators set up doors (which lock system, which spaces they lead to); a hub's leader
sets its rules (age limit, the agreement text and version, the buffers, the PIN). Hub
staff read their hubs' doors, rules, agreements, entry log and monthly visits here; they
register, renew and revoke agreements on the staff pages, through the services. Card and
PIN hashes are never shown."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from torget.access.models import (
    Door,
    EntryAttempt,
    HubAccessPolicy,
    SelfServiceAgreement,
    SelfServiceVisits,
)
from torget.places.backoffice import (
    ADMINISTRATOR,
    ADMINISTRATORS,
    ADMINISTRATORS_AND_HUB_STAFF,
    HUB_LEADER,
    NOBODY,
    BackOfficeRules,
)


@admin.register(Door)
class DoorAdmin(BackOfficeRules, admin.ModelAdmin):
    hub_path = "hub"
    view_by = ADMINISTRATORS_AND_HUB_STAFF
    change_by = add_by = delete_by = ADMINISTRATORS
    list_display = ("label", "hub", "kind", "system", "always_locked", "is_active")
    list_filter = ("hub", "kind", "is_active")
    search_fields = ("label",)
    filter_horizontal = ("spaces",)

    def formfield_for_manytomany(self, db_field, request, **kwargs: Any):
        from torget.accounts.permissions import manageable_hubs
        from torget.places.models import Hub, Space

        if db_field.name == "spaces":
            hubs = manageable_hubs(request.user, Hub.objects.all())
            kwargs["queryset"] = Space.objects.filter(hub__in=hubs).select_related("hub")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(HubAccessPolicy)
class HubAccessPolicyAdmin(BackOfficeRules, admin.ModelAdmin):
    hub_path = "hub"
    view_by = ADMINISTRATORS_AND_HUB_STAFF
    change_by = frozenset({ADMINISTRATOR, HUB_LEADER})
    add_by = delete_by = ADMINISTRATORS
    list_display = ("hub", "age_limit", "agreement_version", "uses_pin")


class ReadOnlyForHubStaff(BackOfficeRules):
    view_by = ADMINISTRATORS_AND_HUB_STAFF
    change_by = add_by = NOBODY
    delete_by = NOBODY


@admin.register(SelfServiceAgreement)
class SelfServiceAgreementAdmin(ReadOnlyForHubStaff, admin.ModelAdmin):
    hub_path = "hubs"
    list_display = ("ref", "user", "name", "valid_from", "valid_until", "revoked_at")
    list_filter = ("hubs",)
    search_fields = ("ref",)
    list_select_related = ("user",)
    exclude = ("credential_hash", "pin_hash")


@admin.register(EntryAttempt)
class EntryAttemptAdmin(ReadOnlyForHubStaff, admin.ModelAdmin):
    hub_path = "door__hub"
    list_display = ("at", "door", "allowed", "result_code", "grant_kind", "grant_ref", "via")
    list_filter = ("door__hub", "allowed", "via")
    search_fields = ("grant_ref",)
    list_select_related = ("door__hub",)
    date_hierarchy = "at"


@admin.register(SelfServiceVisits)
class SelfServiceVisitsAdmin(ReadOnlyForHubStaff, admin.ModelAdmin):
    hub_path = "hub"
    list_display = ("hub", "month", "visits")
    list_filter = ("hub",)
