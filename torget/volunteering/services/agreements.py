"""Cooperation agreements: made as a draft, activated when signed, ended. An agreement that
ends before it starts, or overlaps another active agreement of the same organisation at
the same hub, is refused and nothing is saved."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from torget.accounts.models import Organisation, User
from torget.accounts.permissions import can_lead_hub, is_organisation_contact
from torget.booking.models import BookingSeries
from torget.core.db import serialized_write
from torget.core.errors import Conflict, NotFound, PermissionDenied
from torget.core.templatetags.torget import day as format_day
from torget.places.models import Hub
from torget.seasons.models import Allocation
from torget.volunteering.errors import AgreementOverlap
from torget.volunteering.models import AgreementStatus, CooperationAgreement
from torget.volunteering.services.common import fail, text

MAX_ACTIVITIES = 10_000


@dataclass
class AgreementTerms:
    """What an agreement says, apart from its status and signatures."""

    organisation: Organisation
    hubs: list[Hub]
    starts: date
    ends: date
    hub_contact: User | None = None
    organisation_contact: User | None = None
    allocations: list[Allocation] = field(default_factory=list)
    series: list[BookingSeries] = field(default_factory=list)
    storage: str = ""
    keys_and_access: str = ""
    equipment: str = ""
    activities_open_to_all: bool = True
    activities_per_season: int = 0
    reports_attendance: bool = True
    hub_volunteering: str = ""


def require_leader(actor: User, hubs) -> None:
    """An agreement binds its hubs: the leader of every one of them makes and signs it."""
    if not hubs or not all(can_lead_hub(actor, hub) for hub in hubs):
        raise PermissionDenied(_("Only the leader of each of the agreement's hubs may do this."))


def _check(terms: AgreementTerms) -> dict:
    if not terms.hubs:
        raise fail("hubs", _("Choose at least one hub."))
    if terms.ends < terms.starts:
        raise fail("ends", _("The agreement ends before it starts."))
    if not 0 <= terms.activities_per_season <= MAX_ACTIVITIES:
        raise fail("activities_per_season", _("Out of range."))
    contact = terms.organisation_contact
    if contact is not None and not is_organisation_contact(contact, terms.organisation.pk):
        raise fail(
            "organisation_contact",
            _("The organisation's contact person must be one of its contacts in Torget."),
        )
    hub_ids = {h.pk for h in terms.hubs}
    for allocation in terms.allocations:
        if (
            allocation.application.organisation_id != terms.organisation.pk
            or allocation.space is None
            or allocation.space.hub_id not in hub_ids
        ):
            raise fail(
                "allocations",
                _("A seasonal slot must be the organisation's own, at one of the hubs."),
            )
    for series in terms.series:
        if series.space.hub_id not in hub_ids:
            raise fail("series", _("A booking series must be at one of the agreement's hubs."))
        if series.bookings.exclude(organisation_id=terms.organisation.pk).exists():
            raise fail(
                "series",
                _(
                    "A booking series must be the organisation's own: %(title)s is not booked for it."
                )
                % {"title": series.title},
            )
    return {
        "storage": text(terms.storage, "storage", limit=300),
        "keys_and_access": text(terms.keys_and_access, "keys_and_access", limit=300),
        "equipment": text(terms.equipment, "equipment", limit=300),
        "hub_volunteering": text(terms.hub_volunteering, "hub_volunteering", limit=300),
    }


def _refuse_overlap(
    organisation: Organisation, hubs, starts: date, ends: date, exclude: int | None
) -> None:
    active = CooperationAgreement.objects.filter(
        organisation=organisation,
        status=AgreementStatus.ACTIVE,
        hubs__in=hubs,
        starts__lte=ends,
        ends__gte=starts,
    )
    if exclude is not None:
        active = active.exclude(pk=exclude)
    clash = active.order_by("starts").first()
    if clash is None:
        return
    shared = clash.hubs.filter(pk__in=[h.pk for h in hubs]).order_by("name").first()
    raise AgreementOverlap(
        _(
            "%(organisation)s already has an active agreement for %(hub)s from %(starts)s to "
            "%(ends)s. End that one first, or choose dates after it."
        )
        % {
            "organisation": organisation.name,
            "hub": shared.name if shared else "",
            "starts": format_day(clash.starts),
            "ends": format_day(clash.ends),
        },
        extra={"agreement": clash.pk},
    )


def _lock_organisation(organisation: Organisation) -> None:
    """Two leaders activating agreements of one organisation take turns (on PostgreSQL; on
    SQLite the write transaction already serialises them)."""
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()


@serialized_write
def agreement_create(*, actor: User, terms: AgreementTerms) -> CooperationAgreement:
    """A draft agreement (activated when signed)."""
    require_leader(actor, terms.hubs)
    texts = _check(terms)
    _lock_organisation(terms.organisation)
    _refuse_overlap(terms.organisation, terms.hubs, terms.starts, terms.ends, exclude=None)
    agreement = CooperationAgreement.objects.create(
        organisation=terms.organisation,
        starts=terms.starts,
        ends=terms.ends,
        hub_contact=terms.hub_contact,
        organisation_contact=terms.organisation_contact,
        activities_open_to_all=terms.activities_open_to_all,
        activities_per_season=terms.activities_per_season,
        reports_attendance=terms.reports_attendance,
        created_by=actor,
        **texts,
    )
    agreement.hubs.set(terms.hubs)
    agreement.allocations.set(terms.allocations)
    agreement.series.set(terms.series)
    return agreement


def _locked(agreement_id: int) -> CooperationAgreement:
    agreement = (
        CooperationAgreement.objects.select_for_update()
        .select_related("organisation")
        .filter(pk=agreement_id)
        .first()
    )
    if agreement is None:
        raise NotFound()
    return agreement


@serialized_write
def agreement_activate(
    *,
    actor: User,
    agreement_id: int,
    signed_on: date,
    signed_for_organisation_by: User | None = None,
) -> CooperationAgreement:
    """The signed agreement takes effect: the actor signs for the municipality."""
    agreement = _locked(agreement_id)
    hubs = list(agreement.hubs.all())
    require_leader(actor, hubs)
    if agreement.status != AgreementStatus.DRAFT:
        raise Conflict(_("Only a draft agreement can be activated."), code="agreement.not_draft")
    if signed_on > timezone.localdate():
        raise fail("signed_on", _("The signing date cannot be in the future."))
    signer = signed_for_organisation_by
    if signer is not None and not is_organisation_contact(signer, agreement.organisation_id):
        raise fail(
            "signed_for_organisation_by",
            _("The organisation's signatory must be one of its contacts in Torget."),
        )
    _lock_organisation(agreement.organisation)
    _refuse_overlap(agreement.organisation, hubs, agreement.starts, agreement.ends, agreement.pk)
    agreement.status = AgreementStatus.ACTIVE
    agreement.signed_on = signed_on
    agreement.signed_for_hub_by = actor
    agreement.signed_for_organisation_by = signer
    agreement.save()
    return agreement


@serialized_write
def agreement_end(
    *, actor: User, agreement_id: int, on: date | None = None
) -> CooperationAgreement:
    """End an agreement: on its own end date, or earlier (`on`, not before it started)."""
    agreement = _locked(agreement_id)
    require_leader(actor, list(agreement.hubs.all()))
    if agreement.status == AgreementStatus.ENDED:
        return agreement
    if on is not None:
        if on < agreement.starts:
            raise fail("on", _("An agreement cannot end before it starts."))
        agreement.ends = min(agreement.ends, on)
    agreement.status = AgreementStatus.ENDED
    agreement.ended_at = timezone.now()
    agreement.save()
    return agreement


@serialized_write
def agreement_update(
    *, actor: User, agreement_id: int, terms: AgreementTerms
) -> CooperationAgreement:
    """Change a draft or active agreement's terms (an ended one stays as it was). The
    leader of every hub, before and after, must agree; the same checks as when made."""
    agreement = _locked(agreement_id)
    require_leader(actor, list(agreement.hubs.all()))
    require_leader(actor, terms.hubs)
    if agreement.status == AgreementStatus.ENDED:
        raise Conflict(_("An ended agreement cannot be changed."), code="agreement.ended")
    if terms.organisation.pk != agreement.organisation_id:
        raise fail("organisation", _("The organisation of an agreement cannot be changed."))
    texts = _check(terms)
    if agreement.status == AgreementStatus.ACTIVE:
        _lock_organisation(terms.organisation)
        _refuse_overlap(terms.organisation, terms.hubs, terms.starts, terms.ends, agreement.pk)
    agreement.starts, agreement.ends = terms.starts, terms.ends
    agreement.hub_contact = terms.hub_contact
    agreement.organisation_contact = terms.organisation_contact
    agreement.activities_open_to_all = terms.activities_open_to_all
    agreement.activities_per_season = terms.activities_per_season
    agreement.reports_attendance = terms.reports_attendance
    for name, value in texts.items():
        setattr(agreement, name, value)
    agreement.save()
    agreement.hubs.set(terms.hubs)
    agreement.allocations.set(terms.allocations)
    agreement.series.set(terms.series)
    return agreement


SCAN_TYPES = {b"%PDF-": ".pdf", b"\xff\xd8\xff": ".jpg", b"\x89PNG\r\n\x1a\n": ".png"}
MAX_SCAN_BYTES = 10 * 1024 * 1024


@serialized_write
def agreement_attach_scan(*, actor: User, agreement_id: int, upload) -> CooperationAgreement:
    """Attach the scanned signed copy (PDF, JPEG or PNG, at most 10 MB), replacing any
    earlier one. Kept outside the static and media roots; handed out to the hub's staff."""
    agreement = _locked(agreement_id)
    require_leader(actor, list(agreement.hubs.all()))
    if upload is None or not upload.size:
        raise fail("scan", _("Choose a file."))
    if upload.size > MAX_SCAN_BYTES:
        raise fail("scan", _("The file is larger than 10 MB."))
    head = upload.read(8)
    upload.seek(0)
    suffix = next((s for magic, s in SCAN_TYPES.items() if head.startswith(magic)), None)
    if suffix is None:
        raise fail("scan", _("The scan must be a PDF, JPEG or PNG file."))
    old = agreement.scan.name if agreement.scan else ""
    agreement.scan.save(f"avtale-{agreement.pk}{suffix}", upload, save=False)
    agreement.save(update_fields=["scan", "updated"])
    if old and old != agreement.scan.name:
        agreement.scan.storage.delete(old)
    return agreement


RENEWAL_NOTICE_DAYS = 60
RENEWAL = "volunteering.renewal"


def renewal_reminders_send(*, today: date | None = None) -> int:
    """Tell each hub of an active agreement, and the organisation's contact person, that it
    ends within RENEWAL_NOTICE_DAYS, so the yearly talk and a new agreement come in time.
    The outbox keeps one message per agreement, end date and recipient: sent once, even
    when the schedule runs every day (a changed end date is a new reminder)."""
    from torget.volunteering.services.common import tell_person, tell_staff

    today = today or timezone.localdate()
    ending = (
        CooperationAgreement.objects.select_related("organisation", "organisation_contact")
        .prefetch_related("hubs")
        .filter(
            status=AgreementStatus.ACTIVE,
            ends__gte=today,
            ends__lte=today + timedelta(days=RENEWAL_NOTICE_DAYS),
        )
    )
    sent = 0
    for agreement in ending:
        values = {"organisation": agreement.organisation.name, "ends": format_day(agreement.ends)}
        subject = _("The agreement with %(organisation)s ends %(ends)s") % values
        body = (
            _(
                "The cooperation agreement with %(organisation)s ends %(ends)s. Go through the "
                "delivery report with the organisation and make a new agreement in time if the "
                "cooperation goes on."
            )
            % values
        )
        key = f"{RENEWAL}:{agreement.pk}:{agreement.ends.isoformat()}"
        hubs = sorted(agreement.hubs.all(), key=lambda h: h.pk)
        for hub in hubs:
            if hub.email:
                tell_staff(
                    hub, key=f"{key}:hub{hub.pk}", template=RENEWAL, subject=subject, body=body
                )
                sent += 1
        contact = agreement.organisation_contact
        if contact is not None and hubs:
            sent += int(
                tell_person(
                    email=contact.email,
                    phone="",
                    hub=hubs[0],
                    key=f"{key}:org",
                    template=RENEWAL,
                    subject=subject,
                    body=body,
                )
            )
    return sent


def renewal_reminders_job() -> None:
    """The daily schedule's entry point (torget.core.jobs)."""
    renewal_reminders_send()
