"""The outbox in the back office: read-only, for administrators and hub staff."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from torget.notifications.models import Message
from torget.places.backoffice import ADMINISTRATORS_AND_HUB_STAFF, NOBODY, BackOfficeRules

HIDDEN = _("Hidden: the text contains a sign-in link.")


@admin.register(Message)
class MessageAdmin(BackOfficeRules, admin.ModelAdmin):
    view_by = ADMINISTRATORS_AND_HUB_STAFF
    change_by = add_by = delete_by = NOBODY
    list_display = ("created", "channel", "to", "subject", "template", "status", "sent_at")
    list_filter = ("status", "channel", "template")
    search_fields = ("to", "key", "subject")
    date_hierarchy = "created"
    fields = (
        "created",
        "channel",
        "to",
        "subject",
        "text",
        "key",
        "template",
        "status",
        "attempts",
        "last_error",
        "sent_at",
    )
    readonly_fields = fields

    @admin.display(description=_("text"))
    def text(self, obj: Message) -> str:
        # A sign-in link lets its reader in as the recipient: nobody reads it here.
        return str(HIDDEN) if obj.sensitive else obj.body
