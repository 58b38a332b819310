"""GET /reports/key-figures (hub staff, management): the same selector as the page and the
files. Listed under the ledger's tag, as before the key figures had an app of their own."""

from datetime import date

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from torget.core.schemas import SLUG_PATTERN, Day, ProblemOut
from torget.keyfigures import selectors

router = Router(tags=["ledger"])

PROBLEMS: dict[int, type] = {401: ProblemOut, 403: ProblemOut, 422: ProblemOut}


def _auth():
    from torget.accounts.api_auth import signed_in

    return signed_in


class SplitOut(Schema):
    municipal: int
    non_municipal: int


class TotalsOut(Schema):
    """Exactly the memo's figure: nothing more goes in here."""

    activities: SplitOut
    meetings: SplitOut


class HubFiguresOut(Schema):
    hub: str = Field(description="The hub's slug.")
    activities: SplitOut
    meetings: SplitOut


class InquiriesOut(Schema):
    by_topic: dict[str, int] = Field(
        description="Every default topic code (0 when none), and any other code in the ledger."
    )
    by_channel: dict[str, int] = Field(
        description="Every channel code, and `unspecified` for inquiries recorded without one."
    )


class MonthOut(Schema):
    month: str = Field(description="`YYYY-MM`.", examples=["2023-01"])
    activities: SplitOut
    meetings: SplitOut
    inquiries: int


class OrganisationOut(Schema):
    id: int
    name: str
    activities: SplitOut
    meetings: SplitOut
    total: int = Field(description="Activities and meetings together.")


class HoursOut(Schema):
    open_hours: float
    booked_hours: float
    share: float | None = Field(description="Per cent booked (one decimal); null without hours.")


class UsageOut(Schema):
    staffed: HoursOut
    self_service: HoursOut = Field(description="Self-service hours that are not also staffed.")
    total: HoursOut
    booked_outside_open_hours: float = Field(
        description="Booked hours outside the hours the space is bookable in (overrides)."
    )


class SpaceUsageOut(UsageOut):
    id: int
    name: str
    bookable_in: str = Field(description="staffed, self_service, any_open or any_time.")


class HubUsageOut(UsageOut):
    hub: str = Field(description="The hub's slug.")
    bookings_recorded: bool = Field(
        description="False when the hub has no booked time in the period (e.g. imported years)."
    )
    spaces: list[SpaceUsageOut]


class UtilisationOut(UsageOut):
    """Booked hours of confirmed bookings against open hours, all hubs of the report together."""

    bookings_recorded: bool = Field(description="False when no hub has any booked time.")
    hubs: list[HubUsageOut]


class AddedFigureOut(Schema):
    """A figure another part of Torget counts itself (registered in `core.figures`)."""

    key: str = Field(description="The figure's stable code, e.g. `volunteers.hours`.")
    label: str = Field(description="What is counted, in the request's language.")
    value: int | float | None = Field(
        description="Rounded to `decimals` (a whole number when 0); null when not counted."
    )
    decimals: int = Field(description="Decimals the figure is shown with.")


class KeyFiguresOut(Schema):
    start: date = Field(alias="from")
    end: date = Field(alias="to")
    hub: str | None = Field(description="The hub's slug, or null for all hubs.")
    totals: TotalsOut
    by_hub: list[HubFiguresOut]
    inquiries: InquiriesOut
    participants: int = Field(description="Participants recorded, summed.")
    appointments: int
    trend: list[MonthOut] = Field(description="Every month the period touches, in order.")
    organisations: list[OrganisationOut] = Field(
        description="The 10 organisations with the most activities and meetings, most first."
    )
    utilisation: UtilisationOut | None = Field(
        description="Room utilisation: booked against open hours, per hub and space."
    )
    added_figures: list[AddedFigureOut] = Field(
        description="Figures other parts of Torget add (e.g. callback requests), in the "
        "page's order; empty when none is registered."
    )


class KeyFiguresQuery(Schema):
    start: Day = Field(..., alias="from", description="First day, `YYYY-MM-DD`.")
    end: Day = Field(..., alias="to", description="Last day (included), `YYYY-MM-DD`.")
    hub: str | None = Field(
        None, max_length=120, pattern=SLUG_PATTERN, description="A hub's slug; none = all."
    )


@router.get(
    "/reports/key-figures",
    response={200: KeyFiguresOut, **PROBLEMS},
    by_alias=True,
    auth=_auth(),
    summary="Key figures for a period: the memo's split, hubs, inquiries, trend",
)
def key_figures(request: HttpRequest, query: Query[KeyFiguresQuery]):
    hub = selectors.report_scope(request.user, query.hub)
    return selectors.key_figures(start=query.start, end=query.end, hub=hub).as_json()
