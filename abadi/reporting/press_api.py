"""The press summary over HTTP: ``GET /api/v1/press?area=24&year=1401&as_of=1401/02/18``
returns what the page shows — the title, the sections, each sentence with the indicator
keys behind it, the numbered sources — and the plain text. Mounted on the reporting
router (``abadi.reporting.api``)."""

from typing import Any

from ninja import Field, Query, Schema

from abadi.core.api_access import api_requires
from abadi.core.api_kit import JalaliDate, JalaliDateOut, Year
from abadi.core.indicators import VIEW_INDICATORS
from abadi.reporting.api import _area, router
from abadi.reporting.press import press_summary


class PressQuery(Schema):
    area: str | None = Field(None, max_length=200, description="code, IR or a name")
    year: Year = Field(description="the Jalali year: last year's actuals are year - 1's")
    as_of: JalaliDate | None = Field(None, description="day states are read on")
    occasion: str | None = Field(
        None, max_length=200, description="the week's occasion (default: the year's own)"
    )
    suppress: int | None = Field(
        None, ge=0, le=100, description="write counts under this as «کمتر از N»"
    )


class PressSentenceOut(Schema):
    text: str
    keys: list[str] = Field(description="the indicators the sentence states")


class PressSectionOut(Schema):
    title: str
    sentences: list[PressSentenceOut]


class PressSourceOut(Schema):
    number: int
    key: str
    name: str


class PressOut(Schema):
    area: str
    year: int
    as_of: JalaliDateOut
    occasion: str | None
    title: str
    dateline: str
    sections: list[PressSectionOut]
    sources: list[PressSourceOut]
    text: str = Field(description="the summary as plain text, sources marked [n]")


@router.get("/press", response=PressOut, tags=["press"])
@api_requires(VIEW_INDICATORS)
def press(request, query: Query[PressQuery]) -> dict[str, Any]:
    """The press summary of an area's Jalali year, written from the indicators the caller
    may see; sentences without records are left out."""
    summary = press_summary(
        actor=request.auth,
        area=_area(request.auth, query.area),
        year=query.year,
        as_of=query.as_of,
        occasion=query.occasion or None,
        suppress=query.suppress,
    )
    return {
        "area": summary.area.code,
        "year": summary.year,
        "as_of": summary.as_of,
        "occasion": summary.occasion.name if summary.occasion else None,
        "title": summary.title,
        "dateline": summary.dateline,
        "sections": [
            {
                "title": section.title,
                "sentences": [
                    {"text": sentence.text, "keys": list(sentence.keys)}
                    for sentence in section.sentences
                ],
            }
            for section in summary.sections
        ],
        "sources": summary.footnotes(),
        "text": summary.as_text(),
    }
