"""Issue 19's "done means" for a person's data: the demo's resident, Ingrid Innbygger, with
something in every app (what the demo gives her, and the rest added the way she and the
staff would), is exported and then erased through the administrators' page, and a walk
over every row of every Torget model, the audit log and the back office's history finds
nothing of her left: not her name, e-mail address, phone number or account — only the
anonymous counts, the ledger and the key figures as they were, and the record that she
was erased, without her data.

It loads the whole demo (about 10 s of one core), so it is one test."""

from __future__ import annotations

import json
from datetime import date, time, timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from torget.accounts.models import User
from torget.core.errors import DomainError
from torget.core.timeutil import make_local, today

PHONE = "+47 412 34 567"  # the demo gives her no number; she adds one to her account
# Her e-mail address, full name and number (the demo has another Ingrid, Ingrid Berg).
NEEDLES = ("innbygger@torget-demo.example", "ingrid innbygger", "41234567", "412 34 567")

pytestmark = pytest.mark.django_db


def _first(tries):
    """The first of `tries` (callables) that the services accept: demo dates are relative
    to today, so which occurrence, slot or shift is free differs from day to day."""
    for attempt in tries:
        try:
            return attempt()
        except DomainError:
            continue
    raise AssertionError("the demo offered nothing to take")


def _give_her_everything(ingrid: User, django_capture_on_commit_callbacks) -> None:
    """What the demo does not give her yet: a registration, an appointment, a callback
    request, an answer with her name, a volunteer profile with a shift, a key, a booking
    staff made for her by phone, and a try at Holmen's door with her card."""
    from torget.access.demo import DEMO_CARD, DEMO_PIN
    from torget.access.models import AttemptVia, Door
    from torget.access.services import door_check
    from torget.appointments.models import Service
    from torget.appointments.selectors import sessions_with_slots
    from torget.appointments.services import Contact, appointment_book
    from torget.booking.keys import key_loan_create
    from torget.booking.services import BookingRequest, booking_create
    from torget.consultations import services as consultations
    from torget.consultations.models import Status
    from torget.desk.services import active_topic_codes, callback_request_create
    from torget.events.models import Occurrence
    from torget.events.services.registrations import registration_create
    from torget.places.models import Hub, Space
    from torget.volunteering.models import Shift
    from torget.volunteering.services.shifts import (
        VolunteerDetails,
        police_certificate_seen,
        signup_create,
        volunteer_save,
    )

    desk = User.objects.get(username="desk-holmen")
    holmen = Hub.objects.get(name="Holmen")
    name = ingrid.get_full_name()
    with django_capture_on_commit_callbacks(execute=True):
        ahead = Occurrence.objects.filter(
            booking__start__gt=timezone.now(), event__registration="required"
        ).order_by("booking__start")
        _first(
            (lambda o=o: registration_create(actor=ingrid, occurrence_id=o.pk, postcode="1394"))
            for o in ahead
        )
        free = [
            (found.session, slot.start)
            for service in Service.objects.all()
            for found in sessions_with_slots(service=service)
            for slot in found.free
        ]
        _first(
            (
                lambda s=s, t=t: appointment_book(
                    session_id=s.pk,
                    start=t,
                    about="Søknad om garasje",
                    contact=Contact(user=ingrid),
                )
            )
            for s, t in free
        )
        callback_request_create(
            hub=holmen, phone=PHONE, topic=sorted(active_topic_codes())[0], consent=True
        )
        consultation = consultations.consultation_from_template(hubs=[holmen])
        consultation = consultations.consultation_set_status(consultation, Status.OPEN)
        question = consultation.questions.first()
        consultations.response_submit(
            consultation, {question.pk: "Lengre åpent på lørdager"}, name=name, contact=ingrid.email
        )
        volunteer = volunteer_save(
            user=ingrid,
            details=VolunteerDetails(
                phone=PHONE, email=ingrid.email, likes="Lese høyt", birth_date=date(1980, 5, 1)
            ),
        )
        police_certificate_seen(actor=desk, volunteer_id=volunteer.pk, on=today())
        shifts = Shift.objects.filter(role__active=True, role__hub=holmen)
        _first(
            (lambda s=s, d=d: signup_create(actor=ingrid, shift_id=s.pk, day=d))
            for s in shifts
            for d in (today() + timedelta(days=n) for n in range(1, 60))
        )
        key_loan_create(actor=desk, hub=holmen, label="Nøkkel 17", holder=name, phone=PHONE)
        rooms = Space.objects.filter(hub=holmen, bookable=True).order_by("pk")
        _first(
            (
                lambda room=room, d=d: booking_create(
                    actor=desk,
                    request=BookingRequest(
                        space=room,
                        start=d,
                        end=d + timedelta(hours=1),
                        title=f"Samtale med {name}",
                        organiser_type="resident",
                        kind="meeting",
                        on_behalf_name=name,
                        on_behalf_phone="41234567",
                    ),
                )
            )
            for room in rooms
            for d in (
                make_local(today() + timedelta(days=n), time(h))
                for n in range(3, 10)
                for h in (10, 12, 14)
            )
        )
        door = Door.objects.get(hub=holmen, external_id="HOLMEN-1")
        door_check(door=door, credential=DEMO_CARD, pin=DEMO_PIN, via=AttemptVia.KEYPAD)


def _models() -> list[type[models.Model]]:
    """Every Torget model (with the tables behind its many-to-many fields), the worker's
    queue, and the histories that name who changed what."""
    torget = [
        m for m in apps.get_models(include_auto_created=True) if m.__module__.startswith("torget.")
    ]
    return [
        *torget,
        *next(c for c in apps.get_app_configs() if c.name == "django_tasks_db").get_models(),
        apps.get_model("auditlog", "LogEntry"),
        apps.get_model("admin", "LogEntry"),
        apps.get_model("sessions", "Session"),
    ]


def _walk(user_id: int) -> tuple[list[str], set[str]]:
    """Every text, e-mail and JSON field of every row that holds her name, e-mail address
    or phone number; and the links to her account (model.field)."""
    found, links = [], set()
    for model in _models():
        label = model._meta.label
        fields = model._meta.concrete_fields
        texts = [f for f in fields if isinstance(f, models.CharField | models.TextField)]
        texts += [f for f in fields if isinstance(f, models.JSONField)]
        to_user = [
            f
            for f in fields
            if f.is_relation and f.related_model is apps.get_model(settings.AUTH_USER_MODEL)
        ]
        for obj in model._base_manager.all().iterator():
            for field in texts:
                value = getattr(obj, field.attname)
                if field.name == "session_data":
                    value = obj.get_decoded()
                text = json.dumps(value, default=str, ensure_ascii=False).lower()
                found += [f"{label}.{field.name}: {text[:80]}" for n in NEEDLES if n in text]
            links |= {f"{label}.{f.name}" for f in to_user if getattr(obj, f.attname) == user_id}
    return found, links


def _audit_about(user_id: int) -> dict[int, dict]:
    """The audit log's entries about her account (id → fields changed, before and after),
    and those that changed a link to her account elsewhere."""
    from auditlog.models import LogEntry

    user_type = apps.get_model(settings.AUTH_USER_MODEL)
    about = {}
    for entry in LogEntry.objects.select_related("content_type"):
        model = entry.content_type.model_class()
        changes = entry.changes_dict or {}
        if model is user_type and entry.object_pk == str(user_id):
            about[entry.pk] = changes
        for name, values in changes.items():
            field = next((f for f in model._meta.fields if f.name == name), None) if model else None
            linked = field is not None and field.related_model is user_type
            if linked and str(user_id) in [str(v) for v in values]:
                about[entry.pk] = {name: values}
    return about


def _counts() -> tuple:
    """The ledger's anonymous rows and monthly rollup, and the key figures (with the added
    figures: volunteer hours, self-service visits) for the demo's year, every hub and each."""
    from torget.keyfigures.selectors import added_figures, key_figures
    from torget.ledger.models import LedgerEntry, LedgerMonth
    from torget.places.models import Hub

    start = date(today().year - 1, 1, 1)
    end = date(today().year + 1, 12, 31)
    figures = []
    for hub in [None, *Hub.objects.order_by("pk")]:
        figures.append(repr(key_figures(start=start, end=end, hub=hub)))
        figures.append(repr(added_figures(start=start, end=end, hub=hub)))
    return (
        list(LedgerEntry.objects.order_by("pk").values()),
        list(LedgerMonth.objects.order_by("pk").values()),
        figures,
    )


def test_the_demo_resident_is_exported_then_erased_leaving_only_anonymous_counts(
    client, django_capture_on_commit_callbacks
):
    call_command("load_demo", stdout=StringIO())
    ingrid = User.objects.get(username="innbygger")
    ingrid.phone = PHONE
    ingrid.save(update_fields=["phone"])
    _give_her_everything(ingrid, django_capture_on_commit_callbacks)
    user_id = ingrid.pk
    found, links = _walk(user_id)
    assert found and links, "the walk finds her before the erasure"
    audited_before = _audit_about(user_id)

    # Export first: her own download, and the same for an administrator on request.
    client.force_login(ingrid)
    mine = client.get("/mine-data/last-ned/")
    assert mine.status_code == 200
    exported = json.loads(mine.content)
    found = {name for name, kind in exported["kinds"].items() if kind["rows"]}
    assert {
        "accounts.inactive",
        "accounts.sessions",
        "booking.details",
        "booking.key_loans",
        "events.registrations",
        "appointments.details",
        "desk.callback_requests",
        "consultations.identities",
        "access.self_service_agreements",
        "access.entry_log",
        "volunteering.volunteers",
        "volunteering.signups",
        "volunteering.initiatives",
        "notifications.sent",
    } <= found, found
    assert len(exported["kinds"]["booking.details"]["rows"]) >= 2  # hers and the one for her
    admin = User.objects.get(username="admin")
    client.force_login(admin)
    staff_copy = json.loads(client.get(f"/ansatt/personer/{user_id}/last-ned/").content)
    assert set(staff_copy["kinds"]) >= found - {"accounts.sessions"}

    before = _counts()
    assert client.post(f"/ansatt/personer/{user_id}/slett/").status_code == 302

    found, links = _walk(user_id)
    assert not found, "\n".join(found)
    left = User.objects.filter(pk=user_id).first()
    # The account goes, or stays emptied ("slettet-<id>") where a record that stays for
    # the figures refers to it (a booking's `booked_by` is protected).
    assert left is None or (
        left.username,
        left.email,
        left.first_name,
        left.last_name,
        left.phone,
        left.is_active,
    ) == (f"slettet-{user_id}", "", "", "", "", False)
    assert links <= ({"booking.Booking.booked_by"} if left else set()), links
    # The audit log: what it held about her account is gone; the one entry the erasure
    # writes (the account emptied, by the administrator) says which fields changed, never
    # their values.
    audited = _audit_about(user_id)
    assert not set(audited) & set(audited_before), audited
    for changes in audited.values():
        for field, (old, new) in changes.items():
            assert field == "is_active" or old == new == "•••", (field, old, new)
    assert _counts() == before  # the ledger's anonymous counts and the key figures

    from torget.site.models import ErasureRecord

    record = ErasureRecord.objects.get(user_id_erased=user_id)
    assert record.actor == admin and sum(record.counts.values()) >= len(found)
    assert not any(n in json.dumps(record.counts).lower() for n in NEEDLES)
    if left is not None:  # what an export of the emptied account still finds: nothing of her
        from torget.site.person import person_export

        rest = person_export(left)["kinds"]
        assert not any(n in json.dumps(rest, default=str).lower() for n in NEEDLES), rest
