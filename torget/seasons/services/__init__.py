"""Writes for the seasonal round: applications, the proposal, staff changes and the decision.

Confirming creates the weekly series through the booking engine
(`booking.services.booking_series_create`), never Booking rows directly, all in one
transaction: if one series clashes, nothing is booked and the clash is shown.

One module per family of actions:

- `rounds`: a new round's default rules, and the lock staff changes and the decision take
- `applications`: submit, change or withdraw an application, with its receipt
- `proposal`: compute the proposal
- `allocations`: staff move, swap or refuse a slot
- `decision`: the clashes to show before confirming, confirming, the decision letters

The errors are in `torget.seasons.errors`. Callers import from `torget.seasons.services`;
the names below are its public API.
"""

# Pages and tests reach the errors through this package as `services.<Error>`.
from torget.core.errors import Conflict, ValidationFailed
from torget.seasons.errors import AlreadyDecided, RoundClosed, SlotTaken
from torget.seasons.services.allocations import (
    allocation_move,
    allocation_refuse,
    allocation_swap,
)
from torget.seasons.services.applications import (
    MAX_WISHES,
    ApplicationInput,
    WishInput,
    application_save,
    application_withdraw,
)
from torget.seasons.services.decision import (
    Clash,
    confirm_preview,
    letter_context,
    round_confirm,
)
from torget.seasons.services.proposal import proposal_compute
from torget.seasons.services.rounds import round_create_default_rules

__all__ = [
    "MAX_WISHES",
    "AlreadyDecided",
    "ApplicationInput",
    "Clash",
    "Conflict",
    "RoundClosed",
    "SlotTaken",
    "ValidationFailed",
    "WishInput",
    "allocation_move",
    "allocation_refuse",
    "allocation_swap",
    "application_save",
    "application_withdraw",
    "confirm_preview",
    "letter_context",
    "proposal_compute",
    "round_confirm",
    "round_create_default_rules",
]
