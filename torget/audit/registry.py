"""Which rows the audit log follows, and which of their fields it leaves out or withholds.

Every model of Torget's own apps is followed (a new app's models too), except those below:
rows derived from others (the log has the thing they are derived from), logs of their
own, and the machinery's state. Fields the personal-data registry lists are logged as
changed with their values withheld: the log keeps no copy of a person's data, so it has
nothing to keep past the data's own period (docs/decisions/0007-audit-log.md).
"""

from __future__ import annotations

from auditlog.registry import auditlog
from django.apps import apps
from django.db import models

from torget.core import personal_data

# Not followed, with the reason.
NOT_FOLLOWED = {
    "core": "the machinery's own state (caches, rate counts, schedules, heartbeats)",
    "ledger": "derived from the bookings, registrations and tallies it counts",
    "booking.Occupancy": "derived from its booking",
    "access.BookingGrant": "derived from its booking: issued with its confirmation, "
    "its code follows the booking's version",
    "notifications.Message": "the outbox: written for a booking, an event or a reminder",
    "access.EntryAttempt": "the door's own log",
    "access.SelfServiceVisits": "counts of visits",
    "consultations.ModerationLogEntry": "the moderation's own log",
    "seasons.AllocationChange": "the allocation round's own log",
    "scenarios.PopulationCell": "a population grid's cells, imported as one",
    "site.ErasureRecord": "the record of an erasure, written without the erased data",
}

# Never logged, not even as changed: secrets and bookkeeping that changes by itself.
LEFT_OUT = ("password", "last_login", "key_hash", "last_used")

# Fields that are a person's data although the registry lists them under another kind's
# erasure (test_personal_fields' NOT_PERSONAL names why).
ALSO_WITHHELD = {"booking.Booking": ("responsible_adult",)}

WITHHELD = "•••"


def withhold(value: str) -> str:
    """The value the log keeps for a personal field: none (django-auditlog's mask_callable)."""
    return WITHHELD


def followed_models() -> list[type[models.Model]]:
    found = []
    for model in apps.get_models():
        app_label, label = model._meta.app_label, model._meta.label
        if not model.__module__.startswith("torget.") or model._meta.proxy:
            continue
        if app_label in NOT_FOLLOWED or label in NOT_FOLLOWED:
            continue
        found.append(model)
    return found


def personal_fields() -> dict[str, set[str]]:
    """Model label → its fields in the personal-data registry."""
    fields: dict[str, set[str]] = {}
    for kind in personal_data.kinds():
        fields.setdefault(kind.model, set()).update(kind.fields)
    for label, names in ALSO_WITHHELD.items():
        fields.setdefault(label, set()).update(names)
    return fields


def register_all() -> None:
    """Follow every model above (from AuditConfig.ready(), after every app registered its
    personal data). Registering again replaces a model's settings."""
    personal = personal_fields()
    for model in followed_models():
        concrete = [f.name for f in model._meta.concrete_fields]
        withheld = sorted(personal.get(model._meta.label, set()) & set(concrete))
        auditlog.register(
            model,
            include_fields=[name for name in concrete if name not in LEFT_OUT],
            mask_fields=withheld,
            mask_callable="torget.audit.registry.withhold",
        )


def withheld_fields(model: type[models.Model] | None) -> list[str]:
    """The fields of a followed model whose values the log withholds."""
    if model is None or not auditlog.contains(model):
        return []
    return list(auditlog.get_model_fields(model)["mask_fields"])


def holds_personal_data(model: type[models.Model]) -> bool:
    return bool(withheld_fields(model))
