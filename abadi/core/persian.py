"""Persian text: digits in and out, number words, and the search key every name is indexed by.

Names reach the records typed on Persian keyboards, Arabic keyboards, phones, scanned
lists and Excel sheets exported by other agencies, so the same word arrives in many
spellings. Everything that compares or indexes text goes through :func:`search_key`.
"""

import unicodedata

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"

THOUSANDS_SEPARATOR = "٬"  # U+066C ARABIC THOUSANDS SEPARATOR
DECIMAL_SEPARATOR = "٫"  # U+066B ARABIC DECIMAL SEPARATOR
ZWNJ = "\u200c"


def _digit_table(sources: str, targets: str) -> list[str]:
    """A translate table indexed by code point, covering ASCII and the Arabic block.

    ``str.translate`` with a dict pays for an exception inside CPython for every character
    the dict lacks; a list that maps every character up to U+06FF (itself, or its
    replacement) avoids that and is about three times faster on names. Characters past
    the end raise IndexError, which ``translate`` takes as "leave unchanged".
    """
    table = [chr(code) for code in range(0x0700)]
    for source, target in zip(sources, targets, strict=True):
        table[ord(source)] = target
    return table


_TO_PERSIAN = _digit_table(LATIN_DIGITS + ARABIC_DIGITS, PERSIAN_DIGITS * 2)
_TO_LATIN = _digit_table(PERSIAN_DIGITS + ARABIC_DIGITS, LATIN_DIGITS * 2)


def to_persian_digits(value: object) -> str:
    """Latin and Arabic-Indic digits become Persian ones; everything else is left alone."""
    return str(value).translate(_TO_PERSIAN)


def to_latin_digits(value: object) -> str:
    """Persian and Arabic-Indic digits become Latin ones, so ``int()`` and regexes can read them.

    Arabic-Indic digits (٤٥٦) are included on purpose: Arabic keyboards and some
    agencies' exports produce them, and libraries that only fold Persian digits miss them.
    """
    text = str(value)
    return text if text.isascii() else text.translate(_TO_LATIN)


# Unicode's left-to-right isolate and its end: a code inside Persian text that is plain
# text (a message, a note, a cell of an export) still reads as one left-to-right run.
LRI, PDI = "\u2066", "\u2069"


def ltr_run(value: object) -> str:
    """A code or document number as one left-to-right run in Persian digits:
    "1401-000610" → "\u2066۱۴۰۱-۰۰۰۶۱۰\u2069", which never reads reversed ("۰۰۰۶۱۰-۱۴۰۱")."""
    text = to_persian_digits(value)
    return f"{LRI}{text}{PDI}" if text else ""


def group_digits(value: int) -> str:
    """An integer with Persian digits and the Persian thousands separator: ``۱۲٬۵۰۰``."""
    return to_persian_digits(f"{value:,}").replace(",", THOUSANDS_SEPARATOR)


# ---------------------------------------------------------------------------- search key


def _chars(*ranges: tuple[int, int]) -> str:
    return "".join(chr(c) for start, end in ranges for c in range(start, end + 1))


# Marks that change pronunciation, not identity: harakat, superscript alef, Quranic
# annotation signs and tatweel (the stretching stroke used for justification).
_DROPPED_MARKS = _chars(
    (0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06ED), (0x0640, 0x0640)
)
# Invisible characters: ZWNJ/ZWJ, zero-width space, direction marks and embeddings,
# word joiner, byte-order mark and soft hyphen.
_DROPPED_INVISIBLE = (
    _chars((0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x2069), (0xFEFF, 0xFEFF))
    + "\u00ad"
)

# Letters written differently on Arabic keyboards or with hamza/madda that a searcher
# does not type. آ folds to ا because "آباد" is routinely typed "اباد".
_LETTER_FOLDS = {
    "ی": "يىئۍې",
    "ک": "كڪ",
    "ه": "ةۀۂەہھ",
    "ا": "أإآٱٲٳ",
    "و": "ؤ",
}

# One replacement per character. Applied with str.replace, and only for the characters
# a text actually contains: CPython's str.translate with a mapping costs ~200 ns per
# character on non-ASCII text, several times slower than this.
_FOLDS: dict[str, str] = {
    **dict.fromkeys(_DROPPED_MARKS + _DROPPED_INVISIBLE, ""),
    **{variant: base for base, variants in _LETTER_FOLDS.items() for variant in variants},
    **{d: str(i) for i, d in enumerate(PERSIAN_DIGITS)},
    **{d: str(i) for i, d in enumerate(ARABIC_DIGITS)},
}
_FOLDED_CHARS = frozenset(_FOLDS)


def search_key(text: str | None) -> str:
    """The form two spellings of one name share, for indexing, matching and duplicate checks.

    Folding, in order:
    1. NFKC, which turns Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF, what
       old PDFs and some exports contain) and compatibility characters into plain letters;
    2. Arabic ي/ى/ئ → ی, ك → ک, ة/ۀ → ه, أ/إ/آ → ا, ؤ → و;
    3. diacritics, tatweel and invisible characters removed;
    4. Persian and Arabic-Indic digits → Latin; lower case; runs of whitespace → one space.

    ZWNJ is *removed*, not turned into a space: "می‌رود" and "میرود" get the same key,
    while "می رود" (a real space) keeps its word boundary. Removing every space would make
    word-prefix search impossible; callers that want space-blind matching (names like
    "محمد رضا" / "محمدرضا") use :func:`compact_key`.

    Runs on every row of large imports, so the work is C-level: normalisation, a set
    intersection to find which foldable characters occur, one ``str.replace`` for each of
    those, and a split/join — no Python loop over characters; ASCII skips it all.
    """
    if not text:
        return ""
    if text.isascii():
        return " ".join(text.lower().split())
    text = unicodedata.normalize("NFKC", text)
    for char in _FOLDED_CHARS.intersection(text):
        text = text.replace(char, _FOLDS[char])
    text = text.lower()
    # Dropping a tatweel or ZWJ can bring a letter and a mark together: compose them too,
    # so that the key of a key is the key itself.
    return " ".join(unicodedata.normalize("NFKC", text).split())


def compact_key(text: str | None) -> str:
    """:func:`search_key` without any spaces, for comparing names whose parts run together."""
    return search_key(text).replace(" ", "")


# ---------------------------------------------------------------------------- number words

_ONES = ("", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه")
_TEENS = (
    "ده",
    "یازده",
    "دوازده",
    "سیزده",
    "چهارده",
    "پانزده",
    "شانزده",
    "هفده",
    "هجده",
    "نوزده",
)
_TENS = ("", "", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود")
_HUNDREDS = (
    "",
    "یکصد",
    "دویست",
    "سیصد",
    "چهارصد",
    "پانصد",
    "ششصد",
    "هفتصد",
    "هشتصد",
    "نهصد",
)
_AND = " و "
_BILLION = 10**9
_SCALES = ((10**6, "میلیون"), (10**3, "هزار"))


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    parts = [_HUNDREDS[hundreds]] if hundreds else []
    if 10 <= rest < 20:
        parts.append(_TEENS[rest - 10])
    elif rest:
        tens, ones = divmod(rest, 10)
        parts += [word for word in (_TENS[tens], _ONES[ones]) if word]
    return _AND.join(parts)


def _below_billion(n: int) -> list[str]:
    parts = []
    for size, name in _SCALES:
        count, n = divmod(n, size)
        if count:
            # "هزار", not "یک هزار", as cheques and the press write it; "یک میلیون" keeps its یک.
            parts.append(
                name if count == 1 and size == 1000 else f"{_below_thousand(count)} {name}"
            )
    if n:
        parts.append(_below_thousand(n))
    return parts


def _positive_words(n: int) -> str:
    billions, rest = divmod(n, _BILLION)
    parts = [f"{_positive_words(billions)} میلیارد"] if billions else []
    parts += _below_billion(rest)
    return _AND.join(parts)


def number_to_words(n: int) -> str:
    """Persian words for an integer, as written on cheques and in the press.

    Groups are joined by "و" (۱۲۵ → "یکصد و بیست و پنج"). Above a billion the count of
    billions is itself spelled out, so 10^12 reads "هزار میلیارد" and 10^15 "یک میلیون
    میلیارد" — the way Iranian budgets are reported, rather than the ambiguous
    بیلیون/تریلیون.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"number_to_words needs an int, got {type(n).__name__}")
    if n == 0:
        return "صفر"
    if n < 0:
        return f"منفی {_positive_words(-n)}"
    return _positive_words(n)
