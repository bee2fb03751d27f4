"""The main menu: every module of the office, linked once its pages exist."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from abadi.core.permissions import has_perm

# (label, url name, permission). A module whose pages are not built yet shows greyed out.
MODULES = [
    (_("پیشخوان"), "core:home", "core.use"),
    (_("مناطق"), "geography:browser", "geography.view"),
    (_("افراد و خانوارها"), "people:person_list", "people.view"),
    (_("تسهیلات اشتغال"), "loans:application_list", "loans.view"),
    (_("گروه‌های جهادی"), "volunteers:group_list", "volunteers.view"),
    (_("پروژه‌ها"), "projects:project_list", "projects.view"),
    (_("خیّرین و موارد حمایتی"), "funds:donor_list", "funds.view"),
    (_("امداد و بسته‌ها"), "relief:campaign_list", "relief.view"),
    (_("آموزش و مجوز"), "training:course_list", "training.view"),
    (_("رویدادها"), "events:event_list", "events.view"),
    (_("شاخص‌ها"), "reporting:indicators", "reporting.view"),
    (_("ورود از اکسل"), "imports:index", "core.use"),
    (_("دستگاه‌ها و بانک‌ها"), "organisations:list", "organisations.view"),
    (_("گزارش ممیزی"), "core:audit_log", "audit.view"),
]


def menu_for(user) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    for label, url_name, perm in MODULES:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            items.append({"label": label, "url": None, "ready": False})
            continue
        try:
            allowed = has_perm(user, perm)
        except KeyError:
            allowed = False
        if allowed:
            items.append({"label": label, "url": url, "ready": True})
    return items
