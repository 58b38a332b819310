"""Back office for the desk: topics (the taxonomy) and read-only tallies and callbacks.

Inquiries and callback requests change through the desk services (ledger rows, the queue's
rules), never through a form."""

from django.contrib import admin

from torget.desk.models import CallbackRequest, Inquiry, InquiryTopic
from torget.places.backoffice import (
    ADMINISTRATORS,
    ADMINISTRATORS_AND_HUB_STAFF,
    MANAGEMENT,
    NOBODY,
    BackOfficeRules,
)


class TopicRules(BackOfficeRules):
    view_by = ADMINISTRATORS_AND_HUB_STAFF | {MANAGEMENT}
    change_by = ADMINISTRATORS
    add_by = ADMINISTRATORS
    # Old inquiries and ledger rows name the code: retire a topic (inactive), never delete it.
    delete_by = NOBODY


@admin.register(InquiryTopic)
class InquiryTopicAdmin(TopicRules, admin.ModelAdmin):
    list_display = ("code", "label_nb", "label_en", "active", "order")
    list_editable = ("active", "order")
    list_filter = ("active",)


class ReadOnlyHubRows(BackOfficeRules):
    hub_path = "hub"
    view_by = ADMINISTRATORS_AND_HUB_STAFF | {MANAGEMENT}
    change_by = NOBODY
    add_by = NOBODY
    delete_by = NOBODY


@admin.register(Inquiry)
class InquiryAdmin(ReadOnlyHubRows, admin.ModelAdmin):
    list_display = ("occurred_at", "hub", "topic", "channel", "resolved_at_desk", "duration")
    list_filter = ("hub", "channel", "topic", "duration")
    date_hierarchy = "occurred_at"
    list_select_related = ("hub",)


@admin.register(CallbackRequest)
class CallbackRequestAdmin(ReadOnlyHubRows, admin.ModelAdmin):
    list_display = ("created", "hub", "topic", "status", "taken_by")
    list_filter = ("hub", "status")
    list_select_related = ("hub", "taken_by")
