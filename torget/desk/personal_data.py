"""The desk's personal data, in the personal-data registry (torget.core.personal_data)."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from torget.core import personal_data


def _callback_requests(user):
    from torget.desk.models import CallbackRequest

    # Asked at the kiosk without signing in: only the phone number, in its normal form.
    return CallbackRequest.objects.filter(personal_data.contact_rows(user, phone="phone"))


def callback_requests_export(user) -> list[dict]:
    from torget.desk.selectors import topic_labels

    topics = topic_labels()
    return [
        personal_data.row(
            {
                _("Hub"): str(request.hub),
                _("Phone"): request.phone,
                _("Topic"): topics.get(request.topic, request.topic),
                _("Status"): request.get_status_display(),
                _("Asked"): request.created,
            }
        )
        for request in _callback_requests(user).select_related("hub").order_by("created")
    ]


def callback_requests_erase(user) -> int:
    """The number blanked and the request closed (nobody left to call); the row stays until
    the period purge deletes it, so the key figure counting requests does not change."""
    from torget.desk.models import CallbackStatus

    return _callback_requests(user).update(phone="", status=CallbackStatus.RESOLVED)


def _notes_naming(user):
    """Inquiry notes that name the person: their full name (first and last together, so a
    first name alone does not catch strangers), e-mail address or phone number. A note must
    not identify anyone, but one might; found this way, it goes with the person."""
    from django.db.models import Q

    from torget.desk.models import Inquiry

    found = Q(pk__in=[])
    words = user.get_full_name().split()
    if len(words) >= 2:  # "Ingrid  Innbygger" or across a line break is her too
        found |= Q(note__iregex=r"\s+".join(re.escape(word) for word in words))
    if user.email:
        found |= Q(note__icontains=user.email)
    for form in personal_data.phone_forms(user.phone):
        if len(form) >= 8:  # a number, not a fragment of one
            found |= Q(note__icontains=form)
    return Inquiry.objects.exclude(note="").filter(found)


def inquiry_notes_export(user) -> list[dict]:
    from torget.desk.selectors import topic_labels

    topics = topic_labels()
    return [
        personal_data.row(
            {
                _("Hub"): str(inquiry.hub),
                _("Topic"): topics.get(inquiry.topic, inquiry.topic),
                _("Note"): inquiry.note,
                _("Asked"): inquiry.occurred_at,
            }
        )
        for inquiry in _notes_naming(user).select_related("hub").order_by("occurred_at")
    ]


def inquiry_notes_erase(user) -> int:
    """The notes blanked; the inquiry stays, as it counts in the key figures."""
    return _notes_naming(user).update(note="")


def register() -> None:
    from torget.desk.services import callback_requests_purge, inquiry_notes_purge

    personal_data.register(
        "desk.inquiry_notes",
        model="desk.Inquiry",
        fields=("note",),
        description=_(
            "Inquiries at the hubs: an optional free-text note, which must not identify "
            "anyone but might. It is blanked after the period; the topic and channel stay."
        ),
        retention="TORGET_INQUIRY_NOTE_RETENTION_DAYS",
        purpose=_("To follow up the inquiry."),
        erase=lambda days: inquiry_notes_purge(older_than_days=days),
        export=inquiry_notes_export,
        erase_person=inquiry_notes_erase,
    )
    personal_data.register(
        "desk.callback_requests",
        model="desk.CallbackRequest",
        fields=("phone",),
        description=_(
            "Requests to be called back, from the kiosk: the phone number. The request is "
            "deleted after the period."
        ),
        retention="TORGET_CALLBACK_RETENTION_DAYS",
        purpose=_("To call you back."),
        period=_("%(period)s after the request"),
        erase=lambda days: callback_requests_purge(older_than_days=days),
        export=callback_requests_export,
        erase_person=callback_requests_erase,
    )
