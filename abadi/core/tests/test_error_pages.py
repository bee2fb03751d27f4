"""Persian 403/404/500 pages, also under DEBUG (the demo): never Django's technical page to
a person who opens another county's record, unless a developer asks for it."""

import pytest
from django.test import override_settings

from abadi.organisations.models import Organisation


@pytest.fixture
def record_of_2401(areas):
    return Organisation.objects.create(
        name="بانک ملی", kind="agent_bank", area=areas["2401"], search_key="x"
    )


@pytest.mark.parametrize("debug", [False, True])
def test_another_countys_record_is_the_persian_404(client, county_officer, record_of_2401, debug):
    client.force_login(county_officer)
    with override_settings(DEBUG=debug, ABADI_TECHNICAL_ERRORS=False):
        response = client.get(f"/organisations/{record_of_2401.pk}/")
        missing = client.get("/no-such-page/")
    for answer in (response, missing):
        page = answer.content.decode()
        assert answer.status_code == 404
        assert "صفحه یا رکورد پیدا نشد" in page
        assert "DEBUG" not in page and "Page not found" not in page
        assert "<nav" in page  # the page in its shell: the menu, a way home


def test_a_developer_may_ask_for_the_technical_page(client, county_officer):
    client.force_login(county_officer)
    with override_settings(DEBUG=True, ABADI_TECHNICAL_ERRORS=True):
        response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "DEBUG = True" in response.content.decode()


def test_the_api_keeps_its_json_404(client, county_officer, record_of_2401):
    client.force_login(county_officer)
    with override_settings(DEBUG=True, ABADI_TECHNICAL_ERRORS=False):
        response = client.get("/api/v1/no-such-operation/")
    assert "صفحه یا رکورد پیدا نشد" not in response.content.decode()


def test_a_crash_is_the_persian_500_under_debug(client, county_officer, monkeypatch):
    from abadi.core import views

    def crash(actor):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "waiting_for", crash)
    client.raise_request_exception = False
    client.force_login(county_officer)
    with override_settings(DEBUG=True, ABADI_TECHNICAL_ERRORS=False):
        response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "خطایی در سامانه رخ داد" in page
    assert "boom" not in page and "Traceback" not in page


def test_refused_is_the_persian_403(client, county_officer):
    client.force_login(county_officer)
    with override_settings(DEBUG=True):
        response = client.get("/audit/")
    assert response.status_code == 403
    assert "دسترسی مجاز نیست" in response.content.decode()


def test_django_empty_labels_read_persian():
    from django import forms

    from abadi.organisations.models import Organisation

    class Pick(forms.Form):
        organisation = forms.ModelChoiceField(queryset=Organisation.objects.none())
        kind = forms.ChoiceField(choices=[("", "- Select an option -"), ("a", "الف")])

    html = str(Pick()["organisation"]) + str(Pick()["kind"])
    assert "---------" not in html and "Select an option" not in html
    assert html.count("— انتخاب کنید —") == 2
