"""The ``abadi`` command: Django's manage.py with the project's own commands.

``abadi serve`` runs the development server; every other word is a management command
(``abadi demo``, ``abadi areas 24``, ``abadi token create USER``, ``abadi import persons F``).
"""

import os
import sys

ALIASES = {"serve": "runserver"}


def run_manage(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


def main() -> None:
    args = sys.argv[1:]
    if args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    run_manage(["abadi", *args])


if __name__ == "__main__":
    main()
