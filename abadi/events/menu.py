from django.utils.translation import gettext_lazy as _

from abadi.core.navigation import register_menu

register_menu(_("رویدادها و مناسبت‌ها"), "events:event_list", "events.view", order=45)
