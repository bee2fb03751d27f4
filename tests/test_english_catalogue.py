"""The English interface covers every page: each Persian string the code and templates
mark for translation has its English in locale/en, and the compiled catalogue is current.

The strings are found here the simple way (a literal inside ``{% translate %}``,
``{% blocktranslate %}``, ``_()``, ``gettext()``, ``gettext_lazy()``); the catalogue itself
is built with ``makemessages`` and checked by ``scripts/translate_en.py``.
"""

import ast
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


EAGER = {"gettext", "ngettext", "pgettext"}


def _eager_calls_at_import(path: Path, root: Path = ROOT) -> list[str]:
    """Calls of a non-lazy gettext that run when the module is imported (module level or
    a class body, such as a TextChoices label): they are translated once, in whatever
    language is active then, and every later request reads them in it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.name in EAGER
    }
    found: list[str] = []

    def walk(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue  # runs per call, in the request's language
            if isinstance(child, ast.Call) and getattr(child.func, "id", None) in names:
                found.append(f"{path.relative_to(root)}:{child.lineno}")
            walk(child)

    if names:
        walk(tree)
    return found


def test_nothing_is_translated_once_at_import():
    sources = [
        path
        for path in ROOT.glob("abadi/**/*.py")
        if "/tests/" not in str(path) and "/migrations/" not in str(path)
    ]
    assert [hit for path in sources for hit in _eager_calls_at_import(path)] == []


def test_the_import_time_check_sees_a_choice_label(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from django.utils.translation import gettext as _\n"
        "class Kind:\n    A = 'a', _('الف')\n"
        "def fine():\n    return _('ب')\n",
        encoding="utf-8",
    )
    assert _eager_calls_at_import(sample, tmp_path) == ["sample.py:3"]
