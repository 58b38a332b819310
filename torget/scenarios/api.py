"""GET /scenarios/{id} (hub leaders for their hubs, management): the numbers the scenario
page shows, from the same selector."""

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from torget.core.schemas import Id, ProblemOut
from torget.keyfigures.api import KeyFiguresOut
from torget.scenarios import selectors

router = Router(tags=["scenarios"])

PROBLEMS: dict[int, type] = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut}


def _auth():
    from torget.accounts.api_auth import signed_in

    return signed_in


class ChangeOut(Schema):
    kind: str = Field(description="close, merge, hours or move_module.")
    hub: str = Field(description="The hub's slug.")
    target_hub: str | None = Field(description="Merged into, or the module moves to.")
    module: str = Field(description="The moved module's code; empty otherwise.")
    staffed_days: int | None = Field(description="Staffed days per week after (hours).")
    self_service_days: int | None = Field(description="Self-service days per week after.")


class HubTodayOut(Schema):
    hub: str = Field(description="The hub's slug.")
    last_year: KeyFiguresOut = Field(description="The last full year.")
    this_year: KeyFiguresOut = Field(description="The current year so far.")


class ItemOut(Schema):
    kind: str = Field(description="single, series, occurrence, office_hours or season_slot.")
    title: str
    organiser: str = Field(description="The organisation or municipal service.")
    organiser_type: str
    space: str
    start: datetime | None
    end: datetime | None
    weekday: int | None = Field(description="0 = Monday, for weekly series and seasonal slots.")
    starts_at: str | None = Field(description="`HH:MM`, Oslo time.")
    ends_at: str | None
    weeks_left: int | None
    registrations: int | None = Field(description="Seats registered (occurrences).")
    waitlisted: int | None


class DisplacedOut(Schema):
    hub: str = Field(description="The closing hub's slug.")
    counts: dict[str, int] = Field(description="Per kind, everything from the date.")
    by_residents: dict[str, int] = Field(
        description="Of `counts`, what residents booked: counted, never listed."
    )
    bookings: int = Field(description="Active bookings at the hub from the date.")
    series_weeks: int = Field(description="The weeks left of the weekly series together.")
    registrations: int
    items: list[ItemOut] = Field(description="Organisations' and services' activity, in order.")


class ScenarioOut(Schema):
    id: int
    name: str
    start: date = Field(alias="from", description="The date the changes take effect.")
    assumptions: str
    created: datetime
    data_read_at: datetime
    changes: list[ChangeOut]
    today: list[HubTodayOut] = Field(description="What happens at each affected hub today.")
    displaced: list[DisplacedOut] = Field(description="Per closing hub, from the date.")
    totals: dict[str, int] = Field(description="Displaced per kind, every closing hub.")


def as_json(report: selectors.Report) -> dict:
    scenario = report.scenario
    return {
        "id": scenario.pk,
        "name": scenario.name,
        "from": scenario.starts,
        "assumptions": scenario.assumptions,
        "created": scenario.created,
        "data_read_at": scenario.data_read_at,
        "changes": [
            {
                "kind": c.kind,
                "hub": c.hub.slug,
                "target_hub": c.target_hub.slug if c.target_hub else None,
                "module": c.module,
                "staffed_days": c.staffed_days,
                "self_service_days": c.self_service_days,
            }
            for c in report.changes
        ],
        "today": [
            {
                "hub": row.hub.slug,
                "last_year": row.last_year.as_json(),
                "this_year": row.this_year.as_json(),
            }
            for row in report.today
        ],
        "displaced": [d.as_json() for d in report.displaced],
        "totals": report.totals,
    }


@router.get(
    "/scenarios/{scenario_id}",
    response={200: ScenarioOut, **PROBLEMS},
    by_alias=True,
    auth=_auth(),
    summary="A scenario for the hub structure: what happens there today and what it displaces",
)
def scenario_detail(request: HttpRequest, scenario_id: Id):
    scenario = selectors.scenario_for(request.user, scenario_id)
    return as_json(selectors.report(scenario))
