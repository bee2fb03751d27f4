"""A page of a list without counting the list.

``COUNT(*)`` over two million rows on every keystroke of a search box costs more than the
page itself; a page only needs to know whether a next one exists, which one extra row
answers. The object quacks like Django's ``Page`` where templates use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

MAX_PAGE = 10_000


@dataclass
class Window:
    object_list: list[Any]
    number: int
    per_page: int
    has_next_page: bool

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self.has_next_page

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next_page or self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0

    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.object_list)


def page_number(value: Any) -> int:
    """A page number from the query string; anything odd is page 1."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def window(queryset: QuerySet | Any, number: Any, per_page: int = 25) -> Window:
    """Rows of page ``number`` plus one look-ahead row: one query, no count."""
    current = page_number(number)
    start = (current - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return Window(
        object_list=rows[:per_page],
        number=current,
        per_page=per_page,
        has_next_page=len(rows) > per_page,
    )
