"""The audit log in the back office: administrators only. Filter by who made the change
(only people who made one are offered) or open an object's History page, which shows its
audit log under Django's own history."""

from __future__ import annotations

from typing import Any

import auditlog.admin  # noqa: F401  registers django-auditlog's own admin, replaced below
from auditlog.models import LogEntry
from django.contrib import admin
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from torget.audit import selectors
from torget.places.backoffice import ADMINISTRATORS, NOBODY, BackOfficeRules

admin.site.unregister(LogEntry)

# Besides the list's filters: one object's entries (`?content_type__id__exact=7&object_pk=12`).
OBJECT_LOOKUPS = ("content_type__id__exact", "object_pk")


class ChangedByFilter(admin.RelatedOnlyFieldListFilter):
    """Who made the change: only people who made one are offered (not every resident)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.title = str(_("changed by"))


@admin.register(LogEntry)
class AuditEntryAdmin(BackOfficeRules, admin.ModelAdmin):
    view_by = ADMINISTRATORS
    change_by = add_by = delete_by = NOBODY
    date_hierarchy = "timestamp"
    list_display = ("when", "who", "what", "kind", "object_link", "summary")
    list_filter = (("actor", ChangedByFilter), "content_type")
    list_select_related = ("actor", "content_type")
    search_fields = ("object_repr", "object_pk", "actor__username")
    fields = ("when", "who", "what", "kind", "object_link", "changes_table")
    readonly_fields = fields
    actions = None

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        return lookup in OBJECT_LOOKUPS or super().lookup_allowed(lookup, value, request)

    @admin.display(description=_("time"), ordering="timestamp")
    def when(self, entry: LogEntry) -> Any:
        return entry.timestamp

    @admin.display(description=_("changed by"), ordering="actor")
    def who(self, entry: LogEntry) -> str:
        return str(entry.actor) if entry.actor else str(_("(deleted account)"))

    @admin.display(description=_("action"))
    def what(self, entry: LogEntry) -> str:
        return selectors.action(entry)

    @admin.display(description=_("kind"))
    def kind(self, entry: LogEntry) -> str:
        model = entry.content_type.model_class()
        return str(model._meta.verbose_name) if model else entry.content_type.model

    @admin.display(description=_("object"))
    def object_link(self, entry: LogEntry) -> str:
        opts = entry.content_type
        try:
            url = reverse(f"admin:{opts.app_label}_{opts.model}_change", args=[entry.object_pk])
        except NoReverseMatch:
            return entry.object_repr
        return format_html('<a href="{}">{}</a>', url, entry.object_repr)

    @admin.display(description=_("fields changed"))
    def summary(self, entry: LogEntry) -> str:
        return ", ".join(change.field for change in selectors.changes(entry))

    @admin.display(description=_("changes"))
    def changes_table(self, entry: LogEntry) -> SafeString:
        return render_to_string(
            "audit/changes.html", {"changes": selectors.changes(entry), "entry": entry}
        )

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("actor", "content_type")
