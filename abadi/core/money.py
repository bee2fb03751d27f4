"""Money is integer rials; these format it for people."""

from abadi.core.persian import to_persian_digits


def format_rials(amount: int | None) -> str:
    if amount is None:
        return ""
    return to_persian_digits(f"{int(amount):,}").replace(",", "٬") + " ریال"
