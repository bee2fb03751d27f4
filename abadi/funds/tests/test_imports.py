"""Imports of donors, donations and aid cases: every row checked first, nothing written
with a broken row, a file imported twice writes nothing twice."""

import io

import pytest

from abadi.core.imports import get_import_kind, run_import
from abadi.funds.models import AidCase, Donation, Donor

from .conftest import make_person

pytestmark = pytest.mark.django_db


def run(kind: str, rows: list[list[str]], actor, *, commit: bool = True):
    text = "\n".join(",".join(row) for row in rows) + "\n"
    data = text.encode("utf-8")
    return run_import(
        kind=get_import_kind(kind),
        file=io.BytesIO(data),
        size=len(data),
        actor=actor,
        commit=commit,
    )


def test_donations_import_receipted_once(staff, donor):
    header = ["شماره خیّر", "مبلغ (ریال)", "روش پرداخت", "تاریخ دریافت", "شناسه منبع"]
    rows = [
        header,
        [str(donor.pk), "5000000", "واریز و انتقال بانکی", "1400/03/11", "G-1"],
        [str(donor.pk), "7000000", "وجه نقد", "1400/03/12", "G-2"],
    ]
    report = run("fund_donations", rows, staff.clerk)
    assert not report.errors, report.errors
    numbers = sorted(Donation.objects.values_list("number", flat=True))
    assert numbers == ["1400-000001", "1400-000002"]
    again = run("fund_donations", rows, staff.clerk)
    assert not again.errors and Donation.objects.count() == 2


def test_a_broken_row_writes_nothing(staff, donor):
    rows = [
        ["شماره خیّر", "مبلغ (ریال)", "روش پرداخت", "تاریخ دریافت"],
        [str(donor.pk), "5000000", "وجه نقد", "1400/03/11"],
        [str(donor.pk), "0", "وجه نقد", "1400/03/11"],
    ]
    report = run("fund_donations", rows, staff.clerk)
    assert report.errors
    assert not Donation.objects.exists()


def test_donors_and_cases_import(staff, areas):
    person = make_person(areas["2403"])
    report = run(
        "fund_donors",
        [
            ["نوع خیّر", "نام", "کد ملی", "دفتر"],
            ["جمع خیّران", "خیّران بازار", "", "2403"],
            ["شخص حقیقی", "", person.national_code, "2403"],
        ],
        staff.clerk,
    )
    assert not report.errors, report.errors
    assert Donor.objects.count() == 2
    prisoner = make_person(areas["2403"])
    report = run(
        "aid_cases",
        [
            ["کد ملی مددجو", "نوع پرونده", "زندان", "نوع بدهی", "مبلغ محکومیت (ریال)", "دفتر"],
            [
                prisoner.national_code,
                "آزادی زندانی جرائم غیرعمد و مالی",
                "زندان خلخال",
                "دیه",
                "900000000",
                "2403",
            ],
        ],
        staff.clerk,
    )
    assert not report.errors, report.errors
    case = AidCase.objects.get()
    assert case.judgment_amount == 900_000_000 and case.debt_type == "blood_money"
