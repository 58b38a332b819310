"""The bare endpoints benchmarks compare against: Django's smallest JSON answer, and (for
`make bench` only) the smallest insert — the ceiling a write through Django can reach on
this machine, which the booking target is stated against ("half the bare-insert limit")."""

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

# Made by bench/run.py in the benchmark's own database; never in a migration.
BENCH_TABLE = "bench_ping"


def ping(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


@csrf_exempt
@require_POST
def ping_insert(request: HttpRequest) -> JsonResponse:
    """One row, one statement, committed on its own (autocommit)."""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {BENCH_TABLE} (at) VALUES (CURRENT_TIMESTAMP)")  # noqa: S608
    return JsonResponse({"ok": True}, status=201)
