"""Shared rows that belong to no single domain."""

from django.db import models


class ChangeStamp(models.Model):
    """A token that changes, in the same transaction, whenever a cached kind of data
    changes (see `torget.core.stamps`). A process compares the token it cached with the
    database's to know whether its copy is still true, whichever process made the change.

    A random token rather than a counter: a transaction that rolls back (a test, a failed
    save) restores the old token, and a counter would then hand the same number to the next
    change, so a copy of rolled-back data could pass for current.
    """

    name = models.CharField(max_length=40, primary_key=True)
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.name}: {self.token}"


class RateCount(models.Model):
    """How often one key (a scope and a client address, say) was hit in its current
    window. See `torget.core.ratelimit`."""

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
