"""What the projects module puts on the home page: projects waiting for a progress report
or for their inauguration, the figures of the year, the pages of a field officer's day."""

from django.utils.translation import gettext_lazy as _

from abadi.core.home import (
    Shortcut,
    Waiting,
    register_headline,
    register_shortcut,
    register_waiting,
)
from abadi.core.scoping import scope
from abadi.projects import selectors
from abadi.projects.models import Project, Stage
from abadi.projects.permissions import ADVANCE_PROJECTS, REGISTER_PROJECTS, REPORT_PROGRESS

register_waiting(
    Waiting(
        key="projects.awaiting_report",
        label=_("پروژه‌های در دست اجرا بی گزارش پیشرفت در دو ماه گذشته"),
        permission=REPORT_PROGRESS,
        count=lambda actor: selectors.projects_awaiting_report(actor=actor).count(),
        url_name="projects:project_list",
        query="due=1",
        order=20,
    )
)
register_waiting(
    Waiting(
        key="projects.awaiting_inauguration",
        label=_("پروژه‌های تکمیل‌شده در انتظار افتتاح"),
        permission=ADVANCE_PROJECTS,
        count=lambda actor: scope(
            Project.objects.filter(stage=Stage.COMPLETED), actor=actor, perm=ADVANCE_PROJECTS
        ).count(),
        url_name="projects:project_list",
        query="stage=completed",
        order=21,
    )
)
register_headline("projects.in_progress", order=20)
register_headline("projects.solar_inaugurated", order=21)
register_headline("projects.housing_units_completed", order=22)
register_shortcut(
    Shortcut(
        label=_("ثبت پروژه محرومیت‌زدایی"),
        url_name="projects:project_create",
        permission=REGISTER_PROJECTS,
        order=20,
    )
)
register_shortcut(
    Shortcut(
        label=_("گزارش پیشرفت پروژه‌ها"),
        url_name="projects:report_list",
        permission=REPORT_PROGRESS,
        order=21,
    )
)
