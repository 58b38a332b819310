"""The worker (torget.core.jobs, torget.core.worker): jobs queued with the work that made
them, run once by one worker, retried with backoff; schedules queued once per run; a worker
killed with SIGKILL mid-send leaves nothing unsent and sends at most the one message in
hand again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from torget.core import jobs, requestid
from torget.core.models import ScheduleState, WorkerHeartbeat
from torget.core.worker import Worker

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ROOT = Path(__file__).resolve().parents[3]

seen: list[tuple] = []


def remember(value, request_id_wanted=False):
    seen.append((value, requestid.get()) if request_id_wanted else (value,))
    return value


def fail(value):
    raise RuntimeError(f"no good: {value}")


def slow(value):
    time.sleep(0.02)
    return value


@pytest.fixture
def queue_in_database():
    seen.clear()
    with override_settings(TASKS=DATABASE_QUEUE):
        yield


@pytest.mark.django_db
def test_tests_run_jobs_at_commit(django_capture_on_commit_callbacks):
    seen.clear()
    with django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue("torget.core.tests.test_worker.remember", 1)
        assert seen == []
    assert seen == [(1,)]
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_job_is_queued_with_its_transaction_and_runs_under_its_request_id(queue_in_database):
    with requestid.bind("req-42"), transaction.atomic():
        jobs.enqueue("torget.core.tests.test_worker.remember", "kept", True)
    with pytest.raises(RuntimeError), transaction.atomic():
        jobs.enqueue("torget.core.tests.test_worker.remember", "rolled back")
        raise RuntimeError
    assert DBTaskResult.objects.count() == 1
    assert seen == []  # nothing runs in the request
    call_command("worker", "--once", "--no-schedules")
    assert seen == [("kept", "req-42")]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert not WorkerHeartbeat.objects.exists()  # a stopped worker says so


@pytest.mark.django_db(transaction=True)
def test_a_typo_fails_in_the_request_not_in_the_worker(queue_in_database):
    with pytest.raises(ImportError):
        jobs.enqueue("torget.core.tests.test_worker.no_such_job")
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_failed_job_is_tried_three_times_with_backoff_then_listed(
    queue_in_database, client, personas
):
    jobs.enqueue("torget.core.tests.test_worker.fail", "x")
    start = timezone.now()
    Worker(once=True, schedules=False).run()
    first = DBTaskResult.objects.get(status="FAILED")
    assert "no good: x" in first.traceback
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert timedelta(seconds=55) < retry.run_after - start < timedelta(seconds=65)
    # Not before its time; then the third attempt after five minutes, and no fourth.
    Worker(once=True, schedules=False).run()
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    for _ in range(2):
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        Worker(once=True, schedules=False).run()
    assert DBTaskResult.objects.filter(status="FAILED").count() == 3
    assert not DBTaskResult.objects.filter(status="READY").exists()

    # Administrators see the failed jobs; hub staff do not.
    client.force_login(personas.admin)
    page = client.get("/staff/django_tasks_database/dbtaskresult/?status__exact=FAILED")
    assert page.status_code == 200
    text = page.content.decode()
    assert "torget.core.tests.test_worker.fail" in text
    assert "3 / 3" in text
    client.force_login(personas.desk_holmen)
    assert client.get("/staff/django_tasks_database/dbtaskresult/").status_code == 403


def test_schedule_times_are_oslo_times_and_settings_change_them(settings):
    daily = jobs.Schedule("x.daily", "torget.core.tests.test_worker.remember", "x", at=None)
    at_three = jobs.Schedule(
        "x.night", "torget.core.tests.test_worker.remember", "x", at=datetime(2000, 1, 1, 3).time()
    )
    # 23:30 UTC on 28 March 2027 is 01:30 in Oslo (summer time from 02:00): 03:00 the same
    # Oslo day, which is 01:00 UTC.
    after = datetime(2027, 3, 28, 23, 30, tzinfo=UTC)
    assert at_three.next_after(after) == datetime(2027, 3, 29, 1, 0, tzinfo=UTC)
    assert daily.next_after(after) == after + timedelta(days=1)

    settings.TORGET_SCHEDULES = "outbox.sweep=30s, personal_data.purge=02:15,booking.reminders=off"
    by_key = {s.key: s for s in jobs.schedules()}
    assert by_key["outbox.sweep"].every == timedelta(seconds=30)
    assert by_key["personal_data.purge"].at.strftime("%H:%M") == "02:15"
    assert by_key["booking.reminders"].enabled is False
    assert by_key["events.reminders"].enabled is True
    for bad in ("outbox.sweep=soon", "outbox.sweep=25:00", "no.such=1h"):
        settings.TORGET_SCHEDULES = bad
        with pytest.raises(ImproperlyConfigured):
            jobs.schedules()


@pytest.mark.django_db(transaction=True)
def test_every_app_schedules_its_daily_work_and_each_run_is_queued_once(
    queue_in_database, settings
):
    keys = {s.key for s in jobs.schedules()}
    assert {
        "outbox.sweep",
        "booking.reminders",
        "events.reminders",
        "appointments.reminders",
        "personal_data.purge",
        "jobs.prune",
    } <= keys
    settings.TORGET_SCHEDULES = "booking.reminders=off"
    jobs.schedules_sync()
    assert set(ScheduleState.objects.values_list("key", flat=True)) == keys
    sweep = ScheduleState.objects.get(key="outbox.sweep")
    assert sweep.next_run <= timezone.now()  # an interval schedule runs at once
    ScheduleState.objects.update(next_run=timezone.now() - timedelta(seconds=1))
    queued = jobs.schedules_due()
    assert jobs.schedules_due() == []  # a second worker finds nothing left to queue
    assert "booking.reminders" not in queued and "personal_data.purge" in queued
    assert DBTaskResult.objects.count() == len(queued)

    Worker(once=True, schedules=False).run()
    purge = ScheduleState.objects.get(key="personal_data.purge")
    assert purge.last_ok is True and purge.last_result.endswith("erased")
    # A daily schedule waits for its time of day: later today or tomorrow, never at once
    # (an hour's margin failed within the hour before its time).
    assert timezone.now() < purge.next_run <= timezone.now() + timedelta(days=1)
    assert ScheduleState.objects.get(key="outbox.sweep").last_result == "sent 0, not sent 0"


@pytest.mark.django_db(transaction=True)
def test_the_schedules_page_is_for_administrators(queue_in_database, client, personas):
    jobs.schedules_sync()
    client.force_login(personas.admin)
    page = client.get("/staff/core/schedulestate/")
    assert page.status_code == 200
    assert "personal_data.purge" in page.content.decode()
    response = client.post(
        "/staff/core/schedulestate/",
        {"action": "run_now", "_selected_action": ["personal_data.purge"]},
    )
    assert response.status_code == 302
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    client.force_login(personas.desk_holmen)
    assert client.get("/staff/core/schedulestate/").status_code == 403


def _work(results: list, worker_id: str) -> None:
    try:
        worker = Worker(once=True, schedules=False, worker_id=worker_id)
        worker.run()
        results.append(worker._run_tasks)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_two_workers_run_disjoint_jobs(queue_in_database):
    for n in range(40):
        jobs.enqueue("torget.core.tests.test_worker.slow", n)
    results: list[int] = []
    threads = [threading.Thread(target=_work, args=(results, f"w{i}")) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(results) and sum(results) == 40
    rows = list(DBTaskResult.objects.all())
    assert all(r.status == "SUCCESSFUL" and len(r.worker_ids) == 1 for r in rows)
    assert sorted(r.return_value for r in rows) == list(range(40))
    if connection.vendor == "postgresql":  # SQLite runs one writer at a time anyway
        assert min(results) > 0, results


@pytest.mark.django_db(transaction=True)
def test_the_job_of_a_dead_worker_runs_again(queue_in_database):
    jobs.enqueue("torget.core.tests.test_worker.remember", "again")
    job = DBTaskResult.objects.get()
    long_ago = timezone.now() - timedelta(hours=1)
    DBTaskResult.objects.filter(pk=job.pk).update(
        status="RUNNING", started_at=long_ago, worker_ids=["gone"]
    )
    WorkerHeartbeat.objects.create(
        worker_id="gone", host="x", pid=1, started=long_ago, seen=long_ago
    )
    Worker(once=True, schedules=False).run()
    assert seen == [("again",)]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_readyz_asks_for_migrations_and_a_recent_worker(client, settings):
    answer = client.get("/readyz")
    assert answer.status_code == 503
    body = answer.json()
    assert body["database"] is True and body["migrations"] is True
    assert body["worker"]["ok"] is False and "manage.py worker" in body["worker"]["detail"]
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="w", host="h", pid=1, started=now, seen=now)
    assert client.get("/readyz").json()["status"] == "ok"
    WorkerHeartbeat.objects.update(seen=now - timedelta(minutes=10))
    assert client.get("/readyz").status_code == 503
    settings.TORGET_WORKER_READY_SECONDS = 0
    answer = client.get("/readyz")
    assert answer.status_code == 200 and answer.json()["worker"]["required"] is False
    with mock.patch("torget.core.views._migrations_applied", return_value=False):
        assert client.get("/readyz").status_code == 503
    assert client.get("/healthz").status_code == 200


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    user = s["USER"] or ""
    return f"postgresql://{user}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _start_worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_leaves_nothing_unsent_and_sends_at_most_one_twice(
    queue_in_database, tmp_path
):
    from torget.notifications.models import Message, MessageStatus
    from torget.notifications.services import message_queue

    count = 8
    with transaction.atomic():
        for n in range(count):
            message_queue(
                channel="email",
                to=f"p{n}@example.no",
                subject="Påminnelse",
                body="Hei",
                key=f"kill:{n}",
                template="test.kill",
            )
    sent_file = tmp_path / "sent.txt"
    sent_file.touch()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "EMAIL_BACKEND": "torget.core.tests.slow_mail.EmailBackend",
        "TORGET_TEST_MAIL_FILE": str(sent_file),
        "TORGET_TEST_MAIL_DELAY": "0.4",
        "TORGET_OUTBOX_LEASE_SECONDS": "2",
        "TORGET_WORKER_STALE_SECONDS": "2",
        "TORGET_SCHEDULES": "outbox.sweep=1s",
        "TORGET_SITE_URL": "http://127.0.0.1:8000",
    }

    def lines() -> list[str]:
        return sent_file.read_text().split()

    worker = _start_worker(env)
    try:
        assert _wait(lambda: len(lines()) >= 3, 30), worker.stderr
        time.sleep(0.2)  # mid-send: the next message is in hand
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        at_kill = len(lines())
        assert at_kill < count, "the worker sent everything before it was killed"

        worker = _start_worker(env)

        def all_sent() -> bool:
            statuses = Message.objects.filter(template="test.kill").values_list("status", flat=True)
            return set(statuses) == {MessageStatus.SENT}

        assert _wait(all_sent, 45)
        assert _wait(
            lambda: (
                not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"])
                .exclude(args_kwargs__kwargs__schedule="outbox.sweep")
                .exists()
            ),
            15,
        )
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(10)
        except subprocess.TimeoutExpired:
            worker.kill()
    times = Counter(lines())
    assert set(times) == {f"p{n}@example.no" for n in range(count)}
    twice = [to for to, n in times.items() if n > 1]
    assert len(twice) <= 1 and max(times.values()) <= 2, times
