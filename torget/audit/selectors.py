"""Reading the audit log: per object and per member of staff, for administrators."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, QuerySet
from django.utils.text import capfirst
from django.utils.translation import pgettext_lazy

from torget.accounts.permissions import is_administrator
from torget.audit import registry

ACTIONS = {
    LogEntry.Action.CREATE: pgettext_lazy("audit log", "Created"),
    LogEntry.Action.UPDATE: pgettext_lazy("audit log", "Changed"),
    LogEntry.Action.DELETE: pgettext_lazy("audit log", "Deleted"),
    LogEntry.Action.ACCESS: pgettext_lazy("audit log", "Read"),
}

# How many entries an object's history page shows (the full list is one link away).
HISTORY_ROWS = 50


@dataclass(frozen=True)
class Change:
    name: str  # the field's name in the model
    field: str  # the field's name for people
    before: str
    after: str
    withheld: bool  # a person's data: the log says it changed, not what it was


def entries_for_object(user: Any, obj: Model) -> QuerySet[LogEntry]:
    """The log of one row, newest first; nothing for anyone but administrators."""
    if not is_administrator(user):
        return LogEntry.objects.none()
    content_type = ContentType.objects.get_for_model(obj)
    return (
        LogEntry.objects.filter(content_type=content_type, object_pk=str(obj.pk))
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


def entries_by(user: Any, actor: Any) -> QuerySet[LogEntry]:
    """What one member of staff changed, newest first; nothing for anyone but administrators."""
    if not is_administrator(user):
        return LogEntry.objects.none()
    return (
        LogEntry.objects.filter(actor=actor)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


def action(entry: LogEntry) -> str:
    return str(ACTIONS.get(entry.action, entry.action))


def changes(entry: LogEntry) -> list[Change]:
    """The entry's fields with before and after, by the model's own field names."""
    model = entry.content_type.model_class()
    withheld = set(registry.withheld_fields(model))
    found = []
    for name, values in (entry.changes_dict or {}).items():
        if not isinstance(values, list | tuple) or len(values) != 2:
            continue  # a many-to-many entry: not written by Torget's registrations
        label = name
        if model is not None:
            with suppress(FieldDoesNotExist):
                label = str(capfirst(model._meta.get_field(name).verbose_name))
        before, after = ("" if v in (None, "None") else str(v) for v in values)
        found.append(Change(name, label, before, after, name in withheld))
    return found
