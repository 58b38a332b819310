"""An organisation's application to the round: submitted, changed until the deadline, or
withdrawn; a receipt by e-mail each time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from torget.accounts.models import Organisation, User
from torget.core.db import serialized_write
from torget.core.errors import NotFound, PermissionDenied, ValidationFailed
from torget.notifications.models import Channel, Message
from torget.notifications.services import message_queue
from torget.seasons import selectors
from torget.seasons.errors import RoundClosed
from torget.seasons.models import AgeGroup, Application, Round, Wish

MAX_WISHES = 3
MAX_PARTICIPANTS = 10_000


@dataclass
class WishInput:
    space_id: int
    weekday: int
    start_time: time
    end_time: time


@dataclass
class ApplicationInput:
    organisation_id: int
    activity: str
    target_group: str
    age_group: str
    expected_participants: int
    paid: bool
    first_date: date
    last_date: date
    wishes: list[WishInput]
    description: str = ""
    private_party: bool = False
    accept_other_times: bool = False
    accept_other_spaces: bool = False
    accept_other_hubs: bool = False


def _validate(round_: Round, data: ApplicationInput) -> list[dict[str, str]]:
    errors = []
    if not data.activity.strip():
        errors.append({"field": "activity", "message": _("Say what the activity is.")})
    if len(data.activity) > 200 or len(data.target_group) > 200:
        errors.append({"field": "activity", "message": _("At most 200 characters.")})
    if not data.target_group.strip():
        errors.append({"field": "target_group", "message": _("Say who the activity is for.")})
    if data.age_group not in AgeGroup.values:
        errors.append({"field": "age_group", "message": _("Choose an age group.")})
    if not 1 <= data.expected_participants <= MAX_PARTICIPANTS:
        errors.append(
            {
                "field": "expected_participants",
                "message": _("Give a number from 1 to %(max)s.") % {"max": MAX_PARTICIPANTS},
            }
        )
    if not round_.season_start <= data.first_date <= round_.season_end:
        errors.append({"field": "first_date", "message": _("Must be within the season.")})
    if not round_.season_start <= data.last_date <= round_.season_end:
        errors.append({"field": "last_date", "message": _("Must be within the season.")})
    if data.last_date < data.first_date:
        errors.append({"field": "last_date", "message": _("Must be on or after the first date.")})
    if not data.wishes:
        errors.append({"field": "wish1_space", "message": _("Give at least one wished time.")})
    if len(data.wishes) > MAX_WISHES:
        errors.append({"field": "wishes", "message": _("At most three wished times.")})
    allowed = {s.pk for s in selectors.round_spaces(round_)}
    for i, wish in enumerate(data.wishes, 1):
        if wish.space_id not in allowed:
            errors.append({"field": f"wish{i}_space", "message": _("Choose a space in the round.")})
        if not 0 <= wish.weekday <= 6:
            errors.append({"field": f"wish{i}_weekday", "message": _("Choose a weekday.")})
        if wish.end_time <= wish.start_time:
            errors.append(
                {"field": f"wish{i}_end", "message": _("The end must be after the start.")}
            )
    return errors


@serialized_write
def application_save(
    *,
    actor: User,
    round_id: int,
    data: ApplicationInput,
    application_id: int | None = None,
    site_url: str = "",
) -> Application:
    """Submit a new application, or change one until the deadline; a receipt each time."""
    round_ = Round.objects.filter(pk=round_id).first()
    if round_ is None:
        raise NotFound()
    organisation = Organisation.objects.filter(pk=data.organisation_id).first()
    if (
        organisation is None
        or not getattr(actor, "is_authenticated", False)
        or not organisation.contacts.filter(pk=actor.pk).exists()
    ):
        raise PermissionDenied(_("Only the organisation's contact persons can apply for it."))
    app: Application | None = None
    if application_id is not None:
        app = Application.objects.select_for_update().filter(pk=application_id).first()
        if (
            app is None
            or app.round_id != round_.pk
            or not app.organisation.contacts.filter(pk=actor.pk).exists()
        ):
            raise NotFound()
    if not round_.is_open():
        raise RoundClosed()
    if app is not None and app.withdrawn:
        raise NotFound()
    errors = _validate(round_, data)
    if errors:
        raise ValidationFailed(errors=errors)
    fields = {
        "organisation": organisation,
        "activity": data.activity.strip(),
        "description": data.description.strip(),
        "target_group": data.target_group.strip(),
        "age_group": data.age_group,
        "expected_participants": data.expected_participants,
        "paid": data.paid,
        "private_party": data.private_party,
        "first_date": data.first_date,
        "last_date": data.last_date,
        "accept_other_times": data.accept_other_times,
        "accept_other_spaces": data.accept_other_spaces,
        "accept_other_hubs": data.accept_other_hubs,
    }
    if app is None:
        app = Application.objects.create(
            round=round_, submitted_by=actor, submitted_at=timezone.now(), **fields
        )
    else:
        for name, value in fields.items():
            setattr(app, name, value)
        app.save()
        app.wishes.all().delete()
    Wish.objects.bulk_create(
        Wish(
            application=app,
            preference=i,
            space_id=w.space_id,
            weekday=w.weekday,
            start_time=w.start_time,
            end_time=w.end_time,
        )
        for i, w in enumerate(data.wishes, 1)
    )
    _receipt(app, actor, site_url)
    return app


@serialized_write
def application_withdraw(*, actor: User, application_id: int) -> Application:
    """The organisation withdraws its application (until the deadline)."""
    app = Application.objects.select_for_update().filter(pk=application_id).first()
    if app is None or not app.organisation.contacts.filter(pk=actor.pk).exists():
        raise NotFound()
    if not app.round.is_open():
        raise RoundClosed()
    app.withdrawn = True
    app.save(update_fields=["withdrawn", "updated"])
    return app


def application_hub_id(app: Application) -> int | None:
    """The hub an application's wishes are at, when they are all at one: its staff may read
    the messages about it in the back office. None otherwise (administrators only)."""
    hubs = set(app.wishes.values_list("space__hub_id", flat=True))
    return hubs.pop() if len(hubs) == 1 else None


def _last_receipt_number(app: Application) -> int:
    """The highest number of a receipt still in the outbox (the outbox deletes old ones, so
    counting them could hand out a number still taken)."""
    keys = Message.objects.filter(
        template="seasons.receipt", key__startswith=f"season-application:{app.pk}:"
    ).values_list("key", flat=True)
    return max((int(key.rsplit(":", 1)[1]) for key in keys), default=0)


def _receipt(app: Application, actor: User, site_url: str) -> None:
    if not actor.email:
        return
    with translation.override(actor.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "app": app,
            "wishes": list(app.wishes.select_related("space__hub")),
            "url": site_url.rstrip("/") + reverse("seasons:receipt", args=[app.pk]),
            "municipality": settings.TORGET_MUNICIPALITY,
        }
        message_queue(
            channel=Channel.EMAIL,
            to=actor.email,
            subject=_("Application received: %(activity)s") % {"activity": app.activity},
            body=render_to_string("seasons/receipt_email.txt", context),
            # A new receipt for every change: the key numbers the receipts.
            key=f"season-application:{app.pk}:{_last_receipt_number(app) + 1}",
            template="seasons.receipt",
            hub_id=application_hub_id(app),
        )
