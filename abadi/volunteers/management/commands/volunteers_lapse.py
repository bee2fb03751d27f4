"""``abadi volunteers_lapse``: record the lapse of every group whose permit has run out
(each dated the day after its permit's last day); run it daily (cron, a systemd timer)."""

from django.core.management.base import BaseCommand, CommandError

from abadi.core.actors import SYSTEM


class Command(BaseCommand):
    help = (
        "Record as expired every active or suspended volunteer group whose permit ran out "
        "before today (dated the day after the permit's last day). Idempotent; run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", help="record as this user (their areas); default: the system")

    def handle(self, *args, **options):
        from abadi.accounts.selectors import active_user
        from abadi.volunteers.services import groups_lapse

        actor = SYSTEM
        if options["user"]:
            actor = active_user(username=options["user"])
            if actor is None:
                raise CommandError(f"no active user {options['user']!r}")
        count = groups_lapse(actor=actor)
        self.stdout.write(f"volunteers: {count} lapsed permits recorded")
