"""Writing volunteering: agreements, roles and shifts, sign-ups, initiatives. Every
interface (pages, admin, API, demo) calls these; each checks who may.

- `agreements`: create, activate, end, with the overlap rule
- `shifts`: roles, weekly shifts, a volunteer's profile, sign-up under a row lock, cancel,
  hours confirmed by staff, reminders the day before
- `initiatives`: propose, take, decline, turn into exactly one event
"""

from torget.volunteering.services.agreements import (
    AgreementTerms,
    agreement_activate,
    agreement_attach_scan,
    agreement_create,
    agreement_end,
    agreement_update,
)
from torget.volunteering.services.initiatives import (
    initiative_decline,
    initiative_propose,
    initiative_take,
    initiative_to_event,
)
from torget.volunteering.services.shifts import (
    VolunteerDetails,
    hours_confirm,
    police_certificate_seen,
    reminders_send,
    role_create,
    shift_create,
    signup_cancel,
    signup_create,
    signup_swap,
    volunteer_save,
)

__all__ = [
    "AgreementTerms",
    "VolunteerDetails",
    "agreement_activate",
    "agreement_attach_scan",
    "agreement_create",
    "agreement_end",
    "agreement_update",
    "hours_confirm",
    "initiative_decline",
    "initiative_propose",
    "initiative_take",
    "initiative_to_event",
    "police_certificate_seen",
    "reminders_send",
    "role_create",
    "shift_create",
    "signup_cancel",
    "signup_create",
    "signup_swap",
    "volunteer_save",
]
