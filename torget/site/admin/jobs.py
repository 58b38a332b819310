"""The worker in the back office, for administrators: the schedules with their last run and
result (and "run now"), and the queue's jobs, the failed ones first of all."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from torget.core import jobs
from torget.core.models import ScheduleState
from torget.places.backoffice import NOBODY, BackOfficeRules

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class JobAdmin(BackOfficeRules, DBTaskResultAdmin):
    change_by = add_by = delete_by = NOBODY
    list_display: tuple[str, ...] = (  # type: ignore[assignment]
        "job",
        "status",
        "attempt",
        "enqueued_at",
        "started_at",
        "finished_at",
        "exception_class_path",
    )
    search_fields = ("args_kwargs",)
    actions = ("run_again",)

    @admin.display(description=_("job"))
    def job(self, obj: DBTaskResult) -> str:
        return str(obj.args_kwargs.get("kwargs", {}).get("path", obj.task_path))

    @admin.display(description=_("attempt"))
    def attempt(self, obj: DBTaskResult) -> str:
        return f"{obj.args_kwargs.get('kwargs', {}).get('attempt', 1)} / {jobs.max_attempts()}"

    @admin.action(description=_("Run the selected failed jobs again"))
    def run_again(self, request, queryset) -> None:
        again = 0
        for row in queryset.filter(status="FAILED"):
            values = row.args_kwargs.get("kwargs", {})
            if "path" in values:
                jobs.run.enqueue(**{**values, "attempt": 1})
                again += 1
        self.message_user(request, _("Queued again: %(n)s") % {"n": again}, messages.SUCCESS)


@admin.register(ScheduleState)
class ScheduleAdmin(BackOfficeRules, admin.ModelAdmin):
    change_by = add_by = delete_by = NOBODY
    list_display = (
        "key",
        "label",
        "when",
        "next_run",
        "last_started",
        "last_finished",
        "last_ok",
        "last_result",
    )
    fields = list_display
    readonly_fields = list_display
    actions = ("run_now",)

    @admin.display(description=_("what"))
    def label(self, obj: ScheduleState) -> str:
        s = jobs.schedule(obj.key)
        return str(s.label) if s else "–"

    @admin.display(description=_("when (TORGET_SCHEDULES)"))
    def when(self, obj: ScheduleState) -> str:
        s = jobs.schedule(obj.key)
        return s.describe() if s else "–"

    @admin.action(description=_("Run the selected schedules now"))
    def run_now(self, request, queryset) -> None:
        done = 0
        for state in queryset:
            try:
                jobs.run_now(state.key)
                done += 1
            except KeyError:
                pass
        self.message_user(request, _("Queued: %(n)s") % {"n": done}, messages.SUCCESS)
