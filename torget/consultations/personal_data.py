"""Respondents' names and contacts, in the personal-data registry (torget.core.personal_data)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from torget.core import personal_data


def register() -> None:
    from torget.consultations.services import identities_purge

    personal_data.register(
        "consultations.identities",
        model="consultations.Identity",
        fields=("name", "contact"),
        description=_(
            "Citizen input: the name and e-mail address or phone number a respondent chose "
            "to give. They are deleted when the period after the consultation closes is "
            "over (the date is set when it closes); the answers stay, anonymous."
        ),
        retention="TORGET_CONSULTATION_IDENTITY_RETENTION_DAYS",
        purpose=_("To contact you about your input, when you chose to give a name or contact."),
        period=_("until %(period)s after the consultation closes"),
        # Each consultation's deletion date was fixed from the period when it closed.
        erase=lambda days: identities_purge(),
    )
