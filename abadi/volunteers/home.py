"""What the volunteers module puts on the home page: permits running out (for staff),
the group's report form (for a leader, on a phone), the active-groups headline."""

from django.utils.translation import gettext_lazy as _

from abadi.core.home import (
    Shortcut,
    Waiting,
    register_headline,
    register_shortcut,
    register_waiting,
)
from abadi.volunteers import selectors
from abadi.volunteers.permissions import MANAGE_GROUPS, REPORT_DEPLOYMENTS, VIEW_VOLUNTEERS


def _permits_running_out(actor) -> int:
    return selectors.permits_expiring(actor=actor).count()


register_waiting(
    Waiting(
        key="volunteers.permits",
        label=_("گروه‌های جهادی که مجوزشان رو به پایان است یا گذشته است"),
        permission=VIEW_VOLUNTEERS,
        count=_permits_running_out,
        url_name="volunteers:permit_list",
        order=20,
    )
)
register_headline("volunteers.active_groups", order=20)
register_shortcut(
    Shortcut(
        label=_("گزارش اردو / خدمت"),
        url_name="volunteers:deployment_create",
        permission=REPORT_DEPLOYMENTS,
        order=20,
    )
)
register_shortcut(
    Shortcut(
        label=_("ثبت گروه جهادی"),
        url_name="volunteers:group_create",
        permission=MANAGE_GROUPS,
        order=21,
    )
)
