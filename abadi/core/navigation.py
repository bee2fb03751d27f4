"""The main menu. Each app adds its own entry from its ``menu.py`` (imported at start-up);
core knows no module by name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from abadi.core.permissions import has_perm, roles_for


@dataclass(frozen=True)
class MenuEntry:
    label: Any
    url_name: str
    permission: str
    # Lower first: daily work before reference data, administration last.
    order: int


_ENTRIES: dict[str, MenuEntry] = {}


def register_menu(label: Any, url_name: str, permission: str, *, order: int) -> MenuEntry:
    """Add an entry for the page ``url_name``, shown to whoever holds ``permission``."""
    roles_for(permission)  # a misspelt permission fails at start-up
    entry = MenuEntry(label=label, url_name=url_name, permission=permission, order=order)
    _ENTRIES[url_name] = entry
    return entry


def menu_entries() -> list[MenuEntry]:
    return sorted(_ENTRIES.values(), key=lambda entry: (entry.order, entry.url_name))


def menu_for(user) -> list[dict[str, object]]:
    return [
        {"label": entry.label, "url": reverse(entry.url_name), "ready": True}
        for entry in menu_entries()
        if has_perm(user, entry.permission)
    ]


# Core's own pages.
register_menu(_("پیشخوان"), "core:home", "core.use", order=0)
register_menu(_("ورود از اکسل"), "imports:index", "core.use", order=80)
register_menu(_("گزارش ممیزی"), "core:audit_log", "audit.view", order=95)
