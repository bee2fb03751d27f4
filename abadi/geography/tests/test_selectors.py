import pytest
from django.http import Http404

from abadi.geography import selectors
from abadi.geography.models import Area


def codes(areas) -> list[str]:
    return [area.code for area in areas]


def test_children_with_counts(areas, admin_user):
    children = selectors.area_children(actor=admin_user, area=areas["24"])
    assert {(c.code, c.children_count) for c in children} == {("2401", 1), ("2403", 1)}


def test_children_count_is_one_query(areas, admin_user, django_assert_num_queries):
    with django_assert_num_queries(2):  # the role assignments, then the children
        rows = list(selectors.area_children(actor=admin_user, area=areas["IR"]))
    assert {r.code: r.children_count for r in rows} == {"24": 2, "15": 1}


def test_county_officer_sees_own_subtree_only(areas, county_officer):
    assert selectors.area_get(actor=county_officer, code="2403010001001").name == "اسبو"
    for code in ("2401", "2401010001001", "24", "IR", "15"):
        with pytest.raises(Http404):
            selectors.area_get(actor=county_officer, code=code)
    assert codes(selectors.area_children(actor=county_officer, area=areas["24"])) == ["2403"]


def test_admin_sees_everything(areas, admin_user):
    assert selectors.area_get(actor=admin_user, code="2401010001001").name == "سقزچی"
    assert codes(selectors.area_roots(actor=admin_user)) == ["IR"]


def test_roots_of_a_county_officer(areas, county_officer):
    assert codes(selectors.area_roots(actor=county_officer)) == ["2403"]


def test_search_folds_arabic_letters_and_prefers_prefix(areas, admin_user):
    found = selectors.area_search(actor=admin_user, query="اردبيل")
    assert codes(found) == ["24", "2401"]
    # "بیل" is inside both names; "خانندبیل غربی" does not start with it either.
    assert set(codes(selectors.area_search(actor=admin_user, query="بیل"))) == {
        "24",
        "2401",
        "2403010001",
    }


def test_search_prefers_names_that_start_with_the_query(areas, admin_user):
    found = codes(selectors.area_search(actor=admin_user, query="خ"))
    starts = [code for code in found if code in {"2403", "2403010001", "1501"}]
    assert found[: len(starts)] == starts


def test_search_is_scoped(areas, county_officer, officer_2401):
    assert codes(selectors.area_search(actor=county_officer, query="سقزچی")) == []
    assert codes(selectors.area_search(actor=officer_2401, query="سقزچی")) == ["2401010001001"]
    assert codes(selectors.area_search(actor=county_officer, query="اسبو")) == ["2403010001001"]


def test_search_by_code_prefix(areas, admin_user):
    assert codes(selectors.area_search(actor=admin_user, query="۲۴۰۳۰")) == [
        "240301",
        "2403010001",
        "2403010001001",
    ]


def test_breadcrumb_marks_ancestors_outside_the_scope(areas, county_officer):
    steps = selectors.area_ancestors(actor=county_officer, area=areas["2403010001"])
    assert [(s["area"].code, s["open"]) for s in steps] == [
        ("IR", False),
        ("24", False),
        ("2403", True),
        ("240301", True),
    ]


def test_map_shapes_are_scoped(mapped_areas, admin_user, county_officer):
    country = selectors.area_map(actor=admin_user, area=mapped_areas["IR"])
    assert {f["properties"]["code"] for f in country["features"]} == {"24", "15"}
    province = selectors.area_map(actor=admin_user, area=mapped_areas["24"])
    assert {f["properties"]["code"] for f in province["features"]} == {"2401", "2403"}
    village = selectors.area_map(actor=county_officer, area=mapped_areas["2403010001001"])
    assert [f["properties"]["code"] for f in village["features"]] == ["2403"]
    assert village["features"][0]["properties"]["clickable"] is True
    own = selectors.area_map(actor=county_officer, area=mapped_areas["2403"])
    assert own["features"][0]["properties"]["clickable"] is False


def test_resolve_code_name_and_ambiguity(areas):
    everything = Area.objects.all()
    assert selectors.area_resolve(queryset=everything, text="ir").code == "IR"
    assert selectors.area_resolve(queryset=everything, text="۲۴۰۳").code == "2403"
    assert selectors.area_resolve(queryset=everything, text="خلخال").code == "2403"
    with pytest.raises(selectors.AreaLookupError) as ambiguous:
        selectors.area_resolve(queryset=everything, text="اردبيل")
    assert codes(ambiguous.value.candidates) == ["24", "2401"]
    with pytest.raises(selectors.AreaLookupError, match="پیدا نشد"):
        selectors.area_resolve(queryset=everything, text="99")
