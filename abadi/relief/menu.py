from django.utils.translation import gettext_lazy as _

from abadi.core.navigation import register_menu

register_menu(_("امداد و بسته‌ها"), "relief:campaign_list", "relief.view", order=37)
