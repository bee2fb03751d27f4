from django.utils.translation import gettext_lazy as _

from abadi.core.navigation import register_menu

register_menu(_("مناطق"), "geography:browser", "geography.view", order=60)
