"""The payment adapter: how a participant fee could be paid online (Vipps, a card terminal's
service, the municipality's own shop) without the events app knowing which.

`TORGET_PAYMENT_PROVIDER` names the class (a dotted path). Torget ships no real integration:
the default is `FakePaymentProvider`, for development and tests, which "pays" nothing and
answers what a test told it to. A real provider implements the two methods below.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar, Literal, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

PaymentState = Literal["pending", "paid", "failed"]


@dataclass(frozen=True)
class PaymentStart:
    reference: str  # the provider's id of the payment, kept on the registration
    redirect_url: str  # where the payer completes it (empty: nothing to do online)


class PaymentProvider(Protocol):
    def start_payment(self, *, amount: Decimal, description: str, payer: str) -> PaymentStart:
        """Ask the provider for a payment of `amount` NOK."""
        ...

    def payment_status(self, *, reference: str) -> PaymentState:
        """Where the payment stands now."""
        ...


class FakePaymentProvider:
    """For development and tests: payments are remembered in this process only, start as
    `pending`, and change when a test calls `settle(reference, state)`."""

    states: ClassVar[dict[str, PaymentState]] = {}

    def start_payment(self, *, amount: Decimal, description: str, payer: str) -> PaymentStart:
        reference = f"fake-{secrets.token_hex(8)}"
        self.states[reference] = "pending"
        return PaymentStart(reference=reference, redirect_url="")

    def payment_status(self, *, reference: str) -> PaymentState:
        return self.states.get(reference, "failed")

    @classmethod
    def settle(cls, reference: str, state: PaymentState = "paid") -> None:
        cls.states[reference] = state


def provider() -> PaymentProvider:
    """The configured provider (a new instance: providers keep no per-request state)."""
    return import_string(settings.TORGET_PAYMENT_PROVIDER)()
