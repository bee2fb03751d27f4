"""The English interface covers every page: each Persian string the code and templates
mark for translation has its English in locale/en, and the compiled catalogue is current.

The strings are found here the simple way (a literal inside ``{% translate %}``,
``{% blocktranslate %}``, ``_()``, ``gettext()``, ``gettext_lazy()``); the catalogue itself
is built with ``makemessages`` and checked by ``scripts/translate_en.py``.
"""

import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
PERSIAN = re.compile("[\u0600-\u06ff]")
TRANSLATE = re.compile(r"""{%\s*translate\s+(["'])(.+?)\1""")
BLOCK = re.compile(
    r"{%\s*blocktranslate(?P<args>[^%]*)%}(?P<body>.*?){%\s*(?:plural|endblocktranslate)\s*%}", re.S
)
CALL = re.compile(r"""\b(?:_|gettext|gettext_lazy|ngettext)\(\s*(["'])((?:(?!\1).)+)\1\s*[,)]""")


def _sources() -> list[tuple[Path, str]]:
    found = []
    for path in [
        *ROOT.glob("abadi/**/*.py"),
        *ROOT.glob("abadi/**/*.html"),
        *ROOT.glob("templates/**/*.html"),
    ]:
        if "/tests/" in str(path) or "/migrations/" in str(path):
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".html":
            found += [(path, match[1]) for match in TRANSLATE.findall(text)]
            for block in BLOCK.finditer(text):
                body = re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", block["body"])
                if "trimmed" in block["args"]:
                    body = " ".join(body.split())
                found.append((path, body))
        else:
            code = re.sub(r'"""(?:.|\n)*?"""', "", text)  # docstrings show examples, not UI
            found += [(path, match[1]) for match in CALL.findall(code)]
    return [(path, text) for path, text in found if PERSIAN.search(text)]


def test_every_persian_string_has_its_english():
    catalogue = {entry.msgid: entry for entry in polib.pofile(str(CATALOGUE))}
    missing = sorted(
        {f"{path.relative_to(ROOT)}: {text}" for path, text in _sources() if text not in catalogue}
    )
    assert not missing, (
        "run makemessages and write the English (scripts/translate_en.py):\n" + "\n".join(missing)
    )
    untranslated = [
        entry.msgid
        for entry in catalogue.values()
        if "fuzzy" in entry.flags or not (entry.msgstr or any(entry.msgstr_plural.values()))
    ]
    assert not untranslated, untranslated


def test_the_compiled_catalogue_is_current():
    source = polib.pofile(str(CATALOGUE))
    compiled = polib.mofile(str(CATALOGUE.with_suffix(".mo")))
    wanted = {
        entry.msgid: entry.msgstr or entry.msgstr_plural.get(0)
        for entry in source
        if not entry.obsolete
    }
    have = {
        entry.msgid: entry.msgstr or entry.msgstr_plural.get(0) for entry in compiled if entry.msgid
    }
    assert wanted == have, "run scripts/translate_en.py to compile locale/en"
