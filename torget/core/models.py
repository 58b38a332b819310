"""Shared rows that belong to no single domain."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class ScheduleState(models.Model):
    """When a schedule (torget.core.jobs.Schedule) runs next, and how its last run went.

    The worker that moves `next_run` on (an UPDATE that names the value it read) is the one
    that queues the run: two workers never queue the same run."""

    key = models.CharField(_("key"), max_length=80, primary_key=True)
    next_run = models.DateTimeField(_("next run"))
    last_started = models.DateTimeField(_("last started"), null=True, blank=True)
    last_finished = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_ok = models.BooleanField(_("last run succeeded"), null=True)
    last_result = models.CharField(_("last result"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")

    def __str__(self) -> str:
        return self.key


class WorkerHeartbeat(models.Model):
    """A running worker (`manage.py worker`), seen every few seconds. /readyz asks for a
    recent one; the job of a worker not seen for a while is run again by another."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=100)
    pid = models.PositiveIntegerField()
    started = models.DateTimeField()
    seen = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}"
