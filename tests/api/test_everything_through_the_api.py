"""From a database holding only the reference areas and one administrator, the whole loan
workflow through /api/v1/ alone: users and roles, a bank and its branch, a person, a
credit line with its quotas, a plan and every step of it, a document, the letter, the
money paid out and back, a visit — each by the person whose role it is."""

import pytest
from django.test import Client

from abadi.accounts.services import token_create
from abadi.core import clock
from abadi.core.jalali import format_jalali
from abadi.core.permissions import Role
from abadi.testing import user_with_role

pytestmark = pytest.mark.django_db


class Caller:
    def __init__(self, token: str):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path, **params):
        return self.client.get("/api/v1" + path, params, headers=self.headers)

    def send(self, method, path, payload=None, expect=(200, 201)):
        response = getattr(self.client, method)(
            "/api/v1" + path, payload or {}, content_type="application/json", headers=self.headers
        )
        assert response.status_code in expect, response.content.decode()
        return response.json() if response.content else None

    def upload(self, path, data):
        response = self.client.post("/api/v1" + path, data, headers=self.headers)
        assert response.status_code == 201, response.content.decode()
        return response.json()


def today() -> str:
    return format_jalali(clock.today(), persian_digits=False)


def _person_of(admin, username: str, role: str, area: str | None, module: str = "") -> Caller:
    """A user, given a role through the API, holding a token they created themselves."""
    created = admin.send(
        "post",
        "/users",
        {"username": username, "password": "a-Long-pass-1401", "first_name": username},
    )
    admin.send(
        "post", f"/users/{created['id']}/roles", {"role": role, "area": area, "module": module}
    )
    own = Caller(token_create(user=_user(username)))
    token = own.send("post", "/tokens", {"name": "برنامه"})
    assert token["token"] and token["prefix"] == token["token"][:8]
    return Caller(token["token"])


def _user(username):
    from abadi.accounts.selectors import active_user

    return active_user(username=username)


def test_the_whole_loan_workflow_through_the_api(areas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    admin = Caller(token_create(user=user_with_role("root", Role.SYSTEM_ADMIN, None)))
    manager = _person_of(admin, "manager", Role.PROVINCE_MANAGER, "24")
    clerk = _person_of(admin, "clerk", Role.DATA_CLERK, "2403")
    county = _person_of(admin, "county", Role.COUNTY_OFFICER, "خلخال")
    officer = _person_of(admin, "loans", Role.PROGRAMME_OFFICER, "24", module="loans")

    bank = manager.send(
        "post", "/organisations", {"name": "بانک کشاورزی", "kind": "agent_bank", "area": "24"}
    )
    bank = manager.send(
        "post", f"/organisations/{bank['id']}/branches", {"name": "شعبه خلخال", "area": "2403"}
    )
    branch_id = bank["branches"][0]["id"]

    person = clerk.send(
        "post",
        "/persons",
        {
            "national_code": "0012345679",
            "first_name": "زهرا",
            "last_name": "نوری",
            "sex": "female",
            "birth_date": "1370/05/12",
            "area": "اسبو",
        },
    )
    assert person["area"] == "2403010001001"

    line = manager.send(
        "post",
        "/loans/credit-lines",
        {
            "area": "24",
            "year": 1405,
            "title": "اقتصاد مقاومتی",
            "total": 10_000_000_000,
            "annual_rate_bp": 400,
            "term_months": 12,
            "banks": [bank["id"]],
        },
    )
    manager.send(
        "put",
        f"/loans/credit-lines/{line['id']}/quotas",
        {"county": "خلخال", "amount": 5_000_000_000},
    )

    plan = clerk.send(
        "post",
        "/loans/applications",
        {
            "national_code": "۰۰۱۲۳۴۵۶۷۹",
            "credit_line_id": line["id"],
            "bank_id": bank["id"],
            "branch_id": branch_id,
            "title": "کارگاه خیاطی",
            "sector": "home_business",
            "activity": "دوخت لباس",
            "requested_amount": 1_200_000_000,
            "planned_jobs": 3,
        },
    )
    pk = plan["id"]
    doc = clerk.upload(
        f"/loans/applications/{pk}/documents",
        {"title": "طرح توجیهی", "file": _pdf(tmp_path)},
    )
    assert clerk.client.get(doc["url"], headers=clerk.headers).status_code == 200

    county.send("post", f"/loans/applications/{pk}/review", {"note": "دیده شد"})
    manager.send(
        "post",
        f"/loans/applications/{pk}/approve",
        {"on": today(), "minutes_no": "۱۲", "amount": 1_000_000_000},
    )
    manager.send(
        "post", f"/loans/applications/{pk}/introduce", {"letter_no": "12/ج", "letter_date": today()}
    )
    letter = manager.client.get(
        f"/api/v1/loans/applications/{pk}/letter.pdf", headers=manager.headers
    )
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    officer.send(
        "post",
        f"/loans/applications/{pk}/contract",
        {"contract_no": "C-1", "contract_date": today()},
    )
    paid = officer.send(
        "post", f"/loans/applications/{pk}/disburse", {"amount": 1_000_000_000, "date": today()}
    )
    assert paid["status"] == "disbursed" and paid["disbursed"] == 1_000_000_000
    schedule = clerk.get(f"/loans/applications/{pk}/schedule").json()
    assert len(schedule["instalments"]) == 12
    first = schedule["instalments"][0]["total"]
    officer.send(
        "post", "/loans/repayments", {"loan": plan["number"], "amount": first, "date": today()}
    )
    county.send(
        "post",
        f"/loans/applications/{pk}/visit",
        {"date": today(), "direct_jobs": 3, "status": "active"},
    )
    detail = county.get(f"/loans/applications/{pk}").json()
    assert detail["status"] == "in_operation" and detail["verified_jobs"] == 3
    assert [step["action"] for step in detail["timeline"]] == [
        "register", "review", "approve", "introduce", "contract", "disburse", "operate",
    ]  # fmt: skip
    # The office sees its whole line; the county its own share.
    assert manager.get(f"/loans/credit-lines/{line['id']}").json()["disbursed"] == 1_000_000_000
    assert county.get(f"/loans/credit-lines/{line['id']}").json()["disbursed"] is None
    # A token revoked stops working.
    mine = county.get("/tokens").json()
    county.send("delete", f"/tokens/{mine[0]['id']}", expect=(204,))
    assert county.get("/tokens").status_code == 401


def _pdf(tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("plan.pdf", b"%PDF-1.7\n" + b"0" * 64, content_type="application/pdf")


def test_only_the_administrator_manages_users(areas):
    manager = Caller(token_create(user=user_with_role("m24", Role.PROVINCE_MANAGER, None)))
    response = manager.client.get("/api/v1/users", headers=manager.headers)
    assert response.status_code == 403
    assert response.json()["detail"] == "دسترسی به این بخش مجاز نیست."
