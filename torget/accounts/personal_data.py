"""Accounts in the personal-data registry (torget.core.personal_data)."""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from torget.core import personal_data


def register() -> None:
    from torget.accounts.retention import inactive_accounts_purge, unused_accounts_delete

    personal_data.register(
        "accounts.unused",
        model="accounts.User",
        fields=("username", "email"),
        description=_(
            "Accounts made when someone asked for a sign-in link but never signed in: the "
            "e-mail address. Deleted after the period."
        ),
        retention="TORGET_UNUSED_ACCOUNT_DAYS",
        erase=lambda days: unused_accounts_delete(cutoff=personal_data.cutoff(days)),
    )
    personal_data.register(
        "accounts.inactive",
        model="accounts.User",
        fields=("username", "first_name", "last_name", "email", "phone"),
        description=_(
            "Your account: name, e-mail address, phone number and language. An account "
            "not signed in to for the period, with nothing booked ahead, is deleted (or, "
            "where old bookings still refer to it, emptied of everything that names you)."
        ),
        retention="TORGET_INACTIVE_ACCOUNT_DAYS",
        erase=lambda days: inactive_accounts_purge(cutoff=personal_data.cutoff(days)),
    )
    # The back office's change history names what was changed ("Samtale med Ola") and who.
    personal_data.register(
        "accounts.admin_log",
        model="admin.LogEntry",
        fields=("object_repr", "change_message"),
        description=_(
            "The back office's change history: which member of staff changed what, with "
            "the name of what was changed (a booking's title, a person's name). Deleted "
            "after the period."
        ),
        retention="TORGET_ADMIN_LOG_RETENTION_DAYS",
        erase=personal_data.delete(
            lambda cutoff: apps.get_model("admin", "LogEntry").objects.filter(
                action_time__lt=cutoff
            )
        ),
    )
