"""Background work: jobs queued on commit, and schedules, as one registry apps fill.

An app never imports the worker. It queues work with
`enqueue("torget.access.jobs.push_grant", grant_id)` — a function's dotted path and
JSON-able arguments — and the job runs after the current transaction commits, in
`manage.py worker`, never in the request. Recurring work is declared in the app's
`AppConfig.ready()` with `register_schedule(Schedule(...))`; settings may change a
schedule's interval or switch it off.

Interim: until the worker lands, `enqueue` runs the job at commit in this process. The
test suite keeps that behaviour (jobs run at commit, deterministically), so tests of an
app's jobs need not start a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time, timedelta
from typing import Any

from django.db import transaction
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Schedule:
    """Recurring work: `task` is the dotted path of a function taking no arguments. It runs
    every `every`, or, with `at`, once a day at that local (Europe/Oslo) time."""

    key: str
    task: str
    label: Any  # a lazy translation, for the administrators' page
    every: timedelta = timedelta(days=1)
    at: time | None = None


_schedules: dict[str, Schedule] = {}


def register_schedule(schedule: Schedule) -> None:
    """Add (or replace, by key) a schedule."""
    _schedules[schedule.key] = schedule


def schedules() -> list[Schedule]:
    return sorted(_schedules.values(), key=lambda s: s.key)


def enqueue(task: str, *args: Any, **kwargs: Any) -> None:
    """Queue `task(*args, **kwargs)` to run after the current transaction commits."""
    func: Callable[..., Any] = import_string(task)
    transaction.on_commit(lambda: func(*args, **kwargs))
