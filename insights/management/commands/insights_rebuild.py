from django.core.management.base import BaseCommand
from tqdm import tqdm


class Command(BaseCommand):
    help = "Regroup everyone and recompute the insights aggregates (as the nightly beat job does); --snapshot also "
    help += "stores this month's snapshot for the trend line."

    def add_arguments(self, parser):
        parser.add_argument("--snapshot", action="store_true", help="Also take this month's snapshot.")

    def handle(self, *args, snapshot, **options):
        from insights.services import aggregates_rebuild, snapshot_take
        from people.models import LearnerProfile

        total = LearnerProfile.objects.count()
        with (
            tqdm(total=total, unit="people", desc="Aggregating skills") as bar,
            tqdm(total=total, unit="people", desc="Aggregating learning") as learning_bar,
        ):
            summary = aggregates_rebuild(progress=bar.update, learning_progress=learning_bar.update)
        self.stdout.write(f"{summary['counted']:,} of {summary['people']:,} people in {summary['groups']:,} groups.")
        if snapshot:
            self.stdout.write(f"Snapshot: {snapshot_take():,} group rows.")
