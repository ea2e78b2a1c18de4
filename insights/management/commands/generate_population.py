from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm


class Command(BaseCommand):
    help = (
        "Create a synthetic workforce (organisations, professions, grades, role levels, assessments, learning plans, "
        "xAPI statements) for "
        "benchmarks and demos, then rebuild the insights aggregates. Synthetic people cannot sign in."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=10_000, help="How many people to add (default 10,000).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed, for a repeatable population.")
        parser.add_argument("--reset", action="store_true", help="First remove every synthetic person.")
        parser.add_argument("--no-rebuild", action="store_true", help="Skip rebuilding the insights aggregates.")

    def handle(self, *args, people, seed, reset, no_rebuild, **options):
        from insights.population import population_generate, population_reset
        from insights.services import aggregates_rebuild

        if people < 0:
            raise CommandError("--people must be zero or more.")
        if reset:
            self.stdout.write(f"Removed {population_reset():,} synthetic people.")
        with tqdm(total=people, unit="people", desc="Generating", disable=people == 0) as bar:
            made = population_generate(people=people, seed=seed, progress_bar=bar.update, say=bar.write)
        self.stdout.write(
            f"Created {made['people']:,} people, {made['assessments']:,} assessments and "
            f"{made['statements']:,} xAPI statements (with progress and plan items)."
        )
        if no_rebuild:
            return
        from people.models import LearnerProfile

        total = LearnerProfile.objects.count()
        with (
            tqdm(total=total, unit="people", desc="Aggregating skills") as bar,
            tqdm(total=total, unit="people", desc="Aggregating learning") as learning_bar,
        ):
            summary = aggregates_rebuild(progress=bar.update, learning_progress=learning_bar.update)
        self.stdout.write(
            self.style.SUCCESS(
                f"Aggregated {summary['counted']:,} of {summary['people']:,} people into {summary['groups']:,} "
                f"groups for {summary['versions']} framework version(s)."
            )
        )
