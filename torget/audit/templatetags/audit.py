from typing import Any

from django import template

from torget.audit import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def audit_history(context: dict[str, Any], obj: Any) -> list:
    """The audit log of `obj` for the history page, administrators only (else empty)."""
    request = context.get("request")
    if request is None or obj is None:
        return []
    entries = selectors.entries_for_object(request.user, obj)[: selectors.HISTORY_ROWS]
    return [(entry, selectors.changes(entry)) for entry in entries]


@register.filter
def audit_action(entry: Any) -> str:
    return selectors.action(entry)
