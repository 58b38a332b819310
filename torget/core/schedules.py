"""Core's own schedules (registered in CoreConfig.ready()): the daily purge of personal data
past its period, and the queue's finished jobs."""

from datetime import time, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from torget.core.jobs import Schedule, register_schedule

# Finished jobs are kept this many days (failed ones longer, for the administrators).
DONE_JOBS_DAYS = 7
FAILED_JOBS_DAYS = 30


class PurgeFailed(Exception):
    pass


def purge_personal_data() -> str:
    """`manage.py purge_personal_data`, daily: raises (so the run is retried and listed as
    failed) when a kind could not be purged."""
    from torget.core.personal_data import purge_all

    counts = purge_all()
    failed = [kind.name for kind, count in counts if count is None]
    if failed:
        raise PurgeFailed(f"purging failed for: {', '.join(failed)}")
    return f"{sum(count or 0 for _kind, count in counts)} erased"


def jobs_prune() -> int:
    """Delete finished jobs past their days (their arguments are ids, their results
    counts; nothing personal, but the table would grow by a row per message)."""
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    done = DBTaskResult.objects.successful().filter(
        finished_at__lt=now - timedelta(days=DONE_JOBS_DAYS)
    )
    failed = DBTaskResult.objects.failed().filter(
        finished_at__lt=now - timedelta(days=FAILED_JOBS_DAYS)
    )
    return done.delete()[0] + failed.delete()[0]


def register() -> None:
    register_schedule(
        Schedule(
            key="personal_data.purge",
            task="torget.core.schedules.purge_personal_data",
            label=_("Erase personal data past its period"),
            at=time(3, 30),
        )
    )
    register_schedule(
        Schedule(
            key="jobs.prune",
            task="torget.core.schedules.jobs_prune",
            label=_("Delete finished jobs"),
            at=time(4, 0),
        )
    )
