"""The back office keeps each hub's rows to that hub's staff (issue 16, defect 2).

Every admin registered on Torget's back office is walked: for each, a row of Holmen is made
and desk staff at Tofte may not list it, open it (change, history, delete pages), change or
delete it, nor run any of the admin's actions on it. Holmen's own staff (or, for rows only
administrators keep, an administrator) do see it, so a check that refuses everyone fails.

A new admin needs a row-maker in `ROWS` below: the walk fails until it has one.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Model
from django.test import RequestFactory
from django.urls import reverse

from torget.core.timeutil import OSLO

# Rows belong to one hub and only its staff (and management, administrators) reach them.
HUB = "hub"
# Rows of the whole municipality hub staff read but do not change (code lists, services).
SHARED = "shared"
# Rows only administrators see (people, roles, tokens).
ADMINISTRATORS_ONLY = "administrators only"

SECRET = "HEMMELIG-HOLMEN"  # in Holmen's rows: must never reach a page Tofte's staff see
DAY = date(2030, 3, 5)  # a Tuesday, far from "now": nothing here depends on the clock
_numbers = itertools.count(1)


def at(hour: int, day: date = DAY) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=OSLO)


def space(p, hub, text: str):
    from torget.places.tests.factories import SpaceFactory

    return SpaceFactory(hub=hub, name=f"{text} rom {next(_numbers)}")


def booking(p, hub, text: str):
    from torget.booking.models import Booking

    return Booking.objects.create(
        space=space(p, hub, text),
        start=at(10),
        end=at(12),
        title=text,
        organiser_type="municipal",
        kind="meeting",
        booked_by=p.admin,
    )


def staff_of(p, hub):
    return p.desk_holmen if hub == p.holmen else p.desk_tofte


# Row-makers: (personas, hub, text to put in the row's names) → a row belonging to the hub.


def make_hub(p, hub, text):
    hub.description = text
    hub.save()
    return hub


def make_resource(p, hub, text):
    from torget.places.models import Resource

    return Resource.objects.create(hub=hub, name=text, kind="equipment")


def make_hours(p, hub, text):
    from torget.places.models import OpeningHoursRule

    return OpeningHoursRule.objects.create(
        hub=hub, kind="staffed", weekday=5, opens=time(10), closes=time(14)
    )


def make_exception(p, hub, text):
    from torget.places.models import OpeningException

    return OpeningException.objects.create(hub=hub, date=DAY, kind="staffed", reason=text)


def make_notice(p, hub, text):
    from torget.places.models import Notice

    return Notice.objects.create(hub=hub, title=text, starts=at(8), ends=at(20))


def make_ledger_entry(p, hub, text):
    from torget.ledger.models import LedgerEntry

    return LedgerEntry.objects.create(
        hub=hub,
        date=DAY,
        source="import",
        source_id=f"test-{next(_numbers)}",
        kind="activity",
        organiser_class="municipal",
        organiser_type="municipal",
        title=text,
    )


def make_policy(p, hub, text):
    from torget.booking.models import BookingPolicy

    policy, _ = BookingPolicy.objects.get_or_create(hub=hub, space=None)
    policy.house_rules = text
    policy.save()
    return policy


def make_block(p, hub, text):
    from torget.booking.models import BlockedPeriod

    block = BlockedPeriod.objects.create(reason=text, start=at(8), end=at(20), created_by=p.admin)
    block.spaces.set([space(p, hub, text)])
    return block


def make_key_loan(p, hub, text):
    from torget.booking.models import KeyLoan

    return KeyLoan.objects.create(hub=hub, label=text, holder=text)


def make_topic(p, hub, text):
    from torget.desk.models import InquiryTopic

    number = next(_numbers)
    return InquiryTopic.objects.create(
        code=f"topic-{number}", label_nb=f"{text} {number}", label_en=f"{text} {number}"
    )


def make_inquiry(p, hub, text):
    from torget.desk.models import Inquiry

    return Inquiry.objects.create(
        hub=hub, occurred_at=at(10), topic="other", channel="walk_in", note=text
    )


def make_callback(p, hub, text):
    from torget.desk.models import CallbackRequest

    return CallbackRequest.objects.create(hub=hub, phone="99999999", topic=text, consent=True)


def make_service(p, hub, text):
    from torget.appointments.models import Service

    return Service.objects.create(name=f"{text} {next(_numbers)}")


def make_officer(p, hub, text):
    from torget.appointments.services import officer_create

    return officer_create(actor=p.admin, service=make_service(p, hub, text), name=text)


def make_office_hours(p, hub, text):
    from torget.appointments.models import OfficeHours

    held = booking(p, hub, text)
    return OfficeHours.objects.create(
        officer=make_officer(p, hub, "Saksbehandler"),
        hub=hub,
        booking=held,
        start=held.start,
        end=held.end,
        slot_minutes=30,
        created_by=p.admin,
    )


def make_appointment(p, hub, text):
    from torget.appointments.models import Appointment

    session = make_office_hours(p, hub, text)
    return Appointment.objects.create(
        session=session,
        start=session.start,
        end=session.start + timedelta(minutes=30),
        about=text,
        name=text,
        token=f"token-{next(_numbers)}",
    )


def make_round(p, hub, text):
    from torget.seasons.models import Round
    from torget.seasons.services import round_create_default_rules

    round_ = Round.objects.create(
        name=text,
        season_start=date(2030, 6, 23),
        season_end=date(2031, 6, 21),
        opens_at=at(0, date(2029, 11, 1)),
        deadline=at(0, date(2030, 4, 1)),
    )
    round_.hubs.set([hub])
    round_.spaces.set([space(p, hub, text)])
    round_create_default_rules(round_)
    return round_


def make_application(p, hub, text):
    from torget.seasons.models import Application

    return Application.objects.create(
        round=make_round(p, hub, text),
        organisation=p.organisation,
        submitted_by=p.org_contact,
        activity=text,
        target_group=text,
        age_group="all",
        expected_participants=10,
        first_date=date(2030, 6, 23),
        last_date=date(2031, 6, 21),
        submitted_at=at(9, date(2029, 12, 1)),
    )


def make_allocation_change(p, hub, text):
    from torget.seasons.models import AllocationChange

    return AllocationChange.objects.create(
        round=make_round(p, hub, text), kind="moved", actor=p.admin, summary=text, reason=text
    )


def make_consultation(p, hub, text):
    from torget.consultations import services
    from torget.consultations.models import Code, Consultation

    number = next(_numbers)
    consultation = Consultation.objects.create(
        title=f"{text} {number}", slug=f"medvirkning-{number}", purpose=text
    )
    consultation.hubs.set([hub])
    services.codebook_ensure_default(consultation)
    Code.objects.create(consultation=consultation, key=f"tema-{number}", label=text, order=99)
    return consultation


def make_response(p, hub, text):
    from torget.consultations.models import Response

    return Response.objects.create(
        consultation=make_consultation(p, hub, text), channel="paper", hub=hub, submitted=at(10)
    )


def make_moderation(p, hub, text):
    from torget.consultations.models import Answer, ModerationLogEntry, Question

    response = make_response(p, hub, text)
    question = Question.objects.create(
        consultation=response.consultation, order=1, kind="text", text=text
    )
    answer = Answer.objects.create(response=response, question=question, text=text, hub=hub)
    return ModerationLogEntry.objects.create(
        answer=answer, action="hidden", reason=text, by=staff_of(p, hub)
    )


def make_event(p, hub, text):
    from torget.events.models import Event, Occurrence

    event = Event.objects.create(
        hub=hub,
        title=text,
        description=text,
        category="course",
        organiser_type="municipal",
        created_by=staff_of(p, hub),
    )
    Occurrence.objects.create(event=event, booking=booking(p, hub, text))
    return event


def make_occurrence(p, hub, text):
    return make_event(p, hub, text).occurrences.get()


def make_registration(p, hub, text):
    from torget.events.models import Registration

    return Registration.objects.create(
        occurrence=make_occurrence(p, hub, text),
        name=text,
        status="confirmed",
        token_hash=f"hash-{next(_numbers)}",
    )


def make_organisation(p, hub, text):
    from torget.accounts.tests.factories import OrganisationFactory

    return OrganisationFactory(name=f"{text} {next(_numbers)}")


def make_user(p, hub, text):
    from torget.accounts.tests.factories import UserFactory

    return UserFactory(username=f"person-{next(_numbers)}", first_name=text)


def make_role(p, hub, text):
    from torget.accounts.models import Role

    return Role.objects.create(user=make_user(p, hub, text), kind="desk_staff", hub=hub)


def make_token(p, hub, text):
    from torget.accounts.models import ApiToken

    number = next(_numbers)
    return ApiToken.objects.create(
        user=p.admin, name=text, prefix=f"pre{number}", key_hash=f"hash{number}"
    )


def make_schedule_state(p, hub, text):
    from torget.core.models import ScheduleState

    return ScheduleState.objects.create(
        key=f"test.{next(_numbers)}", next_run=datetime(2030, 3, 5, tzinfo=OSLO), last_result=text
    )


def make_job(p, hub, text):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.create(
        task_path="torget.core.jobs.run",
        backend_name="default",
        args_kwargs={"args": [], "kwargs": {"path": "torget.x.y", "args": [text]}},
        status="FAILED",
        traceback=text,
    )


def make_message(p, hub, text):
    from torget.notifications.models import Message

    return Message.objects.create(
        hub=hub,
        channel="email",
        to="innbygger@example.no",
        subject=text,
        body=text,
        key=f"test:{next(_numbers)}",
        template="test",
    )


def make_audit_entry(p, hub, text):
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(hub),
        object_pk=str(hub.pk),
        object_id=hub.pk,
        object_repr=text,
        action=LogEntry.Action.UPDATE,
        changes={"description": ["", text]},
        actor=p.desk_holmen,
    )


def make_agreement(p, hub, text):
    from torget.volunteering.models import CooperationAgreement

    agreement = CooperationAgreement.objects.create(
        organisation=p.organisation,
        starts=DAY,
        ends=DAY + timedelta(days=365),
        storage=text,
        created_by=p.admin,
    )
    agreement.hubs.set([hub])
    return agreement


def make_volunteer_role(p, hub, text):
    from torget.volunteering.models import VolunteerRole

    return VolunteerRole.objects.create(hub=hub, kind="cafe", title=text)


def make_shift(p, hub, text):
    from torget.volunteering.models import Shift

    return Shift.objects.create(
        role=make_volunteer_role(p, hub, text),
        weekday=DAY.weekday(),
        start_time=time(10),
        end_time=time(12),
        starts_on=DAY,
    )


def make_volunteer(p, hub, text):
    from torget.accounts.tests.factories import UserFactory
    from torget.volunteering.models import Volunteer

    return Volunteer.objects.create(user=UserFactory(), likes=text)


def make_signup(p, hub, text):
    from torget.volunteering.models import ShiftDate, SignUp

    shift = make_shift(p, hub, text)
    dated = ShiftDate.objects.create(shift=shift, date=DAY, start=at(10), end=at(12), hub=hub)
    return SignUp.objects.create(volunteer=make_volunteer(p, hub, text), shift_date=dated)


def make_initiative(p, hub, text):
    from torget.volunteering.models import Initiative

    return Initiative.objects.create(hub=hub, title=text, proposer_name="Per")


def make_door(p, hub, text):
    from torget.access.models import Door, DoorKind

    label = f"{text} dør {next(_numbers)}"
    door = Door.objects.create(hub=hub, label=label, kind=DoorKind.ROOM, external_id=text)
    door.spaces.set([space(p, hub, text)])
    return door


def make_access_policy(p, hub, text):
    from torget.access.models import HubAccessPolicy

    return HubAccessPolicy.objects.create(
        hub=hub, agreement_text_nb=text, agreement_text_en=text, agreement_version="1"
    )


def make_access_agreement(p, hub, text):
    from torget.access.models import SelfServiceAgreement

    agreement = SelfServiceAgreement.objects.create(
        name=text,
        phone="99999999",
        age_limit_met=18,
        age_checked_on=DAY,
        agreement_version=f"{hub.slug}:1",
        accepted_at=at(10),
        credential_hash=f"{text}-{next(_numbers)}",
        valid_from=DAY,
        valid_until=DAY + timedelta(days=365),
    )
    agreement.hubs.set([hub])
    return agreement


def make_entry_attempt(p, hub, text):
    from torget.access.models import EntryAttempt

    return EntryAttempt.objects.create(
        door=make_door(p, hub, text),
        at=at(10),
        allowed=False,
        result_code="unknown",
        grant_ref=text[:32],
        via="keypad",
    )


def make_visits(p, hub, text):
    from torget.access.models import SelfServiceVisits

    return SelfServiceVisits.objects.create(hub=hub, month=DAY.replace(day=1), visits=7)


@dataclass(frozen=True)
class Rows:
    make: Callable[..., Model]
    kind: str = HUB


ROWS: dict[str, Rows] = {
    "places.Hub": Rows(make_hub),
    "places.Space": Rows(lambda p, hub, text: space(p, hub, text)),
    "places.Resource": Rows(make_resource),
    "places.OpeningHoursRule": Rows(make_hours),
    "places.OpeningException": Rows(make_exception),
    "places.Notice": Rows(make_notice),
    "ledger.LedgerEntry": Rows(make_ledger_entry),
    "booking.Booking": Rows(booking),
    "booking.BookingPolicy": Rows(make_policy),
    "booking.BlockedPeriod": Rows(make_block),
    "booking.KeyLoan": Rows(make_key_loan),
    "desk.InquiryTopic": Rows(make_topic, SHARED),
    "desk.Inquiry": Rows(make_inquiry),
    "desk.CallbackRequest": Rows(make_callback),
    "appointments.Service": Rows(make_service, SHARED),
    "appointments.Officer": Rows(make_officer, SHARED),
    "appointments.OfficeHours": Rows(make_office_hours),
    "appointments.Appointment": Rows(make_appointment),
    "seasons.Round": Rows(make_round),
    "seasons.Application": Rows(make_application),
    "seasons.AllocationChange": Rows(make_allocation_change),
    "consultations.Consultation": Rows(make_consultation),
    "consultations.Response": Rows(make_response),
    "consultations.ModerationLogEntry": Rows(make_moderation),
    "events.Event": Rows(make_event),
    "events.Occurrence": Rows(make_occurrence),
    "events.Registration": Rows(make_registration),
    "accounts.Organisation": Rows(make_organisation, SHARED),
    "accounts.User": Rows(make_user, ADMINISTRATORS_ONLY),
    "accounts.Role": Rows(make_role, ADMINISTRATORS_ONLY),
    "accounts.ApiToken": Rows(make_token, ADMINISTRATORS_ONLY),
    "notifications.Message": Rows(make_message),
    "auditlog.LogEntry": Rows(make_audit_entry, ADMINISTRATORS_ONLY),
    "core.ScheduleState": Rows(make_schedule_state, ADMINISTRATORS_ONLY),
    "django_tasks_database.DBTaskResult": Rows(make_job, ADMINISTRATORS_ONLY),
    "volunteering.CooperationAgreement": Rows(make_agreement),
    "volunteering.VolunteerRole": Rows(make_volunteer_role),
    "volunteering.Shift": Rows(make_shift),
    "volunteering.SignUp": Rows(make_signup),
    "volunteering.Initiative": Rows(make_initiative),
    "volunteering.Volunteer": Rows(make_volunteer, ADMINISTRATORS_ONLY),
    "access.Door": Rows(make_door),
    "access.HubAccessPolicy": Rows(make_access_policy),
    "access.SelfServiceAgreement": Rows(make_access_agreement),
    "access.EntryAttempt": Rows(make_entry_attempt),
    "access.SelfServiceVisits": Rows(make_visits),
}


def registered() -> list[str]:
    return sorted(model._meta.label for model in admin.site._registry)


def model_admin(label: str):
    return next(a for m, a in admin.site._registry.items() if m._meta.label == label)


def url(row: Model, view: str, *args: Any) -> str:
    opts = row._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def world() -> dict[str, list[tuple]]:
    """Every row of every model in the back office, to see that nothing changed."""
    rows = {}
    for model in admin.site._registry:
        fields = [
            f.attname for f in model._meta.concrete_fields if f.attname not in ("last_login",)
        ]
        rows[model._meta.label] = sorted(model._default_manager.values_list(*fields), key=repr)
    return rows


def action_names(label: str, p) -> list[str]:
    """Every action of the admin, as an administrator is offered them."""
    request = RequestFactory().get("/")
    request.user = p.admin
    return list(model_admin(label).get_actions(request)) or ["delete_selected"]


def listed(client, row: Model) -> bool | None:
    """Whether the list shows the row (None: the list itself is refused)."""
    page = client.get(url(row, "changelist"))
    if page.status_code == 403:
        return None
    assert page.status_code == 200
    return page.context["cl"].queryset.filter(pk=row.pk).exists()


def test_every_admin_has_a_row_maker():
    """A new admin must be walked too: give it a row-maker in ROWS."""
    assert registered() == sorted(ROWS)


@pytest.mark.parametrize("label", registered())
def test_tofte_staff_cannot_reach_holmens_rows(client, personas, label):
    p = personas
    spec = ROWS[label]
    row = spec.make(p, p.holmen, SECRET)
    own = p.admin if spec.kind == ADMINISTRATORS_ONLY else p.desk_holmen

    # The control: the row's own people find it, so the refusals below mean something.
    client.force_login(own)
    assert listed(client, row) is True
    assert client.get(url(row, "change", row.pk)).status_code == 200

    client.force_login(p.desk_tofte)
    if spec.kind == SHARED:
        assert listed(client, row) is True  # the municipality's lists: read, not changed
    else:
        assert not listed(client, row)
        for view in ("change", "history", "delete"):
            page = client.get(url(row, view, row.pk))
            assert page.status_code in (403, 404), (view, page.status_code)

    before = world()
    changed = {
        f.name: "Endret av Tofte"
        for f in row._meta.fields
        if f.get_internal_type() in ("CharField", "TextField") and not f.choices
    }
    refused = (403, 404)
    assert (
        client.post(url(row, "change", row.pk), {**changed, "_save": "Lagre"}).status_code
        in refused
    )
    assert client.post(url(row, "delete", row.pk), {"post": "yes"}).status_code in refused
    for action in action_names(label, p):
        client.post(
            url(row, "changelist"),
            {"action": action, ACTION_CHECKBOX_NAME: [row.pk], "index": 0, "post": "yes"},
        )
    assert world() == before


def test_no_page_tofte_staff_open_shows_holmens_rows(client, personas):
    """Lists, their filters, the add pages, Tofte's own rows' pages with their choices and
    inlines, and the related-field lookups: none names a row of Holmen."""
    p = personas
    own: list[Model] = []
    for spec in ROWS.values():
        if spec.kind == HUB:
            spec.make(p, p.holmen, SECRET)
            own.append(spec.make(p, p.tofte, "Tofte-eget"))
        else:  # the municipality's own rows: every hub's staff may read them
            own.append(spec.make(p, p.holmen, "Felles"))
    client.force_login(p.desk_tofte)
    pages = [url(row, "change", row.pk) for row in own]
    for model, model_admin_ in admin.site._registry.items():
        opts = model._meta
        pages += [
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
        ]
        for holder in [model_admin_, *model_admin_.inlines]:
            source = holder.model._meta  # an inline's field is its own model's
            for field in getattr(holder, "autocomplete_fields", ()):
                pages.append(
                    reverse("admin:autocomplete")
                    + f"?app_label={source.app_label}&model_name={source.model_name}"
                    f"&field_name={field}&term="
                )
    leaks = []
    for page_url in pages:
        page = client.get(page_url)
        assert page.status_code in (200, 403), (page_url, page.status_code)
        if SECRET in page.content.decode():
            text = page.content.decode()
            i = text.index(SECRET)
            leaks.append((page_url, text[i - 300 : i + 50]))
    assert leaks == [], leaks


def test_holmens_staff_close_holmens_consultation_from_the_list(client, personas):
    """The control for the walk's actions: the consultation's own staff may close it."""
    from torget.consultations import services
    from torget.consultations.models import Status

    consultation = services.consultation_set_status(
        services.consultation_from_template(hubs=[personas.holmen]), Status.OPEN
    )
    for user, status in ((personas.desk_tofte, Status.OPEN), (personas.desk_holmen, Status.CLOSED)):
        client.force_login(user)
        client.post(
            url(consultation, "changelist"),
            {"action": "close_selected", ACTION_CHECKBOX_NAME: [consultation.pk]},
        )
        consultation.refresh_from_db()
        assert consultation.status == status


def test_a_rounds_staff_read_its_applications_and_log_but_do_not_change_them(client, personas):
    p = personas
    application = make_application(p, p.holmen, "Sjakk")
    change = make_allocation_change(p, p.holmen, "Flyttet")
    client.force_login(p.desk_holmen)
    for row in (application, change):
        page = client.get(url(row, "change", row.pk))
        assert page.status_code == 200
        assert "<select" not in page.content.decode()  # nothing to choose: read-only
        assert client.post(url(row, "change", row.pk), {}).status_code == 403
