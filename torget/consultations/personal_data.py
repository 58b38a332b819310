"""Respondents' names and contacts, in the personal-data registry (torget.core.personal_data)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from torget.core import personal_data


def _identities(user):
    from torget.consultations.models import Identity

    # A respondent gives a name and an e-mail address or phone number, without signing in:
    # found by the account's address or number in the contact.
    return Identity.objects.filter(
        personal_data.contact_rows(user, email="contact", phone="contact")
    ).select_related("response__consultation")


def identities_export(user) -> list[dict]:
    return [
        personal_data.row(
            {
                _("Consultation"): identity.response.consultation.title,
                _("Name"): identity.name,
                _("Contact"): identity.contact,
                _("Answered"): identity.response.submitted,
            }
        )
        for identity in _identities(user).order_by("response__submitted")
    ]


def identities_erase(user) -> int:
    # Deleted, as the period purge deletes them; the answers stay, anonymous.
    return _identities(user).delete()[1].get("consultations.Identity", 0)


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
        export=identities_export,
        erase_person=identities_erase,
    )
