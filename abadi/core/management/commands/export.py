"""``abadi export KIND``: the rows of a registered export kind, scoped, to xlsx or csv."""

import sys

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from abadi.core import ports
from abadi.core.actors import SYSTEM
from abadi.core.exports import export_filename, export_kinds, get_export_kind, write_csv, write_xlsx
from abadi.core.permissions import has_perm


class Command(BaseCommand):
    help = "Export the rows of KIND (e.g. persons) to xlsx or csv, optionally for one area."

    def add_arguments(self, parser):
        parser.add_argument(
            "kind", help="export kind: " + ", ".join(k.name for k in export_kinds())
        )
        parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
        parser.add_argument(
            "--output", help="file to write ('-' for standard output); default KIND-DATE.FORMAT"
        )
        parser.add_argument(
            "--area", help="only rows in this area and below: a code (2403, IR) or a name"
        )
        parser.add_argument("--user", help="export what this user may see; default: everything")

    def handle(self, *args, **options):
        try:
            kind = get_export_kind(options["kind"])
        except KeyError:
            names = ", ".join(k.name for k in export_kinds())
            raise CommandError(f"unknown export kind {options['kind']!r}; kinds: {names}") from None
        actor = SYSTEM
        if options["user"]:
            try:
                actor = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(f"no user {options['user']!r}") from None
            if not has_perm(actor, kind.perm):
                raise CommandError(f"user {actor.username!r} may not export {kind.name}")
        rows = kind.queryset(actor)
        if options["area"]:
            try:
                area = ports.area_from_input(actor=actor, perm=kind.perm, text=options["area"])
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            lookup = (
                f"{kind.area_field}__path__startswith" if kind.area_field else "path__startswith"
            )
            rows = rows.filter(**{lookup: area.path})  # type: ignore[attr-defined]
        columns = kind.get_columns()
        fmt = options["format"]
        output = options["output"] or export_filename(kind.filename or kind.name, fmt)
        if output == "-":
            if fmt == "csv":
                count = write_csv(self.stdout, rows=rows, columns=columns)
            else:
                count = write_xlsx(
                    sys.stdout.buffer, rows=rows, columns=columns, title=str(kind.label)
                )
        elif fmt == "csv":
            with open(output, "w", encoding="utf-8-sig", newline="") as out:
                count = write_csv(out, rows=rows, columns=columns)
        else:
            with open(output, "wb") as out:
                count = write_xlsx(out, rows=rows, columns=columns, title=str(kind.label))
        self.stderr.write(f"{count} rows of {kind.name} written to {output}")
