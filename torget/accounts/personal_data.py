"""Accounts in the personal-data registry (torget.core.personal_data)."""

from __future__ import annotations

from contextlib import suppress
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from torget.core import personal_data


def expired_sessions_clear() -> int:
    """Delete the sessions past their expiry (Django's own `clearsessions`): nothing else
    removes a session nobody signed out of. Returns how many there were."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    model = getattr(store, "get_model_class", None)  # database-backed engines only
    expired = model().objects.filter(expire_date__lt=timezone.now()).count() if model else 0
    # Signed-cookie sessions live in the browser only: their store's clear_expired() raises
    # NotImplementedError (Django's own), and there is nothing on the server to clear.
    with suppress(NotImplementedError):
        store.clear_expired()
    return expired


def account_export(user) -> list[dict]:
    return [
        personal_data.row(
            {
                _("User name"): user.username,
                _("First name"): user.first_name,
                _("Last name"): user.last_name,
                _("E-mail"): user.email,
                _("Phone"): user.phone,
                _("Language"): user.get_preferred_language_display(),
                _("Organisations"): ", ".join(str(o) for o in user.organisations.all()),
                _("Account made"): user.date_joined,
                _("Last signed in"): user.last_login,
            }
        )
    ]


def account_erase(user) -> int:
    from torget.accounts.retention import account_remove

    account_remove(user)
    return 1


def _sessions(user) -> list:
    """The person's sessions: the store keeps the account id inside each session's data,
    so each is read (an erasure is rare; the table holds the live sessions only)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    model = getattr(store, "get_model_class", None)
    if model is None:  # sessions kept outside the database: they end with their cookie
        return []
    return [
        session
        for session in model().objects.filter(expire_date__gte=timezone.now())
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]


def sessions_export(user) -> list[dict]:
    return [personal_data.row({_("Signed in until"): s.expire_date}) for s in _sessions(user)]


def sessions_erase(user) -> int:
    found = _sessions(user)
    for session in found:
        session.delete()
    return len(found)


def _admin_log(user):
    """Change history entries about the person: their account, or naming them by e-mail
    address or full name in what was changed (a booking's title, a registration)."""
    LogEntry = apps.get_model("admin", "LogEntry")
    about = Q(
        content_type__app_label="accounts", content_type__model="user", object_id=str(user.pk)
    )
    if user.email:
        about |= Q(object_repr__icontains=user.email)
    if full_name := user.get_full_name().strip():
        about |= Q(object_repr__icontains=full_name) | Q(change_message__icontains=full_name)
    return LogEntry.objects.filter(about)


def admin_log_erase(user) -> int:
    # The entry stays (who changed which row, when), without the words that name the person.
    return (
        _admin_log(user)
        .exclude(object_repr="", change_message="")
        .update(object_repr="", change_message="")
    )


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
        export=account_export,
        erase_person=account_erase,
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
        erase_person=admin_log_erase,
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
        export=sessions_export,
        erase_person=sessions_erase,
    )
