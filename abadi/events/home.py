"""What the events module puts on the home page: this week's planned events, the events
whose day has passed and whose holding nobody has reported, and the year's held events."""

from django.utils.translation import gettext_lazy as _

from abadi.core.home import (
    Shortcut,
    Waiting,
    register_headline,
    register_shortcut,
    register_waiting,
)
from abadi.events import selectors
from abadi.events.permissions import PLAN_EVENTS, REPORT_EVENTS, VIEW_EVENTS

register_waiting(
    Waiting(
        key="events.this_week",
        label=_("رویدادهای برنامه‌ریزی‌شده این هفته"),
        permission=VIEW_EVENTS,
        count=lambda actor: selectors.events_this_week(actor=actor).count(),
        url_name="events:calendar",
        order=45,
    )
)
register_waiting(
    Waiting(
        key="events.to_report",
        label=_("رویدادهای گذشته‌ای که برگزاری‌شان ثبت نشده است"),
        permission=REPORT_EVENTS,
        count=lambda actor: selectors.events_to_report(actor=actor, perm=REPORT_EVENTS).count(),
        url_name="events:event_list",
        query="status=planned&past=1",
        order=46,
    )
)
register_headline("events.held", order=45)
register_shortcut(
    Shortcut(
        label=_("برنامه‌ریزی رویداد"),
        url_name="events:event_create",
        permission=PLAN_EVENTS,
        order=45,
    )
)
register_shortcut(
    Shortcut(
        label=_("تقویم رویدادها"), url_name="events:calendar", permission=VIEW_EVENTS, order=46
    )
)
