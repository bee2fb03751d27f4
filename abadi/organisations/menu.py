from django.utils.translation import gettext_lazy as _

from abadi.core.navigation import register_menu

register_menu(_("دستگاه‌ها و بانک‌ها"), "organisations:list", "organisations.view", order=65)
