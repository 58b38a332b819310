"""`manage.py worker`: runs the queued jobs and the schedules (torget.core.jobs).

It is django-tasks-db's worker (claiming a job with a row lock, `SELECT … FOR UPDATE SKIP
LOCKED` on PostgreSQL and an exclusive transaction on SQLite; running it; recording its
result) with what Torget adds around it: each loop queues the schedules that are due, a
heartbeat row says the worker is alive (/readyz reads it), and the job of a worker not seen
for TORGET_WORKER_STALE_SECONDS (killed, or its machine gone) is put back in the queue.

The heartbeat is written by a thread of the worker's own, so a long job does not make the
worker look dead.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import OperationalError, close_old_connections, connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker as LibraryWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from torget.core import jobs
from torget.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

SYNC_SECONDS = 60.0  # how often the schedule rows are made to match the registry


def stale_after() -> timedelta:
    return timedelta(seconds=max(1, settings.TORGET_WORKER_STALE_SECONDS))


def heartbeat_seconds() -> float:
    """A few beats within the stale time, at most every 5 seconds."""
    return min(5.0, stale_after().total_seconds() / 3)


class Worker(LibraryWorker):
    def __init__(
        self,
        *,
        interval: float = 1.0,
        once: bool = False,
        max_jobs: int | None = None,
        worker_id: str | None = None,
        schedules: bool = True,
    ) -> None:
        super().__init__(
            queue_names=["*"],
            interval=interval,
            batch=once,
            backend_name="default",
            startup_delay=False,
            max_tasks=max_jobs,
            worker_id=worker_id or get_random_string(32),
            excluded_queue_names=[],
        )
        self.run_schedules = schedules
        self._stop = threading.Event()
        self._last_sync = self._last_recover = time.monotonic()

    # --- heartbeat -------------------------------------------------------
    def beat(self) -> None:
        now = timezone.now()
        updated = WorkerHeartbeat.objects.filter(worker_id=self.worker_id).update(seen=now)
        if not updated:
            WorkerHeartbeat.objects.create(
                worker_id=self.worker_id,
                host=socket.gethostname()[:100],
                pid=os.getpid(),
                started=now,
                seen=now,
            )

    def _heartbeat_loop(self) -> None:
        while not self._stop.wait(heartbeat_seconds()):
            try:
                self.beat()
            except OperationalError:  # a locked SQLite file: the next beat will do
                logger.warning("Worker heartbeat not written", exc_info=True)
            finally:
                connections.close_all()

    # --- jobs of dead workers --------------------------------------------
    def recover(self) -> int:
        """Put back in the queue each job left running by a worker not seen lately (it
        was killed), and forget heartbeats a day old. Returns how many jobs went back."""
        cutoff = timezone.now() - stale_after()
        alive = set(
            WorkerHeartbeat.objects.filter(seen__gte=cutoff).values_list("worker_id", flat=True)
        )
        recovered = 0
        for job in DBTaskResult.objects.running().filter(backend_name=self.backend_name):
            owner = job.worker_ids[-1] if job.worker_ids else None
            if owner in alive or owner == self.worker_id:
                continue
            if job.started_at and job.started_at > cutoff:
                continue  # just claimed by a worker whose first heartbeat is on its way
            # Only if nobody else put it back first (started_at changes with each claim).
            recovered += DBTaskResult.objects.filter(
                pk=job.pk, status="RUNNING", started_at=job.started_at
            ).update(status="READY", started_at=None)
            logger.warning("Job %s of worker %s (not seen since) queued again", job.pk, owner)
        WorkerHeartbeat.objects.filter(seen__lt=timezone.now() - timedelta(days=1)).delete()
        return recovered

    # --- the loop --------------------------------------------------------
    def claim(self) -> tuple[DBTaskResult | None, bool]:
        """The next ready job, claimed for this worker (None: none ready), and whether the
        queue could be read at all (a locked SQLite file: try again)."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        with exclusive_transaction(tasks.db):
            try:
                job = tasks.get_locked()
                if job is not None:
                    job.claim(self.worker_id)
                return job, True
            except OperationalError as exc:
                if is_locked_database_exception(exc):
                    return None, False
                raise

    def tick(self) -> None:
        """Now and then: jobs of dead workers back in the queue, the schedule rows made to
        match the registry. Each loop: queue the schedules that are due."""
        if time.monotonic() - self._last_recover > stale_after().total_seconds() / 2:
            self.recover()
            self._last_recover = time.monotonic()
        if not self.run_schedules:
            return
        if time.monotonic() - self._last_sync > SYNC_SECONDS:
            jobs.schedules_sync()
            self._last_sync = time.monotonic()
        try:
            jobs.schedules_due()
        except OperationalError as exc:
            if not is_locked_database_exception(exc):
                raise

    def run(self) -> None:
        jobs.schedules()  # a bad TORGET_SCHEDULES stops the worker here, with its reason
        self.beat()
        self.recover()
        if self.run_schedules:
            jobs.schedules_sync()
        beating = threading.Thread(
            target=self._heartbeat_loop, name="torget-worker-heartbeat", daemon=True
        )
        beating.start()
        logger.info("Worker %s started (pid %s)", self.worker_id, os.getpid())
        try:
            while self.running:
                close_old_connections()
                self.tick()
                job, read = self.claim()
                if job is not None:
                    self.run_task(job)
                if self.batch and read and job is None:
                    return
                if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                    return
                close_old_connections()
                if self.running and job is None:
                    time.sleep(self.interval)
        finally:
            self._stop.set()
            beating.join(timeout=heartbeat_seconds() + 1)
            # Gone: /readyz need not wait for the heartbeat to age.
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
            logger.info("Worker %s stopped", self.worker_id)
