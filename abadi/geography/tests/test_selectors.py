import pytest
from django.http import Http404

from abadi.core.permissions import VIEW_AREAS
from abadi.geography import selectors
from abadi.geography.models import RESIDENCE_LEVELS, Area, AreaLevel


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


def test_area_from_input_by_code_name_and_county(areas, admin_user):
    def find(text, **kwargs):
        return selectors.area_from_input(actor=admin_user, perm=VIEW_AREAS, text=text, **kwargs)

    assert find("ir").code == "IR"
    assert find("۲۴۰۳").code == "2403"
    assert find("٢٤٠٣").code == "2403"
    assert find("خلخال").code == "2403"
    assert find("اسبو").code == "2403010001001"
    # A name shared across levels means the highest one; a level word or levels pick another.
    assert find("اردبيل").code == "24"
    assert find("شهرستان اردبیل").code == "2401"
    assert find("اردبیل", levels=(AreaLevel.COUNTY,)).code == "2401"
    # A name shared at one level lists the candidates with where they lie.
    with pytest.raises(selectors.AreaInputError) as ambiguous:
        find("مرکزی")
    assert codes(ambiguous.value.candidates) == ["240101", "240301"]
    assert "مرکزی — اردبیل" in ambiguous.value.message_text
    assert "مرکزی — خلخال" in ambiguous.value.message_text
    # "name — county" (or "name - county", "name، county") says which one.
    assert find("مرکزی — خلخال").code == "240301"
    assert find("مرکزی - اردبیل").code == "240101"
    assert find("مرکزی، خلخال").code == "240301"
    with pytest.raises(selectors.AreaInputError, match="پیدا نشد"):
        find("99")
    with pytest.raises(selectors.AreaInputError, match="روستا یا شهر لازم است"):
        find("2403", levels=RESIDENCE_LEVELS)
    with pytest.raises(selectors.AreaInputError, match="وارد کنید"):
        find("  ")


def test_area_from_input_never_reaches_outside_the_callers_areas(areas, county_officer):
    def find(text, **kwargs):
        return selectors.area_from_input(actor=county_officer, perm=VIEW_AREAS, text=text, **kwargs)

    assert find("اسبو").code == "2403010001001"
    # Another county's village answers exactly like a village that does not exist.
    with pytest.raises(selectors.AreaInputError) as other:
        find("2401010001001")
    with pytest.raises(selectors.AreaInputError) as missing:
        find("2401010009999")
    assert other.value.message_text.replace("۲۴۰۱۰۱۰۰۰۱۰۰۱", "CODE") == (
        missing.value.message_text.replace("۲۴۰۱۰۱۰۰۰۹۹۹۹", "CODE")
    )
    with pytest.raises(selectors.AreaInputError, match="پیدا نشد"):
        find("سقزچی")
    # A name it shares with another county's area resolves to its own without asking.
    assert find("مرکزی").code == "240301"
    # The areas above are named only when asked for (a county reading the province's figures).
    with pytest.raises(selectors.AreaInputError):
        find("24")
    assert find("24", above=True).code == "24"
    with pytest.raises(selectors.AreaInputError):
        find("2401", above=True)


def test_a_sibling_whose_code_extends_another_is_not_inside_it(areas, county_officer):
    """2403 and 24031 are siblings: the materialised path ends with a slash, so the prefix
    of one never covers the other."""
    sibling = Area.objects.create(
        code="24031",
        name="نمونه",
        level=AreaLevel.COUNTY,
        parent=areas["24"],
        path="/IR/24/24031/",
        depth=2,
        search_key="نمونه",
    )
    with pytest.raises(selectors.AreaInputError):
        selectors.area_from_input(actor=county_officer, perm=VIEW_AREAS, text="24031")
    assert sibling not in selectors.areas_visible(actor=county_officer)


def test_the_bulk_form_answers_like_the_single_one(areas, county_officer):
    texts = {"اسبو", "2403010001001", "سقزچی", "مرکزی", "24", "خانندبیل غربی — خلخال"}
    bulk = selectors.AreaInputs(actor=county_officer, perm=VIEW_AREAS, texts=texts)
    for text in texts:
        try:
            expected = selectors.area_from_input(actor=county_officer, perm=VIEW_AREAS, text=text)
        except selectors.AreaInputError as error:
            assert bulk.resolve(text) == error.message_text
        else:
            assert bulk.resolve(text) == expected


def test_home_area_and_county_of(areas, admin_user, county_officer, manager):
    assert selectors.home_area(actor=admin_user, perm=VIEW_AREAS).code == "IR"
    assert selectors.home_area(actor=manager, perm=VIEW_AREAS).code == "24"
    assert selectors.home_area(actor=county_officer, perm=VIEW_AREAS).code == "2403"
    assert selectors.county_of(areas["2403010001001"]).code == "2403"
    assert selectors.county_of(areas["2403"]).code == "2403"
    assert selectors.county_of(areas["24"]) is None
