import pytest
from django.test import Client

from abadi.accounts.services import token_create
from abadi.core import clock
from abadi.core.jalali import format_jalali
from abadi.loans.models import Application, Repayment, Status

pytestmark = pytest.mark.django_db

BASE = "/api/v1/loans"


def today() -> str:
    return format_jalali(clock.today(), persian_digits=False)


class Api:
    def __init__(self, user):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token_create(user=user)}"}

    def get(self, path, **params):
        return self.client.get(BASE + path, params, headers=self.headers)

    def post(self, path, payload):
        return self.client.post(
            BASE + path, payload, content_type="application/json", headers=self.headers
        )


def test_register_and_walk_the_workflow(staff, line, banks, applicant):
    clerk, county, manager = Api(staff.clerk), Api(staff.county), Api(staff.manager)
    created = clerk.post(
        "/applications",
        {
            "national_code": applicant.national_code,
            "credit_line_id": line.pk,
            "bank_id": banks["melli"].pk,
            "title": "گلخانه",
            "sector": "agriculture",
            "activity": "سبزی",
            "requested_amount": 900_000_000,
            "planned_jobs": 2,
            "cost_lines": [{"kind": "fixed", "title": "سازه", "amount": 700_000_000}],
        },
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["next_actions"] == ["withdraw"]
    assert county.post(f"/applications/{pk}/review", {"note": "میدانی دیده شد"}).status_code == 200
    approved = manager.post(
        f"/applications/{pk}/approve", {"amount": 800_000_000, "minutes_no": "7", "on": today()}
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    introduced = manager.post(
        f"/applications/{pk}/introduce", {"letter_no": "12/ج", "letter_date": today()}
    )
    assert introduced.json()["letter_date"] == today()
    assert (
        clerk.post(
            f"/applications/{pk}/contract", {"contract_no": "C1", "contract_date": today()}
        ).status_code
        == 200
    )
    paid = clerk.post(f"/applications/{pk}/disburse", {"amount": 800_000_000, "date": today()})
    assert paid.status_code == 200, paid.content
    assert paid.json()["disbursed"] == 800_000_000
    detail = county.get(f"/applications/{pk}").json()
    assert [step["to_status"] for step in detail["timeline"]] == [
        "registered", "reviewed", "approved", "introduced", "contracted", "disbursed",
    ]  # fmt: skip
    assert detail["timeline"][2]["label"] == "تصویب در کمیته"
    schedule = county.get(f"/applications/{pk}/schedule").json()
    assert len(schedule["instalments"]) == 36 and schedule["overdue_amount"] == 0
    number = detail["number"]
    repaid = clerk.post("/repayments", {"loan": number, "amount": 1_000_000, "date": today()})
    assert repaid.status_code == 201 and repaid.json()["interest_part"] > 0
    visit = county.post(
        f"/applications/{pk}/visit", {"date": today(), "direct_jobs": 2, "status": "active"}
    )
    assert visit.status_code == 200
    assert county.get(f"/applications/{pk}").json()["verified_jobs"] == 2


def test_refusals_are_422_with_persian_reasons(register, advance, staff):
    application = advance(register(amount=1_000_000), Status.REVIEWED)
    response = Api(staff.manager).post(
        f"/applications/{application.pk}/approve",
        {"amount": 2_000_000, "minutes_no": "3", "on": "1401/02/01"},
    )
    assert response.status_code == 422
    assert "درخواستی" in str(response.json()["errors"])
    response = Api(staff.clerk).post(
        "/repayments", {"loan": "1401-999999", "amount": 1000, "date": "1401/03/05"}
    )
    assert response.status_code == 422 and "پیدا نشد" in str(response.json()["errors"]["loan"])
    assert not Repayment.objects.exists()


def test_maker_checker_over_the_api(register, staff):
    application = register(actor=staff.officer)
    officer = Api(staff.officer)
    refused = officer.post(f"/applications/{application.pk}/review", {})
    assert refused.status_code == 422 and "«ثبت طرح»" in str(refused.json()["errors"])
    assert Api(staff.county).post(f"/applications/{application.pk}/review", {}).status_code == 200
    response = officer.post(
        f"/applications/{application.pk}/approve",
        {"amount": 1000, "minutes_no": "3", "on": today()},
    )
    assert response.status_code == 422
    application.refresh_from_db()
    assert application.status == Status.REVIEWED


def test_scope_404_and_role_403(register, areas, officer_2401, staff):
    application = register()
    other = Api(officer_2401)
    assert other.get(f"/applications/{application.pk}").status_code == 404
    assert other.post(f"/applications/{application.pk}/review", {}).status_code == 404
    assert other.get("/applications").json()["items"] == []
    assert Api(staff.clerk).post(f"/applications/{application.pk}/review", {}).status_code == 403
    assert Application.objects.get().status == Status.REGISTERED


def test_lists_credit_lines_and_par(register, advance, staff, line, areas):
    from abadi.loans import services

    services.quota_set(
        actor=staff.manager, credit_line=line, county=areas["2403"], amount=3_000_000_000
    )
    advance(register(), Status.DISBURSED)
    county = Api(staff.county)
    lines = county.get("/credit-lines").json()["items"]
    assert [row["id"] for row in lines] == [line.pk]
    detail = county.get(f"/credit-lines/{line.pk}").json()
    assert (
        detail["counties"][0]["key"] == "2403"
        and detail["counties"][0]["disbursed"] == 1_000_000_000
    )
    # A county sees its own quota and use, never the province's sums.
    assert detail["disbursed"] is None and detail["bank_quotas"] == []
    assert Api(staff.manager).get(f"/credit-lines/{line.pk}").json()["disbursed"] == 1_000_000_000
    par = county.get("/par", as_of="1401/09/01", by="bank").json()
    assert par["total"]["loans"] == 1 and par["total"]["par30"] == 100.0
    assert county.get("/par", by="nothing").status_code == 422
    page = county.get("/applications", status="disbursed").json()
    assert len(page["items"]) == 1 and page["next_offset"] is None
    due = county.get("/visits/due", days=30).json()["items"]
    # The list shows what was paid out, as the application list does (not 0).
    assert [loan["disbursed"] for loan in due] == [1_000_000_000]
