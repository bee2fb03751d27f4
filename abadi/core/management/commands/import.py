"""``abadi import KIND FILE``: the upload pages' import, from the command line."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from abadi.core.imports import ImportFileError, get_import_kind, import_kinds
from abadi.core.imports.batches import import_path


class Command(BaseCommand):
    help = (
        "Import an xlsx or csv file of KIND (e.g. persons). Every row is validated; with any "
        "row error nothing is written and the errors are printed (exit status 1), unless "
        "--commit-valid writes the valid rows. --dry-run only validates."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "kind", help="import kind: " + ", ".join(k.name for k in import_kinds())
        )
        parser.add_argument("file", help="path of the .xlsx or .csv file")
        parser.add_argument("--dry-run", action="store_true", help="validate only; write nothing")
        parser.add_argument(
            "--commit-valid",
            action="store_true",
            help="write the valid rows even when other rows have errors (exit status stays 1)",
        )
        parser.add_argument(
            "--user", help="import as this user (their areas and audit name); default: the system"
        )

    def handle(self, *args, **options):
        try:
            kind = get_import_kind(options["kind"])
        except KeyError:
            names = ", ".join(k.name for k in import_kinds())
            raise CommandError(f"unknown import kind {options['kind']!r}; kinds: {names}") from None
        actor = None
        if options["user"]:
            try:
                actor = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(f"no user {options['user']!r}") from None
        try:
            report = import_path(
                kind=kind,
                path=options["file"],
                actor=actor,
                dry_run=options["dry_run"],
                commit_valid=options["commit_valid"],
            )
        except FileNotFoundError:
            raise CommandError(f"no such file: {options['file']}") from None
        except PermissionDenied:
            raise CommandError(f"user {options['user']!r} may not import {kind.name}") from None
        except ImportFileError as error:
            raise CommandError("\n".join([error.message, *error.details])) from None

        for warning in report.warnings:
            self.stderr.write(warning)
        for row_error in report.errors:
            column = f"«{row_error.column}»: " if row_error.column else ""
            self.stderr.write(f"ردیف {row_error.row}، {column}{row_error.message}")
        if report.error_count > len(report.errors):
            self.stderr.write(f"… و {report.error_count - len(report.errors)} خطای دیگر")
        self.stdout.write(
            f"{kind.name}: {report.total_rows} ردیف، {report.valid_rows} درست، "
            f"{report.error_rows} خطادار"
        )
        if report.committed and report.outcome is not None:
            outcome = report.outcome
            self.stdout.write(
                f"ثبت شد: {outcome.created} تازه، {outcome.updated} به‌روز، {outcome.unchanged} بی‌تغییر"
            )
        elif options["dry_run"]:
            self.stdout.write("آزمایشی (--dry-run): هیچ ردیفی نوشته نشد.")
        else:
            self.stdout.write("هیچ ردیفی نوشته نشد.")
        if report.error_rows:
            raise CommandError(f"{report.error_rows} ردیف خطا دارد.", returncode=1)
