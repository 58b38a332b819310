from django.conf import settings
from django.http import HttpRequest


def torget(request: HttpRequest) -> dict:
    return {
        "concept_name": settings.TORGET_CONCEPT_NAME,
        "concept_name_plural": settings.TORGET_CONCEPT_NAME_PLURAL,
        "municipality": settings.TORGET_MUNICIPALITY,
        "demo_mode": settings.TORGET_DEMO,
    }
