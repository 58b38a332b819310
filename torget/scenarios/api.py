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
    change: str = Field(description="What displaces it: close, hours or move_module.")
    counts: dict[str, int] = Field(description="Per kind, everything from the date.")
    by_residents: dict[str, int] = Field(
        description="Of `counts`, what residents booked: counted, never listed."
    )
    bookings: int = Field(description="Active bookings at the hub from the date.")
    series_weeks: int = Field(description="The weeks left of the weekly series together.")
    registrations: int
    items: list[ItemOut] = Field(description="Organisations' and services' activity, in order.")
    method: str = Field(
        "",
        description="For a moved module: how its activity was found (its linked rooms and "
        "organisers, or the audience-and-names assumption), in the reader's language; "
        "empty otherwise.",
    )


class BeyondOut(Schema):
    threshold: int = Field(description="In the method's unit (km for straight lines).")
    before: int = Field(description="Residents further than this from an open hub today.")
    after: int = Field(description="The same after the scenario.")
    aged_67_plus_before: int | None = Field(description="Of them aged 67+; null without ages.")
    aged_67_plus_after: int | None


class BandOut(Schema):
    start: int = Field(alias="from", description="More than this far (0: from the hub).")
    to: int | None = Field(description="At most this far; null: beyond the last threshold.")
    before: int
    after: int
    aged_67_plus_before: int | None
    aged_67_plus_after: int | None


class MovedToOut(Schema):
    hub: int | None = Field(description="The new nearest hub's id; null: none open.")
    residents: int


class MovedOut(Schema):
    hub: int = Field(description="A closing hub's id.")
    residents: int = Field(description="Residents whose nearest hub it is today.")
    aged_67_plus: int | None
    to: list[MovedToOut] = Field(description="Their nearest hub after, most residents first.")


class GridOut(Schema):
    source: str = Field(description="The imported file's name.")
    imported: datetime
    invented: bool = Field(description="True for the demo's invented grid.")
    cells: int


class DistanceOut(Schema):
    method: str = Field(description="straight_line (a travel-time matrix may come later).")
    method_description: str
    unit: str = Field(description="km")
    grid: GridOut
    population: int
    aged_67_plus: int | None = Field(description="Null when the grid has no age groups.")
    hubs: list[int] = Field(description="The hubs measured to (those with coordinates).")
    closing: list[int] = Field(description="Of them, those not open after the scenario.")
    without_coordinates: list[str] = Field(description="Hubs left out: no coordinates.")
    mean_before: float | None = Field(description="Residents' mean distance today.")
    mean_after: float | None
    further: int = Field(description="Residents who would have further to go.")
    beyond: list[BeyondOut] = Field(description="Beyond 2, 5 and 10 km, before and after.")
    bands: list[BandOut] = Field(description="Between the thresholds (the map's shades).")
    moved: list[MovedOut] = Field(description="Per closing hub, where its residents go.")


class PostcodeBeyondOut(Schema):
    threshold: int = Field(description="In the method's unit (km for straight lines).")
    before: int | None = Field(
        description="Bookings and registrations further than this today; null: fewer than "
        "min_count (held back)."
    )
    after: int | None = Field(description="The same after the scenario; null: held back.")


class PostcodeAreaOut(Schema):
    postcode: str = Field(description="The postcode area (postnummer).")
    place: str = Field(description="Its postal town, when the list gives one.")
    users: int = Field(
        description="Bookings and registrations with this postcode (at least min_count)."
    )
    at_affected_hubs: int | None = Field(
        description="Of them at the hubs the scenario changes; null: fewer than min_count."
    )
    before: float | None = Field(description="To the nearest open hub today; null: none.")
    after: float | None = Field(description="The same after the scenario.")
    nearest_before: int | None = Field(description="The nearest open hub's id today.")
    nearest_after: int | None = Field(description="The nearest open hub's id after.")


class PostcodeOtherOut(Schema):
    areas: int = Field(description="Areas with fewer than min_count users, not listed.")
    users: int = Field(description="Their bookings and registrations together.")
    at_affected_hubs: int = Field(description="Of them at the hubs the scenario changes.")


class PostcodeListOut(Schema):
    source: str = Field(description="The imported file's name.")
    imported: datetime
    invented: bool = Field(description="True for the demo's invented centre points.")
    areas: int


class PostcodesOut(Schema):
    method: str = Field(description="straight_line, from each area's centre point.")
    method_description: str
    unit: str = Field(description="km")
    source: PostcodeListOut
    since: datetime = Field(description="Counted from (twelve months before until).")
    until: datetime
    users: int = Field(description="Bookings and registrations with a known postcode.")
    at_affected_hubs: int
    unknown_postcodes: int = Field(description="With a postcode the list does not have.")
    min_count: int = Field(
        description="The fewest users a count per area shows (TORGET_SCENARIO_MIN_COUNT); "
        "smaller counts are null and such areas are counted in other_areas. Totals are exact."
    )
    further: int | None = Field(
        description="Of them, those who would have further to go; null: fewer than min_count."
    )
    beyond: list[PostcodeBeyondOut] = Field(description="Beyond 2, 5 and 10 km.")
    areas: list[PostcodeAreaOut] = Field(
        description="Per area with at least min_count users, most users first."
    )
    other_areas: PostcodeOtherOut = Field(
        description="The areas with fewer users, counted together and never named."
    )


class ThemeOut(Schema):
    theme: str = Field(description="The theme's label (joined across consultations).")
    respondents: int


class QuoteOut(Schema):
    text: str = Field(description="A whole answer as moderated and approved for quoting.")
    consultation: str = Field(description="The consultation it was given in.")


class WordsOut(Schema):
    hub: str = Field(description="The affected hub's slug.")
    respondents: int = Field(description="Responses that mention the hub (counted only).")
    consultations: int = Field(description="How many consultations they came in.")
    themes: list[ThemeOut] = Field(description="Confirmed themes, most respondents first.")
    quotes: list[QuoteOut]


class HubHoursOut(Schema):
    hub: str = Field(description="The affected hub's slug.")
    change: str = Field(description="close, merge, hours, or empty when its hours are kept.")
    staffed_per_week_before: float = Field(description="Hours in a regular week.")
    staffed_per_week_after: float
    self_service_per_week_before: float
    self_service_per_week_after: float
    staffed_days_before: int
    staffed_days_after: int
    self_service_days_before: int
    self_service_days_after: int
    staffed_per_year_before: float = Field(description="The 52 weeks from the date, holidays out.")
    staffed_per_year_after: float
    self_service_per_year_before: float
    self_service_per_year_after: float


class HoursOut(Schema):
    year_from: date = Field(description="The year reckoned: 52 weeks from the scenario's date.")
    year_to: date
    cost_per_staffed_hour: float | None = Field(description="NOK; the scenario's assumption.")
    staffed_per_week_before: float
    staffed_per_week_after: float
    staffed_per_year_before: float
    staffed_per_year_after: float
    staffed_hours_saved_per_year: float = Field(description="Negative: more hours.")
    yearly_saving: int | None = Field(
        description="Whole NOK a year; null without a cost per staffed hour."
    )
    hubs: list[HubHoursOut]


class RoomOut(Schema):
    hub: str = Field(description="The hub's slug.")
    space: str = Field(description="The room's name.")
    id: int = Field(description="The room's id (GET /spaces/{id}).")


class NeedsOut(Schema):
    features: list[str] = Field(description="Feature codes its room had that it needs.")
    step_free: bool
    hearing_loop: bool
    staffed_hours: bool = Field(description="True: only staffed hours will do.")


class GroupSlotOut(Schema):
    kind: str = Field(description="series, occurrence, office_hours or season_slot.")
    title: str = Field(description="Empty for residents' groups (counted, never named).")
    organiser: str = Field(description="Empty for residents' groups.")
    organiser_type: str
    from_hub: str = Field(description="The slug of the hub it is displaced from.")
    from_space: str
    weekday: int = Field(description="0 = Monday.")
    starts_at: str = Field(description="`HH:MM`, Oslo time.")
    ends_at: str
    weeks: int = Field(description="Its remaining dates from the scenario's date.")
    participants: int = Field(description="The most participants any of its dates expected.")
    needs: NeedsOut
    candidates: list[RoomOut] = Field(
        description="Rooms that fit and are free that weekday and time in enough weeks."
    )
    placed: RoomOut | None = Field(description="Its room in the one placement of all groups.")
    weeks_missed: int | None = Field(description="Weeks the placed room is taken.")
    reason: str = Field(
        description="Why no room (hub, capacity, rules, features, step_free, hearing_loop, "
        "hours, staffed_hours, taken, placed_others); empty when placed."
    )


class HubLoadOut(Schema):
    hub: str = Field(description="A receiving hub's slug.")
    groups: int = Field(description="Groups placed there.")
    open_hours: float = Field(description="Open hours of its rooms over the period.")
    booked_hours_before: float
    added_hours: float = Field(description="The placed groups' hours over the period.")
    share_before: float | None = Field(description="Per cent of open hours booked.")
    share_after: float | None


class RoomElsewhereOut(Schema):
    groups: int = Field(description="Displaced regular weekly groups.")
    placed: int = Field(description="Of them, those that fit at the remaining hubs.")
    not_placed: int
    enough_share: float = Field(description="The share of remaining weeks a room must be free.")
    period_start: date | None = Field(description="The first displaced date of a group.")
    period_end: date | None
    slots: list[GroupSlotOut]
    receiving_hubs: list[HubLoadOut] = Field(description="Utilisation before and after.")


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
    room_elsewhere: RoomElsewhereOut = Field(
        description="Room at the remaining hubs for the displaced weekly groups."
    )
    cost_per_staffed_hour: float | None = Field(description="NOK; empty when not given.")
    words: list[WordsOut] = Field(description="What residents said about each affected hub.")
    hours: HoursOut = Field(description="Staffed and self-service hours, before and after.")
    distance: DistanceOut | None = Field(
        description="Who would have further to go; null until a population grid is imported."
    )
    postcodes: PostcodesOut | None = Field(
        description="Users by the postcode they chose to give (counts per area, never a "
        "person); null until a list of postcode areas is imported."
    )


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
        "room_elsewhere": report.room_elsewhere.as_json(),
        "cost_per_staffed_hour": (
            float(scenario.cost_per_staffed_hour)
            if scenario.cost_per_staffed_hour is not None
            else None
        ),
        "words": [w.as_json() for w in report.words],
        "hours": report.hours.as_json(),
        "distance": report.distance.as_json() if report.distance else None,
        "postcodes": report.postcodes.as_json() if report.postcodes else None,
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
