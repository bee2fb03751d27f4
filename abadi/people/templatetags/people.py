"""How a person appears on the records of the registry (docs/adr/0011-people-who-moved.md):
a person living outside the viewer's areas is "a person living in another area" — no name,
no national code, no link — on a household or a ledger row of the viewer's own area."""

from typing import Any

from django import template

from abadi.people.selectors import MOVED_AWAY, person_visible

register = template.Library()


@register.filter
def visible_to(person: Any, user: Any) -> bool:
    return person_visible(actor=user, person=person)


@register.filter
def shown_name(person: Any, user: Any) -> str:
    return person.full_name if person_visible(actor=user, person=person) else str(MOVED_AWAY)


@register.filter
def shown_code(person: Any, user: Any) -> str:
    if person is None or not person_visible(actor=user, person=person):
        return ""
    return person.national_code or ""
