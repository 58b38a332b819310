"""What the volunteering services share: text checked as every form and the API check it,
and the hub's staff told by e-mail."""

from __future__ import annotations

from django.utils.translation import gettext as _

from torget.core.errors import ValidationFailed
from torget.core.text import has_control_characters
from torget.notifications.models import Channel
from torget.notifications.services import message_queue
from torget.places.models import Hub


def fail(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, errors=[{"field": field, "message": message}])


def text(value: str, field: str, *, limit: int, required: bool = False, lines: bool = False) -> str:
    """The text stripped, or a refusal: required and empty, too long, or control characters
    (line breaks only where `lines`)."""
    value = (value or "").strip()
    if required and not value:
        raise fail(field, _("This field is required."))
    if len(value) > limit:
        raise fail(field, _("At most %(limit)s characters.") % {"limit": limit})
    if has_control_characters(value, multiline=lines):
        raise fail(
            field,
            _("The text contains a control character that is not allowed.")
            if lines
            else _("Line breaks, tabs and other control characters are not allowed here."),
        )
    return value


def tell_staff(hub: Hub, *, key: str, template: str, subject: str, body: str) -> None:
    """A notice to the hub's staff, at the hub's e-mail address (none when it has none)."""
    if hub.email:
        message_queue(
            channel=Channel.EMAIL,
            to=hub.email,
            subject=subject,
            body=body,
            key=key,
            template=template,
            hub_id=hub.pk,
        )


def tell_person(
    *, email: str, phone: str, hub: Hub, key: str, template: str, subject: str, body: str
) -> bool:
    """A message to a volunteer or a proposer: by e-mail when they gave one, else by SMS."""
    if email:
        channel, to = Channel.EMAIL, email
    elif phone:
        channel, to = Channel.SMS, phone
    else:
        return False
    message_queue(
        channel=channel,
        to=to,
        subject=subject,
        body=body,
        key=key,
        template=template,
        hub_id=hub.pk,
    )
    return True
