"""Seasonal applications hold their applicants' accounts while their season is ahead
(the personal-data registry, torget.core.personal_data)."""

from __future__ import annotations

from datetime import datetime

from torget.core import personal_data


def register() -> None:
    from django.utils import timezone

    from torget.seasons.models import Application

    def applying_or_allocated(now: datetime):
        return Application.objects.filter(
            round__season_end__gte=timezone.localdate(now)
        ).values_list("submitted_by", flat=True)

    personal_data.hold_accounts(applying_or_allocated)
