from django.core.management.base import BaseCommand, CommandError

from abadi.accounts.models import User
from abadi.accounts.services import token_create


class Command(BaseCommand):
    help = "Create an API bearer token: abadi token create USER [--name NAME]"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create"])
        parser.add_argument("username")
        parser.add_argument("--name", default="")

    def handle(self, *args, action, username, name, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"کاربر «{username}» وجود ندارد.")
        self.stdout.write(token_create(user=user, name=name))
