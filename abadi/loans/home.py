"""What the loans module puts on the home page."""

from django.utils.translation import gettext_lazy as _

from abadi.core.home import (
    Shortcut,
    Waiting,
    register_headline,
    register_shortcut,
    register_waiting,
)
from abadi.core.scoping import scope
from abadi.loans import selectors
from abadi.loans.models import Application, Status
from abadi.loans.permissions import (
    APPROVE_LOANS,
    DISBURSE_LOANS,
    REGISTER_LOANS,
    REVIEW_LOANS,
    VISIT_LOANS,
)


def _in_status(status: str, perm: str):
    def count(actor) -> int:
        return scope(Application.objects.filter(status=status), actor=actor, perm=perm).count()

    return count


register_waiting(
    Waiting(
        key="loans.to_review",
        label=_("طرح‌های منتظر بررسی شهرستان"),
        permission=REVIEW_LOANS,
        count=_in_status(Status.REGISTERED, REVIEW_LOANS),
        url_name="loans:application_list",
        query="status=registered",
        order=10,
    )
)
register_waiting(
    Waiting(
        key="loans.to_approve",
        label=_("طرح‌های منتظر تصویب کمیته"),
        permission=APPROVE_LOANS,
        count=_in_status(Status.REVIEWED, APPROVE_LOANS),
        url_name="loans:application_list",
        query="status=reviewed",
        order=11,
    )
)
register_waiting(
    Waiting(
        key="loans.visits_due",
        label=_("وام‌های نیازمند بازدید نظارتی"),
        permission=VISIT_LOANS,
        count=lambda actor: selectors.loans_due_visit(actor=actor).count(),
        url_name="loans:visits_due",
        order=12,
    )
)
register_waiting(
    Waiting(
        key="loans.to_introduce",
        label=_("طرح‌های مصوب منتظر معرفی به بانک"),
        permission=APPROVE_LOANS,
        count=_in_status(Status.APPROVED, APPROVE_LOANS),
        url_name="loans:application_list",
        query="status=approved",
        order=13,
    )
)
register_waiting(
    Waiting(
        key="loans.to_contract",
        label=_("طرح‌های معرفی‌شده منتظر قرارداد بانک"),
        permission=DISBURSE_LOANS,
        count=_in_status(Status.INTRODUCED, DISBURSE_LOANS),
        url_name="loans:application_list",
        query="status=introduced",
        order=14,
    )
)
register_headline("loans.disbursed_amount", order=10)
register_headline("loans.jobs_verified", order=11)
register_shortcut(
    Shortcut(
        label=_("ثبت طرح اشتغال"),
        url_name="loans:application_create",
        permission=REGISTER_LOANS,
        order=10,
    )
)
register_shortcut(
    Shortcut(
        label=_("بازدیدهای سررسیده"),
        url_name="loans:visits_due",
        permission=VISIT_LOANS,
        order=12,
    )
)
