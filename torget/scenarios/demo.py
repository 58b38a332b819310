"""Two demo scenarios (invented): close Tofte, and cut Sætre's staffed hours to two days a
week with self-service every day. Made by the demo management account through the service,
so they pass the same rules; a second run finds them by name and changes nothing."""

from __future__ import annotations

from datetime import timedelta

from torget.accounts.models import User
from torget.core.timeutil import today
from torget.places.models import Hub
from torget.scenarios.models import ChangeKind, Scenario
from torget.scenarios.services import ChangeSpec, create_scenario

MAKER = "ledelse"
# From the first day of the month after next: far enough ahead to have bookings to displace.
CLOSE_TOFTE = "Tofte stenger (demo)"
CUT_SAETRE = "Sætre: betjent to dager, selvbetjent hver dag (demo)"


def _first_of_month_after_next():
    day = today().replace(day=1) + timedelta(days=32)
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def load() -> None:
    actor = User.objects.filter(username=MAKER).first()
    hubs = {h.name: h for h in Hub.objects.filter(name__in=["Tofte", "Sætre"])}
    if actor is None or len(hubs) < 2:
        return  # the demo hubs or the management account are not there
    starts = _first_of_month_after_next()
    if not Scenario.objects.filter(name=CLOSE_TOFTE).exists():
        create_scenario(
            actor=actor,
            name=CLOSE_TOFTE,
            starts=starts,
            assumptions="Tofte stenger. Aktiviteter og møter må finne rom på andre torg "
            "(oppdiktet eksempel).",
            changes=[ChangeSpec(kind=ChangeKind.CLOSE, hub=hubs["Tofte"])],
        )
    if not Scenario.objects.filter(name=CUT_SAETRE).exists():
        create_scenario(
            actor=actor,
            name=CUT_SAETRE,
            starts=starts,
            assumptions="Sætre er betjent to dager i uken og selvbetjent alle dager "
            "(oppdiktet eksempel).",
            changes=[
                ChangeSpec(
                    kind=ChangeKind.HOURS,
                    hub=hubs["Sætre"],
                    staffed_days=2,
                    self_service_days=7,
                )
            ],
        )
