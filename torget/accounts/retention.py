"""Accounts nobody uses: deleted, or erased where records that stay still point at them.

Asking for a sign-in link makes an account for whatever address was typed, so accounts
that never signed in and hold nothing go after TORGET_UNUSED_ACCOUNT_DAYS. A resident's
account unused for TORGET_INACTIVE_ACCOUNT_DAYS goes too, unless something is ahead of
them (the apps that know say so through `personal_data.hold_accounts`). Staff (a role, the
back office, an API token) are never purged: their accounts are managed by hand.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from torget.accounts.models import ApiToken, Role, User
from torget.core.personal_data import held_accounts

# What an erased account keeps: nothing that names or reaches the person.
ERASED_USERNAME = "slettet-{pk}"


def residents():
    """Accounts that are neither staff nor integrations."""
    return (
        User.objects.filter(is_staff=False, is_superuser=False)
        .exclude(pk__in=Role.objects.values("user"))
        .exclude(pk__in=ApiToken.objects.filter(revoked=False).values("user"))
    )


def _referred_to():
    """Every account some row refers to (a booking, a registration, a contact role, …),
    found from the model relations, so a new app's references count without a change here."""
    referred = models.Q()
    for relation in User._meta.related_objects:
        if relation.many_to_many:
            continue  # counted through the model that holds the link
        related = relation.related_model._base_manager.filter(
            **{f"{relation.field.name}__isnull": False}
        ).values(relation.field.name)
        referred |= models.Q(pk__in=related)
    return referred


def unused_accounts_delete(*, cutoff: datetime) -> int:
    """Delete accounts made before `cutoff` that never signed in and nothing refers to."""
    unused = (
        residents().filter(last_login__isnull=True, date_joined__lt=cutoff).exclude(_referred_to())
    )
    return unused.delete()[1].get(User._meta.label, 0)


def _erase(user: User) -> None:
    """Keep the row (bookings and the like that stay for the figures point at it), but
    nothing that names or reaches the person, and it can never sign in again."""
    user.username = ERASED_USERNAME.format(pk=user.pk)
    user.first_name = user.last_name = user.email = user.phone = user.feed_secret = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    user.organisations.clear()


def inactive_accounts_purge(*, cutoff: datetime) -> int:
    """Delete (or erase, where records that stay refer to them) residents' accounts that
    have not signed in since `cutoff`, unless something is ahead of them."""
    idle = (
        residents()
        .annotate(last_seen=Coalesce("last_login", "date_joined"))
        .filter(last_seen__lt=cutoff)
        .exclude(username__startswith=ERASED_USERNAME.format(pk=""), is_active=False)
        .exclude(pk__in=held_accounts(timezone.now()))
    )
    count = 0
    for user in list(idle):
        account_remove(user)
        count += 1
    return count


def account_remove(user: User) -> None:
    """Delete the account, or erase it where records that stay (a booking, an application)
    refer to it: the period purge's rule, and erasing one person on request."""
    try:
        with transaction.atomic():
            user.delete()
    except (models.ProtectedError, models.RestrictedError):
        _erase(user)
