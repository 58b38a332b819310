"""The audit log in the personal-data registry (torget.core.personal_data).

The log keeps no copy of a person's data: fields the registry lists are logged as changed
with their values withheld, and a row holding such fields is named by its kind and number,
not by str() (torget.audit.registry, receivers). What it does keep about a person is who
made each change: a link to a member of staff's account, never a copy of their name.
"""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from torget.core import personal_data


def _about_account(user) -> dict:
    content_type = ContentType.objects.get_for_model(type(user))
    return {"content_type": content_type, "object_pk": str(user.pk)}


def audit_export(user) -> list[dict]:
    """The changes the person made as staff: when, what, which fields."""
    from torget.audit.selectors import changes

    rows = []
    for entry in LogEntry.objects.filter(actor=user).select_related("content_type"):
        rows.append(
            personal_data.row(
                {
                    _("When"): entry.timestamp,
                    _("Action"): entry.get_action_display(),
                    _("What"): entry.object_repr,
                    _("Fields changed"): ", ".join(c.field for c in changes(entry)),
                }
            )
        )
    return rows


def audit_erase_person(user) -> int:
    """The person's own account's history goes with it; the changes they made as staff
    stay (what changed, when), no longer linked to them."""
    about, _count = LogEntry.objects.filter(**_about_account(user)).delete()
    unlinked = LogEntry.objects.filter(actor=user).update(actor=None)
    return about + unlinked


def register() -> None:
    personal_data.register(
        "audit.log",
        model="auditlog.LogEntry",
        fields=("actor",),
        description=_(
            "The audit log: which member of staff or administrator changed what, and when, "
            "with the fields changed before and after. Values that are a person's data (a "
            "name, a phone number) are not kept in it, only that they changed. Deleted "
            "after the period."
        ),
        purpose=_("To see who changed what, and to put mistakes right."),
        retention="TORGET_AUDIT_LOG_DAYS",
        erase=personal_data.delete(lambda cutoff: LogEntry.objects.filter(timestamp__lt=cutoff)),
        export=audit_export,
        erase_person=audit_erase_person,
    )
