"""Pages every municipality needs: health check, accessibility statement, privacy notice."""

from datetime import date

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from torget.core import personal_data


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # the database did not answer: that is what this endpoint reports
        return JsonResponse({"status": "unavailable", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})


_migrated = False  # once every migration is applied, it stays so for this process


def _migrations_applied() -> bool:
    global _migrated
    if not _migrated:
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connection)
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrated


def _worker_state() -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from torget.core.models import WorkerHeartbeat

    max_age = settings.TORGET_WORKER_READY_SECONDS
    seen = WorkerHeartbeat.objects.order_by("-seen").values_list("seen", flat=True).first()
    state: dict = {"required": max_age > 0, "last_seen": seen.isoformat() if seen else None}
    if max_age <= 0:
        state["ok"], state["detail"] = True, "not required (TORGET_WORKER_READY_SECONDS=0)"
    elif seen is None:
        state["ok"], state["detail"] = False, "no worker seen: start manage.py worker"
    else:
        state["ok"] = timezone.now() - seen <= timedelta(seconds=max_age)
        state["detail"] = "seen lately" if state["ok"] else f"not seen for over {max_age} s"
    return state


@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """Ready to serve everything: the database answers, every migration is applied and a
    worker was seen lately (it sends the outbox). 503 otherwise, with what is missing.
    For monitoring and deploys; the balancer asks the cheaper /healthz."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        migrations = _migrations_applied()
        worker = _worker_state()
    except Exception:  # the database did not answer (or lacks the tables): not ready
        return JsonResponse({"status": "unavailable", "database": False}, status=503)
    ready = migrations and worker["ok"]
    return JsonResponse(
        {
            "status": "ok" if ready else "unavailable",
            "database": True,
            "migrations": migrations,
            "worker": worker,
        },
        status=200 if ready else 503,
    )


# Change these when the statement or the notice is reviewed (they are shown on the pages).
ACCESSIBILITY_STATEMENT_DATE = date(2026, 11, 23)
PRIVACY_NOTICE_DATE = date(2026, 12, 7)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/accessibility.html",
        {
            "feedback_email": settings.TORGET_FEEDBACK_EMAIL,
            "statement_date": ACCESSIBILITY_STATEMENT_DATE,
        },
    )


def privacy(request: HttpRequest) -> HttpResponse:
    # The kinds and periods come from the registry the daily purge runs, so the notice
    # says what Torget does; the cookies' names and lifetimes from the settings.
    return render(
        request,
        "core/privacy.html",
        {
            "contact_email": settings.TORGET_FEEDBACK_EMAIL,
            "notice_date": PRIVACY_NOTICE_DATE,
            "kinds": personal_data.kinds(),
            "session_cookie": settings.SESSION_COOKIE_NAME,
            "session_period": _seconds(settings.SESSION_COOKIE_AGE),
            "csrf_cookie": settings.CSRF_COOKIE_NAME,
            "csrf_period": _seconds(settings.CSRF_COOKIE_AGE),
            "language_cookie": settings.LANGUAGE_COOKIE_NAME,
            "language_period": _seconds(settings.LANGUAGE_COOKIE_AGE),
            # Django's default message storage keeps a short note ("Saved") in a cookie.
            "messages_cookie": CookieStorage.cookie_name
            if settings.MESSAGE_STORAGE.endswith(("FallbackStorage", "CookieStorage"))
            else "",
        },
    )


def _seconds(age: int | None) -> str:
    """A cookie's lifetime in words; None: it goes when the browser is closed."""
    if age is None:
        return ""
    return personal_data.duration(max(1, round(age / 86400)))
