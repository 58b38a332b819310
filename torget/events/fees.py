"""Participant fees (egenandel): how each registration pays, and whether it has.

A registration for an event with a fee records its payment method (`at_desk`, `invoice`,
`later`); hub staff mark it paid (when and by whom is kept) or unpaid again on the
participant page. Online payment goes through the configured `PaymentProvider`
(`torget.events.payments`): none is integrated yet, the fake stands in for it.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from torget.accounts.models import User
from torget.accounts.permissions import can_manage_hub
from torget.core.db import serialized_write
from torget.core.errors import NotFound, ValidationFailed
from torget.events import payments
from torget.events.codes import PaymentMethod, RegistrationStatus
from torget.events.errors import NoFee, RegistrationNotActive
from torget.events.models import Registration


def _registration(registration_id: int) -> Registration:
    found = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("occurrence__event__hub")
        .filter(pk=registration_id)
        .first()
    )
    if found is None:
        raise NotFound()
    if found.occurrence.event.is_free:
        raise NoFee()
    return found


@serialized_write
def registration_payment_set(
    *, actor: User, registration_id: int, paid: bool, method: str = ""
) -> Registration:
    """Hub staff record the fee as paid (now, by them) or not paid, and may change how it
    is paid."""
    registration = _registration(registration_id)
    if not can_manage_hub(actor, registration.occurrence.event.hub):
        raise NotFound()
    if method and method not in PaymentMethod.values:
        raise ValidationFailed(
            errors=[{"field": "payment_method", "message": _("Choose how it is paid.")}]
        )
    if registration.status == RegistrationStatus.CANCELLED and paid:
        raise RegistrationNotActive()
    registration.payment_method = method or registration.payment_method or PaymentMethod.AT_DESK
    if paid and registration.paid_at is None:
        registration.paid_at, registration.paid_marked_by = timezone.now(), actor
    elif not paid:
        registration.paid_at, registration.paid_marked_by = None, None
    registration.save(update_fields=["payment_method", "paid_at", "paid_marked_by"])
    return registration


@serialized_write
def payment_start(*, registration_id: int) -> payments.PaymentStart:
    """Start an online payment of the fee with the configured provider."""
    registration = _registration(registration_id)
    if registration.status == RegistrationStatus.CANCELLED:
        raise RegistrationNotActive()
    event = registration.occurrence.event
    started = payments.provider().start_payment(
        amount=event.fee * registration.seats,
        description=event.title,
        payer=registration.email or registration.phone,
    )
    registration.payment_reference = started.reference
    registration.save(update_fields=["payment_reference"])
    return started


@serialized_write
def payment_refresh(*, registration_id: int) -> Registration:
    """Ask the provider about a started payment; paid there is recorded as paid here."""
    registration = _registration(registration_id)
    if not registration.payment_reference or registration.paid_at is not None:
        return registration
    state = payments.provider().payment_status(reference=registration.payment_reference)
    if state == "paid":
        registration.paid_at = timezone.now()
        registration.save(update_fields=["paid_at"])
    return registration
