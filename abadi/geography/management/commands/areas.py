"""``abadi areas CODE``: an area and its children (code, name, level)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from abadi.core.actors import SYSTEM
from abadi.core.permissions import VIEW_AREAS
from abadi.core.scoping import unscoped
from abadi.geography.models import Area
from abadi.geography.selectors import AreaInputError, area_from_input, with_children_count


class Command(BaseCommand):
    help = "Show an area and its children. CODE: a Statistical Centre code, IR, or a name."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="e.g. 24 (Ardabil province), 2401, IR, or اردبیل")

    def handle(self, *args, **options) -> None:
        # The command line is system work: it sees the whole tree.
        areas = unscoped(Area.objects.all())
        try:
            area = area_from_input(actor=SYSTEM, perm=VIEW_AREAS, text=options["code"])
        except AreaInputError as error:
            for candidate in error.candidates:
                self.stderr.write(self._line(candidate, "  "))
            raise CommandError(error.message_text) from error
        self.stdout.write(self._line(area, ""))
        children = with_children_count(areas.filter(parent=area)).order_by("level", "code")
        for child in children:
            self.stdout.write(self._line(child, "  ", getattr(child, "children_count", 0)))
        self.stdout.write(f"children: {len(children)}")

    @staticmethod
    def _line(area: Area, indent: str, children: int | None = None) -> str:
        line = f"{indent}{area.code}\t{area.name}\t{area.get_level_display()}"
        if indent == "" or children is None:
            return f"{line}\t{area.path}"
        return f"{line}\t{children}"
