"""The bare endpoint benchmarks compare against: Django's smallest JSON answer."""

from django.http import HttpRequest, JsonResponse


def ping(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})
