"""What the training module puts on the home page: courses starting this week, licences
whose validity ends within a month, and the year's trained people."""

from django.utils.translation import gettext_lazy as _

from abadi.core.home import (
    Shortcut,
    Waiting,
    register_headline,
    register_shortcut,
    register_waiting,
)
from abadi.training import selectors
from abadi.training.permissions import MANAGE_COURSES, RECORD_LICENCES, VIEW_TRAINING

STARTING_DAYS = 7
EXPIRING_DAYS = 30

register_waiting(
    Waiting(
        key="training.courses_starting",
        label=_("دوره‌های آموزشی که تا یک هفته دیگر آغاز می‌شوند"),
        permission=VIEW_TRAINING,
        count=lambda actor: selectors.courses_starting(actor=actor, days=STARTING_DAYS).count(),
        url_name="training:course_list",
        query=f"starting={STARTING_DAYS}",
        order=40,
    )
)
register_waiting(
    Waiting(
        key="training.licences_expiring",
        label=_("مجوزهایی که اعتبارشان تا یک ماه دیگر به پایان می‌رسد"),
        permission=VIEW_TRAINING,
        count=lambda actor: selectors.licences_expiring(actor=actor, days=EXPIRING_DAYS).count(),
        url_name="training:licence_list",
        query=f"expiring={EXPIRING_DAYS}",
        order=41,
    )
)
register_headline("training.completed", order=40)
register_headline("training.licences_issued", order=41)
register_shortcut(
    Shortcut(
        label=_("ثبت دوره آموزشی"),
        url_name="training:course_create",
        permission=MANAGE_COURSES,
        order=40,
    )
)
register_shortcut(
    Shortcut(
        label=_("ثبت مجوز"),
        url_name="training:licence_create",
        permission=RECORD_LICENCES,
        order=41,
    )
)
