from django.utils.translation import gettext_lazy as _

from abadi.core.navigation import register_menu

register_menu(_("تسهیلات اشتغال"), "loans:application_list", "loans.view", order=20)
