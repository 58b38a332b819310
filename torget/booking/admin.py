"""Back office for bookings: staff see and handle their own hubs' bookings; the rules of
who may do what are the booking services' (writes go through them, not through forms)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from torget.booking.models import BlockedPeriod, Booking, BookingPolicy, KeyLoan
from torget.places.backoffice import (
    ADMINISTRATOR,
    ADMINISTRATORS_AND_HUB_STAFF,
    HUB_LEADER,
    MANAGEMENT,
    NOBODY,
    BackOfficeRules,
)


class BookingRules(BackOfficeRules):
    hub_path = "space__hub"
    view_by = ADMINISTRATORS_AND_HUB_STAFF | {MANAGEMENT}
    # Bookings change through the booking service (rules, overlaps, ledger), never a form.
    change_by = NOBODY
    add_by = NOBODY
    delete_by = NOBODY


@admin.register(Booking)
class BookingAdmin(BookingRules, admin.ModelAdmin):
    list_display = (
        "title",
        "space",
        "start",
        "end",
        "status",
        "organiser_type",
        "kind",
        "booked_by",
    )
    list_filter = ("status", "organiser_type", "kind", "space__hub")
    search_fields = ("title", "space__name", "organisation__name", "on_behalf_name")
    date_hierarchy = "start"
    list_select_related = ("space__hub", "booked_by")
    readonly_fields = ("created", "updated", "cancelled_at", "overridden_rules", "pending_reasons")
    # Management reads reports, not people's details.
    personal_fields = ("on_behalf_name", "on_behalf_phone", "staff_notes", "access_instructions")

    def get_exclude(self, request, obj=None):
        from torget.accounts.permissions import is_administrator, is_hub_staff, is_management

        excluded = tuple(super().get_exclude(request, obj) or ())
        user = request.user
        if is_management(user) and not is_administrator(user) and not is_hub_staff(user):
            excluded += self.personal_fields
        return excluded


class PolicyRules(BackOfficeRules):
    """Prices, approval and limits are the hub leader's decisions; desk staff read them."""

    hub_path = "hub"
    view_by = ADMINISTRATORS_AND_HUB_STAFF
    change_by = frozenset({ADMINISTRATOR, HUB_LEADER})
    add_by = frozenset({ADMINISTRATOR, HUB_LEADER})
    delete_by = frozenset({ADMINISTRATOR, HUB_LEADER})


@admin.register(BookingPolicy)
class BookingPolicyAdmin(PolicyRules, admin.ModelAdmin):
    list_display = ("__str__", "hub", "space", "approval", "hours", "max_minutes")
    list_filter = ("hub", "approval")
    fieldsets = (
        (None, {"fields": ("hub", "space")}),
        (
            _("Who may book"),
            {
                "fields": (
                    "residents_may_book",
                    "organisations_may_book",
                    "municipal_may_book",
                    "private_parties_allowed",
                )
            },
        ),
        (
            _("When and how long"),
            {
                "fields": (
                    "min_lead_minutes",
                    "horizon_days",
                    "min_minutes",
                    "max_minutes",
                    "granularity_minutes",
                    "buffer_before_minutes",
                    "buffer_after_minutes",
                    "hours",
                    "long_bookings_allowed",
                )
            },
        ),
        (
            _("Approval and limits"),
            {"fields": ("approval", "max_future_bookings", "cancel_deadline_hours")},
        ),
        (_("House rules"), {"fields": ("house_rules",)}),
        (
            _("Prices per hour (NOK)"),
            {"fields": ("price_municipal", "price_voluntary", "price_private", "price_resident")},
        ),
    )


@admin.register(BlockedPeriod)
class BlockedPeriodAdmin(BackOfficeRules, admin.ModelAdmin):
    hub_path = "spaces__hub"
    view_by = ADMINISTRATORS_AND_HUB_STAFF
    list_display = ("reason", "start", "end", "created_by")
    date_hierarchy = "start"
    filter_horizontal = ("spaces",)


@admin.register(KeyLoan)
class KeyLoanAdmin(BackOfficeRules, admin.ModelAdmin):
    """The register of keys and access cards handed out: who has which, and since when."""

    hub_path = "hub"
    view_by = ADMINISTRATORS_AND_HUB_STAFF
    change_by = ADMINISTRATORS_AND_HUB_STAFF
    add_by = ADMINISTRATORS_AND_HUB_STAFF
    delete_by = frozenset({ADMINISTRATOR, HUB_LEADER})
    list_display = ("label", "hub", "holder", "phone", "handed_out", "due", "returned")
    list_filter = ("hub", ("returned", admin.EmptyFieldListFilter))
    search_fields = ("label", "holder", "phone", "organisation__name")
    readonly_fields = ("handed_out_by",)

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.handed_out_by = request.user
        super().save_model(request, obj, form, change)
