"""`manage.py worker`: run queued jobs and the schedules until stopped (SIGTERM or Ctrl+C
lets the job in hand finish). Run one or more; docs/deploy.md, "The worker"."""

from django.core.management.base import BaseCommand, CommandError

from torget.core.siteurl import refuse_missing_site_url


class Command(BaseCommand):
    help = "Run queued jobs (the outbox, reminders, purges) and the schedules."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="queue the schedules that are due, run every ready job, then stop",
        )
        parser.add_argument(
            "--max-jobs", type=int, default=None, help="stop after running this many jobs"
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="seconds to wait when there is nothing to do (default 1)",
        )
        parser.add_argument(
            "--no-schedules",
            action="store_true",
            help="run queued jobs only, never queue a schedule's run",
        )
        parser.add_argument("--worker-id", default=None, help="a name unique among the workers")

    def handle(self, *args, once, max_jobs, interval, no_schedules, worker_id, **options):
        from torget.core import jobs
        from torget.core.worker import Worker

        refuse_missing_site_url()  # jobs compose messages with links
        if not jobs.uses_worker():
            raise CommandError("TASKS' default backend is not the database: nothing to run")
        if max_jobs is not None and max_jobs < 1:
            raise CommandError("--max-jobs must be 1 or more")
        if interval < 0:
            raise CommandError("--interval must be 0 or more")
        if worker_id is not None and not 0 < len(worker_id) <= 64:
            raise CommandError("--worker-id: 1 to 64 characters")
        worker = Worker(
            interval=interval,
            once=once,
            max_jobs=max_jobs,
            worker_id=worker_id,
            schedules=not no_schedules,
        )
        if not once and max_jobs is None:
            worker.configure_signals()
        worker.run()
