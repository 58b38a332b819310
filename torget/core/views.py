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
