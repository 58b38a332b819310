"""Background work: jobs queued on commit, and schedules, as one registry apps fill.

An app never imports the worker. It queues work with
`enqueue("torget.access.jobs.push_grant", grant_id)` — a function's dotted path and
JSON-able arguments — and the job runs after the current transaction commits, in
`manage.py worker`, never in the request. Recurring work is declared in the app's
`AppConfig.ready()` with `register_schedule(Schedule(...))`; settings may change a
schedule's interval or switch it off (TORGET_SCHEDULES).

The queue is django-tasks' (the backport of Django 6's tasks framework) with its database
backend, django-tasks-db (docs/decisions/0006-worker-queue.md): a job is a row, written in
the same transaction as the work that queued it, so a rolled-back request queues nothing and
a committed one cannot lose its job. Every job runs through one task, `run`, which binds the
request id the job was queued under, retries a failure after TORGET_JOB_RETRY_SECONDS and
records a schedule's last result.

The test suite runs the tasks' immediate backend (conftest.py): a job runs at commit in the
test's own thread, deterministically, so tests of an app's jobs need not start a worker.

Jobs run at least once: a worker killed mid-job leaves the job to be run again, so a job
must be safe to run twice (the outbox's claim, reminders' keys and the purges are).
"""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task, task_backends

from torget.core import requestid
from torget.core.timeutil import OSLO

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Schedule:
    """Recurring work: `task` is the dotted path of a function taking no arguments. It runs
    every `every`, or, with `at`, once a day at that local (Europe/Oslo) time."""

    key: str
    task: str
    label: Any  # a lazy translation, for the administrators' page
    every: timedelta = timedelta(days=1)
    at: time | None = None
    enabled: bool = True

    def next_after(self, instant: datetime) -> datetime:
        """When this schedule runs next after `instant`."""
        if self.at is None:
            return instant + self.every
        days = max(1, self.every.days)
        day = instant.astimezone(OSLO).date()
        candidate = datetime.combine(day, self.at, tzinfo=OSLO)
        while candidate <= instant:
            day += timedelta(days=days)
            candidate = datetime.combine(day, self.at, tzinfo=OSLO)
        return candidate

    def first_after(self, instant: datetime) -> datetime:
        """A new schedule: a daily one at its next time, an interval one at once."""
        return instant if self.at is None else self.next_after(instant)

    def describe(self) -> str:
        if not self.enabled:
            return "off"
        if self.at is not None:
            return self.at.strftime("%H:%M")
        seconds = int(self.every.total_seconds())
        for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
            if seconds % size == 0:
                return f"{seconds // size}{unit}"
        return f"{seconds}s"


_schedules: dict[str, Schedule] = {}


def register_schedule(schedule: Schedule) -> None:
    """Add (or replace, by key) a schedule."""
    _schedules[schedule.key] = schedule


_OVERRIDE = re.compile(r"^(?:(?P<n>\d+)(?P<unit>[smhd])|(?P<h>\d{1,2}):(?P<m>\d{2})|(?P<off>off))$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def _overrides() -> dict[str, str]:
    """TORGET_SCHEDULES: "key=30s,other=03:15,third=off" (a dict in settings works too)."""
    given: Any = getattr(settings, "TORGET_SCHEDULES", "") or {}
    if isinstance(given, dict):
        return {str(k): str(v) for k, v in given.items()}
    pairs = {}
    for item in str(given).split(","):
        if item.strip():
            key, _, value = item.partition("=")
            pairs[key.strip()] = value.strip()
    return pairs


def _apply(schedule: Schedule, value: str) -> Schedule:
    match = _OVERRIDE.match(value.lower())
    if match is None:
        raise ImproperlyConfigured(
            f"TORGET_SCHEDULES: {schedule.key}={value!r} is neither an interval (30s, 15m, "
            "2h, 1d), a time of day (03:15) nor off"
        )
    if match["off"]:
        return replace(schedule, enabled=False)
    if match["n"]:
        every = timedelta(**{_UNITS[match["unit"]]: int(match["n"])})
        if every < timedelta(seconds=1):
            raise ImproperlyConfigured(f"TORGET_SCHEDULES: {schedule.key} runs too often")
        return replace(schedule, every=every, at=None, enabled=True)
    try:
        at = time(int(match["h"]), int(match["m"]))
    except ValueError as exc:
        raise ImproperlyConfigured(f"TORGET_SCHEDULES: {schedule.key}={value!r}") from exc
    return replace(schedule, every=timedelta(days=1), at=at, enabled=True)


def schedules() -> list[Schedule]:
    """Every registered schedule, as the settings leave it (switched-off ones included,
    with `enabled=False`). Raises ImproperlyConfigured for a bad or unknown override."""
    overrides = _overrides()
    unknown = sorted(set(overrides) - set(_schedules))
    if unknown:
        raise ImproperlyConfigured(f"TORGET_SCHEDULES names no schedule: {', '.join(unknown)}")
    return sorted(
        (_apply(s, overrides[s.key]) if s.key in overrides else s for s in _schedules.values()),
        key=lambda s: s.key,
    )


def schedule(key: str) -> Schedule | None:
    return next((s for s in schedules() if s.key == key), None)


def uses_worker() -> bool:
    """Whether jobs go to the database queue (a worker runs them), not run at once."""
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def enqueue(task_path: str, *args: Any, **kwargs: Any) -> None:
    """Queue `task(*args, **kwargs)` to run after the current transaction commits.

    The job is written in the current transaction (the worker sees it once it commits);
    with the immediate backend (tests) it runs at commit, in this thread."""
    import_string(task_path)  # a typo fails here, in the request, not later in the worker
    _enqueue(task_path, list(args), kwargs, request_id=requestid.get())


def _enqueue(
    task_path: str,
    args: list,
    kwargs: dict,
    *,
    request_id: str | None,
    attempt: int = 1,
    schedule_key: str = "",
    run_after: datetime | None = None,
) -> None:
    values: dict[str, Any] = {
        "path": task_path,
        "args": args,
        "kwargs": kwargs,
        "request_id": request_id,
        "attempt": attempt,
        "schedule": schedule_key,
    }
    if uses_worker():
        target = run.using(run_after=run_after) if run_after else run
        target.enqueue(**values)
    else:
        transaction.on_commit(lambda: run.enqueue(**values))


def _retry_delays() -> list[int]:
    return list(getattr(settings, "TORGET_JOB_RETRY_SECONDS", [60, 300]))


def max_attempts() -> int:
    return len(_retry_delays()) + 1


def _summary(value: Any) -> Any:
    """A job's return value as the queue stores it (JSON), or its text."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple) and all(
        isinstance(v, str | int | float | bool) for v in value
    ):
        return list(value)
    return repr(value)[:300]


@task()
def run(
    path: str,
    args: list,
    kwargs: dict,
    request_id: str | None = None,
    attempt: int = 1,
    schedule: str = "",
) -> Any:
    """The one task every job runs through: call `path(*args, **kwargs)` under the request
    id it was queued with (or a new one), retry a failure, record a schedule's result."""
    bound = request_id or f"job-{uuid.uuid4().hex[:12]}"
    with requestid.bind(bound):
        try:
            value = import_string(path)(*args, **kwargs)
        except Exception as exc:
            delays = _retry_delays()
            retrying = attempt <= len(delays) and uses_worker()
            logger.exception(
                "Job %s failed (attempt %s of %s)%s",
                path,
                attempt,
                max_attempts(),
                ", tried again later" if retrying else "",
            )
            if retrying:
                _enqueue(
                    path,
                    args,
                    kwargs,
                    request_id=request_id,
                    attempt=attempt + 1,
                    schedule_key=schedule,
                    run_after=timezone.now() + timedelta(seconds=delays[attempt - 1]),
                )
            if schedule:
                _schedule_finished(schedule, ok=False, result=f"{type(exc).__name__}: {exc}")
            raise
        summary = _summary(value)
        if schedule:
            _schedule_finished(schedule, ok=True, result="" if summary is None else str(summary))
        return summary


def _schedule_finished(key: str, *, ok: bool, result: str) -> None:
    from torget.core.models import ScheduleState

    ScheduleState.objects.filter(key=key).update(
        last_finished=timezone.now(), last_ok=ok, last_result=result[:300]
    )


def schedules_sync(now: datetime | None = None) -> None:
    """A row for every schedule (new ones run at their first time), and none for a
    schedule no longer registered."""
    from torget.core.models import ScheduleState

    now = now or timezone.now()
    current = schedules()
    known = set(ScheduleState.objects.values_list("key", flat=True))
    for s in current:
        if s.key not in known:
            ScheduleState.objects.get_or_create(
                key=s.key, defaults={"next_run": s.first_after(now)}
            )
        elif s.enabled and s.at is None:
            # A shorter interval than the one the next run was set by: not wait the old one.
            ScheduleState.objects.filter(key=s.key, next_run__gt=now + s.every).update(
                next_run=now + s.every
            )
    ScheduleState.objects.exclude(key__in=[s.key for s in current]).delete()


def schedules_due(now: datetime | None = None) -> list[str]:
    """Queue the run of every schedule that is due, and move its next run on. Several
    workers may call this at once: each run is queued by exactly one of them."""
    from torget.core.models import ScheduleState

    now = now or timezone.now()
    by_key = {s.key: s for s in schedules() if s.enabled}
    queued = []
    for state in ScheduleState.objects.filter(key__in=by_key, next_run__lte=now):
        s = by_key[state.key]
        with transaction.atomic():
            # Whoever moves next_run from the value read queues the run; the others' UPDATE
            # finds no row (the row lock makes them wait, then see the new value).
            claimed = ScheduleState.objects.filter(key=s.key, next_run=state.next_run).update(
                next_run=s.next_after(now), last_started=now
            )
            if claimed:
                _enqueue(
                    s.task,
                    [],
                    {},
                    request_id=f"schedule-{s.key}-{uuid.uuid4().hex[:8]}",
                    schedule_key=s.key,
                )
                queued.append(s.key)
    return queued


def run_now(key: str) -> None:
    """Queue a schedule's task at once (an administrator's "run now")."""
    s = schedule(key)
    if s is None:
        raise KeyError(key)
    _enqueue(s.task, [], {}, request_id=requestid.get(), schedule_key=s.key)
