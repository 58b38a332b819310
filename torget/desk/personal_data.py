"""The desk's personal data, in the personal-data registry (torget.core.personal_data)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from torget.core import personal_data


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
    )
