from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Load demo data (safe to run repeatedly): reference data, a sample framework, a catalogue, demo users."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-sign-ins", action="store_true", help="Do not print the demo sign-ins.")

    def handle(self, *args, **options):
        from wagtail.models import Site

        from core.services import site_ensure_home

        with transaction.atomic():
            site_ensure_home()
        for dotted in settings.DEMO_SEEDERS:
            summary = import_string(dotted)()
            self.stdout.write(f"  {dotted}: {summary}")
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded. Site: {Site.objects.get(is_default_site=True).root_url}")
        )
        if not options["quiet_sign_ins"]:
            from people.demo import sign_ins

            self.stdout.write("\nDemo sign-ins (one per role):")
            for role, email, password in sign_ins():
                self.stdout.write(f"  {role:<14} {email:<28} {password}")
