"""The outbox in the back office: read-only, for administrators and the staff of the hub a
message is about. Messages about no hub (sign-in) are for administrators only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from torget.notifications.links import private_links_hidden
from torget.notifications.models import Message
from torget.places.backoffice import ADMINISTRATORS_AND_HUB_STAFF, NOBODY, BackOfficeRules

HIDDEN = _("Hidden: the text contains a sign-in link.")


@admin.register(Message)
class MessageAdmin(BackOfficeRules, admin.ModelAdmin):
    hub_path = "hub"
    view_by = ADMINISTRATORS_AND_HUB_STAFF
    change_by = add_by = delete_by = NOBODY
    list_display = ("created", "channel", "to", "subject", "template", "hub", "status", "sent_at")
    list_filter = ("status", "channel", "template")
    list_select_related = ("hub",)
    search_fields = ("to", "key", "subject")
    date_hierarchy = "created"
    fields = (
        "created",
        "channel",
        "to",
        "subject",
        "text",
        "hub",
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
        # A sign-in link lets its reader in as the recipient: nobody reads it here. Other
        # private links (cancel, manage) show where they lead, never their token.
        return str(HIDDEN) if obj.sensitive else private_links_hidden(obj.body)
