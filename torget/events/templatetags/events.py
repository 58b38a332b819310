from datetime import date

from django import template
from django.utils.translation import get_language

from torget.core.templatetags.torget import weekday_date

register = template.Library()


@register.filter
def weekday_in_sentence(value: date) -> str:
    """`mandag 23. november` after "I dag, " (Norwegian weekdays are lowercase)."""
    text = weekday_date(value)
    if (get_language() or "nb").startswith("en"):
        return text
    return text[:1].lower() + text[1:]
