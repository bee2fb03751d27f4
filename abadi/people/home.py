"""What the people registry puts on the home page."""

from django.utils.translation import gettext_lazy as _

from abadi.core.home import (
    Shortcut,
    Waiting,
    register_headline,
    register_shortcut,
    register_waiting,
)
from abadi.people import selectors
from abadi.people.permissions import EDIT_PEOPLE, MERGE_PEOPLE

register_waiting(
    Waiting(
        key="people.duplicates",
        label=_("پرونده‌های احتمالاً تکراری افراد"),
        permission=MERGE_PEOPLE,
        count=lambda actor: selectors.duplicate_candidates(actor=actor, perm=MERGE_PEOPLE).count(),
        url_name="people:duplicates",
        order=30,
    )
)
register_headline("people.households_reached", order=5)
register_shortcut(
    Shortcut(label=_("ثبت فرد"), url_name="people:person_create", permission=EDIT_PEOPLE, order=5)
)
register_shortcut(
    Shortcut(
        label=_("ثبت خانوار"),
        url_name="people:household_create",
        permission=EDIT_PEOPLE,
        order=6,
    )
)
