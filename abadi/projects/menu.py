from django.utils.translation import gettext_lazy as _

from abadi.core.navigation import register_menu
from abadi.projects.permissions import VIEW_PROJECTS

register_menu(_("پروژه‌های محرومیت‌زدایی"), "projects:project_list", VIEW_PROJECTS, order=25)
