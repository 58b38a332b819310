"""The invented population grid for Asker's area (marked as invented), and two demo scenarios
(invented): close Tofte, and cut Sætre's staffed hours to two days a week with self-service
every day. Made by the demo management account through the service, so they pass the same
rules; a second run finds them by name and changes nothing. Holmen's senior centre is linked
to its rooms and its choir, so a scenario that moves it moves exactly that."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from torget.accounts.models import Organisation, User
from torget.core.timeutil import today
from torget.places.codes import ModuleCode
from torget.places.models import Hub, Module
from torget.scenarios import demo_groups, demo_postcodes
from torget.scenarios.demo_grid import invented_grid_csv
from torget.scenarios.grid import OPERATOR, current_grid, import_grid
from torget.scenarios.models import ChangeKind, Scenario
from torget.scenarios.services import ChangeSpec, create_scenario

MAKER = "ledelse"
# From next Monday: the demo's bookings, series and activities lie in the coming weeks.
CLOSE_TOFTE = "Tofte stenger (demo)"
CUT_SAETRE = "Sætre: betjent to dager, selvbetjent hver dag (demo)"
# An invented cost of a staffed hour (pay, holiday pay and employer's costs), so the memo
# shows the yearly saving in kroner beside what the cut displaces.
COST_PER_STAFFED_HOUR = Decimal("650")
DEMO_GRID = "Oppdiktet befolkningsrutenett for Asker (demo).csv"


def _next_monday():
    day = today() + timedelta(days=1)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def load_grid() -> None:
    """The invented population grid for Asker's area (`demo_grid`), through the import's own
    checks, unless a grid is there already (a real one is never replaced by the demo)."""
    if current_grid() is None:
        import_grid(
            actor=OPERATOR,
            data=invented_grid_csv(),
            filename=DEMO_GRID,
            invented=True,
        )


# Holmen's senior centre: its own rooms and the organiser of its activity (invented).
SENIOR_CENTRE = (
    "Holmen",
    ("Seniorkafeen", "Seniorsenterets kjøkken"),
    ("Vollen seniorkor (oppdiktet)",),
)


def link_senior_centre() -> None:
    """Link Holmen's senior centre to its rooms and its choir, unless staff have set its
    links already (or the demo hub is not there)."""
    hub, rooms, organisers = SENIOR_CENTRE
    module = Module.objects.filter(hub__name=hub, code=ModuleCode.SENIOR_CENTRE).first()
    if module is None or module.spaces.exists() or module.organisations.exists():
        return
    module.spaces.set(module.hub.spaces.filter(name__in=rooms))
    module.organisations.set(Organisation.objects.filter(name__in=organisers))


def load() -> None:
    load_grid()
    link_senior_centre()
    demo_postcodes.load()  # invented postcode areas, and postcodes on past demo rows
    actor = User.objects.filter(username=MAKER).first()
    hubs = {h.name: h for h in Hub.objects.filter(name__in=["Tofte", "Sætre"])}
    if actor is None or len(hubs) < 2:
        return  # the demo hubs or the management account are not there
    starts = _next_monday()
    demo_groups.load(starts)  # weekly groups for "room elsewhere" to place
    if not Scenario.objects.filter(name=CLOSE_TOFTE).exists():
        create_scenario(
            actor=actor,
            name=CLOSE_TOFTE,
            starts=starts,
            assumptions="Tofte stenger. Aktiviteter og møter må finne rom på andre torg "
            "(oppdiktet eksempel).",
            changes=[ChangeSpec(kind=ChangeKind.CLOSE, hub=hubs["Tofte"])],
            cost_per_staffed_hour=COST_PER_STAFFED_HOUR,
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
            cost_per_staffed_hour=COST_PER_STAFFED_HOUR,
        )
    # Demo scenarios saved before the cost was an assumption get it now.
    Scenario.objects.filter(
        name__in=[CLOSE_TOFTE, CUT_SAETRE], cost_per_staffed_hour__isnull=True
    ).update(cost_per_staffed_hour=COST_PER_STAFFED_HOUR)
