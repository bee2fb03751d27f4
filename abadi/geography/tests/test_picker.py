"""The area picker's list: places whose name holds what is typed, in the user's areas."""

import pytest
from django.urls import reverse

from abadi.core.persian import search_key
from abadi.geography.models import RESIDENCE_LEVELS, Area, AreaLevel
from abadi.geography.selectors import area_suggestions, example_area

pytestmark = pytest.mark.django_db


def _village(code, name, parent):
    return Area.objects.create(
        code=code,
        name=name,
        level=AreaLevel.VILLAGE,
        parent=parent,
        path=f"{parent.path}{code}/",
        depth=parent.depth + 1,
        search_key=search_key(name),
    )


def test_suggestions_hold_the_text_within_the_users_areas(areas, county_officer):
    _village("2403010001002", "قره‌اسبو", areas["2403010001"])
    _village("2401010001002", "اسبوکندی", areas["2401010001"])  # county 2401: not theirs
    found = area_suggestions(
        actor=county_officer, perm="people.edit", text="اسب", levels=RESIDENCE_LEVELS
    )
    # Names that start with the text first; nothing of another county.
    assert [a.name for a in found] == ["اسبو", "قره‌اسبو"]
    # Arabic letters and a code prefix, in either digits.
    assert [
        a.code
        for a in area_suggestions(actor=county_officer, perm="people.edit", text="۲۴۰۳۰۱۰۰۰۱۰۰")
    ] == [
        "2403010001001",
        "2403010001002",
    ]
    assert area_suggestions(actor=county_officer, perm="people.edit", text="  ") == []
    # Levels: a county box lists no villages.
    assert (
        area_suggestions(
            actor=county_officer, perm="people.edit", text="اسب", levels=(AreaLevel.COUNTY,)
        )
        == []
    )


def test_the_hint_lists_suggestions_and_the_example_is_the_users_own(client, areas, county_officer):
    client.force_login(county_officer)
    html = client.get(
        reverse("geography:area_hint"),
        {"area": "اس", "levels": "village,city", "perm": "people.edit"},
    ).content.decode()
    assert 'data-testid="area-option"' in html and "اسبو — خانندبیل غربی — خلخال" in html
    assert 'data-area-choice="۲۴۰۳۰۱۰۰۰۱۰۰۱"' in html
    assert (
        example_area(actor=county_officer, perm="people.edit", levels=RESIDENCE_LEVELS).code
        == "2403010001001"
    )
    from abadi.people.forms import PersonForm

    form = PersonForm(actor=county_officer)
    assert "اسبو" in form.fields["area"].widget.attrs["placeholder"]
    assert "۲۴۰۳۰۱۰۰۰۱۰۰۱" in form.fields["area"].widget.attrs["placeholder"]


def test_above_lets_a_county_officer_name_the_province(client, areas, county_officer):
    client.force_login(county_officer)
    hint = reverse("geography:area_hint")
    assert (
        "پیدا نشد" in client.get(hint, {"area": "24", "perm": "indicators.view"}).content.decode()
    )
    html = client.get(
        hint, {"area": "24", "perm": "indicators.view", "above": "1"}
    ).content.decode()
    assert 'data-testid="area-hint"' in html and "اردبیل" in html
