import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum

from abadi.core import clock
from abadi.core.models import AuditEvent
from abadi.core.selectors import audit_history
from abadi.loans import services
from abadi.loans.models import Disbursement, Instalment, Status
from abadi.people.models import Benefit

pytestmark = pytest.mark.django_db


def test_register_derives_county_household_and_number(register, applicant, areas, staff):
    application = register(person=applicant)
    assert application.area == areas["2403"]
    assert application.household == applicant.household
    assert application.number == f"1401-{application.pk:06d}"
    assert application.registered_by == staff.clerk
    assert application.status == Status.REGISTERED
    timeline = list(application.status_changes.values_list("from_status", "to_status"))
    assert timeline == [("", Status.REGISTERED)]
    assert AuditEvent.objects.filter(action="loan.register", object_id=str(application.pk)).exists()


def test_full_workflow_records_every_step(register, advance, staff):
    application = advance(register(), Status.DISBURSED)
    steps = list(
        application.status_changes.order_by("on", "at", "id").values_list(
            "action", "to_status", "actor__username"
        )
    )
    assert steps == [
        ("register", Status.REGISTERED, "clerk2403"),
        ("review", Status.REVIEWED, "officer2403"),
        ("approve", Status.APPROVED, "manager24"),
        ("introduce", Status.INTRODUCED, "manager24"),
        ("contract", Status.CONTRACTED, "clerk2403"),
        ("disburse", Status.DISBURSED, "clerk2403"),
    ]
    assert application.reviewed_by == staff.county
    assert application.approved_by == staff.manager
    assert application.letter_no == "۱۲۳/ش"
    assert application.instalments.count() == 36
    history = audit_history(actor=staff.admin, obj=application)
    assert sorted(history.values_list("action", flat=True)) == sorted(
        [
            "loan.register",
            "loan.review",
            "loan.approve",
            "loan.introduce",
            "loan.contract",
            "loan.disburse",
        ]
    )
    # One service call, one event: the tranche's event holds the benefit and the move.
    tranche = history.get(action="loan.disburse")
    assert [step["action"] for step in tranche.steps] == ["benefit.record", "loan.disburse"]


def test_operation_and_settlement(register, advance, staff):
    application = advance(register(amount=36_000_000), Status.DISBURSED)
    services.application_start_operation(actor=staff.county, application=application)
    application.refresh_from_db()
    assert application.status == Status.IN_OPERATION
    total = application.instalments.aggregate(total=Sum("total"))["total"]
    services.repayment_add(
        actor=staff.clerk, application=application, amount=total, date=datetime.date(2023, 1, 1)
    )
    application.refresh_from_db()
    assert application.status == Status.SETTLED
    assert not application.instalments.filter(paid_date__isnull=True).exists()


def test_maker_checker_refuses_registrar_and_reviewer(register, advance, staff):
    # The loans programme officer may register, review and approve — but only one of them.
    application = register(actor=staff.officer)
    with pytest.raises(ValidationError, match="«ثبت طرح» را انجام داده"):
        services.application_review(actor=staff.officer, application=application)
    services.application_review(actor=staff.county, application=application)
    with pytest.raises(ValidationError, match="«ثبت طرح» را انجام داده"):
        services.application_approve(
            actor=staff.officer, application=application, amount=1_000_000, minutes_no="1"
        )

    other = register()
    services.application_review(actor=staff.officer, application=other)
    with pytest.raises(ValidationError, match="«تأیید بررسی شهرستان» را انجام داده"):
        services.application_approve(
            actor=staff.officer, application=other, amount=1_000_000, minutes_no="1"
        )
    services.application_approve(
        actor=staff.manager, application=other, amount=1_000_000, minutes_no="1"
    )
    other.refresh_from_db()
    assert other.status == Status.APPROVED
    assert other.minutes_no == "1"


def test_permissions_per_step(register, staff):
    application = register()
    with pytest.raises(PermissionDenied):
        services.application_review(actor=staff.clerk, application=application)
    services.application_review(actor=staff.county, application=application)
    with pytest.raises(PermissionDenied):
        services.application_approve(
            actor=staff.county, application=application, amount=1, minutes_no="۱۴"
        )


def test_officer_of_another_county_cannot_act(register, officer_2401):
    application = register()
    with pytest.raises(PermissionDenied):
        services.application_review(actor=officer_2401, application=application)


@pytest.mark.parametrize(
    ("status", "call"),
    [
        (Status.REGISTERED, "approve"),
        (Status.REGISTERED, "introduce"),
        (Status.REVIEWED, "review"),
        (Status.APPROVED, "contract"),
        (Status.INTRODUCED, "disburse"),
        (Status.CONTRACTED, "operate"),
    ],
)
def test_invalid_transitions_are_refused(register, advance, staff, status, call):
    application = advance(register(), status)
    calls = {
        "approve": lambda: services.application_approve(
            actor=staff.manager, application=application, amount=1, minutes_no="۱۴"
        ),
        "introduce": lambda: services.application_introduce(
            actor=staff.manager,
            application=application,
            letter_no="1",
            letter_date=datetime.date(2022, 5, 1),
        ),
        "review": lambda: services.application_review(actor=staff.county, application=application),
        "contract": lambda: services.application_contract(
            actor=staff.clerk,
            application=application,
            contract_no="1",
            contract_date=datetime.date(2022, 5, 1),
        ),
        "disburse": lambda: services.disbursement_add(
            actor=staff.clerk, application=application, amount=1, date=datetime.date(2022, 5, 5)
        ),
        "operate": lambda: services.application_start_operation(
            actor=staff.county, application=application
        ),
    }
    with pytest.raises(ValidationError, match=r"از وضعیت «.*» ممکن نیست"):
        calls[call]()
    application.refresh_from_db()
    assert application.status == status


def test_reject_and_withdraw_need_reason_and_open_step(register, advance, staff):
    application = register()
    with pytest.raises(ValidationError, match="دلیل"):
        services.application_reject(actor=staff.county, application=application, reason="  ")
    services.application_reject(
        actor=staff.county, application=application, reason="طرح توجیه اقتصادی ندارد"
    )
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    assert application.rejection_reason == "طرح توجیه اقتصادی ندارد"
    with pytest.raises(ValidationError):
        services.application_withdraw(actor=staff.clerk, application=application, reason="x")

    approved = advance(register(), Status.APPROVED)
    # After the committee approved it, the county alone can no longer reject it.
    with pytest.raises(PermissionDenied):
        services.application_reject(actor=staff.county, application=approved, reason="x")
    services.application_withdraw(actor=staff.clerk, application=approved, reason="متقاضی منصرف شد")
    approved.refresh_from_db()
    assert approved.status == Status.WITHDRAWN

    disbursed = advance(register(), Status.DISBURSED)
    with pytest.raises(ValidationError):
        services.application_withdraw(actor=staff.clerk, application=disbursed, reason="دیر است")


def test_quota_refuses_beyond_county_quota(register, advance, line, staff, areas):
    services.quota_set(
        actor=staff.manager, credit_line=line, county=areas["2403"], amount=1_500_000_000
    )
    advance(register(amount=1_000_000_000), Status.APPROVED)
    second = advance(register(amount=1_000_000_000), Status.REVIEWED)
    with pytest.raises(ValidationError, match="سهمیه شهرستان"):
        services.application_approve(
            actor=staff.manager, application=second, amount=600_000_000, minutes_no="۱۴"
        )
    services.application_approve(
        actor=staff.manager, application=second, amount=500_000_000, minutes_no="۱۴"
    )
    # A county without a row on a line that has county quotas has no quota at all.
    elsewhere = register(place=areas["2401010001001"], actor=staff.officer)
    services.application_review(actor=staff.admin, application=elsewhere)
    with pytest.raises(ValidationError, match="سهمیه شهرستان"):
        services.application_approve(
            actor=staff.manager, application=elsewhere, amount=1_000, minutes_no="۱۴"
        )


def test_quota_refuses_beyond_bank_quota(register, advance, line, staff, banks):
    services.quota_set(
        actor=staff.manager, credit_line=line, bank=banks["keshavarzi"], amount=800_000_000
    )
    application = advance(register(bank=banks["keshavarzi"]), Status.REVIEWED)
    with pytest.raises(ValidationError, match="سهمیه بانک کشاورزی"):
        services.application_approve(
            actor=staff.manager, application=application, amount=900_000_000, minutes_no="۱۴"
        )
    application.refresh_from_db()
    assert application.status == Status.REVIEWED and application.approved_amount is None
    # The other bank has no quota row on a line that sets bank quotas: nothing is left.
    melli = advance(register(bank=banks["melli"]), Status.REVIEWED)
    with pytest.raises(ValidationError, match="بانک ملی"):
        services.application_approve(
            actor=staff.manager, application=melli, amount=1_000, minutes_no="۱۴"
        )


def test_withdrawn_approval_returns_to_the_quota(register, advance, line, staff, areas):
    services.quota_set(
        actor=staff.manager, credit_line=line, county=areas["2403"], amount=1_000_000_000
    )
    first = advance(register(), Status.APPROVED)
    services.application_withdraw(actor=staff.clerk, application=first, reason="انصراف")
    advance(register(), Status.APPROVED)


def test_quota_cannot_drop_below_commitments(register, advance, line, staff, areas):
    advance(register(amount=700_000_000), Status.APPROVED)
    with pytest.raises(ValidationError, match="کمتر نمی"):
        services.quota_set(
            actor=staff.manager, credit_line=line, county=areas["2403"], amount=600_000_000
        )
    with pytest.raises(ValidationError, match="جمع سهمیه"):
        services.quota_set(
            actor=staff.manager, credit_line=line, county=areas["2403"], amount=11_000_000_000
        )


def test_tranches_never_exceed_approved(register, advance, staff):
    application = advance(register(amount=1_000_000_000), Status.CONTRACTED)
    services.disbursement_add(
        actor=staff.clerk,
        application=application,
        amount=600_000_000,
        date=datetime.date(2022, 5, 3),
    )
    with pytest.raises(ValidationError, match="مانده مبلغ مصوب"):
        services.disbursement_add(
            actor=staff.clerk,
            application=application,
            amount=400_000_001,
            date=datetime.date(2022, 6, 3),
        )
    services.disbursement_add(
        actor=staff.clerk,
        application=application,
        amount=400_000_000,
        date=datetime.date(2022, 6, 3),
    )
    assert (
        Disbursement.objects.filter(application=application).aggregate(total=Sum("amount"))["total"]
        == 1_000_000_000
    )


@pytest.mark.parametrize("amount", [0, -5])
def test_tranche_amount_must_be_positive(register, advance, staff, amount):
    application = advance(register(), Status.CONTRACTED)
    with pytest.raises(ValidationError, match="بیشتر از صفر"):
        services.disbursement_add(
            actor=staff.clerk,
            application=application,
            amount=amount,
            date=datetime.date(2022, 5, 3),
        )


def test_tranche_dates(register, advance, staff):
    application = advance(register(), Status.CONTRACTED)
    with pytest.raises(ValidationError, match="آینده"):
        services.disbursement_add(
            actor=staff.clerk,
            application=application,
            amount=1,
            date=clock.today() + datetime.timedelta(days=2),
        )
    with pytest.raises(ValidationError, match="پیش از «ثبت قرارداد بانک»"):
        services.disbursement_add(
            actor=staff.clerk, application=application, amount=1, date=datetime.date(2022, 4, 1)
        )


def test_disbursement_records_benefit_for_household(register, advance, staff, applicant):
    application = advance(register(person=applicant), Status.DISBURSED)
    benefit = Benefit.objects.get(programme="loan")
    assert benefit.household == applicant.household
    assert benefit.person == applicant
    assert benefit.value == application.approved_amount
    assert benefit.source == application.disbursements.get()


def test_second_loan_of_household_warns(register, advance, staff, applicant):
    advance(register(person=applicant), Status.DISBURSED)
    second = advance(register(person=applicant), Status.CONTRACTED)
    result = services.disbursement_add(
        actor=staff.clerk, application=second, amount=1_000, date=datetime.date(2022, 6, 1)
    )
    assert result.warnings


def test_approve_amount_rules(register, advance, staff):
    application = advance(register(amount=1_000_000), Status.REVIEWED)
    with pytest.raises(ValidationError, match="درخواستی"):
        services.application_approve(
            actor=staff.manager, application=application, amount=1_000_001, minutes_no="۱۴"
        )
    with pytest.raises(ValidationError, match="بیشتر از صفر"):
        services.application_approve(
            actor=staff.manager, application=application, amount=0, minutes_no="۱۴"
        )


def test_register_refuses_bank_outside_line(register, areas, staff):
    from .conftest import make_bank

    stranger = make_bank(areas["24"], "بانک دیگر")
    with pytest.raises(ValidationError, match="از بانک"):
        register(bank=stranger)


def test_register_refuses_place_outside_line_and_non_positive(register, areas, staff):
    with pytest.raises(ValidationError, match="بیشتر از صفر"):
        register(amount=0)
    with pytest.raises(ValidationError, match="خارج از حوزه"):
        register(place=areas["1501"], actor=staff.admin)
    from abadi.loans.models import Application

    assert not Application.objects.exists()


def test_schedule_follows_the_money_paid_out(register, advance, staff):
    # Approved below what was requested, and paid in two tranches: the borrower owes
    # instalments on what reached them, never on the approved amount not yet paid.
    application = advance(register(amount=2_000_000_000), Status.CONTRACTED, amount=1_200_000_000)
    assert not application.instalments.exists()
    services.disbursement_add(
        actor=staff.clerk,
        application=application,
        amount=700_000_000,
        date=datetime.date(2022, 5, 4),
    )
    assert application.instalments.aggregate(total=Sum("principal"))["total"] == 700_000_000
    first = Instalment.objects.filter(application=application).order_by("number").first()
    assert first.due_date == datetime.date(2022, 6, 1)  # 11 Ordibehesht 1401 → 11 Khordad 1401
    services.disbursement_add(
        actor=staff.clerk,
        application=application,
        amount=500_000_000,
        date=datetime.date(2022, 7, 4),
    )
    assert application.instalments.aggregate(total=Sum("principal"))["total"] == 1_200_000_000


def test_steps_cannot_be_dated_before_the_previous_step(register, advance, staff):
    application = advance(register(), Status.REGISTERED)
    with pytest.raises(ValidationError, match="پیش از «ثبت طرح»"):
        services.application_review(
            actor=staff.county, application=application, on=datetime.date(2021, 2, 28)
        )
    # The day of the step before is allowed.
    services.application_review(
        actor=staff.county, application=application, on=datetime.date(2021, 3, 1)
    )
    application = advance(application, Status.APPROVED)  # approved 2022-04-21
    with pytest.raises(ValidationError, match="پیش از «تصویب در کمیته»"):
        services.application_introduce(
            actor=staff.manager,
            application=application,
            letter_no="1",
            letter_date=datetime.date(2022, 4, 1),
        )


def test_timeline_stays_in_order_when_a_document_is_dated_earlier(register, staff):
    application = register()
    services.application_review(actor=staff.county, application=application)
    services.application_approve(
        actor=staff.manager, application=application, amount=1_000, minutes_no="۱۴"
    )
    services.application_introduce(
        actor=staff.manager,
        application=application,
        letter_no="1",
        letter_date=clock.today(),
    )
    steps = list(
        application.status_changes.order_by("at", "id").values_list("to_status", flat=True)
    )
    assert steps == [Status.REGISTERED, Status.REVIEWED, Status.APPROVED, Status.INTRODUCED]


def test_plan_can_be_corrected_before_committee_only(register, advance, staff):
    application = register(amount=900_000_000)
    services.application_update(
        actor=staff.clerk,
        application=application,
        title="کارگاه گلیم",
        requested_amount=800_000_000,
    )
    services.cost_line_add(
        actor=staff.clerk,
        application=application,
        kind="fixed",
        title="دار قالی",
        amount=300_000_000,
    )
    services.guarantor_add(
        actor=staff.clerk, application=application, name="رضا کریمی", national_code="۰۰۱۲۳۴۵۶۷۹"
    )
    with pytest.raises(ValidationError) as refused:
        services.guarantor_add(
            actor=staff.clerk, application=application, name="x", national_code="1234567890"
        )
    assert "national_code" in refused.value.message_dict
    application.refresh_from_db()
    assert application.title == "کارگاه گلیم" and application.requested_amount == 800_000_000
    assert application.guarantors.get().national_code == "0012345679"
    with pytest.raises(ValidationError, match="بیشتر از صفر"):
        services.cost_line_add(
            actor=staff.clerk, application=application, kind="fixed", title="x", amount=0
        )
    advance(application, Status.APPROVED)
    with pytest.raises(ValidationError, match="طرحی با وضعیت"):
        services.application_update(actor=staff.clerk, application=application, title="دیگر")


def test_documents_are_checked_for_size_and_type(register, staff, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    application = register()
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.7\n" + b"0" * 100, content_type="application/pdf")
    document = services.document_add(
        actor=staff.clerk, application=application, title="طرح توجیهی", file=pdf
    )
    assert document.file.name.endswith(".pdf")
    cases = [
        (
            SimpleUploadedFile(
                "big.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024), content_type="application/pdf"
            ),
            "۵ مگابایت",
        ),
        (SimpleUploadedFile("tool.exe", b"MZ" + b"0" * 10), "PDF، JPG یا PNG"),
        (SimpleUploadedFile("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 10), "نمی"),
    ]
    for upload, message in cases:
        with pytest.raises(ValidationError) as refused:
            services.document_add(
                actor=staff.clerk, application=application, title="x", file=upload
            )
        assert message in " ".join(refused.value.message_dict["file"])
    assert application.documents.count() == 1


def test_committee_approval_at_the_edges(register, staff):
    """The committee may approve exactly what was asked, not a rial more, and only with
    its minutes' number."""
    application = register()
    services.application_review(actor=staff.county, application=application)
    asked = application.requested_amount
    with pytest.raises(ValidationError, match="مبلغ مصوب از مبلغ درخواستی بیشتر است"):
        services.application_approve(
            actor=staff.manager, application=application, amount=asked + 1, minutes_no="۱۴"
        )
    with pytest.raises(ValidationError):
        services.application_approve(
            actor=staff.manager, application=application, amount=asked, minutes_no="  "
        )
    services.application_approve(
        actor=staff.manager, application=application, amount=asked, minutes_no="۱۴"
    )
    application.refresh_from_db()
    assert application.approved_amount == asked and application.minutes_no == "۱۴"
