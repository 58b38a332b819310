"""The audit log (issue 19.2): every staff and administrator write — from a service, the
API, a staff page or the back office — leaves one entry naming who, when, which row and
the fields before and after; residents' own writes leave none; administrators read it per
row and per person, nobody else; it is purged after its period."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from torget.audit.context import acting_as
from torget.audit.registry import WITHHELD
from torget.audit.selectors import changes
from torget.booking.models import Booking, BookingPolicy, BookingStatus
from torget.booking.services import BookingRequest, booking_cancel, booking_create
from torget.booking.tests.conftest import at
from torget.booking.tests.test_api import bearer, body, post
from torget.core import personal_data

pytestmark = pytest.mark.usefixtures("frozen_now")


def book(user, room, day=24, **kw) -> Booking:
    values = {"organiser_type": "resident", "kind": "meeting", "expected_participants": 4}
    values.update(kw)
    return booking_create(
        actor=user,
        request=BookingRequest(
            space=room, start=at(day, 10), end=at(day, 12), title="Kari Nordmanns møte", **values
        ),
    )


def entries(obj=None):
    found = LogEntry.objects.all()
    if obj is not None:
        found = found.filter(
            content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk)
        )
    return list(found.order_by("pk"))


def by_field(entry) -> dict:
    return {c.name: c for c in changes(entry)}


def test_a_staff_write_through_a_service_is_one_entry_with_before_and_after(personas, room):
    with acting_as(personas.desk_holmen):
        booking = book(personas.desk_holmen, room)
    (created,) = entries()  # the booking only: its slots and ledger row are derived from it
    assert created.action == LogEntry.Action.CREATE
    assert created.actor == personas.desk_holmen
    assert (created.content_type.model_class(), created.object_pk) == (Booking, str(booking.pk))
    # A person's data (a booking's title may name someone) is logged as changed, never kept.
    assert by_field(created)["title"].withheld
    assert "Kari" not in str(created.changes) and "Kari" not in created.object_repr

    with acting_as(personas.leader):
        booking_cancel(actor=personas.leader, booking_id=booking.pk, reason="Vannskade")
    updated = entries(booking)[-1]
    assert updated.action == LogEntry.Action.UPDATE and updated.actor == personas.leader
    status = by_field(updated)["status"]
    assert (status.before, status.after) == (BookingStatus.CONFIRMED, BookingStatus.CANCELLED)
    assert len(entries()) == 2


def test_residents_and_organisations_own_writes_and_jobs_leave_no_entry(personas, room):
    with acting_as(personas.resident):
        mine = book(personas.resident, room, day=24)
        booking_cancel(actor=personas.resident, booking_id=mine.pk)
    with acting_as(personas.org_contact):
        book(personas.org_contact, room, day=25, organiser_type="voluntary",
             organisation=personas.organisation)  # fmt: skip
    book(personas.desk_holmen, room, day=26)  # no request, no acting_as: a job's write
    assert entries() == []


def test_a_staff_write_through_the_api_names_the_token_holder(client, personas, room):
    created = post(client, "/api/v1/bookings", body(room), bearer(personas.desk_holmen))
    assert created.status_code == 201, created.content
    (entry,) = entries()
    assert entry.actor == personas.desk_holmen and entry.action == LogEntry.Action.CREATE
    assert entry.object_pk == str(created.json()["id"])

    resident = post(
        client,
        "/api/v1/bookings",
        body(room, start="2026-11-30T14:00:00+01:00", end="2026-11-30T15:00:00+01:00"),
        bearer(personas.resident),
    )
    assert resident.status_code == 201
    assert len(entries()) == 1


def test_a_staff_write_through_a_staff_page(client, personas, room):
    booking = book(personas.resident, room)
    client.force_login(personas.desk_holmen)
    client.post(
        f"/booking/ansatte/{personas.holmen.slug}/{booking.pk}/handling/",
        {"action": "cancel", "reason": "Vannskade"},
    )
    (entry,) = entries()
    assert entry.actor == personas.desk_holmen
    status = by_field(entry)["status"]
    assert (status.before, status.after) == (BookingStatus.CONFIRMED, BookingStatus.CANCELLED)


def test_a_write_in_the_back_office(client, personas, room):
    policy = BookingPolicy.objects.create(hub=room.hub, max_future_bookings=5)
    client.force_login(personas.leader)
    url = reverse("admin:booking_bookingpolicy_change", args=[policy.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(hub=room.hub.pk, max_future_bookings=7)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    (entry,) = entries(policy)
    assert entry.actor == personas.leader
    change = by_field(entry)["max_future_bookings"]
    assert (change.before, change.after) == ("5", "7")


def test_administrators_read_the_log_per_row_and_per_person_nobody_else(client, personas, room):
    with acting_as(personas.desk_holmen):
        booking = book(personas.desk_holmen, room)
        booking_cancel(actor=personas.desk_holmen, booking_id=booking.pk, reason="Syk")
    history = reverse("admin:booking_booking_history", args=[booking.pk])
    log = reverse("admin:auditlog_logentry_changelist")

    client.force_login(personas.admin)
    page = client.get(history).content.decode()
    assert "Endringslogg" in page or "Audit log" in page
    assert f"actor__id__exact={personas.desk_holmen.pk}" in page and WITHHELD not in page
    by_person = client.get(log, {"actor__id__exact": personas.desk_holmen.pk})
    assert by_person.status_code == 200
    assert len(by_person.context["cl"].result_list) == 2
    by_row = client.get(
        log,
        {
            "content_type__id__exact": ContentType.objects.get_for_model(Booking).pk,
            "object_pk": booking.pk,
        },
    )
    assert len(by_row.context["cl"].result_list) == 2
    entry = entries()[-1]
    detail = client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk]))
    assert detail.status_code == 200 and "cancelled" in detail.content.decode()

    for other in (personas.desk_holmen, personas.leader, personas.management):
        client.force_login(other)
        assert client.get(log).status_code == 403
        own_history = client.get(history)
        assert own_history.status_code in (200, 403)
        assert "Syk" not in own_history.content.decode()
        assert 'id="audit-log"' not in own_history.content.decode()


def test_the_log_is_purged_after_its_period_and_follows_an_erased_person(personas, room):
    with acting_as(personas.admin):
        booking = book(personas.admin, room)
        personas.desk_holmen.first_name = "Dina"
        personas.desk_holmen.save()
    old, about_account = entries()
    LogEntry.objects.filter(pk=old.pk).update(timestamp=timezone.now() - timedelta(days=400))
    kind = next(k for k in personal_data.kinds() if k.name == "audit.log")
    with override_settings(TORGET_AUDIT_LOG_DAYS=365):
        assert kind.erase(kind.retention_days) == 1
    assert entries() == [about_account]
    assert "Dina" not in str(about_account.changes)

    # Erasing a member of staff: their account's history goes, their changes stay unlinked.
    with acting_as(personas.desk_holmen):
        booking_cancel(actor=personas.desk_holmen, booking_id=booking.pk)
    assert kind.export(personas.desk_holmen)
    assert kind.erase_person(personas.desk_holmen) == 2
    (left,) = entries()
    assert left.actor is None and left.object_pk == str(booking.pk)
