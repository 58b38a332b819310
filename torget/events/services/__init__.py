"""Writing events: create (booking the room), move, cancel, postpone; registrations with a
waitlist; attendance and headcount. Every interface (admin, pages, API, commands) calls these.

The room is booked through `torget.booking` services only: an occurrence's booking is
created by `booking_create` / `booking_series_create` (with `for_event=True`), moved by
cancelling it and booking the new time in the same transaction, and cancelled by
`booking_cancel`. The room booking writes no ledger row: the occurrence writes its own
(`torget.events.ledger`), updated with the actual attendance, reversed when cancelled.

One module per family of actions:

- `details`: `EventDetails`, checking it, and the room booking request made from it
- `locking`: the occurrence row lock, and who may act on it as staff
- `events`: create (booking the rooms), update, cancel every occurrence ahead
- `occurrences`: move, postpone, cancel one occurrence, telling everyone registered
- `registrations`: register (one or the whole series), cancel, the waitlist, duplicates
- `attendance`: who came, and the headcount
- `reminders`: the day before
- `retention`: anonymising registrations after the retention period

Callers import from `torget.events.services`; the names below are its public API.
"""

from torget.events.services.attendance import attendance_mark, headcount_record
from torget.events.services.details import EventDetails, check_details
from torget.events.services.events import (
    create_with_rooms,
    event_cancel,
    event_create,
    event_update,
)
from torget.events.services.occurrences import (
    occurrence_cancel,
    occurrence_move,
    occurrence_postpone,
)
from torget.events.services.registrations import (
    Registered,
    registration_by_token,
    registration_cancel,
    registration_create,
    registration_series_create,
    waitlist_position,
)
from torget.events.services.reminders import reminders_send
from torget.events.services.retention import registrations_anonymise

__all__ = [
    "EventDetails",
    "Registered",
    "attendance_mark",
    "check_details",
    "create_with_rooms",
    "event_cancel",
    "event_create",
    "event_update",
    "headcount_record",
    "occurrence_cancel",
    "occurrence_move",
    "occurrence_postpone",
    "registration_by_token",
    "registration_cancel",
    "registration_create",
    "registration_series_create",
    "registrations_anonymise",
    "reminders_send",
    "waitlist_position",
]
