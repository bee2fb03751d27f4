import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from abadi.accounts.services import token_create
from abadi.core.models import AuditEvent
from abadi.organisations import selectors, services
from abadi.organisations.models import Organisation


@pytest.fixture
def banks(areas, admin_user):
    return {
        "2401": services.organisation_create(
            actor=admin_user, name="بانک ملی اردبیل", kind="agent_bank", area=areas["2401"]
        ),
        "2403": services.organisation_create(
            actor=admin_user, name="بانک کشاورزی خلخال", kind="agent_bank", area=areas["2403"]
        ),
    }


def test_create_is_audited_and_normalised(banks):
    bank = banks["2401"]
    assert bank.search_key == "بانک ملی اردبیل"
    event = AuditEvent.objects.get(action="organisation.create", object_id=str(bank.pk))
    assert event.new_values["name"] == "بانک ملی اردبیل"


def test_update_records_only_changes(banks, admin_user):
    services.organisation_update(actor=admin_user, organisation=banks["2401"], phone="04533334444")
    event = AuditEvent.objects.get(action="organisation.update")
    assert event.old_values == {"phone": ""}
    assert event.new_values == {"phone": "04533334444"}


def test_manager_cannot_write_outside_their_province(areas, manager):
    with pytest.raises(PermissionDenied):
        services.organisation_create(
            actor=manager, name="بنیاد مسکن لرستان", kind="housing_foundation", area=areas["15"]
        )
    assert not Organisation.objects.filter(area=areas["15"]).exists()


def test_duplicate_name_in_one_area_is_refused(banks, admin_user, areas):
    with pytest.raises(ValidationError):
        services.organisation_create(
            actor=admin_user, name="بانك ملي اردبيل", kind="agent_bank", area=areas["2401"]
        )


def test_branch_create(banks, admin_user, areas):
    branch = services.branch_create(
        actor=admin_user, organisation=banks["2403"], name="شعبه مرکزی", area=areas["2403"]
    )
    assert branch.organisation == banks["2403"]
    assert AuditEvent.objects.filter(action="branch.create").count() == 1


def test_county_officer_sees_own_county_only(banks, county_officer):
    names = [o.name for o in selectors.organisation_list(actor=county_officer)]
    assert names == ["بانک کشاورزی خلخال"]


def test_search_with_arabic_letters(banks, admin_user):
    assert selectors.organisation_list(actor=admin_user, query="كشاورزي").count() == 1


def test_pages(client, banks, manager):
    client.force_login(manager)
    assert "بانک ملی اردبیل" in client.get("/organisations/").content.decode()
    assert client.get(f"/organisations/{banks['2401'].pk}/").status_code == 200
    response = client.post(
        "/organisations/new/", {"name": "اتحادیه قالی‌بافان", "kind": "guild", "area": "۲۴۰۱"}
    )
    assert response.status_code == 302
    assert Organisation.objects.filter(name="اتحادیه قالی‌بافان").exists()


def test_form_names_a_bad_area_code(client, areas, manager):
    client.force_login(manager)
    page = client.post(
        "/organisations/new/", {"name": "الف", "kind": "guild", "area": "999"}
    ).content.decode()
    assert "منطقه‌ای با کد «۹۹۹» در حوزه شما پیدا نشد." in page
    page = client.post(
        "/organisations/new/", {"name": "الف", "kind": "guild", "area": "15"}
    ).content.decode()
    assert "منطقه‌ای با کد «۱۵» در حوزه شما پیدا نشد." in page
    assert not Organisation.objects.exists()


def test_county_officer_cannot_open_another_county(client, banks, county_officer):
    client.force_login(county_officer)
    assert client.get(f"/organisations/{banks['2401'].pk}/").status_code == 404
    assert client.get("/organisations/new/").status_code == 403


def test_api_is_scoped(client, banks, county_officer):
    token = token_create(user=county_officer)
    headers = {"Authorization": f"Bearer {token}"}
    listed = client.get("/api/v1/organisations", headers=headers).json()["items"]
    assert [o["name"] for o in listed] == ["بانک کشاورزی خلخال"]
    assert (
        client.get(f"/api/v1/organisations/{banks['2401'].pk}", headers=headers).status_code == 404
    )
