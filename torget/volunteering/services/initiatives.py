"""Residents' own initiatives: proposed in a short form, taken by the hub's staff, then
declined with a reason or turned into exactly one activity through the events service,
with organiser type `voluntary` (an ildsjel's initiative)."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from torget.accounts.models import Organisation, User
from torget.accounts.permissions import can_manage_hub, is_organisation_contact
from torget.core.db import serialized_write
from torget.core.errors import NotFound, PermissionDenied
from torget.events.models import Event
from torget.events.services import EventDetails, event_create
from torget.ledger.models import OrganiserType
from torget.places.models import Hub, Space
from torget.volunteering.errors import InitiativeClosed
from torget.volunteering.models import Initiative, InitiativeStatus
from torget.volunteering.services.common import fail, tell_person, tell_staff, text

PROPOSED = "volunteering.initiative_proposed"
DECLINED = "volunteering.initiative_declined"
BECAME_ACTIVITY = "volunteering.initiative_activity"


@serialized_write
def initiative_propose(
    *,
    actor: User | None,
    hub: Hub,
    title: str,
    description: str = "",
    name: str = "",
    email: str = "",
    phone: str = "",
    organisation: Organisation | None = None,
) -> Initiative:
    """A proposal from a signed-in resident (their account), or from someone giving a name
    and a way to reach them. For an organisation only its contact persons propose."""
    signed_in = actor is not None and getattr(actor, "is_authenticated", False)
    title = text(title, "title", limit=200, required=True)
    body = text(description, "text", limit=2000, lines=True)
    name = text(name, "name", limit=120, required=not signed_in)
    email = text(email, "email", limit=254)
    phone = text(phone, "phone", limit=30)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise fail("email", _("Enter a valid e-mail address.")) from None
    if not signed_in and not (email or phone):
        raise fail("email", _("Give an e-mail address or a phone number, so staff can reach you."))
    if organisation is not None and not (
        signed_in and is_organisation_contact(actor, organisation.pk)
    ):
        raise PermissionDenied(_("Only the organisation's contact persons propose on its behalf."))
    initiative = Initiative.objects.create(
        hub=hub,
        proposer=actor if signed_in else None,
        proposer_name="" if signed_in else name,
        proposer_email="" if signed_in else email,
        proposer_phone="" if signed_in else phone,
        organisation=organisation,
        title=title,
        text=body,
    )
    tell_staff(
        hub,
        key=f"volunteering.initiative:{initiative.pk}",
        template=PROPOSED,
        subject=_("New idea for an activity: %(title)s") % {"title": title},
        body=_("Someone proposed an activity at %(hub)s. Read it on the initiatives page.")
        % {"hub": hub.name},
    )
    return initiative


def _locked_for_staff(actor: User, initiative_id: int) -> Initiative:
    initiative = (
        Initiative.objects.select_for_update(of=("self",))
        .select_related("hub", "proposer")
        .filter(pk=initiative_id)
        .first()
    )
    if initiative is None:
        raise NotFound()
    if not can_manage_hub(actor, initiative.hub):
        raise PermissionDenied()
    return initiative


def _reach(initiative: Initiative) -> tuple[str, str]:
    if initiative.proposer is not None:
        return initiative.proposer.email, initiative.proposer.phone
    return initiative.proposer_email, initiative.proposer_phone


@serialized_write
def initiative_take(*, actor: User, initiative_id: int) -> Initiative:
    """A staff member takes the proposal: they talk with the person."""
    initiative = _locked_for_staff(actor, initiative_id)
    if initiative.status not in (InitiativeStatus.PROPOSED, InitiativeStatus.TAKEN):
        raise InitiativeClosed()
    initiative.status = InitiativeStatus.TAKEN
    initiative.taken_by = actor
    initiative.save(update_fields=["status", "taken_by"])
    return initiative


@serialized_write
def initiative_decline(*, actor: User, initiative_id: int, reason: str) -> Initiative:
    """Decline, with a reason the proposer reads."""
    initiative = _locked_for_staff(actor, initiative_id)
    if initiative.status not in (InitiativeStatus.PROPOSED, InitiativeStatus.TAKEN):
        raise InitiativeClosed()
    initiative.reason = text(reason, "reason", limit=1000, required=True, lines=True)
    initiative.status = InitiativeStatus.DECLINED
    initiative.decided_at = timezone.now()
    initiative.taken_by = initiative.taken_by or actor
    initiative.save(update_fields=["reason", "status", "decided_at", "taken_by"])
    email, phone = _reach(initiative)
    tell_person(
        email=email,
        phone=phone,
        hub=initiative.hub,
        key=f"volunteering.initiative:{initiative.pk}",
        template=DECLINED,
        subject=_("About your idea: %(title)s") % {"title": initiative.title},
        body=_("Thank you for your idea. %(hub)s cannot take it on this time: %(reason)s")
        % {"hub": initiative.hub.name, "reason": initiative.reason},
    )
    return initiative


@serialized_write
def initiative_to_event(
    *,
    actor: User,
    initiative_id: int,
    space: Space,
    start: datetime,
    end: datetime,
    category: str,
    until: date | None = None,
    title: str = "",
    description: str | None = None,
) -> Event:
    """Turn the initiative into an activity (weekly until `until`): the events service
    books the room and makes the event, organiser type `voluntary`. Turning it again gives
    the same event: an initiative becomes one event."""
    initiative = _locked_for_staff(actor, initiative_id)
    if initiative.event_id is not None:
        event = Event.objects.filter(pk=initiative.event_id).first()
        if event is not None:
            return event
    if initiative.status == InitiativeStatus.DECLINED:
        raise InitiativeClosed()
    if space.hub_id != initiative.hub_id:
        raise fail("space", _("Choose a room at the initiative's hub."))
    details = EventDetails(
        title=title.strip() or initiative.title,
        category=category,
        organiser_type=OrganiserType.VOLUNTARY,
        description=initiative.text if description is None else description,
        organisation=initiative.organisation,
    )
    event = event_create(
        actor=actor, details=details, space=space, start=start, end=end, until=until
    )
    initiative.event = event
    initiative.status = InitiativeStatus.ACTIVITY
    initiative.decided_at = timezone.now()
    initiative.taken_by = initiative.taken_by or actor
    initiative.save(update_fields=["event", "status", "decided_at", "taken_by"])
    email, phone = _reach(initiative)
    tell_person(
        email=email,
        phone=phone,
        hub=initiative.hub,
        key=f"volunteering.initiative:{initiative.pk}",
        template=BECAME_ACTIVITY,
        subject=_("Your idea is an activity: %(title)s") % {"title": event.title},
        body=_("Thank you for your idea. It is now an activity at %(hub)s; see What's on.")
        % {"hub": initiative.hub.name},
    )
    return event
