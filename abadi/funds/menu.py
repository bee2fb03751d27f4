from django.utils.translation import gettext_lazy as _

from abadi.core.navigation import register_menu

register_menu(_("کمک‌های خیّران"), "funds:donation_list", "funds.view", order=35)
