"""Volunteers, their sign-ups and initiatives' proposers in the personal-data registry
(torget.core.personal_data): what is kept, how long, and a person's export and erasure."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max, Q
from django.utils.translation import gettext_lazy as _

from torget.core import personal_data


def _volunteers_past(cutoff: datetime):
    """Volunteer profiles whose last shift (or, without shifts, the profile) is older than
    the cutoff."""
    from torget.volunteering.models import Volunteer

    return Volunteer.objects.annotate(last=Max("signups__shift_date__end")).filter(
        Q(last__lt=cutoff) | Q(last__isnull=True, created__lt=cutoff)
    )


def volunteer_export(user) -> list[dict]:
    from torget.volunteering.models import Volunteer

    return [
        personal_data.row(
            {
                _("Phone"): v.phone,
                _("E-mail"): v.email,
                _("What I like to do"): v.likes,
                _("Languages"): v.languages,
                _("Birth date"): v.birth_date,
                _("Police certificate seen on"): v.police_certificate_seen_on,
                _("Volunteer since"): v.created,
            }
        )
        for v in Volunteer.objects.filter(user=user)
    ]


def volunteer_erase(user) -> int:
    from torget.volunteering.models import Volunteer

    return Volunteer.objects.filter(user=user).delete()[1].get("volunteering.Volunteer", 0)


def signups_export(user) -> list[dict]:
    from torget.volunteering.models import SignUp

    return [
        personal_data.row(
            {
                _("Shift"): s.shift_date.shift.role.title,
                _("Hub"): s.shift_date.hub.name,
                _("Start"): s.shift_date.start,
                _("Status"): s.get_status_display(),
                _("Hours confirmed"): s.hours,
            }
        )
        for s in SignUp.objects.select_related("shift_date__shift__role", "shift_date__hub")
        .filter(volunteer__user=user)
        .order_by("shift_date__start")
    ]


def signups_erase(user) -> int:
    from torget.volunteering.models import SignUp

    return SignUp.objects.filter(volunteer__user=user).update(volunteer=None)


def _initiatives(user):
    from torget.volunteering.models import Initiative

    return Initiative.objects.filter(
        Q(proposer=user)
        | personal_data.contact_rows(user, email="proposer_email", phone="proposer_phone")
    )


def _initiatives_past(cutoff: datetime):
    from torget.volunteering.models import Initiative

    return Initiative.objects.filter(decided_at__lt=cutoff)


INITIATIVE_FIELDS = ("proposer_name", "proposer_email", "proposer_phone", "text", "reason")


def initiatives_export(user) -> list[dict]:
    return [
        personal_data.row(
            {
                _("Idea"): i.title,
                _("More about it"): i.text,
                _("Hub"): i.hub.name,
                _("Status"): i.get_status_display(),
                _("Name"): i.proposer_name,
                _("E-mail"): i.proposer_email,
                _("Phone"): i.proposer_phone,
                _("Proposed"): i.created,
            }
        )
        for i in _initiatives(user).select_related("hub").order_by("created")
    ]


def initiatives_erase(user) -> int:
    return _initiatives(user).update(**dict.fromkeys(INITIATIVE_FIELDS, ""), proposer=None)


def register() -> None:
    personal_data.register(
        "volunteering.volunteers",
        model="volunteering.Volunteer",
        fields=(
            "user",
            "phone",
            "email",
            "likes",
            "languages",
            "birth_date",
            "police_certificate_seen_on",
            "police_certificate_seen_by",
        ),
        description=_(
            "Volunteers: how to reach them, what they like to do, languages, birth date (for "
            "roles with a minimum age) and the date staff saw their police certificate (never "
            "what it says). Deleted after the period, counted from the last shift; the hours "
            "stay, unnamed, in the key figures."
        ),
        purpose=_("To plan shifts, remind you of them and reach you if a shift changes."),
        period=_("%(period)s after your last shift"),
        retention="TORGET_VOLUNTEER_RETENTION_DAYS",
        erase=personal_data.delete(_volunteers_past),
        export=volunteer_export,
        erase_person=volunteer_erase,
    )
    personal_data.register(
        "volunteering.signups",
        model="volunteering.SignUp",
        fields=("volunteer",),
        description=_(
            "Volunteer shifts: who took which shift and the hours staff confirmed. When the "
            "volunteer's data is deleted, the shift and its hours stay without the name."
        ),
        purpose=_("To know who is on, and to count volunteers' hours."),
        period=_("%(period)s after your last shift"),
        retention="TORGET_VOLUNTEER_RETENTION_DAYS",
        # The volunteer's deletion unlinks their sign-ups (SET_NULL): nothing more to do.
        erase=lambda days: 0,
        export=signups_export,
        erase_person=signups_erase,
    )
    personal_data.register(
        "volunteering.initiatives",
        model="volunteering.Initiative",
        fields=("proposer", *INITIATIVE_FIELDS),
        description=_(
            "Ideas for activities: who proposed it (account, or name, e-mail and phone), the "
            "text and the reason if it was declined. Blanked after the period, counted from "
            "the decision; the idea's title and status stay."
        ),
        purpose=_("To talk with you about your idea and tell you what came of it."),
        period=_("%(period)s after the decision"),
        retention="TORGET_INITIATIVE_RETENTION_DAYS",
        erase=personal_data.blank(_initiatives_past, INITIATIVE_FIELDS, proposer=None),
        export=initiatives_export,
        erase_person=initiatives_erase,
    )

    def volunteering_ahead(now: datetime) -> set[int]:
        from torget.volunteering.models import SignUp

        return set(
            SignUp.objects.filter(
                shift_date__end__gte=now, status="confirmed", volunteer__isnull=False
            ).values_list("volunteer__user", flat=True)
        )

    personal_data.hold_accounts(volunteering_ahead)
