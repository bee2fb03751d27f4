from django.utils.translation import gettext_lazy as _

from abadi.core.navigation import register_menu

register_menu(_("افراد و خانوارها"), "people:person_list", "people.view", order=10)
