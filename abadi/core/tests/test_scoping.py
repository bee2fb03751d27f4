import pytest
from django.http import Http404

from abadi.core.permissions import VIEW_AREAS, Role
from abadi.core.scoping import access_object, area_in_scope, scope, visible_paths
from abadi.geography.models import Area
from abadi.testing import user_with_role


def codes(queryset):
    return {area.code for area in queryset}


def test_county_officer_sees_own_subtree_only(areas, county_officer):
    visible = codes(scope(Area.objects.all(), actor=county_officer, perm=VIEW_AREAS, area_field=""))
    assert visible == {"2403", "240301", "2403010001", "2403010001001"}


def test_country_roles_see_everything(areas, admin_user):
    assert scope(
        Area.objects.all(), actor=admin_user, perm=VIEW_AREAS, area_field=""
    ).count() == len(areas)


def test_no_role_sees_nothing(areas, django_user_model):
    nobody = django_user_model.objects.create_user(username="nobody", password="x-long-password")
    assert not scope(Area.objects.all(), actor=nobody, perm=VIEW_AREAS, area_field="").exists()


def test_nested_assignments_fold_into_the_wider_one(areas):
    user = user_with_role("two", Role.COUNTY_OFFICER, areas["2403"])
    user.role_assignments.create(role=Role.PROVINCE_MANAGER, area=areas["24"])
    assert visible_paths(user, VIEW_AREAS) == ["/IR/24/"]


def test_programme_officer_is_limited_to_their_module(areas):
    officer = user_with_role("po", Role.PROGRAMME_OFFICER, areas["24"], module="loans")
    assert visible_paths(officer, VIEW_AREAS) == ["/IR/24/"]  # geography.view is for all roles
    from abadi.core.permissions import register

    loans_perm = register("loans.testonly", {Role.PROGRAMME_OFFICER})
    relief_perm = register("relief.testonly", {Role.PROGRAMME_OFFICER})
    assert visible_paths(officer, loans_perm) == ["/IR/24/"]
    assert visible_paths(officer, relief_perm) == []


def test_access_object_hides_rows_outside_the_scope(areas, county_officer):
    with pytest.raises(Http404):
        access_object(
            Area.objects.all(), actor=county_officer, perm=VIEW_AREAS, area_field="", code="2401"
        )
    assert access_object(
        Area.objects.all(), actor=county_officer, perm=VIEW_AREAS, area_field="", code="2403"
    )


def test_area_in_scope(areas, county_officer):
    assert area_in_scope(actor=county_officer, perm=VIEW_AREAS, area=areas["2403010001001"])
    assert not area_in_scope(actor=county_officer, perm=VIEW_AREAS, area=areas["2401"])
    assert not area_in_scope(actor=county_officer, perm=VIEW_AREAS, area=None)
