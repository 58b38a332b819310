"""Code lists on pages: stable codes in, translated labels out.

{% load codes %}
{{ code|module_label }}  {{ space.zone|zone_label }}  {% zones spaces_by_zone as zone_list %}
"""

from datetime import datetime, timedelta

from django import template
from django.db import models
from django.utils import timezone

from torget.places.codes import (
    ZONE_DESCRIPTIONS,
    Feature,
    HoursKind,
    ModuleCode,
    NoticeLevel,
    SpaceKind,
    Zone,
)

register = template.Library()

# Designsystemet's data-color for each notice level.
NOTICE_COLORS = {
    NoticeLevel.CLOSED: "danger",
    NoticeLevel.WARNING: "warning",
    NoticeLevel.INFO: "info",
}


def _label(choices: type[models.TextChoices], code: str | None) -> str:
    if not code:
        return ""
    try:
        return str(choices(code).label)
    except ValueError:  # a code this version does not know: show it rather than fail the page
        return str(code)


@register.filter
def module_label(code: str) -> str:
    return _label(ModuleCode, code)


@register.filter
def feature_label(code: str) -> str:
    return _label(Feature, code)


@register.filter
def space_kind_label(code: str) -> str:
    return _label(SpaceKind, code)


@register.filter
def zone_label(code: str) -> str:
    return _label(Zone, code)


@register.filter
def hours_kind_label(code: str) -> str:
    return _label(HoursKind, code)


@register.filter
def notice_color(level: str) -> str:
    return NOTICE_COLORS.get(level, "info")  # type: ignore[call-overload]


@register.simple_tag
def zones(spaces_by_zone: dict[str, list]) -> list[dict]:
    """The zones that have spaces, in the concept's order, with label and description."""
    return [
        {
            "code": zone.value,
            "label": zone.label,
            "description": ZONE_DESCRIPTIONS.get(zone, ""),
            "spaces": spaces_by_zone[zone.value],
        }
        for zone in Zone
        if spaces_by_zone.get(zone.value)
    ]


@register.filter
def hours_for(day: dict, kind: str):
    """`day|hours_for:"staffed"`: one kind's DayHours from a day's kind → hours mapping."""
    return day.get(kind)


@register.filter
def end_clock(value: datetime | None) -> str:
    """An interval's end as a wall clock; midnight at the end of the day reads 24:00."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    if local.hour == 0 and local.minute == 0:
        return "24:00"
    return local.strftime("%H:%M")


@register.filter
def is_today(value) -> bool:
    return value == timezone.localdate()


@register.filter
def is_tomorrow(value) -> bool:
    return value == timezone.localdate() + timedelta(days=1)


@register.filter
def local_date(value: datetime | None):
    return timezone.localdate(value) if value is not None else None
