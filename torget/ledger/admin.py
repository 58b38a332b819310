"""The ledger in the back office: read-only. Rows are written by the services that own the
things that happened (and by imports), never by hand."""

from django.contrib import admin

from torget.ledger.models import LedgerEntry
from torget.places.backoffice import (
    ADMINISTRATOR,
    HUB_STAFF,
    MANAGEMENT,
    NOBODY,
    BackOfficeRules,
)


@admin.register(LedgerEntry)
class LedgerEntryAdmin(BackOfficeRules, admin.ModelAdmin):
    """Management and administrators read every hub's rows; hub staff their own hubs'."""

    hub_path = "hub"
    view_by = frozenset({ADMINISTRATOR, MANAGEMENT, HUB_STAFF})
    change_by = add_by = delete_by = NOBODY

    list_display = (
        "date",
        "hub",
        "kind",
        "organiser_class",
        "organiser_type",
        "category",
        "title",
        "participants",
        "count",
        "source",
    )
    list_filter = (
        ("hub", admin.RelatedOnlyFieldListFilter),
        "kind",
        "organiser_class",
        "organiser_type",
        "source",
    )
    list_select_related = ("hub",)
    search_fields = ("title", "category")
    date_hierarchy = "date"
    ordering = ("-date", "-id")
    # A million rows: counting them twice per page is the slow part of the list.
    show_full_result_count = False
