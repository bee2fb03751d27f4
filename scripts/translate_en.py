"""Check and compile the English catalogue (locale/en): run after ``makemessages``.

Persian is the source language (docs/adr/0001). The English of every interface string lives
in ``locale/en/LC_MESSAGES/django.po`` itself. After ``abadi makemessages -l en`` adds the
strings a change introduced, write their English there (``msgstr``), then run this script:
it lists every entry still without English (or marked fuzzy by makemessages' guess) and
exits 1 if there is any, else compiles ``django.mo``.

    .venv/bin/abadi makemessages -l en --no-obsolete --ignore ".venv/*" --ignore "var/*" \\
        --ignore "tests/*" --ignore "*/tests/*" --ignore "bench/*"
    .venv/bin/python scripts/translate_en.py
"""

import sys
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def untranslated(catalogue: polib.POFile) -> list[polib.POEntry]:
    return [
        entry
        for entry in catalogue
        if not entry.obsolete
        and ("fuzzy" in entry.flags or not (entry.msgstr or any(entry.msgstr_plural.values())))
    ]


def main() -> int:
    catalogue = polib.pofile(str(CATALOGUE))
    missing = untranslated(catalogue)
    for entry in missing:
        where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
        print(f"no English: {entry.msgid!r} ({where})")
    if missing:
        print(f"{len(missing)} of {len(catalogue)} entries need English in {CATALOGUE}")
        return 1
    catalogue.save_as_mofile(str(CATALOGUE.with_suffix(".mo")))
    print(f"all {len(catalogue)} entries in English; compiled {CATALOGUE.with_suffix('.mo')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
