"""Meråpent's personal data in the registry (torget.core.personal_data), and its daily
purge as a schedule (torget.core.jobs)."""

from __future__ import annotations

from datetime import time

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from torget.core import personal_data
from torget.core.jobs import Schedule, register_schedule


def _agreements(user):
    from torget.access.models import SelfServiceAgreement

    return SelfServiceAgreement.objects.filter(
        Q(user=user) | personal_data.contact_rows(user, email="email", phone="phone")
    ).prefetch_related("hubs")


def agreements_export(user) -> list[dict]:
    return [
        personal_data.row(
            {
                _("Hubs"): ", ".join(h.name for h in a.hubs.all()),
                _("Name"): a.name,
                _("Phone"): a.phone,
                _("E-mail"): a.email,
                _("ID checked"): _("yes") if a.id_checked else _("no"),
                _("Age limit met"): a.age_limit_met,
                _("Agreement version accepted"): a.agreement_version,
                _("Valid from"): a.valid_from,
                _("Valid until"): a.valid_until,
                _("Revoked"): a.revoked_at,
                _("Reason for revoking"): a.revoke_reason,
                _("Card"): _("stored only as a keyed hash"),
            }
        )
        for a in _agreements(user).order_by("created")
    ]


def agreements_erase(user) -> int:
    """Erasing a person's agreement ends it: the card no longer opens anything."""
    return _agreements(user).delete()[1].get("access.SelfServiceAgreement", 0)


def _entries(user):
    from torget.access.models import EntryAttempt

    refs = list(_agreements(user).values_list("ref", flat=True))
    return EntryAttempt.objects.filter(Q(grant_ref__in=refs) | Q(opened_by=user))


def entries_export(user) -> list[dict]:
    return [
        personal_data.row(
            {
                _("Door"): str(e.door),
                _("Time"): e.at,
                _("Allowed"): _("yes") if e.allowed else _("no"),
                _("Reason code"): e.result_code,
            }
        )
        for e in _entries(user).select_related("door__hub").order_by("at")
    ]


def entries_erase(user) -> int:
    from torget.access.services import visits_tally

    visits_tally()  # the month's count keeps them, without anyone
    return _entries(user).delete()[1].get("access.EntryAttempt", 0)


def register() -> None:
    from torget.access import services

    # Named to sort after "access.entry_log": a person's erasure runs kinds by name, and
    # the log finds the person's entries through their agreements.
    personal_data.register(
        "access.self_service_agreements",
        model="access.SelfServiceAgreement",
        fields=(
            "user",
            "name",
            "phone",
            "email",
            "credential_hash",
            "pin_hash",
            "revoke_reason",
            "id_checked_by",
            "age_checked_by",
        ),
        description=_(
            "Meråpent agreements: who may enter a hub outside staffed hours — the person's "
            "name and phone or e-mail (or account), that their ID and age were checked "
            "(never the ID number or birth date), the card as a keyed hash and the PIN as a "
            "slow hash. Deleted when the period after the agreement ended has passed."
        ),
        retention="TORGET_ACCESS_AGREEMENT_RETENTION_DAYS",
        purpose=_("To let you in outside staffed hours, and only you."),
        period=_("%(period)s after the agreement ends"),
        erase=services.agreements_purge,
        export=agreements_export,
        erase_person=agreements_erase,
    )
    personal_data.register(
        "access.entry_log",
        model="access.EntryAttempt",
        fields=("grant_ref", "opened_by"),
        description=_(
            "The entry log: each try at a door, allowed or refused, with the time and the "
            "opaque id of the agreement or booking code (never the code or card itself). "
            "Entries in self-service hours are counted per month first (without anyone)."
        ),
        retention="TORGET_ACCESS_LOG_RETENTION_DAYS",
        purpose=_("Safety and fire safety in unstaffed hours, and to stop misuse."),
        erase=services.entry_log_purge,
        export=entries_export,
        erase_person=entries_erase,
    )
    register_schedule(
        Schedule(
            key="access.purge",
            task="torget.access.services.access_purge",
            label=_("Meråpent: expire agreements, count visits, purge the entry log"),
            at=time(3, 20),
        )
    )
