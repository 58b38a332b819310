"""Issue 15: money is written one way (`torget.core.templatetags.torget.format_kroner`, the
`kroner` filter). The pages and the message about one booking print its price alike, in
both languages: the message said `kr 1 500,50` and `kr 300,00` while pages said `kr 300`."""

from decimal import Decimal

import pytest

from torget.booking.models import BookingPolicy
from torget.booking.services import BookingRequest, booking_create
from torget.booking.tests.conftest import at
from torget.notifications.models import Message

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

NBSP, THIN = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("per_hour", "language", "expected", "not_expected"),
    [
        (Decimal("750.25"), "nb", f"kr{NBSP}1{THIN}500,50", ""),
        (Decimal("750.25"), "en", f"kr{NBSP}1,500.50", ""),
        (Decimal("150"), "nb", f"kr{NBSP}300", "300,00"),
        (Decimal("150"), "en", f"kr{NBSP}300", "300.00"),
    ],
)
def test_the_pages_and_the_message_print_a_booking_s_price_alike(
    client, personas, room, per_hour, language, expected, not_expected
):
    BookingPolicy.objects.create(hub=room.hub, price_resident=per_hour)
    resident = personas.resident
    resident.preferred_language = language
    resident.save(update_fields=["preferred_language"])
    booking = booking_create(
        actor=resident,
        request=BookingRequest(
            space=room,
            start=at(24, 10),
            end=at(24, 12),
            title="Styremøte",
            organiser_type="resident",
            kind="meeting",
        ),
    )
    assert booking.price == per_hour * 2

    printed: dict[str, str] = {
        "message": Message.objects.get(key__startswith=f"booking:{booking.pk}").body
    }
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    client.force_login(resident)
    for name, path in {
        "confirmation": f"/booking/{booking.pk}/",
        "book form": f"/booking/rom/{room.pk}/bestill/?date=2026-11-25&start_time=10:00"
        "&end_time=12:00",
    }.items():
        response = client.get(path, **headers)
        assert response.status_code == 200, name
        printed[name] = response.content.decode()
    client.force_login(personas.desk_holmen)
    hub = personas.holmen.slug
    for name, path in {
        "staff booking": f"/booking/ansatte/{hub}/{booking.pk}/",
        "invoice basis": f"/booking/ansatte/{hub}/faktura/?fra=2026-11-01&til=2026-11-30",
    }.items():
        response = client.get(path, **headers)
        assert response.status_code == 200, name
        printed[name] = response.content.decode()

    assert {name: expected in text for name, text in printed.items()} == dict.fromkeys(
        printed, True
    )
    if not_expected:
        assert not [name for name, text in printed.items() if not_expected in text]
