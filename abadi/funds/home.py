"""What the funds module puts on the home page: pledges past their due date, cases fully
funded and waiting to be paid, donations still without a receipt; the year's releases and
donations; the pages of a clerk's day."""

from django.utils.translation import gettext_lazy as _

from abadi.core import clock
from abadi.core.home import (
    Shortcut,
    Waiting,
    register_headline,
    register_shortcut,
    register_waiting,
)
from abadi.funds import selectors
from abadi.funds.models import CaseStatus, DonationStatus
from abadi.funds.permissions import (
    ADVANCE_CASES,
    OPEN_CASES,
    RECORD_DONATIONS,
    VIEW_FUNDS,
)

register_waiting(
    Waiting(
        key="funds.pledges_overdue",
        label=_("تعهدهای خیّران که سررسیدشان گذشته است"),
        permission=VIEW_FUNDS,
        count=lambda actor: selectors.pledge_list(actor=actor, overdue_on=clock.today()).count(),
        url_name="funds:pledge_list",
        query="overdue=1",
        order=30,
    )
)
register_waiting(
    Waiting(
        key="funds.cases_funding",
        label=_("پرونده‌های آزادی زندانی در حال تأمین"),
        permission=ADVANCE_CASES,
        count=lambda actor: selectors.case_list(
            actor=actor, status=CaseStatus.FUNDING, perm=ADVANCE_CASES
        ).count(),
        url_name="funds:case_list",
        query="status=funding",
        order=31,
    )
)
register_waiting(
    Waiting(
        key="funds.unreceipted",
        label=_("کمک‌های ثبت‌شده بی رسید رسمی"),
        permission=RECORD_DONATIONS,
        count=lambda actor: selectors.donation_list(
            actor=actor, status=DonationStatus.RECORDED, perm=RECORD_DONATIONS
        ).count(),
        url_name="funds:donation_list",
        query="status=recorded",
        order=32,
    )
)
register_headline("cases.prisoners_released", order=30)
register_headline("funds.donations_received", order=31)
register_shortcut(
    Shortcut(
        label=_("ثبت کمک خیّر"), url_name="funds:donor_list", permission=RECORD_DONATIONS, order=30
    )
)
register_shortcut(
    Shortcut(
        label=_("ثبت پرونده آزادی زندانی"),
        url_name="funds:case_create",
        permission=OPEN_CASES,
        order=31,
    )
)
