"""``abadi geo load``: the reference divisions; ``geo create`` / ``geo move``: changes to them."""

import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from abadi.core.actors import SYSTEM
from abadi.core.jalali import parse_jalali
from abadi.core.permissions import MANAGE_AREAS
from abadi.geography import services
from abadi.geography.loader import DATA_DIR, DivisionDataError, load_divisions
from abadi.geography.models import Area, AreaLevel
from abadi.geography.selectors import area_from_input


class Command(BaseCommand):
    help = "Iran's administrative divisions: load the reference data, add a county, move an area."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser(
            "load", help="load or update the divisions and boundaries (idempotent)"
        )
        load.add_argument(
            "--data", type=Path, default=DATA_DIR, help="directory of the division CSVs and geojson"
        )
        create = sub.add_parser("create", help="add an area (e.g. a new county)")
        create.add_argument("code")
        create.add_argument("name")
        create.add_argument("--level", default=AreaLevel.COUNTY, choices=AreaLevel.values)
        create.add_argument("--parent", required=True, help="code or name of the parent area")
        move = sub.add_parser("move", help="move an area and its subtree under another parent")
        move.add_argument("code", help="code or name of the area to move")
        move.add_argument("--to", required=True, help="code or name of the new parent")
        move.add_argument("--date", required=True, help="effective date (Jalali, e.g. 1402/01/01)")

    def handle(self, *args, **options) -> None:
        action = options["action"]
        try:
            if action == "load":
                self._load(options["data"], verbose=options["verbosity"] >= 1)
            elif action == "create":
                area = services.area_create(
                    code=options["code"],
                    name=options["name"],
                    level=options["level"],
                    parent=self._area(options["parent"]),
                    actor=SYSTEM,
                )
                self.stdout.write(f"created {area.code} {area.name} at {area.path}")
            else:
                area = services.area_reparent(
                    area=self._area(options["code"]),
                    new_parent=self._area(options["to"]),
                    effective_date=parse_jalali(options["date"]),
                    actor=SYSTEM,
                )
                self.stdout.write(f"moved {area.code} {area.name} to {area.path}")
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        except DivisionDataError as error:
            raise CommandError(str(error)) from error

    def _area(self, text: str) -> Area:
        return area_from_input(actor=SYSTEM, perm=MANAGE_AREAS, text=text)

    def _load(self, directory: Path, *, verbose: bool) -> None:
        started = time.monotonic()
        load_divisions(directory=directory, log=self.stdout.write if verbose else lambda line: None)
        if verbose:
            self.stdout.write(f"done in {time.monotonic() - started:.1f} s")
