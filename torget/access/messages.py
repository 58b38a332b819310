"""Messages about a meråpent agreement to the person it is for (queued in the outbox, in
the same transaction as the change, in the person's language)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from torget.access.models import SelfServiceAgreement
from torget.core.templatetags.torget import day as format_date
from torget.notifications.models import Channel
from torget.notifications.services import message_queue

REVOKED = "access.revoked"
EXPIRED = "access.expired"


def _recipient(agreement: SelfServiceAgreement) -> tuple[str, str, str] | None:
    """(channel, address, language), or None when there is nobody to tell."""
    user = agreement.user
    language = user.preferred_language if user is not None else "nb"
    email = (user.email if user is not None else "") or agreement.email
    phone = (user.phone if user is not None else "") or agreement.phone
    if email:
        return Channel.EMAIL, email, language
    if phone:
        return Channel.SMS, phone, language
    return None


def tell(agreement: SelfServiceAgreement, template: str, *, hub_id: int, reason: str = "") -> None:
    found = _recipient(agreement)
    if found is None:
        return
    channel, to, language = found
    with translation.override(language):
        if template == REVOKED:
            subject = gettext("Your meråpent access is revoked")
            lead = gettext(
                "Your meråpent agreement is revoked: your card no longer opens the doors "
                "outside staffed hours."
            )
        else:
            subject = gettext("Your meråpent agreement has expired")
            lead = gettext(
                "Your meråpent agreement ended on %(day)s. Renew it at the desk to keep "
                "access outside staffed hours."
            ) % {"day": format_date(agreement.valid_until)}
        paragraphs = [gettext("Hello,"), lead]
        if reason:
            paragraphs.append(f"{gettext('Reason')}: {reason}")
        paragraphs.append(settings.TORGET_MUNICIPALITY)
        body = "\n\n".join(paragraphs)
    message_queue(
        channel=channel,
        to=to,
        subject=subject if channel == Channel.EMAIL else "",
        body=body + "\n",
        key=f"access-agreement-{agreement.pk}-{agreement.valid_until:%Y%m%d}",
        template=template,
        hub_id=hub_id,
    )
