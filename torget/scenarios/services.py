"""Making a scenario: every rule checked before anything is saved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from torget.core.errors import PermissionDenied, ValidationFailed
from torget.core.timeutil import now, today
from torget.places.models import Hub, Module
from torget.scenarios.models import Change, ChangeKind, Scenario
from torget.scenarios.selectors import can_change_hub, can_use_scenarios

DAYS_IN_WEEK = 7
MAX_COST_PER_HOUR = Decimal(1_000_000)  # the field holds 999 999,99 at most


@dataclass(frozen=True, slots=True)
class ChangeSpec:
    kind: str
    hub: Hub
    target_hub: Hub | None = None
    module: str = ""
    staffed_days: int | None = None
    self_service_days: int | None = None


def _fail(message: str, field: str = "changes") -> ValidationFailed:
    return ValidationFailed(message, errors=[{"field": field, "message": message}])


def _check_change(change: ChangeSpec, closing: set[int]) -> None:
    if change.kind not in ChangeKind.values:
        raise _fail(_("Choose what changes."))
    if change.kind == ChangeKind.MERGE:
        if change.target_hub is None:
            raise _fail(_("Choose the hub %(hub)s merges into.") % {"hub": change.hub})
        if change.target_hub.pk == change.hub.pk:
            raise _fail(_("A hub cannot be merged into itself."))
        if change.target_hub.pk in closing:
            raise _fail(
                _("%(hub)s cannot be merged into %(target)s: that hub also closes.")
                % {"hub": change.hub, "target": change.target_hub}
            )
    if change.kind == ChangeKind.MOVE_MODULE:
        if change.target_hub is None or change.target_hub.pk == change.hub.pk:
            raise _fail(_("Choose another hub the module moves to."))
        if change.target_hub.pk in closing:
            raise _fail(_("A module cannot move to a hub that closes."))
        if not Module.objects.filter(hub=change.hub, code=change.module).exists():
            raise _fail(_("%(hub)s has no such module to move.") % {"hub": change.hub})
    if change.kind == ChangeKind.HOURS:
        for days in (change.staffed_days, change.self_service_days):
            if days is None or not 0 <= days <= DAYS_IN_WEEK:
                raise _fail(_("Days per week must be a whole number from 0 to 7."))


def create_scenario(
    *,
    actor,
    name: str,
    starts: date,
    assumptions: str,
    changes: list[ChangeSpec],
    cost_per_staffed_hour: Decimal | None = None,
) -> Scenario:
    """Save a scenario and its changes, or refuse with a clear message and save nothing."""
    if not can_use_scenarios(actor):
        raise PermissionDenied()
    name = name.strip()
    if not name:
        raise _fail(_("Give the scenario a name."), "name")
    if starts < today():
        raise _fail(_("The scenario's date cannot be in the past."), "starts")
    if cost_per_staffed_hour is not None and not (
        Decimal(0) <= cost_per_staffed_hour < MAX_COST_PER_HOUR
    ):
        raise _fail(
            _("The cost per staffed hour must be from 0 to 999 999 kroner."),
            "cost_per_staffed_hour",
        )
    if not changes:
        raise _fail(_("Add at least one change."))
    # A hub leader changes the hubs they lead; the receiving hub of a merge may be another.
    if any(not can_change_hub(actor, change.hub) for change in changes):
        raise PermissionDenied(_("You may only make scenarios for the hubs you lead."))
    closing = {c.hub.pk for c in changes if c.kind in (ChangeKind.CLOSE, ChangeKind.MERGE)}
    for change in changes:
        _check_change(change, closing)
    if closing >= set(Hub.objects.values_list("pk", flat=True)):
        raise _fail(_("A scenario cannot close every hub."))
    with transaction.atomic():
        scenario = Scenario.objects.create(
            name=name,
            starts=starts,
            assumptions=assumptions.strip(),
            created_by=actor,
            data_read_at=now(),
            cost_per_staffed_hour=cost_per_staffed_hour,
        )
        Change.objects.bulk_create(
            Change(
                scenario=scenario,
                kind=c.kind,
                hub=c.hub,
                target_hub=c.target_hub
                if c.kind in (ChangeKind.MERGE, ChangeKind.MOVE_MODULE)
                else None,
                module=c.module if c.kind == ChangeKind.MOVE_MODULE else "",
                staffed_days=c.staffed_days if c.kind == ChangeKind.HOURS else None,
                self_service_days=c.self_service_days if c.kind == ChangeKind.HOURS else None,
            )
            for c in changes
        )
    return scenario
