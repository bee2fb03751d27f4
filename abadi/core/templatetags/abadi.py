"""Template filters every page uses: Jalali dates, Persian digits, rials."""

from django import template

from abadi.core.jalali import format_jalali
from abadi.core.money import format_rials
from abadi.core.persian import to_persian_digits

register = template.Library()


@register.filter
def jalali(value):
    return format_jalali(value)


@register.filter
def fa_digits(value):
    if value is None:
        return ""
    return to_persian_digits(value)


@register.filter
def fa_number(value):
    """An integer with thousands separators, in Persian digits."""
    if value is None or value == "":
        return ""
    return to_persian_digits(f"{int(value):,}").replace(",", "٬")


@register.filter
def rials(value):
    return format_rials(value)


@register.filter
def jalali_datetime(value):
    from django.utils import timezone

    from abadi.core.jalali import to_jalali

    if value is None:
        return ""
    local = timezone.localtime(value)
    return to_persian_digits(f"{to_jalali(local.date()).strftime('%Y/%m/%d')} {local:%H:%M}")


@register.filter
def get_item(mapping, key):
    if not mapping:
        return None
    return mapping.get(key)
