"""Pages every municipality needs: health check, accessibility statement, privacy notice."""

from datetime import date

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


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
PRIVACY_NOTICE_DATE = date(2026, 11, 23)


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
    return render(
        request,
        "core/privacy.html",
        {"contact_email": settings.TORGET_FEEDBACK_EMAIL, "notice_date": PRIVACY_NOTICE_DATE},
    )
