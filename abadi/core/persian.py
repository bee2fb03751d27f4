"""Persian text: digits in and out, and the search key every name is indexed by."""

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"

_TO_PERSIAN = str.maketrans(LATIN_DIGITS + ARABIC_DIGITS, PERSIAN_DIGITS * 2)
_TO_LATIN = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, LATIN_DIGITS * 2)


def to_persian_digits(value: object) -> str:
    return str(value).translate(_TO_PERSIAN)


def to_latin_digits(value: object) -> str:
    return str(value).translate(_TO_LATIN)


def search_key(text: str) -> str:
    """Arabic ي/ك → ی/ک, digits → Latin, whitespace folded; lower-cased."""
    text = to_latin_digits(text or "").replace("ي", "ی").replace("ك", "ک").replace("\u200c", " ")
    return " ".join(text.split()).lower()
