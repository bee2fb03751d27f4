"""The dashboard over HTTP: the data the dashboard page draws its cards, charts and map
from (``GET /api/v1/dashboard``)."""

from ninja import Field, Query, Schema, Status

from abadi.core.api_access import api_requires
from abadi.core.api_kit import ApiRouter, Year, error_body
from abadi.core.indicators import VIEW_INDICATORS, Kind, Unit
from abadi.reporting import dashboard

router = ApiRouter(tags=["dashboard"])

Number = int | float | None


class DashboardAreaOut(Schema):
    code: str
    name: str
    level: str


class DashboardIndicatorOut(Schema):
    key: str
    name: str
    unit: Unit
    kind: Kind
    state: bool = Field(description="a state is read on a day; a flow counts a period")


class DashboardFigureOut(Schema):
    key: str
    name: str
    unit: Unit
    kind: Kind
    value: Number = Field(description="this year; null where nothing can be computed")
    last_value: Number = Field(description="the year before")
    target: int | None = Field(description="this year's plan")
    target_source: str | None
    percent: float | None = Field(description="value / target × 100, two decimals")
    records_url: str = Field(description="the page of the records behind value ('' if none)")
    last_records_url: str


class DashboardDomainOut(Schema):
    code: str = Field(description="loans, groups, projects, funds, relief, training, events, other")
    name: str
    headline: DashboardFigureOut
    indicators: list[DashboardFigureOut]


class DashboardTrendOut(Schema):
    labels: list[str] = Field(description="the Jalali months")
    this_year: list[Number]
    last_year: list[Number]


class DashboardAreaValueOut(Schema):
    code: str
    name: str
    level: str
    value: Number
    last_value: Number
    records_url: str


class DashboardTypeItemOut(Schema):
    key: str
    label: str
    value: int | float


class DashboardTypeOut(Schema):
    name: str | None = Field(description="the breakdown shown (none: the indicator has none)")
    items: list[DashboardTypeItemOut]


class DashboardOut(Schema):
    area: DashboardAreaOut
    year: int
    last_year: int
    indicator: DashboardIndicatorOut = Field(description="the indicator of the charts")
    domains: list[DashboardDomainOut] = Field(description="the cards (empty with cards=false)")
    trend: DashboardTrendOut
    by_area: list[DashboardAreaValueOut] = Field(description="per child area: the drill and map")
    by_type: DashboardTypeOut


@router.get("/dashboard", response=DashboardOut, url_name="dashboard")
@api_requires(VIEW_INDICATORS)
def get_dashboard(
    request,
    area: str | None = Query(None, max_length=200, description="code, IR or a name"),
    year: Year | None = None,
    key: str | None = Query(None, max_length=80, description="the indicator of the charts"),
    cards: bool = Query(True, description="false: the charts only"),
):
    """An area's dashboard for a Jalali year (default this year) beside the year before:
    the cards per domain (value, plan, percent, last year's value), and for one indicator
    (``key``; default the first with a plan) its trend by month, its value in each child
    area (a province's counties) and by type. The caller must see the whole area."""
    try:
        return dashboard.dashboard_data(
            actor=request.auth, area_text=area, year_text=year, key_text=key, cards=cards
        )
    except dashboard.DashboardError as error:
        return Status(error.status, error_body(error.message, {error.field: [error.message]}))
