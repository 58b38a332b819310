"""The booking back office: scoped by hub, personal details not shown to management,
booking rules changed by the hub leader."""

import pytest
from django.urls import reverse

from torget.booking.models import BookingPolicy
from torget.booking.services import BookingRequest, blocked_period_create, booking_create
from torget.booking.tests.conftest import at

pytestmark = pytest.mark.usefixtures("frozen_now")


@pytest.fixture
def desk_booking(personas, room):
    return booking_create(
        actor=personas.desk_holmen,
        request=BookingRequest(
            space=room,
            start=at(30, 10),
            end=at(30, 11),
            title="Time hos NAV",
            organiser_type="resident",
            kind="meeting",
            on_behalf_name="Ola Nordmann",
            on_behalf_phone="99887766",
        ),
    )


def test_management_reads_bookings_without_personal_details(client, personas, desk_booking):
    url = reverse("admin:booking_booking_change", args=[desk_booking.pk])
    client.force_login(personas.desk_holmen)
    assert "99887766" in client.get(url).content.decode()
    client.force_login(personas.management)
    response = client.get(url)
    assert response.status_code == 200
    assert "99887766" not in response.content.decode()
    assert "Ola Nordmann" not in response.content.decode()


def test_blocked_periods_are_scoped_by_hub(client, personas, room):
    blocked_period_create(
        actor=personas.desk_holmen,
        spaces=[room],
        start=at(2, 8, month=12),
        end=at(2, 20, month=12),
        reason="Valg på Holmen",
    )
    client.force_login(personas.desk_tofte)
    assert (
        "Valg på Holmen"
        not in client.get(reverse("admin:booking_blockedperiod_changelist")).content.decode()
    )
    client.force_login(personas.desk_holmen)
    assert (
        "Valg på Holmen"
        in client.get(reverse("admin:booking_blockedperiod_changelist")).content.decode()
    )


def test_hub_leader_sets_booking_rules_and_desk_staff_read_them(client, personas, room):
    policy = BookingPolicy.objects.create(hub=room.hub, max_future_bookings=5)
    url = reverse("admin:booking_bookingpolicy_change", args=[policy.pk])
    client.force_login(personas.desk_holmen)
    assert client.get(url).status_code == 200
    assert client.post(url, {"hub": room.hub.pk, "max_future_bookings": 99}).status_code == 403
    client.force_login(personas.leader)
    page = client.get(url)
    assert page.status_code == 200 and 'name="max_future_bookings"' in page.content.decode()
