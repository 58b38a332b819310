"""Writing bookings: create, series, cancel, approve, reject, block.

Every write goes through here, whoever calls (pages, API, staff pages, the seasonal round,
events), so the rules and "never a double booking" are enforced once.

One action family per module: `request` (what is asked for, and the checks before any
write), `slots` (occupancies and what is in their way), `effects` (the ledger row and the
message), `create`, `series`, `changes` (cancel, approve, reject, move, no-show),
`blocks` and `purge`. Other apps import from here.
"""

from torget.booking.services.blocks import BlockResult, blocked_period_create
from torget.booking.services.changes import (
    booking_approve,
    booking_cancel,
    booking_for,
    booking_mark_no_show,
    booking_move,
    booking_reject,
    can_change_booking,
)
from torget.booking.services.create import booking_create
from torget.booking.services.effects import ledger_fact
from torget.booking.services.purge import PERSONAL_FIELDS, booking_details_purge
from torget.booking.services.request import (
    MAX_TITLE,
    ORGANISER_TYPES_OF_KIND,
    BookingRequest,
    price_for,
)
from torget.booking.services.series import (
    SeriesResult,
    booking_series_cancel,
    booking_series_change,
    booking_series_create,
)

__all__ = [
    "MAX_TITLE",
    "ORGANISER_TYPES_OF_KIND",
    "PERSONAL_FIELDS",
    "BlockResult",
    "BookingRequest",
    "SeriesResult",
    "blocked_period_create",
    "booking_approve",
    "booking_cancel",
    "booking_create",
    "booking_details_purge",
    "booking_for",
    "booking_mark_no_show",
    "booking_move",
    "booking_reject",
    "booking_series_cancel",
    "booking_series_change",
    "booking_series_create",
    "can_change_booking",
    "ledger_fact",
    "price_for",
]
