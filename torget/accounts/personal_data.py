"""Accounts in the personal-data registry (torget.core.personal_data)."""

from __future__ import annotations

from contextlib import suppress
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from torget.core import personal_data


def expired_sessions_clear() -> int:
    """Delete the sessions past their expiry (Django's own `clearsessions`): nothing else
    removes a session nobody signed out of. Returns how many there were."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    model = getattr(store, "get_model_class", None)  # database-backed engines only
    expired = model().objects.filter(expire_date__lt=timezone.now()).count() if model else 0
    with suppress(NotImplementedError):  # an engine without a store of its own
        store.clear_expired()
    return expired


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
        purpose=_("To send you the sign-in link you asked for."),
        period=_("%(period)s if it is never used"),
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
        purpose=_(
            "So you can sign in, book and register, and so we can reach you about what you "
            "have booked."
        ),
        period=_("%(period)s without signing in"),
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
        purpose=_("To see who changed what, and to put mistakes right."),
        erase=personal_data.delete(
            lambda cutoff: apps.get_model("admin", "LogEntry").objects.filter(
                action_time__lt=cutoff
            )
        ),
    )
    # A session holds that you are signed in and what a page passes to the next (the
    # address a sign-in link went to); it ends with its cookie, SESSION_COOKIE_AGE after
    # it was last saved.
    personal_data.register(
        "accounts.sessions",
        model="sessions.Session",
        fields=("session_data",),
        description=_(
            "Sessions: what the site must remember between your pages, kept on the server "
            "and found by the session cookie: that you are signed in, the e-mail address "
            "you asked a sign-in link for, the private link to change an answer you just "
            "sent. Signing out deletes it; an expired one is deleted by the daily clean-up."
        ),
        purpose=_("To keep you signed in and carry a step from one page to the next."),
        period=_("%(period)s after it was last saved"),
        retention="SESSION_COOKIE_AGE",
        in_seconds=True,
        erase=lambda days: expired_sessions_clear(),
    )
