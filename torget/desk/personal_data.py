"""The desk's personal data, in the personal-data registry (torget.core.personal_data)."""

from __future__ import annotations

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
