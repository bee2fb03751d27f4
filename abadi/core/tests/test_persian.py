"""Persian text: digits, the search key, number words."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from abadi.core.persian import (
    compact_key,
    group_digits,
    number_to_words,
    search_key,
    to_latin_digits,
    to_persian_digits,
)

# ---------------------------------------------------------------------------- digits


def test_to_persian_digits_converts_latin_and_arabic_indic():
    assert to_persian_digits("1401/02/18") == "۱۴۰۱/۰۲/۱۸"
    assert to_persian_digits("٤٥٦ and 789") == "۴۵۶ and ۷۸۹"
    assert to_persian_digits(2403) == "۲۴۰۳"


def test_to_latin_digits_converts_persian_and_arabic_indic():
    assert to_latin_digits("۱۴۰۱") == "1401"
    assert to_latin_digits("٤٥٦") == "456"
    assert to_latin_digits("کد ۰۹۱۲-٣٤٥") == "کد 0912-345"


@settings(deadline=None)
@given(st.integers())
def test_digit_conversions_are_inverse(n):
    assert to_latin_digits(to_persian_digits(n)) == str(n)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "۰"), (999, "۹۹۹"), (12500, "۱۲٬۵۰۰"), (1234567, "۱٬۲۳۴٬۵۶۷"), (-12500, "-۱۲٬۵۰۰")],
)
def test_group_digits_uses_persian_digits_and_separator(value, expected):
    assert group_digits(value) == expected


# ---------------------------------------------------------------------------- search key


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("علي", "علی"),  # Arabic yeh
        ("مصطفى", "مصطفی"),  # alef maksura
        ("كريمي", "کریمی"),  # Arabic kaf
        ("فاطمة", "فاطمه"),  # teh marbuta
        ("خانۀ", "خانه"),  # heh with yeh above
        ("خانهٔ", "خانه"),  # heh + combining hamza
        ("آباد", "اباد"),  # alef madda
        ("أحمد", "احمد"),
        ("إسلام", "اسلام"),
        ("مؤمن", "مومن"),
        ("مسئول", "مسیول"),
        ("مُحَمَّد", "محمد"),  # harakat and shadda
        ("مـحـمـد", "محمد"),  # tatweel
        ("رحمٰن", "رحمن"),  # superscript alef
        ("ﻋﻠﻲ", "علی"),  # presentation forms, as in text copied from old PDFs
        ("ﻻله", "لاله"),  # lam-alef ligature
        ("می‌رود", "میرود"),  # ZWNJ
        ("می\u200dرود", "میرود"),  # ZWJ
        ("\u200fعلی\u200e", "علی"),  # direction marks
        ("\ufeffعلی", "علی"),  # byte-order mark from a CSV
        ("پلاک ۱۲", "پلاک 12"),
        ("پلاک ١٢", "پلاک 12"),
        ("  علی \t\n رضا  ", "علی رضا"),
        ("علی\u00a0رضا", "علی رضا"),  # no-break space
        ("Bank MELLI", "bank melli"),
    ],
)
def test_spellings_of_one_name_share_a_key(typed, stored):
    assert search_key(typed) == search_key(stored)


def test_a_real_space_keeps_its_word_boundary():
    assert search_key("می رود") == "می رود"
    assert search_key("می رود") != search_key("می‌رود")


def test_compact_key_ignores_how_name_parts_are_joined():
    assert compact_key("محمد رضا") == compact_key("محمدرضا") == compact_key("محمد‌رضا")
    assert compact_key("عبد الله") == compact_key("عبدالله")


@pytest.mark.parametrize("empty", [None, "", "   ", "\u200c"])
def test_empty_text_has_an_empty_key(empty):
    assert search_key(empty) == ""


@settings(deadline=None)
@given(st.text())
def test_search_key_is_idempotent(text):
    key = search_key(text)
    assert search_key(key) == key


_TRICKY = st.sampled_from(
    [
        *"aAeIiاویکهيكةۀىئأآ ",
        *("\u0640", "\u200c", "\u200d", "\u0301", "\u030a", "\u0653", "\u0654", "\u064e"),
        *("\u0651", "\ufefb", "\ufdf2", "\u0130", "\u01c5", "۱", "٣", "\u00a0"),
    ]
)


@settings(deadline=None)
@given(st.text(alphabet=_TRICKY))
def test_search_key_is_idempotent_on_letters_and_marks_that_interact(text):
    key = search_key(text)
    assert search_key(key) == key


@settings(deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=_TRICKY)))
def test_key_holds_no_variant_letters_invisible_chars_or_stray_spaces(text):
    key = search_key(text)
    assert not set(key) & set("يكىةۀأإآؤئ\u200c\u200d\u200e\u200f\u0640۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩")
    assert key == key.strip()
    assert "  " not in key


@settings(deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_text_is_only_lowered_and_space_folded(text):
    assert search_key(text) == " ".join(text.lower().split())


# ---------------------------------------------------------------------------- number words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "صفر"),
        (1, "یک"),
        (9, "نه"),
        (10, "ده"),
        (11, "یازده"),
        (18, "هجده"),
        (20, "بیست"),
        (21, "بیست و یک"),
        (100, "یکصد"),
        (105, "یکصد و پنج"),
        (110, "یکصد و ده"),
        (125, "یکصد و بیست و پنج"),
        (500, "پانصد"),
        (999, "نهصد و نود و نه"),
        (1000, "هزار"),
        (1001, "هزار و یک"),
        (2000, "دو هزار"),
        (12500, "دوازده هزار و پانصد"),
        (100000, "یکصد هزار"),
        (1_000_000, "یک میلیون"),
        (1_001_000, "یک میلیون و هزار"),
        (2_500_000, "دو میلیون و پانصد هزار"),
        (1_000_000_000, "یک میلیارد"),
        (580_000_000_000, "پانصد و هشتاد میلیارد"),
        (700_000_000_000, "هفتصد میلیارد"),
        (10**12, "هزار میلیارد"),
        (10**12 + 5, "هزار میلیارد و پنج"),
        (2_005 * 10**9, "دو هزار و پنج میلیارد"),
        (10**15, "یک میلیون میلیارد"),
        (-125, "منفی یکصد و بیست و پنج"),
    ],
)
def test_number_to_words(n, words):
    assert number_to_words(n) == words


@pytest.mark.parametrize("not_an_int", [1.5, "12", True, None])
def test_number_to_words_needs_an_int(not_an_int):
    with pytest.raises(TypeError):
        number_to_words(not_an_int)


_WORD_VALUES = {
    **{w: i for i, w in enumerate(["", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه"])},
    **{
        w: 10 + i
        for i, w in enumerate(
            [
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
            ]
        )
    },
    **{
        w: 10 * i
        for i, w in enumerate(
            ["", "", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود"]
        )
    },
    **{
        w: 100 * i
        for i, w in enumerate(
            ["", "یکصد", "دویست", "سیصد", "چهارصد", "پانصد", "ششصد", "هفتصد", "هشتصد", "نهصد"]
        )
    },
}


def _read_below_billion(tokens: list[str]) -> int:
    """Reads what number_to_words writes under a billion: [… میلیون] [… هزار] […]."""
    total, current = 0, 0
    for token in tokens:
        if token == "و":
            continue
        if token in ("میلیون", "هزار"):
            total += (current or 1) * (10**6 if token == "میلیون" else 1000)
            current = 0
        else:
            current += _WORD_VALUES[token]
    return total + current


def read_words(text: str) -> int:
    """An independent reader of Persian number words, to check the writer against."""
    if text == "صفر":
        return 0
    if text.startswith("منفی "):
        return -read_words(text.removeprefix("منفی "))
    tokens = text.split()
    if "میلیارد" not in tokens:
        return _read_below_billion(tokens)
    last = len(tokens) - 1 - tokens[::-1].index("میلیارد")
    rest = tokens[last + 1 :]
    return read_words(" ".join(tokens[:last])) * 10**9 + _read_below_billion(rest)


@settings(deadline=None)
@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_number_words_read_back_to_the_number(n):
    words = number_to_words(n)
    assert read_words(words) == n
    assert "  " not in words
    assert words == words.strip()


@settings(deadline=None)
@given(st.integers(min_value=10**15, max_value=10**30))
def test_number_words_scale_past_a_million_billion(n):
    assert read_words(number_to_words(n)) == n


@settings(deadline=None)
@given(st.sets(st.integers(min_value=0, max_value=10**15), min_size=2, max_size=50))
def test_number_to_words_is_injective(numbers):
    assert len({number_to_words(n) for n in numbers}) == len(numbers)


def test_every_number_below_a_hundred_thousand_has_its_own_words():
    assert len({number_to_words(n) for n in range(100_000)}) == 100_000
