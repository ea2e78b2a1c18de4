"""python manage.py import_framework ROLES_CSV SKILLS_CSV [--make-current] [--label LABEL]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from framework.csvformat import FrameworkImportError
from framework.services import framework_import


class Command(BaseCommand):
    help = (
        "Import the Government Digital and Data Profession Capability Framework CSV export (roles.csv and "
        "skills.csv). Identical content changes nothing; changed content becomes a new draft version whose "
        "differences are listed. The first version, or any version with --make-current, becomes current."
    )

    def add_arguments(self, parser):
        parser.add_argument("roles_csv", type=Path)
        parser.add_argument("skills_csv", type=Path)
        parser.add_argument("--make-current", action="store_true", help="Make the new version current at once.")
        parser.add_argument("--label", default="", help="Version label, for example 2026-11 (default: date and time).")
        parser.add_argument("--show", type=int, default=40, help="How many lines of the diff to list (default 40).")

    def handle(self, *args, **options):
        for key in ("roles_csv", "skills_csv"):
            if not options[key].is_file():
                raise CommandError(f"{options[key]} does not exist or is not a file.")
        bar = tqdm(total=1, desc="Importing framework", unit="step", disable=options["verbosity"] == 0)

        def progress(stage, done, total):
            bar.total = total
            bar.set_description(stage)
            bar.n = done
            bar.refresh()

        try:
            result = framework_import(
                roles_csv=options["roles_csv"],
                skills_csv=options["skills_csv"],
                label=options["label"],
                source=f"{options['roles_csv'].name}, {options['skills_csv'].name}",
                make_current=options["make_current"],
                progress=progress,
            )
        except FrameworkImportError as exc:
            bar.close()
            raise CommandError("Nothing was imported:\n" + "\n".join(f"  - {e}" for e in exc.errors)) from None
        bar.close()
        counts = result.counts
        self.stdout.write(
            f"{counts['families']} families, {counts['roles']} roles ({counts['senior_civil_service_roles']} Senior "
            f"Civil Service), {counts['role_levels']} role levels, {counts['skills']} skills, "
            f"{counts['requirements']} required skill levels."
        )
        version = result.version
        if result.unchanged:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Unchanged: the content equals version “{version.label}” ({version.get_status_display()})."
                )
            )
            if result.made_current:
                self.stdout.write(self.style.SUCCESS(f"Version “{version.label}” is now current."))
            return
        lines = result.diff_lines()
        if version.compared_with_id:
            self.stdout.write(f"Changes since version “{version.compared_with.label}”: {len(lines)}")
            for line in lines[: options["show"]]:
                self.stdout.write(f"  {line}")
            if len(lines) > options["show"]:
                self.stdout.write(f"  …and {len(lines) - options['show']} more (see the version in the admin).")
        if result.made_current:
            self.stdout.write(self.style.SUCCESS(f"Imported version “{version.label}”; it is now current."))
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"Imported version “{version.label}” as a draft. Review the changes, then make it current in "
                    "the admin or run this command again with --make-current."
                )
            )
