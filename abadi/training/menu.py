from django.utils.translation import gettext_lazy as _

from abadi.core.navigation import register_menu

register_menu(_("آموزش و مجوزها"), "training:course_list", "training.view", order=40)
