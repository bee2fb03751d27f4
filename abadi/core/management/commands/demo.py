from django.core.management import call_command
from django.core.management.base import BaseCommand

from abadi.core.demo import build_demo


class Command(BaseCommand):
    help = "Load the Ardabil demo scenario of the source article (idempotent)."

    def handle(self, *args, **options):
        call_command("geo", "load", verbosity=options["verbosity"])
        build_demo(log=self.stdout.write)
