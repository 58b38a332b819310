"""django-auditlog writes an entry on every save and delete of a followed model (its own
signal receivers); these two receivers make it Torget's: only staff writes are kept, and
each entry names its actor and, for rows holding a person's data, no words of that data."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.db.models.signals import pre_save
from django.dispatch import receiver

from torget.audit import context, registry


def keep_staff_writes(sender: Any, instance: Any, action: int, **kwargs: Any) -> bool | None:
    """django-auditlog's `pre_log`: False drops the entry (a resident's or a job's write)."""
    return None if context.staff_actor() is not None else False


@receiver(pre_save, sender=LogEntry, dispatch_uid="torget.audit.name_actor")
def name_actor(sender: Any, instance: LogEntry, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is not None:
        return
    if instance.actor_id is None:
        instance.actor = context.staff_actor()
    model = instance.content_type.model_class()
    if model is not None and registry.holds_personal_data(model):
        # str() of such a row may be a person's name (a booking's title): the row's kind
        # and number instead, so the log keeps no copy of it.
        instance.object_repr = f"{model._meta.verbose_name} {instance.object_pk}"
