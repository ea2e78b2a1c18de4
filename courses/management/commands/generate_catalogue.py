"""Generate a large synthetic catalogue for the search and pathways benchmarks.

    python manage.py generate_catalogue --courses 20000

Courses are keyed by external id "gen-<n>", so running it again only tops the catalogue up to the number asked
for; `--delete` removes every generated course. Skills are drawn from the current framework version.
"""

import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from courses.models import CoursePage, Provider
from courses.services import catalogue_cache_invalidate, catalogue_ensure_index, courses_bulk_create

ADJECTIVES = ["Practical", "Applied", "Hands-on", "Essential", "Foundations of", "Modern", "Effective", "Advanced"]
AUDIENCES = ["policy teams", "analysts", "new managers", "digital teams", "operational staff", "senior leaders", ""]
FORMATS = [choice for choice, _ in CoursePage.Format.choices]
PROVIDERS = [
    ("benchmark-academy", "Benchmark Academy", "academy"),
    ("benchmark-sme", "Benchmark Small Supplier", "sme"),
    ("benchmark-supplier", "Benchmark Large Supplier", "supplier"),
    ("benchmark-open", "Benchmark Open Resource", "free_public"),
]


class Command(BaseCommand):
    help = "Bulk-create a synthetic catalogue (default 20,000 courses) for benchmarks. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--courses", type=int, default=20000, help="Total generated courses wanted.")
        parser.add_argument("--seed", type=int, default=20261202, help="Random seed (same seed, same catalogue).")
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument("--delete", action="store_true", help="Delete every generated course and stop.")

    def handle(self, *args, courses, seed, batch_size, delete, **options):
        from framework.models import FrameworkVersion, Skill

        if delete:
            with transaction.atomic():
                deleted = CoursePage.objects.filter(external_id__startswith="gen-").delete()[0]
                index = catalogue_ensure_index()
                index.numchild = index.get_children().count()
                index.save(update_fields=["numchild"])
            catalogue_cache_invalidate()
            self.stdout.write(self.style.SUCCESS(f"Deleted generated courses ({deleted} rows)."))
            return
        version = FrameworkVersion.objects.filter(status=FrameworkVersion.Status.CURRENT).first()
        if version is None:
            raise CommandError("No current framework version: run seed_demo or import_framework first.")
        skills = list(Skill.objects.filter(version=version).values_list("slug", "name"))
        if not skills:
            raise CommandError("The current framework version has no skills.")
        index = catalogue_ensure_index()
        providers = [
            Provider.objects.update_or_create(slug=slug, defaults={"name": name, "provider_type": ptype})[0]
            for slug, name, ptype in PROVIDERS
        ]
        from people.models import Grade

        grade_ids = list(Grade.objects.values_list("id", flat=True))
        have = CoursePage.objects.filter(external_id__startswith="gen-").count()
        wanted = max(0, courses - have)
        rng = random.Random(seed)
        for _ in range(have):  # keep the sequence stable when topping up
            rng.random()
        specs = []
        for n in range(have + 1, have + wanted + 1):
            chosen = rng.sample(skills, k=min(len(skills), rng.choice([1, 1, 2, 2, 3, 4])))
            adjective, audience = rng.choice(ADJECTIVES), rng.choice(AUDIENCES)
            title = f"{adjective} {chosen[0][1].lower()}" + (f" for {audience}" if audience else "")
            fmt = rng.choice(FORMATS)
            restricted = bool(grade_ids) and rng.random() < 0.1
            specs.append(
                {
                    "title": f"{title} ({n})",
                    "slug": f"gen-{n}",
                    "summary": f"Build skills in {', '.join(name.lower() for _, name in chosen)}.",
                    "description": f"<p>A generated course about {chosen[0][1].lower()} for benchmarking.</p>",
                    "provider": rng.choice(providers),
                    "format": fmt,
                    "duration_minutes": rng.choice([30, 60, 90, 120, 420, 840, 1260, None]),
                    "cost_pence": rng.choice([0, 0, 0, 15000, 39500, 79500, 125000]),
                    "booking_url": f"https://learning.example.gov.uk/generated/{n}",
                    "external_id": f"gen-{n}",
                    "audience_open": not restricted,
                    "skills": [(slug, rng.randint(1, 4)) for slug, _ in chosen],
                    "audience": {"grades": rng.sample(grade_ids, k=min(3, len(grade_ids)))} if restricted else None,
                }
            )
        with tqdm(total=len(specs), unit="course", desc="Creating courses", disable=not specs) as bar:
            courses_bulk_create(index=index, specs=specs, batch_size=batch_size, progress=bar.update)
        catalogue_cache_invalidate()
        total = CoursePage.objects.filter(external_id__startswith="gen-").count()
        self.stdout.write(self.style.SUCCESS(f"Created {len(specs)} courses; {total} generated courses in total."))
