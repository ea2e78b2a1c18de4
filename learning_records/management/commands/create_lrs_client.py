"""python manage.py create_lrs_client NAME [--scope ...]: issue an HTTP Basic credential for /xapi/."""

from django.core.management.base import BaseCommand, CommandError

from learning_records.models import LRSClient
from learning_records.services import lrs_client_create


class Command(BaseCommand):
    help = "Issue an LRS client credential (key and secret) for HTTP Basic authentication against /xapi/."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Who will use the credential, for example 'Supplier e-learning'.")
        parser.add_argument(
            "--scope",
            action="append",
            choices=LRSClient.Scope.values,
            help="Repeat for several scopes. Default: statements/write and statements/read/mine.",
        )

    def handle(self, *args, name, scope, **options):
        if not name.strip():
            raise CommandError("Give the client a name.")
        issued = lrs_client_create(name=name.strip(), scopes=scope)
        self.stdout.write(f"LRS client: {issued.client.name}")
        self.stdout.write(f"Scopes: {', '.join(issued.client.scopes)}")
        self.stdout.write(f"Key: {issued.key}")
        self.stdout.write(f"Secret: {issued.secret}")
        self.stdout.write("The secret is shown only now; store it safely. Endpoint: <SITE_BASE_URL>/xapi/")
