import datetime
import io

import pytest
from django.db.models import Sum

from abadi.core import clock
from abadi.core.exports import get_export_kind
from abadi.core.imports import get_import_kind, run_import
from abadi.loans.models import Application, Disbursement, Repayment, Status

pytestmark = pytest.mark.django_db

PAYMENT = 29_523_985


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


@pytest.fixture
def loan(register, advance):
    return advance(register(amount=1_000_000_000), Status.DISBURSED)


HEADER = ["شماره طرح یا کد ملی", "تاریخ", "مبلغ (ریال)", "شماره پیگیری"]


def test_bank_file_is_imported_and_allocated(loan, staff):
    report = run(
        "loan_repayments",
        [
            HEADER,
            [loan.number, "1401/03/11", str(PAYMENT), "BK-1"],
            [loan.applicant.national_code, "۱۴۰۱/۰۴/۱۱", f"{PAYMENT:,}".replace(",", "٬"), "BK-2"],
        ],
        staff.clerk,
    )
    assert report.committed and report.outcome.created == 2, report.errors
    assert loan.instalments.filter(paid_date__isnull=False).count() == 2
    # The same file again changes nothing.
    again = run(
        "loan_repayments",
        [
            HEADER,
            [loan.number, "1401/03/11", str(PAYMENT), "BK-1"],
            [loan.number, "1401/04/11", str(PAYMENT), "BK-2"],
        ],
        staff.clerk,
    )
    assert again.committed and again.outcome.unchanged == 2 and again.outcome.created == 0
    assert Repayment.objects.count() == 2


def test_bank_file_with_broken_rows_writes_nothing(loan, staff):
    tomorrow = clock.today() + datetime.timedelta(days=1)
    import jdatetime

    future = jdatetime.date.fromgregorian(date=tomorrow).strftime("%Y/%m/%d")
    report = run(
        "loan_repayments",
        [
            HEADER,
            [loan.number, "1401/03/11", str(PAYMENT), "OK-1"],  # fine
            ["1401-999999", "1401/03/11", "1000", "X-1"],  # unknown loan
            [loan.number, future, "1000", "X-2"],  # in the future
            [loan.number, "1401/03/11", "0", "X-3"],  # not positive
            [loan.number, "1401/13/40", "1000", "X-4"],  # not a date
            [loan.number, "1401/03/11", "2000000000", "X-5"],  # more than owed
            [loan.number, "1401/01/01", "1000", "X-6"],  # before the loan was paid out
        ],
        staff.clerk,
    )
    assert not report.committed
    assert report.error_rows == 6 and report.valid_rows == 1
    rows = {error.row for error in report.errors}
    assert rows == {3, 4, 5, 6, 7, 8}
    messages = " ".join(error.message for error in report.errors)
    assert "پیدا نشد" in messages and "بیشتر" in messages
    assert not Repayment.objects.exists()


def test_rows_of_one_file_together_cannot_overpay(loan, staff):
    owed = loan.instalments.aggregate(total=Sum("total"))["total"]
    report = run(
        "loan_repayments",
        [
            HEADER,
            [loan.number, "1401/03/11", str(owed - 10), "A"],
            [loan.number, "1401/04/11", "11", "B"],
        ],
        staff.clerk,
    )
    assert not report.committed and report.error_rows == 1
    assert not Repayment.objects.exists()


def test_repayments_of_another_county_are_unknown(loan, areas):
    from abadi.core.permissions import Role
    from abadi.testing import user_with_role

    clerk_2401 = user_with_role("clerk2401", Role.DATA_CLERK, areas["2401"])
    report = run("loan_repayments", [HEADER, [loan.number, "1401/03/11", "1000", "A"]], clerk_2401)
    assert not report.committed and "پیدا نشد" in report.errors[0].message


def test_disbursement_file(register, advance, staff):
    application = advance(register(amount=1_000_000_000), Status.CONTRACTED)
    report = run(
        "loan_disbursements",
        [
            HEADER,
            [application.number, "1401/02/15", "600000000", "T-1"],
            [application.number, "1401/03/15", "500000000", "T-2"],
        ],
        staff.clerk,
    )
    assert not report.committed and report.error_rows == 1  # together above the approved amount
    report = run(
        "loan_disbursements",
        [
            HEADER,
            [application.number, "1401/02/15", "600000000", "T-1"],
            [application.number, "1401/03/15", "400000000", "T-2"],
        ],
        staff.clerk,
    )
    assert report.committed and report.outcome.created == 2
    application.refresh_from_db()
    assert application.status == Status.DISBURSED
    assert Disbursement.objects.aggregate(total=Sum("amount"))["total"] == 1_000_000_000


def test_application_file(staff, line, banks, applicant, areas):
    from .conftest import make_person

    outsider = make_person(areas["2401010001001"])
    header = [
        "کد ملی متقاضی",
        "خط اعتباری",
        "بانک عامل",
        "عنوان طرح",
        "بخش",
        "فعالیت",
        "مبلغ درخواستی (ریال)",
        "اشتغال پیش‌بینی‌شده",
        "شناسه منبع",
    ]
    good = [
        applicant.national_code,
        line.title,
        "بانك ملي",
        "زنبورداری",
        "مرغداری و زنبورداری",
        "کندو",
        "500000000",
        "2",
        "EX-1",
    ]
    bad = [
        outsider.national_code,
        "خط ناموجود",
        "بانک ناموجود",
        "x",
        "کشاورزی",
        "x",
        "500000000",
        "1",
        "EX-2",
    ]
    report = run("loan_applications", [header, good, bad], staff.clerk)
    assert not report.committed and report.error_rows == 1
    assert {error.column for error in report.errors} == {"کد ملی متقاضی", "خط اعتباری", "بانک عامل"}
    assert not Application.objects.exists()
    report = run("loan_applications", [header, good], staff.clerk)
    assert report.committed and report.outcome.created == 1
    application = Application.objects.get()
    assert (
        application.sector == "poultry"
        and application.source_id == "EX-1"
        and application.bank == banks["melli"]
    )
    assert run("loan_applications", [header, good], staff.clerk).outcome.unchanged == 1


def test_exports_are_scoped(register, advance, staff, areas, county_officer):
    advance(register(), Status.DISBURSED)
    register(place=areas["2401010001001"])
    applications = list(get_export_kind("loan_applications").queryset(county_officer))
    assert len(applications) == 1
    columns = get_export_kind("loan_applications").get_columns()
    row = [column.value(applications[0]) for column in columns]
    assert applications[0].number in row
    assert len(list(get_export_kind("loan_disbursements").queryset(county_officer))) == 1
    assert list(get_export_kind("loan_repayments").queryset(county_officer)) == []
