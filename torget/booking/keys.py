"""The key register: keys and access cards handed out at a hub, and their return."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from torget.accounts.models import User
from torget.accounts.permissions import can_manage_hub
from torget.booking.models import KeyLoan
from torget.core.errors import NotFound, PermissionDenied, ValidationFailed
from torget.places.models import Hub


def key_loan_create(
    *, actor: User, hub: Hub, label: str, holder: str, phone: str = "", due: date | None = None
) -> KeyLoan:
    if not can_manage_hub(actor, hub):
        raise PermissionDenied()
    label, holder = label.strip(), holder.strip()
    errors = []
    if not label:
        errors.append({"field": "label", "message": _("Write the key's or card's number.")})
    if not holder:
        errors.append({"field": "holder", "message": _("Write who gets it.")})
    if label and KeyLoan.objects.filter(hub=hub, label__iexact=label, returned=None).exists():
        errors.append({"field": "label", "message": _("This key is already handed out.")})
    if due is not None and due < timezone.localdate():
        errors.append({"field": "due", "message": _("The return date has passed.")})
    if errors:
        raise ValidationFailed(errors=errors)
    return KeyLoan.objects.create(
        hub=hub,
        label=label[:60],
        holder=holder[:200],
        phone=phone.strip()[:30],
        due=due,
        handed_out_by=actor,
    )


def key_loan_return(*, actor: User, hub: Hub, loan_id: int) -> KeyLoan:
    loan = KeyLoan.objects.filter(pk=loan_id, hub=hub).first()
    if loan is None:
        raise NotFound()
    if not can_manage_hub(actor, hub):
        raise PermissionDenied()
    if loan.returned is None:
        loan.returned = timezone.localdate()
        loan.save(update_fields=["returned"])
    return loan


def keys_out(hub: Hub) -> list[KeyLoan]:
    """Keys and cards not yet returned, the longest out first."""
    return list(KeyLoan.objects.filter(hub=hub, returned=None).order_by("handed_out", "label"))
