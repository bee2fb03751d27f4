from django.utils.translation import gettext_lazy as _

from abadi.core.navigation import register_menu

register_menu(_("گروه‌های جهادی"), "volunteers:group_list", "volunteers.view", order=30)
