from django.utils.translation import gettext_lazy as _

from abadi.core.navigation import register_menu

register_menu(_("شاخص‌ها"), "reporting:indicators", "indicators.view", order=70)
register_menu(_("داشبورد"), "reporting:dashboard", "indicators.view", order=69)
register_menu(_("گزارش برای رسانه‌ها"), "reporting:press", "indicators.view", order=71)
